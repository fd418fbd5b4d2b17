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
#include "json/alert_json.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/utf8.h"

/*
 * Intake of a batch, planned here so that the store's work per alert is
 * small (issue 10: 20,000 alerts a second): the writer thread runs this
 * and is the one thread all intake goes through.
 *
 * Each item is a repeat of a row this batch created (found in 'refs'),
 * a repeat of a stored alert (store_alert_find; the update is written at
 * once), or new.  New rows get their ids from store_alert_next_id on and
 * wait in 'rows' to go in together (store_alert_insert), a repeat of one
 * of them being folded into its row as the update would have done.
 *
 * A new alert joins the group of the latest alert with its fingerprint
 * seen within the window (latest by last_seen, then id), as if each
 * alert were written before the next is read.  'fps' remembers that
 * latest alert for each fingerprint met in the batch, so the store is
 * asked once per fingerprint rather than once per alert, and is kept
 * true as the batch creates and repeats alerts: a row repeated gets
 * last_seen = now and may become the latest of its stored fingerprint.
 * Only when the latest moves back (a row seen last after 'now', from a
 * clock that went back) is the entry forgotten, the waiting rows written
 * and the store asked again.
 */

/* The latest alert of one fingerprint, as far as this batch knows. */
struct fp_slot {
    bool used;
    bool known; /* false: ask the store */
    bool none;  /* no alert of this fingerprint within the window */
    char fp[ALERT_FP_SIZE];
    kz_time last_seen;
    int64_t id;
    int64_t group_id;
};

/* A row this batch created, by (source, source_ref). */
struct ref_slot {
    const struct alert *key; /* NULL: free */
    size_t row;
};

struct intake {
    struct store *s;
    kz_time now;
    kz_time since;
    struct alert_row *rows; /* created by this batch; ids first_id on */
    size_t nrows;
    size_t written; /* rows[0..written) are in the store */
    int64_t first_id;
    struct ref_slot *refs;
    size_t nrefs; /* slots, a power of two */
    struct fp_slot *fps;
    size_t nfps; /* slots, a power of two */
};

static uint64_t hash_bytes(uint64_t h, const char *s)
{
    for (; *s != '\0'; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static uint64_t hash_ref(const char *source, const char *source_ref)
{
    return hash_bytes(hash_bytes(14695981039346656037u, source) * 31u,
                      source_ref);
}

static size_t slots_for(size_t n)
{
    size_t k = 16;

    while (k < 2 * n)
        k *= 2;
    return k;
}

/* The slot of the row created for a's (source, source_ref), or of the
 * free slot where it would go. */
static struct ref_slot *ref_slot(struct intake *in, const struct alert *a)
{
    size_t mask = in->nrefs - 1;
    size_t i = hash_ref(a->source, a->source_ref) & mask;

    while (in->refs[i].key != NULL &&
           (strcmp(in->refs[i].key->source_ref, a->source_ref) != 0 ||
            strcmp(in->refs[i].key->source, a->source) != 0))
        i = (i + 1) & mask;
    return &in->refs[i];
}

/* The slot of fingerprint 'fp' (used or to be used). */
static struct fp_slot *fp_slot(struct intake *in, const char *fp)
{
    size_t mask = in->nfps - 1;
    size_t i = hash_bytes(14695981039346656037u, fp) & mask;

    while (in->fps[i].used && strcmp(in->fps[i].fp, fp) != 0)
        i = (i + 1) & mask;
    return &in->fps[i];
}

/* Write the rows that wait. */
static enum kz_err flush_rows(struct intake *in)
{
    enum kz_err err = store_alert_insert(in->s, in->rows + in->written,
                                         in->nrows - in->written);

    if (err == KZ_OK)
        in->written = in->nrows;
    return err;
}

/* Alert 'id' of group 'group_id' and stored fingerprint 'fp', last seen
 * before at 'was', is now seen at in->now: it may become the latest of
 * its fingerprint, or stop being it. */
static enum kz_err fp_touch(struct intake *in, const char *fp, int64_t id,
                            int64_t group_id, kz_time was)
{
    struct fp_slot *e = fp_slot(in, fp);

    if (!e->used || !e->known)
        return KZ_OK; /* the store is asked when it matters */
    if (e->id == id && !e->none && was > in->now) {
        /* Moved back: which alert is now the latest only the store
         * can tell, once it holds every row. */
        e->known = false;
        return flush_rows(in);
    }
    if (e->none || in->now > e->last_seen ||
        (in->now == e->last_seen && id >= e->id)) {
        e->none = false;
        e->last_seen = in->now;
        e->id = id;
        e->group_id = group_id;
    }
    return KZ_OK;
}

/* The group a new alert of fingerprint 'fp' joins (OUT: *group_of, 0 for
 * a group of its own). */
static enum kz_err fp_group(struct intake *in, const char *fp,
                            int64_t *group_of)
{
    struct fp_slot *e = fp_slot(in, fp);

    if (!e->used || !e->known) {
        struct alert_seen seen;
        enum kz_err err = store_alert_latest(in->s, fp, in->since, &seen);
        if (err != KZ_OK && err != KZ_ENOTFOUND)
            return err;
        e->used = true;
        e->known = true;
        snprintf(e->fp, sizeof(e->fp), "%s", fp);
        e->none = err == KZ_ENOTFOUND;
        e->last_seen = e->none ? KZ_TIME_NONE : seen.last_seen;
        e->id = e->none ? 0 : seen.id;
        e->group_id = e->none ? 0 : seen.group_id;
    }
    *group_of = e->none ? 0 : e->group_id;
    return KZ_OK;
}

/* The row of alert 'a' as a repeat writes it. */
static void repeat_row(struct alert_row *r, const struct alert *a)
{
    r->title = a->title;
    if (a->description != NULL)
        r->description = a->description;
    if (a->severity != NULL)
        r->severity = a->severity;
    if (a->occurred_at != KZ_TIME_NONE)
        r->occurred_at = a->occurred_at;
    /* A tool that sends the observables only the first time does not
     * erase them. */
    if (a->nobs > 0)
        r->observables = a->obs_text;
    if (a->raw != NULL)
        r->raw = a->raw;
    r->last_seen = a->last_seen;
}

/* Item 'a' repeats row k of this batch. */
static enum kz_err repeat_batch_row(struct intake *in, struct alert *a,
                                    size_t k)
{
    struct alert_row *r = &in->rows[k];
    enum kz_err err = KZ_OK;

    if (k < in->written) {
        struct alert_row u = {.id = r->id, .occurred_at = KZ_TIME_NONE};
        repeat_row(&u, a);
        err = store_alert_repeat(in->s, &u);
    }
    repeat_row(r, a);
    r->repeat_count++;
    a->id = r->id;
    a->status = ALERT_NEW;
    a->repeat_count = r->repeat_count;
    a->group_id = r->group_of > 0 ? r->group_of : r->id;
    a->first_seen = r->first_seen;
    return err;
}

/* Item 'a' repeats a stored alert, or is new (*created). */
static enum kz_err record_one(struct intake *in, struct alert *a, bool *created)
{
    struct alert_seen seen;
    struct ref_slot *slot = ref_slot(in, a);

    *created = false;
    if (slot->key != NULL)
        return repeat_batch_row(in, a, slot->row);
    enum kz_err err = store_alert_find(in->s, a->source, a->source_ref, &seen);
    if (err == KZ_OK) {
        struct alert_row u = {.id = seen.id, .occurred_at = KZ_TIME_NONE};
        repeat_row(&u, a);
        err = store_alert_repeat(in->s, &u);
        a->id = seen.id;
        a->status = seen.status;
        a->repeat_count = seen.repeat_count + 1;
        a->group_id = seen.group_id;
        a->first_seen = seen.first_seen;
        if (err == KZ_OK)
            err = fp_touch(in, seen.fingerprint, seen.id, seen.group_id,
                           seen.last_seen);
        return err;
    }
    if (err != KZ_ENOTFOUND)
        return err;
    int64_t group_of = 0;
    err = fp_group(in, a->fingerprint, &group_of);
    if (err != KZ_OK)
        return err;
    struct alert_row *r = &in->rows[in->nrows];
    *r = (struct alert_row){.id = in->first_id + (int64_t)in->nrows,
                            .source = a->source,
                            .source_ref = a->source_ref,
                            .title = a->title,
                            .description = a->description,
                            .severity = a->severity,
                            .occurred_at = a->occurred_at,
                            .observables = a->obs_text,
                            .raw = a->raw,
                            .fingerprint = a->fingerprint,
                            .group_of = group_of,
                            .repeat_count = 1,
                            .first_seen = in->now,
                            .last_seen = in->now};
    slot->key = a;
    slot->row = in->nrows++;
    a->id = r->id;
    a->status = ALERT_NEW;
    a->repeat_count = 1;
    a->group_id = group_of > 0 ? group_of : r->id;
    a->first_seen = in->now;
    *created = true;
    return fp_touch(in, a->fingerprint, a->id, a->group_id, in->now);
}

enum kz_err app_alert_ingest(struct store *s, const struct app_ctx *ctx,
                             struct alert *items, size_t n, size_t *created)
{
    char detail[96];
    struct intake in = {.s = s, .now = ctx->now};
    enum kz_err err = app_allowed(ctx, ACT_ALERT_INGEST, NULL);

    *created = 0;
    if (err != KZ_OK)
        return err;
    /* What needs no store is done before the transaction (the HTTP
     * handler has done it already, off the writer thread). */
    for (size_t i = 0; i < n; i++) {
        alert_obs_prepare(&items[i]);
        items[i].last_seen = ctx->now;
    }
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    int hours =
        app_setting_int(s, ALERT_GROUP_SETTING, ALERT_GROUP_HOURS_DEFAULT);
    if (hours < 1 || hours > ALERT_GROUP_HOURS_MAX)
        hours = ALERT_GROUP_HOURS_DEFAULT;
    in.since = ctx->now - (kz_time)hours * 3600;
    in.rows = xcalloc(n > 0 ? n : 1, sizeof(*in.rows));
    in.nrefs = slots_for(n);
    in.refs = xcalloc(in.nrefs, sizeof(*in.refs));
    in.nfps = slots_for(n);
    in.fps = xcalloc(in.nfps, sizeof(*in.fps));
    err = store_alert_next_id(s, &in.first_id);
    for (size_t i = 0; err == KZ_OK && i < n; i++) {
        bool fresh = false;
        err = record_one(&in, &items[i], &fresh);
        *created += fresh;
    }
    if (err == KZ_OK)
        err = flush_rows(&in);
    xfree(in.rows);
    xfree(in.refs);
    xfree(in.fps);
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
        char *detail = alert_status_detail(alert_status_key(from),
                                           alert_status_key(to), out->reason);
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
        int64_t *moved = xcalloc(n, sizeof(*moved));
        for (size_t i = 0; i < n; i++)
            moved[i] = a[i].id;
        char *detail = alert_promote_detail(ref != NULL, moved, n);
        xfree(moved);
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
