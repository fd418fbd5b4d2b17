/* SPDX-License-Identifier: MIT */
/*
 * test_observables.c - observables on incidents (src/app/observables.c):
 * a batch is written with its chronology line and audit entry together
 * or not at all, whichever store call fails; a bad or repeated value
 * names its index and writes nothing; alerts' observables skip what the
 * incident holds; and "seen in" counts a restricted incident only for
 * those who may see it.
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "app/incident_ops.h"
#include "app/links.h"
#include "app/observables.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW

static void file(struct store *s, const struct app_ctx *ctx, bool restricted,
                 char *ref)
{
    struct incident inc;
    struct kz_problems p;

    fixture_draft(&inc, NOW);
    /* Members are named only on a need-to-know incident. */
    if (!restricted)
        strv_cleanup(&inc.members);
    inc.restricted = restricted;
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(s, ctx, &inc, &p), KZ_OK);
    snprintf(ref, INCIDENT_REF_LEN, "%s", inc.ref);
    incident_cleanup(&inc);
}

struct counts {
    int64_t obs, entries, audit;
};

static struct counts counts(const struct tempdb *t)
{
    struct counts c = {
        tempdb_int(t, "SELECT count(*) FROM observable"),
        tempdb_int(t, "SELECT count(*) FROM chronology"),
        tempdb_int(t, "SELECT count(*) FROM audit"),
    };
    return c;
}

static const struct obs_input three[] = {
    {"ipv4", "203.0.113.5", NULL, true, false, NULL},
    {"domain", "Evil[.]Example.", "red", false, true, "送信元"},
    {"url", "hxxps://evil[.]example/a", "amber+strict", true, true, NULL},
};

static void test_batch_is_all_or_nothing(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};
    char ref[INCIDENT_REF_LEN];
    struct kz_problems p;
    struct obs_list out;
    long n;

    file(t->s, &c, false, ref);
    struct counts before = counts(t);
    for (n = 1; n <= 100; n++) {
        kz_problems_clear(&p);
        store_fault_after(t->s, n);
        enum kz_err err =
            app_obs_add(t->s, &c, ref, three, 3, OBS_ADD_BATCH, &out, NULL, &p);
        store_fault_after(t->s, 0);
        assert_int_equal(store_depth(t->s), 0);
        struct counts now = counts(t);
        if (err != KZ_OK) {
            assert_int_equal(err, KZ_ESTORE);
            assert_memory_equal(&now, &before, sizeof(now));
            continue;
        }
        /* Three rows, one chronology line and one audit entry. */
        assert_int_equal(now.obs, before.obs + 3);
        assert_int_equal(now.entries, before.entries + 1);
        assert_int_equal(now.audit, before.audit + 1);
        assert_int_equal(out.n, 3);
        assert_string_equal(out.items[1].value, "evil.example");
        assert_int_equal(out.items[1].tlp, TLP_RED);
        assert_true(out.items[1].sighted);
        assert_string_equal(out.items[1].note, "送信元");
        assert_string_equal(out.items[2].value, "https://evil.example/a");
        assert_int_equal(out.items[2].tlp, TLP_AMBER_STRICT);
        assert_int_equal(out.items[0].tlp, TLP_AMBER);
        obs_list_cleanup(&out);
        break;
    }
    assert_true(n > 1 && n <= 100);
}

static void test_refusals_name_the_index(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};
    struct app_ctx auditor = {{"kansa", ROLE_AUDITOR}, "test", NOW, NULL};
    char ref[INCIDENT_REF_LEN];
    struct kz_problems p;
    size_t bad = 99;

    file(t->s, &c, false, ref);
    kz_problems_clear(&p);
    assert_int_equal(app_obs_add(t->s, &c, ref, three, 1, 0, NULL, NULL, &p),
                     KZ_OK);
    struct counts before = counts(t);

    /* A value that does not parse as its type. */
    struct obs_input in[] = {
        {"domain", "ok.example", NULL, false, false, NULL},
        {"ipv4", "1.2.3.04", NULL, false, false, NULL},
    };
    kz_problems_clear(&p);
    assert_int_equal(
        app_obs_add(t->s, &c, ref, in, 2, OBS_ADD_BATCH, NULL, &bad, &p),
        KZ_EINVAL);
    assert_int_equal(bad, 1);
    assert_problem(&p, "items[1].value", "obs.bad_ipv4");

    /* The incident already holds it, written another way. */
    in[1].value = "203[.]0.113.5";
    kz_problems_clear(&p);
    assert_int_equal(
        app_obs_add(t->s, &c, ref, in, 2, OBS_ADD_BATCH, NULL, &bad, &p),
        KZ_ECONFLICT);
    assert_int_equal(bad, 1);
    assert_problem(&p, "items[1].value", "obs.exists");

    /* Given twice in one request. */
    in[1].type = "domain";
    in[1].value = "OK.example";
    kz_problems_clear(&p);
    assert_int_equal(app_obs_add(t->s, &c, ref, in, 2, 0, NULL, &bad, &p),
                     KZ_ECONFLICT);
    assert_problem(&p, "value", "obs.exists");

    /* Unknown type and TLP. */
    struct obs_input odd = {"hash", "x", "orange", false, false, NULL};
    kz_problems_clear(&p);
    assert_int_equal(app_obs_add(t->s, &c, ref, &odd, 1, 0, NULL, &bad, &p),
                     KZ_EINVAL);
    assert_problem(&p, "type", "obs.type");

    /* The auditor reads but adds nothing. */
    kz_problems_clear(&p);
    assert_int_equal(app_obs_add(t->s, &auditor, ref, in, 1, 0, NULL, &bad, &p),
                     KZ_EFORBID);
    struct counts now = counts(t);
    assert_memory_equal(&now, &before, sizeof(now));
    assert_int_equal(store_depth(t->s), 0);

    /* Carried from alerts: what the incident holds is skipped. */
    struct obs_list out;
    kz_problems_clear(&p);
    assert_int_equal(app_obs_add(t->s, &c, ref, three, 3, OBS_ADD_SKIP_EXISTING,
                                 &out, &bad, &p),
                     KZ_OK);
    assert_int_equal(out.n, 2);
    obs_list_cleanup(&out);
    assert_int_equal(counts(t).obs, before.obs + 2);
}

static int seen_in(struct store *s, const struct app_ctx *ctx, const char *ref)
{
    struct obs_list l;

    assert_int_equal(app_obs_list(s, ctx, ref, &l), KZ_OK);
    assert_int_equal(l.n, 1);
    int n = l.items[0].seen_in;
    obs_list_cleanup(&l);
    return n;
}

static void test_seen_in_respects_need_to_know(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx admin = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};
    struct app_ctx member = {{FIXTURE_MEMBER, ROLE_HANDLER}, "test", NOW, NULL};
    struct app_ctx other = {{"tanaka", ROLE_HANDLER}, "test", NOW, NULL};
    char a[INCIDENT_REF_LEN];
    char b[INCIDENT_REF_LEN];
    char secret[INCIDENT_REF_LEN];
    struct kz_problems p;
    struct obs_input ip = {"ipv4", "198.51.100.7", NULL, false, false, NULL};

    /* Members of a need-to-know incident are accounts. */
    fixture_account(t->s, FIXTURE_MEMBER, ROLE_HANDLER);
    file(t->s, &admin, false, a);
    file(t->s, &admin, false, b);
    file(t->s, &admin, true, secret);
    const char *refs[] = {a, b, secret};
    for (int i = 0; i < 3; i++) {
        kz_problems_clear(&p);
        assert_int_equal(
            app_obs_add(t->s, &admin, refs[i], &ip, 1, 0, NULL, NULL, &p),
            KZ_OK);
    }
    assert_int_equal(seen_in(t->s, &admin, a), 2);
    assert_int_equal(seen_in(t->s, &member, a), 2);
    assert_int_equal(seen_in(t->s, &other, a), 1);

    struct obs_hit_list hits;
    kz_problems_clear(&p);
    assert_int_equal(
        app_obs_find(t->s, &other, "ipv4", " 198.51.100.7 ", 100, &hits, &p),
        KZ_OK);
    assert_int_equal(hits.n, 2);
    for (size_t i = 0; i < hits.n; i++)
        assert_string_not_equal(hits.items[i].ref, secret);
    obs_hit_list_cleanup(&hits);

    struct obs_related_list rel;
    assert_int_equal(app_obs_related(t->s, &other, a, &rel), KZ_OK);
    assert_int_equal(rel.n, 1);
    assert_string_equal(rel.items[0].ref, b);
    obs_related_list_cleanup(&rel);
    assert_int_equal(app_obs_related(t->s, &member, a, &rel), KZ_OK);
    assert_int_equal(rel.n, 2);
    obs_related_list_cleanup(&rel);

    /* The possible duplicates: the same category and days, and the
     * observable in common. */
    struct dup_offer_list dups;
    assert_int_equal(app_link_duplicates(t->s, &other, a, &dups), KZ_OK);
    bool found = false;
    for (size_t i = 0; i < dups.n; i++) {
        assert_string_not_equal(dups.items[i].inc.ref, secret);
        if (strcmp(dups.items[i].inc.ref, b) == 0) {
            found = true;
            assert_int_equal(dups.items[i].why.shared_observables, 1);
        }
    }
    assert_true(found);
    dup_offer_list_cleanup(&dups);
}

static void test_remove_and_update(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};
    char a[INCIDENT_REF_LEN];
    char b[INCIDENT_REF_LEN];
    struct kz_problems p;
    struct obs_list out;

    file(t->s, &c, false, a);
    file(t->s, &c, false, b);
    kz_problems_clear(&p);
    assert_int_equal(app_obs_add(t->s, &c, a, three, 1, 0, &out, NULL, &p),
                     KZ_OK);
    int64_t id = out.items[0].id;
    obs_list_cleanup(&out);

    struct obs_change ch = {0};
    struct observable o;
    observable_init(&o);
    ch.set_tlp = true;
    ch.tlp = "blue";
    kz_problems_clear(&p);
    assert_int_equal(app_obs_update(t->s, &c, a, id, &ch, &o, &p), KZ_EINVAL);
    assert_problem(&p, "tlp", "obs.tlp");
    ch.tlp = "clear";
    ch.set_sighted = true;
    ch.sighted = true;
    kz_problems_clear(&p);
    /* Not an observable of b. */
    assert_int_equal(app_obs_update(t->s, &c, b, id, &ch, &o, &p),
                     KZ_ENOTFOUND);
    assert_int_equal(app_obs_update(t->s, &c, a, id, &ch, &o, &p), KZ_OK);
    assert_int_equal(o.tlp, TLP_CLEAR);
    assert_true(o.sighted);
    assert_true(o.ioc);
    observable_cleanup(&o);

    struct counts before = counts(t);
    assert_int_equal(app_obs_remove(t->s, &c, b, id), KZ_ENOTFOUND);
    assert_int_equal(app_obs_remove(t->s, &c, a, id), KZ_OK);
    struct counts now = counts(t);
    assert_int_equal(now.obs, before.obs - 1);
    assert_int_equal(now.entries, before.entries + 1);
    assert_int_equal(now.audit, before.audit + 1);
    assert_int_equal(app_obs_remove(t->s, &c, a, id), KZ_ENOTFOUND);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tempdb_setup, tempdb_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_batch_is_all_or_nothing),
        T(test_refusals_name_the_index),
        T(test_seen_in_respects_need_to_know),
        T(test_remove_and_update),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
