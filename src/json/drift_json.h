/* SPDX-License-Identifier: MIT */
/*
 * drift_json.h - the drift of an incident's facts since they were
 * disclosed (SPEC C9) as JSON: what a stored disclosure stated, read for
 * the use cases (app/drift.c), the drift they find rendered for the API,
 * and the chronology note a change that makes a stated fact untrue
 * writes.
 *
 * jansson is not included here: src/app sees only the typed values.
 */
#ifndef KZ_JSON_DRIFT_JSON_H
#define KZ_JSON_DRIFT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

struct json_t;

/* The most facts read from one disclosure (core/readiness.h states 7). */
#define STATED_FACTS_MAX 16

/* What one stored disclosure stated, as drift reads it. */
struct stated_disclosure {
    int64_t id;       /* the item's */
    char *kind;       /* NULL when the document names none */
    bool has_sent_at; /* the document has "sent_at" (a time or null) */
    char *sent_at;    /* its text; NULL when null or no string */
    size_t n;
    struct {
        char *fact;
        char *value;
    } facts[STATED_FACTS_MAX]; /* the string members of "facts" */
};

/* A disclosure that stated nothing (OUT: 'd'). */
void stated_disclosure_init(struct stated_disclosure *d);
/* Free what 'd' holds and leave it as stated_disclosure_init does. */
void stated_disclosure_cleanup(struct stated_disclosure *d);
/* Read the stored document of disclosure item 'it' into 'out'
 * (initialised).  A document that is no JSON object reads as stating
 * nothing (no kind, no facts). */
void stated_disclosure_load(const struct item *it,
                            struct stated_disclosure *out);
/* What 'd' stated of 'fact' (borrowed), or NULL. */
const char *stated_disclosure_fact(const struct stated_disclosure *d,
                                   const char *fact);

/* A stated fact no longer true. */
struct drift_change {
    const char *fact;  /* static */
    const char *label; /* static, in the reader's language */
    char *stated;
    char *now;
};

/* The drift from one disclosure. */
struct drift {
    int64_t disclosure_id;
    char *kind;
    char *sent_at; /* NULL: null */
    struct drift_change *changes;
    size_t n_changes;
};

struct drift_list {
    struct drift *items;
    size_t n;
};

/* Free what 'l' holds and leave it empty. */
void drift_list_cleanup(struct drift_list *l);

/* [{disclosure_id, kind, sent_at, changes:[{fact, label, stated, now}]}]
 * (OUT: new reference). */
struct json_t *drift_list_to_json(const struct drift_list *l);

/* One line of the chronology note: a fact a change made untrue. */
struct drift_line {
    const char *fact;
    const char *stated;
    const char *now;
    const char *sent; /* "" when unknown */
    const char *kind; /* "" when unknown */
};

/* The note (OUT: caller frees): "chron.drift" with {"lines":[{"msg":
 * "chron.drift.line","args":{"drift","stated","now","sent",
 * "disclosure_kind"}}]}, as chron_sys_body writes it. */
char *drift_chron_body(const struct drift_line *lines, size_t n);

#endif
