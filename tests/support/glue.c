/* SPDX-License-Identifier: MIT */
/*
 * glue.c - JSON in, JSON out around the typed use cases (see glue.h).
 */
#include "support/glue.h"

#include "app/deadlines.h"
#include "app/duties.h"
#include "app/ledger.h"
#include "json/duties_json.h"
#include "json/ledger_json.h"

enum kz_err glue_cost_add(struct store *s, const struct app_ctx *ctx,
                          const char *ref, const json_t *body,
                          struct kz_problems *p)
{
    struct cost c;

    cost_init(&c);
    (void)cost_from_json(body, &c, p);
    enum kz_err err = app_cost_add(s, ctx, ref, &c, p);
    cost_cleanup(&c);
    return err;
}

enum kz_err glue_damage(struct store *s, const struct app_ctx *ctx,
                        const char *ref, enum lang lang, json_t **out)
{
    struct damage d;
    struct cost_list costs = {0};
    enum kz_err err = app_damage(s, ctx, ref, &d, &costs);

    *out = err == KZ_OK ? damage_report_to_json(&d, &costs, lang) : NULL;
    cost_list_cleanup(&costs);
    return err;
}

enum kz_err glue_obligation_record(struct store *s, const struct app_ctx *ctx,
                                   const char *ref, const char *key,
                                   const json_t *body, struct kz_problems *p)
{
    struct filing f;

    filing_init(&f);
    (void)filing_from_json(body, &f, p);
    enum kz_err err = app_obligation_record(s, ctx, ref, key, &f, p);
    filing_cleanup(&f);
    return err;
}

enum kz_err glue_obligations(struct store *s, const struct app_ctx *ctx,
                             const char *ref, enum lang lang, json_t **out)
{
    struct duties d;
    enum kz_err err = app_obligations(s, ctx, ref, &d);

    *out = NULL;
    if (err == KZ_OK) {
        *out = obligations_to_json(d.items, d.n, lang);
        app_duties_cleanup(&d);
    }
    return err;
}

enum kz_err glue_deadlines(struct store *s, const struct app_ctx *ctx,
                           enum lang lang, json_t **out)
{
    struct open_duty_list l = {0};
    enum kz_err err = app_deadlines(s, ctx, &l);

    *out = err == KZ_OK ? open_duties_to_json(&l, lang) : NULL;
    open_duty_list_cleanup(&l);
    return err;
}
