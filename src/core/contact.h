/* SPDX-License-Identifier: MIT */
/*
 * contact.h - the contact directory (SPEC C5): people and outside bodies
 * with their roles, how to reach them, when they can be reached (on-call
 * windows and order), and when the entry was last verified.
 */
#ifndef KZ_CORE_CONTACT_H
#define KZ_CORE_CONTACT_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"
#include "util/strv.h"
#include "util/timefmt.h"

#define CONTACT_STALE_DAYS_DEFAULT 180

/* Same order as taxonomy_oncall_window. */
enum oncall_window { WINDOW_BUSINESS, WINDOW_NIGHT, WINDOW_HOLIDAY };

struct contact {
    int64_t id;
    char *name;
    char *organisation;
    struct strv roles; /* taxonomy contact_role keys */
    char *email;
    char *phone;
    char *webhook_url;   /* chat incoming webhook; may hold a secret */
    struct strv windows; /* on-call windows covered; empty: business hours */
    int oncall_order;    /* lower is called first */
    char *notes;
    kz_time last_verified_at; /* KZ_TIME_NONE: never verified */
    int64_t version;
    kz_time created_at;
    kz_time updated_at;
};

void contact_init(struct contact *c);
void contact_cleanup(struct contact *c);
void contact_copy(struct contact *dst, const struct contact *src);
/* Check every rule ('now' bounds last_verified_at). */
enum kz_err contact_validate(const struct contact *c, kz_time now,
                             struct kz_problems *p);
/* True when the entry was not verified within 'days' days of 'now'. */
bool contact_is_stale(const struct contact *c, kz_time now, int days);
/* True when 'c' can be reached in 'w'. */
bool contact_covers(const struct contact *c, enum oncall_window w);
/* True when 'c' has role 'role'. */
bool contact_has_role(const struct contact *c, const char *role);

/* A plausible e-mail address: one '@', a dotted domain, no spaces or
 * controls, at most 254 bytes. */
bool contact_email_is_valid(const char *s);
/* A webhook address: http:// or https://, a host, no spaces, no
 * user:password part, at most 2048 bytes. */
bool contact_url_is_valid(const char *s);
/* A telephone number: digits and + - ( ) # . x, at most 40 bytes. */
bool contact_phone_is_valid(const char *s);

/*
 * The on-call window of local date y-m-d at 'hour' (0-23): weekends,
 * national holidays and the year-end closure (12/29-1/3) are "holiday";
 * other days 9:00-18:00 are "business", the rest "night".
 */
enum oncall_window oncall_window_of(int y, int m, int d, int hour);

#endif
