/* SPDX-License-Identifier: MIT */
/*
 * incident.c - the incident record: life cycle, enum keys and validation
 * (SPEC C2).  Pure: no I/O, no clock; 'now' comes from the caller.
 */
#include "core/incident.h"

#include <stdio.h>
#include <string.h>

#include "core/damage.h"
#include "core/taxonomy.h"
#include "core/textcheck.h"
#include "util/mem.h"
#include "util/utf8.h"

/* A clock may run a little ahead of the one that wrote a time. */
#define FUTURE_SLACK_SECONDS 300

void incident_init(struct incident *inc)
{
    memset(inc, 0, sizeof(*inc));
    inc->kind = KIND_INCIDENT;
    inc->phase = PHASE_REPORTED;
    inc->occurred_at = KZ_TIME_NONE;
    inc->discovered_at = KZ_TIME_NONE;
    inc->reported_at = KZ_TIME_NONE;
    for (int p = 0; p < PHASE_COUNT; p++)
        inc->phase_times[p] = KZ_TIME_NONE;
    inc->affected_persons = COUNT_UNKNOWN;
    inc->affected_persons_max = COUNT_UNKNOWN;
    for (int t = 0; t < TRIGGER_COUNT; t++)
        inc->trigger_at[t] = KZ_TIME_NONE;
    inc->tlp = TLP_AMBER;
    inc->created_at = KZ_TIME_NONE;
    inc->updated_at = KZ_TIME_NONE;
    inc->aware_at = KZ_TIME_NONE;
    inc->materiality_determined_at = KZ_TIME_NONE;
}

kz_time incident_aware_at(const struct incident *inc)
{
    return inc->aware_at != KZ_TIME_NONE ? inc->aware_at : inc->discovered_at;
}

enum leak_state incident_leak_state(const struct incident *inc)
{
    if (inc->possible_leak)
        return LEAK_POSSIBLE;
    return inc->leak_kinds.n > 0 ? LEAK_CONFIRMED : LEAK_UNKNOWN;
}

const char *leak_state_key(enum leak_state s)
{
    return s == LEAK_CONFIRMED  ? "confirmed"
           : s == LEAK_POSSIBLE ? "possible"
                                : "unknown";
}

/* Add warning 'key' to out[*n] while there is room. */
static void warn(const char **out, size_t max, size_t *n, const char *key)
{
    if (*n < max)
        out[(*n)++] = key;
}

size_t incident_warnings(const struct incident *inc, const char **out,
                         size_t max)
{
    size_t n = 0;
    bool records = false;

    for (size_t i = 0; i < inc->n_info_types; i++)
        records = records || (inc->info_types[i].count != COUNT_UNKNOWN &&
                              inc->info_types[i].count > 0);
    /* Leaked personal data, counted or known to have leaked, yet nobody
     * affected. */
    if (inc->affected_persons == 0 && damage_has_personal_type(inc) &&
        (records || inc->leak_kinds.n > 0 || inc->possible_leak))
        warn(out, max, &n, "warn.zero_persons_with_data");
    if (inc->affected_persons != COUNT_UNKNOWN && inc->affected_persons > 0 &&
        inc->n_info_types == 0)
        warn(out, max, &n, "warn.persons_without_data");
    if (inc->leak_kinds.n > 0 && inc->n_info_types == 0)
        warn(out, max, &n, "warn.leak_without_data");
    /* A person's "no" holds, but the indicators still say otherwise. */
    if (inc->improper_purpose_manual && !inc->improper_purpose &&
        inc->leak_indicators.n > 0)
        warn(out, max, &n, "warn.indicators_but_no_improper");
    /* Skimming takes the data as it is typed, before any encryption. */
    if (inc->encrypted &&
        strv_contains(&inc->leak_indicators, "tampered_input_page"))
        warn(out, max, &n, "warn.encrypted_but_skimmed");
    return n;
}

void incident_cleanup(struct incident *inc)
{
    xfree(inc->title);
    xfree(inc->description);
    xfree(inc->category);
    xfree(inc->place);
    xfree(inc->detection_trigger);
    xfree(inc->discoverer);
    xfree(inc->reporter);
    xfree(inc->owner);
    strv_cleanup(&inc->parties);
    strv_cleanup(&inc->assets);
    for (size_t i = 0; i < inc->n_info_types; i++)
        xfree(inc->info_types[i].type);
    xfree(inc->info_types);
    strv_cleanup(&inc->impacts);
    xfree(inc->direct_cause);
    xfree(inc->latent_factors);
    xfree(inc->initial_response);
    xfree(inc->additional_measures);
    strv_cleanup(&inc->prevention_measures);
    strv_cleanup(&inc->tags);
    strv_cleanup(&inc->members);
    xfree(inc->created_by);
    xfree(inc->severity_reason);
    strv_cleanup(&inc->leak_kinds);
    strv_cleanup(&inc->leak_indicators);
    xfree(inc->cause);
    xfree(inc->improper_purpose_reason);
    incident_init(inc);
}

void incident_copy(struct incident *dst, const struct incident *src)
{
    incident_cleanup(dst);
    /* Copy the scalars wholesale, then replace every owned pointer. */
    *dst = *src;
    dst->title = xstrdup(src->title);
    dst->description = xstrdup(src->description);
    dst->category = xstrdup(src->category);
    dst->place = xstrdup(src->place);
    dst->detection_trigger = xstrdup(src->detection_trigger);
    dst->discoverer = xstrdup(src->discoverer);
    dst->reporter = xstrdup(src->reporter);
    dst->owner = xstrdup(src->owner);
    dst->direct_cause = xstrdup(src->direct_cause);
    dst->latent_factors = xstrdup(src->latent_factors);
    dst->initial_response = xstrdup(src->initial_response);
    dst->additional_measures = xstrdup(src->additional_measures);
    dst->created_by = xstrdup(src->created_by);
    dst->severity_reason = xstrdup(src->severity_reason);
    dst->cause = xstrdup(src->cause);
    dst->improper_purpose_reason = xstrdup(src->improper_purpose_reason);
    memset(&dst->parties, 0, sizeof(dst->parties));
    memset(&dst->assets, 0, sizeof(dst->assets));
    memset(&dst->impacts, 0, sizeof(dst->impacts));
    memset(&dst->prevention_measures, 0, sizeof(dst->prevention_measures));
    memset(&dst->tags, 0, sizeof(dst->tags));
    memset(&dst->members, 0, sizeof(dst->members));
    memset(&dst->leak_kinds, 0, sizeof(dst->leak_kinds));
    memset(&dst->leak_indicators, 0, sizeof(dst->leak_indicators));
    strv_copy(&dst->leak_kinds, &src->leak_kinds);
    strv_copy(&dst->leak_indicators, &src->leak_indicators);
    strv_copy(&dst->parties, &src->parties);
    strv_copy(&dst->assets, &src->assets);
    strv_copy(&dst->impacts, &src->impacts);
    strv_copy(&dst->prevention_measures, &src->prevention_measures);
    strv_copy(&dst->tags, &src->tags);
    strv_copy(&dst->members, &src->members);
    dst->info_types = NULL;
    dst->n_info_types = 0;
    for (size_t i = 0; i < src->n_info_types; i++)
        incident_add_info_type(dst, src->info_types[i].type,
                               src->info_types[i].count);
}

void incident_add_info_type(struct incident *inc, const char *type,
                            int64_t count)
{
    inc->info_types = xrealloc(inc->info_types, (inc->n_info_types + 1) *
                                                    sizeof(*inc->info_types));
    inc->info_types[inc->n_info_types].type = xstrdup(type ? type : "");
    inc->info_types[inc->n_info_types].count = count;
    inc->n_info_types++;
}

const char *kind_key(enum kind k)
{
    if ((unsigned)k >= KIND_COUNT)
        return "incident";
    return taxonomy_kind.entries[k].key;
}

bool kind_from_key(const char *key, enum kind *out)
{
    int i = taxonomy_index(&taxonomy_kind, key);

    if (i < 0)
        return false;
    *out = (enum kind)i;
    return true;
}

const char *tlp_key(enum tlp t)
{
    if ((unsigned)t >= taxonomy_tlp.count)
        return "amber";
    return taxonomy_tlp.entries[t].key;
}

bool tlp_from_key(const char *key, enum tlp *out)
{
    int i = taxonomy_index(&taxonomy_tlp, key);

    if (i < 0)
        return false;
    *out = (enum tlp)i;
    return true;
}

const char *severity_key(int severity)
{
    if (severity < 1 || severity > 4)
        return NULL;
    return taxonomy_severity.entries[severity - 1].key;
}

bool severity_from_key(const char *key, int *out)
{
    int i = taxonomy_index(&taxonomy_severity, key);

    if (i < 0)
        return false;
    *out = i + 1;
    return true;
}

static void check_key(struct kz_problems *p, const char *field,
                      const struct taxonomy *t, const char *key)
{
    if (key != NULL && !taxonomy_has(t, key))
        kz_problems_add(p, field, "v.unknown_key");
}

static void check_key_list(struct kz_problems *p, const char *field,
                           const struct taxonomy *t, const struct strv *l)
{
    if (l->n > INCIDENT_LIST_MAX) {
        kz_problems_add(p, field, "v.too_many");
        return;
    }
    for (size_t i = 0; i < l->n; i++) {
        if (!taxonomy_has(t, l->v[i]))
            kz_problems_add_at(p, field, i, NULL, "v.unknown_key");
    }
    long dup = strv_first_duplicate(l);
    if (dup >= 0)
        kz_problems_add_at(p, field, (size_t)dup, NULL, "v.duplicate");
}

static void check_text_list(struct kz_problems *p, const char *field,
                            const struct strv *l, enum text_kind kind)
{
    if (l->n > INCIDENT_LIST_MAX) {
        kz_problems_add(p, field, "v.too_many");
        return;
    }
    for (size_t i = 0; i < l->n; i++) {
        char name[64];
        snprintf(name, sizeof(name), "%s[%zu]", field, i);
        textcheck(p, name, l->v[i], kind, true);
    }
    long dup = strv_first_duplicate(l);
    if (dup >= 0)
        kz_problems_add_at(p, field, (size_t)dup, NULL, "v.duplicate");
}

static void check_info_types(struct kz_problems *p, const struct incident *inc)
{
    if (inc->n_info_types > taxonomy_info_type.count) {
        kz_problems_add(p, "info_types", "v.too_many");
        return;
    }
    for (size_t i = 0; i < inc->n_info_types; i++) {
        const struct info_count *ic = &inc->info_types[i];
        if (!taxonomy_has(&taxonomy_info_type, ic->type))
            kz_problems_add_at(p, "info_types", i, "type", "v.unknown_key");
        if (ic->count != COUNT_UNKNOWN && ic->count < 0)
            kz_problems_add_at(p, "info_types", i, "count", "v.negative");
        else if (ic->count != COUNT_UNKNOWN && ic->count > COUNT_MAX)
            kz_problems_add_at(p, "info_types", i, "count",
                               "v.count_too_large");
        for (size_t j = 0; j < i; j++) {
            if (strcmp(inc->info_types[j].type, ic->type) == 0) {
                kz_problems_add_at(p, "info_types", i, "type", "v.duplicate");
                break;
            }
        }
    }
}

/* A count of persons: unknown, or 0..COUNT_MAX. */
static void check_count(struct kz_problems *p, const char *field, int64_t n)
{
    if (n == COUNT_UNKNOWN)
        return;
    if (n < 0)
        kz_problems_add(p, field, "v.negative");
    else if (n > COUNT_MAX)
        kz_problems_add(p, field, "v.count_too_large");
}

static void check_times(struct kz_problems *p, const struct incident *inc,
                        kz_time now)
{
    const struct {
        const char *field;
        kz_time t;
    } times[] = {
        {"occurred_at", inc->occurred_at},
        {"discovered_at", inc->discovered_at},
        {"reported_at", inc->reported_at},
        {"aware_at", inc->aware_at},
        {"materiality_determined_at", inc->materiality_determined_at},
    };

    if (inc->discovered_at == KZ_TIME_NONE)
        kz_problems_add(p, "discovered_at", "v.required");
    if (inc->reported_at == KZ_TIME_NONE)
        kz_problems_add(p, "reported_at", "v.required");
    for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
        if (times[i].t != KZ_TIME_NONE &&
            times[i].t > now + FUTURE_SLACK_SECONDS)
            kz_problems_add(p, times[i].field, "v.future");
        else if (times[i].t != KZ_TIME_NONE && times[i].t < INCIDENT_TIME_MIN)
            kz_problems_add(p, times[i].field, "v.too_early");
    }
    /* Something is noticed after it happens and reported after it is
     * noticed; equal times are fine. */
    if (inc->occurred_at != KZ_TIME_NONE &&
        inc->discovered_at != KZ_TIME_NONE &&
        inc->discovered_at < inc->occurred_at)
        kz_problems_add(p, "discovered_at", "v.discovered_before_occurred");
    if (inc->discovered_at != KZ_TIME_NONE &&
        inc->reported_at != KZ_TIME_NONE &&
        inc->reported_at < inc->discovered_at)
        kz_problems_add(p, "reported_at", "v.reported_before_discovered");
    if (inc->aware_at != KZ_TIME_NONE && inc->occurred_at != KZ_TIME_NONE &&
        inc->aware_at < inc->occurred_at)
        kz_problems_add(p, "aware_at", "v.aware_before_occurred");
    /* Materiality is determined about an incident already discovered
     * (SEC Release 33-11216: "without unreasonable delay after
     * discovery"). */
    if (inc->materiality_determined_at != KZ_TIME_NONE &&
        inc->discovered_at != KZ_TIME_NONE &&
        inc->materiality_determined_at < inc->discovered_at)
        kz_problems_add(p, "materiality_determined_at",
                        "v.material_before_discovered");
}

enum kz_err incident_validate(const struct incident *inc, kz_time now,
                              struct kz_problems *p)
{
    size_t before = p->n;

    textcheck(p, "title", inc->title, TEXT_TITLE, true);
    textcheck(p, "description", inc->description, TEXT_LONG, false);
    if ((unsigned)inc->kind >= KIND_COUNT)
        kz_problems_add(p, "kind", "v.unknown_key");
    check_key(p, "category", &taxonomy_category, inc->category);
    if ((unsigned)inc->phase >= PHASE_COUNT)
        kz_problems_add(p, "phase", "v.unknown_key");
    if (inc->severity < 0 || inc->severity > 4)
        kz_problems_add(p, "severity", "v.severity");
    if (inc->priority < 0 || inc->priority > 4)
        kz_problems_add(p, "priority", "v.priority");
    textcheck(p, "severity_reason", inc->severity_reason, TEXT_LONG, false);
    check_key(p, "cause", &taxonomy_cause, inc->cause);
    check_key_list(p, "leak_kinds", &taxonomy_leak_kind, &inc->leak_kinds);
    check_key_list(p, "leak_indicators", &taxonomy_leak_indicator,
                   &inc->leak_indicators);
    if (inc->social_responsibility < 0 || inc->social_responsibility > 2)
        kz_problems_add(p, "social_responsibility", "v.one_or_two");
    if (inc->response_evaluation < 0 || inc->response_evaluation > 2)
        kz_problems_add(p, "response_evaluation", "v.one_or_two");
    textcheck(p, "improper_purpose_reason", inc->improper_purpose_reason,
              TEXT_LONG, false);
    check_times(p, inc, now);
    check_key(p, "place", &taxonomy_place, inc->place);
    check_key(p, "detection_trigger", &taxonomy_detection_trigger,
              inc->detection_trigger);
    textcheck(p, "discoverer", inc->discoverer, TEXT_NAME, false);
    textcheck(p, "reporter", inc->reporter, TEXT_NAME, false);
    textcheck(p, "owner", inc->owner, TEXT_NAME, false);
    check_key_list(p, "parties", &taxonomy_party, &inc->parties);
    check_text_list(p, "assets", &inc->assets, TEXT_NAME);
    check_info_types(p, inc);
    check_count(p, "affected_persons", inc->affected_persons);
    check_count(p, "affected_persons_max", inc->affected_persons_max);
    /* An upper estimate below the count itself contradicts it. */
    if (inc->affected_persons_max != COUNT_UNKNOWN &&
        inc->affected_persons != COUNT_UNKNOWN &&
        inc->affected_persons_max >= 0 &&
        inc->affected_persons_max < inc->affected_persons)
        kz_problems_add(p, "affected_persons_max", "v.max_below_count");
    check_key_list(p, "impacts", &taxonomy_impact, &inc->impacts);
    textcheck(p, "direct_cause", inc->direct_cause, TEXT_LONG, false);
    textcheck(p, "latent_factors", inc->latent_factors, TEXT_LONG, false);
    textcheck(p, "initial_response", inc->initial_response, TEXT_LONG, false);
    textcheck(p, "additional_measures", inc->additional_measures, TEXT_LONG,
              false);
    check_key_list(p, "prevention_measures", &taxonomy_prevention_measure,
                   &inc->prevention_measures);
    check_text_list(p, "tags", &inc->tags, TEXT_TAG);
    if ((unsigned)inc->tlp >= taxonomy_tlp.count)
        kz_problems_add(p, "tlp", "v.unknown_key");
    check_text_list(p, "members", &inc->members, TEXT_SHORT);
    return p->n > before || p->truncated ? KZ_EINVAL : KZ_OK;
}
