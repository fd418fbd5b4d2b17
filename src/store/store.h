/* SPDX-License-Identifier: MIT */
/*
 * store.h - persistence of kizuki's records behind one interface.
 *
 * The only header other modules include.  Callers pass and receive domain
 * structs; SQL lives only in src/store, written once for every engine
 * over a thin driver (docs/internals/store.md).  Every change runs inside
 * store_begin/store_commit; transactions nest (the inner ones become
 * savepoints), so a use case can keep part of its work when another part
 * fails.  A store handle belongs to one thread at a time.
 */
#ifndef KZ_STORE_STORE_H
#define KZ_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/account.h"
#include "core/alert.h"
#include "core/audit.h"
#include "core/chronology.h"
#include "core/evidence.h"
#include "core/incident.h"
#include "core/link.h"
#include "core/observable.h"
#include "core/list_sort.h"
#include "core/search_query.h"
#include "core/task.h"
#include "util/err.h"

struct store;

enum store_open_mode {
    STORE_OPEN_EXISTING, /* refuse a database that does not exist yet */
    STORE_OPEN_CREATE    /* create it when missing */
};

/* Filters and page of an incident listing; zero/NULL/-1 mean "any". */
struct incident_filter {
    int phase;            /* enum phase, or -1 */
    int kind;             /* enum kind, or -1 */
    const char *category; /* taxonomy key, or NULL */
    int severity;         /* 1..4, 0 for "not set", or -1 */
    kz_time since;        /* reported_at at or after; KZ_TIME_NONE */
    kz_time until;        /* reported_at before; KZ_TIME_NONE */
    int open;             /* 1 not closed, 0 closed, -1 either */
    const char *owner;    /* the owner's account name, or NULL */
    const char *tag;      /* one of the incident's tags, or NULL */
    const char *q;        /* substring of ref, title or description */
    /* The parsed q: when it has terms, q matches refs by substring and
     * the rest through the search index (docs/internals/search.md). */
    const struct search_query *search;
    /* 1: a reporting duty is past its due time at 'now' (the stored
     * incident_duty_due rows); 0: none is; -1 either. */
    int overdue;
    kz_time now;
    /* Access: who is asking.  NULL viewer means the local operator (CLI),
     * who sees everything. */
    const char *viewer;
    bool viewer_sees_restricted; /* admins see restricted incidents */
    bool viewer_own_only;        /* reporters see what they filed */
    int64_t before_id; /* keyset cursor: ids below this; 0 from the top */
    /* The order; a non-default one (or ascending) pages with 'after'
     * instead of before_id: rows after that sort value and id. */
    enum list_sort sort;
    bool asc;
    const struct list_cursor *after; /* NULL: from the top */
    int limit;                       /* 1..INCIDENT_FETCH_MAX */
};

/* The largest page of incidents, and one more row that a caller may ask
 * for to tell whether another page follows (clamped beyond that). */
#define INCIDENT_PAGE_MAX 1000
#define INCIDENT_FETCH_MAX (INCIDENT_PAGE_MAX + 1)

struct incident_list {
    struct incident *items;
    size_t n;
};

/* A person's saved list filter (0011_list_filters.sql). */
struct saved_filter {
    int64_t id;
    char *account; /* whose it is */
    char *name;
    char *query; /* canonical list query string (app/list_query.c) */
    bool is_default;
    kz_time created_at;
    kz_time updated_at;
};

struct saved_filter_list {
    struct saved_filter *items;
    size_t n;
};

/* Incidents whose stored soonest duty due time is missing or was
 * computed with other rules (store_duty_due_stale), by id. */
struct duty_due_stale {
    char (*refs)[INCIDENT_REF_LEN];
    int64_t last_id; /* the id of the last one, to go on after it */
    size_t n;
};

struct chron_list {
    struct chron_entry *items;
    size_t n;
};

/* One indexed document of an incident that a search matched. */
struct search_match {
    char *kind;          /* title, description, timeline, task, ... */
    char *body;          /* its text */
    size_t n;            /* matched byte ranges of body */
    size_t (*ranges)[2]; /* [start, end) each */
};

/* One incident found by a search, with its matching documents (at most
 * SEARCH_MATCHES_MAX, in document order). */
struct search_hit {
    struct incident inc;
    struct search_match *matches;
    size_t n;
};

#define SEARCH_MATCHES_MAX 5

struct search_hits {
    struct search_hit *items;
    size_t n;
};

/* One row of a whole-store chain scan, in incident then seq order.  All
 * of it, the entry's texts included, is valid only during the callback. */
struct store_chron_row {
    int64_t incident_id;
    const char *ref;                   /* borrowed for the callback */
    bool restricted;                   /* need-to-know incident */
    const struct chron_head *recorded; /* head stored on the incident */
    const struct chron_entry *entry;   /* NULL: the incident has none;
                                          borrowed, like the rest */
};

typedef enum kz_err (*store_chron_visit)(void *ctx,
                                         const struct store_chron_row *row);
typedef enum kz_err (*store_audit_visit)(void *ctx,
                                         const struct audit_entry *e);

struct account_list {
    struct account *items;
    size_t n;
};

/* What the store keeps of a bearer token or a session: a public id and
 * the SHA-256 of the secret part, never the secret itself. */
enum credential_kind { CRED_TOKEN, CRED_SESSION };

#define CRED_ID_SIZE 33 /* 32 hex digits and NUL */

struct credential {
    char id[CRED_ID_SIZE];
    int64_t account_id;
    char digest[HASH_HEX_SIZE];
    char *label;        /* tokens: what it is for */
    char *account_name; /* filled by reads, for display */
    kz_time created_at;
    kz_time expires_at; /* KZ_TIME_NONE: never (tokens only) */
    bool revoked;
};

struct credential_list {
    struct credential *items;
    size_t n;
};

struct audit_list {
    struct audit_entry *items;
    size_t n;
};

/* Configuration records kept whole as JSON documents: the store checks
 * only names and versions; core validates the content. */
enum doc_kind {
    DOC_ASSET,
    DOC_CONTACT,
    DOC_RULE,
    DOC_PLAYBOOK,
    DOC_KIND_COUNT
};

struct doc {
    int64_t id;
    char *name; /* unique for assets and playbooks */
    char *json;
    int64_t version;
    kz_time created_at;
    kz_time updated_at;
};

struct doc_list {
    struct doc *items;
    size_t n;
};

/* One person called to one incident by one convocation rule. */
struct summons {
    int64_t id;
    int64_t incident_id;
    char ref[24]; /* filled by reads */
    int64_t rule_id;
    int64_t contact_id;
    char *role; /* the role called for; NULL: named by the rule */
    int step;   /* 0 first call, 1.. escalations */
    char token_digest[HASH_HEX_SIZE];
    kz_time created_at;
    kz_time ack_due_at;
    kz_time acked_at; /* KZ_TIME_NONE: not yet */
    char *acked_by;
    bool escalated;
};

struct summons_list {
    struct summons *items;
    size_t n;
};

enum outbox_status { OUTBOX_PENDING, OUTBOX_SENT, OUTBOX_FAILED };

/* A message waiting for (or past) delivery. */
struct outbox_msg {
    int64_t id;
    int64_t summons_id; /* 0: not a summons */
    char *channel;      /* "webhook" or "email" */
    char *target;       /* URL or address */
    char *subject;
    char *body;
    char *idem_key;
    enum outbox_status status;
    int attempts;
    kz_time next_attempt_at;
    char *last_error;
    kz_time created_at;
    kz_time sent_at;
    char *claimed_by;    /* the server sending it now (NULL: nobody) */
    kz_time claim_until; /* when that claim runs out */
};

struct outbox_list {
    struct outbox_msg *items;
    size_t n;
};

struct task_list {
    struct task *items;
    size_t n;
};

struct link_list {
    struct incident_link *items;
    size_t n;
};

struct evidence_list {
    struct evidence *items;
    size_t n;
};

struct custody_list {
    struct custody_event *items;
    size_t n;
};

/* Who is reading, for the reads that must leave out the incidents they
 * may not see in the query itself (need-to-know, SPEC C15), as in
 * struct incident_filter.  NULL viewer: the local operator, who sees
 * everything. */
struct store_scope {
    const char *viewer;
    bool sees_restricted; /* admins see restricted incidents */
    bool own_only;        /* reporters see what they filed */
};

struct obs_list {
    struct observable *items;
    size_t n;
};

/* An observable as found on one incident, with that incident. */
struct obs_hit {
    struct observable obs;
    char ref[INCIDENT_REF_LEN];
    char *title;
    enum phase phase;
    kz_time discovered_at;
};

struct obs_hit_list {
    struct obs_hit *items;
    size_t n;
};

/* Filters and page of the alert queue; -1/NULL/0 mean "any". */
struct alert_filter {
    int status;           /* enum alert_status, or -1 */
    const char *source;   /* or NULL */
    int64_t group_id;     /* or 0 */
    const char *severity; /* or NULL */
    int64_t before_id;    /* keyset cursor: ids below this; 0 from the top */
    int limit;            /* 1..ALERT_FETCH_MAX */
};

#define ALERT_PAGE_MAX 1000
#define ALERT_FETCH_MAX (ALERT_PAGE_MAX + 1)

struct alert_list {
    struct alert *items;
    size_t n;
};

/* Items the response produces around an incident (SPEC C7-C10), kept as
 * JSON documents: one kind per use. */
enum item_kind {
    ITEM_FILING, /* key: the reporting duty */
    ITEM_COST,
    ITEM_DISCLOSURE,
    ITEM_AFTERCARE,
    ITEM_FACT_OWNER, /* key: the fact */
    ITEM_KIND_COUNT
};

struct item {
    int64_t id;
    int64_t incident_id;
    enum item_kind kind;
    char *key; /* NULL for keyless kinds */
    char *json;
    int64_t version;
    kz_time created_at;
    char *created_by;
    kz_time updated_at;
};

struct item_list {
    struct item *items;
    size_t n;
};

void incident_filter_init(struct incident_filter *f);
void account_list_cleanup(struct account_list *l);
void credential_init(struct credential *c);
void credential_cleanup(struct credential *c);
void credential_list_cleanup(struct credential_list *l);
void audit_list_cleanup(struct audit_list *l);
void doc_init(struct doc *d);
void doc_cleanup(struct doc *d);
void doc_list_cleanup(struct doc_list *l);
void summons_init(struct summons *x);
void summons_cleanup(struct summons *x);
void summons_list_cleanup(struct summons_list *l);
void outbox_msg_init(struct outbox_msg *m);
void outbox_msg_cleanup(struct outbox_msg *m);
void outbox_list_cleanup(struct outbox_list *l);
void task_list_cleanup(struct task_list *l);
void link_list_cleanup(struct link_list *l);
void evidence_list_cleanup(struct evidence_list *l);
void custody_list_cleanup(struct custody_list *l);
void obs_list_cleanup(struct obs_list *l);
void obs_hit_list_cleanup(struct obs_hit_list *l);
void alert_filter_init(struct alert_filter *f);
void alert_list_cleanup(struct alert_list *l);
void item_init(struct item *it);
void item_cleanup(struct item *it);
void item_list_cleanup(struct item_list *l);
/* The key of 'k' ("filing"). */
const char *item_kind_key(enum item_kind k);
void incident_list_cleanup(struct incident_list *l);
void saved_filter_init(struct saved_filter *f);
void saved_filter_cleanup(struct saved_filter *f);
void saved_filter_list_cleanup(struct saved_filter_list *l);
void duty_due_stale_cleanup(struct duty_due_stale *l);
void chron_list_cleanup(struct chron_list *l);
void search_hits_cleanup(struct search_hits *l);

/*
 * Open the store at 'path' — a file name or "sqlite:FILE" (SQLite), or a
 * postgresql:// or postgres:// URI (PostgreSQL, libpq's every parameter
 * and PG* variable) — apply pending schema migrations, and return it in
 * *out (OUT: free with store_close).  KZ_ENOTFOUND when the file is
 * missing (PostgreSQL: the database holds no kizuki schema) and 'mode' is
 * STORE_OPEN_EXISTING; KZ_ESCHEMA when the database was written by a
 * newer kizuki or belongs to another application; KZ_EBUSY when the
 * PostgreSQL server cannot be reached (the reason on stderr).
 */
enum kz_err store_open(const char *path, enum store_open_mode mode,
                       struct store **out) KZ_MUST_CHECK;
/* Does 'db' name a PostgreSQL database (a postgresql:// URI)? */
bool store_is_postgres(const char *db);
/* Close 's' (NULL is a no-op); an open transaction is rolled back. */
void store_close(struct store *s);
/* The schema version the database is at. */
int store_schema_version(struct store *s);
/* The newest schema version this binary knows for the backend of 's'. */
int store_schema_latest(struct store *s);

enum kz_err store_begin(struct store *s) KZ_MUST_CHECK;
/* Start a transaction that only reads: a consistent snapshot that does
 * not block writers.  End it with store_rollback. */
enum kz_err store_begin_read(struct store *s) KZ_MUST_CHECK;
enum kz_err store_commit(struct store *s) KZ_MUST_CHECK;
/* Undo the innermost open transaction; never fails from the caller's
 * view (a backend error is logged and the connection reset). */
void store_rollback(struct store *s);
/* End the innermost transaction as the work in it went: commit when 'err'
 * is KZ_OK (returning the commit's own error), else roll back and return
 * 'err'.  The last step of a use case, so that every one of them keeps
 * its changes or none of them in the same way. */
enum kz_err store_end(struct store *s, enum kz_err err) KZ_MUST_CHECK;
/* Depth of nested transactions now open (0: none). */
int store_depth(const struct store *s);

/* Hand out the next reference number of 'year' (OUT: *number).  The
 * counter never goes back, so a number is not reused even when the
 * write that took it fails; call it outside the savepoint of that write. */
enum kz_err store_ref_next(struct store *s, int year,
                           int64_t *number) KZ_MUST_CHECK;

/* Insert 'inc' (ref set by the caller); sets inc->id. */
enum kz_err store_incident_insert(struct store *s,
                                  struct incident *inc) KZ_MUST_CHECK;
/* Write 'inc' over the stored row with the same id if that row is still
 * at version 'expected_version'; KZ_ECONFLICT otherwise. */
enum kz_err store_incident_update(struct store *s, const struct incident *inc,
                                  int64_t expected_version) KZ_MUST_CHECK;
/* Load the incident 'ref' into 'out' (initialised; OUT).  KZ_ENOTFOUND. */
enum kz_err store_incident_get(struct store *s, const char *ref,
                               struct incident *out) KZ_MUST_CHECK;
/* List incidents matching 'f', newest first (OUT: *out, cleanup with
 * incident_list_cleanup). */
enum kz_err store_incident_list(struct store *s,
                                const struct incident_filter *f,
                                struct incident_list *out) KZ_MUST_CHECK;
/* Number of incidents matching 'f' (limit and cursor ignored). */
enum kz_err store_incident_count(struct store *s,
                                 const struct incident_filter *f,
                                 int64_t *out) KZ_MUST_CHECK;

/*
 * Full-text search: the incidents with a document matching every term of
 * 'q' (which has terms), newest first, that pass 'f' (its filters,
 * viewer, before_id and limit; 'f->q' is ignored), each with its matching
 * documents (OUT: *out, free with search_hits_cleanup).  Need-to-know is
 * part of the query: an incident the viewer may not see is never read.
 */
enum kz_err store_search(struct store *s, const struct search_query *q,
                         const struct incident_filter *f,
                         struct search_hits *out) KZ_MUST_CHECK;

/* The recorded end of incident 'incident_id''s chain (OUT: *head). */
enum kz_err store_chron_head(struct store *s, int64_t incident_id,
                             struct chron_head *head) KZ_MUST_CHECK;
/* The same for the incident with reference 'ref': KZ_ENOTFOUND when no
 * incident has it. */
enum kz_err store_chron_head_by_ref(struct store *s, const char *ref,
                                    struct chron_head *head) KZ_MUST_CHECK;
/* Append the sealed entry 'e' and move the incident's recorded head to
 * it.  KZ_ECONFLICT when e->seq is not the next number. */
enum kz_err store_chron_append(struct store *s, int64_t incident_id,
                               const struct chron_entry *e) KZ_MUST_CHECK;
/* Every entry of an incident in seq order (OUT: *out). */
enum kz_err store_chron_list(struct store *s, int64_t incident_id,
                             struct chron_list *out) KZ_MUST_CHECK;
/* Visit every incident and its entries, for verification.  Stops at the
 * first error the callback returns. */
enum kz_err store_chron_scan(struct store *s, store_chron_visit visit,
                             void *ctx) KZ_MUST_CHECK;

/* Insert account 'a' (sets a->id); KZ_ECONFLICT when the name is taken. */
enum kz_err store_account_insert(struct store *s,
                                 struct account *a) KZ_MUST_CHECK;
/* Write role, password hash, disabled, updated_at and the profile
 * (display name, e-mail, department) of account a->id. */
enum kz_err store_account_update(struct store *s,
                                 const struct account *a) KZ_MUST_CHECK;
/* Load account 'name' (OUT: initialised 'out').  KZ_ENOTFOUND. */
enum kz_err store_account_get(struct store *s, const char *name,
                              struct account *out) KZ_MUST_CHECK;
/* Load account 'id'.  KZ_ENOTFOUND. */
enum kz_err store_account_get_id(struct store *s, int64_t id,
                                 struct account *out) KZ_MUST_CHECK;
/* Every account by name, without password hashes (OUT: *out). */
enum kz_err store_account_list(struct store *s,
                               struct account_list *out) KZ_MUST_CHECK;
/* Number of accounts. */
enum kz_err store_account_count(struct store *s, int64_t *out) KZ_MUST_CHECK;

/* Store a new token or session. */
enum kz_err store_credential_insert(struct store *s, enum credential_kind k,
                                    const struct credential *c) KZ_MUST_CHECK;
/* Load the token or session 'id' (OUT: initialised 'out').  KZ_ENOTFOUND. */
enum kz_err store_credential_get(struct store *s, enum credential_kind k,
                                 const char *id,
                                 struct credential *out) KZ_MUST_CHECK;
/* Revoke a token or end a session.  KZ_ENOTFOUND. */
enum kz_err store_credential_revoke(struct store *s, enum credential_kind k,
                                    const char *id) KZ_MUST_CHECK;
/* Tokens of one account (account_id > 0) or of all (OUT: *out). */
enum kz_err store_token_list(struct store *s, int64_t account_id,
                             struct credential_list *out) KZ_MUST_CHECK;
/* End every session of an account (on disable or password change). */
enum kz_err store_session_revoke_all(struct store *s,
                                     int64_t account_id) KZ_MUST_CHECK;

/* The recorded end of the audit chain (OUT: *head). */
enum kz_err store_audit_head(struct store *s,
                             struct chron_head *head) KZ_MUST_CHECK;
/* Append the sealed entry 'e' and move the head; KZ_ECONFLICT when e->seq
 * is not the next number. */
enum kz_err store_audit_append(struct store *s,
                               const struct audit_entry *e) KZ_MUST_CHECK;
/* Entries after seq 'after' and at or after 'since' (KZ_TIME_NONE: any),
 * oldest first, at most 'limit' (OUT: *out). */
enum kz_err store_audit_list(struct store *s, int64_t after, kz_time since,
                             int limit, struct audit_list *out) KZ_MUST_CHECK;
/* Visit every audit entry in seq order. */
enum kz_err store_audit_scan(struct store *s, store_audit_visit visit,
                             void *ctx) KZ_MUST_CHECK;

/* The sign-in throttle's terms for one kind of key (app/throttle.c). */
struct throttle_terms {
    int free_tries;       /* failures allowed before the waits start */
    int64_t forget_after; /* seconds without a failure that wipe the slate */
    int64_t lease;        /* seconds a pending check keeps its place */
};

enum throttle_outcome {
    THROTTLE_FAILED,    /* a wrong password: one more failure */
    THROTTLE_SUCCEEDED, /* the failures are forgotten */
    THROTTLE_RELEASED   /* the check was not made: counts as nothing */
};

/*
 * The throttle's shared counts (signin_throttle), for servers that share
 * the database; each call is one atomic statement, outside any
 * transaction.  Reserve one password check on 'key' under 'terms' at
 * 'now': *reserved when it was; otherwise *wait holds the seconds of a
 * wait running (0: checks pending leave no room now, ask again soon).
 */
enum kz_err store_throttle_reserve(struct store *s, const char *key,
                                   const struct throttle_terms *terms,
                                   kz_time now, bool *reserved,
                                   int64_t *wait) KZ_MUST_CHECK;
/* Settle a reserved check on 'key'.  THROTTLE_FAILED counts the failure
 * (*failures: the count after it, 0 when the row is gone) and leaves the
 * check pending: end it with store_throttle_hold, which sets its wait. */
enum kz_err store_throttle_settle(struct store *s, const char *key,
                                  enum throttle_outcome outcome, kz_time now,
                                  int64_t *failures) KZ_MUST_CHECK;
/* End the failed check on 'key': no check before 'until' (0: no wait; a
 * later wait already set stays). */
enum kz_err store_throttle_hold(struct store *s, const char *key,
                                kz_time until) KZ_MUST_CHECK;
/* Forget keys idle for longer than terms->forget_after, with no check
 * pending and no wait running. */
enum kz_err store_throttle_purge(struct store *s,
                                 const struct throttle_terms *terms,
                                 kz_time now) KZ_MUST_CHECK;

/* Insert 'd' (sets d->id); KZ_ECONFLICT when its name is taken. */
enum kz_err store_doc_insert(struct store *s, enum doc_kind k,
                             struct doc *d) KZ_MUST_CHECK;
/* Replace document d->id if still at 'expected_version'; KZ_ECONFLICT
 * otherwise (or when the new name is taken), KZ_ENOTFOUND. */
enum kz_err store_doc_update(struct store *s, enum doc_kind k,
                             const struct doc *d,
                             int64_t expected_version) KZ_MUST_CHECK;
enum kz_err store_doc_get(struct store *s, enum doc_kind k, int64_t id,
                          struct doc *out) KZ_MUST_CHECK;
enum kz_err store_doc_get_name(struct store *s, enum doc_kind k,
                               const char *name, struct doc *out) KZ_MUST_CHECK;
/* Every document of kind 'k', by id (OUT: *out). */
enum kz_err store_doc_list(struct store *s, enum doc_kind k,
                           struct doc_list *out) KZ_MUST_CHECK;
/* Delete document 'id'; KZ_ECONFLICT when something still refers to it. */
enum kz_err store_doc_delete(struct store *s, enum doc_kind k,
                             int64_t id) KZ_MUST_CHECK;

/* Record that rule 'rule_id' fired for the incident; *first is false when
 * it had fired before. */
enum kz_err store_conv_fire(struct store *s, int64_t incident_id,
                            int64_t rule_id, kz_time now,
                            bool *first) KZ_MUST_CHECK;
enum kz_err store_summons_insert(struct store *s,
                                 struct summons *x) KZ_MUST_CHECK;
/* The summons whose acknowledgement token has 'digest'. */
enum kz_err store_summons_by_token(struct store *s, const char *digest,
                                   struct summons *out) KZ_MUST_CHECK;
enum kz_err store_summons_get(struct store *s, int64_t id,
                              struct summons *out) KZ_MUST_CHECK;
/* Record the acknowledgement of summons 'id' (only the first counts). */
enum kz_err store_summons_ack(struct store *s, int64_t id, kz_time at,
                              const char *by) KZ_MUST_CHECK;
/* Summonses of one incident, or (incident_id 0) those unacknowledged,
 * not escalated and due at or before 'due_before' (OUT: *out). */
enum kz_err store_summons_list(struct store *s, int64_t incident_id,
                               kz_time due_before,
                               struct summons_list *out) KZ_MUST_CHECK;
/* Mark summons 'id' escalated; KZ_ECONFLICT when it already was or has
 * been acknowledged. */
enum kz_err store_summons_escalated(struct store *s, int64_t id) KZ_MUST_CHECK;

enum kz_err store_outbox_insert(struct store *s,
                                struct outbox_msg *m) KZ_MUST_CHECK;
/* How many messages store_outbox_insert has queued through 's' since it
 * was opened, rolled back or not: a count that moved tells that a
 * transaction may have queued some. */
unsigned long store_outbox_inserts(const struct store *s);
/* Nanoseconds the outermost commits through 's' have spent so far in the
 * engine's pre-commit work (the search index flush; OUT: *flush_ns) and
 * in the COMMIT statement itself (the WAL sync, and SQLite's automatic
 * checkpoints; OUT: *commit_ns).  For the writer's report. */
void store_commit_times(const struct store *s, int64_t *flush_ns,
                        int64_t *commit_ns);
/* Pending messages due at 'now' that no server holds a claim on (at most
 * 'limit'), or (summons_id > 0) every message of one summons (OUT:
 * *out). */
enum kz_err store_outbox_list(struct store *s, int64_t summons_id, kz_time now,
                              int limit, struct outbox_list *out) KZ_MUST_CHECK;
/*
 * Claim for server 'owner' until 'until' at most 'limit' pending messages
 * due at 'now' that no server holds (never claimed, released, or whose
 * claim ran out by 'now': a server that crashed), oldest due first (OUT:
 * *out, each with claimed_by and claim_until set).  Inside a writing
 * transaction; once it commits, no other server claims them before
 * 'until'.  On PostgreSQL the rows another server is claiming at the same
 * moment are skipped (FOR UPDATE SKIP LOCKED), not waited for.
 */
enum kz_err store_outbox_claim(struct store *s, const char *owner, kz_time now,
                               kz_time until, int limit,
                               struct outbox_list *out) KZ_MUST_CHECK;
/* The servers that hold claims now or held them once and did not hand
 * them back (OUT: *out, each name once). */
enum kz_err store_outbox_claimers(struct store *s,
                                  struct strv *out) KZ_MUST_CHECK;
/* Hand back the claims of server 'owner' on messages not yet recorded
 * (a stopping server's queue). */
enum kz_err store_outbox_release(struct store *s,
                                 const char *owner) KZ_MUST_CHECK;
/* Record a delivery attempt of message m->id: status, attempts,
 * next_attempt_at, last_error and sent_at as set in 'm', and the end of
 * its claim.  Only while the message is not recorded as sent and is
 * claimed by m->claimed_by (NULL: by nobody); KZ_ENOTFOUND otherwise
 * (another server took it over, or sent it first). */
enum kz_err store_outbox_update(struct store *s,
                                const struct outbox_msg *m) KZ_MUST_CHECK;

enum kz_err store_task_insert(struct store *s, struct task *t) KZ_MUST_CHECK;
/* Write task t->id if still at 'expected_version'. */
enum kz_err store_task_update(struct store *s, const struct task *t,
                              int64_t expected_version) KZ_MUST_CHECK;
enum kz_err store_task_get(struct store *s, int64_t id,
                           struct task *out) KZ_MUST_CHECK;
/* Tasks of incident 'incident_id' (OUT: *out), in id order; with
 * 'due_before' (not 0) only its open ones due before that time. */
enum kz_err store_task_list(struct store *s, int64_t incident_id,
                            kz_time due_before,
                            struct task_list *out) KZ_MUST_CHECK;

/* Insert link 'l' (sets l->id); KZ_ECONFLICT when the same link exists. */
enum kz_err store_link_insert(struct store *s,
                              struct incident_link *l) KZ_MUST_CHECK;
/* Link 'id' with both refs (OUT: initialised 'out'); KZ_ENOTFOUND. */
enum kz_err store_link_get(struct store *s, int64_t id,
                           struct incident_link *out) KZ_MUST_CHECK;
/* Delete link 'id'; KZ_ENOTFOUND. */
enum kz_err store_link_delete(struct store *s, int64_t id) KZ_MUST_CHECK;
/* Every link from or to incident 'incident_id', oldest first, with both
 * refs (OUT: *out). */
enum kz_err store_link_list(struct store *s, int64_t incident_id,
                            struct link_list *out) KZ_MUST_CHECK;
/* Refs of at most 'limit' incidents other than 'exclude_id' of
 * 'category' discovered between 'from' and 'to' inclusive, nearest ids
 * first (OUT: *out, appended to): the pool possible duplicates are
 * chosen from.  Access is the caller's to check. */
enum kz_err store_link_candidates(struct store *s, int64_t exclude_id,
                                  const char *category, kz_time from,
                                  kz_time to, int limit,
                                  struct strv *out) KZ_MUST_CHECK;

/* Insert evidence item 'ev' (sets ev->id). */
enum kz_err store_evidence_insert(struct store *s,
                                  struct evidence *ev) KZ_MUST_CHECK;
/* Item 'id' (OUT: initialised 'out'); KZ_ENOTFOUND.  Access is the
 * caller's to check, through the item's incident. */
enum kz_err store_evidence_get(struct store *s, int64_t id,
                               struct evidence *out) KZ_MUST_CHECK;
/* The items of incident 'incident_id' in id order, or every item when it
 * is 0 (OUT: *out). */
enum kz_err store_evidence_list(struct store *s, int64_t incident_id,
                                struct evidence_list *out) KZ_MUST_CHECK;
/* Write the state and custody head of item ev->id if its chain still
 * ends at 'expected_count' (KZ_ECONFLICT otherwise, KZ_ENOTFOUND). */
enum kz_err store_evidence_custody_set(struct store *s,
                                       const struct evidence *ev,
                                       int64_t expected_count) KZ_MUST_CHECK;
/* Append custody event 'e' (sets e->id); KZ_ECONFLICT on a taken seq. */
enum kz_err store_custody_insert(struct store *s,
                                 struct custody_event *e) KZ_MUST_CHECK;
/* The custody events of item 'evidence_id', in seq order (OUT: *out). */
enum kz_err store_custody_list(struct store *s, int64_t evidence_id,
                               struct custody_list *out) KZ_MUST_CHECK;

/* A message mail intake took (issue 10 item 4). */
struct mail_record {
    int64_t id;
    char *message_key; /* "<Message-ID>" or "sha256:<hex>" */
    char sha256[65];   /* hex, of the message as received */
    int64_t size;
    kz_time received_at;
    char *sender;
    char *outcome;       /* "new_report", "reply", "ignored" */
    int64_t incident_id; /* 0: none */
    char incident_ref[INCIDENT_REF_LEN];
};
void mail_record_init(struct mail_record *r);
void mail_record_cleanup(struct mail_record *r);
/* Record message 'r' (sets r->id); KZ_ECONFLICT when its key is known. */
enum kz_err store_mail_insert(struct store *s,
                              struct mail_record *r) KZ_MUST_CHECK;
/* The message taken under 'key' with its incident's ref (OUT: initialised
 * 'out'); KZ_ENOTFOUND. */
enum kz_err store_mail_find(struct store *s, const char *key,
                            struct mail_record *out) KZ_MUST_CHECK;
/* Insert observable 'o' (sets o->id); KZ_ECONFLICT when its incident
 * already has the same type and value. */
enum kz_err store_obs_insert(struct store *s,
                             struct observable *o) KZ_MUST_CHECK;
/* Observable 'id' (OUT: initialised 'out'); KZ_ENOTFOUND. */
enum kz_err store_obs_get(struct store *s, int64_t id,
                          struct observable *out) KZ_MUST_CHECK;
/* Write the TLP, flags and note of observable o->id; KZ_ENOTFOUND. */
enum kz_err store_obs_update(struct store *s,
                             const struct observable *o) KZ_MUST_CHECK;
/* Delete observable 'id'; KZ_ENOTFOUND. */
enum kz_err store_obs_delete(struct store *s, int64_t id) KZ_MUST_CHECK;
/* The observables of incident 'incident_id', oldest first, each with
 * seen_in: how many other incidents 'scope' may see carry the same type
 * and value (OUT: *out). */
enum kz_err store_obs_list(struct store *s, int64_t incident_id,
                           const struct store_scope *scope,
                           struct obs_list *out) KZ_MUST_CHECK;
/* The incidents 'scope' may see that carry ('type', 'value'), newest
 * first, at most 'limit' (OUT: *out). */
enum kz_err store_obs_find(struct store *s, enum obs_type type,
                           const char *value, const struct store_scope *scope,
                           int limit, struct obs_hit_list *out) KZ_MUST_CHECK;
/* The observables other incidents 'scope' may see share with incident
 * 'incident_id', grouped by incident, newest incident first, at most
 * 'limit' rows (OUT: *out). */
enum kz_err store_obs_shared(struct store *s, int64_t incident_id,
                             const struct store_scope *scope, int limit,
                             struct obs_hit_list *out) KZ_MUST_CHECK;

/*
 * Alert intake writes through the five calls below, planned by
 * app_alert_ingest (src/app/alerts.c): it finds repeats and groups
 * itself, so that a batch's new alerts go in as a few multi-row inserts
 * (a statement per alert cost a statement journal per alert, the trigger
 * on the alert table making each one a multi-write statement).
 */

/* One alert row as intake writes it; the texts are borrowed. */
struct alert_row {
    int64_t id;
    const char *source;
    const char *source_ref;
    const char *title;
    const char *description; /* NULL: "" for a new row, kept on a repeat */
    const char *severity;    /* NULL: none, kept on a repeat */
    kz_time occurred_at;     /* KZ_TIME_NONE: none, kept on a repeat */
    const char *observables; /* alert_obs_encode; NULL: "" / kept */
    const char *raw;         /* NULL: none, kept on a repeat */
    const char *fingerprint;
    int64_t group_of; /* the group's first alert; 0: its own group */
    int64_t repeat_count;
    kz_time first_seen;
    kz_time last_seen;
};

/* What intake needs to know of a stored alert. */
struct alert_seen {
    int64_t id;
    int64_t group_id; /* its group_of, or its own id */
    enum alert_status status;
    int64_t repeat_count;
    kz_time first_seen;
    kz_time last_seen;
    char fingerprint[ALERT_FP_SIZE];
};

/* The alert of 'source' and 'source_ref' (OUT: *out); KZ_ENOTFOUND. */
enum kz_err store_alert_find(struct store *s, const char *source,
                             const char *source_ref,
                             struct alert_seen *out) KZ_MUST_CHECK;
/* The alert with 'fingerprint' seen last at or after 'since', the
 * highest id among those seen at the same time (OUT: *out);
 * KZ_ENOTFOUND. */
enum kz_err store_alert_latest(struct store *s, const char *fingerprint,
                               kz_time since,
                               struct alert_seen *out) KZ_MUST_CHECK;
/* The id the next alert gets: one above the highest (OUT: *id). */
enum kz_err store_alert_next_id(struct store *s, int64_t *id) KZ_MUST_CHECK;
/* Insert rows[n] as new alerts with their ids, status "new". */
enum kz_err store_alert_insert(struct store *s, const struct alert_row *rows,
                               size_t n) KZ_MUST_CHECK;
/* Count a repeat of alert r->id: its title and last_seen replaced, the
 * other texts, severity, occurred_at and observables replaced where 'r'
 * has them; status, group, fingerprint and first_seen stay.
 * KZ_ENOTFOUND. */
enum kz_err store_alert_repeat(struct store *s,
                               const struct alert_row *r) KZ_MUST_CHECK;
/* Alert 'id' with its description and raw record, and the ref of its
 * incident (OUT: initialised 'out'); KZ_ENOTFOUND. */
enum kz_err store_alert_get(struct store *s, int64_t id,
                            struct alert *out) KZ_MUST_CHECK;
/* Alerts matching 'f', newest first, without description and raw
 * (OUT: *out). */
enum kz_err store_alert_list(struct store *s, const struct alert_filter *f,
                             struct alert_list *out) KZ_MUST_CHECK;
/* Write the status, reason, incident, updated_at and updated_by of alert
 * a->id; KZ_ENOTFOUND. */
enum kz_err store_alert_set_status(struct store *s,
                                   const struct alert *a) KZ_MUST_CHECK;

/*
 * Store item 'it': a new one when it->id is 0 (and, for keyed kinds, no
 * item has its key: then that one is replaced), else item it->id if still
 * at version it->version (KZ_ECONFLICT otherwise).  Sets id and version.
 */
enum kz_err store_item_put(struct store *s, struct item *it) KZ_MUST_CHECK;
/* Items of one kind of one incident, oldest first (OUT: *out). */
enum kz_err store_item_list(struct store *s, int64_t incident_id,
                            enum item_kind k,
                            struct item_list *out) KZ_MUST_CHECK;
/* Item 'id' (OUT: initialised 'out'); KZ_ENOTFOUND. */
enum kz_err store_item_get(struct store *s, int64_t id,
                           struct item *out) KZ_MUST_CHECK;

/* A setting's value (OUT: *value, caller frees); KZ_ENOTFOUND. */
enum kz_err store_setting_get(struct store *s, const char *key,
                              char **value) KZ_MUST_CHECK;
enum kz_err store_setting_set(struct store *s, const char *key,
                              const char *value, kz_time now) KZ_MUST_CHECK;

/* Test seam: make the 'n'-th store call from now fail with KZ_ESTORE
 * (0 turns it off).  Rollbacks never fail. */
/* Record the soonest due time of incident 'incident_id's open duties
 * (KZ_TIME_NONE: none), computed with rules 'rules'; replaces the row. */
enum kz_err store_duty_due_set(struct store *s, int64_t incident_id,
                               kz_time due_at, int64_t rules) KZ_MUST_CHECK;
/* Up to 'limit' incidents of ids above 'after_id' with no row or a row
 * of other rules than 'rules', by id (OUT: 'out';
 * duty_due_stale_cleanup): a walk over every incident in batches, each
 * going on from the last one's out->last_id. */
enum kz_err store_duty_due_stale(struct store *s, int64_t rules,
                                 int64_t after_id, int limit,
                                 struct duty_due_stale *out) KZ_MUST_CHECK;

/* Insert 'f' (OUT: f->id); KZ_ECONFLICT when its account already has a
 * filter of that name, or a default when f->is_default. */
enum kz_err store_filter_insert(struct store *s,
                                struct saved_filter *f) KZ_MUST_CHECK;
/* Write name, query and is_default of filter f->id; KZ_ENOTFOUND when it
 * is not f->account's, KZ_ECONFLICT as for insert. */
enum kz_err store_filter_update(struct store *s,
                                const struct saved_filter *f) KZ_MUST_CHECK;
/* Filter 'id' of 'account' (OUT: 'out'); KZ_ENOTFOUND when there is none
 * of that account. */
enum kz_err store_filter_get(struct store *s, const char *account, int64_t id,
                             struct saved_filter *out) KZ_MUST_CHECK;
/* Delete filter 'id' of 'account'; KZ_ENOTFOUND as for get. */
enum kz_err store_filter_delete(struct store *s, const char *account,
                                int64_t id) KZ_MUST_CHECK;
/* Every filter of 'account', by name (OUT: saved_filter_list_cleanup). */
enum kz_err store_filter_list(struct store *s, const char *account,
                              struct saved_filter_list *out) KZ_MUST_CHECK;
/* Clear the default mark of every filter of 'account'. */
enum kz_err store_filter_clear_default(struct store *s,
                                       const char *account) KZ_MUST_CHECK;

/* What store_backup_to copied: the snapshot's rows and the file. */
struct store_backup_info {
    int64_t pages;     /* database pages copied */
    int64_t bytes;     /* size of the copy's file */
    int64_t incidents; /* rows of the snapshot */
    int64_t chronology;
    int64_t audit;
    int64_t evidence;  /* evidence items */
    char problem[256]; /* the integrity check's first complaint */
};

/*
 * Copy all of 's' into the database file 'path' as one consistent
 * snapshot while other connections and processes go on writing; run the
 * engine's integrity check on the copy and fsync it (OUT: 'info').
 * 'path' is a new empty file the caller made (a temporary name beside
 * the final one; renaming it into place is the caller's).  's' must not
 * be in a transaction.  KZ_EUSAGE when the backend has no such copy
 * (PostgreSQL: pg_dump and pg_basebackup, docs/deploy.md), KZ_EIO when
 * 'path' cannot be written, KZ_EVERIFY when the copy fails its integrity
 * check (info->problem says why), KZ_EBUSY/KZ_ESTORE from the engine.
 * On failure 'path' may hold part of a copy: the caller removes it.
 * Implemented in sqlite_backup.c.
 */
enum kz_err store_backup_to(struct store *s, const char *path,
                            struct store_backup_info *info) KZ_MUST_CHECK;

/* ---- a whole store copied into another (store_copy.c) ------------------ */

/* How the copy of `kizuki migrate` treats a table of the schema. */
enum store_copy_how {
    STORE_COPY_ROWS,    /* every row as it is, keys included */
    STORE_COPY_SEEDED,  /* the schema writes a row of its own: replaced */
    STORE_COPY_INDEX,   /* search documents: the source's replace those the
                           target's triggers made; indexed at commit */
    STORE_COPY_REBUILT, /* not copied: the search index, built from the
                           documents by the target's flush at commit */
    STORE_COPY_OWN      /* not copied: the target's own (schema_version,
                           the sign-in throttle's counts) */
};

struct store_copy_table {
    const char *name;
    enum store_copy_how how;
};

/* The i-th table of the schema, parents before the rows that refer to
 * them; NULL past the last.  The one list of the tables a copy knows. */
const struct store_copy_table *store_copy_table_at(size_t i);
/*
 * Compare the schema of 's' with store_copy_table_at()'s list: KZ_OK when
 * it holds exactly those tables; KZ_ESCHEMA when it holds one the list
 * lacks or lacks one of the list (its name in name[n]).
 */
enum kz_err store_copy_check(struct store *s, char *name,
                             size_t n) KZ_MUST_CHECK;
/* The number of rows of table 't' in 's' (OUT: *n). */
enum kz_err store_copy_count(struct store *s, const struct store_copy_table *t,
                             int64_t *n) KZ_MUST_CHECK;
/* The first table of 's' holding a row, other than the rows the schema
 * writes itself (OUT: *table, NULL when 's' holds none). */
enum kz_err
store_copy_first_filled(struct store *s,
                        const struct store_copy_table **table) KZ_MUST_CHECK;

/* Called after each table is copied, with the rows written. */
typedef void (*store_copy_progress)(void *ctx, const char *table, int64_t rows);

/*
 * Copy every row of 'src' into 'dst' (either engine each, one schema
 * version; 'dst' in a transaction of the caller's, 'src' in a reading
 * one), keys included, so that hash chains and references read
 * the same; the search documents are indexed by the target's flush when
 * the caller commits; PostgreSQL's identity columns go on after the
 * copied ids.  'dst' must be empty (store_copy_first_filled) unless
 * 'replace', which first deletes every row it holds — its chronologies
 * and audit log too.  On failure *at names the table being copied (NULL:
 * none) and 'dst' holds part of a copy: the caller rolls back.  KZ_ESCHEMA
 * when a table's columns differ between the two, store errors as they
 * come.
 */
enum kz_err store_copy(struct store *src, struct store *dst, bool replace,
                       store_copy_progress progress, void *ctx,
                       const struct store_copy_table **at) KZ_MUST_CHECK;

void store_fault_after(struct store *s, long n);

#endif
