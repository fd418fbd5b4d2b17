/* SPDX-License-Identifier: MIT */
/*
 * fuzz_query.c - URL query strings (src/util/query.c) and the list's
 * parameters read from them (src/app/list_query.c): a saved filter's
 * "query" arrives from outside in a JSON body.
 *
 * Properties: no crash, leak or UB; what parses has at most
 * QUERY_PAIRS_MAX pairs of UTF-8 without control characters and a
 * non-empty key; written again with query_append it parses to the same
 * pairs; a canonical list query is canonical again when read back.
 */
#include "fuzz.h"

#include <jansson.h>

#include "app/list_query.h"
#include "json/filter_json.h"
#include "util/mem.h"
#include "util/query.h"
#include "util/utf8.h"

/* A saved filter's query as the API reads it: its pairs from the JSON,
 * then the list's rules. */
static enum kz_err canonical(const json_t *in, char **out,
                             struct kz_problems *p)
{
    struct query pq;
    enum kz_err err = list_query_from_json(in, &pq, p);

    *out = NULL;
    if (err == KZ_OK)
        err = app_list_query_canonical(&pq, out, p);
    query_cleanup(&pq);
    return err;
}

static void check_round_trip(const struct query *q)
{
    struct buf b;
    struct query again;

    buf_init(&b, 1u << 20);
    for (size_t i = 0; i < q->n; i++)
        FUZZ_CHECK(query_append(&b, q->v[i].key, q->v[i].value) == KZ_OK);
    /* Encoding may triple the length beyond what the parser takes. */
    if (b.len <= QUERY_LEN_MAX) {
        FUZZ_CHECK(query_parse(b.data ? b.data : "", &again) == KZ_OK);
        FUZZ_CHECK(again.n == q->n);
        for (size_t i = 0; i < q->n; i++) {
            FUZZ_CHECK(strcmp(again.v[i].key, q->v[i].key) == 0);
            FUZZ_CHECK(strcmp(again.v[i].value, q->v[i].value) == 0);
        }
        query_cleanup(&again);
    }
    buf_cleanup(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    struct query q;

    if (query_parse(s, &q) == KZ_OK) {
        FUZZ_CHECK(q.n <= QUERY_PAIRS_MAX);
        for (size_t i = 0; i < q.n; i++) {
            const char *k = q.v[i].key;
            const char *v = q.v[i].value;
            FUZZ_CHECK(k[0] != '\0');
            FUZZ_CHECK(utf8_is_valid(k, strlen(k)) &&
                       !utf8_has_control(k, false));
            FUZZ_CHECK(utf8_is_valid(v, strlen(v)) &&
                       !utf8_has_control(v, false));
        }
        check_round_trip(&q);
    }
    query_cleanup(&q);

    json_t *j = utf8_is_valid(s, strlen(s)) ? json_string(s) : NULL;
    if (j != NULL) {
        struct kz_problems p;
        char *canon = NULL;
        kz_problems_clear(&p);
        if (canonical(j, &canon, &p) == KZ_OK) {
            FUZZ_CHECK(p.n == 0 && canon != NULL);
            json_t *again = json_string(canon);
            char *canon2 = NULL;
            FUZZ_CHECK(again != NULL);
            FUZZ_CHECK(canonical(again, &canon2, &p) == KZ_OK);
            FUZZ_CHECK(strcmp(canon, canon2) == 0);
            json_decref(again);
            xfree(canon2);
        } else {
            FUZZ_CHECK(p.n > 0 && canon == NULL);
        }
        xfree(canon);
        json_decref(j);
    }
    free(s);
    return 0;
}
