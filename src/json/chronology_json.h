/* SPDX-License-Identifier: MIT */
/*
 * chronology_json.h - chronology entries as JSON, and the bodies of the
 * entries kizuki writes itself (phase and field changes).
 */
#ifndef KZ_JSON_CHRONOLOGY_JSON_H
#define KZ_JSON_CHRONOLOGY_JSON_H

#include <jansson.h>

#include "core/chronology.h"
#include "core/phase.h"
#include "util/i18n.h"

/* {seq, kind, actor, at, body, prev_hash, hash} plus "change" (the parsed
 * body) for phase and field changes (OUT: new reference). */
json_t *chron_entry_to_json(const struct chron_entry *e);
/* The body of a phase change (OUT: caller frees): {"from","to","reason"};
 * 'from' may be PHASE_COUNT for the first entry of a record. */
char *chron_phase_body(enum phase from, enum phase to, const char *reason);
/* The body of a field change (OUT: caller frees): {"field","from","to"}.
 * Borrows 'from' and 'to'. */
char *chron_field_body(const char *field, json_t *from, json_t *to);
/* Whether 'body' is one written by chron_field_body for 'field'; if so
 * OUT: *from, the value before the change (caller frees; NULL when it
 * was no string). */
bool chron_field_body_from(const char *body, const char *field, char **from);

/*
 * The body of an entry kizuki writes itself (OUT: caller frees): the
 * message key 'msg' ("chron.…") and its arguments 'args' (taken; NULL for
 * none) as {"msg":…,"args":{…}} with "msg" first and the arguments
 * compact with sorted keys, so the text the hash covers is deterministic.
 * The reader's language is chosen when it is shown (chron_sys_render);
 * docs/internals/hashchain.md describes the arguments.
 */
char *chron_sys_body(const char *msg, json_t *args);
/* True when 'body' is one written by chron_sys_body. */
bool chron_is_sys_body(const char *body);
/* The text of a body written by chron_sys_body in 'lang' (OUT: caller
 * frees); NULL for any other body (old entries, people's notes), which
 * is shown as stored. */
char *chron_sys_render(const char *body, enum lang lang);
/* As chron_entry_to_json, plus "text" (the body as 'lang' reads it) and
 * "system" (true when kizuki wrote the body as a message key). */
json_t *chron_entry_to_json_lang(const struct chron_entry *e, enum lang lang);

/* A break that verification found, as /verify and `kizuki verify`,
 * `backup` and `migrate` answer it: ref, seq, the problem in 'lang',
 * expected and found (OUT: new reference). */
json_t *chron_break_to_json(const struct chron_break *b, enum lang lang);

#endif
