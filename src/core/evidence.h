/* SPDX-License-Identifier: MIT */
/*
 * evidence.h - evidence items (証拠保全) and their chain of custody: the
 * custody actions and the states they move an item through, the hash
 * chain of each item's custody events, and the rules for file names that
 * come from outside (sanitised for display and download, the original
 * kept as text).
 *
 * Pure: no I/O, no clock.  The stored bytes are handled by store/blob.c,
 * the use cases by app/evidence.c.
 */
#ifndef KZ_CORE_EVIDENCE_H
#define KZ_CORE_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/hashchain.h"
#include "core/incident.h"
#include "util/err.h"
#include "util/timefmt.h"

/* A sanitised name is at most this many bytes (a whole UTF-8 sequence is
 * never cut): every file system of interest takes 255. */
#define EVIDENCE_NAME_MAX 200
/* Free texts of an item or event (description, reason, location, …). */
#define EVIDENCE_TEXT_MAX 4000
/* Names of people (acquired_by, from, to). */
#define EVIDENCE_WHO_MAX 200

enum custody_action {
    CUSTODY_ACQUIRE, /* recorded when the item is created, never later */
    CUSTODY_HANDOVER,
    CUSTODY_TRANSFER,
    CUSTODY_COPY,
    CUSTODY_CHECKOUT,
    CUSTODY_RETURN,
    CUSTODY_SEAL,
    CUSTODY_DISPOSAL,
    CUSTODY_ACTION_COUNT
};

enum evidence_state {
    EVIDENCE_HELD,        /* in the custody of whoever holds it last */
    EVIDENCE_CHECKED_OUT, /* taken out for examination, to be returned */
    EVIDENCE_SEALED,      /* sealed (封印): a checkout breaks the seal */
    EVIDENCE_DISPOSED,    /* disposed of: nothing more may happen */
    EVIDENCE_STATE_COUNT
};

/* One event of an item's chain of custody. */
struct custody_event {
    int64_t id;
    int64_t evidence_id;
    int64_t seq; /* 1, 2, … within the item */
    enum custody_action action;
    char *from;     /* who gave it (may be empty) */
    char *to;       /* who received it (may be empty) */
    kz_time at;     /* when it happened, as stated */
    char *location; /* where it is afterwards */
    char *reason;
    char *actor; /* the account that recorded it */
    kz_time recorded_at;
    char hash[HASH_HEX_SIZE];
};

/* An evidence item: a file held in the content-addressed store, or a
 * thing recorded without content (a disk in a locked cabinet). */
struct evidence {
    int64_t id;
    int64_t incident_id;
    char ref[INCIDENT_REF_LEN]; /* the incident's, filled by reads */
    char *name;                 /* sanitised: shown, and the download's name */
    char *original_name;        /* as received, as text; NULL when unchanged */
    char *description;
    bool has_content;
    int64_t size;
    char sha256[HASH_HEX_SIZE]; /* "" without content */
    char md5[33];
    char sha1[41];
    char *media_type; /* libmagic's answer; NULL without content */
    char *location;   /* where the thing is kept, if stated */
    kz_time acquired_at;
    char *acquired_by;
    kz_time uploaded_at;
    char *uploaded_by;
    enum evidence_state state;
    int64_t custody_count; /* where its custody chain ends */
    char custody_head[HASH_HEX_SIZE];
};

void evidence_init(struct evidence *ev);
void evidence_cleanup(struct evidence *ev);
void custody_event_init(struct custody_event *e);
void custody_event_cleanup(struct custody_event *e);

/* The canonical key of 'a' ("handover"). */
const char *custody_action_key(enum custody_action a);
/* The action called 'key', its canonical name or an accepted spelling
 * ("hand_over", "hand-over", "check_out", "check-out", "dispose"); false
 * for anything else. */
bool custody_action_from_key(const char *key, enum custody_action *out);
/* The key of 's' ("checked_out"). */
const char *evidence_state_key(enum evidence_state s);
/* The state called 'key'; false for anything else. */
bool evidence_state_from_key(const char *key, enum evidence_state *out);

/*
 * Whether an item in 'state' may take 'action' next (SPEC C6, the rules
 * in docs/internals/evidence.md).  KZ_OK and the state afterwards in
 * *next; else KZ_ECONFLICT with the message key in *why
 * ("ev.rule.acquire", "ev.rule.disposed", "ev.rule.not_out",
 * "ev.rule.out", "ev.rule.sealed").
 */
enum kz_err custody_check(enum evidence_state state, enum custody_action action,
                          enum evidence_state *next,
                          const char **why) KZ_MUST_CHECK;

/* The hash chain domain of custody events. */
#define CUSTODY_DOMAIN "kizuki.custody.v1"

/*
 * Seal 'e' after 'prev_hex' (hashchain_genesis for the first event) of
 * item 'evidence_sha' ("" for an item without content): fills e->hash.
 * The fields are those of docs/internals/evidence.md, in that order.
 */
void custody_seal(struct custody_event *e, const char *prev_hex,
                  const char *evidence_sha);
/* True when 'e' has the hash custody_seal gives it after 'prev_hex'. */
bool custody_verify(const struct custody_event *e, const char *prev_hex,
                    const char *evidence_sha);

/*
 * Sanitise the outside name 'in' ('len' bytes, any bytes) into out[n] (n
 * > EVIDENCE_NAME_MAX): invalid UTF-8, controls (C0, DEL, C1), the
 * bidirectional overrides and the characters Windows refuses become '_',
 * path separators too, so only the last component's meaning stays; dots
 * and spaces are stripped from both ends (no hidden file, no "..");
 * over EVIDENCE_NAME_MAX bytes the stem is cut and the extension kept; an
 * empty result is "evidence".  Returns true when the name changed.
 */
bool evidence_name_sanitise(const char *in, size_t len, char *out, size_t n);

/*
 * Decode the percent-encoding of a header value 'in' (RFC 3986; '+' is
 * left as is) into out[n] as a C string.  False on a malformed escape, a
 * decoded NUL, a result that is not UTF-8 or does not fit; 'out' is then
 * unspecified.
 */
bool evidence_pct_decode(const char *in, char *out, size_t n);

#endif
