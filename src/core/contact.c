/* SPDX-License-Identifier: MIT */
/*
 * contact.c - directory entries and on-call windows (see contact.h).
 */
#include "core/contact.h"

#include <string.h>

#include "core/jp_holiday.h"
#include "core/taxonomy.h"
#include "core/textcheck.h"
#include "util/mem.h"
#include "util/utf8.h"

void contact_init(struct contact *c)
{
    memset(c, 0, sizeof(*c));
    c->oncall_order = 1;
    c->last_verified_at = KZ_TIME_NONE;
    c->created_at = KZ_TIME_NONE;
    c->updated_at = KZ_TIME_NONE;
}

void contact_cleanup(struct contact *c)
{
    xfree(c->name);
    xfree(c->organisation);
    strv_cleanup(&c->roles);
    xfree(c->email);
    xfree(c->phone);
    xfree(c->webhook_url);
    strv_cleanup(&c->windows);
    xfree(c->notes);
    contact_init(c);
}

void contact_copy(struct contact *dst, const struct contact *src)
{
    contact_cleanup(dst);
    *dst = *src;
    dst->name = xstrdup(src->name);
    dst->organisation = xstrdup(src->organisation);
    dst->email = xstrdup(src->email);
    dst->phone = xstrdup(src->phone);
    dst->webhook_url = xstrdup(src->webhook_url);
    dst->notes = xstrdup(src->notes);
    memset(&dst->roles, 0, sizeof(dst->roles));
    memset(&dst->windows, 0, sizeof(dst->windows));
    strv_copy(&dst->roles, &src->roles);
    strv_copy(&dst->windows, &src->windows);
}

bool contact_email_is_valid(const char *s)
{
    const char *at;

    if (s == NULL || strlen(s) > 254 || !utf8_is_valid(s, strlen(s)))
        return false;
    at = strchr(s, '@');
    if (at == NULL || at == s || strchr(at + 1, '@') != NULL)
        return false;
    const char *dot = strrchr(at + 1, '.');
    if (dot == NULL || dot == at + 1 || dot[1] == '\0')
        return false;
    for (const char *p = s; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == ',' ||
            c == ';' || c == '"' || c == '\\')
            return false;
    }
    return true;
}

bool contact_url_is_valid(const char *s)
{
    const char *host;

    if (s == NULL || strlen(s) > 2048)
        return false;
    if (strncmp(s, "https://", 8) == 0)
        host = s + 8;
    else if (strncmp(s, "http://", 7) == 0)
        host = s + 7;
    else
        return false;
    if (*host == '\0' || *host == '/' || *host == ':')
        return false;
    for (const char *p = s; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= 0x20 || c >= 0x7F)
            return false;
    }
    /* A user:password@ part would put a credential where logs and screens
     * show addresses. */
    const char *slash = strchr(host, '/');
    const char *at = strchr(host, '@');
    if (at != NULL && (slash == NULL || at < slash))
        return false;
    return true;
}

/* A telephone number: digits and + - ( ) # . x, at most 40 bytes. */
bool contact_phone_is_valid(const char *s)
{
    if (strlen(s) > 40)
        return false;
    for (const char *p = s; *p != '\0'; p++) {
        if (!((*p >= '0' && *p <= '9') || strchr("+-() #.x", *p) != NULL))
            return false;
    }
    return true;
}

enum kz_err contact_validate(const struct contact *c, kz_time now,
                             struct kz_problems *p)
{
    size_t before = p->n;

    textcheck(p, "name", c->name, TEXT_NAME, true);
    textcheck(p, "organisation", c->organisation, TEXT_NAME, false);
    if (c->roles.n > 20)
        kz_problems_add(p, "roles", "v.too_many");
    for (size_t i = 0; i < c->roles.n && c->roles.n <= 20; i++) {
        if (!taxonomy_has(&taxonomy_contact_role, c->roles.v[i]))
            kz_problems_add_at(p, "roles", i, NULL, "v.unknown_key");
    }
    if (c->email != NULL && c->email[0] != '\0' &&
        !contact_email_is_valid(c->email))
        kz_problems_add(p, "email", "v.email");
    if (c->phone != NULL && c->phone[0] != '\0' &&
        !contact_phone_is_valid(c->phone))
        kz_problems_add(p, "phone", "v.phone");
    if (c->webhook_url != NULL && c->webhook_url[0] != '\0' &&
        !contact_url_is_valid(c->webhook_url))
        kz_problems_add(p, "webhook_url", "v.url");
    for (size_t i = 0; i < c->windows.n; i++) {
        if (!taxonomy_has(&taxonomy_oncall_window, c->windows.v[i]))
            kz_problems_add_at(p, "windows", i, NULL, "v.unknown_key");
    }
    if (strv_first_duplicate(&c->windows) >= 0)
        kz_problems_add(p, "windows", "v.duplicate");
    if (c->oncall_order < 1 || c->oncall_order > 99)
        kz_problems_add(p, "oncall_order", "v.oncall_order");
    textcheck(p, "notes", c->notes, TEXT_LONG, false);
    if (c->last_verified_at != KZ_TIME_NONE && c->last_verified_at > now + 300)
        kz_problems_add(p, "last_verified_at", "v.future");
    return p->n > before ? KZ_EINVAL : KZ_OK;
}

bool contact_is_stale(const struct contact *c, kz_time now, int days)
{
    if (c->last_verified_at == KZ_TIME_NONE)
        return true;
    return now - c->last_verified_at > (kz_time)days * 86400;
}

bool contact_covers(const struct contact *c, enum oncall_window w)
{
    if (c->windows.n == 0)
        return w == WINDOW_BUSINESS;
    return strv_contains(&c->windows, taxonomy_oncall_window.entries[w].key);
}

bool contact_has_role(const struct contact *c, const char *role)
{
    return strv_contains(&c->roles, role);
}

enum oncall_window oncall_window_of(int y, int m, int d, int hour)
{
    int wd = jp_weekday(y, m, d);

    if (wd == 0 || wd == 6 || jp_is_holiday(y, m, d) || (m == 12 && d >= 29) ||
        (m == 1 && d <= 3))
        return WINDOW_HOLIDAY;
    return hour >= 9 && hour < 18 ? WINDOW_BUSINESS : WINDOW_NIGHT;
}
