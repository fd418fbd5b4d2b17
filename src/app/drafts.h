/* SPDX-License-Identifier: MIT */
/*
 * drafts.h - documents drafted from the record (SPEC C9, C11): the APPI
 * report to the commission with its nine items, the notice to individuals,
 * a press release and the incident report, in Japanese or English, as
 * Markdown or printable HTML.  What the record does not establish is
 * marked as not yet known; nothing is invented.
 */
#ifndef KZ_APP_DRAFTS_H
#define KZ_APP_DRAFTS_H

#include <stdbool.h>

#include "app/app.h"
#include "store/store.h"
#include "util/i18n.h"

/* True when 'name' is a draft kizuki makes. */
bool app_draft_is_known(const char *name);

/* Draft 'name' of 'ref' (OUT: *text, caller frees); 'html' chooses HTML
 * over Markdown.  KZ_ENOTFOUND for an unknown draft or incident. */
enum kz_err app_draft(struct store *s, const struct app_ctx *ctx,
                      const char *ref, const char *name, enum lang lang,
                      bool html, char **text) KZ_MUST_CHECK;

#endif
