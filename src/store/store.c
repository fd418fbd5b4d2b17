/* SPDX-License-Identifier: MIT */
/*
 * store.c - opening a store by its address and dispatching every call to
 * its backend, with transaction nesting and the fault-injection seam kept
 * here once for all backends.
 */
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#include "store/sql_incident.h"
#include "store/sql_int.h"
#include "store/store_pg.h"
#include "util/mem.h"

void incident_filter_init(struct incident_filter *f)
{
    memset(f, 0, sizeof(*f));
    f->phase = -1;
    f->kind = -1;
    f->severity = -1;
    f->since = KZ_TIME_NONE;
    f->until = KZ_TIME_NONE;
    f->open = -1;
    f->overdue = -1;
    f->limit = 100;
}

void search_hits_cleanup(struct search_hits *l)
{
    for (size_t i = 0; i < l->n; i++) {
        struct search_hit *h = &l->items[i];
        incident_cleanup(&h->inc);
        for (size_t j = 0; j < h->n; j++) {
            xfree(h->matches[j].kind);
            xfree(h->matches[j].body);
            xfree(h->matches[j].ranges);
        }
        xfree(h->matches);
    }
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

void saved_filter_init(struct saved_filter *f)
{
    memset(f, 0, sizeof(*f));
}

void saved_filter_cleanup(struct saved_filter *f)
{
    xfree(f->account);
    xfree(f->name);
    xfree(f->query);
    memset(f, 0, sizeof(*f));
}

void saved_filter_list_cleanup(struct saved_filter_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        saved_filter_cleanup(&l->items[i]);
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

void duty_due_stale_cleanup(struct duty_due_stale *l)
{
    xfree(l->refs);
    l->refs = NULL;
    l->n = 0;
}

void incident_list_cleanup(struct incident_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        incident_cleanup(&l->items[i]);
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

void chron_list_cleanup(struct chron_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        chron_entry_cleanup(&l->items[i]);
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

void account_list_cleanup(struct account_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        account_cleanup(&l->items[i]);
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

void credential_init(struct credential *c)
{
    memset(c, 0, sizeof(*c));
    c->created_at = KZ_TIME_NONE;
    c->expires_at = KZ_TIME_NONE;
}

void credential_cleanup(struct credential *c)
{
    xfree(c->label);
    xfree(c->account_name);
    credential_init(c);
}

void credential_list_cleanup(struct credential_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        credential_cleanup(&l->items[i]);
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

void audit_list_cleanup(struct audit_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        audit_entry_cleanup(&l->items[i]);
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

void doc_init(struct doc *d)
{
    memset(d, 0, sizeof(*d));
    d->created_at = KZ_TIME_NONE;
    d->updated_at = KZ_TIME_NONE;
}

void doc_cleanup(struct doc *d)
{
    xfree(d->name);
    xfree(d->json);
    doc_init(d);
}

void doc_list_cleanup(struct doc_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        doc_cleanup(&l->items[i]);
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

void summons_init(struct summons *x)
{
    memset(x, 0, sizeof(*x));
    x->created_at = KZ_TIME_NONE;
    x->ack_due_at = KZ_TIME_NONE;
    x->acked_at = KZ_TIME_NONE;
}

void summons_cleanup(struct summons *x)
{
    xfree(x->role);
    xfree(x->acked_by);
    summons_init(x);
}

void summons_list_cleanup(struct summons_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        summons_cleanup(&l->items[i]);
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

void outbox_msg_init(struct outbox_msg *m)
{
    memset(m, 0, sizeof(*m));
    m->next_attempt_at = KZ_TIME_NONE;
    m->created_at = KZ_TIME_NONE;
    m->sent_at = KZ_TIME_NONE;
    m->claim_until = KZ_TIME_NONE;
}

void outbox_msg_cleanup(struct outbox_msg *m)
{
    xfree(m->channel);
    xfree(m->target);
    xfree(m->subject);
    xfree(m->body);
    xfree(m->idem_key);
    xfree(m->last_error);
    xfree(m->claimed_by);
    outbox_msg_init(m);
}

void outbox_list_cleanup(struct outbox_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        outbox_msg_cleanup(&l->items[i]);
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

void task_list_cleanup(struct task_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        task_cleanup(&l->items[i]);
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

void evidence_list_cleanup(struct evidence_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        evidence_cleanup(&l->items[i]);
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

void custody_list_cleanup(struct custody_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        custody_event_cleanup(&l->items[i]);
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

void alert_filter_init(struct alert_filter *f)
{
    memset(f, 0, sizeof(*f));
    f->status = -1;
    f->limit = 100;
}

void alert_list_cleanup(struct alert_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        alert_cleanup(&l->items[i]);
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

void link_list_cleanup(struct link_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        incident_link_cleanup(&l->items[i]);
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

void obs_list_cleanup(struct obs_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        observable_cleanup(&l->items[i]);
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

void obs_hit_list_cleanup(struct obs_hit_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        observable_cleanup(&l->items[i].obs);
        xfree(l->items[i].title);
    }
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

void item_init(struct item *it)
{
    memset(it, 0, sizeof(*it));
    it->created_at = KZ_TIME_NONE;
    it->updated_at = KZ_TIME_NONE;
}

void item_cleanup(struct item *it)
{
    xfree(it->key);
    xfree(it->json);
    xfree(it->created_by);
    item_init(it);
}

void item_list_cleanup(struct item_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        item_cleanup(&l->items[i]);
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

const char *item_kind_key(enum item_kind k)
{
    static const char *const keys[] = {"filing", "cost", "disclosure",
                                       "aftercare", "fact_owner"};

    return (unsigned)k < ITEM_KIND_COUNT ? keys[k] : "";
}

bool store_is_postgres(const char *db)
{
    return db != NULL && (strncmp(db, "postgres://", 11) == 0 ||
                          strncmp(db, "postgresql://", 13) == 0);
}

enum kz_err store_open(const char *path, enum store_open_mode mode,
                       struct store **out)
{
    *out = NULL;
    if (path == NULL || path[0] == '\0')
        return KZ_EUSAGE;
    if (strncmp(path, "sqlite:", 7) == 0)
        return store_sqlite_open(path + 7, mode, out);
    if (store_is_postgres(path))
        return store_pg_open(path, mode, out);
    return store_sqlite_open(path, mode, out);
}

void store_close(struct store *s)
{
    if (s == NULL)
        return;
    while (s->depth > 0)
        store_rollback(s);
    s->ops->close(s);
}

int store_schema_version(struct store *s)
{
    return s->schema;
}

int store_schema_latest(struct store *s)
{
    return s->ops->schema_latest(s);
}

void store_fault_after(struct store *s, long n)
{
    s->fault_countdown = n;
}

/* True when the fault seam says this call is the one to fail. */
static bool fault(struct store *s)
{
    if (s->fault_countdown <= 0)
        return false;
    return --s->fault_countdown == 0;
}

int store_depth(const struct store *s)
{
    return s->depth;
}

enum kz_err store_begin(struct store *s)
{
    if (fault(s))
        return KZ_ESTORE;
    enum kz_err err = sql_store_begin(s, s->depth);
    if (err == KZ_OK)
        s->depth++;
    return err;
}

enum kz_err store_begin_read(struct store *s)
{
    if (s->depth > 0)
        return store_begin(s);
    if (fault(s))
        return KZ_ESTORE;
    enum kz_err err = sql_store_begin_read(s);
    if (err == KZ_OK) {
        s->depth++;
        s->reading = true;
    }
    return err;
}

/* The outermost transaction ended: the next one takes its own lock. */
static void ended(struct store *s)
{
    if (s->depth == 0) {
        s->reading = false;
        s->write_locked = false;
    }
}

/*
 * Before an operation: a writing transaction takes the write lock at its
 * first one (sql_store.c says why).  At the first operation rather than
 * at BEGIN, so that a transaction made only of operations that run beside
 * writers (DIRECT_UNLOCKED) takes none.
 */
static enum kz_err write_lock(struct store *s)
{
    if (s->depth == 0 || s->reading || s->write_locked)
        return KZ_OK;
    enum kz_err err = sql_store_write_lock(s);
    if (err == KZ_OK)
        s->write_locked = true;
    return err;
}

enum kz_err store_commit(struct store *s)
{
    if (s->depth == 0)
        return KZ_ESTORE;
    if (fault(s)) {
        store_rollback(s);
        return KZ_ESTORE;
    }
    enum kz_err err = sql_store_commit(s, s->depth - 1);
    if (err != KZ_OK) {
        store_rollback(s);
        return err;
    }
    s->depth--;
    ended(s);
    return KZ_OK;
}

void store_rollback(struct store *s)
{
    if (s->depth == 0)
        return;
    s->depth--;
    if (sql_store_rollback(s, s->depth) != KZ_OK)
        fprintf(stderr, "kizuki: store rollback failed\n");
    ended(s);
}

enum kz_err store_end(struct store *s, enum kz_err err)
{
    if (err == KZ_OK)
        return store_commit(s);
    store_rollback(s);
    return err;
}

/* An operation written once for every engine (sql_*.c). */
#define DIRECT(call)                                                           \
    do {                                                                       \
        if (fault(s))                                                          \
            return KZ_ESTORE;                                                  \
        enum kz_err lock_err_ = write_lock(s);                                 \
        if (lock_err_ != KZ_OK)                                                \
            return lock_err_;                                                  \
        return call;                                                           \
    } while (0)

/* An operation that runs beside writers without their lock: one that
 * touches no hash chain and locks its own rows, such as a claim of
 * outbox messages (FOR UPDATE SKIP LOCKED). */
#define DIRECT_UNLOCKED(call)                                                  \
    do {                                                                       \
        if (fault(s))                                                          \
            return KZ_ESTORE;                                                  \
        return call;                                                           \
    } while (0)

/* An operation of the engine's own (store_ops). */
#define DISPATCH(op, args)                                                     \
    do {                                                                       \
        if (fault(s))                                                          \
            return KZ_ESTORE;                                                  \
        if (s->ops->op == NULL) /* not on this engine */                       \
            return KZ_ESTORE;                                                  \
        enum kz_err lock_err_ = write_lock(s);                                 \
        if (lock_err_ != KZ_OK)                                                \
            return lock_err_;                                                  \
        return s->ops->op args;                                                \
    } while (0)

enum kz_err store_ref_next(struct store *s, int year, int64_t *number)
{
    DIRECT(sql_ref_next(s, year, number));
}

enum kz_err store_incident_insert(struct store *s, struct incident *inc)
{
    DIRECT(sql_incident_insert(s, inc));
}

enum kz_err store_incident_update(struct store *s, const struct incident *inc,
                                  int64_t expected_version)
{
    DIRECT(sql_incident_update(s, inc, expected_version));
}

enum kz_err store_incident_get(struct store *s, const char *ref,
                               struct incident *out)
{
    DIRECT(sql_incident_get(s, ref, out));
}

enum kz_err store_incident_list(struct store *s,
                                const struct incident_filter *f,
                                struct incident_list *out)
{
    DIRECT(sql_incident_list(s, f, out));
}

enum kz_err store_incident_count(struct store *s,
                                 const struct incident_filter *f, int64_t *out)
{
    DIRECT(sql_incident_count(s, f, out));
}

enum kz_err store_search(struct store *s, const struct search_query *q,
                         const struct incident_filter *f,
                         struct search_hits *out)
{
    out->items = NULL;
    out->n = 0;
    DISPATCH(search, (s, q, f, out));
}

enum kz_err store_chron_head(struct store *s, int64_t incident_id,
                             struct chron_head *head)
{
    DIRECT(sql_chron_head(s, incident_id, head));
}

enum kz_err store_chron_head_by_ref(struct store *s, const char *ref,
                                    struct chron_head *head)
{
    DIRECT(sql_chron_head_by_ref(s, ref, head));
}

enum kz_err store_chron_append(struct store *s, int64_t incident_id,
                               const struct chron_entry *e)
{
    DIRECT(sql_chron_append(s, incident_id, e));
}

enum kz_err store_chron_list(struct store *s, int64_t incident_id,
                             struct chron_list *out)
{
    DIRECT(sql_chron_list(s, incident_id, out));
}

enum kz_err store_chron_scan(struct store *s, store_chron_visit visit,
                             void *ctx)
{
    DIRECT(sql_chron_scan(s, visit, ctx));
}

enum kz_err store_account_insert(struct store *s, struct account *a)
{
    DIRECT(sql_account_insert(s, a));
}

enum kz_err store_account_update(struct store *s, const struct account *a)
{
    DIRECT(sql_account_update(s, a));
}

enum kz_err store_account_get(struct store *s, const char *name,
                              struct account *out)
{
    DIRECT(sql_account_get(s, name, out));
}

enum kz_err store_account_get_id(struct store *s, int64_t id,
                                 struct account *out)
{
    DIRECT(sql_account_get_id(s, id, out));
}

enum kz_err store_account_list(struct store *s, struct account_list *out)
{
    DIRECT(sql_account_list(s, out));
}

enum kz_err store_account_count(struct store *s, int64_t *out)
{
    DIRECT(sql_account_count(s, out));
}

enum kz_err store_credential_insert(struct store *s, enum credential_kind k,
                                    const struct credential *c)
{
    DIRECT(sql_credential_insert(s, k, c));
}

enum kz_err store_credential_get(struct store *s, enum credential_kind k,
                                 const char *id, struct credential *out)
{
    DIRECT(sql_credential_get(s, k, id, out));
}

enum kz_err store_credential_revoke(struct store *s, enum credential_kind k,
                                    const char *id)
{
    DIRECT(sql_credential_revoke(s, k, id));
}

enum kz_err store_token_list(struct store *s, int64_t account_id,
                             struct credential_list *out)
{
    DIRECT(sql_token_list(s, account_id, out));
}

enum kz_err store_session_revoke_all(struct store *s, int64_t account_id)
{
    DIRECT(sql_session_revoke_all(s, account_id));
}

enum kz_err store_throttle_reserve(struct store *s, const char *key,
                                   const struct throttle_terms *terms,
                                   kz_time now, bool *reserved, int64_t *wait)
{
    DIRECT_UNLOCKED(sql_throttle_reserve(s, key, terms, now, reserved, wait));
}

enum kz_err store_throttle_settle(struct store *s, const char *key,
                                  enum throttle_outcome outcome, kz_time now,
                                  int64_t *failures)
{
    DIRECT_UNLOCKED(sql_throttle_settle(s, key, outcome, now, failures));
}

enum kz_err store_throttle_hold(struct store *s, const char *key, kz_time until)
{
    DIRECT_UNLOCKED(sql_throttle_hold(s, key, until));
}

enum kz_err store_throttle_purge(struct store *s,
                                 const struct throttle_terms *terms,
                                 kz_time now)
{
    DIRECT_UNLOCKED(sql_throttle_purge(s, terms, now));
}

enum kz_err store_audit_head(struct store *s, struct chron_head *head)
{
    DIRECT(sql_audit_head(s, head));
}

enum kz_err store_audit_append(struct store *s, const struct audit_entry *e)
{
    DIRECT(sql_audit_append(s, e));
}

enum kz_err store_audit_list(struct store *s, int64_t after, kz_time since,
                             int limit, struct audit_list *out)
{
    DIRECT(sql_audit_list(s, after, since, limit, out));
}

enum kz_err store_audit_scan(struct store *s, store_audit_visit visit,
                             void *ctx)
{
    DIRECT(sql_audit_scan(s, visit, ctx));
}

enum kz_err store_doc_insert(struct store *s, enum doc_kind k, struct doc *d)
{
    DIRECT(sql_doc_insert(s, k, d));
}

enum kz_err store_doc_update(struct store *s, enum doc_kind k,
                             const struct doc *d, int64_t expected_version)
{
    DIRECT(sql_doc_update(s, k, d, expected_version));
}

enum kz_err store_doc_get(struct store *s, enum doc_kind k, int64_t id,
                          struct doc *out)
{
    DIRECT(sql_doc_get(s, k, id, NULL, out));
}

enum kz_err store_doc_get_name(struct store *s, enum doc_kind k,
                               const char *name, struct doc *out)
{
    DIRECT(sql_doc_get(s, k, 0, name, out));
}

enum kz_err store_doc_list(struct store *s, enum doc_kind k,
                           struct doc_list *out)
{
    DIRECT(sql_doc_list(s, k, out));
}

enum kz_err store_doc_delete(struct store *s, enum doc_kind k, int64_t id)
{
    DIRECT(sql_doc_delete(s, k, id));
}

enum kz_err store_conv_fire(struct store *s, int64_t incident_id,
                            int64_t rule_id, kz_time now, bool *first)
{
    DIRECT(sql_conv_fire(s, incident_id, rule_id, now, first));
}

enum kz_err store_summons_insert(struct store *s, struct summons *x)
{
    DIRECT(sql_summons_insert(s, x));
}

enum kz_err store_summons_by_token(struct store *s, const char *digest,
                                   struct summons *out)
{
    DIRECT(sql_summons_get(s, 0, digest, out));
}

enum kz_err store_summons_get(struct store *s, int64_t id, struct summons *out)
{
    DIRECT(sql_summons_get(s, id, NULL, out));
}

enum kz_err store_summons_ack(struct store *s, int64_t id, kz_time at,
                              const char *by)
{
    DIRECT(sql_summons_ack(s, id, at, by));
}

enum kz_err store_summons_list(struct store *s, int64_t incident_id,
                               kz_time due_before, struct summons_list *out)
{
    DIRECT(sql_summons_list(s, incident_id, due_before, out));
}

enum kz_err store_summons_escalated(struct store *s, int64_t id)
{
    DIRECT(sql_summons_escalated(s, id));
}

enum kz_err store_outbox_insert(struct store *s, struct outbox_msg *m)
{
    if (fault(s))
        return KZ_ESTORE;
    enum kz_err err = sql_outbox_insert(s, m);
    if (err == KZ_OK)
        s->outbox_inserts++;
    return err;
}

unsigned long store_outbox_inserts(const struct store *s)
{
    return s->outbox_inserts;
}

void store_commit_times(const struct store *s, int64_t *flush_ns,
                        int64_t *commit_ns)
{
    *flush_ns = s->flush_ns;
    *commit_ns = s->commit_ns;
}

enum kz_err store_outbox_list(struct store *s, int64_t summons_id, kz_time now,
                              int limit, struct outbox_list *out)
{
    DIRECT(sql_outbox_list(s, summons_id, now, limit, out));
}

/* The outbox's claims run beside another server's writer: FOR UPDATE SKIP
 * LOCKED keeps two servers off one message, and none of them touches a
 * hash chain (docs/internals/delivery.md). */
enum kz_err store_outbox_claim(struct store *s, const char *owner, kz_time now,
                               kz_time until, int limit,
                               struct outbox_list *out)
{
    out->items = NULL;
    out->n = 0;
    DIRECT_UNLOCKED(sql_outbox_claim(s, owner, now, until, limit, out));
}

enum kz_err store_outbox_claimers(struct store *s, struct strv *out)
{
    out->v = NULL;
    out->n = 0;
    DIRECT_UNLOCKED(sql_outbox_claimers(s, out));
}

enum kz_err store_outbox_release(struct store *s, const char *owner)
{
    DIRECT_UNLOCKED(sql_outbox_release(s, owner));
}

enum kz_err store_outbox_update(struct store *s, const struct outbox_msg *m)
{
    DIRECT_UNLOCKED(sql_outbox_update(s, m));
}

enum kz_err store_alert_find(struct store *s, const char *source,
                             const char *source_ref, struct alert_seen *out)
{
    DIRECT(sql_alert_find(s, source, source_ref, out));
}

enum kz_err store_alert_latest(struct store *s, const char *fingerprint,
                               kz_time since, struct alert_seen *out)
{
    DIRECT(sql_alert_latest(s, fingerprint, since, out));
}

enum kz_err store_alert_next_id(struct store *s, int64_t *id)
{
    DIRECT(sql_alert_next_id(s, id));
}

enum kz_err store_alert_insert(struct store *s, const struct alert_row *rows,
                               size_t n)
{
    DIRECT(sql_alert_insert(s, rows, n));
}

enum kz_err store_alert_repeat(struct store *s, const struct alert_row *r)
{
    DIRECT(sql_alert_repeat(s, r));
}

enum kz_err store_alert_get(struct store *s, int64_t id, struct alert *out)
{
    DIRECT(sql_alert_get(s, id, out));
}

enum kz_err store_alert_list(struct store *s, const struct alert_filter *f,
                             struct alert_list *out)
{
    DIRECT(sql_alert_list(s, f, out));
}

enum kz_err store_alert_set_status(struct store *s, const struct alert *a)
{
    DIRECT(sql_alert_set_status(s, a));
}

enum kz_err store_link_insert(struct store *s, struct incident_link *l)
{
    DIRECT(sql_link_insert(s, l));
}

enum kz_err store_link_get(struct store *s, int64_t id,
                           struct incident_link *out)
{
    DIRECT(sql_link_get(s, id, out));
}

enum kz_err store_link_delete(struct store *s, int64_t id)
{
    DIRECT(sql_link_delete(s, id));
}

enum kz_err store_link_list(struct store *s, int64_t incident_id,
                            struct link_list *out)
{
    DIRECT(sql_link_list(s, incident_id, out));
}

enum kz_err store_evidence_insert(struct store *s, struct evidence *ev)
{
    DIRECT(sql_evidence_insert(s, ev));
}

enum kz_err store_evidence_get(struct store *s, int64_t id,
                               struct evidence *out)
{
    DIRECT(sql_evidence_get(s, id, out));
}

enum kz_err store_evidence_list(struct store *s, int64_t incident_id,
                                struct evidence_list *out)
{
    DIRECT(sql_evidence_list(s, incident_id, out));
}

enum kz_err store_evidence_custody_set(struct store *s,
                                       const struct evidence *ev,
                                       int64_t expected_count)
{
    DIRECT(sql_evidence_custody_set(s, ev, expected_count));
}

enum kz_err store_custody_insert(struct store *s, struct custody_event *e)
{
    DIRECT(sql_custody_insert(s, e));
}

enum kz_err store_custody_list(struct store *s, int64_t evidence_id,
                               struct custody_list *out)
{
    DIRECT(sql_custody_list(s, evidence_id, out));
}

enum kz_err store_link_candidates(struct store *s, int64_t exclude_id,
                                  const char *category, kz_time from,
                                  kz_time to, int limit, struct strv *out)
{
    DIRECT(sql_link_candidates(s, exclude_id, category, from, to, limit, out));
}

void mail_record_init(struct mail_record *r)
{
    memset(r, 0, sizeof(*r));
    r->received_at = KZ_TIME_NONE;
}

void mail_record_cleanup(struct mail_record *r)
{
    xfree(r->message_key);
    xfree(r->sender);
    xfree(r->outcome);
    mail_record_init(r);
}

enum kz_err store_mail_insert(struct store *s, struct mail_record *r)
{
    DIRECT(sql_mail_insert(s, r));
}

enum kz_err store_mail_find(struct store *s, const char *key,
                            struct mail_record *out)
{
    DIRECT(sql_mail_find(s, key, out));
}

enum kz_err store_obs_insert(struct store *s, struct observable *o)
{
    DIRECT(sql_obs_insert(s, o));
}

enum kz_err store_obs_get(struct store *s, int64_t id, struct observable *out)
{
    DIRECT(sql_obs_get(s, id, out));
}

enum kz_err store_obs_update(struct store *s, const struct observable *o)
{
    DIRECT(sql_obs_update(s, o));
}

enum kz_err store_obs_delete(struct store *s, int64_t id)
{
    DIRECT(sql_obs_delete(s, id));
}

enum kz_err store_obs_list(struct store *s, int64_t incident_id,
                           const struct store_scope *scope,
                           struct obs_list *out)
{
    DIRECT(sql_obs_list(s, incident_id, scope, out));
}

enum kz_err store_obs_find(struct store *s, enum obs_type type,
                           const char *value, const struct store_scope *scope,
                           int limit, struct obs_hit_list *out)
{
    DIRECT(sql_obs_find(s, type, value, scope, limit, out));
}

enum kz_err store_obs_shared(struct store *s, int64_t incident_id,
                             const struct store_scope *scope, int limit,
                             struct obs_hit_list *out)
{
    DIRECT(sql_obs_shared(s, incident_id, scope, limit, out));
}

enum kz_err store_task_insert(struct store *s, struct task *t)
{
    DIRECT(sql_task_insert(s, t));
}

enum kz_err store_task_update(struct store *s, const struct task *t,
                              int64_t expected_version)
{
    DIRECT(sql_task_update(s, t, expected_version));
}

enum kz_err store_task_get(struct store *s, int64_t id, struct task *out)
{
    DIRECT(sql_task_get(s, id, out));
}

enum kz_err store_task_list(struct store *s, int64_t incident_id,
                            kz_time due_before, struct task_list *out)
{
    DIRECT(sql_task_list(s, incident_id, due_before, out));
}

enum kz_err store_setting_get(struct store *s, const char *key, char **value)
{
    DIRECT(sql_setting_get(s, key, value));
}

enum kz_err store_setting_set(struct store *s, const char *key,
                              const char *value, kz_time now)
{
    DIRECT(sql_setting_set(s, key, value, now));
}

enum kz_err store_item_put(struct store *s, struct item *it)
{
    DIRECT(sql_item_put(s, it));
}

enum kz_err store_item_list(struct store *s, int64_t incident_id,
                            enum item_kind k, struct item_list *out)
{
    DIRECT(sql_item_list(s, incident_id, k, out));
}

enum kz_err store_item_get(struct store *s, int64_t id, struct item *out)
{
    DIRECT(sql_item_get(s, id, out));
}

enum kz_err store_duty_due_set(struct store *s, int64_t incident_id,
                               kz_time due_at, int64_t rules)
{
    DIRECT(sql_duty_due_set(s, incident_id, due_at, rules));
}

enum kz_err store_duty_due_stale(struct store *s, int64_t rules,
                                 int64_t after_id, int limit,
                                 struct duty_due_stale *out)
{
    out->refs = NULL;
    out->n = 0;
    out->last_id = after_id;
    DIRECT(sql_duty_due_stale(s, rules, after_id, limit, out));
}

enum kz_err store_filter_insert(struct store *s, struct saved_filter *f)
{
    DIRECT(sql_filter_insert(s, f));
}

enum kz_err store_filter_update(struct store *s, const struct saved_filter *f)
{
    DIRECT(sql_filter_update(s, f));
}

enum kz_err store_filter_get(struct store *s, const char *account, int64_t id,
                             struct saved_filter *out)
{
    DIRECT(sql_filter_get(s, account, id, out));
}

enum kz_err store_filter_delete(struct store *s, const char *account,
                                int64_t id)
{
    DIRECT(sql_filter_delete(s, account, id));
}

enum kz_err store_filter_list(struct store *s, const char *account,
                              struct saved_filter_list *out)
{
    out->items = NULL;
    out->n = 0;
    DIRECT(sql_filter_list(s, account, out));
}

enum kz_err store_filter_clear_default(struct store *s, const char *account)
{
    DIRECT(sql_filter_clear_default(s, account));
}
