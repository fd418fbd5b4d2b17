/* SPDX-License-Identifier: MIT */
/*
 * list_csv.h - the incident list as a spreadsheet: the CSV export of the
 * API (GET /api/v1/exports/incidents.csv) and of `kizuki incident list
 * --csv`, one writer for both.
 */
#ifndef KZ_APP_LIST_CSV_H
#define KZ_APP_LIST_CSV_H

#include "app/app.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/i18n.h"

/*
 * Append to 'out' the BOM, a header row in 'lang' and one row per
 * incident that 'f' matches and ctx's actor may see, in f's order, every
 * page of it (f->limit and f->after are used for paging; 'after' is the
 * caller's list_cursor_init'ed cursor).  Run it in one read snapshot so
 * that the pages are of one state.  Returns KZ_ETOOBIG when 'out' is
 * full, the list's errors otherwise.
 */
enum kz_err app_incident_csv(struct store *s, const struct app_ctx *ctx,
                             struct incident_filter *f,
                             struct list_cursor *after, enum lang lang,
                             struct buf *out) KZ_MUST_CHECK;

#endif
