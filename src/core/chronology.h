/* SPDX-License-Identifier: MIT */
/*
 * chronology.h - the append-only timeline of an incident (SPEC C3).
 *
 * Each entry is sealed with a SHA-256 link over the previous entry's hash
 * and its own canonical form, so removing, altering or reordering entries
 * afterwards is detected by recomputing the chain.  Corrections are new
 * entries; nothing here edits or deletes one.
 */
#ifndef KZ_CORE_CHRONOLOGY_H
#define KZ_CORE_CHRONOLOGY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/hashchain.h"
#include "util/err.h"
#include "util/timefmt.h"

#define CHRON_BODY_MAX 20000 /* code points of a note */
/* How every body kizuki writes as a message key opens (json/
 * chronology_json.h); reserved, so no note passes for one. */
#define CHRON_SYSTEM_PREFIX "{\"msg\":\"chron."

/* Same order as taxonomy_entry_kind. */
enum entry_kind {
    ENTRY_NOTE,
    ENTRY_DECISION,
    ENTRY_CONTACT,
    ENTRY_ACTION,
    ENTRY_PHASE_CHANGE,
    ENTRY_FIELD_CHANGE,
    ENTRY_KIND_COUNT
};

struct chron_entry {
    int64_t seq; /* 1, 2, … within the incident */
    enum entry_kind kind;
    char *actor;
    kz_time at;
    char *body; /* text; JSON for phase_change and field_change */
    /* Chosen by the person who wrote it: the entry belongs in the course
     * of events of the APPI report (事実経過).  Sealed with the entry. */
    bool for_report;
    char prev_hash[HASH_HEX_SIZE];
    char hash[HASH_HEX_SIZE];
};

/* Where a chain ends: the number of entries and the last hash. */
struct chron_head {
    int64_t count;
    char hash[HASH_HEX_SIZE];
};

/* The first broken link found by verification. */
struct chron_break {
    char ref[24];
    int64_t seq;
    const char *what_key; /* catalogue key: which rule broke */
    char expected[HASH_HEX_SIZE];
    char found[HASH_HEX_SIZE];
};

struct chron_verifier {
    char ref[24];
    struct chron_head head; /* recomputed so far */
    bool broken;
};

void chron_entry_init(struct chron_entry *e);
void chron_entry_cleanup(struct chron_entry *e);
/* The head of an empty chain. */
void chron_head_init(struct chron_head *h);

const char *entry_kind_key(enum entry_kind k);
bool entry_kind_from_key(const char *key, enum entry_kind *out);
/* True for the kinds a person writes (note, decision, contact, action). */
bool entry_kind_is_manual(enum entry_kind k);

/* Check a person-written entry: a manual kind and a non-blank body of at
 * most CHRON_BODY_MAX code points.  Problems go to 'p'. */
enum kz_err chron_validate_manual(enum entry_kind kind, const char *body,
                                  struct kz_problems *p);

/* The hash 'e' must carry in the chain of incident 'ref'. */
void chron_compute_hash(const char *ref, const struct chron_entry *e,
                        char *out);
/* Make 'e' the next entry after 'head': sets seq, prev_hash and hash, and
 * advances 'head' to it. */
void chron_seal(const char *ref, struct chron_entry *e,
                struct chron_head *head);

/* Start checking the chain of incident 'ref'. */
void chron_verifier_start(struct chron_verifier *v, const char *ref);
/*
 * Check the next stored entry in seq order.  Returns false and fills 'out'
 * at the first broken link (a gap or reordering in seq, a prev_hash that
 * is not the previous hash, or a hash that does not match the content);
 * after that the chain is not checked further.
 */
bool chron_verifier_step(struct chron_verifier *v, const struct chron_entry *e,
                         struct chron_break *out);
/* The step of any hash chain: check the stored 'seq', 'prev_hash' and
 * 'hash' of the next entry against the chain so far and the hash
 * recomputed from its content ('computed'). */
bool chron_verifier_link(struct chron_verifier *v, int64_t seq,
                         const char *prev_hash, const char *hash,
                         const char *computed, struct chron_break *out);
/* Compare the end of the chain with the head recorded on the incident,
 * which catches entries removed from the end. */
bool chron_verifier_finish(struct chron_verifier *v,
                           const struct chron_head *recorded,
                           struct chron_break *out);

#endif
