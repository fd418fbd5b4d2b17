/* SPDX-License-Identifier: MIT */
/*
 * account.h - people who sign in to kizuki, their roles (SPEC C15), and
 * the rules for names and passwords.
 */
#ifndef KZ_CORE_ACCOUNT_H
#define KZ_CORE_ACCOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"
#include "util/timefmt.h"

/* Same order as taxonomy_role. */
enum role {
    ROLE_REPORTER,
    ROLE_HANDLER,
    ROLE_COMMANDER,
    ROLE_COMMUNICATOR,
    ROLE_AUDITOR,
    ROLE_ADMIN,
    /* A detection tool's account: its token may post alerts and do
     * nothing else (core/access.h). */
    ROLE_INGEST,
    ROLE_COUNT
};

#define ACCOUNT_NAME_MAX 64
#define PASSWORD_MIN 12      /* code points */
#define PASSWORD_MAX 1024    /* bytes; bounds the hashing work */
#define ACCOUNT_TEXT_MAX 100 /* code points of display name, department */

struct account {
    int64_t id;
    char *name;
    enum role role;
    char *password_hash; /* Argon2id string; NULL: no password login */
    char *display_name;  /* how people know them ("山田 花子"); "" none */
    char *email;         /* where to reach them; "" none */
    char *department;    /* "情報システム部"; "" none */
    bool disabled;
    kz_time created_at;
    kz_time updated_at;
};

void account_init(struct account *a);
void account_cleanup(struct account *a);

const char *role_key(enum role r);
bool role_from_key(const char *key, enum role *out);

/* Account names: 1-64 of a-z 0-9 . _ -, starting with a letter or digit.
 * Lower case only, so "Alice" and "alice" cannot be two people. */
bool account_name_is_valid(const char *name);

/* A password people choose: valid UTF-8, PASSWORD_MIN code points or
 * more, at most PASSWORD_MAX bytes.  The problem goes to 'p' as field
 * "password". */
enum kz_err account_check_password(const char *password, struct kz_problems *p);

/* What a person says about themselves, as given in a request: NULL
 * members are left as they are (empty for a new account). */
struct account_profile {
    const char *display_name;
    const char *email;
    const char *department;
};

/* Check the members of 'pr' that are given: display name and department
 * one line of valid UTF-8 of at most ACCOUNT_TEXT_MAX code points, e-mail
 * empty or an address.  Problems go to 'p' under the member's name;
 * returns KZ_EINVAL when there is one. */
enum kz_err account_check_profile(const struct account_profile *pr,
                                  struct kz_problems *p);

/* Copy the given members of 'pr' into 'a' (replacing what it held). */
void account_apply_profile(struct account *a, const struct account_profile *pr);

#endif
