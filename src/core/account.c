/* SPDX-License-Identifier: MIT */
/*
 * account.c - account names, roles and password rules (see account.h).
 */
#include "core/account.h"

#include <string.h>

#include "core/contact.h"
#include "core/taxonomy.h"
#include "util/mem.h"
#include "util/utf8.h"

void account_init(struct account *a)
{
    memset(a, 0, sizeof(*a));
    a->role = ROLE_REPORTER;
    a->created_at = KZ_TIME_NONE;
    a->updated_at = KZ_TIME_NONE;
}

void account_cleanup(struct account *a)
{
    xfree(a->name);
    xfree(a->display_name);
    xfree(a->email);
    xfree(a->department);
    if (a->password_hash != NULL) {
        /* Hashes are secrets too; do not leave them in freed memory. */
        memset(a->password_hash, 0, strlen(a->password_hash));
        xfree(a->password_hash);
    }
    account_init(a);
}

const char *role_key(enum role r)
{
    if ((unsigned)r >= ROLE_COUNT)
        return "reporter";
    return taxonomy_role.entries[r].key;
}

bool role_from_key(const char *key, enum role *out)
{
    int i = taxonomy_index(&taxonomy_role, key);

    if (i < 0)
        return false;
    *out = (enum role)i;
    return true;
}

bool account_name_is_valid(const char *name)
{
    size_t n;

    if (name == NULL)
        return false;
    n = strlen(name);
    if (n == 0 || n > ACCOUNT_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
            return false;
    }
    return true;
}

enum kz_err account_check_password(const char *password, struct kz_problems *p)
{
    if (password == NULL || password[0] == '\0')
        return kz_problems_add(p, "password", "v.required");
    if (strlen(password) > PASSWORD_MAX)
        return kz_problems_add(p, "password", "v.too_long");
    if (!utf8_is_valid(password, strlen(password)))
        return kz_problems_add(p, "password", "v.utf8");
    if (utf8_length(password) < PASSWORD_MIN)
        return kz_problems_add(p, "password", "v.password_short");
    return KZ_OK;
}

static void check_line(const char *v, const char *field, struct kz_problems *p)
{
    if (v == NULL)
        return;
    if (!utf8_is_valid(v, strlen(v)))
        kz_problems_add(p, field, "v.utf8");
    else if (utf8_has_control(v, false))
        kz_problems_add(p, field, "v.control");
    else if (utf8_length(v) > ACCOUNT_TEXT_MAX)
        kz_problems_add(p, field, "v.account_text_long");
}

enum kz_err account_check_profile(const struct account_profile *pr,
                                  struct kz_problems *p)
{
    size_t before = p->n;

    check_line(pr->display_name, "display_name", p);
    check_line(pr->department, "department", p);
    if (pr->email != NULL && pr->email[0] != '\0' &&
        !contact_email_is_valid(pr->email))
        kz_problems_add(p, "email", "v.email");
    return p->n > before ? KZ_EINVAL : KZ_OK;
}

static void replace_text(char **dst, const char *v)
{
    if (v == NULL)
        return;
    xfree(*dst);
    *dst = xstrdup(v);
}

void account_apply_profile(struct account *a, const struct account_profile *pr)
{
    replace_text(&a->display_name, pr->display_name);
    replace_text(&a->email, pr->email);
    replace_text(&a->department, pr->department);
}
