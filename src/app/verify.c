/* SPDX-License-Identifier: MIT */
/*
 * verify.c - walks the store's chains with the core verifier (see
 * verify.h).  The audit log first, keeping per incident only what it
 * says of it (its creation and the last chronology head it recorded);
 * then every chronology in incident and seq order, each checked against
 * what the audit log said; then the incidents the audit log created that
 * are gone.
 */
#include "app/verify.h"

#include <string.h>

#include "app/audit_log.h"
#include "app/evidence_verify.h"
#include "app/guard.h"
#include "app/incident_ops.h"
#include "app/snapshot.h"
#include "core/hashchain.h"
#include "core/ref.h"
#include "json/audit_json.h"
#include "util/mem.h"

/* What the audit log says of one incident. */
struct audited {
    char ref[24];
    int64_t created_seq;    /* audit seq of "incident.create", 0: none */
    struct chron_head head; /* last chronology head recorded; count 0: none */
    bool seen;              /* the incident still exists */
    bool matched;           /* its chronology holds head.count with head.hash */
};

/* The audited incidents by reference: open addressing, grown at half
 * full, so a store of any size is walked in one pass of each log. */
struct audited_set {
    struct audited *slots;
    size_t cap; /* a power of two, or 0 */
    size_t n;
};

#define BREAKS_AUDIT 2 /* the audit chain's first break and the anchor's */

struct walk {
    struct store *s;
    const struct actor *viewer;
    const struct chron_head *expect; /* the anchor, or NULL */
    bool skip; /* the current chain is not the viewer's to see */
    struct verify_result *r;
    int64_t current; /* incident id being checked, 0 before the first */
    struct chron_verifier v;
    struct chron_head recorded;
    /* The audit log's part. */
    struct audited_set set;
    kz_time audit_start; /* time of its first entry, KZ_TIME_NONE: empty */
    bool audit_broken;   /* what it says is known up to its break only */
    bool anchor_found;
    size_t naudit;
    struct chron_break audit_breaks[BREAKS_AUDIT];
    /* The chronology being walked. */
    struct audited *cur; /* its audit record, or NULL */
    kz_time first_at;    /* time of its entry 1, KZ_TIME_NONE: none */
    char at_recorded[HASH_HEX_SIZE]; /* its hash at cur->head.count */
};

static size_t ref_hash(const char *ref)
{
    size_t h = 2166136261u; /* FNV-1a */

    for (; *ref; ref++)
        h = (h ^ (unsigned char)*ref) * 16777619u;
    return h;
}

/* The slot of 'ref': its record, or the empty slot where it goes. */
static struct audited *slot_of(struct audited_set *set, const char *ref)
{
    size_t i = ref_hash(ref) & (set->cap - 1);

    while (set->slots[i].ref[0] != '\0' && strcmp(set->slots[i].ref, ref) != 0)
        i = (i + 1) & (set->cap - 1);
    return &set->slots[i];
}

static struct audited *audited_find(struct audited_set *set, const char *ref)
{
    if (set->cap == 0)
        return NULL;
    struct audited *a = slot_of(set, ref);
    return a->ref[0] != '\0' ? a : NULL;
}

static struct audited *audited_add(struct audited_set *set, const char *ref)
{
    if (2 * (set->n + 1) > set->cap) {
        struct audited_set grown = {0};
        grown.cap = set->cap ? 2 * set->cap : 64;
        grown.slots = xcalloc(grown.cap, sizeof(*grown.slots));
        for (size_t i = 0; i < set->cap; i++)
            if (set->slots[i].ref[0] != '\0')
                *slot_of(&grown, set->slots[i].ref) = set->slots[i];
        grown.n = set->n;
        xfree(set->slots);
        *set = grown;
    }
    struct audited *a = slot_of(set, ref);
    if (a->ref[0] == '\0') {
        snprintf(a->ref, sizeof(a->ref), "%s", ref);
        set->n++;
    }
    return a;
}

static void fill_break(struct chron_break *b, const char *ref, int64_t seq,
                       const char *what_key, const char *expected,
                       const char *found)
{
    memset(b, 0, sizeof(*b));
    snprintf(b->ref, sizeof(b->ref), "%s", ref);
    b->seq = seq;
    b->what_key = what_key;
    snprintf(b->expected, sizeof(b->expected), "%s", expected);
    snprintf(b->found, sizeof(b->found), "%s", found);
}

static void record_break(struct verify_result *r, const struct chron_break *b)
{
    r->broken_total++;
    if (r->nbroken < VERIFY_BREAKS_MAX)
        r->broken[r->nbroken++] = *b;
}

/*
 * The chronology just walked against the audit log (docs/internals/
 * hashchain.md): it must hold the entry the audit log last recorded for
 * it, and its creation must be in the audit log unless it is older than
 * the log itself (incidents filed before the audit log existed).  A
 * broken audit log vouches for nothing after its break, already
 * reported: then a creation missing from it is not a break of its own.
 */
static void cross_check(struct walk *w)
{
    struct chron_break b;
    const struct audited *a = w->cur;

    if (a != NULL && a->head.count > 0 && !a->matched) {
        fill_break(&b, w->v.ref, a->head.count, "verify.audit_head_missing",
                   a->head.hash, w->at_recorded);
        record_break(w->r, &b);
    } else if ((a == NULL || a->created_seq == 0) && !w->audit_broken &&
               w->audit_start != KZ_TIME_NONE &&
               (w->first_at == KZ_TIME_NONE || w->first_at >= w->audit_start)) {
        fill_break(&b, w->v.ref, 1, "verify.create_not_audited", "", "");
        record_break(w->r, &b);
    }
}

static void finish_chain(struct walk *w)
{
    struct chron_break b = {0};

    /* A chain already broken was reported at its first broken link;
     * finish() fills nothing for it, so there is nothing more to add.
     * Nor is a broken chain compared with the audit log: one break per
     * chain. */
    if (w->current == 0 || w->v.broken || w->skip)
        return;
    if (!chron_verifier_finish(&w->v, &w->recorded, &b))
        record_break(w->r, &b);
    else
        cross_check(w);
}

/* Whether the viewer may see the restricted incident 'ref'. */
static enum kz_err visible(struct walk *w, const char *ref, bool *out)
{
    struct incident inc;
    enum kz_err err;

    incident_init(&inc);
    err = store_incident_get(w->s, ref, &inc);
    *out = err == KZ_OK && access_can_see(w->viewer, &inc);
    incident_cleanup(&inc);
    return err == KZ_ENOTFOUND ? KZ_OK : err;
}

static enum kz_err visit(void *ctx, const struct store_chron_row *row)
{
    struct walk *w = ctx;
    struct chron_break b = {0};

    if (row->incident_id != w->current) {
        const char *ref = row->ref ? row->ref : "";
        finish_chain(w);
        w->current = row->incident_id;
        w->recorded = *row->recorded;
        w->skip = false;
        if (w->viewer != NULL && row->restricted) {
            bool see = false;
            enum kz_err err = visible(w, ref, &see);
            if (err != KZ_OK)
                return err;
            w->skip = !see;
        }
        if (!w->skip)
            w->r->incidents++;
        chron_verifier_start(&w->v, ref);
        w->cur = audited_find(&w->set, ref);
        if (w->cur != NULL)
            w->cur->seen = true;
        w->first_at = KZ_TIME_NONE;
        w->at_recorded[0] = '\0';
    }
    if (row->entry == NULL || w->v.broken || w->skip)
        return KZ_OK;
    w->r->checked++;
    if (!chron_verifier_step(&w->v, row->entry, &b)) {
        record_break(w->r, &b);
        return KZ_OK;
    }
    if (row->entry->seq == 1)
        w->first_at = row->entry->at;
    if (w->cur != NULL && row->entry->seq == w->cur->head.count) {
        memcpy(w->at_recorded, row->entry->hash, sizeof(w->at_recorded));
        w->cur->matched = strcmp(row->entry->hash, w->cur->head.hash) == 0;
    }
    return KZ_OK;
}

/* Keep what entry 'e' says of the incident it names, if any. */
static void note_incident(struct walk *w, const struct audit_entry *e)
{
    if (!ref_parse(e->target, NULL, NULL))
        return;
    bool create = strcmp(e->action, "incident.create") == 0;
    /* Only entries written since the head is recorded carry "chron"; a
     * cheap test spares parsing every other detail. */
    bool chron = e->detail != NULL && strstr(e->detail, "\"chron\"") != NULL;
    if (!create && !chron)
        return;
    struct audited *a = audited_add(&w->set, e->target);
    if (create && a->created_seq == 0)
        a->created_seq = e->seq;
    if (!chron)
        return;
    (void)audit_detail_chron(e->detail, &a->head);
}

static void audit_break(struct walk *w, const struct chron_break *b)
{
    if (w->naudit < BREAKS_AUDIT)
        w->audit_breaks[w->naudit++] = *b;
}

static enum kz_err visit_audit(void *ctx, const struct audit_entry *e)
{
    struct walk *w = ctx;
    struct chron_break b = {0};

    if (w->audit_start == KZ_TIME_NONE)
        w->audit_start = e->at;
    if (w->expect != NULL && e->seq == w->expect->count) {
        w->anchor_found = true;
        if (strcmp(e->hash, w->expect->hash) != 0) {
            fill_break(&b, "audit", e->seq, "verify.anchor_mismatch",
                       w->expect->hash, e->hash);
            audit_break(w, &b);
        }
    }
    if (w->v.broken)
        return KZ_OK;
    w->r->checked++;
    w->r->audit_checked++;
    if (!audit_verifier_step(&w->v, e, &b)) {
        audit_break(w, &b);
        return KZ_OK;
    }
    note_incident(w, e);
    w->r->audit_head.count = e->seq;
    memcpy(w->r->audit_head.hash, e->hash, HASH_HEX_SIZE);
    return KZ_OK;
}

static enum kz_err verify_audit(struct store *s, struct walk *w)
{
    struct chron_break b = {0};
    enum kz_err err;

    w->skip = false;
    w->audit_start = KZ_TIME_NONE;
    chron_verifier_start(&w->v, "audit");
    err = store_audit_scan(s, visit_audit, w);
    if (err == KZ_OK)
        err = store_audit_head(s, &w->recorded);
    /* As in finish_chain: a broken chain was reported at its first break,
     * and finish() fills nothing for it. */
    if (err == KZ_OK && !w->v.broken &&
        !chron_verifier_finish(&w->v, &w->recorded, &b))
        audit_break(w, &b);
    w->audit_broken = w->naudit > 0;
    /* Sequence 0 is the empty log, which every log extends. */
    if (err == KZ_OK && w->expect != NULL && !w->anchor_found &&
        (w->expect->count != 0 ||
         strcmp(w->expect->hash, hashchain_genesis) != 0)) {
        fill_break(&b, "audit", w->expect->count, "verify.anchor_missing",
                   w->expect->hash, "");
        audit_break(w, &b);
    }
    /* The chronologies are walked next, fresh. */
    memset(&w->v, 0, sizeof(w->v));
    w->recorded.count = 0;
    return err;
}

/*
 * The incidents the audit log created that no longer exist.  A viewer
 * who is not an administrator does not read audit entries about
 * incidents it cannot see, and a deleted incident's restriction is gone
 * with it: the break names the audit entry, not the reference.
 */
static void report_missing(struct walk *w)
{
    bool named = w->viewer == NULL || w->viewer->role == ROLE_ADMIN;

    /* In order of creation, so the report is stable. */
    for (;;) {
        struct audited *next = NULL;
        for (size_t i = 0; i < w->set.cap; i++) {
            struct audited *a = &w->set.slots[i];
            if (a->ref[0] != '\0' && !a->seen && a->created_seq > 0 &&
                (next == NULL || a->created_seq < next->created_seq))
                next = a;
        }
        if (next == NULL)
            return;
        struct chron_break b;
        fill_break(&b, named ? next->ref : "audit", next->created_seq,
                   "verify.incident_missing", next->head.hash, "");
        record_break(w->r, &b);
        next->seen = true;
    }
}

enum kz_err app_verify_anchored(struct store *s, const struct actor *viewer,
                                const struct chron_head *expect,
                                struct verify_result *r)
{
    struct walk w;

    memset(r, 0, sizeof(*r));
    memset(&w, 0, sizeof(w));
    w.r = r;
    w.s = s;
    w.viewer = viewer;
    w.expect = expect;
    snprintf(r->audit_head.hash, sizeof(r->audit_head.hash), "%s",
             hashchain_genesis);
    /* One read transaction, so both scans see the same moment. */
    enum kz_err err = store_begin_read(s);
    if (err != KZ_OK)
        return err;
    err = verify_audit(s, &w);
    if (err == KZ_OK)
        err = store_chron_scan(s, visit, &w);
    if (err == KZ_OK) {
        finish_chain(&w);
        /* The audit chain's breaks after the chronologies', as before
         * the two were compared. */
        for (size_t i = 0; i < w.naudit; i++)
            record_break(r, &w.audit_breaks[i]);
        report_missing(&w);
    }
    store_rollback(s);
    xfree(w.set.slots);
    if (err != KZ_OK)
        return err;
    return r->broken_total > 0 ? KZ_EVERIFY : KZ_OK;
}

enum kz_err app_verify(struct store *s, const struct actor *viewer,
                       struct verify_result *r)
{
    return app_verify_anchored(s, viewer, NULL, r);
}

enum kz_err app_verify_incident(struct store *s, const struct app_ctx *ctx,
                                const char *ref, struct verify_result *r)
{
    struct incident inc;
    struct chron_list chron = {0};
    struct chron_verifier v = {0};
    struct chron_head recorded;
    struct chron_break b = {0};

    memset(r, 0, sizeof(*r));
    incident_init(&inc);
    /* Access (and the audit of a restricted read) first; then the chain
     * and its recorded end from one snapshot. */
    enum kz_err err = app_incident_get(s, ctx, ref, &inc, NULL);
    if (err == KZ_OK)
        err = store_begin_read(s);
    if (err == KZ_OK) {
        err = store_chron_list(s, inc.id, &chron);
        if (err == KZ_OK)
            err = store_chron_head(s, inc.id, &recorded);
        store_rollback(s);
    }
    if (err == KZ_OK) {
        r->incidents = 1;
        chron_verifier_start(&v, inc.ref);
        for (size_t i = 0; i < chron.n && !v.broken; i++) {
            r->checked++;
            if (!chron_verifier_step(&v, &chron.items[i], &b))
                record_break(r, &b);
        }
        if (!v.broken && !chron_verifier_finish(&v, &recorded, &b))
            record_break(r, &b);
        err = r->broken_total > 0 ? KZ_EVERIFY : KZ_OK;
    }
    chron_list_cleanup(&chron);
    incident_cleanup(&inc);
    return err;
}

/* Counts the audit entries the reader may not see (app_audit_visible). */
struct hidden_audit {
    struct store *s;
    const struct actor *reader;
    int64_t n;
    char last[64]; /* the last target looked up, and what it was */
    bool last_visible;
};

static enum kz_err count_hidden(void *arg, const struct audit_entry *e)
{
    struct hidden_audit *h = arg;

    /* Entries about one incident tend to come together. */
    if (h->last[0] == '\0' || strcmp(h->last, e->target) != 0) {
        h->last_visible = app_audit_visible(h->s, h->reader, e->target, false);
        snprintf(h->last, sizeof(h->last), "%s", e->target);
    }
    if (!h->last_visible)
        h->n++;
    return KZ_OK;
}

/*
 * The chains are verified for those who may see them (app_verify leaves
 * out the restricted incidents the reader may not know of), and so are
 * the counts: the audit log is walked whole, as its chain demands, but
 * its entries about incidents hidden from the reader are not counted -
 * else the count would grow with every change to a restricted incident,
 * which the audit listing does not show.  One snapshot for all.
 */
enum kz_err app_verify_for(struct store *s, const struct app_ctx *ctx,
                           const char *evidence_dir, struct verify_result *r)
{
    struct hidden_audit hidden = {s, &ctx->actor, 0, "", false};
    enum kz_err err = app_allowed(ctx, ACT_VERIFY, NULL);

    if (err != KZ_OK)
        return err;
    bool snap = app_snapshot_begin(s);
    err = app_verify(s, &ctx->actor, r);
    if (err == KZ_OK || err == KZ_EVERIFY) {
        enum kz_err e2 = app_evidence_verify(s, evidence_dir, r);
        if (e2 != KZ_OK && (e2 != KZ_EVERIFY || err == KZ_OK))
            err = e2;
    }
    if ((err == KZ_OK || err == KZ_EVERIFY) && ctx->actor.role != ROLE_ADMIN) {
        enum kz_err e2 = store_audit_scan(s, count_hidden, &hidden);
        if (e2 != KZ_OK)
            err = e2;
    }
    if (err == KZ_OK || err == KZ_EVERIFY) {
        /* A break in the chain of an incident the reader may not see
         * would reveal that it exists.  One of an incident that no longer
         * exists is kept: that it is gone is what verification is for. */
        size_t kept = 0;
        for (size_t i = 0; i < r->nbroken; i++) {
            if (app_audit_visible(s, &ctx->actor, r->broken[i].ref, true))
                r->broken[kept++] = r->broken[i];
            else
                r->broken_total--;
        }
        r->nbroken = kept;
        r->checked -= hidden.n;
        r->audit_checked -= hidden.n;
        err = r->broken_total > 0 ? KZ_EVERIFY : KZ_OK;
    }
    app_snapshot_end(s, snap);
    return err;
}
