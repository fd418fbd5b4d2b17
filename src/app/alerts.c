/* SPDX-License-Identifier: MIT */
/*
 * alerts.c - alert intake and the alert queue (see alerts.h).
 */
#include "app/alerts.h"

#include <stdio.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/chronicle.h"
#include "app/guard.h"
#include "app/incident_ops.h"
#include "app/observables.h"
#include "app/settings.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/utf8.h"

enum kz_err app_alert_ingest(struct store *s, const struct app_ctx *ctx,
                             struct alert *items, size_t n, size_t *created)
{
    char detail[96];
    enum kz_err err = app_allowed(ctx, ACT_ALERT_INGEST, NULL);

    *created = 0;
    if (err != KZ_OK)
        return err;
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    int hours =
        app_setting_int(s, ALERT_GROUP_SETTING, ALERT_GROUP_HOURS_DEFAULT);
    if (hours < 1 || hours > ALERT_GROUP_HOURS_MAX)
        hours = ALERT_GROUP_HOURS_DEFAULT;
    kz_time since = ctx->now - (kz_time)hours * 3600;
    for (size_t i = 0; err == KZ_OK && i < n; i++) {
        bool fresh = false;
        items[i].last_seen = ctx->now;
        err = store_alert_record(s, &items[i], since, &fresh);
        *created += fresh;
    }
    /* One audit entry per request, not per alert: the alerts themselves
     * are the record of what arrived, and the audit chain stays cheap
     * at intake rates. */
    snprintf(detail, sizeof(detail), "{\"created\":%zu,\"updated\":%zu}",
             *created, n - *created);
    if (err == KZ_OK)
        err = app_audit(s, ctx, "alert.ingest", "alerts", detail);
    err = store_end(s, err);
    if (err != KZ_OK)
        *created = 0;
    return err;
}

/* Hide the incident of 'a' unless the actor may see it.  'seen' caches
 * the last incident looked at: a page of alerts often shares one. */
static enum kz_err mask_incident(struct store *s, const struct app_ctx *ctx,
                                 struct alert *a, struct incident *seen)
{
    if (a->incident_ref[0] == '\0')
        return KZ_OK;
    if (strcmp(seen->ref, a->incident_ref) != 0) {
        incident_cleanup(seen);
        incident_init(seen);
        enum kz_err err = store_incident_get(s, a->incident_ref, seen);
        if (err != KZ_OK)
            return err;
    }
    if (!access_can_see(&ctx->actor, seen))
        a->incident_ref[0] = '\0';
    return KZ_OK;
}

enum kz_err app_alert_list(struct store *s, const struct app_ctx *ctx,
                           const struct alert_filter *f, struct alert_list *out)
{
    struct incident seen;
    enum kz_err err = app_allowed(ctx, ACT_ALERT_READ, NULL);

    out->items = NULL;
    out->n = 0;
    if (err != KZ_OK)
        return err;
    err = store_alert_list(s, f, out);
    incident_init(&seen);
    for (size_t i = 0; err == KZ_OK && i < out->n; i++)
        err = mask_incident(s, ctx, &out->items[i], &seen);
    incident_cleanup(&seen);
    if (err != KZ_OK)
        alert_list_cleanup(out);
    return err;
}

enum kz_err app_alert_get(struct store *s, const struct app_ctx *ctx,
                          int64_t id, struct alert *out)
{
    struct incident seen;
    enum kz_err err = app_allowed(ctx, ACT_ALERT_READ, NULL);

    if (err == KZ_OK)
        err = store_alert_get(s, id, out);
    incident_init(&seen);
    if (err == KZ_OK)
        err = mask_incident(s, ctx, out, &seen);
    incident_cleanup(&seen);
    return err;
}

enum kz_err app_alert_set_status(struct store *s, const struct app_ctx *ctx,
                                 int64_t id, const char *status,
                                 const char *reason, struct alert *out,
                                 struct kz_problems *p)
{
    enum alert_status to;
    char target[32];
    enum kz_err err = app_allowed(ctx, ACT_ALERT_TRIAGE, NULL);

    if (err != KZ_OK)
        return err;
    if (!alert_status_from_key(status, &to))
        return kz_problems_add(p, "status",
                               status ? "v.unknown_key" : "v.required");
    err = store_begin(s);
    if (err == KZ_OK)
        err = store_alert_get(s, id, out);
    if (err == KZ_OK)
        err = alert_check_status_change(out->status, to, reason, p);
    if (err == KZ_OK) {
        enum alert_status from = out->status;
        out->status = to;
        /* A reason belongs to the ignoring: reopening clears it. */
        xstrset(&out->reason,
                reason != NULL && !utf8_is_blank(reason) ? reason : NULL);
        out->updated_at = ctx->now;
        xstrset(&out->updated_by, ctx->actor.name);
        err = store_alert_set_status(s, out);
        json_t *d =
            json_pack("{s:s, s:s, s:o}", "from", alert_status_key(from), "to",
                      alert_status_key(to), "reason",
                      out->reason ? json_string(out->reason) : json_null());
        char *detail = json_dumps(d, JSON_COMPACT);
        json_decref(d);
        snprintf(target, sizeof(target), "alert/%lld", (long long)id);
        if (err == KZ_OK)
            err = app_audit(s, ctx, "alert.status", target, detail);
        xfree(detail);
    }
    err = store_end(s, err);
    if (err == KZ_OK) {
        struct incident seen;
        incident_init(&seen);
        err = mask_incident(s, ctx, out, &seen);
        incident_cleanup(&seen);
    }
    return err;
}

/* The description of a new incident: each alert and its observables (the
 * observables are also added to the incident as such: carry_observables). */
static char *promote_description(const struct alert *a, size_t n)
{
    struct buf b;
    char t[TIMEFMT_LEN];
    enum kz_err err = KZ_OK;

    buf_init(&b, (size_t)INCIDENT_TEXT_MAX * 4);
    err = buf_puts(&b, "検知ツールのアラートから起票 / Filed from "
                       "detection-tool alerts:\n");
    for (size_t i = 0; err == KZ_OK && i < n; i++) {
        err = buf_printf(&b, "\n- #%lld [%s %s] %s", (long long)a[i].id,
                         a[i].source, a[i].source_ref, a[i].title);
        if (err == KZ_OK && a[i].severity != NULL)
            err = buf_printf(&b, " (%s)", a[i].severity);
        if (err == KZ_OK && a[i].occurred_at != KZ_TIME_NONE)
            err = buf_printf(&b, " %s", timefmt_format(a[i].occurred_at, t));
        if (err == KZ_OK && a[i].repeat_count > 1)
            err = buf_printf(&b, " x%lld", (long long)a[i].repeat_count);
        for (size_t k = 0; err == KZ_OK && k < a[i].nobs; k++)
            err = buf_printf(&b, "\n    %s: %s", a[i].obs[k].type,
                             a[i].obs[k].value);
    }
    if (err == KZ_OK && n == 1 && a[0].description != NULL &&
        a[0].description[0] != '\0')
        err = buf_printf(&b, "\n\n%s", a[0].description);
    char *text = buf_take(&b);
    buf_cleanup(&b);
    if (text == NULL || err != KZ_OK || utf8_length(text) > INCIDENT_TEXT_MAX) {
        /* Too long to keep whole: the list of alerts is still in the
         * chronology entry and on the alerts themselves. */
        xfree(text);
        char head[160];
        snprintf(head, sizeof(head),
                 "検知ツールのアラート %zu 件から起票 / Filed from %zu "
                 "detection-tool alerts",
                 n, n);
        text = xstrdup(head);
    }
    return text;
}

/* The title for a new incident: the first alert's, cut to fit. */
static char *promote_title(const struct alert *a)
{
    const char *t = a->title;
    size_t cut = 0;
    size_t cps = 0;

    while (t[cut] != '\0' && cps < INCIDENT_TITLE_MAX) {
        cut++;
        while (((unsigned char)t[cut] & 0xC0) == 0x80)
            cut++;
        cps++;
    }
    return xstrndup(t, cut);
}

static enum kz_err file_incident(struct store *s, const struct app_ctx *ctx,
                                 const struct alert *a, size_t n,
                                 struct incident *inc, struct kz_problems *p)
{
    int severity = 0;
    const char *sev_key = NULL;
    kz_time first = KZ_TIME_NONE;
    kz_time occurred = KZ_TIME_NONE;

    for (size_t i = 0; i < n; i++) {
        int sv = alert_severity_to_incident(a[i].severity);
        if (sv != 0 && (severity == 0 || sv < severity)) {
            severity = sv;
            sev_key = a[i].severity;
        }
        if (first == KZ_TIME_NONE || a[i].first_seen < first)
            first = a[i].first_seen;
        if (a[i].occurred_at != KZ_TIME_NONE &&
            (occurred == KZ_TIME_NONE || a[i].occurred_at < occurred))
            occurred = a[i].occurred_at;
    }
    inc->title = promote_title(&a[0]);
    inc->description = promote_description(a, n);
    inc->kind = KIND_INCIDENT;
    inc->detection_trigger = xstrdup("tool_alert");
    inc->reporter = xstrdup(a[0].source);
    /* The tool noticed it when it first sent the alert; a tool clock
     * ahead of ours cannot make it occur after it was noticed. */
    inc->discovered_at = first != KZ_TIME_NONE ? first : ctx->now;
    if (occurred != KZ_TIME_NONE && occurred > inc->discovered_at)
        occurred = inc->discovered_at;
    inc->occurred_at = occurred;
    inc->reported_at = ctx->now;
    if (severity != 0) {
        char why[96];
        inc->severity = severity;
        snprintf(why, sizeof(why),
                 "検知ツールのアラートの重大度 %s / alert severity %s", sev_key,
                 sev_key);
        inc->severity_reason = xstrdup(why);
    }
    return app_incident_create(s, ctx, inc, p);
}

/* The chronology line naming the alerts attached or promoted. */
static char *alerts_line(const char *what, const struct alert *a, size_t n)
{
    struct buf b;
    enum kz_err err;

    buf_init(&b, 16384);
    err = buf_puts(&b, what);
    for (size_t i = 0; err == KZ_OK && i < n; i++)
        err = buf_printf(&b, "%s #%lld %s (%s %s)", i ? ";" : "",
                         (long long)a[i].id, a[i].title, a[i].source,
                         a[i].source_ref);
    char *text = buf_take(&b);
    buf_cleanup(&b);
    if (text == NULL || err != KZ_OK) {
        xfree(text);
        char head[96];
        snprintf(head, sizeof(head), "%s %zu", what, n);
        text = xstrdup(head);
    }
    return text;
}

/*
 * Add the observables of alerts a[n] to 'inc' (each type and value once,
 * at most OBS_BATCH_MAX; what the incident already holds is skipped), in
 * the caller's transaction.  They were seen by our own detection tools,
 * so they are "sighted"; whether each is an IOC is a person's call.
 */
static enum kz_err carry_observables(struct store *s, const struct app_ctx *ctx,
                                     const struct incident *inc,
                                     const struct alert *a, size_t n,
                                     struct kz_problems *p)
{
    size_t total = 0;
    size_t k = 0;

    for (size_t i = 0; i < n; i++)
        total += a[i].nobs;
    if (total == 0)
        return KZ_OK;
    if (total > OBS_BATCH_MAX)
        total = OBS_BATCH_MAX;
    struct obs_input *in = xcalloc(total, sizeof(*in));
    for (size_t i = 0; i < n && k < total; i++) {
        for (size_t j = 0; j < a[i].nobs && k < total; j++) {
            const struct alert_obs *o = &a[i].obs[j];
            bool seen = false;
            for (size_t m = 0; m < k && !seen; m++)
                seen = strcmp(in[m].type, o->type) == 0 &&
                       strcmp(in[m].value, o->value) == 0;
            if (seen)
                continue;
            in[k].type = o->type;
            in[k].value = o->value;
            in[k].sighted = true;
            k++;
        }
    }
    enum kz_err err = observables_add_in_tx(
        s, ctx, inc, in, k, OBS_ADD_SKIP_EXISTING, NULL, NULL, p);
    xfree(in);
    return err;
}

static enum kz_err load_alerts(struct store *s, const int64_t *ids, size_t n,
                               struct alert *a, struct kz_problems *p)
{
    enum kz_err err = KZ_OK;

    for (size_t i = 0; i < n && err == KZ_OK; i++) {
        for (size_t k = 0; k < i; k++) {
            if (ids[k] == ids[i])
                return kz_problems_add_at(p, "alerts", i, "",
                                          "alert.v.repeated");
        }
        err = store_alert_get(s, ids[i], &a[i]);
        if (err == KZ_ENOTFOUND)
            return kz_problems_add_at(p, "alerts", i, "", "alert.v.no_alert");
        if (err == KZ_OK &&
            (a[i].status == ALERT_PROMOTED || a[i].status == ALERT_MERGED)) {
            (void)kz_problems_add_at(p, "alerts", i, "", "alert.v.attached");
            err = KZ_ECONFLICT;
        }
    }
    return err;
}

enum kz_err app_alert_promote(struct store *s, const struct app_ctx *ctx,
                              const int64_t *ids, size_t n, const char *ref,
                              char out_ref[INCIDENT_REF_LEN],
                              struct kz_problems *p)
{
    struct incident inc;
    enum kz_err err = app_allowed(ctx, ACT_ALERT_TRIAGE, NULL);

    out_ref[0] = '\0';
    if (err != KZ_OK)
        return err;
    if (n == 0)
        return kz_problems_add(p, "alerts", "v.required");
    if (n > ALERT_PROMOTE_MAX)
        return kz_problems_add_count(p, "alerts", "v.too_many", (long long)n);
    struct alert *a = xcalloc(n, sizeof(*a));
    for (size_t i = 0; i < n; i++)
        alert_init(&a[i]);
    incident_init(&inc);
    err = store_begin(s);
    if (err == KZ_OK)
        err = load_alerts(s, ids, n, a, p);
    if (err == KZ_OK && ref == NULL)
        err = file_incident(s, ctx, a, n, &inc, p);
    else if (err == KZ_OK)
        err = app_incident_for(s, ctx, ref, ACT_INCIDENT_UPDATE, NULL, &inc);
    if (err == KZ_OK)
        err = app_chron_append(
            s, &inc, NULL, ENTRY_ACTION, ctx->actor.name, ctx->now,
            alerts_line(ref == NULL ? "アラートから起票 / promoted from alerts:"
                                    : "アラートを統合 / alerts attached:",
                        a, n),
            NULL);
    if (err == KZ_OK)
        err = carry_observables(s, ctx, &inc, a, n, p);
    for (size_t i = 0; err == KZ_OK && i < n; i++) {
        a[i].status = ref == NULL ? ALERT_PROMOTED : ALERT_MERGED;
        a[i].incident_id = inc.id;
        a[i].updated_at = ctx->now;
        xstrset(&a[i].updated_by, ctx->actor.name);
        err = store_alert_set_status(s, &a[i]);
    }
    if (err == KZ_OK) {
        json_t *d = json_pack("{s:s, s:o}", "as", ref ? "merged" : "promoted",
                              "alerts", json_array());
        for (size_t i = 0; i < n; i++)
            json_array_append_new(json_object_get(d, "alerts"),
                                  json_integer(a[i].id));
        char *detail = json_dumps(d, JSON_COMPACT);
        json_decref(d);
        /* Filed under the incident, so that the audit log hides it from
         * those who may not know of a restricted one. */
        err = app_audit(s, ctx, "alert.promote", inc.ref, detail);
        xfree(detail);
    }
    err = store_end(s, err);
    if (err == KZ_OK)
        snprintf(out_ref, INCIDENT_REF_LEN, "%s", inc.ref);
    incident_cleanup(&inc);
    for (size_t i = 0; i < n; i++)
        alert_cleanup(&a[i]);
    xfree(a);
    return err;
}
