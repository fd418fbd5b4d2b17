/* SPDX-License-Identifier: MIT */
/*
 * triage_json.c - the score and its reasons as JSON (see triage_json.h).
 */
#include "json/triage_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/incident.h"
#include "core/taxonomy.h"

/* "12345" → "12,345". */
static void grouped(const char *digits, char *out, size_t n)
{
    size_t len = strlen(digits);
    size_t k = 0;

    for (size_t i = 0; i < len && k + 2 < n; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[k++] = ',';
        out[k++] = digits[i];
    }
    out[k] = '\0';
}

/* The value that earned a factor's points, for people. */
static void detail_text(const struct triage_reason *x, enum lang lang,
                        char *out, size_t n)
{
    const struct taxonomy *t = NULL;

    if (strcmp(x->factor, "sensitivity") == 0)
        t = &taxonomy_info_type;
    else if (strcmp(x->factor, "impact") == 0)
        t = &taxonomy_impact;
    else if (strcmp(x->factor, "cause") == 0)
        t = &taxonomy_cause;
    if (t != NULL) {
        const char *l = taxonomy_label(t, x->detail, lang);
        snprintf(out, n, "%s", l ? l : x->detail);
    } else if (strcmp(x->factor, "persons") == 0) {
        char num[40];
        grouped(x->detail, num, sizeof(num));
        snprintf(out, n, lang == LANG_EN ? "%s persons" : "%s人", num);
    } else {
        snprintf(out, n, "%s", x->detail);
    }
}

json_t *triage_to_json(const struct triage_result *r, enum lang lang)
{
    json_t *reasons = json_array();
    char detail[160];
    char text[512];

    for (size_t i = 0; i < r->n; i++) {
        const struct triage_reason *x = &r->reasons[i];
        detail_text(x, lang, detail, sizeof(detail));
        snprintf(text, sizeof(text), "%s: %s", i18n_text(x->text_key, lang),
                 detail);
        json_array_append_new(reasons,
                              json_pack("{s:s, s:i, s:s}", "factor", x->factor,
                                        "points", x->points, "text", text));
    }
    /* Unrated: no severity, what is missing, and what the facts at hand
     * give so far. */
    json_t *missing = json_array();
    for (size_t i = 0; i < r->n_missing; i++)
        json_array_append_new(
            missing, json_pack("{s:s, s:s}", "key",
                               r->missing[i] + sizeof("triage.missing.") - 1,
                               "text", i18n_text(r->missing[i], lang)));
    return json_pack(
        "{s:s?, s:b, s:s?, s:s, s:i, s:i, s:o, s:o}", "severity",
        severity_key(r->severity), "unrated", r->severity == 0, "label",
        r->severity == 0 ? i18n_text("triage.unrated", lang) : NULL, "at_least",
        severity_key(r->at_least), "score", r->score, "priority", r->priority,
        "reasons", reasons, "missing", missing);
}
