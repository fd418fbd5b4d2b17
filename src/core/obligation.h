/* SPDX-License-Identifier: MIT */
/*
 * obligation.h - reporting duties (SPEC C8): which apply to an incident,
 * why, and when each is due.  The regimes are a table (obligation.c); each
 * duty has a clock that starts when the organisation became aware, or when
 * its trigger was first met if that came later (or, for SEC 8-K, when
 * materiality was determined; for the NIS2 final report, when the
 * notification was filed).  A duty that turns on a fact nobody knows yet
 * (the number of persons) is undecided, not "not applicable".
 */
#ifndef KZ_CORE_OBLIGATION_H
#define KZ_CORE_OBLIGATION_H

#include <stdbool.h>
#include <stddef.h>

#include "core/incident.h"

#define OBLIGATION_REASONS_MAX 8
#define OBLIGATIONS_MAX 16
#define OBLIGATION_SOON (24 * 3600) /* "due within 24 h" */

enum obligation_state {
    OB_NOT_APPLICABLE,
    OB_PENDING,     /* applies; not due within a day (or "promptly") */
    OB_DUE_SOON,    /* due within 24 hours */
    OB_PAST_TARGET, /* past the target, not yet past the latest date */
    OB_OVERDUE,
    OB_FILED,
    /* It may apply: a fact it depends on (the number of persons, NIS2's
     * significance) is not known yet.  Unknown is not "not applicable". */
    OB_UNDECIDED,
};

/* What was recorded about one duty (from the store). */
struct obligation_filing {
    const char *key;
    bool not_applicable; /* a person decided it does not apply */
    kz_time filed_at;
    const char *reference;
    const char *reason;
};

/* Which regimes the organisation has switched on. */
struct obligation_config {
    bool appi;
    bool mynumber;
    bool gdpr;
    bool nis2; /* the organisation is an essential or important entity */
    bool sec;  /* the organisation files with the US SEC */
};

struct obligation {
    const char *key;    /* "appi_preliminary" */
    const char *regime; /* "appi" */
    const char *stage;  /* "preliminary" */
    bool applies;
    bool undecided; /* see OB_UNDECIDED; 'applies' is then false */
    const char *reasons[OBLIGATION_REASONS_MAX]; /* catalogue keys */
    size_t n_reasons;
    kz_time clock_start;
    kz_time aware_at;       /* the organisation became aware (or NONE) */
    kz_time trigger_met_at; /* the trigger was met later: the clock's
                               start; NONE when it held at awareness */
    kz_time due_at;         /* KZ_TIME_NONE: "promptly" / without undue delay */
    kz_time latest_at; /* a later hard limit (APPI 速報: day 5), or NONE */
    enum obligation_state state;
    const struct obligation_filing *filing; /* borrowed, or NULL */
};

/* The organisation's defaults: the Japanese regimes and GDPR on. */
void obligation_config_default(struct obligation_config *cfg);

/*
 * Evaluate every duty of every regime for 'inc' at 'now' into 'out'
 * (OBLIGATIONS_MAX entries); returns how many.  'filings' (may be NULL)
 * mark duties filed or judged not applicable.
 */
size_t obligations_evaluate(const struct incident *inc,
                            const struct obligation_config *cfg,
                            const struct obligation_filing *filings,
                            size_t nfilings, kz_time now,
                            struct obligation *out);

/* The key of 'state' ("overdue"). */
const char *obligation_state_key(enum obligation_state state);
/* True when 'key' names a duty (for filing requests). */
bool obligation_key_is_known(const char *key);

/*
 * Note in 'after' when each duty's trigger was first met: 'now' for a
 * duty that 'before' (the record before a change) did not meet and
 * 'after' does, the time kept while it still holds, none once it no
 * longer does.  The change's chronology entries carry the same time.
 */
void obligation_note_triggers(const struct incident *before,
                              struct incident *after, kz_time now);

/* True when the category or a cyber indicator suggests an improper
 * purpose (APPI 規則7条3号 "おそれ"), whatever a person judged. */
bool obligation_improper_suggested(const struct incident *inc);

/* True when the APPI triggers make a report to the commission due
 * (used by triage). */
bool obligation_appi_applies(const struct incident *inc);

/* A duty still to do of one incident, for the list across incidents
 * (`kizuki deadlines`, GET /deadlines). */
struct open_duty {
    char ref[INCIDENT_REF_LEN];
    char *title; /* owned */
    enum kind kind;
    struct obligation duty; /* not filed: its 'filing' is NULL */
};

struct open_duty_list {
    struct open_duty *items;
    size_t n;
};

/* Frees the titles and the array; a zeroed list is a no-op. */
void open_duty_list_cleanup(struct open_duty_list *l);

#endif
