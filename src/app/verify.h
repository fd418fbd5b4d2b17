/* SPDX-License-Identifier: MIT */
/*
 * verify.h - recompute every hash chain in the store and report the
 * broken links: every incident's chronology (SPEC C3) and the global
 * audit log (SPEC C15, reported with ref "audit"), each incident checked
 * against what the audit log recorded of it, and the audit log against
 * an anchor kept outside (docs/internals/hashchain.md).
 */
#ifndef KZ_APP_VERIFY_H
#define KZ_APP_VERIFY_H

#include <stdint.h>

#include "app/app.h"
#include "core/access.h"
#include "core/chronology.h"
#include "store/store.h"

#define VERIFY_BREAKS_MAX 100

struct verify_result {
    int64_t checked;       /* entries whose link was recomputed */
    int64_t incidents;     /* chains walked */
    int64_t audit_checked; /* audit entries recomputed (also in 'checked') */
    size_t nbroken;
    int64_t broken_total; /* may exceed the breaks kept */
    /* The last audit entry of the intact part of the log (seq, hash);
     * 0 and the genesis hash for an empty log. */
    struct chron_head audit_head;
    struct chron_break broken[VERIFY_BREAKS_MAX];
};

/* Walk every chain in 's' that 'viewer' may see (NULL: all; restricted
 * incidents exist only for their members and administrators) and the
 * audit log, and compare the two: an incident whose chronology no longer
 * holds the entry the audit log last recorded for it, one whose creation
 * the audit log lacks, and one the audit log created that is gone are
 * breaks too.  KZ_OK with r->nbroken == 0 when all are intact;
 * KZ_EVERIFY when one is broken (see r->broken, first break of each
 * chain); store errors as they come. */
enum kz_err app_verify(struct store *s, const struct actor *viewer,
                       struct verify_result *r) KZ_MUST_CHECK;
/*
 * app_verify, and the audit log must still hold the entry 'expect' (its
 * count is the entry's seq) with that hash: a break of "audit" otherwise
 * (an anchor written down earlier catches a log cut back at its end).
 * 'expect' NULL checks no anchor.
 */
enum kz_err app_verify_anchored(struct store *s, const struct actor *viewer,
                                const struct chron_head *expect,
                                struct verify_result *r) KZ_MUST_CHECK;

/* Check the chain of one incident that ctx's actor may read (KZ_ENOTFOUND
 * otherwise): KZ_OK when intact, KZ_EVERIFY with the break in 'r'. */
enum kz_err app_verify_incident(struct store *s, const struct app_ctx *ctx,
                                const char *ref,
                                struct verify_result *r) KZ_MUST_CHECK;

/*
 * GET /api/v1/verify: app_verify and app_evidence_verify (files under
 * 'evidence_dir') as ctx's actor may see them (auditors and
 * administrators; KZ_EFORBID otherwise), from one snapshot.  The breaks
 * of incidents the reader may not see are left out of 'r' (and of
 * r->broken_total), and so are the audit entries about them (of
 * r->checked and r->audit_checked).  KZ_OK, KZ_EVERIFY when a break is
 * left, or a store error.
 */
enum kz_err app_verify_for(struct store *s, const struct app_ctx *ctx,
                           const char *evidence_dir,
                           struct verify_result *r) KZ_MUST_CHECK;

#endif
