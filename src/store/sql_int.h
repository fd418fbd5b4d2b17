/* SPDX-License-Identifier: MIT */
/*
 * sql_int.h - private to the store's SQL layer: the record operations
 * written once for every engine (sql_<subject>.c) over the driver of
 * db.h, and the helpers they share (sql_store.c).
 */
#ifndef KZ_STORE_SQL_INT_H
#define KZ_STORE_SQL_INT_H

#include "store/db.h"
#include "store/store_codec.h"
#include "store/store_int.h"
#include "util/embed.h"

/* ---- transactions and schema (sql_store.c) ------------------------------ */

/* Open the transaction of nesting 'depth' (0: the outer one, writing;
 * deeper: a savepoint). */
enum kz_err sql_store_begin(struct store *s, int depth);
/* Open an outer transaction that reads (and may still write). */
enum kz_err sql_store_begin_read(struct store *s);
/* Take the write lock of the transaction open on 's' (PostgreSQL; on
 * SQLite BEGIN IMMEDIATE took it): see sql_store.c. */
enum kz_err sql_store_write_lock(struct store *s);
/* Commit the transaction of nesting 'depth'; the outer commit first runs
 * the engine's before_commit hook. */
enum kz_err sql_store_commit(struct store *s, int depth);
/* Roll back the transaction of nesting 'depth'. */
enum kz_err sql_store_rollback(struct store *s, int depth);
/*
 * Bring the schema of s->db up to the newest of the 'n' numbered
 * migrations 'files' ("NNNN_subject.sql"), each in its own transaction;
 * KZ_ESCHEMA when the database is newer than them.  Sets s->schema.
 */
enum kz_err sql_store_migrate(struct store *s,
                              const struct embedded_file *files, size_t n);
/* The newest version among the migrations 'files'. */
int sql_store_latest(const struct embedded_file *files, size_t n);

/* ---- helpers (sql_store.c) ---------------------------------------------- */

/* Run a statement that returns no rows (NULL: KZ_ESTORE); resets it. */
enum kz_err sql_exec(struct db_stmt *st);
/* Run the fixed text 'sql' with no parameters. */
enum kz_err sql_exec_text(struct db *d, const char *sql);
/* Run a statement that changes the row its key names (an UPDATE or a
 * DELETE by id); KZ_ENOTFOUND when no row has that key. */
enum kz_err sql_exec_keyed(struct db_stmt *st);
/*
 * The texts of an INSERT whose new key the caller wants, one per dialect
 * (indexed by enum db_dialect): PostgreSQL returns the key with RETURNING
 * id; SQLite runs RETURNING through an ephemeral table built and freed on
 * every call (+4 % of the instructions of a create), so there the driver
 * keeps the rowid instead (db_last_id).  The same SQL text otherwise.
 */
#define SQL_INSERT_ID(text)                                                    \
    {                                                                          \
        text, text " RETURNING id"                                             \
    }
/* The statement among 'texts' (SQL_INSERT_ID) for the engine of 'd'. */
struct db_stmt *sql_insert_stmt(struct db *d, const char *const texts[2]);
/*
 * Run an INSERT of sql_insert_stmt() (or one that ends in RETURNING id):
 * *id the new row's key.  An insert that adds no row (ON CONFLICT DO
 * NOTHING) answers KZ_ENOTFOUND and leaves *id alone.  Resets.
 */
enum kz_err sql_insert_id(struct db_stmt *st, int64_t *id);
/* The end of a lookup that selects at most one row, called after the row
 * (if 'rc' is DB_ROW) was read: resets 'st' and returns KZ_OK for a
 * row, KZ_ENOTFOUND for none, else the step's error. */
enum kz_err sql_lookup_end(struct db_stmt *st, enum db_rc rc);
/* The error of a step that answered 'rc': KZ_OK unless it failed. */
enum kz_err sql_step_err(const struct db_stmt *st, enum db_rc rc);
/* Fills one list element from the current row, initialising it first. */
typedef void (*sql_row_fn)(struct db_stmt *st, void *item);
/*
 * Step 'st' to its end, reading each row with 'read' into a new element of
 * 'size' bytes, then reset it.  Returns the array of *n elements (the
 * caller's, NULL when none; after an error the elements read so far are
 * still the caller's to clean up) and the error of the steps: KZ_OK when
 * every row was read.
 */
void *sql_rows(struct db_stmt *st, size_t size, sql_row_fn read, size_t *n,
               enum kz_err *err);
/* After an update guarded by "AND version = ?" changed nothing: was the
 * row changed by someone else first (KZ_ECONFLICT), or is there no row
 * 'id' (KZ_ENOTFOUND)?  'sql_exists' selects the row by its id, ?1. */
enum kz_err sql_version_miss(struct db *d, const char *sql_exists, int64_t id);

/* Bind helpers: KZ_TIME_NONE, COUNT_UNKNOWN and 0 for "not set" become
 * SQL NULL (db_bind_text already binds NULL text as NULL). */
void sql_bind_time(struct db_stmt *st, int i, kz_time t);
void sql_bind_count(struct db_stmt *st, int i, int64_t n);
void sql_bind_small(struct db_stmt *st, int i, int v);
void sql_bind_bool(struct db_stmt *st, int i, bool v);
/* Column helpers: copies owned by the caller; SQL NULL reads as NULL,
 * KZ_TIME_NONE and COUNT_UNKNOWN. */
char *sql_col_text(struct db_stmt *st, int i);
kz_time sql_col_time(struct db_stmt *st, int i);
int64_t sql_col_count(struct db_stmt *st, int i);

/* ---- sql_alert.c ---- */

enum kz_err sql_alert_find(struct store *s, const char *source,
                           const char *source_ref, struct alert_seen *out);
enum kz_err sql_alert_latest(struct store *s, const char *fingerprint,
                             kz_time since, struct alert_seen *out);
/* On PostgreSQL, also takes the alert intake's advisory lock until the
 * end of the caller's transaction (servers plan batches one at a time). */
enum kz_err sql_alert_next_id(struct store *s, int64_t *id);
enum kz_err sql_alert_insert(struct store *s, const struct alert_row *rows,
                             size_t n);
enum kz_err sql_alert_repeat(struct store *s, const struct alert_row *r);
enum kz_err sql_alert_get(struct store *s, int64_t id, struct alert *out);
enum kz_err sql_alert_list(struct store *s, const struct alert_filter *f,
                           struct alert_list *out);
enum kz_err sql_alert_set_status(struct store *s, const struct alert *a);

/* ---- sql_task.c ---- */

enum kz_err sql_task_insert(struct store *s, struct task *t);
enum kz_err sql_task_update(struct store *s, const struct task *t,
                            int64_t expected_version);
enum kz_err sql_task_get(struct store *s, int64_t id, struct task *out);
enum kz_err sql_task_list(struct store *s, int64_t incident_id,
                          kz_time due_before, struct task_list *out);

/* ---- sql_account.c ---- */

enum kz_err sql_account_insert(struct store *s, struct account *a);
enum kz_err sql_account_update(struct store *s, const struct account *a);
enum kz_err sql_account_get(struct store *s, const char *name,
                            struct account *out);
enum kz_err sql_account_get_id(struct store *s, int64_t id,
                               struct account *out);
enum kz_err sql_account_list(struct store *s, struct account_list *out);
enum kz_err sql_account_count(struct store *s, int64_t *out);
enum kz_err sql_credential_insert(struct store *s, enum credential_kind k,
                                  const struct credential *c);
enum kz_err sql_credential_get(struct store *s, enum credential_kind k,
                               const char *id, struct credential *out);
enum kz_err sql_credential_revoke(struct store *s, enum credential_kind k,
                                  const char *id);
enum kz_err sql_token_list(struct store *s, int64_t account_id,
                           struct credential_list *out);
enum kz_err sql_session_revoke_all(struct store *s, int64_t account_id);

/* ---- sql_throttle.c ---- */

enum kz_err sql_throttle_reserve(struct store *s, const char *key,
                                 const struct throttle_terms *terms,
                                 kz_time now, bool *reserved, int64_t *wait);
enum kz_err sql_throttle_settle(struct store *s, const char *key,
                                enum throttle_outcome outcome, kz_time now,
                                int64_t *failures);
enum kz_err sql_throttle_hold(struct store *s, const char *key, kz_time until);
enum kz_err sql_throttle_purge(struct store *s,
                               const struct throttle_terms *terms, kz_time now);

/* ---- sql_audit.c ---- */

enum kz_err sql_audit_head(struct store *s, struct chron_head *head);
enum kz_err sql_audit_append(struct store *s, const struct audit_entry *e);
enum kz_err sql_audit_list(struct store *s, int64_t after, kz_time since,
                           int limit, struct audit_list *out);
enum kz_err sql_audit_scan(struct store *s, store_audit_visit visit, void *ctx);

/* ---- sql_chron.c ---- */

enum kz_err sql_chron_head(struct store *s, int64_t incident_id,
                           struct chron_head *head);
enum kz_err sql_chron_head_by_ref(struct store *s, const char *ref,
                                  struct chron_head *head);
enum kz_err sql_chron_append(struct store *s, int64_t incident_id,
                             const struct chron_entry *e);
enum kz_err sql_chron_list(struct store *s, int64_t incident_id,
                           struct chron_list *out);
enum kz_err sql_chron_scan(struct store *s, store_chron_visit visit, void *ctx);

/* ---- sql_doc.c ---- */

enum kz_err sql_doc_insert(struct store *s, enum doc_kind k, struct doc *d);
enum kz_err sql_doc_update(struct store *s, enum doc_kind k,
                           const struct doc *d, int64_t expected_version);
enum kz_err sql_doc_get(struct store *s, enum doc_kind k, int64_t id,
                        const char *name, struct doc *out);
enum kz_err sql_doc_list(struct store *s, enum doc_kind k,
                         struct doc_list *out);
enum kz_err sql_doc_delete(struct store *s, enum doc_kind k, int64_t id);
enum kz_err sql_setting_get(struct store *s, const char *key, char **value);
enum kz_err sql_setting_set(struct store *s, const char *key, const char *value,
                            kz_time now);

/* ---- sql_evidence.c ---- */

enum kz_err sql_evidence_insert(struct store *s, struct evidence *ev);
enum kz_err sql_evidence_get(struct store *s, int64_t id, struct evidence *out);
enum kz_err sql_evidence_list(struct store *s, int64_t incident_id,
                              struct evidence_list *out);
enum kz_err sql_evidence_custody_set(struct store *s, const struct evidence *ev,
                                     int64_t expected_count);
enum kz_err sql_custody_insert(struct store *s, struct custody_event *e);
enum kz_err sql_custody_list(struct store *s, int64_t evidence_id,
                             struct custody_list *out);

/* ---- sql_filter.c ---- */

enum kz_err sql_duty_due_set(struct store *s, int64_t incident_id,
                             kz_time due_at, int64_t rules);
enum kz_err sql_duty_due_stale(struct store *s, int64_t rules, int64_t after_id,
                               int limit, struct duty_due_stale *out);
enum kz_err sql_filter_insert(struct store *s, struct saved_filter *f);
enum kz_err sql_filter_update(struct store *s, const struct saved_filter *f);
enum kz_err sql_filter_get(struct store *s, const char *account, int64_t id,
                           struct saved_filter *out);
enum kz_err sql_filter_delete(struct store *s, const char *account, int64_t id);
enum kz_err sql_filter_list(struct store *s, const char *account,
                            struct saved_filter_list *out);
enum kz_err sql_filter_clear_default(struct store *s, const char *account);

/* ---- sql_item.c ---- */

enum kz_err sql_item_put(struct store *s, struct item *it);
enum kz_err sql_item_list(struct store *s, int64_t incident_id,
                          enum item_kind k, struct item_list *out);
enum kz_err sql_item_get(struct store *s, int64_t id, struct item *out);

/* ---- sql_link.c ---- */

enum kz_err sql_link_insert(struct store *s, struct incident_link *l);
enum kz_err sql_link_get(struct store *s, int64_t id,
                         struct incident_link *out);
enum kz_err sql_link_delete(struct store *s, int64_t id);
enum kz_err sql_link_list(struct store *s, int64_t incident_id,
                          struct link_list *out);
enum kz_err sql_link_candidates(struct store *s, int64_t exclude_id,
                                const char *category, kz_time from, kz_time to,
                                int limit, struct strv *out);

/* ---- sql_mail.c ---- */

enum kz_err sql_mail_insert(struct store *s, struct mail_record *r);
enum kz_err sql_mail_find(struct store *s, const char *key,
                          struct mail_record *out);

/* ---- sql_obs.c ---- */

enum kz_err sql_obs_insert(struct store *s, struct observable *o);
enum kz_err sql_obs_get(struct store *s, int64_t id, struct observable *out);
enum kz_err sql_obs_update(struct store *s, const struct observable *o);
enum kz_err sql_obs_delete(struct store *s, int64_t id);
enum kz_err sql_obs_list(struct store *s, int64_t incident_id,
                         const struct store_scope *scope, struct obs_list *out);
enum kz_err sql_obs_find(struct store *s, enum obs_type type, const char *value,
                         const struct store_scope *scope, int limit,
                         struct obs_hit_list *out);
enum kz_err sql_obs_shared(struct store *s, int64_t incident_id,
                           const struct store_scope *scope, int limit,
                           struct obs_hit_list *out);

/* ---- sql_summons.c ---- */

enum kz_err sql_conv_fire(struct store *s, int64_t incident_id, int64_t rule_id,
                          kz_time now, bool *first);
enum kz_err sql_summons_insert(struct store *s, struct summons *x);
enum kz_err sql_summons_get(struct store *s, int64_t id, const char *digest,
                            struct summons *out);
enum kz_err sql_summons_ack(struct store *s, int64_t id, kz_time at,
                            const char *by);
enum kz_err sql_summons_list(struct store *s, int64_t incident_id,
                             kz_time due_before, struct summons_list *out);
enum kz_err sql_summons_escalated(struct store *s, int64_t id);
enum kz_err sql_outbox_insert(struct store *s, struct outbox_msg *m);
enum kz_err sql_outbox_list(struct store *s, int64_t summons_id, kz_time now,
                            int limit, struct outbox_list *out);
enum kz_err sql_outbox_claim(struct store *s, const char *owner, kz_time now,
                             kz_time until, int limit, struct outbox_list *out);
enum kz_err sql_outbox_release(struct store *s, const char *owner);
enum kz_err sql_outbox_claimers(struct store *s, struct strv *out);
enum kz_err sql_outbox_update(struct store *s, const struct outbox_msg *m);

#endif
