/* SPDX-License-Identifier: MIT */
/*
 * duties_json.h - reporting duties (SPEC C8) as JSON: the evaluated duties
 * of an incident, the duties still to do across incidents, a filing from
 * a request body, and a filing's stored document.
 *
 * jansson is not included here: src/app stores and reads filings through
 * filing_doc_dump / filing_doc_load without seeing JSON.
 */
#ifndef KZ_JSON_DUTIES_JSON_H
#define KZ_JSON_DUTIES_JSON_H

#include <stddef.h>

#include "core/filing.h"
#include "core/obligation.h"
#include "util/err.h"
#include "util/i18n.h"

struct json_t;

/* {key, label, regime, stage, applies, undecided, reasons[], clock_start,
 * aware_at, trigger_met_at, due_at, latest_at, state, status, filed_at,
 * reference, note} in 'lang' (OUT: new reference). */
struct json_t *obligation_to_json(const struct obligation *o, enum lang lang);
/* {"items":[obligation_to_json…]} (OUT: new reference). */
struct json_t *obligations_to_json(const struct obligation *items, size_t n,
                                   enum lang lang);
/* {"items":[obligation_to_json + ref, title, kind]} (OUT: new
 * reference). */
struct json_t *open_duties_to_json(const struct open_duty_list *l,
                                   enum lang lang);

/*
 * Read a filing {"status","filed_at"?,"reference"?,"reason"?} from 'body'
 * into 'out' (initialised; caller cleans up).  Members of the wrong type
 * and unknown members go to 'p' (KZ_EINVAL); a status that is not a
 * string is left NULL, for the use case to refuse with the allowed
 * values.  A caller may run the use case after KZ_EINVAL so that one
 * answer names every problem.
 */
enum kz_err filing_from_json(const struct json_t *body, struct filing *out,
                             struct kz_problems *p);

/* The stored document of 'f' (OUT: caller frees): {"filed_at" (only when
 * filed), "reason", "reference", "status"}, compact with sorted keys. */
char *filing_doc_dump(const struct filing *f);
/* Read a stored document into 'out' (initialised; out->key is left
 * alone).  KZ_EMALFORMED when 'text' is not a JSON object. */
enum kz_err filing_doc_load(const char *text, struct filing *out) KZ_MUST_CHECK;

#endif
