/* SPDX-License-Identifier: MIT */
/*
 * test_list_q.c - the incident list's q in the SQLite store
 * (sqlite_incident.c, list_q): through the search index it lists the
 * same incidents, in the same order and pages, as the list without q
 * keeping those that match, in every order, with filters and
 * need-to-know; whichever way the store finds the page (the index's own
 * order, a gathered set sorted, or the list's order walked in batches).
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "core/list_sort.h"
#include "core/search_query.h"
#include "store/sqlite_int.h"
#include "store/store.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "util/buf.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW
#define N 40

static void add(struct store *s, int i)
{
    static const char *const lead[] = {"b", "a", "d", "c", "e"};
    struct incident inc;
    char title[128];

    fixture_draft(&inc, NOW);
    if (i == N)
        snprintf(inc.ref, sizeof(inc.ref), "INC-2026-10007");
    else
        snprintf(inc.ref, sizeof(inc.ref), "INC-2026-%04d", i);
    /* 顧客 in every third title (and in the last), メール in every
     * fifth; the leading letter makes the title order differ from the
     * ids'. */
    snprintf(title, sizeof(title), "%s%s%sの件", lead[i % 5],
             i % 3 == 0 || i == N ? "顧客" : "",
             i % 5 == 0 ? "へのメール" : "");
    xstrset(&inc.title, title);
    xstrset(&inc.description, "詳細は追って記す");
    xstrset(&inc.category, i % 2 ? "misdirected_email" : "device_loss");
    xstrset(&inc.owner, i % 3 ? "sato" : "suzuki");
    inc.severity = 1 + i % 4;
    inc.kind = i % 7 == 0 ? KIND_NEAR_MISS : KIND_INCIDENT;
    inc.phase = i % 4 == 0 ? PHASE_TRIAGE : PHASE_REPORTED;
    inc.reported_at = NOW - ((i * 7) % N) * 60;
    inc.version = 1;
    inc.created_at = NOW;
    inc.updated_at = NOW - ((i * 11) % N) * 60;
    inc.phase_times[PHASE_REPORTED] = inc.reported_at;
    inc.restricted = i % 6 == 0;
    strv_cleanup(&inc.members);
    if (inc.restricted)
        strv_push(&inc.members, "alice");
    assert_int_equal(store_begin(s), KZ_OK);
    assert_int_equal(store_incident_insert(s, &inc), KZ_OK);
    assert_int_equal(store_commit(s), KZ_OK);
    incident_cleanup(&inc);
}

static int setup(void **state)
{
    int rc = tempdb_setup(state);
    struct tempdb *t = *state;

    for (int i = 1; i <= N; i++)
        add(t->s, i);
    return rc;
}

/* The listing's settings of one case. */
struct lcase {
    const char *viewer;
    enum list_sort sort;
    bool asc;
    const char *category;
};

static void set_case(struct incident_filter *f, const struct lcase *c)
{
    incident_filter_init(f);
    f->viewer = c->viewer;
    f->sort = c->sort;
    f->asc = c->asc;
    f->category = c->category;
}

/* The refs of the list with q 'text', page after page of 'page' as the
 * API asks for them (one more than the page tells whether another
 * follows), space-separated. */
static char *paged(struct store *s, const struct lcase *c, const char *text,
                   int page)
{
    struct search_query q;
    struct list_cursor cur;
    struct buf b;
    const char *why = NULL;
    bool more = true, first = true;

    search_query_init(&q);
    assert_int_equal(search_query_parse(text, &q, &why), KZ_OK);
    assert_true(search_query_has_terms(&q));
    list_cursor_init(&cur);
    cur.sort = c->sort;
    cur.desc = !c->asc;
    buf_init(&b, 1 << 16);
    for (int guard = 0; more && guard < 100; guard++) {
        struct incident_filter f;
        struct incident_list l;
        set_case(&f, c);
        f.q = text;
        f.search = &q;
        f.limit = page + 1;
        if (!first && c->sort == LIST_SORT_DEFAULT && !c->asc)
            f.before_id = cur.id;
        else if (!first)
            f.after = &cur;
        assert_int_equal(store_incident_list(s, &f, &l), KZ_OK);
        for (size_t i = 0; i < l.n && i < (size_t)page; i++)
            assert_int_equal(buf_printf(&b, "%s ", l.items[i].ref), KZ_OK);
        more = l.n > (size_t)page;
        if (more)
            list_cursor_at(&cur, &l.items[page - 1]);
        incident_list_cleanup(&l);
        first = false;
    }
    list_cursor_cleanup(&cur);
    search_query_cleanup(&q);
    char *out = buf_take(&b);
    return out ? out : xstrdup("");
}

/* Does the incident match q as the corpus is made: each word of 'words'
 * in its title, or 'ref_piece' (upper case) in its ref. */
static bool expected_match(const struct incident *inc, const char *const *words,
                           const char *ref_piece)
{
    bool all = words[0] != NULL;

    for (size_t i = 0; words[i] != NULL; i++)
        all = all && strstr(inc->title, words[i]) != NULL;
    return all || (ref_piece != NULL && strstr(inc->ref, ref_piece) != NULL);
}

/* The refs of the list without q, in one page, keeping those that
 * match. */
static char *oracle(struct store *s, const struct lcase *c,
                    const char *const *words, const char *ref_piece)
{
    struct incident_filter f;
    struct incident_list l;
    struct buf b;

    set_case(&f, c);
    f.limit = INCIDENT_FETCH_MAX;
    assert_int_equal(store_incident_list(s, &f, &l), KZ_OK);
    buf_init(&b, 1 << 16);
    for (size_t i = 0; i < l.n; i++) {
        if (expected_match(&l.items[i], words, ref_piece))
            assert_int_equal(buf_printf(&b, "%s ", l.items[i].ref), KZ_OK);
    }
    incident_list_cleanup(&l);
    char *out = buf_take(&b);
    return out ? out : xstrdup("");
}

struct qcase {
    const char *text;
    const char *words[3];
    const char *ref_piece;
};

static const struct qcase queries[] = {
    {"顧客", {"顧客", NULL}, NULL},
    {"顧客 メール", {"顧客", "メール", NULL}, NULL},
    {"「へのメール」", {"へのメール", NULL}, NULL},
    /* A piece of a ref with the year's dash: a range of refs. */
    {"2026-0007", {NULL}, "INC-2026-0007"},
    {"inc-2026-001", {NULL}, "INC-2026-001"},
    /* Any other piece: each ref looked at. */
    {"0007", {NULL}, "0007"},
};

/* Every query, order, direction, filter and viewer, in pages of 1 and
 * 4, against the oracle. */
static void check_all(struct store *s)
{
    static const char *const viewers[] = {NULL, "bob", "alice"};
    static const char *const categories[] = {NULL, "device_loss"};

    for (size_t qi = 0; qi < sizeof(queries) / sizeof(queries[0]); qi++) {
        const struct qcase *qc = &queries[qi];
        for (int sort = 0; sort < LIST_SORT_COUNT; sort++) {
            for (int asc = 0; asc < 2; asc++) {
                for (size_t v = 0; v < 3; v++) {
                    for (size_t k = 0; k < 2; k++) {
                        struct lcase c = {viewers[v], (enum list_sort)sort,
                                          asc != 0, categories[k]};
                        char *want = oracle(s, &c, qc->words, qc->ref_piece);
                        for (int page = 1; page <= 4; page += 3) {
                            char *got = paged(s, &c, qc->text, page);
                            if (strcmp(got, want) != 0)
                                fail_msg("q=%s sort=%s %s viewer=%s "
                                         "category=%s page=%d:\n got  %s\n"
                                         " want %s",
                                         qc->text, list_sort_key(c.sort),
                                         asc ? "asc" : "desc",
                                         c.viewer ? c.viewer : "-",
                                         c.category ? c.category : "-", page,
                                         got, want);
                            xfree(got);
                        }
                        xfree(want);
                    }
                }
            }
        }
    }
}

/* The oracle itself: the corpus has matches, restricted ones among
 * them, so that a wrong list cannot pass as an empty one. */
static void test_corpus_has_matches(void **state)
{
    struct tempdb *t = *state;
    struct lcase all = {NULL, LIST_SORT_DEFAULT, false, NULL};
    struct lcase bob = {"bob", LIST_SORT_DEFAULT, false, NULL};
    char *a = oracle(t->s, &all, queries[0].words, NULL);
    char *b = oracle(t->s, &bob, queries[0].words, NULL);

    assert_string_equal(a, "INC-2026-10007 INC-2026-0039 INC-2026-0036 "
                           "INC-2026-0033 INC-2026-0030 INC-2026-0027 "
                           "INC-2026-0024 INC-2026-0021 INC-2026-0018 "
                           "INC-2026-0015 INC-2026-0012 INC-2026-0009 "
                           "INC-2026-0006 INC-2026-0003 ");
    assert_string_equal(b, "INC-2026-10007 INC-2026-0039 INC-2026-0033 "
                           "INC-2026-0027 INC-2026-0021 INC-2026-0015 "
                           "INC-2026-0009 INC-2026-0003 ");
    xfree(a);
    xfree(b);
}

/* The page from the matching incidents gathered and sorted (and, for
 * the default order, from the index in its order). */
static void test_gathered(void **state)
{
    check_all(((struct tempdb *)*state)->s);
}

/* The page from the list's order walked, the index asked about each
 * incident: as many match as the gathering takes at most. */
static void test_walked(void **state)
{
    size_t set_max = sqlite_list_q_set_max;
    int batch = sqlite_list_q_walk_batch;

    sqlite_list_q_set_max = 2;
    sqlite_list_q_walk_batch = 3;
    check_all(((struct tempdb *)*state)->s);
    sqlite_list_q_walk_batch = 1;
    check_all(((struct tempdb *)*state)->s);
    sqlite_list_q_set_max = set_max;
    sqlite_list_q_walk_batch = batch;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_corpus_has_matches, setup,
                                        tempdb_teardown),
        cmocka_unit_test_setup_teardown(test_gathered, setup, tempdb_teardown),
        cmocka_unit_test_setup_teardown(test_walked, setup, tempdb_teardown),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
