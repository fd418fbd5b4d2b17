/* SPDX-License-Identifier: MIT */
/*
 * list_sort.h - the orders of the incident list and its keyset cursor.
 *
 * A page of a sorted list ends at some row; the next page starts after
 * that row's sort value and id (the id breaks ties, so paging neither
 * skips nor repeats rows that share a value).  The cursor carries both,
 * and the sort and direction it was made for, so that a cursor is never
 * applied to another order.  The list sorted by the default order keeps
 * its historical cursor, the bare id.
 */
#ifndef KZ_CORE_LIST_SORT_H
#define KZ_CORE_LIST_SORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/incident.h"
#include "util/err.h"

enum list_sort {
    LIST_SORT_DEFAULT, /* newest first by id: the historical order */
    LIST_SORT_REF,     /* INC-<year>-<number>, by year then number */
    LIST_SORT_TITLE,
    LIST_SORT_PHASE, /* in the order of the response flow */
    LIST_SORT_SEVERITY,
    LIST_SORT_KIND, /* incident, near miss, exercise */
    LIST_SORT_CATEGORY,
    LIST_SORT_REPORTED_AT,
    LIST_SORT_OWNER,
    LIST_SORT_UPDATED_AT,
    LIST_SORT_COUNT
};

/* The longest encoded cursor (a title of 200 characters, hex-encoded). */
#define LIST_CURSOR_MAX 2400

/* Where the previous page ended.  'text' is owned by the cursor. */
struct list_cursor {
    enum list_sort sort;
    bool desc;
    bool is_text; /* the sort value is 'text', else 'num' */
    int64_t num;
    char *text;
    int64_t id;
};

/* The key of 's' in the API ("reported_at"; "id" for the default). */
const char *list_sort_key(enum list_sort s);
/* The sort called 'key'; false when there is none. */
bool list_sort_from_key(const char *key, enum list_sort *out);
/* True when the values of 's' are text (else integers). */
bool list_sort_is_text(enum list_sort s);

/*
 * Set the sort value of 'c' (sort already set) from 'inc', the last row of
 * a page, exactly as the store computes it: a missing severity counts 0,
 * a missing category or owner "", phase and kind their ordinal, a
 * reference year * 10^9 + number.  Sets the id too.
 */
void list_cursor_at(struct list_cursor *c, const struct incident *inc);

/* Set 'c' to nothing (no owned text). */
void list_cursor_init(struct list_cursor *c);
/* Free the text of 'c' and set it to nothing. */
void list_cursor_cleanup(struct list_cursor *c);

/*
 * Encode 'c' into a fresh string the caller frees (xfree); NULL when out
 * of memory.  The default sort, newest first, encodes as the bare id;
 * any other as "<sort>.<a|d>.<n<number>|t<hex of text>>.<id>", which
 * needs no escaping in a URL.
 */
char *list_cursor_encode(const struct list_cursor *c);

/*
 * Decode 's', made for a list sorted by 'sort' in direction 'desc', into
 * 'out' (initialised here; the caller cleans it up).  KZ_EINVAL when it is
 * malformed, longer than LIST_CURSOR_MAX, or made for another sort or
 * direction; KZ_ENOMEM.
 */
enum kz_err list_cursor_decode(const char *s, enum list_sort sort, bool desc,
                               struct list_cursor *out) KZ_MUST_CHECK;

#endif
