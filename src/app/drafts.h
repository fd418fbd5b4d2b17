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
#include <stddef.h>

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

/* As app_draft, with 'final' choosing the APPI 確報 over the 速報. */
enum kz_err app_draft_staged(struct store *s, const struct app_ctx *ctx,
                             const char *ref, const char *name, enum lang lang,
                             bool final, bool html, char **text) KZ_MUST_CHECK;

/* Room for app_draft_csp's answer. */
#define DRAFT_CSP_LEN 160
/* The Content-Security-Policy of a printable draft (OUT: out[n]). */
void app_draft_csp(char *out, size_t n);

#endif
