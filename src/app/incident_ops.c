/* SPDX-License-Identifier: MIT */
/*
 * incident_ops.c - the use cases that change an incident (see
 * incident_ops.h).  Each owns its transaction: store_begin, the calls,
 * store_commit, or store_rollback at 'out:' on any error.
 */
#include "app/incident_ops.h"

#include <string.h>

#include "core/ref.h"
#include "json/chronology_json.h"
#include "json/incident_json.h"
#include "util/mem.h"

/* Seal an entry with 'body' (OUT: taken, freed here) after 'head' and
 * append it; 'head' advances.  'sealed' (may be NULL) receives a copy. */
static enum kz_err append_entry(struct store *s, const struct incident *inc,
                                struct chron_head *head, enum entry_kind kind,
                                const char *actor, kz_time now, char *body,
                                struct chron_entry *sealed)
{
    struct chron_entry e;

    chron_entry_init(&e);
    e.kind = kind;
    e.actor = xstrdup(actor);
    e.at = now;
    e.body = body;
    chron_seal(inc->ref, &e, head);
    enum kz_err err = store_chron_append(s, inc->id, &e);
    if (err == KZ_OK && sealed != NULL) {
        chron_entry_cleanup(sealed);
        *sealed = e;
        return KZ_OK;
    }
    chron_entry_cleanup(&e);
    return err;
}

enum kz_err app_incident_create(struct store *s, struct incident *inc,
                                const char *actor, kz_time now,
                                struct kz_problems *p)
{
    struct chron_head head;
    int64_t number = 0;
    enum kz_err err;

    if (inc->reported_at == KZ_TIME_NONE)
        inc->reported_at = now;
    inc->phase = PHASE_REPORTED;
    for (int i = 0; i < PHASE_COUNT; i++)
        inc->phase_times[i] = KZ_TIME_NONE;
    inc->phase_times[PHASE_REPORTED] = inc->reported_at;
    inc->version = 1;
    inc->created_at = now;
    inc->updated_at = now;
    xstrset(&inc->created_by, actor);
    err = incident_validate(inc, now, p);
    if (err != KZ_OK)
        return err;

    /* The reference counter lives in the outer transaction and the record
     * in a savepoint: if writing the record fails, the counter still
     * advances and the number is never given to another incident. */
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = store_ref_next(s, timefmt_year(inc->reported_at), &number);
    if (err != KZ_OK || number > REF_NUMBER_MAX) {
        store_rollback(s);
        return err != KZ_OK ? err : KZ_ESTORE;
    }
    ref_format(inc->ref, timefmt_year(inc->reported_at), number);
    err = store_begin(s);
    if (err != KZ_OK)
        goto out;
    chron_head_init(&head);
    err = store_incident_insert(s, inc);
    if (err == KZ_OK)
        err = append_entry(s, inc, &head, ENTRY_PHASE_CHANGE, actor, now,
                           chron_phase_body(PHASE_COUNT, PHASE_REPORTED, NULL),
                           NULL);
    if (err == KZ_OK)
        err = store_commit(s);
    else
        store_rollback(s);
out:
    if (err == KZ_OK)
        return store_commit(s);
    /* Keep the counter's step even though the record failed. */
    if (store_commit(s) != KZ_OK)
        store_rollback(s);
    inc->id = 0;
    inc->ref[0] = '\0';
    return err;
}

/* Write one field_change entry per writable key of 'patch' whose value
 * differs between 'before' and 'after'; *changed counts them. */
static enum kz_err log_field_changes(struct store *s, const json_t *patch,
                                     const struct incident *before,
                                     const struct incident *after,
                                     const char *actor, kz_time now,
                                     int *changed)
{
    struct chron_head head;
    const char *key;
    json_t *v;
    enum kz_err err = store_chron_head(s, after->id, &head);

    *changed = 0;
    json_object_foreach((json_t *)patch, key, v)
    {
        if (err != KZ_OK)
            break;
        if (!incident_json_is_writable(key))
            continue;
        json_t *from = incident_field_to_json(before, key);
        json_t *to = incident_field_to_json(after, key);
        if (!json_equal(from, to)) {
            (*changed)++;
            err = append_entry(s, after, &head, ENTRY_FIELD_CHANGE, actor,
                               now, chron_field_body(key, from, to), NULL);
        }
        json_decref(from);
        json_decref(to);
    }
    return err;
}

enum kz_err app_incident_patch(struct store *s, const char *ref,
                               const json_t *patch, int64_t if_match,
                               const char *actor, kz_time now,
                               struct incident *out, struct kz_problems *p)
{
    struct incident next;
    int changed = 0;
    enum kz_err err;

    if (!json_is_object(patch))
        return KZ_EMALFORMED;
    incident_init(&next);
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = store_incident_get(s, ref, out);
    if (err != KZ_OK)
        goto out;
    if (if_match >= 0 && if_match != out->version) {
        err = KZ_ECONFLICT;
        goto out;
    }
    incident_copy(&next, out);
    err = incident_from_json(patch, INCIDENT_JSON_PATCH, &next, p);
    if (err == KZ_OK)
        err = incident_validate(&next, now, p);
    if (err != KZ_OK)
        goto out;
    next.version = out->version + 1;
    next.updated_at = now;
    err = log_field_changes(s, patch, out, &next, actor, now, &changed);
    /* Nothing changed: no new version and no entries. */
    if (err == KZ_OK && changed == 0) {
        store_rollback(s);
        incident_cleanup(&next);
        return KZ_OK;
    }
    if (err == KZ_OK)
        err = store_incident_update(s, &next, out->version);
    if (err == KZ_OK)
        err = store_commit(s);
    if (err == KZ_OK) {
        incident_copy(out, &next);
        incident_cleanup(&next);
        return KZ_OK;
    }
out:
    store_rollback(s);
    incident_cleanup(&next);
    return err;
}

enum kz_err app_incident_move(struct store *s, const char *ref, enum phase to,
                              const char *reason, const char *actor,
                              kz_time now, struct incident *out,
                              struct kz_problems *p)
{
    struct chron_head head;
    const char *why = NULL;
    enum phase from;
    enum kz_err err = store_begin(s);

    if (err != KZ_OK)
        return err;
    err = store_incident_get(s, ref, out);
    if (err != KZ_OK)
        goto out;
    err = phase_check_move(out, to, reason, &why);
    if (err != KZ_OK) {
        bool about_reason = strcmp(why, "phase.back_reason") == 0 ||
                            strcmp(why, "phase.reopen_reason") == 0 ||
                            strcmp(why, "v.utf8") == 0 ||
                            strcmp(why, "v.text_too_long") == 0;
        kz_problems_add(p, about_reason ? "reason" : "to", why);
        goto out;
    }
    from = out->phase;
    int64_t seen = out->version;
    phase_apply_move(out, to, now);
    out->version = seen + 1;
    out->updated_at = now;
    err = store_incident_update(s, out, seen);
    if (err == KZ_OK)
        err = store_chron_head(s, out->id, &head);
    if (err == KZ_OK)
        err = append_entry(s, out, &head, ENTRY_PHASE_CHANGE, actor, now,
                           chron_phase_body(from, to, reason), NULL);
    if (err == KZ_OK)
        return store_commit(s);
out:
    store_rollback(s);
    return err;
}

enum kz_err app_incident_note(struct store *s, const char *ref,
                              enum entry_kind kind, const char *body,
                              const char *actor, kz_time now,
                              struct chron_entry *out, struct kz_problems *p)
{
    struct incident inc;
    struct chron_head head;
    enum kz_err err = chron_validate_manual(kind, body, p);

    if (err != KZ_OK)
        return err;
    incident_init(&inc);
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = store_incident_get(s, ref, &inc);
    if (err == KZ_OK)
        err = store_chron_head(s, inc.id, &head);
    if (err == KZ_OK)
        err = append_entry(s, &inc, &head, kind, actor, now, xstrdup(body),
                           out);
    if (err == KZ_OK)
        err = store_commit(s);
    else
        store_rollback(s);
    incident_cleanup(&inc);
    return err;
}
