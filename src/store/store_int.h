/* SPDX-License-Identifier: MIT */
/*
 * store_int.h - the table of operations a store backend implements.
 * Only store.c and the backends include this.
 */
#ifndef KZ_STORE_STORE_INT_H
#define KZ_STORE_STORE_INT_H

#include "store/store.h"

struct db; /* db.h */

struct store_ops {
    const char *name;
    /* The newest schema this build's migrations for the engine make. */
    int (*schema_latest)(struct store *s);
    /* Before the outer COMMIT (NULL: nothing to do): the engine's search
     * index takes the transaction's changed documents. */
    enum kz_err (*before_commit)(struct store *s);
    /* Close s->db and free the engine's handle. */
    void (*close)(struct store *s);
    enum kz_err (*ref_next)(struct store *s, int year, int64_t *number);
    enum kz_err (*incident_insert)(struct store *s, struct incident *inc);
    enum kz_err (*incident_update)(struct store *s, const struct incident *inc,
                                   int64_t expected_version);
    enum kz_err (*incident_get)(struct store *s, const char *ref,
                                struct incident *out);
    enum kz_err (*incident_list)(struct store *s,
                                 const struct incident_filter *f,
                                 struct incident_list *out);
    enum kz_err (*search)(struct store *s, const struct search_query *q,
                          const struct incident_filter *f,
                          struct search_hits *out);
    enum kz_err (*incident_count)(struct store *s,
                                  const struct incident_filter *f,
                                  int64_t *out);
    enum kz_err (*chron_head)(struct store *s, int64_t incident_id,
                              struct chron_head *head);
    enum kz_err (*chron_head_by_ref)(struct store *s, const char *ref,
                                     struct chron_head *head);
    enum kz_err (*chron_append)(struct store *s, int64_t incident_id,
                                const struct chron_entry *e);
    enum kz_err (*chron_list)(struct store *s, int64_t incident_id,
                              struct chron_list *out);
    enum kz_err (*chron_scan)(struct store *s, store_chron_visit visit,
                              void *ctx);
    enum kz_err (*account_insert)(struct store *s, struct account *a);
    enum kz_err (*account_update)(struct store *s, const struct account *a);
    enum kz_err (*account_get)(struct store *s, const char *name,
                               struct account *out);
    enum kz_err (*account_get_id)(struct store *s, int64_t id,
                                  struct account *out);
    enum kz_err (*account_list)(struct store *s, struct account_list *out);
    enum kz_err (*account_count)(struct store *s, int64_t *out);
    enum kz_err (*credential_insert)(struct store *s, enum credential_kind k,
                                     const struct credential *c);
    enum kz_err (*credential_get)(struct store *s, enum credential_kind k,
                                  const char *id, struct credential *out);
    enum kz_err (*credential_revoke)(struct store *s, enum credential_kind k,
                                     const char *id);
    enum kz_err (*token_list)(struct store *s, int64_t account_id,
                              struct credential_list *out);
    enum kz_err (*session_revoke_all)(struct store *s, int64_t account_id);
    enum kz_err (*audit_head)(struct store *s, struct chron_head *head);
    enum kz_err (*audit_append)(struct store *s, const struct audit_entry *e);
    enum kz_err (*audit_list)(struct store *s, int64_t after, kz_time since,
                              int limit, struct audit_list *out);
    enum kz_err (*audit_scan)(struct store *s, store_audit_visit visit,
                              void *ctx);
    enum kz_err (*doc_insert)(struct store *s, enum doc_kind k, struct doc *d);
    enum kz_err (*doc_update)(struct store *s, enum doc_kind k,
                              const struct doc *d, int64_t expected_version);
    enum kz_err (*doc_get)(struct store *s, enum doc_kind k, int64_t id,
                           const char *name, struct doc *out);
    enum kz_err (*doc_list)(struct store *s, enum doc_kind k,
                            struct doc_list *out);
    enum kz_err (*doc_delete)(struct store *s, enum doc_kind k, int64_t id);
    enum kz_err (*conv_fire)(struct store *s, int64_t incident_id,
                             int64_t rule_id, kz_time now, bool *first);
    enum kz_err (*summons_insert)(struct store *s, struct summons *x);
    enum kz_err (*summons_get)(struct store *s, int64_t id, const char *digest,
                               struct summons *out);
    enum kz_err (*summons_ack)(struct store *s, int64_t id, kz_time at,
                               const char *by);
    enum kz_err (*summons_list)(struct store *s, int64_t incident_id,
                                kz_time due_before, struct summons_list *out);
    enum kz_err (*summons_escalated)(struct store *s, int64_t id);
    enum kz_err (*outbox_insert)(struct store *s, struct outbox_msg *m);
    enum kz_err (*outbox_list)(struct store *s, int64_t summons_id, kz_time now,
                               int limit, struct outbox_list *out);
    enum kz_err (*outbox_update)(struct store *s, const struct outbox_msg *m);
    enum kz_err (*duty_due_set)(struct store *s, int64_t incident_id,
                                kz_time due_at, int64_t rules);
    enum kz_err (*duty_due_stale)(struct store *s, int64_t rules,
                                  int64_t after_id, int limit,
                                  struct duty_due_stale *out);
    enum kz_err (*filter_insert)(struct store *s, struct saved_filter *f);
    enum kz_err (*filter_update)(struct store *s, const struct saved_filter *f);
    enum kz_err (*filter_get)(struct store *s, const char *account, int64_t id,
                              struct saved_filter *out);
    enum kz_err (*filter_delete)(struct store *s, const char *account,
                                 int64_t id);
    enum kz_err (*filter_list)(struct store *s, const char *account,
                               struct saved_filter_list *out);
    enum kz_err (*filter_clear_default)(struct store *s, const char *account);
    enum kz_err (*link_insert)(struct store *s, struct incident_link *l);
    enum kz_err (*link_get)(struct store *s, int64_t id,
                            struct incident_link *out);
    enum kz_err (*link_delete)(struct store *s, int64_t id);
    enum kz_err (*link_list)(struct store *s, int64_t incident_id,
                             struct link_list *out);
    enum kz_err (*link_candidates)(struct store *s, int64_t exclude_id,
                                   const char *category, kz_time from,
                                   kz_time to, int limit, struct strv *out);
    enum kz_err (*evidence_insert)(struct store *s, struct evidence *ev);
    enum kz_err (*evidence_get)(struct store *s, int64_t id,
                                struct evidence *out);
    enum kz_err (*evidence_list)(struct store *s, int64_t incident_id,
                                 struct evidence_list *out);
    enum kz_err (*evidence_custody_set)(struct store *s,
                                        const struct evidence *ev,
                                        int64_t expected_count);
    enum kz_err (*custody_insert)(struct store *s, struct custody_event *e);
    enum kz_err (*custody_list)(struct store *s, int64_t evidence_id,
                                struct custody_list *out);
    enum kz_err (*mail_insert)(struct store *s, struct mail_record *r);
    enum kz_err (*mail_find)(struct store *s, const char *key,
                             struct mail_record *out);
    enum kz_err (*obs_insert)(struct store *s, struct observable *o);
    enum kz_err (*obs_get)(struct store *s, int64_t id, struct observable *out);
    enum kz_err (*obs_update)(struct store *s, const struct observable *o);
    enum kz_err (*obs_delete)(struct store *s, int64_t id);
    enum kz_err (*obs_list)(struct store *s, int64_t incident_id,
                            const struct store_scope *scope,
                            struct obs_list *out);
    enum kz_err (*obs_find)(struct store *s, enum obs_type type,
                            const char *value, const struct store_scope *scope,
                            int limit, struct obs_hit_list *out);
    enum kz_err (*obs_shared)(struct store *s, int64_t incident_id,
                              const struct store_scope *scope, int limit,
                              struct obs_hit_list *out);
    enum kz_err (*alert_record)(struct store *s, struct alert *a,
                                kz_time group_since, bool *created);
    enum kz_err (*alert_get)(struct store *s, int64_t id, struct alert *out);
    enum kz_err (*alert_list)(struct store *s, const struct alert_filter *f,
                              struct alert_list *out);
    enum kz_err (*alert_set_status)(struct store *s, const struct alert *a);
    enum kz_err (*task_insert)(struct store *s, struct task *t);
    enum kz_err (*task_update)(struct store *s, const struct task *t,
                               int64_t expected_version);
    enum kz_err (*task_get)(struct store *s, int64_t id, struct task *out);
    enum kz_err (*task_list)(struct store *s, int64_t incident_id,
                             kz_time due_before, struct task_list *out);
    enum kz_err (*item_put)(struct store *s, struct item *it);
    enum kz_err (*item_list)(struct store *s, int64_t incident_id,
                             enum item_kind k, struct item_list *out);
    enum kz_err (*item_get)(struct store *s, int64_t id, struct item *out);
    enum kz_err (*setting_get)(struct store *s, const char *key, char **value);
    enum kz_err (*setting_set)(struct store *s, const char *key,
                               const char *value, kz_time now);
};

/* The generic part every backend's handle starts with. */
struct store {
    const struct store_ops *ops;
    struct db *db;                /* the connection (db.h) */
    int schema;                   /* the schema version after opening */
    int depth;                    /* open nested transactions */
    long fault_countdown;         /* test seam; 0 = off */
    unsigned long outbox_inserts; /* store_outbox_inserts() */
};

/* Open the SQLite backend (sqlite.c). */
enum kz_err store_sqlite_open(const char *path, enum store_open_mode mode,
                              struct store **out);

#endif
