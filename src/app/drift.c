/* SPDX-License-Identifier: MIT */
/*
 * drift.c - how the facts of an incident moved away from what was last
 * disclosed (see drift.h).  Apart from disclosure.c because every change
 * of an incident (incident_ops.c) checks it, and disclosure.c depends on
 * the duties, which depend on the incident's use cases: together they
 * included each other in a circle.
 */
#include "app/drift.h"

#include <stdio.h>
#include <string.h>

#include "app/chronicle.h"
#include "app/items.h"
#include "core/readiness.h"
#include "core/taxonomy.h"
#include "json/drift_json.h"
#include "util/mem.h"

/* The latest disclosure of each kind, in the taxonomy's order, as they
 * stated (OUT: *out of *n, caller cleans each up and frees). */
static enum kz_err latest_disclosures(struct store *s, int64_t incident_id,
                                      struct stated_disclosure **out, size_t *n)
{
    struct item_list l = {0};
    enum kz_err err = store_item_list(s, incident_id, ITEM_DISCLOSURE, &l);

    *out = NULL;
    *n = 0;
    if (err != KZ_OK)
        return err;
    struct stated_disclosure *all = xcalloc(l.n + 1, sizeof(*all));
    for (size_t i = 0; i < l.n; i++) {
        stated_disclosure_init(&all[i]);
        stated_disclosure_load(&l.items[i], &all[i]);
    }
    *out = xcalloc(taxonomy_disclosure_kind.count + 1, sizeof(**out));
    for (size_t k = 0; k < taxonomy_disclosure_kind.count; k++) {
        long latest = -1;
        for (size_t i = 0; i < l.n; i++) {
            if (all[i].kind != NULL &&
                strcmp(all[i].kind, taxonomy_disclosure_kind.entries[k].key) ==
                    0)
                latest = (long)i;
        }
        if (latest >= 0) {
            (*out)[(*n)++] = all[latest];
            stated_disclosure_init(&all[latest]); /* moved */
        }
    }
    for (size_t i = 0; i < l.n; i++)
        stated_disclosure_cleanup(&all[i]);
    xfree(all);
    item_list_cleanup(&l);
    return KZ_OK;
}

static void free_latest(struct stated_disclosure *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        stated_disclosure_cleanup(&d[i]);
    xfree(d);
}

/* The facts of 'now' that differ from what 'd' stated (OUT: 'out',
 * without its disclosure's members). */
static void changes(const struct stated_disclosure *d,
                    const struct stated_facts *now, enum lang lang,
                    struct drift *out)
{
    out->changes = xcalloc(now->n + 1, sizeof(*out->changes));
    for (size_t i = 0; i < now->n; i++) {
        const char *was = stated_disclosure_fact(d, now->items[i].fact);
        if (was == NULL || strcmp(was, now->items[i].value) == 0)
            continue;
        char key[48];
        snprintf(key, sizeof(key), "drift.%s", now->items[i].fact);
        struct drift_change *c = &out->changes[out->n_changes++];
        c->fact = now->items[i].fact;
        c->label = i18n_text(key, lang);
        c->stated = xstrdup(was);
        c->now = xstrdup(now->items[i].value);
    }
}

enum kz_err app_drift_of(struct store *s, const struct incident *inc,
                         enum lang lang, struct drift_list *out)
{
    struct stated_disclosure *latest = NULL;
    size_t n = 0;
    struct stated_facts now;
    enum kz_err err = latest_disclosures(s, inc->id, &latest, &n);

    out->items = NULL;
    out->n = 0;
    if (err != KZ_OK)
        return err;
    out->items = xcalloc(n + 1, sizeof(*out->items));
    stated_facts_of(inc, &now);
    for (size_t i = 0; i < n; i++) {
        struct drift *d = &out->items[out->n];
        /* A document without "sent_at" was never shown with its drift. */
        if (!latest[i].has_sent_at)
            continue;
        changes(&latest[i], &now, lang, d);
        if (d->n_changes == 0) {
            xfree(d->changes);
            d->changes = NULL;
            continue;
        }
        d->disclosure_id = latest[i].id;
        d->kind = xstrdup(latest[i].kind);
        d->sent_at = latest[i].sent_at ? xstrdup(latest[i].sent_at) : NULL;
        out->n++;
    }
    stated_facts_cleanup(&now);
    free_latest(latest, n);
    return KZ_OK;
}

enum kz_err app_drift_after(struct store *s, const struct app_ctx *ctx,
                            const struct incident *before,
                            const struct incident *after)
{
    struct stated_disclosure *latest = NULL;
    size_t n = 0;
    struct stated_facts was;
    struct stated_facts now;
    enum kz_err err = latest_disclosures(s, after->id, &latest, &n);

    if (err != KZ_OK || n == 0) {
        free_latest(latest, n);
        return err;
    }
    stated_facts_of(before, &was);
    stated_facts_of(after, &now);
    struct drift_line *lines = xcalloc(n * now.n + 1, sizeof(*lines));
    size_t nl = 0;
    for (size_t i = 0; i < n; i++) {
        const struct stated_disclosure *d = &latest[i];
        /* Only what this change made untrue: older drift was reported
         * when it happened. */
        for (size_t k = 0; k < now.n; k++) {
            const char *stated = stated_disclosure_fact(d, now.items[k].fact);
            const char *prev = stated_fact_value(&was, now.items[k].fact);
            if (stated == NULL || strcmp(stated, now.items[k].value) == 0 ||
                (prev != NULL && strcmp(prev, now.items[k].value) == 0))
                continue;
            lines[nl++] = (struct drift_line){
                now.items[k].fact, stated, now.items[k].value,
                d->sent_at ? d->sent_at : "", d->kind ? d->kind : ""};
        }
    }
    if (nl > 0)
        err = app_chron_append(s, after, NULL, ENTRY_NOTE, CHRONICLE_SYSTEM,
                               ctx->now, drift_chron_body(lines, nl), NULL);
    xfree(lines);
    stated_facts_cleanup(&was);
    stated_facts_cleanup(&now);
    free_latest(latest, n);
    return err;
}
