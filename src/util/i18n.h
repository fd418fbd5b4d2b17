/* SPDX-License-Identifier: MIT */
/*
 * i18n.h - the message catalogue: every user-facing string in ja and en.
 *
 * Core and store report message keys; the CLI and HTTP edges turn them into
 * text in the reader's language.  Japanese is the default.
 */
#ifndef KZ_UTIL_I18N_H
#define KZ_UTIL_I18N_H

#include <stddef.h>

enum lang { LANG_JA = 0, LANG_EN = 1 };

/* The text of 'key' in 'lang' (static); the key itself when unknown. */
const char *i18n_text(const char *key, enum lang lang);
/* True when the catalogue has 'key'. */
int i18n_has(const char *key);
/* "en", "en-US", "en_GB.UTF-8" → LANG_EN; "ja…" → LANG_JA; else 'dflt'. */
enum lang i18n_lang_parse(const char *s, enum lang dflt);
/* The best of ja/en by an Accept-Language header's q-values; ja default. */
enum lang i18n_lang_from_accept(const char *header);
/* "ja" or "en". */
const char *i18n_lang_code(enum lang lang);

/* For tests: number of entries and the i-th key, to check the table. */
size_t i18n_count(void);
const char *i18n_key_at(size_t i);
const char *i18n_text_at(size_t i, enum lang lang);

#endif
