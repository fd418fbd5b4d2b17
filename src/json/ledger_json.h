/* SPDX-License-Identifier: MIT */
/*
 * ledger_json.h - what an incident costs (SPEC C7) as JSON: the JNSA
 * estimate with its inputs, the cost ledger, a new entry from a request
 * body, and an entry's stored document.
 *
 * jansson is not included here: src/app stores and reads entries through
 * cost_doc_dump / cost_doc_load without seeing JSON, while the HTTP
 * handlers and the CLI, which include <jansson.h>, use the rest.
 */
#ifndef KZ_JSON_LEDGER_JSON_H
#define KZ_JSON_LEDGER_JSON_H

#include "core/cost.h"
#include "core/damage.h"
#include "util/err.h"
#include "util/i18n.h"

struct json_t;

/* {applies, per_person_yen, total_yen, persons, inputs:{x, y, x_type,
 * y_type, x_label, y_label, sensitivity, identifiability,
 * social_responsibility, response_evaluation}} (OUT: new reference).
 * An unknown total or count is null, never 0. */
struct json_t *damage_to_json(const struct damage *d, enum lang lang);
/* damage_to_json plus "costs" (each entry with its bookkeeping),
 * "cost_totals" ({category: yen}, first seen first) and "cost_total_yen"
 * (OUT: new reference). */
struct json_t *damage_report_to_json(const struct damage *d,
                                     const struct cost_list *costs,
                                     enum lang lang);
/* One entry: {amount_yen, category, note, spent_on, id, version,
 * created_at, created_by} (OUT: new reference). */
struct json_t *cost_to_json(const struct cost *c);

/*
 * Read a new entry {"category","amount_yen","note"?,"spent_on"?} from
 * 'body' into 'out' (initialised; caller cleans up).  Wrong types and
 * unknown members go to 'p' and give KZ_EINVAL; an absent or non-integer
 * amount reads as -1, which the use case refuses.  The domain rules
 * (known category, amount range, text limits) are the use case's: a
 * caller may run it on 'out' even after KZ_EINVAL, so that one answer
 * names every problem (the use case then writes nothing).
 */
enum kz_err cost_from_json(const struct json_t *body, struct cost *out,
                           struct kz_problems *p);

/* The stored document of 'c' (OUT: caller frees): compact, sorted keys,
 * without the bookkeeping, which the store keeps beside it. */
char *cost_doc_dump(const struct cost *c);
/* Read a stored document into 'out' (initialised; the bookkeeping is left
 * alone).  KZ_EMALFORMED when 'text' is not a JSON object; members of the
 * wrong type are left unset, as an old document may lack them. */
enum kz_err cost_doc_load(const char *text, struct cost *out) KZ_MUST_CHECK;

#endif
