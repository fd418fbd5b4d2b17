/* SPDX-License-Identifier: MIT */
/*
 * observables.h - the use cases of observables (indicators) on incidents:
 * add one or several, list them with "seen in N other incidents", change
 * their TLP and flags, remove one, find where a value was seen, list the
 * incidents related by shared observables, and extract candidates from
 * pasted text.
 *
 * Need-to-know: other incidents are counted and named only when the
 * actor may see them, and that rule is applied in the store's query
 * (store_scope), never by filtering afterwards.  Every addition and
 * removal is written in the incident's chronology and in the audit log in
 * the same transaction; a change of TLP or flags in the audit log.
 */
#ifndef KZ_APP_OBSERVABLES_H
#define KZ_APP_OBSERVABLES_H

#include "app/app.h"
#include "core/observable.h"
#include "store/store.h"

/* Flags of observables_add_in_tx. */
enum {
    /* Name problems "items[i].field" (a batch) rather than "field". */
    OBS_ADD_BATCH = 1u << 0,
    /* A value the incident already holds (or given twice) is skipped,
     * not a conflict: carrying alerts' observables into an incident. */
    OBS_ADD_SKIP_EXISTING = 1u << 1,
};

/* At most this many observables in one request. */
#define OBS_BATCH_MAX 1000

/* An incident related to another by the observables they share. */
struct obs_related {
    char ref[INCIDENT_REF_LEN];
    char *title;
    enum phase phase;
    struct obs_list shared; /* the observables as held by that incident */
};

struct obs_related_list {
    struct obs_related *items;
    size_t n;
};

/* At most this many related incidents are listed. */
#define OBS_RELATED_MAX 50

void obs_related_list_cleanup(struct obs_related_list *l);

/*
 * Check and normalise 'in' into 'out' (initialised; its incident, author
 * and time are left for the caller).  KZ_EINVAL with the problems named
 * "type" (obs.type), "value" (obs.bad_…, obs.empty, obs.too_long), "tlp"
 * (obs.tlp) or "note" (v.too_long, v.control) in 'p' — or
 * "items[index].…" when 'batch'.  No store access: alert intake uses it
 * to refuse a bad observable before anything is written.
 */
enum kz_err observables_check(const struct obs_input *in, bool batch,
                              size_t index, struct observable *out,
                              struct kz_problems *p) KZ_MUST_CHECK;

/*
 * Add the 'n' observables 'in' to incident 'inc' (loaded by the caller,
 * who has checked that the actor may change it) in the caller's
 * transaction (a savepoint here: all or nothing), with one chronology
 * line and one audit entry for them all.  'flags': OBS_ADD_*.  On KZ_OK
 * *out (may be NULL) receives the observables added, in order.  KZ_EINVAL
 * (observables_check, or more than OBS_BATCH_MAX) and KZ_ECONFLICT
 * (obs.exists: the incident has it, or it is given twice) set *bad (may
 * be NULL) to the index of the first offending input; nothing is written
 * then.
 */
enum kz_err observables_add_in_tx(struct store *s, const struct app_ctx *ctx,
                                  const struct incident *inc,
                                  const struct obs_input *in, size_t n,
                                  unsigned flags, struct obs_list *out,
                                  size_t *bad,
                                  struct kz_problems *p) KZ_MUST_CHECK;

/* observables_add_in_tx on incident 'ref', which the actor must be
 * allowed to change (KZ_ENOTFOUND, KZ_EFORBID), in its own transaction. */
enum kz_err app_obs_add(struct store *s, const struct app_ctx *ctx,
                        const char *ref, const struct obs_input *in, size_t n,
                        unsigned flags, struct obs_list *out, size_t *bad,
                        struct kz_problems *p) KZ_MUST_CHECK;

/* The observables of 'ref', oldest first, with seen_in (OUT: *out). */
enum kz_err app_obs_list(struct store *s, const struct app_ctx *ctx,
                         const char *ref, struct obs_list *out) KZ_MUST_CHECK;

/* A change of one observable: only the fields whose set_ flag is true. */
struct obs_change {
    bool set_tlp, set_ioc, set_sighted, set_note;
    const char *tlp;
    bool ioc, sighted;
    const char *note; /* NULL or "": remove the note */
};

/*
 * Apply 'c' to observable 'id' of 'ref' and audit it.  On KZ_OK *out
 * (initialised; may be NULL) is the observable as stored.  KZ_ENOTFOUND
 * (no such observable on 'ref'), KZ_EFORBID, KZ_EINVAL ("tlp", "note").
 */
enum kz_err app_obs_update(struct store *s, const struct app_ctx *ctx,
                           const char *ref, int64_t id,
                           const struct obs_change *c, struct observable *out,
                           struct kz_problems *p) KZ_MUST_CHECK;

/* Remove observable 'id' of 'ref', recorded in its chronology and the
 * audit log.  KZ_ENOTFOUND, KZ_EFORBID. */
enum kz_err app_obs_remove(struct store *s, const struct app_ctx *ctx,
                           const char *ref, int64_t id) KZ_MUST_CHECK;

/*
 * Where ('type_key', 'value') was seen: the incidents the actor may see
 * that carry it, newest first, at most 'limit' (OUT: *out).  The value is
 * normalised as on adding, so "Evil.Example." finds "evil.example".
 * KZ_EINVAL ("type", "value") when it does not parse.
 */
enum kz_err app_obs_find(struct store *s, const struct app_ctx *ctx,
                         const char *type_key, const char *value, int limit,
                         struct obs_hit_list *out,
                         struct kz_problems *p) KZ_MUST_CHECK;

/* The incidents the actor may see that share observables with 'ref',
 * most shared first, at most OBS_RELATED_MAX (OUT: *out). */
enum kz_err app_obs_related(struct store *s, const struct app_ctx *ctx,
                            const char *ref,
                            struct obs_related_list *out) KZ_MUST_CHECK;

/* A candidate found in pasted text, and what the incident knows of it. */
struct obs_found {
    struct obs_candidate c;
    bool known;  /* the incident already holds it */
    int seen_in; /* other incidents the actor may see that hold it */
};

struct obs_found_list {
    struct obs_found *items;
    size_t n;
};

void obs_found_list_cleanup(struct obs_found_list *l);

/* The candidates of 'text' for incident 'ref' (obs_extract), each with
 * whether the incident holds it already (OUT: *out).  Nothing is stored. */
enum kz_err app_obs_extract(struct store *s, const struct app_ctx *ctx,
                            const char *ref, const char *text,
                            struct obs_found_list *out) KZ_MUST_CHECK;

#endif
