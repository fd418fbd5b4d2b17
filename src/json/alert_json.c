/* SPDX-License-Identifier: MIT */
/*
 * alert_json.c - alerts to and from JSON (see alert_json.h).
 */
#include "json/alert_json.h"

#include <stdio.h>
#include <string.h>

#include "json/fields.h"
#include "util/mem.h"

static const char *const alert_keys[] = {
    "source",      "source_ref",  "title", "description", "severity",
    "occurred_at", "observables", "raw",   NULL};

/* Copy the problems of 'from' into 'to' with 'prefix' before each field. */
static void prefixed(struct kz_problems *to, const struct kz_problems *from,
                     const char *prefix)
{
    char name[64];

    for (size_t i = 0; i < from->n; i++) {
        snprintf(name, sizeof(name), "%s%s", prefix, from->items[i].field);
        if (from->items[i].count >= 0)
            kz_problems_add_count(to, name, from->items[i].msg_key,
                                  from->items[i].count);
        else
            kz_problems_add(to, name, from->items[i].msg_key);
    }
    if (from->truncated)
        to->truncated = true;
}

/* A problem of observable 'i' ("observables[3].type"); the name is made
 * only for a problem, not for every observable read. */
static void obs_problem(struct kz_problems *p, size_t i, const char *member,
                        const char *key)
{
    char name[48];

    snprintf(name, sizeof(name), "observables[%zu]%s", i, member);
    kz_problems_add(p, name, key);
}

static void read_obs(const json_t *o, struct alert *a, struct kz_problems *p)
{
    json_t *arr = json_object_get(o, "observables");

    if (arr == NULL || json_is_null(arr))
        return;
    if (!json_is_array(arr)) {
        kz_problems_add(p, "observables", "v.type_array");
        return;
    }
    if (json_array_size(arr) > ALERT_OBS_MAX) {
        kz_problems_add_count(p, "observables", "v.too_many",
                              (long long)json_array_size(arr));
        return;
    }
    a->obs = xcalloc(json_array_size(arr) + 1, sizeof(*a->obs));
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *e = json_array_get(arr, i);
        struct alert_obs *ob = &a->obs[a->nobs++];
        if (!json_is_object(e)) {
            obs_problem(p, i, "", "v.type_object");
            continue;
        }
        json_t *t = json_object_get(e, "type");
        json_t *v = json_object_get(e, "value");
        if (json_object_size(e) != (size_t)(t != NULL) + (v != NULL))
            obs_problem(p, i, "", "v.unknown_field");
        if (t != NULL && !json_is_string(t))
            obs_problem(p, i, ".type", "v.type_string");
        else if (t != NULL)
            ob->type = xstrdup(json_string_value(t));
        if (v != NULL && !json_is_string(v))
            obs_problem(p, i, ".value", "v.type_string");
        else if (v != NULL)
            ob->value = xstrdup(json_string_value(v));
    }
}

/* Read one alert object into 'a' with problems named without prefix. */
static void read_alert(const json_t *o, struct alert *a, struct kz_problems *p)
{
    jf_only(o, alert_keys, p);
    jf_text(o, "source", &a->source, p);
    jf_text(o, "source_ref", &a->source_ref, p);
    jf_text(o, "title", &a->title, p);
    jf_text(o, "description", &a->description, p);
    jf_text(o, "severity", &a->severity, p);
    jf_time(o, "occurred_at", &a->occurred_at, p);
    read_obs(o, a, p);
    json_t *raw = json_object_get(o, "raw");
    if (raw != NULL && !json_is_null(raw))
        a->raw = json_dumps(raw, JSON_COMPACT | JSON_ENCODE_ANY |
                                     JSON_PRESERVE_ORDER);
}

void alert_batch_free(struct alert *items, size_t n)
{
    for (size_t i = 0; items != NULL && i < n; i++)
        alert_cleanup(&items[i]);
    xfree(items);
}

enum kz_err alert_batch_from_json(const json_t *body, kz_time now,
                                  struct alert **items, size_t *n,
                                  struct kz_problems *p)
{
    const json_t *list = NULL;
    size_t count = 1;
    bool batch = json_is_object(body) && json_object_get(body, "alerts");

    *items = NULL;
    *n = 0;
    if (!json_is_object(body))
        return kz_problems_add(p, "", "v.type_object");
    if (batch) {
        list = json_object_get(body, "alerts");
        if (json_object_size(body) != 1)
            return kz_problems_add(p, "", "alert.v.batch_only");
        if (!json_is_array(list))
            return kz_problems_add(p, "alerts", "v.type_array");
        count = json_array_size(list);
        if (count == 0)
            return kz_problems_add(p, "alerts", "v.required");
        if (count > ALERT_BATCH_MAX)
            return kz_problems_add_count(p, "alerts", "alert.v.batch_max",
                                         (long long)count);
    }
    struct alert *a = xcalloc(count, sizeof(*a));
    for (size_t i = 0; i < count; i++) {
        struct kz_problems mine;
        char prefix[48] = "";
        const json_t *o = batch ? json_array_get(list, i) : body;
        alert_init(&a[i]);
        kz_problems_clear(&mine);
        if (!json_is_object(o)) {
            snprintf(prefix, sizeof(prefix), "alerts[%zu]", i);
            kz_problems_add(p, prefix, "v.type_object");
            continue;
        }
        read_alert(o, &a[i], &mine);
        /* Every rule at once, so that a tool's author fixes everything
         * in one round. */
        (void)alert_check(&a[i], now, "", &mine);
        if (mine.n == 0) {
            /* Here on the handler thread, not on the writer's. */
            alert_fingerprint(&a[i]);
            alert_obs_prepare(&a[i]);
            continue;
        }
        if (batch)
            snprintf(prefix, sizeof(prefix), "alerts[%zu].", i);
        prefixed(p, &mine, prefix);
        /* Enough to show the sender what is wrong, without copying the
         * problems of ten thousand alerts. */
        if (p->truncated)
            break;
    }
    if (p->n > 0 || p->truncated) {
        alert_batch_free(a, count);
        return KZ_EINVAL;
    }
    *items = a;
    *n = count;
    return KZ_OK;
}

/* Append the decimal digits of 'v' to 'out' (room for 21); returns the
 * end. */
static char *put_int(char *out, long long v)
{
    char tmp[24];
    size_t n = 0;
    unsigned long long u =
        v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    if (v < 0)
        *out++ = '-';
    while (n > 0)
        *out++ = tmp[--n];
    return out;
}

/* Status keys are a few bytes: copied without their NUL, which the
 * caller's buffer holds only at the very end. */
static char *put_str(char *out, const char *s)
{
    while (*s != '\0')
        *out++ = *s++;
    return out;
}

/*
 * Written here rather than through jansson: a batch's answer has up to
 * 10,000 items, and packing and dumping them cost as much as reading a
 * quarter of the batch.  Only numbers and status keys (plain ASCII) go
 * in, so nothing needs escaping.
 */
char *alert_ingest_result(const struct alert *items, size_t n, size_t created,
                          size_t *len)
{
    /* An item: four keys, three numbers of at most 20 digits, a status
     * key of at most 12 characters. */
    char *out = xmalloc(n * 128 + 128);
    char *w = out;

    w = put_str(w, "{\"created\":");
    w = put_int(w, (long long)created);
    w = put_str(w, ",\"updated\":");
    w = put_int(w, (long long)(n - created));
    w = put_str(w, ",\"items\":[");
    for (size_t i = 0; i < n; i++) {
        w = put_str(w, i ? ",{\"id\":" : "{\"id\":");
        w = put_int(w, (long long)items[i].id);
        w = put_str(w, ",\"status\":\"");
        w = put_str(w, alert_status_key(items[i].status));
        w = put_str(w, "\",\"repeat_count\":");
        w = put_int(w, (long long)items[i].repeat_count);
        w = put_str(w, ",\"group\":");
        w = put_int(w, (long long)items[i].group_id);
        *w++ = '}';
    }
    w = put_str(w, "]}");
    *w = '\0';
    *len = (size_t)(w - out);
    return out;
}

static json_t *obs_json(const struct alert *a)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < a->nobs; i++)
        json_array_append_new(arr,
                              json_pack("{s:s, s:s}", "type", a->obs[i].type,
                                        "value", a->obs[i].value));
    return arr;
}

json_t *alert_to_json(const struct alert *a, bool full, bool show_incident)
{
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o}",
        "id", (json_int_t)a->id, "source", a->source ? a->source : "",
        "source_ref", a->source_ref ? a->source_ref : "", "title",
        a->title ? a->title : "", "status", alert_status_key(a->status),
        "repeat_count", (json_int_t)a->repeat_count, "group",
        (json_int_t)a->group_id, "severity", jf_text_json(a->severity),
        "occurred_at", jf_time_json(a->occurred_at), "first_seen",
        jf_time_json(a->first_seen), "last_seen", jf_time_json(a->last_seen),
        "observables", obs_json(a), "reason", jf_text_json(a->reason));

    json_object_set_new(o, "incident",
                        show_incident && a->incident_ref[0] != '\0'
                            ? json_string(a->incident_ref)
                            : json_null());
    if (full) {
        json_object_set_new(o, "description",
                            json_string(a->description ? a->description : ""));
        json_object_set_new(o, "raw", jf_text_json(a->raw));
        json_object_set_new(o, "fingerprint", json_string(a->fingerprint));
        json_object_set_new(o, "updated_by", jf_text_json(a->updated_by));
        json_object_set_new(o, "updated_at", jf_time_json(a->updated_at));
    }
    return o;
}

char *alert_status_detail(const char *from, const char *to, const char *reason)
{
    json_t *d = json_pack("{s:s, s:s, s:o}", "from", from, "to", to, "reason",
                          reason ? json_string(reason) : json_null());
    char *text = d != NULL ? json_dumps(d, JSON_COMPACT) : NULL;

    json_decref(d);
    return text;
}

char *alert_promote_detail(bool merged, const int64_t *ids, size_t n)
{
    json_t *a = json_array();

    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_integer(ids[i]));
    json_t *d = json_pack("{s:s, s:o}", "as", merged ? "merged" : "promoted",
                          "alerts", a);
    char *text = json_dumps(d, JSON_COMPACT);

    json_decref(d);
    return text;
}
