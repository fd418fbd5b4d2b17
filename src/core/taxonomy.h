/* SPDX-License-Identifier: MIT */
/*
 * taxonomy.h - the classification tables of SPEC §5 (and the enumerations
 * of the record): a stable snake_case key with a Japanese and an English
 * label per value, one const table per taxonomy.
 */
#ifndef KZ_CORE_TAXONOMY_H
#define KZ_CORE_TAXONOMY_H

#include <stdbool.h>
#include <stddef.h>

#include "util/i18n.h"

struct taxonomy_entry {
    const char *key;
    const char *ja;
    const char *en;
};

struct taxonomy {
    const char *name; /* "category" */
    const char *ja;   /* what the taxonomy classifies, for headings */
    const char *en;
    const struct taxonomy_entry *entries;
    size_t count;
};

/* Every taxonomy, in a fixed order. */
const struct taxonomy *const *taxonomy_all(size_t *count);
/* The taxonomy called 'name', or NULL. */
const struct taxonomy *taxonomy_find(const char *name);
/* Index of 'key' in 't', or -1 when 't' has no such key. */
int taxonomy_index(const struct taxonomy *t, const char *key);
/* True when 'key' is a value of 't'. */
bool taxonomy_has(const struct taxonomy *t, const char *key);
/* The label of 'key' in 'lang', or NULL for an unknown key. */
const char *taxonomy_label(const struct taxonomy *t, const char *key,
                           enum lang lang);
/* The label of an entry in 'lang'. */
const char *taxonomy_entry_label(const struct taxonomy_entry *e,
                                 enum lang lang);

/* The tables by name, for code that needs one directly. */
extern const struct taxonomy taxonomy_kind;
extern const struct taxonomy taxonomy_phase;
extern const struct taxonomy taxonomy_category;
extern const struct taxonomy taxonomy_info_type;
extern const struct taxonomy taxonomy_impact;
extern const struct taxonomy taxonomy_party;
extern const struct taxonomy taxonomy_place;
extern const struct taxonomy taxonomy_detection_trigger;
extern const struct taxonomy taxonomy_response_measure;
extern const struct taxonomy taxonomy_prevention_measure;
extern const struct taxonomy taxonomy_cause;
extern const struct taxonomy taxonomy_severity;
extern const struct taxonomy taxonomy_tlp;
extern const struct taxonomy taxonomy_entry_kind;
extern const struct taxonomy taxonomy_role;
extern const struct taxonomy taxonomy_asset_kind;
extern const struct taxonomy taxonomy_contact_role;
extern const struct taxonomy taxonomy_oncall_window;
extern const struct taxonomy taxonomy_task_status;
extern const struct taxonomy taxonomy_leak_kind;
extern const struct taxonomy taxonomy_leak_indicator;
extern const struct taxonomy taxonomy_cost_category;
extern const struct taxonomy taxonomy_disclosure_kind;
extern const struct taxonomy taxonomy_aftercare_kind;
extern const struct taxonomy taxonomy_fact;

#endif
