/* SPDX-License-Identifier: MIT */
/*
 * duties.h - reporting duties of incidents (SPEC C8): evaluate them with
 * what was filed, record filings, and list every open deadline across the
 * incidents a person may see.
 */
#ifndef KZ_APP_DUTIES_H
#define KZ_APP_DUTIES_H

#include "app/app.h"
#include "core/filing.h"
#include "core/obligation.h"
#include "store/store.h"
#include "util/i18n.h"

/* The evaluated duties of one incident with the filings they refer to. */
struct duties {
    struct obligation items[OBLIGATIONS_MAX];
    size_t n;
    struct obligation_filing filings[OBLIGATIONS_MAX]; /* borrow 'records' */
    size_t nfilings;
    struct filing records[OBLIGATIONS_MAX]; /* own the filings' strings */
};

/* The regimes switched on in the settings. */
void app_obligation_config(struct store *s, struct obligation_config *cfg);
/* Evaluate the duties of 'inc' at 'now' (OUT: 'd'; app_duties_cleanup). */
enum kz_err app_duties_load(struct store *s, const struct incident *inc,
                            kz_time now, struct duties *d) KZ_MUST_CHECK;
/* The same with the regimes 'cfg' read once for many incidents. */
enum kz_err app_duties_load_with(struct store *s,
                                 const struct obligation_config *cfg,
                                 const struct incident *inc, kz_time now,
                                 struct duties *d) KZ_MUST_CHECK;
void app_duties_cleanup(struct duties *d);

/* What a list shows of an incident's duties: how many are late (past
 * their target or their latest date), how many are due within 24 hours,
 * how many are undecided, and the soonest due time of those still to
 * do. */
struct duty_summary {
    int late;
    int due_soon;
    int undecided;       /* may apply; a fact they depend on is unknown */
    kz_time next_due_at; /* KZ_TIME_NONE: nothing due */
};
struct duty_summary app_duties_summary(const struct duties *d);
/* The duties of 'ref' for whoever may read it (OUT: 'd', which the
 * caller cleans up with app_duties_cleanup after KZ_OK only);
 * json/duties_json.h renders d->items. */
enum kz_err app_obligations(struct store *s, const struct app_ctx *ctx,
                            const char *ref, struct duties *d) KZ_MUST_CHECK;
/*
 * Record what was done about duty 'key' of 'ref' as 'f' (its key is
 * ignored): status "filed" (filed_at, KZ_TIME_NONE for now, and
 * reference), "not_applicable" (with a reason), or "pending" to undo.
 * Written in the chronology.  KZ_ENOTFOUND for an unknown duty; KZ_EINVAL
 * with 'p' (which may already hold the decoder's problems: nothing is
 * written then).
 */
enum kz_err app_obligation_record(struct store *s, const struct app_ctx *ctx,
                                  const char *ref, const char *key,
                                  const struct filing *f,
                                  struct kz_problems *p) KZ_MUST_CHECK;
#endif
