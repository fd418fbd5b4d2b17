/* SPDX-License-Identifier: MIT */
/*
 * closing_json.c - the open duties and tasks of a refused move (see
 * closing_json.h).
 */
#include "json/closing_json.h"

#include <stdio.h>

#include "core/taxonomy.h"
#include "util/mem.h"

static const char *duty_label(const char *key, enum lang lang)
{
    char k[64];

    snprintf(k, sizeof(k), "obl.%s", key);
    return i18n_text(k, lang);
}

json_t *closing_to_json(const struct closing_list *l, enum lang lang)
{
    json_t *items = json_array();

    for (size_t i = 0; i < l->n; i++) {
        const struct closing_item *it = &l->items[i];
        if (it->duty_key != NULL)
            json_array_append_new(
                items,
                json_pack("{s:s, s:s, s:s, s:s}", "kind", "duty", "key",
                          it->duty_key, "label", duty_label(it->duty_key, lang),
                          "message", i18n_text("closing.duty_open", lang)));
        else
            json_array_append_new(
                items,
                json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "kind", "task",
                          "id", (json_int_t)it->task_id, "title",
                          it->task_title ? it->task_title : "", "phase",
                          phase_key(it->task_phase), "phase_label",
                          taxonomy_label(&taxonomy_phase,
                                         phase_key(it->task_phase), lang),
                          "message", i18n_text("closing.task_open", lang)));
    }
    return items;
}

char *closing_item_text(const struct closing_item *it, enum lang lang)
{
    /* A title is at most a few hundred bytes (TEXT_TITLE); a longer one
     * is cut on the terminal only, never in the record. */
    char line[4096];

    if (it->duty_key != NULL)
        snprintf(line, sizeof(line), "%s「%s」: %s",
                 i18n_text("closing.duty", lang),
                 duty_label(it->duty_key, lang),
                 i18n_text("closing.duty_open", lang));
    else
        snprintf(
            line, sizeof(line), "%s #%lld「%s」(%s): %s",
            i18n_text("closing.task", lang), (long long)it->task_id,
            it->task_title ? it->task_title : "",
            taxonomy_label(&taxonomy_phase, phase_key(it->task_phase), lang),
            i18n_text("closing.task_open", lang));
    return xstrdup(line);
}
