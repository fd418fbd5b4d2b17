/* SPDX-License-Identifier: MIT */
/*
 * filter_json.h - a person's saved list filters as JSON (issue 10 item 7):
 * the request's {"name","query","default"} read into a typed input for
 * the use cases (app/saved_filters.h), a list query given as a string or
 * an object read into its pairs, and a filter as the API answers it.
 *
 * jansson is not included here: src/app sees only the typed input, while
 * the HTTP handlers, which include <jansson.h>, use the rest.
 */
#ifndef KZ_JSON_FILTER_JSON_H
#define KZ_JSON_FILTER_JSON_H

#include <stdbool.h>

#include "store/store.h"
#include "util/err.h"
#include "util/query.h"

struct json_t;

/* A filter's members as a request gives them; each may be absent (a
 * change names only what it changes). */
struct filter_input {
    bool has_name;   /* "name" was given */
    char *name;      /* its text; NULL when absent or no string */
    bool has_query;  /* "query" was given */
    bool query_read; /* and its pairs were read without a problem */
    struct query query;
    bool has_default; /* "default" was given as a boolean */
    bool is_default;
    /* What reading "name", "query" and "default" found wrong (a wrong
     * type, a query that did not read): the use case adds each to its
     * answer where it checks that member, so that the answer names the
     * fields in the order the request's members are checked. */
    struct kz_problems read;
};

/* An input with no member given (OUT: 'in'). */
void filter_input_init(struct filter_input *in);
/* Free what 'in' holds and leave it as filter_input_init does. */
void filter_input_cleanup(struct filter_input *in);

/*
 * Read {"name","query","default"} from 'body' into 'out' (initialised;
 * caller cleans up).  Unknown members go to 'p'; members of the wrong
 * type and a query that does not read (list_query_from_json) to
 * out->read.  Either gives KZ_EINVAL; what did read is in 'out' all the
 * same, so that the use case adds its own problems to the same answer.
 */
enum kz_err filter_input_from_json(const struct json_t *body,
                                   struct filter_input *out,
                                   struct kz_problems *p);

/*
 * The pairs of a list query (OUT: 'out', query_cleanup it whatever the
 * result) given as a query string ("open=true&owner=sato") or an object
 * of the same parameters (strings; booleans and integers written as the
 * list reads them).  KZ_EINVAL with a problem on "query" (a string that
 * does not parse, another type) or "query.<parameter>" (a value of
 * another type, a control character, too many pairs).  Which parameters
 * the list takes is the use case's to check (app_list_query_canonical).
 */
enum kz_err list_query_from_json(const struct json_t *in, struct query *out,
                                 struct kz_problems *p);

/* The parameters of canonical query string 'q' as an object of strings
 * (OUT: new reference; an empty object when 'q' does not parse). */
struct json_t *list_query_params_to_json(const char *q);

/* {"id","name","query","params","default","created_at","updated_at"} of
 * 'f' (OUT: new reference). */
struct json_t *filter_to_json(const struct saved_filter *f);

#endif
