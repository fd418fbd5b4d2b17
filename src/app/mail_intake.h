/* SPDX-License-Identifier: MIT */
/*
 * mail_intake.h - a message to the CSIRT address becomes a report, or is
 * added to the incident its subject names (issue 10 item 4; RTIR's
 * strength).  The same use case as a report from the web form: the
 * record is filed with app_incident_create, so triage, convocation and
 * the audit log treat both alike.  Shared by `kizuki mail-intake` and any
 * later route that takes mail.
 */
#ifndef KZ_APP_MAIL_INTAKE_H
#define KZ_APP_MAIL_INTAKE_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "core/incident.h"
#include "mail/mail_parse.h"
#include "store/store.h"
#include "util/err.h"
#include "util/i18n.h"

/* The actor mail intake writes as when no account has the sender's
 * address. */
#define MAIL_INTAKE_ACTOR "mail"

enum mail_outcome {
    MAIL_OUTCOME_NEW_REPORT,
    MAIL_OUTCOME_REPLY,   /* added to the timeline of 'ref' */
    MAIL_OUTCOME_IGNORED, /* an automatic reply or kizuki's own mail */
};

struct mail_intake_opts {
    /* kizuki's own sending address (the smtp_from setting when NULL):
     * mail from it is a loop and is not taken as a report. */
    const char *self_addr;
    /* The language of the texts kizuki writes into the record (the
     * title of a message without a subject, the evidence's
     * descriptions). */
    enum lang lang;
    /* The evidence directory (app_evidence_dir): the original message
     * and its attachments become evidence of the incident. */
    const char *evidence_dir;
};

struct mail_intake_result {
    enum mail_outcome outcome;
    bool duplicate;   /* taken before (same Message-ID): nothing written */
    bool unknown_ref; /* the subject named an incident that does not exist */
    bool trimmed;     /* the quoted part of a reply was left out */
    char ref[INCIDENT_REF_LEN]; /* where it went; "" when ignored */
    char message_key[256];      /* "<Message-ID>" or "sha256:<hex>" */
    char sha256[65];            /* of the message as received, hex */
    int64_t incident_id;        /* 0 when ignored */
    size_t evidence;            /* items added: the message, attachments */
};

/* "new_report", "reply", "ignored". */
const char *mail_outcome_key(enum mail_outcome o);

/*
 * Take message 'm' (parsed from the 'len' bytes 'raw') in one
 * transaction: record its key, and file a new report, or add it to the
 * incident of the [INC-…] reference in its subject, or (an automatic
 * reply, a loop) only record it.  The message as received (.eml) and each
 * of its attachments become evidence of that incident, stored under
 * opts->evidence_dir before the transaction commits.  A message whose key
 * was taken before
 * is answered with out->duplicate and the earlier outcome, and nothing is
 * written.  KZ_EBUSY when the database is locked (try again later), other
 * store errors as they come; KZ_EINVAL with 'p' when the record breaks a
 * rule.  Nothing is written on any error.
 *
 * A reply is added whatever the incident's restriction: mail cannot show
 * who may know of it, and its From line proves nothing; the entry is then
 * as visible as the incident (docs/mail-intake.md says why).
 */
enum kz_err app_mail_intake(struct store *s, const struct app_ctx *ctx,
                            const struct mail_msg *m, const unsigned char *raw,
                            size_t len, const struct mail_intake_opts *opts,
                            struct mail_intake_result *out,
                            struct kz_problems *p) KZ_MUST_CHECK;

#endif
