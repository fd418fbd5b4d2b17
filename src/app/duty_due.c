/* SPDX-License-Identifier: MIT */
/*
 * duty_due.c - each incident's soonest open duty due time, kept in the
 * store for the list's overdue filter (see duty_due.h).
 */
#include "app/duty_due.h"

#include "app/duties.h"

/* Bump when core/obligation.c computes a due time differently, so that
 * the stored ones are recomputed when the server starts. */
#define DUTY_DUE_RULES_VERSION 1

int64_t app_duty_due_rules(const struct obligation_config *cfg)
{
    int64_t bits = (cfg->appi ? 1 : 0) | (cfg->mynumber ? 2 : 0) |
                   (cfg->gdpr ? 4 : 0) | (cfg->nis2 ? 8 : 0) |
                   (cfg->sec ? 16 : 0);

    return DUTY_DUE_RULES_VERSION * 32 + bits;
}

enum kz_err app_duty_due_note(struct store *s,
                              const struct obligation_config *cfg,
                              const struct incident *inc, kz_time now)
{
    struct obligation_config own;
    struct duties d;

    if (cfg == NULL) {
        app_obligation_config(s, &own);
        cfg = &own;
    }
    enum kz_err err = app_duties_load_with(s, cfg, inc, now, &d);
    if (err != KZ_OK)
        return err;
    /* The summary's next due time is the soonest of the duties still to
     * do (pending, due soon, past target, overdue): whether it is past
     * is decided by the query at the time it runs. */
    struct duty_summary sum = app_duties_summary(&d);
    app_duties_cleanup(&d);
    return store_duty_due_set(s, inc->id, sum.next_due_at,
                              app_duty_due_rules(cfg));
}

/* How many incidents one round of the refresh reads. */
#define REFRESH_BATCH 500

enum kz_err app_duty_due_refresh(struct store *s, kz_time now, size_t *done)
{
    struct obligation_config cfg;
    size_t n = 0;
    enum kz_err err = store_begin(s);

    if (done != NULL)
        *done = 0;
    if (err != KZ_OK)
        return err;
    app_obligation_config(s, &cfg);
    int64_t rules = app_duty_due_rules(&cfg);
    bool more = true;
    int64_t after = 0;
    while (err == KZ_OK && more) {
        struct duty_due_stale st;
        err = store_duty_due_stale(s, rules, after, REFRESH_BATCH, &st);
        more = err == KZ_OK && st.n > 0;
        after = st.last_id;
        for (size_t i = 0; err == KZ_OK && i < st.n; i++) {
            struct incident inc;
            incident_init(&inc);
            err = store_incident_get(s, st.refs[i], &inc);
            if (err == KZ_OK)
                err = app_duty_due_note(s, &cfg, &inc, now);
            incident_cleanup(&inc);
            n++;
        }
        duty_due_stale_cleanup(&st);
    }
    err = store_end(s, err);
    if (err == KZ_OK && done != NULL)
        *done = n;
    return err;
}
