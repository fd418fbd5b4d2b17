/* SPDX-License-Identifier: MIT */
/*
 * receipt.h - the reception page of a report: what was reported, when,
 * and which phase the incident is in.  It is what the person who filed
 * a report keeps once the incident is restricted without them (issue 9
 * item 21); the restricted details stay with the need-to-know list.
 */
#ifndef KZ_APP_RECEIPT_H
#define KZ_APP_RECEIPT_H

#include "app/app.h"
#include "core/incident.h"
#include "store/store.h"

struct receipt {
    char ref[INCIDENT_REF_LEN];
    char *title;       /* as reported, before any later edit */
    char *description; /* as reported; NULL: none was given */
    kz_time reported_at;
    enum phase phase;
    bool restricted;
};

void receipt_init(struct receipt *r);
void receipt_cleanup(struct receipt *r);

/*
 * The receipt of incident 'ref' (OUT: initialised 'out') for ctx's actor:
 * anyone who may see the incident, or the account that filed it
 * (core/access.h access_check_receipt).  KZ_ENOTFOUND for everyone else,
 * as if it did not exist.  Reading the receipt of a restricted incident
 * is audited as "incident.read" of part "receipt".
 */
enum kz_err app_incident_receipt(struct store *s, const struct app_ctx *ctx,
                                 const char *ref,
                                 struct receipt *out) KZ_MUST_CHECK;

#endif
