/* SPDX-License-Identifier: MIT */
/*
 * taxonomy.c - lookups over the taxonomy tables (see taxonomy.h).
 * The tables themselves are data in taxonomy_data.c.
 */
#include "core/taxonomy.h"

#include <string.h>

static const struct taxonomy *const all[] = {
    &taxonomy_kind,
    &taxonomy_phase,
    &taxonomy_category,
    &taxonomy_info_type,
    &taxonomy_impact,
    &taxonomy_party,
    &taxonomy_place,
    &taxonomy_detection_trigger,
    &taxonomy_response_measure,
    &taxonomy_prevention_measure,
    &taxonomy_cause,
    &taxonomy_severity,
    &taxonomy_tlp,
    &taxonomy_entry_kind,
    &taxonomy_role,
    &taxonomy_asset_kind,
    &taxonomy_contact_role,
    &taxonomy_oncall_window,
    &taxonomy_task_status,
    &taxonomy_leak_kind,
    &taxonomy_leak_indicator,
    &taxonomy_cost_category,
    &taxonomy_disclosure_kind,
    &taxonomy_aftercare_kind,
    &taxonomy_fact,
};

const struct taxonomy *const *taxonomy_all(size_t *count)
{
    *count = sizeof(all) / sizeof(all[0]);
    return all;
}

const struct taxonomy *taxonomy_find(const char *name)
{
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        if (strcmp(all[i]->name, name) == 0)
            return all[i];
    }
    return NULL;
}

int taxonomy_index(const struct taxonomy *t, const char *key)
{
    if (key == NULL)
        return -1;
    for (size_t i = 0; i < t->count; i++) {
        if (strcmp(t->entries[i].key, key) == 0)
            return (int)i;
    }
    return -1;
}

bool taxonomy_has(const struct taxonomy *t, const char *key)
{
    return taxonomy_index(t, key) >= 0;
}

const char *taxonomy_label(const struct taxonomy *t, const char *key,
                           enum lang lang)
{
    int i = taxonomy_index(t, key);

    if (i < 0)
        return NULL;
    return taxonomy_entry_label(&t->entries[i], lang);
}

const char *taxonomy_entry_label(const struct taxonomy_entry *e, enum lang lang)
{
    return lang == LANG_EN ? e->en : e->ja;
}
