/* SPDX-License-Identifier: MIT */
/*
 * fuzz_search_query.c - the search box's query language
 * (src/core/search_query.c) and what the SQLite store makes of it
 * (sqlite_search.c): the text arrives from anyone who may search.
 *
 * Properties: no crash or UB; a refusal names one of the three message
 * keys; a parsed query has terms or filters, at most SEARCH_TERMS_MAX
 * terms, each valid UTF-8 holding a token; and searching it in a real
 * store never fails: whatever was typed, FTS5 sees only quoted literals,
 * so it can never be a syntax error (query injection).
 */
#include "fuzz.h"

#include <unistd.h>

#include "core/search_query.h"
#include "store/store.h"
#include "util/timefmt.h"
#include "util/utf8.h"

static struct store *store;
static char dir[] = "/tmp/kizuki-fuzz-search-XXXXXX";
static char path[128];

static void remove_store(void)
{
    char p[160];

    store_close(store);
    unlink(path);
    snprintf(p, sizeof(p), "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", path);
    unlink(p);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (timefmt_setup_zone("Asia/Tokyo") != KZ_OK || mkdtemp(dir) == NULL)
        abort();
    snprintf(path, sizeof(path), "%s/fuzz.db", dir);
    if (store_open(path, STORE_OPEN_CREATE, &store) != KZ_OK)
        abort();
    atexit(remove_store);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    struct search_query q;
    const char *why = NULL;

    /* The server hands the parser valid UTF-8 only. */
    if (!utf8_is_valid(s, strlen(s))) {
        free(s);
        return 0;
    }
    search_query_init(&q);
    if (search_query_parse(s, &q, &why) != KZ_OK) {
        FUZZ_CHECK(why != NULL);
        FUZZ_CHECK(strcmp(why, "search.too_long") == 0 ||
                   strcmp(why, "search.nothing") == 0 ||
                   strcmp(why, "search.filter") == 0);
        search_query_cleanup(&q);
        free(s);
        return 0;
    }
    FUZZ_CHECK(q.terms.n <= SEARCH_TERMS_MAX);
    for (size_t i = 0; i < q.terms.n; i++) {
        FUZZ_CHECK(q.terms.v[i][0] != '\0');
        FUZZ_CHECK(utf8_is_valid(q.terms.v[i], strlen(q.terms.v[i])));
    }
    if (search_query_has_terms(&q)) {
        struct incident_filter f;
        struct search_hits h;
        incident_filter_init(&f);
        f.viewer = "fuzz";
        f.limit = 5;
        FUZZ_CHECK(store_search(store, &q, &f, &h) == KZ_OK);
        search_hits_cleanup(&h);
    }
    search_query_cleanup(&q);
    free(s);
    return 0;
}
