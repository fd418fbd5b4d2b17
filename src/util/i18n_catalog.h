/* SPDX-License-Identifier: MIT */
/*
 * i18n_catalog.h - private to util/i18n.c: the shape of the catalogue.
 */
#ifndef KZ_UTIL_I18N_CATALOG_H
#define KZ_UTIL_I18N_CATALOG_H

#include <stddef.h>

struct i18n_entry {
    const char *key;
    const char *ja;
    const char *en;
};

/* In reading order; keys unique (tests/unit/util/test_i18n.c checks). */
extern const struct i18n_entry i18n_catalog[];
extern const size_t i18n_catalog_len;

#endif
