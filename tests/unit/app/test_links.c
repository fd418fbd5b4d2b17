/* SPDX-License-Identifier: MIT */
/*
 * test_links.c - links between incidents (src/app/links.c): marking a
 * duplicate writes the link, both chronology entries, the close and the
 * audit entries together or not at all, whichever store call fails; and
 * a removal likewise.
 */
#include "support/test.h"

#include <string.h>

#include "app/incident_ops.h"
#include "app/links.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW

static void file(struct store *s, const struct app_ctx *ctx, char *ref)
{
    struct incident inc;
    struct kz_problems p;

    fixture_draft(&inc, NOW);
    strv_cleanup(&inc.members);
    inc.restricted = false;
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(s, ctx, &inc, &p), KZ_OK);
    snprintf(ref, INCIDENT_REF_LEN, "%s", inc.ref);
    incident_cleanup(&inc);
}

struct counts {
    int64_t links, entries, audit, closed;
};

static struct counts counts(const struct tempdb *t)
{
    struct counts c = {
        tempdb_int(t, "SELECT count(*) FROM incident_link"),
        tempdb_int(t, "SELECT count(*) FROM chronology"),
        tempdb_int(t, "SELECT count(*) FROM audit"),
        tempdb_int(t, "SELECT count(*) FROM incident WHERE phase = 'closed'"),
    };
    return c;
}

static void test_duplicate_is_all_or_nothing(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};
    char orig[INCIDENT_REF_LEN];
    char dup[INCIDENT_REF_LEN];
    struct kz_problems p;
    struct link_view v;
    long n;

    file(t->s, &c, orig);
    file(t->s, &c, dup);
    struct counts before = counts(t);
    for (n = 1; n <= 200; n++) {
        kz_problems_clear(&p);
        link_view_init(&v);
        store_fault_after(t->s, n);
        enum kz_err err =
            app_link_add(t->s, &c, dup, "duplicate_of", orig, &v, &p);
        store_fault_after(t->s, 0);
        assert_int_equal(store_depth(t->s), 0);
        struct counts now = counts(t);
        link_view_cleanup(&v);
        if (err != KZ_OK) {
            assert_int_equal(err, KZ_ESTORE);
            assert_memory_equal(&now, &before, sizeof(now));
            continue;
        }
        /* The link, an entry on each end and the close on the duplicate,
         * the link and the move audited. */
        assert_int_equal(now.links, before.links + 1);
        assert_int_equal(now.entries, before.entries + 3);
        assert_int_equal(now.audit, before.audit + 2);
        assert_int_equal(now.closed, before.closed + 1);
        break;
    }
    assert_true(n > 3 && n < 200);

    /* Removal: all or nothing too; it does not reopen the duplicate. */
    int64_t id = tempdb_int(t, "SELECT id FROM incident_link");
    before = counts(t);
    for (n = 1; n <= 200; n++) {
        store_fault_after(t->s, n);
        enum kz_err err = app_link_remove(t->s, &c, orig, id);
        store_fault_after(t->s, 0);
        assert_int_equal(store_depth(t->s), 0);
        struct counts now = counts(t);
        if (err != KZ_OK) {
            assert_int_equal(err, KZ_ESTORE);
            assert_memory_equal(&now, &before, sizeof(now));
            continue;
        }
        assert_int_equal(now.links, before.links - 1);
        assert_int_equal(now.entries, before.entries + 2);
        assert_int_equal(now.audit, before.audit + 1);
        assert_int_equal(now.closed, before.closed);
        break;
    }
    assert_true(n > 3 && n < 200);
}

static void test_refusals_leave_nothing(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx admin = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};
    struct app_ctx auditor = {{"kansa", ROLE_AUDITOR}, "test", NOW, NULL};
    char a[INCIDENT_REF_LEN];
    char b[INCIDENT_REF_LEN];
    struct kz_problems p;
    struct link_view v;

    file(t->s, &admin, a);
    file(t->s, &admin, b);
    struct counts before = counts(t);
    static const struct {
        const char *kind;
        int other; /* 0: a itself, 1: b, 2: missing */
        enum kz_err err;
        const char *field, *key;
    } cases[] = {
        {"related", 0, KZ_EINVAL, "ref", "link.self"},
        {"merged", 1, KZ_EINVAL, "kind", "v.link_kind"},
        {NULL, 1, KZ_EINVAL, "kind", "v.link_kind"},
        {"related", 2, KZ_ENOTFOUND, "ref", "link.no_incident"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *other = cases[i].other == 0   ? a
                            : cases[i].other == 1 ? b
                                                  : "INC-2026-9999";
        kz_problems_clear(&p);
        link_view_init(&v);
        assert_int_equal(
            app_link_add(t->s, &admin, a, cases[i].kind, other, &v, &p),
            cases[i].err);
        assert_int_equal(p.n, 1);
        assert_string_equal(p.items[0].field, cases[i].field);
        assert_string_equal(p.items[0].msg_key, cases[i].key);
        link_view_cleanup(&v);
    }
    /* The auditor reads but changes nothing. */
    kz_problems_clear(&p);
    link_view_init(&v);
    assert_int_equal(app_link_add(t->s, &auditor, a, "related", b, &v, &p),
                     KZ_EFORBID);
    link_view_cleanup(&v);
    struct counts now = counts(t);
    assert_memory_equal(&now, &before, sizeof(now));
    assert_int_equal(store_depth(t->s), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tempdb_setup, tempdb_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_duplicate_is_all_or_nothing),
        T(test_refusals_leave_nothing),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
