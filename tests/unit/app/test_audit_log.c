/* SPDX-License-Identifier: MIT */
/*
 * test_audit_log.c - the audit listing as a reader may see it
 * (src/app/audit_log.c), shared by GET /api/v1/audit and the CLI: only
 * auditors and administrators read it, and an auditor who is no member
 * of a restricted incident does not learn from the log that it exists -
 * neither from the entries nor from the counts of GET /api/v1/verify
 * (app_verify_for).
 */
#include "support/test.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/audit_log.h"
#include "app/incident_ops.h"
#include "app/verify.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW

static const struct app_ctx admin = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};
static const struct app_ctx auditor = {
    {"kansa", ROLE_AUDITOR}, "test", NOW, NULL};
static const struct app_ctx member = {
    {FIXTURE_MEMBER, ROLE_AUDITOR}, "test", NOW, NULL};
static const struct app_ctx handler = {
    {"tanto", ROLE_HANDLER}, "test", NOW, NULL};

/* INC-2026-0001 open to all, INC-2026-0002 restricted to FIXTURE_MEMBER. */
static int setup(void **state)
{
    if (tempdb_setup(state) != 0)
        return -1;
    struct tempdb *t = *state;
    fixture_account(t->s, FIXTURE_MEMBER, ROLE_AUDITOR);
    for (int i = 0; i < 2; i++) {
        struct incident inc;
        struct kz_problems p;
        fixture_draft(&inc, NOW);
        inc.restricted = i == 1;
        kz_problems_clear(&p);
        if (app_incident_create(t->s, &admin, &inc, &p) != KZ_OK)
            problems_print(&p);
        assert_int_equal(p.n, 0);
        incident_cleanup(&inc);
    }
    return 0;
}

static bool lists(const struct audit_list *l, const char *target)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].target, target) == 0)
            return true;
    return false;
}

static void list(struct store *s, const struct app_ctx *ctx, int limit,
                 struct audit_list *l, int64_t *next)
{
    struct audit_query q = {0, KZ_TIME_NONE, limit};

    assert_int_equal(app_audit_list(s, ctx, &q, l, next), KZ_OK);
}

static void test_restricted_entries_only_for_those_who_see_them(void **state)
{
    struct tempdb *t = *state;
    struct audit_list l = {0};
    int64_t next = -1;

    list(t->s, &admin, 1000, &l, &next);
    assert_true(lists(&l, "INC-2026-0001"));
    assert_true(lists(&l, "INC-2026-0002"));
    assert_int_equal(next, 0);
    audit_list_cleanup(&l);

    list(t->s, &auditor, 1000, &l, &next);
    assert_true(lists(&l, "INC-2026-0001"));
    assert_false(lists(&l, "INC-2026-0002"));
    audit_list_cleanup(&l);

    list(t->s, &member, 1000, &l, &next);
    assert_true(lists(&l, "INC-2026-0002"));
    audit_list_cleanup(&l);
}

static void test_others_may_not_read_it(void **state)
{
    struct tempdb *t = *state;
    struct audit_list l = {0};
    struct audit_query q = {0, KZ_TIME_NONE, 10};
    int64_t next = 0;

    assert_int_equal(app_audit_list(t->s, &handler, &q, &l, &next), KZ_EFORBID);
    assert_int_equal(l.n, 0);
}

/* A full page says where to go on, even when its last entry is hidden:
 * else the reader would stop at an incident they may not see. */
static void test_a_full_page_gives_the_next_seq(void **state)
{
    struct tempdb *t = *state;
    struct audit_list l = {0};
    int64_t total = tempdb_int(t, "SELECT count(*) FROM audit");
    int64_t last = tempdb_int(t, "SELECT max(seq) FROM audit");
    int64_t next = 0;

    list(t->s, &auditor, (int)total, &l, &next);
    assert_int_equal(next, last);
    assert_true(l.n < (size_t)total);
    audit_list_cleanup(&l);

    struct audit_query q = {last, KZ_TIME_NONE, 10};
    assert_int_equal(app_audit_list(t->s, &auditor, &q, &l, &next), KZ_OK);
    assert_int_equal(l.n, 0);
    assert_int_equal(next, 0);
    audit_list_cleanup(&l);
}

static void test_a_missing_incident_counts_as_seen_only_when_asked(void **state)
{
    struct tempdb *t = *state;

    assert_true(app_audit_visible(t->s, &auditor.actor, "user:x", false));
    assert_false(
        app_audit_visible(t->s, &auditor.actor, "INC-2026-0002", true));
    assert_false(
        app_audit_visible(t->s, &auditor.actor, "INC-2026-0099", false));
    assert_true(app_audit_visible(t->s, &auditor.actor, "INC-2026-0099", true));
    assert_true(app_audit_visible(t->s, &admin.actor, "INC-2026-0002", false));
}

/* The counts leave out what the reader may not see, so they do not grow
 * with the changes to a restricted incident. */
static void test_verify_counts_what_the_reader_sees(void **state)
{
    struct tempdb *t = *state;
    struct verify_result *all = xcalloc(1, sizeof(*all));
    struct verify_result *some = xcalloc(1, sizeof(*some));
    char dir[320];

    /* An evidence folder with nothing in it: no file is unreferenced. */
    assert_int_equal(mkdir(tempdb_sibling(t, "evidence", dir), 0700), 0);

    assert_int_equal(app_verify_for(t->s, &admin, dir, all), KZ_OK);
    assert_int_equal(app_verify_for(t->s, &auditor, dir, some), KZ_OK);
    int64_t hidden = tempdb_int(t, "SELECT count(*) FROM audit "
                                   "WHERE target = 'INC-2026-0002'");
    assert_true(hidden > 0);
    assert_int_equal(some->audit_checked, all->audit_checked - hidden);
    assert_true(some->incidents < all->incidents);
    assert_int_equal(app_verify_for(t->s, &handler, dir, some), KZ_EFORBID);
    xfree(all);
    xfree(some);
    rmdir(dir);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, tempdb_teardown)
    const struct CMUnitTest tests[] = {
        T(test_restricted_entries_only_for_those_who_see_them),
        T(test_others_may_not_read_it),
        T(test_a_full_page_gives_the_next_seq),
        T(test_a_missing_incident_counts_as_seen_only_when_asked),
        T(test_verify_counts_what_the_reader_sees),
    };
#undef T
    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
