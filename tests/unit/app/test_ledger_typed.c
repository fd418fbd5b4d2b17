/* SPDX-License-Identifier: MIT */
/*
 * test_ledger_typed.c - the cost ledger's use cases on typed input
 * (src/app/ledger.c), without JSON: the domain rules on the amount's
 * bounds, problems a decoder already found stop the write, and the
 * ledger reads back with each entry's bookkeeping.
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "app/incident_ops.h"
#include "app/ledger.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW
#define T(f) cmocka_unit_test_setup_teardown(f, tempdb_setup, tempdb_teardown)

static void file(struct tempdb *t, const struct app_ctx *ctx, char *ref)
{
    struct incident inc;
    struct kz_problems p;

    fixture_draft(&inc, NOW);
    strv_cleanup(&inc.members);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(t->s, ctx, &inc, &p), KZ_OK);
    snprintf(ref, INCIDENT_REF_LEN, "%s", inc.ref);
    incident_cleanup(&inc);
}

static int64_t entries(struct tempdb *t)
{
    return tempdb_int(t, "SELECT count(*) FROM incident_item");
}

static void test_amount_bounds_and_earlier_problems(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};
    struct kz_problems p;
    struct cost cost;
    char ref[INCIDENT_REF_LEN];

    file(t, &c, ref);
    cost_init(&cost);
    cost.category = xstrdup("investigation");
    cost.amount_yen = COST_MAX_YEN + 1;
    kz_problems_clear(&p);
    assert_int_equal(app_cost_add(t->s, &c, ref, &cost, &p), KZ_EINVAL);
    assert_problem(&p, "amount_yen", "v.amount");
    assert_problem_count(&p, 1);
    assert_int_equal(entries(t), 0);

    /* A problem the decoder found is enough to write nothing. */
    cost.amount_yen = COST_MAX_YEN;
    kz_problems_clear(&p);
    kz_problems_add(&p, "spent_on", "v.time");
    assert_int_equal(app_cost_add(t->s, &c, ref, &cost, &p), KZ_EINVAL);
    assert_problem_count(&p, 1);
    assert_int_equal(entries(t), 0);

    /* The bound itself is allowed, and so is zero. */
    kz_problems_clear(&p);
    assert_int_equal(app_cost_add(t->s, &c, ref, &cost, &p), KZ_OK);
    cost.amount_yen = 0;
    xstrset(&cost.category, "other");
    assert_int_equal(app_cost_add(t->s, &c, ref, &cost, &p), KZ_OK);
    assert_int_equal(entries(t), 2);
    cost_cleanup(&cost);

    struct damage d;
    struct cost_list l = {0};
    assert_int_equal(app_damage(t->s, &c, ref, &d, &l), KZ_OK);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.items[0].category, "investigation");
    assert_int_equal(l.items[0].amount_yen, COST_MAX_YEN);
    assert_string_equal(l.items[0].created_by, "admin");
    assert_int_equal(l.items[0].created_at, NOW);
    assert_true(l.items[0].id > 0 && l.items[1].id > l.items[0].id);
    assert_int_equal(cost_list_total(&l), COST_MAX_YEN);
    /* The estimate's keys outlive the incident they came from. */
    assert_string_equal(d.x_type, "name");
    cost_list_cleanup(&l);
}

static void test_unseen_incident(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};
    struct damage d;
    struct cost_list l = {0};

    assert_int_equal(app_damage(t->s, &c, "INC-2026-9999", &d, &l),
                     KZ_ENOTFOUND);
    assert_int_equal(l.n, 0);
    cost_list_cleanup(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_amount_bounds_and_earlier_problems),
        T(test_unseen_incident),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
