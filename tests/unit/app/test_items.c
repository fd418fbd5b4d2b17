/* SPDX-License-Identifier: MIT */
/*
 * test_items.c - the shared path of the items around an incident
 * (src/app/items.c): access to the incident, the documents as JSON with
 * their bookkeeping, and the save that stores the item, writes the
 * chronology and the audit log in one transaction: all of it or none,
 * checked by failing every store call in turn (store_fault_after).
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "app/incident_ops.h"
#include "app/items.h"
#include "json/items_json.h"
#include "app/verify.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW
#define FAULT_LOOP_MAX 200

static struct app_ctx as(const char *name, enum role role)
{
    struct app_ctx c = {{name, role}, "test", NOW, NULL};

    return c;
}

/* File the fixture's draft by 'ctx', restricted or not (OUT: ref). */
static void file(struct tempdb *t, const struct app_ctx *ctx, bool restricted,
                 char *ref)
{
    struct incident inc;
    struct kz_problems p;

    fixture_draft(&inc, NOW);
    inc.restricted = restricted;
    if (!restricted)
        strv_cleanup(&inc.members);
    kz_problems_clear(&p);
    if (app_incident_create(t->s, ctx, &inc, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("cannot file the draft");
    }
    snprintf(ref, INCIDENT_REF_LEN, "%s", inc.ref);
    incident_cleanup(&inc);
}

static enum kz_err load_for(struct tempdb *t, const struct app_ctx *ctx,
                            const char *ref, enum action act)
{
    struct incident inc;
    enum kz_err err;

    incident_init(&inc);
    err = app_incident_for(t->s, ctx, ref, act, NULL, &inc);
    if (err == KZ_OK)
        assert_string_equal(inc.ref, ref);
    incident_cleanup(&inc);
    return err;
}

static void test_incident_for_checks_access(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx admin = as("admin", ROLE_ADMIN);
    struct app_ctx reporter = as("reporter1", ROLE_REPORTER);
    struct app_ctx other = as("reporter2", ROLE_REPORTER);
    struct app_ctx pr = as("pr1", ROLE_COMMUNICATOR);
    struct app_ctx handler = as("handler1", ROLE_HANDLER);
    struct app_ctx member = as(FIXTURE_MEMBER, ROLE_HANDLER);
    char open[INCIDENT_REF_LEN];
    char secret[INCIDENT_REF_LEN];

    fixture_account(t->s, FIXTURE_MEMBER, ROLE_HANDLER);
    file(t, &reporter, false, open);
    file(t, &admin, true, secret);
    assert_int_equal(load_for(t, &reporter, open, ACT_INCIDENT_READ), KZ_OK);
    assert_int_equal(load_for(t, &reporter, open, ACT_INCIDENT_RESPOND),
                     KZ_EFORBID);
    assert_int_equal(load_for(t, &other, open, ACT_INCIDENT_READ),
                     KZ_ENOTFOUND);
    assert_int_equal(load_for(t, &pr, open, ACT_INCIDENT_RESPOND), KZ_OK);
    assert_int_equal(load_for(t, &handler, secret, ACT_INCIDENT_READ),
                     KZ_ENOTFOUND);
    assert_int_equal(load_for(t, &member, secret, ACT_INCIDENT_RESPOND), KZ_OK);
    assert_int_equal(load_for(t, &admin, "INC-2026-9999", ACT_INCIDENT_READ),
                     KZ_ENOTFOUND);
}

/* SPEC C15: reading any part of a restricted incident is on the audit
 * log, naming the part; open incidents and changes are not read audits. */
static void test_restricted_reads_are_audited_with_their_part(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx admin = as("admin", ROLE_ADMIN);
    struct app_ctx member = as(FIXTURE_MEMBER, ROLE_HANDLER);
    struct app_ctx handler = as("handler1", ROLE_HANDLER);
    char open[INCIDENT_REF_LEN];
    char secret[INCIDENT_REF_LEN];
    struct incident inc;
    char text[256];
    const char *reads = "SELECT count(*) FROM audit WHERE action = "
                        "'incident.read'";

    fixture_account(t->s, FIXTURE_MEMBER, ROLE_HANDLER);
    file(t, &admin, false, open);
    file(t, &admin, true, secret);
    int64_t before = tempdb_int(t, reads);
    incident_init(&inc);
    assert_int_equal(app_incident_for(t->s, &member, open, ACT_INCIDENT_READ,
                                      "drafts/appi_report", &inc),
                     KZ_OK);
    incident_cleanup(&inc);
    assert_int_equal(tempdb_int(t, reads), before);
    assert_int_equal(app_incident_for(t->s, &member, secret,
                                      ACT_INCIDENT_RESPOND, NULL, &inc),
                     KZ_OK);
    incident_cleanup(&inc);
    assert_int_equal(tempdb_int(t, reads), before);
    /* Refused: nothing was read. */
    assert_int_equal(app_incident_for(t->s, &handler, secret, ACT_INCIDENT_READ,
                                      "damage", &inc),
                     KZ_ENOTFOUND);
    incident_cleanup(&inc);
    assert_int_equal(tempdb_int(t, reads), before);
    assert_int_equal(app_incident_for(t->s, &member, secret, ACT_INCIDENT_READ,
                                      "drafts/appi_report", &inc),
                     KZ_OK);
    incident_cleanup(&inc);
    assert_int_equal(tempdb_int(t, reads), before + 1);
    tempdb_text(t,
                /* The chronology head the entry also records is
                 * tested in test_verify.c. */
                "SELECT actor || ' ' || target || ' ' || "
                "json_remove(detail, '$.chron') FROM audit "
                "ORDER BY seq DESC LIMIT 1",
                text, sizeof(text));
    char want[128];
    snprintf(want, sizeof(want), "%s %s {\"part\":\"drafts/appi_report\"}",
             FIXTURE_MEMBER, secret);
    assert_string_equal(text, want);
}

struct counts {
    int64_t items;
    int64_t entries;
    int64_t audit;
};

static struct counts count_rows(struct tempdb *t)
{
    struct counts c;

    c.items = tempdb_int(t, "SELECT count(*) FROM incident_item");
    c.entries = tempdb_int(t, "SELECT count(*) FROM chronology");
    c.audit = tempdb_int(t, "SELECT count(*) FROM audit");
    return c;
}

static void get(struct tempdb *t, const char *ref, struct incident *inc)
{
    incident_init(inc);
    assert_int_equal(store_incident_get(t->s, ref, inc), KZ_OK);
}

static void test_save_writes_item_chronology_and_audit(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = as("pr1", ROLE_COMMUNICATOR);
    struct app_ctx admin = as("admin", ROLE_ADMIN);
    char ref[INCIDENT_REF_LEN];
    struct incident inc;
    struct item it;
    char text[256];

    file(t, &admin, false, ref);
    get(t, ref, &inc);
    struct counts before = count_rows(t);
    const char *doc = "{\"amount_yen\":5,\"category\":\"legal\"}";
    item_init(&it);
    assert_int_equal(app_item_save(t->s, &c, &inc, ITEM_COST, NULL, 0, 0, doc,
                                   ENTRY_ACTION, "費用を記録しました", &it),
                     KZ_OK);
    assert_true(it.id > 0);
    assert_int_equal(it.version, 1);
    assert_int_equal(it.incident_id, inc.id);
    struct counts after = count_rows(t);
    assert_int_equal(after.items, before.items + 1);
    assert_int_equal(after.entries, before.entries + 1);
    assert_int_equal(after.audit, before.audit + 1);
    tempdb_text(t,
                "SELECT action || ' ' || actor || ' ' || "
                "json_remove(detail, '$.chron') FROM audit "
                "ORDER BY seq DESC LIMIT 1",
                text, sizeof(text));
    char want[128];
    snprintf(want, sizeof(want), "cost.record pr1 {\"item\":%lld}",
             (long long)it.id);
    assert_string_equal(text, want);
    tempdb_text(t,
                "SELECT kind || ' ' || actor || ' ' || body FROM chronology "
                "ORDER BY seq DESC LIMIT 1",
                text, sizeof(text));
    assert_string_equal(text, "action pr1 費用を記録しました");
    item_cleanup(&it);

    /* Without a chronology text: the item and its audit only. */
    before = after;
    assert_int_equal(app_item_save(t->s, &c, &inc, ITEM_COST, NULL, 0, 0, doc,
                                   ENTRY_ACTION, NULL, NULL),
                     KZ_OK);
    after = count_rows(t);
    assert_int_equal(after.items, before.items + 1);
    assert_int_equal(after.entries, before.entries);
    assert_int_equal(after.audit, before.audit + 1);
    incident_cleanup(&inc);

    struct verify_result r;
    assert_int_equal(app_verify(t->s, NULL, &r), KZ_OK);
}

static void test_keyed_items_replace_and_versions_conflict(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = as("admin", ROLE_ADMIN);
    char ref[INCIDENT_REF_LEN];
    struct incident inc;
    struct item it;
    struct item_list l = {0};

    file(t, &c, false, ref);
    get(t, ref, &inc);
    const char *one = "{\"status\":\"filed\"}";
    const char *two = "{\"reason\":\"不要\",\"status\":\"not_applicable\"}";
    item_init(&it);
    assert_int_equal(app_item_save(t->s, &c, &inc, ITEM_FILING, "appi_final", 0,
                                   0, one, ENTRY_CONTACT, NULL, &it),
                     KZ_OK);
    int64_t id = it.id;
    /* The same key again replaces it. */
    assert_int_equal(app_item_save(t->s, &c, &inc, ITEM_FILING, "appi_final", 0,
                                   0, two, ENTRY_DECISION, NULL, &it),
                     KZ_OK);
    assert_int_equal(store_item_list(t->s, inc.id, ITEM_FILING, &l), KZ_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.items[0].key, "appi_final");
    assert_non_null(strstr(l.items[0].json, "not_applicable"));
    item_list_cleanup(&l);
    /* A change of item 'id' at a stale version is a conflict and writes
     * nothing. */
    struct counts before = count_rows(t);
    item_cleanup(&it);
    item_init(&it);
    assert_int_equal(store_item_get(t->s, id, &it), KZ_OK);
    int64_t version = it.version;
    assert_int_equal(app_item_save(t->s, &c, &inc, ITEM_FILING, "appi_final",
                                   id, version + 5, one, ENTRY_CONTACT,
                                   "やり直し", NULL),
                     KZ_ECONFLICT);
    struct counts after = count_rows(t);
    assert_int_equal(after.entries, before.entries);
    assert_int_equal(after.audit, before.audit);
    assert_int_equal(store_depth(t->s), 0);
    item_cleanup(&it);
    incident_cleanup(&inc);
}

static void test_failed_save_is_all_or_nothing(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = as("admin", ROLE_ADMIN);
    char ref[INCIDENT_REF_LEN];
    struct incident inc;
    long n;

    file(t, &c, false, ref);
    get(t, ref, &inc);
    const char *doc = "{\"kind\":\"call\",\"party\":\"A社\"}";
    for (n = 1; n < FAULT_LOOP_MAX; n++) {
        struct counts before = count_rows(t);
        store_fault_after(t->s, n);
        enum kz_err err =
            app_item_save(t->s, &c, &inc, ITEM_AFTERCARE, NULL, 0, 0, doc,
                          ENTRY_CONTACT, "電話連絡: A社", NULL);
        store_fault_after(t->s, 0);
        assert_int_equal(store_depth(t->s), 0);
        struct counts after = count_rows(t);
        if (err == KZ_OK) {
            assert_int_equal(after.items, before.items + 1);
            assert_int_equal(after.entries, before.entries + 1);
            assert_int_equal(after.audit, before.audit + 1);
            break;
        }
        assert_int_equal(err, KZ_ESTORE);
        assert_int_equal(after.items, before.items);
        assert_int_equal(after.entries, before.entries);
        assert_int_equal(after.audit, before.audit);
    }
    assert_true(n > 1 && n < FAULT_LOOP_MAX);
    incident_cleanup(&inc);
    struct verify_result r;
    assert_int_equal(app_verify(t->s, NULL, &r), KZ_OK);
}

static void test_items_as_json(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = as("admin", ROLE_ADMIN);
    char ref[INCIDENT_REF_LEN];
    struct incident inc;
    struct item_list l = {0};

    file(t, &c, false, ref);
    get(t, ref, &inc);
    const char *doc = "{\"count\":2,\"id\":\"forged\",\"kind\":\"call\"}";
    assert_int_equal(app_item_save(t->s, &c, &inc, ITEM_AFTERCARE, NULL, 0, 0,
                                   doc, ENTRY_CONTACT, NULL, NULL),
                     KZ_OK);
    /* A document that is not an object reads as an empty one. */
    char sql[256];
    snprintf(sql, sizeof(sql),
             "INSERT INTO incident_item (incident_id, kind, key, doc, "
             "version, created_at, created_by, updated_at) VALUES (%lld, "
             "'aftercare', NULL, '[1,2]', 1, %lld, 'admin', %lld)",
             (long long)inc.id, (long long)NOW, (long long)NOW);
    tempdb_exec_ok(t, sql);
    assert_int_equal(store_item_list(t->s, inc.id, ITEM_AFTERCARE, &l), KZ_OK);
    json_t *a = items_to_json(&l);
    assert_int_equal(json_array_size(a), 2);
    json_t *x = json_array_get(a, 0);
    /* The bookkeeping is the store's, not the document's. */
    assert_int_equal(json_integer_value(json_object_get(x, "id")),
                     l.items[0].id);
    assert_int_equal(json_integer_value(json_object_get(x, "version")), 1);
    assert_string_equal(json_string_value(json_object_get(x, "created_by")),
                        "admin");
    kz_time at = KZ_TIME_NONE;
    assert_int_equal(
        timefmt_parse(json_string_value(json_object_get(x, "created_at")), &at),
        KZ_OK);
    assert_int_equal(at, NOW);
    assert_int_equal(json_integer_value(json_object_get(x, "count")), 2);
    json_t *y = json_array_get(a, 1);
    assert_true(json_is_object(y));
    assert_int_equal(json_object_size(y), 4);
    json_decref(a);
    item_list_cleanup(&l);
    incident_cleanup(&inc);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tempdb_setup, tempdb_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_incident_for_checks_access),
        T(test_restricted_reads_are_audited_with_their_part),
        T(test_save_writes_item_chronology_and_audit),
        T(test_keyed_items_replace_and_versions_conflict),
        T(test_failed_save_is_all_or_nothing),
        T(test_items_as_json),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
