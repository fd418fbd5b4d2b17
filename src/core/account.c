/* SPDX-License-Identifier: MIT */
/*
 * account.c - account names, roles and password rules (see account.h).
 */
#include "core/account.h"

#include <string.h>

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
