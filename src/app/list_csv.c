/* SPDX-License-Identifier: MIT */
/*
 * list_csv.c - the incident list as CSV (see list_csv.h).  UTF-8 with a
 * BOM so Excel reads Japanese, labels in the reader's language,
 * formula-like cells defused by util/csv.c.
 */
#include "app/list_csv.h"

#include "app/incident_ops.h"
#include "core/taxonomy.h"
#include "util/csv.h"
#include "util/timefmt.h"

/* The columns of the CSV export: a header (catalogue key) each. */
static const char *const csv_columns[] = {
    "field.ref",   "field.title",      "field.kind",        "field.category",
    "field.phase", "field.severity",   "field.reported_at", "field.owner",
    "field.tags",  "field.restricted", "field.updated_at",
};

/* Append one incident as a CSV row, labels in 'lang'. */
static enum kz_err csv_row(struct buf *b, const struct incident *inc,
                           enum lang lang)
{
    char reported[TIMEFMT_LEN], updated[TIMEFMT_LEN];
    struct buf tags;
    enum kz_err err = KZ_OK;

    buf_init(&tags, 64 * 1024);
    for (size_t i = 0; err == KZ_OK && i < inc->tags.n; i++)
        err = buf_printf(&tags, "%s%s", i > 0 ? " " : "", inc->tags.v[i]);
    const char *cells[] = {
        inc->ref,
        inc->title,
        taxonomy_label(&taxonomy_kind, kind_key(inc->kind), lang),
        inc->category != NULL
            ? taxonomy_label(&taxonomy_category, inc->category, lang)
            : NULL,
        taxonomy_label(&taxonomy_phase, phase_key(inc->phase), lang),
        inc->severity > 0 ? severity_key(inc->severity) : NULL,
        timefmt_format(inc->reported_at, reported),
        inc->owner,
        tags.data != NULL ? tags.data : "",
        i18n_text(inc->restricted ? "csv.yes" : "csv.no", lang),
        timefmt_format(inc->updated_at, updated),
    };
    for (size_t i = 0; err == KZ_OK && i < sizeof(cells) / sizeof(cells[0]);
         i++)
        err = csv_cell(b, cells[i], i == 0);
    if (err == KZ_OK)
        err = csv_end_row(b);
    buf_cleanup(&tags);
    return err;
}

enum kz_err app_incident_csv(struct store *s, const struct app_ctx *ctx,
                             struct incident_filter *f,
                             struct list_cursor *after, enum lang lang,
                             struct buf *out)
{
    enum kz_err err = buf_puts(out, CSV_BOM);

    for (size_t i = 0;
         err == KZ_OK && i < sizeof(csv_columns) / sizeof(csv_columns[0]); i++)
        err = csv_cell(out, i18n_text(csv_columns[i], lang), i == 0);
    if (err == KZ_OK)
        err = csv_end_row(out);
    f->limit = INCIDENT_PAGE_MAX;
    while (err == KZ_OK) {
        struct incident_list l = {0};
        err = app_incident_list(s, ctx, f, &l);
        for (size_t i = 0; err == KZ_OK && i < l.n; i++)
            err = csv_row(out, &l.items[i], lang);
        bool more = err == KZ_OK && l.n == (size_t)f->limit;
        if (more) {
            /* Keyset paging in the export's own order. */
            after->sort = f->sort;
            after->desc = !f->asc;
            list_cursor_at(after, &l.items[l.n - 1]);
            f->before_id = 0;
            f->after = after;
        }
        incident_list_cleanup(&l);
        if (!more)
            break;
    }
    return err;
}
