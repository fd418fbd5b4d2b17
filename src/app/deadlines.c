/* SPDX-License-Identifier: MIT */
/*
 * deadlines.c - every reporting duty still to do across the incidents a
 * person may see (see deadlines.h).  Apart from duties.c because it lists
 * incidents through incident_ops.c, which itself evaluates duties to
 * check a closing: in one file the two would include each other.
 */
#include "app/deadlines.h"

#include <stdlib.h>
#include <string.h>

#include "app/duties.h"
#include "app/incident_ops.h"
#include "util/mem.h"

static int by_due(const void *a, const void *b)
{
    const struct open_duty *x = a;
    const struct open_duty *y = b;
    kz_time tx = x->duty.due_at == KZ_TIME_NONE ? INT64_MAX : x->duty.due_at;
    kz_time ty = y->duty.due_at == KZ_TIME_NONE ? INT64_MAX : y->duty.due_at;

    return tx < ty ? -1 : tx > ty ? 1 : 0;
}

enum kz_err app_deadlines(struct store *s, const struct app_ctx *ctx,
                          struct open_duty_list *out)
{
    struct incident_filter f;
    struct incident_list l = {0};
    struct obligation_config cfg;
    size_t cap = 0;
    enum kz_err err;

    app_obligation_config(s, &cfg);
    incident_filter_init(&f);
    f.limit = 1000;
    bool more = false;
    /* Page by page: the oldest open incidents come last and must not be
     * cut off by the page size. */
    do {
        err = app_incident_list(s, ctx, &f, &l);
        more = err == KZ_OK && l.n == (size_t)f.limit;
        if (more)
            f.before_id = l.items[l.n - 1].id;
        for (size_t i = 0; err == KZ_OK && i < l.n; i++) {
            struct duties d;
            const struct incident *inc = &l.items[i];
            if (inc->phase == PHASE_CLOSED)
                continue;
            err = app_duties_load_with(s, &cfg, inc, ctx->now, &d);
            for (size_t k = 0; err == KZ_OK && k < d.n; k++) {
                const struct obligation *o = &d.items[k];
                /* Undecided duties are listed too: unknown is not "not
                 * applicable", and someone must find the count. */
                if ((!o->applies && !o->undecided) || o->filing != NULL)
                    continue;
                if (out->n == cap) {
                    cap = cap ? cap * 2 : 16;
                    out->items =
                        xrealloc(out->items, cap * sizeof(*out->items));
                }
                struct open_duty *row = &out->items[out->n++];
                memcpy(row->ref, inc->ref, sizeof(row->ref));
                row->title = xstrdup(inc->title);
                row->kind = inc->kind;
                row->duty = *o; /* not filed: borrows nothing of 'd' */
            }
            if (err == KZ_OK)
                app_duties_cleanup(&d);
        }
        incident_list_cleanup(&l);
    } while (err == KZ_OK && more);
    if (out->n > 1)
        qsort(out->items, out->n, sizeof(*out->items), by_due);
    return err;
}
