/* SPDX-License-Identifier: MIT */
/*
 * incident.h - the incident record (SPEC C2) and its rules.
 *
 * Taxonomy values are held as their keys; counts that are not known yet are
 * COUNT_UNKNOWN and times that are not known are KZ_TIME_NONE.
 */
#ifndef KZ_CORE_INCIDENT_H
#define KZ_CORE_INCIDENT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/phase.h"
#include "util/err.h"
#include "util/strv.h"
#include "util/timefmt.h"

#define COUNT_UNKNOWN INT64_MIN
/* The largest count of persons or records: more than every person alive,
 * so a larger one is a typo, and products with per-person figures stay
 * far from overflowing (issue 9). */
#define COUNT_MAX 10000000000LL
/* Times before 1990 are typos (a year 1969 is an empty date read as 0),
 * not incidents: 1990-01-01T00:00:00Z. */
#define INCIDENT_TIME_MIN ((kz_time)631152000)
#define INCIDENT_REF_LEN 24
#define INCIDENT_TITLE_MAX 200   /* code points */
#define INCIDENT_NAME_MAX 200    /* people, assets: code points */
#define INCIDENT_TEXT_MAX 20000  /* free texts: code points */
#define INCIDENT_TAG_MAX 64      /* code points */
#define INCIDENT_LIST_MAX 100    /* entries in any list field */
#define INCIDENT_USERNAME_MAX 64 /* bytes */

/* Same order as taxonomy_kind. */
enum kind { KIND_INCIDENT, KIND_NEAR_MISS, KIND_EXERCISE, KIND_COUNT };
/* Same order as taxonomy_tlp. */
enum tlp { TLP_CLEAR, TLP_GREEN, TLP_AMBER, TLP_AMBER_STRICT, TLP_RED };

/* The reporting duties' triggers (core/obligation.c), each with the time
 * it was first met when that was after the record was filed. */
enum trigger {
    TRIGGER_APPI,
    TRIGGER_MYNUMBER,
    TRIGGER_GDPR_AUTHORITY,
    TRIGGER_GDPR_SUBJECTS,
    TRIGGER_NIS2,
    TRIGGER_COUNT
};

struct info_count {
    char *type;    /* info_type key */
    int64_t count; /* records of that type, or COUNT_UNKNOWN */
};

struct incident {
    int64_t id; /* the store's key; 0 until stored */
    char ref[INCIDENT_REF_LEN];
    char *title;
    char *description;
    enum kind kind;
    char *category; /* NULL: not classified yet */
    enum phase phase;
    int severity; /* 1..4 for S1..S4; 0 not set */
    int priority; /* 1 (highest)..4; 0 not set */
    /* Triage proposes severity and priority; a person may override them
     * (the severity with a reason).  'manual' marks an override. */
    bool severity_manual;
    char *severity_reason;
    bool priority_manual;
    kz_time occurred_at;
    kz_time discovered_at;
    kz_time reported_at;
    kz_time phase_times[PHASE_COUNT];
    char *place;
    char *detection_trigger;
    char *discoverer;
    char *reporter;
    char *owner;
    struct strv parties;
    struct strv assets;
    struct info_count *info_types;
    size_t n_info_types;
    int64_t affected_persons; /* or COUNT_UNKNOWN */
    struct strv impacts;
    char *direct_cause;
    char *latent_factors;
    char *initial_response;
    char *additional_measures;
    struct strv prevention_measures;
    struct strv tags;
    enum tlp tlp;
    bool restricted;
    struct strv members; /* account names with need-to-know */
    int64_t version;
    kz_time created_at;
    kz_time updated_at;
    char *created_by; /* account that filed the report */

    /* What the reporting duties and the damage model need (SPEC C7, C8). */
    kz_time aware_at;       /* the organisation became aware; NONE:
                               discovered_at */
    bool possible_leak;     /* a leak only suspected (おそれ) counts too */
    struct strv leak_kinds; /* taxonomy leak_kind: leak, loss, damage */
    struct strv leak_indicators; /* taxonomy leak_indicator */
    bool encrypted;              /* the data was strongly encrypted */
    bool improper_purpose; /* 不正の目的のおそれ, beyond the category */
    /* A person judged the improper purpose themselves: their answer holds
     * over what the category and the cyber indicators suggest (a "no"
     * needs a reason). */
    bool improper_purpose_manual;
    char *improper_purpose_reason;
    /* The largest number of persons that may be affected while the exact
     * count is unknown: the guideline has the business report on it. */
    int64_t affected_persons_max; /* or COUNT_UNKNOWN */
    /* My Number act 規則2条 1号 and 3号: the leak came from the
     * information-provision network or a system used for My Number work;
     * the data could be viewed by an unspecified number of people. */
    bool mynumber_system;
    bool publicly_viewable;
    /* NIS2 art. 23(3): (a) severe operational disruption of the services
     * or financial loss for the entity; (b) considerable material or
     * non-material damage to other persons. */
    bool nis2_disruption;
    bool nis2_damage_others;
    /* When a change first made each duty's trigger hold (the count passed
     * 1,000, sensitive data appeared, a cyber indicator was set …): its
     * clock starts there, not back at discovery.  KZ_TIME_NONE: it held
     * when the record was filed, or does not hold.  Kept by kizuki. */
    kz_time trigger_at[TRIGGER_COUNT];
    bool eu_data_subjects;     /* people in the EU are affected (GDPR) */
    int social_responsibility; /* JNSA R override: 1, 2; 0 the setting */
    int response_evaluation;   /* JNSA A: 1 appropriate, 2 not; 0 unknown */
    kz_time materiality_determined_at; /* SEC 8-K clock; NONE: not yet */
    char *cause; /* taxonomy cause; NULL: derived from the category */
};

/* Whether a leak (漏えい等) happened: confirmed (its kinds are recorded
 * and it is not only suspected), possible (おそれ), or not known yet.  A
 * confirmed leak never reads as "no possible leak". */
enum leak_state { LEAK_UNKNOWN, LEAK_CONFIRMED, LEAK_POSSIBLE };
enum leak_state incident_leak_state(const struct incident *inc);
/* "unknown", "confirmed", "possible". */
const char *leak_state_key(enum leak_state s);

/* Contradictions in a record that validation lets through (each may
 * still be true), such as no affected persons with leaked personal data:
 * up to 'max' message keys into 'out'; returns how many. */
size_t incident_warnings(const struct incident *inc, const char **out,
                         size_t max);

/* The moment the clocks of reporting duties start: aware_at, else
 * discovered_at. */
kz_time incident_aware_at(const struct incident *inc);

/* Zero 'inc' and set every optional value to "not known". */
void incident_init(struct incident *inc);
/* Free what 'inc' owns; it is re-initialised. */
void incident_cleanup(struct incident *inc);
/* Make 'dst' (initialised) a deep copy of 'src'. */
void incident_copy(struct incident *dst, const struct incident *src);
/* Append an information type to 'inc'. */
void incident_add_info_type(struct incident *inc, const char *type,
                            int64_t count);

/* The key of 'k' ("near_miss"); "incident" for an out-of-range value. */
const char *kind_key(enum kind k);
bool kind_from_key(const char *key, enum kind *out);
const char *tlp_key(enum tlp t);
bool tlp_from_key(const char *key, enum tlp *out);
/* "S1".."S4", or NULL for 0. */
const char *severity_key(int severity);
/* 1..4 for "S1".."S4"; false otherwise. */
bool severity_from_key(const char *key, int *out);

/*
 * Check every rule of the record and add one problem per broken rule to
 * 'p' (field name and message key).  'now' bounds times in the future.
 * Returns KZ_OK when the record is valid, else KZ_EINVAL.
 */
enum kz_err incident_validate(const struct incident *inc, kz_time now,
                              struct kz_problems *p);

#endif
