/* SPDX-License-Identifier: MIT */
/*
 * alert.h - alerts from detection tools (issue 10 item 3): what one alert
 * holds, its statuses and their transitions, and the fingerprint that
 * groups alerts about the same thing.
 *
 * An alert is identified by its tool ('source') and the tool's own id
 * ('source_ref'): the same pair again is a repeat of that alert, not a new
 * one.  Alerts with the same fingerprint (source, normalised title and
 * sorted observables) seen within a window share a group, so that a storm
 * of alerts about one event reads as one line of work.
 */
#ifndef KZ_CORE_ALERT_H
#define KZ_CORE_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/incident.h"
#include "util/err.h"
#include "util/timefmt.h"

#define ALERT_BATCH_MAX 10000     /* alerts in one request */
#define ALERT_SOURCE_MAX 100      /* code points */
#define ALERT_SOURCE_REF_MAX 200  /* code points */
#define ALERT_TITLE_MAX 200       /* code points, as an incident's title */
#define ALERT_TEXT_MAX 20000      /* code points of the description */
#define ALERT_OBS_MAX 100         /* observables of one alert */
#define ALERT_OBS_VALUE_MAX 2048  /* bytes of one observable's value */
#define ALERT_RAW_MAX (64 * 1024) /* bytes of the tool's own record */
#define ALERT_REASON_MAX 1000     /* code points */
#define ALERT_FP_SIZE 65          /* hex SHA-256 and NUL */
/* The grouping window when the setting is missing: a day. */
#define ALERT_GROUP_HOURS_DEFAULT 24
#define ALERT_GROUP_HOURS_MAX (24 * 366)

enum alert_status {
    ALERT_NEW,
    ALERT_UNDER_REVIEW,
    ALERT_PROMOTED, /* became a new incident */
    ALERT_MERGED,   /* attached to an existing incident */
    ALERT_IGNORED,  /* with a reason */
    ALERT_STATUS_COUNT
};

/* One indicator an alert names, validated and normalised. */
struct alert_obs {
    char *type;  /* ipv4, domain, sha256, … */
    char *value; /* normalised */
};

struct alert {
    int64_t id;
    char *source;
    char *source_ref;
    char *title;
    char *description; /* "" when none */
    char *severity;    /* info, low, medium, high, critical; NULL none */
    kz_time occurred_at;
    struct alert_obs *obs;
    size_t nobs;
    char *raw; /* the tool's record as received (JSON text); NULL none */
    /* alert_obs_encode of obs, made on the handler thread so that the
     * writer does not (alert_obs_prepare); NULL: not made yet. */
    char *obs_text;
    char fingerprint[ALERT_FP_SIZE];
    int64_t group_id; /* the id of the group's first alert */
    enum alert_status status;
    char *reason; /* why it was ignored; NULL */
    int64_t repeat_count;
    kz_time first_seen;
    kz_time last_seen;
    int64_t incident_id; /* promoted or merged into; 0 none */
    char incident_ref[INCIDENT_REF_LEN];
    kz_time updated_at;
    char *updated_by;
};

void alert_init(struct alert *a);
void alert_cleanup(struct alert *a);

/* The key of 's' ("under_review"). */
const char *alert_status_key(enum alert_status s);
/* The status named 'key' (OUT: *out); false when there is none. */
bool alert_status_from_key(const char *key, enum alert_status *out);

/* True for the severities a tool may give: info, low, medium, high,
 * critical. */
bool alert_severity_is_valid(const char *key);
/* The incident severity (1..4 for S1..S4) an alert of 'key' suggests; 0
 * when it has none (triage then decides). */
int alert_severity_to_incident(const char *key);

/* True for the observable types kizuki knows (core/observable.h). */
bool alert_obs_type_is_valid(const char *type);

/*
 * Check 'a' as a tool sent it: required source, source_ref and title,
 * the lengths above, one-line texts without control characters, a known
 * severity and observable types, occurred_at after 1990 and not in the
 * future of 'now'.  Problems go to 'p' with fields named
 * "<prefix>title" ("alerts[17].title" with prefix "alerts[17].").
 * Observables are validated and normalised as an incident's are
 * (core/observable.h: "obs.bad_ipv4" … when one does not parse), and
 * repeated ones dropped.  Returns KZ_EINVAL when there is a problem.
 */
enum kz_err alert_check(struct alert *a, kz_time now, const char *prefix,
                        struct kz_problems *p);

/* The title as the fingerprint sees it (OUT: caller frees): white space
 * trimmed and runs of it made one space, ASCII letters lower-cased. */
char *alert_title_normalise(const char *title);
/* Compute a->fingerprint from its source, title and observables, the
 * observables sorted so that their order does not matter. */
void alert_fingerprint(struct alert *a);

/* The observables as text, one "type<TAB>value" line each (OUT: caller
 * frees): values have no control characters once checked. */
char *alert_obs_encode(const struct alert *a);
/* Read the text of alert_obs_encode into a->obs (replacing them). */
void alert_obs_decode(const char *text, struct alert *a);
/* Set a->obs_text to alert_obs_encode(a) unless it is set already. */
void alert_obs_prepare(struct alert *a);

/*
 * Whether a person may move an alert from 'from' to 'to' with 'reason':
 * new, under review and ignored move among themselves (ignoring needs a
 * reason); promoted and merged are reached only by promotion and never
 * left.  KZ_EINVAL naming "status" or "reason" in 'p', KZ_ECONFLICT (with
 * "status" in 'p') when the alert is already attached to an incident.
 */
enum kz_err alert_check_status_change(enum alert_status from,
                                      enum alert_status to, const char *reason,
                                      struct kz_problems *p);

#endif
