/* SPDX-License-Identifier: MIT */
/*
 * test_registry.c - configuration records stored as documents
 * (src/app/registry.c, SPEC C5): assets, contacts and convocation rules
 * saved, read, listed and deleted; problems named; versions checked;
 * asset names unique; a contact that was summoned cannot go; who may
 * read and who may change; every change audited; playbooks replaced and
 * reset.
 */
#include "support/chron_text.h"
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "app/incident_ops.h"
#include "app/registry.h"
#include "app/settings.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "support/settings_patch.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW
#define DAY ((kz_time)86400)

static struct app_ctx as(enum role role, const char *name)
{
    struct app_ctx c = {{name, role}, "test", NOW, NULL};

    return c;
}

static const struct app_ctx *admin(void)
{
    static struct app_ctx c;

    c = as(ROLE_ADMIN, "admin");
    return &c;
}

/* A record of type 't' (OUT: caller frees with free_rec). */
static void *new_rec(const struct registry_type *t)
{
    void *r = xcalloc(1, t->size);

    t->init(r);
    return r;
}

static void free_rec(const struct registry_type *t, void *r)
{
    t->cleanup(r);
    xfree(r);
}

/* Save 'json' as record 'id' of 't' (0: new) by 'ctx'; the record goes to
 * 'out' (may be NULL) and problems to 'p' (may be NULL). */
static enum kz_err save(struct store *s, const struct app_ctx *ctx,
                        const struct registry_type *t, int64_t id,
                        const char *json, int64_t if_match, void *out,
                        struct kz_problems *p)
{
    json_t *o = fixture_json(json);
    struct kz_problems mine;
    void *rec = out ? out : new_rec(t);
    enum kz_err err;

    if (p == NULL)
        p = &mine;
    kz_problems_clear(p);
    err = app_registry_save(s, ctx, t, id, o, if_match, rec, p);
    if (out == NULL)
        free_rec(t, rec);
    json_decref(o);
    return err;
}

static int64_t docs(const struct tempdb *t, const char *table)
{
    char sql[96];

    snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
    return tempdb_int(t, sql);
}

static int64_t audited(const struct tempdb *t, const char *action,
                       const char *target, const char *actor)
{
    char sql[256];

    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM audit WHERE action = '%s' AND target = '%s'"
             " AND actor = '%s'",
             action, target, actor);
    return tempdb_int(t, sql);
}

static const char asset_json[] =
    "{\"name\": \"顧客管理DB\", \"kind\": \"database\", \"owner\": \"営業部\","
    " \"priority\": 1, \"stop_decider\": \"情報システム部長\","
    " \"outsourced_to\": \"株式会社データ保守\","
    " \"vendor_responsibility\": \"OS以下は委託先\","
    " \"vendor_contact\": \"03-0000-0000（24時間）\"}";

static void test_asset_save_get_list_delete(void **state)
{
    struct tempdb *t = *state;
    struct asset a;
    struct asset got;
    char target[32];
    void *items = NULL;
    size_t n = 0;

    asset_init(&a);
    asset_init(&got);
    assert_int_equal(
        save(t->s, admin(), &registry_asset, 0, asset_json, -1, &a, NULL),
        KZ_OK);
    assert_true(a.id > 0);
    assert_int_equal(a.version, 1);
    assert_int_equal(a.created_at, NOW);
    assert_int_equal(a.updated_at, NOW);
    assert_int_equal(a.priority, 1);
    snprintf(target, sizeof(target), "asset:%lld", (long long)a.id);
    assert_int_equal(audited(t, "asset.create", target, "admin"), 1);

    assert_int_equal(
        app_registry_get(t->s, admin(), &registry_asset, a.id, &got), KZ_OK);
    assert_int_equal(got.id, a.id);
    assert_string_equal(got.name, "顧客管理DB");
    assert_string_equal(got.kind, "database");
    assert_string_equal(got.stop_decider, "情報システム部長");
    assert_string_equal(got.outsourced_to, "株式会社データ保守");
    assert_string_equal(got.vendor_responsibility, "OS以下は委託先");
    assert_int_equal(got.version, 1);

    /* A change is a partial update: only the members sent. */
    assert_int_equal(save(t->s, admin(), &registry_asset, a.id,
                          "{\"priority\": 2, \"notes\": \"年1回監査\"}", 1,
                          &got, NULL),
                     KZ_OK);
    assert_int_equal(got.version, 2);
    assert_int_equal(got.priority, 2);
    assert_string_equal(got.owner, "営業部");
    assert_string_equal(got.notes, "年1回監査");
    assert_int_equal(audited(t, "asset.update", target, "admin"), 1);

    assert_int_equal(save(t->s, admin(), &registry_asset, 0,
                          "{\"name\": \"Webサイト\", \"priority\": 3}", -1,
                          NULL, NULL),
                     KZ_OK);
    assert_int_equal(
        app_registry_list(t->s, admin(), &registry_asset, &items, &n), KZ_OK);
    assert_int_equal(n, 2);
    const struct asset *list = items;
    assert_string_equal(list[0].name, "顧客管理DB"); /* by id */
    assert_int_equal(list[0].version, 2);
    assert_string_equal(list[1].name, "Webサイト");
    registry_free(&registry_asset, items, n);

    assert_int_equal(app_registry_delete(t->s, admin(), &registry_asset, a.id),
                     KZ_OK);
    assert_int_equal(audited(t, "asset.delete", target, "admin"), 1);
    assert_int_equal(
        app_registry_get(t->s, admin(), &registry_asset, a.id, &got),
        KZ_ENOTFOUND);
    assert_int_equal(app_registry_delete(t->s, admin(), &registry_asset, a.id),
                     KZ_ENOTFOUND);
    assert_int_equal(save(t->s, admin(), &registry_asset, a.id,
                          "{\"priority\": 4}", -1, NULL, NULL),
                     KZ_ENOTFOUND);
    assert_int_equal(docs(t, "asset"), 1);
    /* Failed changes are not audited. */
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit"), 4);
    assert_int_equal(store_depth(t->s), 0);
    asset_cleanup(&a);
    asset_cleanup(&got);
}

static void test_contact_and_rule_round_trip(void **state)
{
    struct tempdb *t = *state;
    struct contact c;
    struct conv_rule r;
    struct conv_rule got;
    char json[512];

    contact_init(&c);
    conv_rule_init(&r);
    conv_rule_init(&got);
    assert_int_equal(
        save(t->s, admin(), &registry_contact, 0,
             "{\"name\": \"JPCERT/CC インシデント報告窓口\","
             " \"organisation\": \"JPCERT/CC\", \"roles\": [\"jpcert\"],"
             " \"email\": \"info@jpcert.or.jp\", \"phone\": \"03-6271-8901\","
             " \"webhook_url\": \"https://chat.example.jp/hooks/T0/B0/secret\","
             " \"windows\": [\"business\"], \"oncall_order\": 3,"
             " \"last_verified_at\": \"2026-10-01T09:00:00+09:00\"}",
             -1, &c, NULL),
        KZ_OK);
    assert_string_equal(c.webhook_url,
                        "https://chat.example.jp/hooks/T0/B0/secret");
    assert_int_equal(c.last_verified_at,
                     fixture_time("2026-10-01T09:00:00+09:00"));
    snprintf(json, sizeof(json),
             "{\"name\": \"JPCERT 連絡\", \"categories\": [\"malware\"],"
             " \"max_severity\": \"S3\", \"kinds\": [\"incident\"],"
             " \"summon_roles\": [\"jpcert\"], \"summon_contacts\": [%lld],"
             " \"ack_minutes\": 120, \"enabled\": false}",
             (long long)c.id);
    assert_int_equal(save(t->s, admin(), &registry_rule, 0, json, -1, &r, NULL),
                     KZ_OK);
    assert_int_equal(
        app_registry_get(t->s, admin(), &registry_rule, r.id, &got), KZ_OK);
    assert_string_equal(got.name, "JPCERT 連絡");
    assert_int_equal(got.max_severity, 3);
    assert_int_equal(got.categories.n, 1);
    assert_int_equal(got.kinds.n, 1);
    assert_int_equal(got.n_summon_contacts, 1);
    assert_int_equal(got.summon_contacts[0], c.id);
    assert_int_equal(got.ack_minutes, 120);
    assert_false(got.enabled);

    /* The masked address a client read comes back unchanged: the stored
     * one stays.  A new address replaces it. */
    struct contact back;
    contact_init(&back);
    assert_int_equal(save(t->s, admin(), &registry_contact, c.id,
                          "{\"webhook_url\": \"https://chat.example.jp/…\","
                          " \"phone\": \"03-6271-8900\"}",
                          1, &back, NULL),
                     KZ_OK);
    assert_string_equal(back.webhook_url,
                        "https://chat.example.jp/hooks/T0/B0/secret");
    assert_string_equal(back.phone, "03-6271-8900");
    assert_int_equal(save(t->s, admin(), &registry_contact, c.id,
                          "{\"webhook_url\": null}", 2, &back, NULL),
                     KZ_OK);
    assert_null(back.webhook_url);
    contact_cleanup(&back);

    assert_int_equal(app_registry_delete(t->s, admin(), &registry_rule, r.id),
                     KZ_OK);
    assert_int_equal(
        app_registry_delete(t->s, admin(), &registry_contact, c.id), KZ_OK);
    assert_int_equal(docs(t, "contact") + docs(t, "conv_rule"), 0);
    contact_cleanup(&c);
    conv_rule_cleanup(&r);
    conv_rule_cleanup(&got);
}

/* Problems name their fields, decoding and rules together; nothing is
 * written or audited. */
static void test_problems_are_named(void **state)
{
    struct tempdb *t = *state;
    struct kz_problems p;

    assert_int_equal(save(t->s, admin(), &registry_asset, 0,
                          "{\"name\": \"\", \"kind\": \"mainframe\","
                          " \"priority\": 5, \"colour\": \"red\"}",
                          -1, NULL, &p),
                     KZ_EINVAL);
    assert_problem(&p, "name", "v.required");
    assert_problem(&p, "kind", "v.unknown_key");
    assert_problem(&p, "priority", "v.priority");
    assert_problem(&p, "colour", "v.unknown_field");
    assert_problem_count(&p, 4);

    assert_int_equal(save(t->s, admin(), &registry_contact, 0,
                          "{\"name\": \"x\", \"email\": \"no-at-sign\","
                          " \"webhook_url\": \"https://u:p@h.example/x\","
                          " \"roles\": [\"boss\"], \"oncall_order\": 0,"
                          " \"windows\": [\"weekend\"]}",
                          -1, NULL, &p),
                     KZ_EINVAL);
    assert_problem(&p, "email", "v.email");
    assert_problem(&p, "webhook_url", "v.url");
    assert_problem(&p, "roles[0]", "v.unknown_key");
    assert_problem(&p, "oncall_order", "v.oncall_order");
    assert_problem(&p, "windows[0]", "v.unknown_key");

    assert_int_equal(
        save(t->s, admin(), &registry_rule, 0,
             "{\"name\": \"誰も呼ばない\", \"max_severity\": \"S9\","
             " \"ack_minutes\": 0, \"summon_contacts\": [0]}",
             -1, NULL, &p),
        KZ_EINVAL);
    assert_problem(&p, "max_severity", "v.severity");
    assert_problem(&p, "ack_minutes", "v.ack_minutes");
    assert_problem(&p, "summon_contacts[0]", "v.no_contact");
    assert_problem(&p, "summon_roles", "v.summon_nobody");

    assert_int_equal(
        docs(t, "asset") + docs(t, "contact") + docs(t, "conv_rule"), 0);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit"), 0);
    assert_int_equal(store_depth(t->s), 0);

    /* Not an object at all. */
    json_t *arr = json_array();
    struct asset a;
    asset_init(&a);
    kz_problems_clear(&p);
    assert_int_equal(
        app_registry_save(t->s, admin(), &registry_asset, 0, arr, -1, &a, &p),
        KZ_EMALFORMED);
    asset_cleanup(&a);
    json_decref(arr);
}

/* If-Match: a stale version is a conflict and changes nothing. */
static void test_stale_version_is_a_conflict(void **state)
{
    struct tempdb *t = *state;
    struct contact c;

    contact_init(&c);
    assert_int_equal(save(t->s, admin(), &registry_contact, 0,
                          "{\"name\": \"鈴木 一郎\"}", -1, &c, NULL),
                     KZ_OK);
    int64_t id = c.id;
    assert_int_equal(save(t->s, admin(), &registry_contact, id,
                          "{\"phone\": \"03-1111-1111\"}", 1, &c, NULL),
                     KZ_OK);
    assert_int_equal(c.version, 2);
    int64_t audit = tempdb_int(t, "SELECT count(*) FROM audit");
    assert_int_equal(save(t->s, admin(), &registry_contact, id,
                          "{\"phone\": \"03-2222-2222\"}", 1, &c, NULL),
                     KZ_ECONFLICT);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit"), audit);
    contact_cleanup(&c);
    contact_init(&c);
    assert_int_equal(app_registry_get(t->s, admin(), &registry_contact, id, &c),
                     KZ_OK);
    assert_string_equal(c.phone, "03-1111-1111");
    assert_int_equal(c.version, 2);
    /* With the current version, or none, it applies. */
    assert_int_equal(save(t->s, admin(), &registry_contact, id,
                          "{\"phone\": \"03-2222-2222\"}", 2, &c, NULL),
                     KZ_OK);
    assert_int_equal(save(t->s, admin(), &registry_contact, id,
                          "{\"phone\": \"03-3333-3333\"}", -1, &c, NULL),
                     KZ_OK);
    assert_int_equal(c.version, 4);
    assert_int_equal(store_depth(t->s), 0);
    contact_cleanup(&c);
}

static void test_asset_names_are_unique(void **state)
{
    struct tempdb *t = *state;
    struct kz_problems p;
    struct asset a;

    asset_init(&a);
    assert_int_equal(save(t->s, admin(), &registry_asset, 0,
                          "{\"name\": \"メールサーバ\"}", -1, NULL, NULL),
                     KZ_OK);
    assert_int_equal(save(t->s, admin(), &registry_asset, 0,
                          "{\"name\": \"メールサーバ\", \"priority\": 1}", -1,
                          NULL, &p),
                     KZ_ECONFLICT);
    assert_problem(&p, "name", "v.name_taken");
    assert_int_equal(docs(t, "asset"), 1);
    /* Renaming onto a taken name is refused too. */
    assert_int_equal(save(t->s, admin(), &registry_asset, 0,
                          "{\"name\": \"ファイルサーバ\"}", -1, &a, NULL),
                     KZ_OK);
    assert_int_equal(save(t->s, admin(), &registry_asset, a.id,
                          "{\"name\": \"メールサーバ\"}", -1, NULL, NULL),
                     KZ_ECONFLICT);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM asset WHERE name ="
                                   " 'メールサーバ'"),
                     1);
    /* Contacts may share a name (two offices of one body). */
    assert_int_equal(save(t->s, admin(), &registry_contact, 0,
                          "{\"name\": \"警察\"}", -1, NULL, NULL),
                     KZ_OK);
    assert_int_equal(save(t->s, admin(), &registry_contact, 0,
                          "{\"name\": \"警察\"}", -1, NULL, NULL),
                     KZ_OK);
    assert_int_equal(store_depth(t->s), 0);
    asset_cleanup(&a);
}

/* A contact (or rule) that summoned someone is part of an incident's
 * history: it cannot be deleted. */
static void test_summoned_contact_cannot_be_deleted(void **state)
{
    struct tempdb *t = *state;
    struct contact c;
    struct conv_rule r;
    struct incident inc;
    struct incident out;
    struct kz_problems p;

    contact_init(&c);
    conv_rule_init(&r);
    assert_int_equal(save(t->s, admin(), &registry_contact, 0,
                          "{\"name\": \"鈴木 一郎\", \"roles\": [\"handler\"],"
                          " \"windows\": [\"business\", \"night\","
                          " \"holiday\"]}",
                          -1, &c, NULL),
                     KZ_OK);
    assert_int_equal(save(t->s, admin(), &registry_rule, 0,
                          "{\"name\": \"全件\", \"max_severity\": \"S4\","
                          " \"summon_roles\": [\"handler\"]}",
                          -1, &r, NULL),
                     KZ_OK);
    fixture_draft(&inc, NOW);
    strv_cleanup(&inc.members);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(t->s, admin(), &inc, &p), KZ_OK);
    incident_init(&out);
    assert_int_equal(
        app_incident_move(t->s, admin(), inc.ref, PHASE_TRIAGE, NULL, &out, &p),
        KZ_OK);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM summons"), 1);
    int64_t audit = tempdb_int(t, "SELECT count(*) FROM audit");
    assert_int_equal(
        app_registry_delete(t->s, admin(), &registry_contact, c.id),
        KZ_ECONFLICT);
    assert_int_equal(app_registry_delete(t->s, admin(), &registry_rule, r.id),
                     KZ_ECONFLICT);
    assert_int_equal(docs(t, "contact"), 1);
    assert_int_equal(docs(t, "conv_rule"), 1);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit"), audit);
    assert_int_equal(store_depth(t->s), 0);
    /* It can still be changed (for example disabled). */
    assert_int_equal(save(t->s, admin(), &registry_rule, r.id,
                          "{\"enabled\": false}", -1, NULL, NULL),
                     KZ_OK);
    incident_cleanup(&out);
    incident_cleanup(&inc);
    contact_cleanup(&c);
    conv_rule_cleanup(&r);
}

/* Reporters may not even read the configuration; handlers, communicators
 * and auditors read it; commanders and administrators change it. */
static void test_access(void **state)
{
    static const struct {
        enum role role;
        bool read;
        bool write;
    } rows[] = {
        {ROLE_REPORTER, false, false}, {ROLE_HANDLER, true, false},
        {ROLE_COMMANDER, true, true},  {ROLE_COMMUNICATOR, true, false},
        {ROLE_AUDITOR, true, false},   {ROLE_ADMIN, true, true},
    };
    static const struct registry_type *const types[] = {
        &registry_asset, &registry_contact, &registry_rule};
    struct tempdb *t = *state;

    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct app_ctx ctx = as(rows[i].role, "someone");
        for (size_t k = 0; k < 3; k++) {
            const struct registry_type *ty = types[k];
            char json[128];
            void *items = NULL;
            size_t n = 0;
            void *rec = new_rec(ty);
            int64_t before = tempdb_int(t, "SELECT count(*) FROM audit");

            if (k == 0)
                snprintf(json, sizeof(json), "{\"name\": \"資産%zu\"}", i);
            else if (k == 1)
                snprintf(json, sizeof(json), "{\"name\": \"連絡先%zu\"}", i);
            else
                snprintf(json, sizeof(json),
                         "{\"name\": \"基準%zu\","
                         " \"summon_roles\": [\"handler\"]}",
                         i);
            enum kz_err w = save(t->s, &ctx, ty, 0, json, -1, rec, NULL);
            assert_int_equal(w, rows[i].write ? KZ_OK : KZ_EFORBID);
            if (!rows[i].write) {
                assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit"),
                                 before);
                /* An administrator's record to try the rest on. */
                assert_int_equal(
                    save(t->s, admin(), ty, 0, json, -1, rec, NULL), KZ_OK);
            }
            int64_t id = *(const int64_t *)rec; /* id comes first */
            enum kz_err r = app_registry_list(t->s, &ctx, ty, &items, &n);
            assert_int_equal(r, rows[i].read ? KZ_OK : KZ_EFORBID);
            if (!rows[i].read) {
                assert_null(items);
                assert_int_equal(n, 0);
            }
            registry_free(ty, items, n);
            void *got = new_rec(ty);
            assert_int_equal(app_registry_get(t->s, &ctx, ty, id, got),
                             rows[i].read ? KZ_OK : KZ_EFORBID);
            free_rec(ty, got);
            assert_int_equal(save(t->s, &ctx, ty, id, "{}", -1, NULL, NULL),
                             rows[i].write ? KZ_OK : KZ_EFORBID);
            assert_int_equal(app_registry_delete(t->s, &ctx, ty, id),
                             rows[i].write ? KZ_OK : KZ_EFORBID);
            free_rec(ty, rec);
        }
        struct playbook pb;
        struct kz_problems p;
        json_t *steps =
            json_pack("{s:[{s:s, s:s, s:s}]}", "steps", "phase", "triage",
                      "title_ja", "確認", "title_en", "Check");
        playbook_init(&pb);
        kz_problems_clear(&p);
        assert_int_equal(app_playbook_put(t->s, &ctx, "dos", steps, &pb, &p),
                         rows[i].write ? KZ_OK : KZ_EFORBID);
        assert_int_equal(app_playbook_reset(t->s, &ctx, "dos"),
                         rows[i].write ? KZ_OK : KZ_EFORBID);
        playbook_cleanup(&pb);
        json_decref(steps);
    }
    assert_int_equal(store_depth(t->s), 0);
}

/* Every change is audited, by whom, on which record, and with no copy of
 * the record's content (a webhook address is a secret). */
static void test_changes_are_audited(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx lead = as(ROLE_COMMANDER, "kato");
    struct contact c;
    char target[32];

    contact_init(&c);
    assert_int_equal(save(t->s, &lead, &registry_contact, 0,
                          "{\"name\": \"鈴木\", \"webhook_url\":"
                          " \"https://chat.example.jp/hooks/SECRET\"}",
                          -1, &c, NULL),
                     KZ_OK);
    snprintf(target, sizeof(target), "contact:%lld", (long long)c.id);
    assert_int_equal(save(t->s, &lead, &registry_contact, c.id,
                          "{\"oncall_order\": 2}", -1, NULL, NULL),
                     KZ_OK);
    assert_int_equal(app_registry_delete(t->s, &lead, &registry_contact, c.id),
                     KZ_OK);
    assert_int_equal(audited(t, "contact.create", target, "kato"), 1);
    assert_int_equal(audited(t, "contact.update", target, "kato"), 1);
    assert_int_equal(audited(t, "contact.delete", target, "kato"), 1);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit WHERE"
                                   " detail LIKE '%SECRET%'"),
                     0);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit WHERE"
                                   " source = 'test'"),
                     3);
    contact_cleanup(&c);
}

/* Playbooks: kizuki's default until an administrator puts their own;
 * reset goes back; invalid steps are refused; new incidents of the
 * category get the playbook in force. */
static void test_playbook_put_get_reset(void **state)
{
    struct tempdb *t = *state;
    struct playbook pb;
    struct playbook def;
    struct kz_problems p;
    bool custom = true;
    json_t *mine = json_pack(
        "{s:[{s:s, s:s, s:s, s:i, s:s, s:b}, {s:s, s:s, s:s}]}", "steps",
        "phase", "containment", "title_ja", "委託先に連絡する", "title_en",
        "Call the contractor", "due_hours", 1, "owner_role", "handler",
        "first_aid", 1, "phase", "review", "title_ja", "振り返り", "title_en",
        "Review");
    json_t *bad = json_pack("{s:[{s:s, s:s}]}", "steps", "phase", "later",
                            "title_ja", "");

    playbook_init(&pb);
    playbook_init(&def);
    assert_true(playbook_default("misdirected_email", &def));
    assert_int_equal(app_playbook_get(t->s, "misdirected_email", &pb, &custom),
                     KZ_OK);
    assert_false(custom);
    assert_int_equal(pb.n, def.n);
    assert_int_equal(app_playbook_get(t->s, "hacking", &pb, &custom),
                     KZ_ENOTFOUND);

    kz_problems_clear(&p);
    assert_int_equal(
        app_playbook_put(t->s, admin(), "misdirected_email", mine, &pb, &p),
        KZ_OK);
    assert_int_equal(
        audited(t, "playbook.update", "playbook:misdirected_email", "admin"),
        1);
    playbook_cleanup(&pb);
    assert_int_equal(app_playbook_get(t->s, "misdirected_email", &pb, &custom),
                     KZ_OK);
    assert_true(custom);
    assert_string_equal(pb.category, "misdirected_email");
    assert_int_equal(pb.n, 2);
    assert_int_equal(pb.steps[0].phase, PHASE_CONTAINMENT);
    assert_string_equal(pb.steps[0].title_ja, "委託先に連絡する");
    assert_int_equal(pb.steps[0].due_hours, 1);
    assert_string_equal(pb.steps[0].owner_role, "handler");
    assert_true(pb.steps[0].first_aid);
    assert_int_equal(pb.steps[1].phase, PHASE_REVIEW);
    assert_null(pb.steps[1].owner_role);
    /* Putting again replaces it (one document per category). */
    kz_problems_clear(&p);
    assert_int_equal(
        app_playbook_put(t->s, admin(), "misdirected_email", mine, &pb, &p),
        KZ_OK);
    assert_int_equal(docs(t, "playbook"), 1);

    /* A new incident of the category gets the organisation's playbook. */
    struct incident inc;
    fixture_draft(&inc, NOW);
    strv_cleanup(&inc.members);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(t->s, admin(), &inc, &p), KZ_OK);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM task"), 2);
    struct chron_list l;
    assert_int_equal(store_chron_list(t->s, inc.id, &l), KZ_OK);
    assert_string_equal(chron_ja(l.items[l.n - 1].body),
                        "プレイブック「メール誤送信」（組織で編集したもの）"
                        "から 2 件のタスクを作成しました");
    chron_list_cleanup(&l);
    incident_cleanup(&inc);

    /* Invalid steps: named, nothing stored. */
    kz_problems_clear(&p);
    assert_int_equal(
        app_playbook_put(t->s, admin(), "misdirected_email", bad, &pb, &p),
        KZ_EINVAL);
    assert_problem(&p, "steps[0].phase", "v.unknown_key");
    assert_problem(&p, "steps[0].title_ja", "v.required");
    assert_problem(&p, "steps[0].title_en", "v.required");
    kz_problems_clear(&p);
    assert_int_equal(app_playbook_put(t->s, admin(), "hacking", mine, &pb, &p),
                     KZ_EINVAL);
    assert_problem(&p, "category", "v.unknown_key");
    playbook_cleanup(&pb);
    assert_int_equal(app_playbook_get(t->s, "misdirected_email", &pb, &custom),
                     KZ_OK);
    assert_int_equal(pb.n, 2);

    /* Reset: back to kizuki's; resetting again finds nothing. */
    assert_int_equal(app_playbook_reset(t->s, admin(), "misdirected_email"),
                     KZ_OK);
    assert_int_equal(
        audited(t, "playbook.reset", "playbook:misdirected_email", "admin"), 1);
    assert_int_equal(app_playbook_get(t->s, "misdirected_email", &pb, &custom),
                     KZ_OK);
    assert_false(custom);
    assert_int_equal(pb.n, def.n);
    assert_int_equal(app_playbook_reset(t->s, admin(), "misdirected_email"),
                     KZ_ENOTFOUND);
    assert_int_equal(docs(t, "playbook"), 0);
    assert_int_equal(store_depth(t->s), 0);
    playbook_cleanup(&pb);
    playbook_cleanup(&def);
    json_decref(mine);
    json_decref(bad);
}

/* Stale entries are found with the organisation's limit (180 days unless
 * set): the directory as loaded, judged at 'now'. */
static void test_stale_contacts_are_found(void **state)
{
    struct tempdb *t = *state;
    struct kz_problems p;
    void *items = NULL;
    size_t n = 0;
    char json[256];
    static const struct {
        const char *name;
        int days_ago; /* -1: never verified */
    } rows[] = {
        {"昨日確認", 1},  {"30日前", 30},   {"31日前", 31},
        {"180日前", 180}, {"181日前", 181}, {"未確認", -1},
    };

    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        if (rows[i].days_ago < 0) {
            snprintf(json, sizeof(json), "{\"name\": \"%s\"}", rows[i].name);
        } else {
            char when[40];
            timefmt_format_utc(NOW - rows[i].days_ago * DAY, when);
            snprintf(json, sizeof(json),
                     "{\"name\": \"%s\", \"last_verified_at\": \"%s\"}",
                     rows[i].name, when);
        }
        assert_int_equal(
            save(t->s, admin(), &registry_contact, 0, json, -1, NULL, NULL),
            KZ_OK);
    }
    for (int pass = 0; pass < 2; pass++) {
        int days = app_setting_int(t->s, "contact_stale_days",
                                   CONTACT_STALE_DAYS_DEFAULT);
        assert_int_equal(days, pass == 0 ? 180 : 30);
        assert_int_equal(
            app_registry_list(t->s, admin(), &registry_contact, &items, &n),
            KZ_OK);
        assert_int_equal(n, 6);
        const struct contact *cs = items;
        for (size_t i = 0; i < n; i++) {
            bool want = rows[i].days_ago < 0 || rows[i].days_ago > days;
            if (contact_is_stale(&cs[i], NOW, days) != want)
                fail_msg("%s with a %d-day limit: stale should be %d",
                         cs[i].name, days, want);
        }
        registry_free(&registry_contact, items, n);
        json_t *set = json_pack("{s:i}", "contact_stale_days", 30);
        kz_problems_clear(&p);
        assert_int_equal(test_settings_patch(t->s, admin(), set, &p), KZ_OK);
        json_decref(set);
    }
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tempdb_setup, tempdb_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_asset_save_get_list_delete),
        T(test_contact_and_rule_round_trip),
        T(test_problems_are_named),
        T(test_stale_version_is_a_conflict),
        T(test_asset_names_are_unique),
        T(test_summoned_contact_cannot_be_deleted),
        T(test_access),
        T(test_changes_are_audited),
        T(test_playbook_put_get_reset),
        T(test_stale_contacts_are_found),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
