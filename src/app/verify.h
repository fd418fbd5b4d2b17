/* SPDX-License-Identifier: MIT */
/*
 * verify.h - recompute every hash chain in the store and report the
 * broken links: every incident's chronology (SPEC C3) and the global
 * audit log (SPEC C15, reported with ref "audit").
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
    struct chron_break broken[VERIFY_BREAKS_MAX];
};

/* Walk every chain in 's' that 'viewer' may see (NULL: all; restricted
 * incidents exist only for their members and administrators) and the
 * audit log.  KZ_OK with r->nbroken == 0 when all are intact; KZ_EVERIFY
 * when one is broken (see r->broken, first break of each chain); store
 * errors as they come. */
enum kz_err app_verify(struct store *s, const struct actor *viewer,
                       struct verify_result *r) KZ_MUST_CHECK;

/* Check the chain of one incident that ctx's actor may read (KZ_ENOTFOUND
 * otherwise): KZ_OK when intact, KZ_EVERIFY with the break in 'r'. */
enum kz_err app_verify_incident(struct store *s, const struct app_ctx *ctx,
                                const char *ref,
                                struct verify_result *r) KZ_MUST_CHECK;

#endif
