/* SPDX-License-Identifier: MIT */
/*
 * fixture.h - records the tests start from: a valid draft incident with
 * every field filled in (Japanese texts), and a fixed clock.
 */
#ifndef KZ_TEST_FIXTURE_H
#define KZ_TEST_FIXTURE_H

#include <jansson.h>

#include "core/account.h"
#include "core/incident.h"
#include "store/store.h"
#include "util/timefmt.h"

/* The need-to-know member of the draft: an account name. */
#define FIXTURE_MEMBER "sato.hanako"

/* The tests' "now": 2026-11-22T10:00:00+09:00 (01:00:00Z). */
#define FIXTURE_NOW ((kz_time)1795309200)

/*
 * Make 'inc' (not yet initialised) a valid draft as a reporter would file
 * it at 'now': every field set, texts in Japanese, occurred, discovered
 * and reported three, two and one hours before 'now'.  Severity S2 and
 * priority 1 are given by a person (with a severity_reason), as an
 * override of the score.  Not restricted; FIXTURE_MEMBER on the
 * need-to-know list.  Free with incident_cleanup.
 */
void fixture_draft(struct incident *inc, kz_time now);
/* Create account 'name' with 'role' (no password) in 's'; fails the test
 * when it cannot. */
void fixture_account(struct store *s, const char *name, enum role role);
/* Fail the test unless 'a' and 'b' hold the same record, field by field
 * (the store's id included). */
void fixture_assert_same(const struct incident *a, const struct incident *b);
/* The instant 'iso' denotes; fails the test when it does not parse. */
kz_time fixture_time(const char *iso);
/* The JSON value 'text' denotes (new reference); fails the test when it
 * does not parse. */
json_t *fixture_json(const char *text);
/* Set the display zone to Asia/Tokyo and initialise libsodium (cmocka
 * group setup). */
int fixture_group_setup(void **state);

#endif
