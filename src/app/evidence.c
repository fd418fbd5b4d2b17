/* SPDX-License-Identifier: MIT */
/*
 * evidence.c - evidence items and their chain of custody (see
 * evidence.h; the rules in docs/internals/evidence.md).
 */
#include "app/evidence.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/audit_log.h"
#include "app/chronicle.h"
#include "app/guard.h"
#include "app/writer.h"
#include "json/chron_args.h"
#include "util/mem.h"
#include "util/utf8.h"

/* A stated time may be this far ahead of the clock (clocks differ). */
#define FUTURE_SLACK (5 * 60)

bool app_evidence_dir(const char *db, char *out, size_t n)
{
    /* A PostgreSQL store has no file to sit beside: "evidence" in the
     * working directory, unless the operator names one (deploy.md: the
     * servers of one database share one directory). */
    if (store_is_postgres(db)) {
        int len = snprintf(out, n, "evidence");
        return len > 0 && (size_t)len < n;
    }
    return blob_dir_for_db(db, out, n);
}

enum kz_err app_evidence_sweep(const char *dir, kz_time now)
{
    /* Far past any request's deadline, also on another server sharing
     * the directory. */
    return blob_sweep_tmp(dir, 24L * 3600, (time_t)now, NULL);
}

/* Check the text 'v' of 'field' (NULL is fine). */
static void check_text(const char *v, const char *field, size_t max,
                       bool multiline, struct kz_problems *p)
{
    if (v == NULL)
        return;
    if (!utf8_is_valid(v, strlen(v)))
        kz_problems_add(p, field, "v.utf8");
    else if (utf8_has_control(v, multiline))
        kz_problems_add(p, field, "v.control");
    else if (utf8_length(v) > max)
        kz_problems_add_count(p, field, "v.too_long",
                              (long long)utf8_length(v));
}

/* Parse the stated time 'v' of 'field' into *out ('now' when NULL). */
static void check_time(const char *v, const char *field, kz_time now,
                       kz_time *out, struct kz_problems *p)
{
    *out = now;
    if (v == NULL || *v == '\0')
        return;
    if (timefmt_parse(v, out) != KZ_OK)
        kz_problems_add(p, field, "v.time");
    else if (*out > now + FUTURE_SLACK)
        kz_problems_add(p, field, "ev.future");
}

enum kz_err app_evidence_check(const struct evidence_input *in, kz_time now,
                               struct kz_problems *p)
{
    kz_time at;
    size_t before = p->n;

    /* The name is sanitised, not refused: only its length is bounded,
     * as the original is kept as text. */
    if (in->name != NULL && strlen(in->name) > 4 * EVIDENCE_NAME_MAX)
        kz_problems_add_count(p, "name", "v.too_long",
                              (long long)strlen(in->name));
    check_text(in->description, "description", EVIDENCE_TEXT_MAX, true, p);
    check_text(in->location, "location", EVIDENCE_TEXT_MAX, true, p);
    check_text(in->acquired_by, "acquired_by", EVIDENCE_WHO_MAX, false, p);
    check_time(in->acquired_at, "acquired_at", now, &at, p);
    return p->n > before ? KZ_EINVAL : KZ_OK;
}

static char *dup_or_null(const char *s)
{
    return s != NULL && *s != '\0' ? xstrdup(s) : NULL;
}

/* The original name as text: invalid UTF-8 bytes become U+FFFD, so the
 * name is kept as closely as JSON can carry it. */
static char *as_text(const char *s)
{
    size_t n = strlen(s);
    char *out = xmalloc(n * 3 + 1);
    size_t w = 0;

    for (size_t r = 0; r < n;) {
        size_t k = 1;
        unsigned char c = (unsigned char)s[r];
        if (c >= 0xC2 && c < 0xE0)
            k = 2;
        else if (c >= 0xE0 && c < 0xF0)
            k = 3;
        else if (c >= 0xF0 && c < 0xF5)
            k = 4;
        else if (c >= 0x80)
            k = 0;
        if (k > 0 && r + k <= n && utf8_is_valid(s + r, k)) {
            memcpy(out + w, s + r, k);
            w += k;
            r += k;
        } else {
            memcpy(out + w, "\xEF\xBF\xBD", 3);
            w += 3;
            r++;
        }
    }
    out[w] = '\0';
    return out;
}

/* Append the first custody event of 'ev' (acquire) and seal it. */
static enum kz_err first_event(struct store *s, const struct app_ctx *ctx,
                               struct evidence *ev)
{
    struct custody_event e;

    custody_event_init(&e);
    e.evidence_id = ev->id;
    e.seq = 1;
    e.action = CUSTODY_ACQUIRE;
    e.to = dup_or_null(ev->acquired_by);
    e.at = ev->acquired_at;
    e.location = dup_or_null(ev->location);
    e.actor = xstrdup(ctx->actor.name);
    e.recorded_at = ctx->now;
    custody_seal(&e, hashchain_genesis, ev->sha256);
    enum kz_err err = store_custody_insert(s, &e);
    if (err == KZ_OK) {
        ev->custody_count = 1;
        memcpy(ev->custody_head, e.hash, HASH_HEX_SIZE);
        err = store_evidence_custody_set(s, ev, 0);
    }
    custody_event_cleanup(&e);
    return err;
}

/* The chronology line and audit entry of a new item. */
static enum kz_err record_added(struct store *s, const struct app_ctx *ctx,
                                const struct incident *inc,
                                const struct evidence *ev)
{
    const struct chron_arg args[] = {CHRON_STR("name", ev->name),
                                     CHRON_STR("sha256", ev->sha256),
                                     CHRON_INT("size", ev->size)};
    enum kz_err err = app_chron_append(
        s, inc, NULL, ENTRY_ACTION, ctx->actor.name, ctx->now,
        chron_args_body(ev->has_content ? "chron.evidence_added"
                                        : "chron.evidence_recorded",
                        args, sizeof args / sizeof *args),
        NULL);
    if (err != KZ_OK)
        return err;
    const struct chron_arg d[] = {CHRON_INT("evidence", ev->id),
                                  CHRON_STR("sha256", ev->sha256),
                                  CHRON_INT("size", ev->size)};
    char *detail = chron_args_object(d, sizeof d / sizeof *d);
    err = app_audit(s, ctx, "evidence.add", inc->ref, detail);
    xfree(detail);
    return err;
}

enum kz_err app_evidence_add_stored(struct store *s, const struct app_ctx *ctx,
                                    const char *ref,
                                    const struct evidence_input *in,
                                    const struct blob_info *info,
                                    struct evidence *out, struct kz_problems *p)
{
    struct incident inc;
    struct evidence ev;
    char name[EVIDENCE_NAME_MAX + 1];
    enum kz_err err = app_evidence_check(in, ctx->now, p);

    if (err == KZ_OK && info == NULL &&
        (in->name == NULL || utf8_is_blank(in->name)))
        err = kz_problems_add(p, "name", "v.required");
    /* A thing without a file is named, not a file name: kept as given
     * ("外付けHDD (S/N 1234)"), as a text. */
    if (err == KZ_OK && info == NULL) {
        check_text(in->name, "name", EVIDENCE_NAME_MAX, false, p);
        if (p->n > 0)
            err = KZ_EINVAL;
    }
    if (err != KZ_OK)
        return err;
    evidence_init(&ev);
    incident_init(&inc);
    const char *given = in->name != NULL ? in->name : "";
    if (info != NULL) {
        bool changed =
            evidence_name_sanitise(given, strlen(given), name, sizeof(name));
        ev.name = xstrdup(name);
        if (changed && *given != '\0')
            ev.original_name = as_text(given);
    } else {
        ev.name = xstrdup(given);
    }
    ev.description = xstrdup(in->description ? in->description : "");
    ev.location = dup_or_null(in->location);
    check_time(in->acquired_at, "acquired_at", ctx->now, &ev.acquired_at, p);
    ev.acquired_by =
        xstrdup(in->acquired_by != NULL && *in->acquired_by ? in->acquired_by
                                                            : ctx->actor.name);
    ev.uploaded_at = ctx->now;
    ev.uploaded_by = xstrdup(ctx->actor.name);
    ev.state = EVIDENCE_HELD;
    if (info != NULL) {
        ev.has_content = true;
        ev.size = (int64_t)info->size;
        snprintf(ev.sha256, sizeof(ev.sha256), "%s", info->sha256);
        snprintf(ev.md5, sizeof(ev.md5), "%s", info->md5);
        snprintf(ev.sha1, sizeof(ev.sha1), "%s", info->sha1);
        ev.media_type = xstrdup(info->media_type);
    }
    err = store_begin(s);
    if (err != KZ_OK) {
        evidence_cleanup(&ev);
        return err;
    }
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_UPDATE, NULL, &inc);
    if (err == KZ_OK) {
        ev.incident_id = inc.id;
        snprintf(ev.ref, sizeof(ev.ref), "%s", inc.ref);
        err = store_evidence_insert(s, &ev);
    }
    if (err == KZ_OK)
        err = first_event(s, ctx, &ev);
    if (err == KZ_OK)
        err = record_added(s, ctx, &inc, &ev);
    err = store_end(s, err);
    if (err == KZ_OK) {
        evidence_cleanup(out);
        *out = ev;
    } else {
        evidence_cleanup(&ev);
    }
    incident_cleanup(&inc);
    return err;
}

enum kz_err app_evidence_add_from_fd(struct store *s, const struct app_ctx *ctx,
                                     const char *dir, const char *ref, int fd,
                                     const struct evidence_input *in,
                                     struct evidence *out,
                                     struct kz_problems *p)
{
    struct blob_info info;
    struct incident inc;

    /* Refuse early what would be refused anyway, before storing bytes. */
    enum kz_err err = app_evidence_check(in, ctx->now, p);
    if (err != KZ_OK)
        return err;
    incident_init(&inc);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_UPDATE, NULL, &inc);
    incident_cleanup(&inc);
    if (err == KZ_OK)
        err = blob_put_fd(dir, fd, EVIDENCE_MAX_BYTES_DEFAULT, &info);
    if (err == KZ_OK)
        err = app_evidence_add_stored(s, ctx, ref, in, &info, out, p);
    return err;
}

enum kz_err
app_evidence_add_from_buffer(struct store *s, const struct app_ctx *ctx,
                             const char *dir, const char *ref, const void *data,
                             size_t len, const struct evidence_input *in,
                             struct evidence *out, struct kz_problems *p)
{
    struct blob_writer *w = NULL;
    struct blob_info info;
    struct incident inc;

    enum kz_err err = app_evidence_check(in, ctx->now, p);
    if (err != KZ_OK)
        return err;
    incident_init(&inc);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_UPDATE, NULL, &inc);
    incident_cleanup(&inc);
    if (err == KZ_OK)
        err = blob_begin(dir, EVIDENCE_MAX_BYTES_DEFAULT, &w);
    if (err == KZ_OK)
        err = blob_write(w, data, len);
    if (err == KZ_OK) {
        err = blob_finish(w, &info);
        w = NULL;
    }
    blob_abort(w);
    if (err == KZ_OK)
        err = app_evidence_add_stored(s, ctx, ref, in, &info, out, p);
    return err;
}

enum kz_err app_evidence_list(struct store *s, const struct app_ctx *ctx,
                              const char *ref, struct evidence_list *out)
{
    struct incident inc;
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    incident_init(&inc);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_READ, "evidence", &inc);
    if (err == KZ_OK)
        err = store_evidence_list(s, inc.id, out);
    incident_cleanup(&inc);
    return err;
}

/* Load item 'id' and its incident, if the actor may do 'act' on it: an
 * item of an incident they may not see is KZ_ENOTFOUND like a missing
 * one. */
static enum kz_err item_for(struct store *s, const struct app_ctx *ctx,
                            int64_t id, enum action act, const char *part,
                            struct evidence *ev, struct incident *inc)
{
    enum kz_err err = store_evidence_get(s, id, ev);

    if (err == KZ_OK)
        err = app_incident_for(s, ctx, ev->ref, act, part, inc);
    return err;
}

enum kz_err app_evidence_get(struct store *s, const struct app_ctx *ctx,
                             int64_t id, struct evidence *out,
                             struct custody_list *events)
{
    struct incident inc;

    incident_init(&inc);
    enum kz_err err =
        item_for(s, ctx, id, ACT_INCIDENT_READ, "evidence", out, &inc);
    if (err == KZ_OK && events != NULL)
        err = store_custody_list(s, id, events);
    incident_cleanup(&inc);
    return err;
}

struct event_audit {
    const struct app_ctx *ctx;
    const char *action;
    const char *ref;
    char detail[256];
};

static enum kz_err run_event_audit(struct store *s, void *arg)
{
    const struct event_audit *a = arg;

    return app_audit_event(s, a->ctx, NULL, a->action, a->ref, a->detail);
}

/* Audit 'action' on item 'ev' outside any change: through the writer on
 * the server (the store at hand only reads). */
static enum kz_err audit_item(struct store *s, const struct app_ctx *ctx,
                              const char *action, const struct evidence *ev,
                              const char *extra)
{
    struct event_audit a = {ctx, action, ev->ref, {0}};

    snprintf(a.detail, sizeof(a.detail),
             "{\"evidence\":%lld,\"sha256\":\"%s\"%s}", (long long)ev->id,
             ev->sha256, extra != NULL ? extra : "");
    return ctx->writer != NULL ? writer_run(ctx->writer, run_event_audit, &a)
                               : run_event_audit(s, &a);
}

enum kz_err app_evidence_open(struct store *s, const struct app_ctx *ctx,
                              const char *dir, int64_t id, struct evidence *out,
                              int *fd, const char **why)
{
    struct incident inc;
    struct blob_info found;
    char extra[128];

    *fd = -1;
    *why = NULL;
    incident_init(&inc);
    enum kz_err err =
        item_for(s, ctx, id, ACT_INCIDENT_READ, "evidence", out, &inc);
    incident_cleanup(&inc);
    if (err != KZ_OK)
        return err;
    if (!out->has_content) {
        *why = "ev.no_content";
        return KZ_ENOTFOUND;
    }
    err = blob_open_checked(dir, out->sha256, fd, &found);
    if (err == KZ_OK && (strcmp(found.sha256, out->sha256) != 0 ||
                         found.size != (uint64_t)out->size)) {
        close(*fd);
        *fd = -1;
        *why = "ev.tampered";
    } else if (err == KZ_ENOTFOUND) {
        *why = "ev.missing";
    } else if (err != KZ_OK) {
        return err;
    }
    if (*why != NULL) {
        /* SPEC C6: a file that no longer has its hash is never served,
         * and the refusal is on the record. */
        snprintf(extra, sizeof(extra), ",\"found\":\"%s\",\"reason\":\"%s\"",
                 found.sha256, *why + 3);
        enum kz_err e = audit_item(s, ctx, "evidence.tampered", out, extra);
        return e != KZ_OK ? e : KZ_ECONFLICT;
    }
    err = audit_item(s, ctx, "evidence.download", out, NULL);
    if (err != KZ_OK) {
        close(*fd);
        *fd = -1;
    }
    return err;
}

/* The person who received the item last: the default 'from' of the next
 * event. */
static const char *last_holder(const struct custody_list *l)
{
    for (size_t i = l->n; i > 0; i--) {
        const char *to = l->items[i - 1].to;
        if (to != NULL && *to != '\0')
            return to;
    }
    return NULL;
}

/* The chronology line and audit entry of a custody event. */
static enum kz_err record_custody(struct store *s, const struct app_ctx *ctx,
                                  const struct incident *inc,
                                  const struct evidence *ev,
                                  const struct custody_event *e)
{
    const struct chron_arg args[] = {
        CHRON_STR("name", ev->name),
        CHRON_STR("custody_action", custody_action_key(e->action)),
        CHRON_STR("from", e->from ? e->from : ""),
        CHRON_STR("to", e->to ? e->to : "")};
    enum kz_err err = app_chron_append(
        s, inc, NULL, ENTRY_ACTION, ctx->actor.name, ctx->now,
        chron_args_body("chron.custody", args, sizeof args / sizeof *args),
        NULL);
    if (err != KZ_OK)
        return err;
    const struct chron_arg d[] = {
        CHRON_INT("evidence", ev->id), CHRON_INT("seq", e->seq),
        CHRON_STR("action", custody_action_key(e->action)),
        CHRON_STR("hash", e->hash)};
    char *detail = chron_args_object(d, sizeof d / sizeof *d);
    err = app_audit(s, ctx, "evidence.custody", inc->ref, detail);
    xfree(detail);
    return err;
}

/* Check 'in' and fill event 'e' from it (times against 'now'). */
static enum kz_err event_from(const struct custody_input *in, kz_time now,
                              struct custody_event *e, struct kz_problems *p)
{
    size_t before = p->n;

    if (in->action == NULL || *in->action == '\0')
        kz_problems_add(p, "action", "v.required");
    else if (!custody_action_from_key(in->action, &e->action))
        kz_problems_add(p, "action", "ev.action");
    check_text(in->from, "from", EVIDENCE_WHO_MAX, false, p);
    check_text(in->to, "to", EVIDENCE_WHO_MAX, false, p);
    check_text(in->location, "location", EVIDENCE_TEXT_MAX, true, p);
    check_text(in->reason, "reason", EVIDENCE_TEXT_MAX, true, p);
    check_time(in->at, "at", now, &e->at, p);
    /* Who received it is what a hand-over, a transfer and a checkout
     * record. */
    if (p->n == before &&
        (e->action == CUSTODY_HANDOVER || e->action == CUSTODY_TRANSFER ||
         e->action == CUSTODY_CHECKOUT) &&
        (in->to == NULL || utf8_is_blank(in->to)))
        kz_problems_add(p, "to", "v.required");
    if (p->n > before)
        return KZ_EINVAL;
    e->from = dup_or_null(in->from);
    e->to = dup_or_null(in->to);
    e->location = dup_or_null(in->location);
    e->reason = dup_or_null(in->reason);
    return KZ_OK;
}

enum kz_err app_evidence_custody_add(struct store *s, const struct app_ctx *ctx,
                                     int64_t id, const struct custody_input *in,
                                     struct custody_event *out,
                                     struct kz_problems *p)
{
    struct incident inc;
    struct evidence ev;
    struct custody_list events = {0};
    struct custody_event e;
    enum evidence_state next;
    const char *why = NULL;

    custody_event_init(&e);
    enum kz_err err = event_from(in, ctx->now, &e, p);
    if (err != KZ_OK) {
        custody_event_cleanup(&e);
        return err;
    }
    incident_init(&inc);
    evidence_init(&ev);
    err = store_begin(s);
    if (err != KZ_OK) {
        custody_event_cleanup(&e);
        return err;
    }
    err = item_for(s, ctx, id, ACT_INCIDENT_UPDATE, NULL, &ev, &inc);
    if (err == KZ_OK) {
        err = custody_check(ev.state, e.action, &next, &why);
        if (err != KZ_OK)
            kz_problems_add(p, "action", why);
    }
    if (err == KZ_OK)
        err = store_custody_list(s, id, &events);
    if (err == KZ_OK && e.from == NULL && last_holder(&events) != NULL)
        e.from = xstrdup(last_holder(&events));
    if (err == KZ_OK) {
        e.evidence_id = ev.id;
        e.seq = ev.custody_count + 1;
        e.actor = xstrdup(ctx->actor.name);
        e.recorded_at = ctx->now;
        custody_seal(&e, ev.custody_head, ev.sha256);
        err = store_custody_insert(s, &e);
    }
    if (err == KZ_OK) {
        int64_t seen = ev.custody_count;
        ev.state = next;
        ev.custody_count = e.seq;
        memcpy(ev.custody_head, e.hash, HASH_HEX_SIZE);
        err = store_evidence_custody_set(s, &ev, seen);
    }
    if (err == KZ_OK)
        err = record_custody(s, ctx, &inc, &ev, &e);
    err = store_end(s, err);
    if (err == KZ_OK) {
        custody_event_cleanup(out);
        *out = e;
    } else {
        custody_event_cleanup(&e);
    }
    custody_list_cleanup(&events);
    evidence_cleanup(&ev);
    incident_cleanup(&inc);
    return err;
}
