/* SPDX-License-Identifier: MIT */
/*
 * convocation_json.h - what the convocation use cases (app/response.c)
 * write as JSON: the chronology line of a rule that fired, the body of a
 * webhook summons, and a rule read back from its stored document.
 *
 * jansson is not included here, so that src/app writes them from C
 * values without handling JSON.
 */
#ifndef KZ_JSON_CONVOCATION_JSON_H
#define KZ_JSON_CONVOCATION_JSON_H

#include "core/convocation.h"
#include "util/err.h"

/* One person a rule summoned, or a role it found nobody for. */
struct convened {
    const char *msg;  /* "chron.convened.contact", ".role" or ".none" */
    const char *name; /* the person; NULL for ".none" */
    const char *role; /* the role; NULL for ".contact" */
};

/*
 * The chronology body of rule 'rule' having fired (OUT: caller frees):
 * message "chron.convened" with {"rule", "names": [{"msg", "args"}],
 * "minutes"}, as chron_sys_body writes it (json/chronology_json.h).
 */
char *convened_body(const char *rule, const struct convened *names, size_t n,
                    int minutes);

/* {"text": 'text'} (OUT: caller frees), compact: what Slack, Mattermost
 * and Teams incoming webhooks all accept. */
char *webhook_text_body(const char *text);

/*
 * Read a rule's stored document 'text' into 'out' (initialised): the
 * members that fit, as the registry wrote them.  KZ_EMALFORMED when
 * 'text' is no JSON; the members of the wrong type are left unset.  Not
 * must-check: an escalation goes on with a rule it cannot read (it then
 * summons by the summons it has).
 */
enum kz_err conv_rule_doc_load(const char *text, struct conv_rule *out);

#endif
