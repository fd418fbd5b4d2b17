/* SPDX-License-Identifier: MIT */
/*
 * alert.c - alerts, their statuses and fingerprints (see alert.h).
 */
#include "core/alert.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/observable.h"
#include "util/mem.h"
#include "util/utf8.h"

/* How far ahead of the server's clock an occurred_at may be: the tools'
 * clocks drift. */
#define ALERT_FUTURE_SLACK 300

static const char *const status_keys[ALERT_STATUS_COUNT] = {
    "new", "under_review", "promoted", "merged", "ignored"};

/* Most severe first: S1 for critical down to S4 for low and info. */
static const struct {
    const char *key;
    int incident;
} severities[] = {
    {"critical", 1}, {"high", 2}, {"medium", 3}, {"low", 4}, {"info", 4},
};

void alert_init(struct alert *a)
{
    memset(a, 0, sizeof(*a));
    a->occurred_at = KZ_TIME_NONE;
    a->first_seen = KZ_TIME_NONE;
    a->last_seen = KZ_TIME_NONE;
    a->updated_at = KZ_TIME_NONE;
    a->repeat_count = 1;
    a->status = ALERT_NEW;
}

static void obs_free(struct alert *a)
{
    for (size_t i = 0; i < a->nobs; i++) {
        xfree(a->obs[i].type);
        xfree(a->obs[i].value);
    }
    xfree(a->obs);
    a->obs = NULL;
    a->nobs = 0;
    xfree(a->obs_text);
    a->obs_text = NULL;
}

void alert_cleanup(struct alert *a)
{
    xfree(a->source);
    xfree(a->source_ref);
    xfree(a->title);
    xfree(a->description);
    xfree(a->severity);
    obs_free(a);
    xfree(a->raw);
    xfree(a->reason);
    xfree(a->updated_by);
    alert_init(a);
}

const char *alert_status_key(enum alert_status s)
{
    return (unsigned)s < ALERT_STATUS_COUNT ? status_keys[s] : "new";
}

bool alert_status_from_key(const char *key, enum alert_status *out)
{
    for (int i = 0; key != NULL && i < ALERT_STATUS_COUNT; i++) {
        if (strcmp(key, status_keys[i]) == 0) {
            *out = (enum alert_status)i;
            return true;
        }
    }
    return false;
}

bool alert_severity_is_valid(const char *key)
{
    return alert_severity_to_incident(key) != 0;
}

int alert_severity_to_incident(const char *key)
{
    for (size_t i = 0;
         key != NULL && i < sizeof(severities) / sizeof(severities[0]); i++) {
        if (strcmp(key, severities[i].key) == 0)
            return severities[i].incident;
    }
    return 0;
}

bool alert_obs_type_is_valid(const char *type)
{
    enum obs_type t;

    return type != NULL && obs_type_from_key(type, &t);
}

/* A required or optional one-line text of at most 'max' code points. */
static void check_line(struct kz_problems *p, const char *prefix,
                       const char *field, const char *s, size_t max,
                       bool required)
{
    char name[64];

    snprintf(name, sizeof(name), "%s%s", prefix, field);
    if (s == NULL || utf8_is_blank(s)) {
        if (required)
            kz_problems_add(p, name, "v.required");
        return;
    }
    size_t n = utf8_length(s);
    if (n > max)
        kz_problems_add_count(p, name, "v.too_long", (long long)n);
    else if (utf8_has_control(s, false))
        kz_problems_add(p, name, "v.control");
}

/* Replace o->value by its normalised form (core/observable.h: the form
 * every comparison uses, so that alerts group and incidents match
 * whoever wrote the value); false with the reason in 'p' when it does
 * not parse as its type. */
static bool normalise(struct alert_obs *o, const char *field,
                      struct kz_problems *p)
{
    enum obs_type type;
    char *value = NULL;
    char *display = NULL;
    const char *why = NULL;

    if (!obs_type_from_key(o->type, &type))
        return false;
    if (obs_normalise(type, o->value, &value, &display, &why) != KZ_OK) {
        kz_problems_add(p, field, why ? why : "alert.v.obs_value");
        return false;
    }
    /* Stored as one "type<TAB>value" line: normalised values hold no
     * control characters, but that is this module's promise to keep. */
    if (utf8_has_control(value, false) || strlen(value) > ALERT_OBS_VALUE_MAX) {
        xfree(value);
        xfree(display);
        kz_problems_add(p, field, "v.control");
        return false;
    }
    xfree(o->value);
    xfree(display);
    o->value = value;
    return true;
}

static void check_obs(struct alert *a, const char *prefix,
                      struct kz_problems *p)
{
    char name[64];

    if (a->nobs > ALERT_OBS_MAX) {
        snprintf(name, sizeof(name), "%sobservables", prefix);
        kz_problems_add_count(p, name, "v.too_many", (long long)a->nobs);
        return;
    }
    size_t kept = 0;
    for (size_t i = 0; i < a->nobs; i++) {
        struct alert_obs *o = &a->obs[i];
        bool ok = true;
        if (!alert_obs_type_is_valid(o->type)) {
            snprintf(name, sizeof(name), "%sobservables[%zu].type", prefix, i);
            kz_problems_add(p, name,
                            o->type ? "alert.v.obs_type" : "v.required");
            ok = false;
        }
        snprintf(name, sizeof(name), "%sobservables[%zu].value", prefix, i);
        if (o->value == NULL || utf8_is_blank(o->value)) {
            kz_problems_add(p, name, "v.required");
            ok = false;
        } else if (ok) {
            ok = normalise(o, name, p);
        }
        /* The same indicator twice says nothing more. */
        for (size_t k = 0; ok && k < kept; k++)
            ok = strcmp(a->obs[k].type, o->type) != 0 ||
                 strcmp(a->obs[k].value, o->value) != 0;
        if (ok && kept != i) {
            struct alert_obs t = a->obs[kept];
            a->obs[kept] = *o;
            *o = t;
        }
        if (ok)
            kept++;
    }
    if (p->n == 0) {
        for (size_t i = kept; i < a->nobs; i++) {
            xfree(a->obs[i].type);
            xfree(a->obs[i].value);
        }
        a->nobs = kept;
    }
}

enum kz_err alert_check(struct alert *a, kz_time now, const char *prefix,
                        struct kz_problems *p)
{
    size_t before = p->n;
    char name[64];

    if (prefix == NULL)
        prefix = "";
    check_line(p, prefix, "source", a->source, ALERT_SOURCE_MAX, true);
    check_line(p, prefix, "source_ref", a->source_ref, ALERT_SOURCE_REF_MAX,
               true);
    check_line(p, prefix, "title", a->title, ALERT_TITLE_MAX, true);
    if (a->description != NULL) {
        size_t n = utf8_length(a->description);
        snprintf(name, sizeof(name), "%sdescription", prefix);
        if (n > ALERT_TEXT_MAX)
            kz_problems_add_count(p, name, "v.too_long", (long long)n);
        else if (utf8_has_control(a->description, true))
            kz_problems_add(p, name, "v.control");
    }
    if (a->severity != NULL && !alert_severity_is_valid(a->severity)) {
        snprintf(name, sizeof(name), "%sseverity", prefix);
        kz_problems_add(p, name, "alert.v.severity");
    }
    snprintf(name, sizeof(name), "%soccurred_at", prefix);
    if (a->occurred_at != KZ_TIME_NONE &&
        a->occurred_at > now + ALERT_FUTURE_SLACK)
        kz_problems_add(p, name, "v.future");
    else if (a->occurred_at != KZ_TIME_NONE &&
             a->occurred_at < INCIDENT_TIME_MIN)
        kz_problems_add(p, name, "v.too_early");
    if (a->raw != NULL && strlen(a->raw) > ALERT_RAW_MAX) {
        snprintf(name, sizeof(name), "%sraw", prefix);
        kz_problems_add_count(p, name, "alert.v.raw_too_big",
                              (long long)strlen(a->raw));
    }
    check_obs(a, prefix, p);
    return p->n > before || p->truncated ? KZ_EINVAL : KZ_OK;
}

char *alert_title_normalise(const char *title)
{
    size_t n = title ? strlen(title) : 0;
    char *out = xmalloc(n + 1);
    size_t w = 0;
    bool space = false;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)title[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = w > 0;
            continue;
        }
        if (space)
            out[w++] = ' ';
        space = false;
        out[w++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    out[w] = '\0';
    return out;
}

static int obs_cmp(const void *x, const void *y)
{
    const struct alert_obs *a = x;
    const struct alert_obs *b = y;
    int c = strcmp(a->type, b->type);

    return c != 0 ? c : strcmp(a->value, b->value);
}

/* One field of the fingerprint: its length first, so that no two
 * different lists of fields hash the same bytes. */
/* "<length>:<bytes>" of 's' into the hash (the length in decimal: what
 * stored fingerprints were made with).  No snprintf: six fields an
 * alert, 20,000 alerts a second. */
static void fp_field(crypto_hash_sha256_state *st, const char *s)
{
    unsigned char len[24];
    size_t n = s ? strlen(s) : 0;
    size_t at = sizeof(len);

    len[--at] = ':';
    for (size_t k = n; at == sizeof(len) - 1 || k > 0; k /= 10)
        len[--at] = (unsigned char)('0' + k % 10);
    crypto_hash_sha256_update(st, len + at, sizeof(len) - at);
    if (n > 0)
        crypto_hash_sha256_update(st, (const unsigned char *)s, n);
}

void alert_fingerprint(struct alert *a)
{
    crypto_hash_sha256_state st;
    unsigned char digest[crypto_hash_sha256_BYTES];
    struct alert_obs *sorted = NULL;
    char *title = alert_title_normalise(a->title);

    if (a->nobs > 0) {
        sorted = xcalloc(a->nobs, sizeof(*sorted));
        memcpy(sorted, a->obs, a->nobs * sizeof(*sorted));
        qsort(sorted, a->nobs, sizeof(*sorted), obs_cmp);
    }
    crypto_hash_sha256_init(&st);
    fp_field(&st, a->source);
    fp_field(&st, title);
    for (size_t i = 0; i < a->nobs; i++) {
        fp_field(&st, sorted[i].type);
        fp_field(&st, sorted[i].value);
    }
    crypto_hash_sha256_final(&st, digest);
    sodium_bin2hex(a->fingerprint, sizeof(a->fingerprint), digest,
                   sizeof(digest));
    xfree(sorted);
    xfree(title);
}

char *alert_obs_encode(const struct alert *a)
{
    size_t n = 1;

    for (size_t i = 0; i < a->nobs; i++)
        n += strlen(a->obs[i].type) + strlen(a->obs[i].value) + 2;
    char *out = xmalloc(n);
    size_t w = 0;
    for (size_t i = 0; i < a->nobs; i++) {
        size_t t = strlen(a->obs[i].type);
        size_t v = strlen(a->obs[i].value);
        memcpy(out + w, a->obs[i].type, t);
        w += t;
        out[w++] = '\t';
        memcpy(out + w, a->obs[i].value, v);
        w += v;
        out[w++] = '\n';
    }
    out[w] = '\0';
    return out;
}

void alert_obs_prepare(struct alert *a)
{
    if (a->obs_text == NULL)
        a->obs_text = alert_obs_encode(a);
}

void alert_obs_decode(const char *text, struct alert *a)
{
    obs_free(a);
    for (const char *line = text; line != NULL && *line != '\0';) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        const char *tab = memchr(line, '\t', len);
        if (tab != NULL) {
            a->obs = xrealloc(a->obs, (a->nobs + 1) * sizeof(*a->obs));
            a->obs[a->nobs].type = xstrndup(line, (size_t)(tab - line));
            a->obs[a->nobs].value =
                xstrndup(tab + 1, len - (size_t)(tab - line) - 1);
            a->nobs++;
        }
        line = end ? end + 1 : NULL;
    }
}

enum kz_err alert_check_status_change(enum alert_status from,
                                      enum alert_status to, const char *reason,
                                      struct kz_problems *p)
{
    if ((unsigned)to >= ALERT_STATUS_COUNT)
        return kz_problems_add(p, "status", "v.unknown_key");
    /* An alert joins an incident only through promotion, which also
     * writes the incident; and once it has, the incident carries it. */
    if (to == ALERT_PROMOTED || to == ALERT_MERGED)
        return kz_problems_add(p, "status", "alert.v.use_promote");
    if (from == ALERT_PROMOTED || from == ALERT_MERGED) {
        (void)kz_problems_add(p, "status", "alert.v.attached");
        return KZ_ECONFLICT;
    }
    if (to == ALERT_IGNORED) {
        if (reason == NULL || utf8_is_blank(reason))
            return kz_problems_add(p, "reason", "alert.v.reason_required");
    }
    if (reason != NULL) {
        size_t n = utf8_length(reason);
        if (n > ALERT_REASON_MAX)
            return kz_problems_add_count(p, "reason", "v.too_long",
                                         (long long)n);
        if (utf8_has_control(reason, true))
            return kz_problems_add(p, "reason", "v.control");
    }
    return KZ_OK;
}
