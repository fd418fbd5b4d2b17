/* SPDX-License-Identifier: MIT */
/*
 * audit.h - the global audit log (SPEC C15): every change, every sign-in
 * attempt, every token created and every read of a restricted incident,
 * hash-chained like the chronology so that removal or alteration shows.
 */
#ifndef KZ_CORE_AUDIT_H
#define KZ_CORE_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/chronology.h"
#include "core/hashchain.h"
#include "util/timefmt.h"

struct audit_entry {
    int64_t seq; /* 1, 2, … over the whole store */
    kz_time at;
    char *actor;  /* account name, "-" when unknown */
    char *action; /* "login.failure", "incident.update", … */
    char *target; /* "INC-2026-0001", "user:alice", "" */
    char *source; /* client address, "cli" for local commands */
    char *detail; /* JSON text or "" */
    char prev_hash[HASH_HEX_SIZE];
    char hash[HASH_HEX_SIZE];
};

void audit_entry_init(struct audit_entry *e);
void audit_entry_cleanup(struct audit_entry *e);
/* The hash 'e' must carry. */
void audit_compute_hash(const struct audit_entry *e, char *out);
/* Make 'e' the next entry after 'head' and advance 'head'. */
void audit_seal(struct audit_entry *e, struct chron_head *head);

/* Check the next stored entry in seq order against the chain so far
 * ('v' started with chron_verifier_start(v, "audit")). */
bool audit_verifier_step(struct chron_verifier *v, const struct audit_entry *e,
                         struct chron_break *out);

#endif
