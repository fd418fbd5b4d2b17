/* SPDX-License-Identifier: MIT */
/*
 * test_settings.c - the organisation's settings (src/app/settings.c):
 * administrators only; each value checked (addresses, the mail server,
 * the stale-contact limit); a refused patch writes nothing and leaves the
 * caller's transaction alone; the SMTP password is never shown again nor
 * written to the audit log.
 */
#include "support/test.h"

#include <string.h>

#include "app/guard.h"
#include "app/settings.h"
#include "json/settings_json.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW

static const struct app_ctx *admin(void)
{
    static const struct app_ctx c = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};

    return &c;
}

/* Patch with the members of 'o' as ctx's actor, the way PATCH
 * /api/v1/settings does: access, then the codec, then the use case. */
static enum kz_err patch_as(struct store *s, const struct app_ctx *ctx,
                            const json_t *o, struct kz_problems *p)
{
    struct settings patch;

    settings_init(&patch);
    enum kz_err err = app_allowed(ctx, ACT_SETTINGS, NULL);
    if (err == KZ_OK)
        err = settings_from_json(o, &patch, p);
    if (err == KZ_OK)
        err = app_settings_patch(s, ctx, &patch, p);
    settings_cleanup(&patch);
    return err;
}

/* Patch with the JSON text 'json' as admin (problems into 'p'). */
static enum kz_err patch(struct store *s, const char *json,
                         struct kz_problems *p)
{
    json_t *o = fixture_json(json);
    enum kz_err err;

    kz_problems_clear(p);
    err = patch_as(s, admin(), o, p);
    json_decref(o);
    return err;
}

/* The settings as GET /api/v1/settings shows them (OUT: *out, NULL on
 * error). */
static enum kz_err get_json(struct store *s, const struct app_ctx *ctx,
                            json_t **out)
{
    struct settings all;

    settings_init(&all);
    enum kz_err err = app_settings_get(s, ctx, &all);
    *out = err == KZ_OK ? settings_to_json(&all) : NULL;
    settings_cleanup(&all);
    return err;
}

static void test_only_administrators(void **state)
{
    struct tempdb *t = *state;
    struct kz_problems p;
    json_t *o = json_pack("{s:s}", "organisation_name", "株式会社例");
    json_t *got = NULL;

    for (int r = 0; r < ROLE_COUNT; r++) {
        struct app_ctx ctx = {{"someone", (enum role)r}, "test", NOW, NULL};
        enum kz_err want = r == ROLE_ADMIN ? KZ_OK : KZ_EFORBID;
        kz_problems_clear(&p);
        assert_int_equal(patch_as(t->s, &ctx, o, &p), want);
        assert_int_equal(get_json(t->s, &ctx, &got), want);
        if (want == KZ_OK)
            json_decref(got);
        else
            assert_null(got);
    }
    /* One change, by the administrator, audited by name only. */
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit WHERE action"
                                   " = 'settings.update'"),
                     1);
    json_decref(o);
}

static void test_values_are_checked(void **state)
{
    static const struct {
        const char *json;
        const char *field; /* NULL: accepted */
        const char *key;
    } rows[] = {
        {"{\"base_url\": \"https://kizuki.example.jp\"}", NULL, NULL},
        {"{\"base_url\": \"http://127.0.0.1:8080/\"}", NULL, NULL},
        {"{\"base_url\": \"kizuki.example.jp\"}", "base_url", "v.url"},
        {"{\"base_url\": \"https://u:p@kizuki.example.jp\"}", "base_url",
         "v.url"},
        {"{\"base_url\": 8080}", "base_url", "v.type_string"},
        {"{\"smtp_url\": \"smtp://mail.example.jp:587\"}", NULL, NULL},
        {"{\"smtp_url\": \"smtps://mail.example.jp:465\"}", NULL, NULL},
        {"{\"smtp_url\": \"smtp://mail.example.jp\"}", NULL, NULL},
        {"{\"smtp_url\": \"https://mail.example.jp\"}", "smtp_url",
         "v.smtp_url"},
        {"{\"smtp_url\": \"smtp://\"}", "smtp_url", "v.smtp_url"},
        {"{\"smtp_url\": \"smtp://user:pw@mail.example.jp\"}", "smtp_url",
         "v.smtp_url"},
        {"{\"smtp_url\": \"smtps://mail example.jp\"}", "smtp_url",
         "v.smtp_url"},
        {"{\"smtp_url\": \"SMTP://mail.example.jp\"}", "smtp_url",
         "v.smtp_url"},
        {"{\"smtp_from\": \"kizuki@example.jp\"}", NULL, NULL},
        {"{\"smtp_from\": \"kizuki\"}", "smtp_from", "v.email"},
        {"{\"contact_stale_days\": 1}", NULL, NULL},
        {"{\"contact_stale_days\": 3650}", NULL, NULL},
        {"{\"contact_stale_days\": 0}", "contact_stale_days", "v.days"},
        {"{\"contact_stale_days\": 3651}", "contact_stale_days", "v.days"},
        {"{\"contact_stale_days\": \"90\"}", "contact_stale_days", "v.days"},
        {"{\"organisation_name\": \"a\\nb\"}", "organisation_name",
         "v.single_line"},
        {"{\"colour\": \"red\"}", "colour", "v.unknown_field"},
    };
    struct tempdb *t = *state;

    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct kz_problems p;
        int64_t audit = tempdb_int(t, "SELECT count(*) FROM audit");
        enum kz_err err = patch(t->s, rows[i].json, &p);
        if (rows[i].field == NULL) {
            if (err != KZ_OK) {
                problems_print(&p);
                fail_msg("%s should be accepted", rows[i].json);
            }
            assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit"),
                             audit + 1);
        } else {
            if (err != KZ_EINVAL || p.n != 1 ||
                !problems_have(&p, rows[i].field, rows[i].key)) {
                problems_print(&p);
                fail_msg("%s: want %s: %s", rows[i].json, rows[i].field,
                         rows[i].key);
            }
            assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit"),
                             audit);
        }
        assert_int_equal(store_depth(t->s), 0);
    }
}

/* A patch with one bad value writes none of its values. */
static void test_refused_patch_writes_nothing(void **state)
{
    struct tempdb *t = *state;
    struct kz_problems p;

    assert_int_equal(patch(t->s,
                           "{\"organisation_name\": \"株式会社例\","
                           " \"smtp_from\": \"not-an-address\"}",
                           &p),
                     KZ_EINVAL);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM setting"), 0);
    char *v = app_setting(t->s, "organisation_name", "(none)");
    assert_string_equal(v, "(none)");
    xfree(v);
}

/* An empty patch changes nothing and says so nowhere: no audit entry
 * claiming a change of no settings. */
static void test_empty_patch_is_not_audited(void **state)
{
    struct tempdb *t = *state;
    struct kz_problems p;
    int64_t audit = tempdb_int(t, "SELECT count(*) FROM audit");

    assert_int_equal(patch(t->s, "{}", &p), KZ_OK);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit"), audit);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM setting"), 0);
    assert_int_equal(patch(t->s, "{\"organisation_name\": \"株式会社例\"}", &p),
                     KZ_OK);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit"), audit + 1);
}

/*
 * Regression: the server runs a patch inside the writer's batch
 * transaction.  A refused patch rolled that outer transaction back (it
 * rolled back whenever any transaction was open), losing the batch's
 * other work and turning the 400 into a store error.
 */
static void test_refused_patch_leaves_the_callers_transaction(void **state)
{
    struct tempdb *t = *state;
    struct kz_problems p;

    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(
        store_setting_set(t->s, "organisation_name", "前の仕事", NOW), KZ_OK);
    assert_int_equal(patch(t->s, "{\"base_url\": \"nope\"}", &p), KZ_EINVAL);
    assert_int_equal(store_depth(t->s), 1);
    assert_int_equal(patch(t->s, "{\"smtp_from\": \"ops@example.jp\"}", &p),
                     KZ_OK);
    assert_int_equal(store_depth(t->s), 1);
    assert_int_equal(store_commit(t->s), KZ_OK);
    char *v = app_setting(t->s, "organisation_name", "");
    assert_string_equal(v, "前の仕事");
    xfree(v);
    v = app_setting(t->s, "smtp_from", "");
    assert_string_equal(v, "ops@example.jp");
    xfree(v);
}

/* The password is stored, never shown nor audited; null clears values. */
static void test_secrets_and_clearing(void **state)
{
    struct tempdb *t = *state;
    struct kz_problems p;
    json_t *got = NULL;

    assert_int_equal(patch(t->s,
                           "{\"smtp_password\": \"s3cret-PASS\","
                           " \"smtp_username\": \"kizuki\","
                           " \"base_url\": \"https://kizuki.example.jp\"}",
                           &p),
                     KZ_OK);
    assert_int_equal(get_json(t->s, admin(), &got), KZ_OK);
    assert_true(json_is_true(json_object_get(got, "smtp_password_set")));
    assert_null(json_object_get(got, "smtp_password"));
    char *text = json_dumps(got, JSON_COMPACT);
    assert_null(strstr(text, "s3cret"));
    xfree(text);
    assert_string_equal(json_string_value(json_object_get(got, "base_url")),
                        "https://kizuki.example.jp");
    assert_int_equal(
        json_integer_value(json_object_get(got, "contact_stale_days")), 180);
    json_decref(got);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit WHERE detail"
                                   " LIKE '%s3cret%'"),
                     0);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit WHERE detail"
                                   " LIKE '%smtp_password%'"),
                     1);
    char *v = app_setting(t->s, "smtp_password", "");
    assert_string_equal(v, "s3cret-PASS");
    xfree(v);

    assert_int_equal(patch(t->s,
                           "{\"smtp_password\": null,"
                           " \"base_url\": null}",
                           &p),
                     KZ_OK);
    assert_int_equal(get_json(t->s, admin(), &got), KZ_OK);
    assert_false(json_is_true(json_object_get(got, "smtp_password_set")));
    assert_true(json_is_null(json_object_get(got, "base_url")));
    json_decref(got);
}

static void test_numbers_and_defaults(void **state)
{
    struct tempdb *t = *state;
    struct kz_problems p;

    assert_int_equal(app_setting_int(t->s, "contact_stale_days", 180), 180);
    assert_int_equal(patch(t->s, "{\"contact_stale_days\": 45}", &p), KZ_OK);
    assert_int_equal(app_setting_int(t->s, "contact_stale_days", 180), 45);
    /* Malformed stored values fall back to the default. */
    assert_int_equal(store_setting_set(t->s, "contact_stale_days", "45d", NOW),
                     KZ_OK);
    assert_int_equal(app_setting_int(t->s, "contact_stale_days", 180), 180);
    assert_int_equal(store_setting_set(t->s, "contact_stale_days", "-3", NOW),
                     KZ_OK);
    assert_int_equal(app_setting_int(t->s, "contact_stale_days", 180), 180);
    char *v = app_setting(t->s, "never_set", NULL);
    assert_string_equal(v, "");
    xfree(v);

    /* The server's own address only when none was ever set. */
    assert_int_equal(
        app_settings_default_base_url(t->s, "http://127.0.0.1:8080"), KZ_OK);
    v = app_setting(t->s, "base_url", "");
    assert_string_equal(v, "http://127.0.0.1:8080");
    xfree(v);
    assert_int_equal(
        patch(t->s, "{\"base_url\": \"https://k.example.jp\"}", &p), KZ_OK);
    assert_int_equal(
        app_settings_default_base_url(t->s, "http://127.0.0.1:9999"), KZ_OK);
    v = app_setting(t->s, "base_url", "");
    assert_string_equal(v, "https://k.example.jp");
    xfree(v);
}

/* Typed values that did not come through the JSON codec (the CLI's) are
 * checked by the use case all the same, and a refused one writes none. */
static void test_typed_values_are_checked_too(void **state)
{
    struct tempdb *t = *state;
    struct settings patch;
    struct kz_problems p;

    settings_init(&patch);
    kz_problems_clear(&p);
    patch.v[SETTING_ORGANISATION_NAME].given = true;
    patch.v[SETTING_ORGANISATION_NAME].text = xstrdup("株式会社例");
    patch.v[SETTING_CONTACT_STALE_DAYS].given = true;
    patch.v[SETTING_CONTACT_STALE_DAYS].number = 0;
    patch.v[SETTING_BASE_URL].given = true;
    patch.v[SETTING_BASE_URL].text = xstrdup("javascript:alert(1)");
    assert_int_equal(app_settings_patch(t->s, admin(), &patch, &p), KZ_EINVAL);
    assert_problem(&p, "contact_stale_days", "v.days");
    assert_problem(&p, "base_url", "v.url");
    assert_problem_count(&p, 2);
    char *v = app_setting(t->s, "organisation_name", "");
    assert_string_equal(v, "");
    xfree(v);

    kz_problems_clear(&p);
    patch.v[SETTING_CONTACT_STALE_DAYS].number = 30;
    xstrset(&patch.v[SETTING_BASE_URL].text, "https://k.example.jp");
    assert_int_equal(app_settings_patch(t->s, admin(), &patch, &p), KZ_OK);
    assert_int_equal(app_setting_int(t->s, "contact_stale_days", 180), 30);
    settings_cleanup(&patch);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tempdb_setup, tempdb_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_only_administrators),
        T(test_values_are_checked),
        T(test_refused_patch_writes_nothing),
        T(test_empty_patch_is_not_audited),
        T(test_refused_patch_leaves_the_callers_transaction),
        T(test_secrets_and_clearing),
        T(test_numbers_and_defaults),
        T(test_typed_values_are_checked_too),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
