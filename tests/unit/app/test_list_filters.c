/* SPDX-License-Identifier: MIT */
/*
 * test_list_filters.c - the list's overdue filter and saved filters
 * (src/app/duty_due.c, list_query.c, saved_filters.c): the stored due
 * time follows the record, its filings and time, a database without it
 * gets it from the refresh, and every change is all or nothing whichever
 * store call fails.
 */
#include "support/test.h"

#include <string.h>

#include "app/duties.h"
#include "app/duty_due.h"
#include "app/incident_ops.h"
#include "app/list_query.h"
#include "app/saved_filters.h"
#include "json/filter_json.h"
#include "support/fixture.h"
#include "support/glue.h"
#include "support/settle.h"
#include "support/tempdb.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW
#define DAY (24 * 3600)

/* A saved filter's query as the API reads it: its pairs from the JSON
 * (json/filter_json.c), then the list's rules (app/list_query.c). */
static enum kz_err canonical(const json_t *in, char **out,
                             struct kz_problems *p)
{
    struct query q;
    enum kz_err err = list_query_from_json(in, &q, p);

    *out = NULL;
    if (err == KZ_OK)
        err = app_list_query_canonical(&q, out, p);
    query_cleanup(&q);
    return err;
}

/* The input of a request's body 'text', which must read. */
static void input_of(const char *text, struct filter_input *in)
{
    json_t *body = fixture_json(text);
    struct kz_problems p;

    kz_problems_clear(&p);
    filter_input_init(in);
    assert_int_equal(filter_input_from_json(body, in, &p), KZ_OK);
    json_decref(body);
}

static void file(struct store *s, const struct app_ctx *ctx, char *ref)
{
    struct incident inc;
    struct kz_problems p;

    fixture_draft(&inc, NOW);
    strv_cleanup(&inc.members);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(s, ctx, &inc, &p), KZ_OK);
    snprintf(ref, INCIDENT_REF_LEN, "%s", inc.ref);
    incident_cleanup(&inc);
}

/* How many incidents the list shows with overdue=1 at 'now'. */
static size_t overdue_at(struct store *s, kz_time now)
{
    struct app_ctx c = {{"admin", ROLE_ADMIN}, "test", now, NULL};
    struct incident_filter f;
    struct incident_list l = {0};

    incident_filter_init(&f);
    f.overdue = 1;
    assert_int_equal(app_incident_list(s, &c, &f, &l), KZ_OK);
    size_t n = l.n;
    incident_list_cleanup(&l);
    return n;
}

static void test_overdue_follows_time_filings_and_refresh(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};
    char ref[INCIDENT_REF_LEN];
    size_t n = 0;

    file(t->s, &c, ref);
    /* The APPI report is due within days of awareness, not yet. */
    assert_int_equal(overdue_at(t->s, NOW), 0);
    assert_int_equal(overdue_at(t->s, NOW + 60 * DAY), 1);
    /* The filter reads the stored due time: without it, nothing. */
    tempdb_exec_ok(t, "DELETE FROM incident_duty_due");
    assert_int_equal(overdue_at(t->s, NOW + 60 * DAY), 0);
    assert_int_equal(app_duty_due_refresh(t->s, NOW, &n), KZ_OK);
    assert_int_equal(n, 1);
    assert_int_equal(overdue_at(t->s, NOW + 60 * DAY), 1);
    /* Nothing stale: the refresh has nothing to do. */
    assert_int_equal(app_duty_due_refresh(t->s, NOW, &n), KZ_OK);
    assert_int_equal(n, 0);
    /* Rows of other rules are recomputed too. */
    tempdb_exec_ok(t, "UPDATE incident_duty_due SET rules = 0, due_at = NULL");
    assert_int_equal(app_duty_due_refresh(t->s, NOW, &n), KZ_OK);
    assert_int_equal(n, 1);
    assert_int_equal(overdue_at(t->s, NOW + 60 * DAY), 1);
    /* Every duty settled: nothing left to be late. */
    settle_incident(t->s, &c, ref);
    assert_int_equal(overdue_at(t->s, NOW + 60 * DAY), 0);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident_duty_due"
                                   " WHERE due_at IS NULL"),
                     1);
}

static void test_a_filing_and_its_due_time_commit_together(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};
    char ref[INCIDENT_REF_LEN];
    struct kz_problems p;
    long n;

    file(t->s, &c, ref);
    int64_t before = tempdb_int(t, "SELECT due_at FROM incident_duty_due");
    int64_t items = tempdb_int(t, "SELECT count(*) FROM incident_item");
    json_t *body = json_pack("{s:s, s:s}", "status", "not_applicable", "reason",
                             "委託先の確認により対象外");
    for (n = 1; n <= 200; n++) {
        kz_problems_clear(&p);
        store_fault_after(t->s, n);
        enum kz_err err =
            glue_obligation_record(t->s, &c, ref, "appi_preliminary", body, &p);
        store_fault_after(t->s, 0);
        assert_int_equal(store_depth(t->s), 0);
        if (err != KZ_OK) {
            assert_int_equal(err, KZ_ESTORE);
            assert_int_equal(
                tempdb_int(t, "SELECT due_at FROM incident_duty_due"), before);
            assert_int_equal(
                tempdb_int(t, "SELECT count(*) FROM incident_item"), items);
            continue;
        }
        break;
    }
    assert_true(n > 2 && n < 200);
    json_decref(body);
    /* The preliminary report was the soonest: the next one is later. */
    assert_true(tempdb_int(t, "SELECT due_at FROM incident_duty_due") > before);
}

static void test_canonical_queries(void **state)
{
    static const struct {
        const char *in; /* JSON */
        const char *want;
    } good[] = {
        {"\"\"", ""},
        {"\"?assignee=sato&open=true\"", "open=true&owner=sato"},
        {"\"overdue=false&reported_to=2026-12-01T00:00:00Z&q=a+b\"",
         "until=2026-12-01T00%3A00%3A00Z&q=a%20b&overdue=false"},
        {"{\"limit\": 20, \"open\": false, \"sort\": \"title\"}",
         "open=false&sort=title&limit=20"},
        {"\"owner=sato&assignee=sato\"", "owner=sato"},
    };
    static const struct {
        const char *in;
        const char *field;
    } bad[] = {
        {"\"open=maybe\"", "query.open"},
        {"\"cursor=1\"", "query.cursor"},
        {"\"page=2\"", "query.page"},
        {"\"tag=a&tag=a\"", "query.tag"},
        {"\"owner=a&assignee=b\"", "query.assignee"},
        {"\"reported_from=x\"", "query.reported_from"},
        {"\"a=%\"", "query"},
        {"{\"open\": null}", "query.open"},
        {"{\"tag\": 1.5}", "query.tag"},
        {"[1]", "query"},
    };
    struct kz_problems p;
    char *out = NULL;

    (void)state;
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        json_t *in = fixture_json(good[i].in);
        kz_problems_clear(&p);
        assert_int_equal(canonical(in, &out, &p), KZ_OK);
        assert_string_equal(out, good[i].want);
        xfree(out);
        json_decref(in);
    }
    /* The longest texts the list takes, percent-encoded, still read
     * back whole. */
    char big[200 * 3 + 1] = "";
    for (int i = 0; i < 200; i++)
        strcat(big, "漏");
    json_t *longest =
        json_pack("{s:s, s:s, s:s}", "q", big, "tag", big, "owner", big);
    kz_problems_clear(&p);
    assert_int_equal(canonical(longest, &out, &p), KZ_OK);
    json_t *params = list_query_params_to_json(out);
    assert_string_equal(json_string_value(json_object_get(params, "tag")), big);
    assert_int_equal(json_object_size(params), 3);
    json_decref(params);
    json_decref(longest);
    xfree(out);
    out = NULL;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        json_t *in = fixture_json(bad[i].in);
        kz_problems_clear(&p);
        assert_int_equal(canonical(in, &out, &p), KZ_EINVAL);
        assert_null(out);
        if (kz_problems_find(&p, bad[i].field) == NULL)
            fail_msg("%s: no problem for %s", bad[i].in, bad[i].field);
        json_decref(in);
    }
}

struct counts {
    int64_t filters, defaults, audit;
};

static struct counts counts(const struct tempdb *t)
{
    struct counts c = {
        tempdb_int(t, "SELECT count(*) FROM saved_filter"),
        tempdb_int(t, "SELECT count(*) FROM saved_filter WHERE is_default = 1"),
        tempdb_int(t, "SELECT count(*) FROM audit"),
    };
    return c;
}

static void test_saved_filter_changes_are_all_or_nothing(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = {{"sato", ROLE_HANDLER}, "test", NOW, NULL};
    struct kz_problems p;
    struct saved_filter f;
    long n;

    fixture_account(t->s, "sato", ROLE_HANDLER);
    struct filter_input first;
    input_of("{\"name\": \"a\", \"query\": \"open=true\", \"default\": true}",
             &first);
    saved_filter_init(&f);
    kz_problems_clear(&p);
    assert_int_equal(app_filter_create(t->s, &c, &first, &f, &p), KZ_OK);
    int64_t first_id = f.id;
    saved_filter_cleanup(&f);
    filter_input_cleanup(&first);

    /* A second default takes the mark from the first, or nothing. */
    struct filter_input second;
    input_of(
        "{\"name\": \"b\", \"query\": \"overdue=true\", \"default\": true}",
        &second);
    struct counts before = counts(t);
    for (n = 1; n <= 100; n++) {
        saved_filter_init(&f);
        kz_problems_clear(&p);
        store_fault_after(t->s, n);
        enum kz_err err = app_filter_create(t->s, &c, &second, &f, &p);
        store_fault_after(t->s, 0);
        saved_filter_cleanup(&f);
        assert_int_equal(store_depth(t->s), 0);
        struct counts now = counts(t);
        if (err != KZ_OK) {
            assert_int_equal(err, KZ_ESTORE);
            assert_memory_equal(&now, &before, sizeof(now));
            continue;
        }
        assert_int_equal(now.filters, before.filters + 1);
        assert_int_equal(now.defaults, 1);
        assert_int_equal(now.audit, before.audit + 1);
        break;
    }
    assert_true(n > 2 && n < 100);
    filter_input_cleanup(&second);
    assert_int_equal(tempdb_int(t, "SELECT is_default FROM saved_filter"
                                   " WHERE name = 'a'"),
                     0);

    /* Back to the first as the default, or nothing. */
    struct filter_input patch;
    input_of("{\"default\": true, \"name\": \"a2\"}", &patch);
    before = counts(t);
    for (n = 1; n <= 100; n++) {
        saved_filter_init(&f);
        kz_problems_clear(&p);
        store_fault_after(t->s, n);
        enum kz_err err = app_filter_update(t->s, &c, first_id, &patch, &f, &p);
        store_fault_after(t->s, 0);
        saved_filter_cleanup(&f);
        assert_int_equal(store_depth(t->s), 0);
        struct counts now = counts(t);
        int64_t renamed =
            tempdb_int(t, "SELECT count(*) FROM saved_filter"
                          " WHERE name = 'a2' AND is_default = 1");
        if (err != KZ_OK) {
            assert_int_equal(err, KZ_ESTORE);
            assert_memory_equal(&now, &before, sizeof(now));
            assert_int_equal(renamed, 0);
            continue;
        }
        assert_int_equal(renamed, 1);
        assert_int_equal(now.defaults, 1);
        assert_int_equal(now.audit, before.audit + 1);
        break;
    }
    assert_true(n > 2 && n < 100);
    filter_input_cleanup(&patch);

    before = counts(t);
    for (n = 1; n <= 100; n++) {
        store_fault_after(t->s, n);
        enum kz_err err = app_filter_delete(t->s, &c, first_id);
        store_fault_after(t->s, 0);
        assert_int_equal(store_depth(t->s), 0);
        struct counts now = counts(t);
        if (err != KZ_OK) {
            assert_int_equal(err, KZ_ESTORE);
            assert_memory_equal(&now, &before, sizeof(now));
            continue;
        }
        assert_int_equal(now.filters, before.filters - 1);
        assert_int_equal(now.audit, before.audit + 1);
        break;
    }
    assert_true(n > 1 && n < 100);
    /* Someone else's filter is not found, and stays. */
    struct app_ctx other = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};
    int64_t left = tempdb_int(t, "SELECT id FROM saved_filter");
    assert_int_equal(app_filter_delete(t->s, &other, left), KZ_ENOTFOUND);
    assert_int_equal(counts(t).filters, 1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tempdb_setup, tempdb_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_overdue_follows_time_filings_and_refresh),
        T(test_a_filing_and_its_due_time_commit_together),
        cmocka_unit_test(test_canonical_queries),
        T(test_saved_filter_changes_are_all_or_nothing),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
