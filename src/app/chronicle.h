/* SPDX-License-Identifier: MIT */
/*
 * chronicle.h - appending to an incident's chronology from any use case,
 * inside the caller's transaction (SPEC C3: changes and their entries
 * commit together).
 */
#ifndef KZ_APP_CHRONICLE_H
#define KZ_APP_CHRONICLE_H

#include "core/chronology.h"
#include "core/incident.h"
#include "store/store.h"

/* The actor kizuki itself uses for the entries it writes (convocation,
 * escalation, tasks from playbooks). */
#define CHRONICLE_SYSTEM "kizuki"

/*
 * Seal an entry of 'kind' with 'body' (taken: freed here) by 'actor' at
 * 'now' after 'head' and append it to incident 'inc'; 'head' advances.
 * 'head' NULL reads the stored head first.  'sealed' (may be NULL)
 * receives the entry.
 */
enum kz_err app_chron_append(struct store *s, const struct incident *inc,
                             struct chron_head *head, enum entry_kind kind,
                             const char *actor, kz_time now, char *body,
                             struct chron_entry *sealed) KZ_MUST_CHECK;
/* As app_chron_append, with the entry marked for the APPI report's course
 * of events (事実経過) when 'for_report'. */
enum kz_err app_chron_append_marked(struct store *s, const struct incident *inc,
                                    struct chron_head *head,
                                    enum entry_kind kind, const char *actor,
                                    kz_time now, char *body, bool for_report,
                                    struct chron_entry *sealed) KZ_MUST_CHECK;

#endif
