/* SPDX-License-Identifier: MIT */
/*
 * closing_json.h - what keeps an incident from review or closing, as the
 * "open_items" of a refused move (docs/api.md, POST .../phase).
 */
#ifndef KZ_JSON_CLOSING_JSON_H
#define KZ_JSON_CLOSING_JSON_H

#include <jansson.h>

#include "core/closing.h"
#include "util/i18n.h"

/*
 * [{"kind":"duty","key","label","message"} | {"kind":"task","id","title",
 * "phase","message"}] with labels and messages in 'lang' (OUT: new
 * reference).
 */
json_t *closing_to_json(const struct closing_list *l, enum lang lang);
/* The one-line text of item 'it' in 'lang' for a terminal, without a
 * trailing newline (OUT: new string, xfree). */
char *closing_item_text(const struct closing_item *it, enum lang lang);

#endif
