/* SPDX-License-Identifier: MIT */
/*
 * audit.c - audit entries and their hash chain (see audit.h).  The link
 * is the same as the chronology's (core/hashchain.c) with its own domain.
 */
#include "core/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/mem.h"

static const char audit_domain[] = "kizuki.audit.v1";

void audit_entry_init(struct audit_entry *e)
{
    memset(e, 0, sizeof(*e));
    e->at = KZ_TIME_NONE;
}

void audit_entry_cleanup(struct audit_entry *e)
{
    xfree(e->actor);
    xfree(e->action);
    xfree(e->target);
    xfree(e->source);
    xfree(e->detail);
    audit_entry_init(e);
}

void audit_compute_hash(const struct audit_entry *e, char *out)
{
    char seq[24];
    char at[TIMEFMT_LEN];
    const char *fields[7];

    snprintf(seq, sizeof(seq), "%" PRId64, e->seq);
    timefmt_format_utc(e->at, at);
    fields[0] = seq;
    fields[1] = at;
    fields[2] = e->actor ? e->actor : "";
    fields[3] = e->action ? e->action : "";
    fields[4] = e->target ? e->target : "";
    fields[5] = e->source ? e->source : "";
    fields[6] = e->detail ? e->detail : "";
    hashchain_link(e->prev_hash, audit_domain, fields, 7, out);
}

void audit_seal(struct audit_entry *e, struct chron_head *head)
{
    e->seq = head->count + 1;
    memcpy(e->prev_hash, head->hash, HASH_HEX_SIZE);
    audit_compute_hash(e, e->hash);
    head->count = e->seq;
    memcpy(head->hash, e->hash, HASH_HEX_SIZE);
}

bool audit_verifier_step(struct chron_verifier *v, const struct audit_entry *e,
                         struct chron_break *out)
{
    char computed[HASH_HEX_SIZE];

    if (v->broken)
        return false;
    audit_compute_hash(e, computed);
    return chron_verifier_link(v, e->seq, e->prev_hash, e->hash, computed, out);
}
