/* SPDX-License-Identifier: MIT */
/*
 * test_duties_typed.c - the reporting duties' use cases on typed input
 * (src/app/duties.c), without JSON: the rules on a filing's status,
 * reason and date, a filing that settles its duty in app_obligations,
 * and app_deadlines' rows, soonest first, owning their titles.
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "app/deadlines.h"
#include "app/duties.h"
#include "app/incident_ops.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW
#define T(f) cmocka_unit_test_setup_teardown(f, tempdb_setup, tempdb_teardown)

static void file(struct tempdb *t, const struct app_ctx *ctx, const char *title,
                 int days_ago, char *ref)
{
    struct incident inc;
    struct kz_problems p;

    fixture_draft(&inc, NOW - (kz_time)days_ago * 86400);
    strv_cleanup(&inc.members);
    xstrset(&inc.title, title);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(t->s, ctx, &inc, &p), KZ_OK);
    snprintf(ref, INCIDENT_REF_LEN, "%s", inc.ref);
    incident_cleanup(&inc);
}

static const struct obligation *duty(const struct duties *d, const char *key)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->items[i].key, key) == 0)
            return &d->items[i];
    fail_msg("no duty %s", key);
    return NULL;
}

static void test_filing_rules(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};
    struct kz_problems p;
    struct filing f;
    char ref[INCIDENT_REF_LEN];

    file(t, &c, "誤送信", 0, ref);
    filing_init(&f);
    f.status = xstrdup("sent"); /* not a status */
    kz_problems_clear(&p);
    assert_int_equal(
        app_obligation_record(t->s, &c, ref, "appi_preliminary", &f, &p),
        KZ_EINVAL);
    assert_problem(&p, "status", "v.filing_status");

    /* A judgement needs its reason; a filing cannot be in the future. */
    xstrset(&f.status, "not_applicable");
    f.filed_at = NOW + 3600;
    kz_problems_clear(&p);
    assert_int_equal(
        app_obligation_record(t->s, &c, ref, "appi_preliminary", &f, &p),
        KZ_EINVAL);
    assert_problem(&p, "reason", "v.required");
    assert_problem(&p, "filed_at", "v.future");
    assert_int_equal(
        app_obligation_record(t->s, &c, ref, "no_such_duty", &f, &p),
        KZ_ENOTFOUND);

    /* Filed with no date: now. */
    xstrset(&f.status, "filed");
    f.filed_at = KZ_TIME_NONE;
    f.reference = xstrdup("PPC-1");
    kz_problems_clear(&p);
    assert_int_equal(
        app_obligation_record(t->s, &c, ref, "appi_preliminary", &f, &p),
        KZ_OK);
    filing_cleanup(&f);

    struct duties d;
    assert_int_equal(app_obligations(t->s, &c, ref, &d), KZ_OK);
    const struct obligation *o = duty(&d, "appi_preliminary");
    assert_int_equal(o->state, OB_FILED);
    assert_non_null(o->filing);
    assert_int_equal(o->filing->filed_at, NOW);
    assert_string_equal(o->filing->reference, "PPC-1");
    app_duties_cleanup(&d);
}

static void test_deadlines_rows(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};
    struct open_duty_list l = {0};
    char today[INCIDENT_REF_LEN];
    char older[INCIDENT_REF_LEN];

    file(t, &c, "今日の誤送信", 0, today);
    file(t, &c, "5日前の誤送信", 5, older);
    assert_int_equal(app_deadlines(t->s, &c, &l), KZ_OK);
    assert_true(l.n >= 4);
    /* The soonest first; those without a due time last. */
    assert_string_equal(l.items[0].ref, older);
    assert_string_equal(l.items[0].title, "5日前の誤送信");
    assert_string_equal(l.items[0].duty.key, "appi_preliminary");
    bool none_seen = false;
    for (size_t i = 0; i < l.n; i++) {
        kz_time due = l.items[i].duty.due_at;
        assert_null(l.items[i].duty.filing);
        if (due == KZ_TIME_NONE)
            none_seen = true;
        else
            assert_false(none_seen);
        if (i > 0 && due != KZ_TIME_NONE)
            assert_true(l.items[i - 1].duty.due_at <= due);
    }
    open_duty_list_cleanup(&l);
    open_duty_list_cleanup(&l); /* twice: a cleaned list is empty */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_filing_rules),
        T(test_deadlines_rows),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
