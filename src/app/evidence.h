/* SPDX-License-Identifier: MIT */
/*
 * evidence.h - the use cases of evidence (証拠保全, SPEC C6): add an item
 * (uploaded bytes, a file descriptor, a buffer, or a thing recorded
 * without content), list and read items, open an item's bytes for
 * download after re-hashing them, and record custody events.
 *
 * An item belongs to an incident and is exactly as visible as it: whoever
 * may not see the incident gets KZ_ENOTFOUND for its items, as if they
 * did not exist.  Who may change the incident (ACT_INCIDENT_UPDATE) may
 * add items and record custody; who may read it may list and download.
 * Every change writes a line in the incident's chronology and an audit
 * entry in the same transaction; every download is audited.
 *
 * 'dir' is the evidence directory (app_evidence_dir), where store/blob.c
 * keeps the bytes.
 */
#ifndef KZ_APP_EVIDENCE_H
#define KZ_APP_EVIDENCE_H

#include "app/app.h"
#include "core/evidence.h"
#include "store/blob.h"
#include "store/store.h"

/* The default limit of one item's size: 2 GiB. */
#define EVIDENCE_MAX_BYTES_DEFAULT ((uint64_t)2 << 30)

/* What a person (or mail intake) says of a new item; every field may be
 * NULL.  Texts are as received: checked and sanitised here. */
struct evidence_input {
    const char *name; /* the file's name; NULL: "evidence" */
    const char *description;
    const char *location;    /* where the thing is kept */
    const char *acquired_at; /* time text (timefmt); NULL: now */
    const char *acquired_by; /* NULL: the actor */
};

/* What a person says of a custody event. */
struct custody_input {
    const char *action; /* a key of custody_action_from_key */
    const char *from;   /* NULL: whoever received the item last */
    const char *to;
    const char *at; /* time text; NULL: now */
    const char *location;
    const char *reason;
};

/* The evidence directory of database file 'db' into out[n]. */
bool app_evidence_dir(const char *db, char *out, size_t n);

/* At a server's start: remove the uploads of 'dir' that were abandoned
 * (untouched for a day: blob_sweep_tmp). */
enum kz_err app_evidence_sweep(const char *dir, kz_time now) KZ_MUST_CHECK;

/* Check 'in' as app_evidence_add_stored would, before any byte is
 * stored; KZ_EINVAL with the fields named in 'p'. */
enum kz_err app_evidence_check(const struct evidence_input *in, kz_time now,
                               struct kz_problems *p) KZ_MUST_CHECK;

/*
 * Add an item to incident 'ref' whose bytes are already in the store
 * ('info', from blob_finish), or one without content ('info' NULL: then
 * in->name is required).  Runs in its own (nested) transaction inside the
 * caller's.  On KZ_OK *out (initialised by the caller) is the item.
 * KZ_EINVAL (p), KZ_ENOTFOUND, KZ_EFORBID.  The stored bytes are left
 * in place on failure: another item may hold the same ones, and
 * verification reports unreferenced files.
 */
enum kz_err app_evidence_add_stored(struct store *s, const struct app_ctx *ctx,
                                    const char *ref,
                                    const struct evidence_input *in,
                                    const struct blob_info *info,
                                    struct evidence *out,
                                    struct kz_problems *p) KZ_MUST_CHECK;

/*
 * Add the bytes read from 'fd' (to its end) as an item of incident 'ref':
 * stored under 'dir' (fsynced and renamed) before the row is written in
 * the caller's transaction (a writer job or the CLI's store).  For mail
 * intake: the original .eml and its attachments.  Errors as
 * app_evidence_add_stored, plus KZ_ETOOBIG over
 * EVIDENCE_MAX_BYTES_DEFAULT and KZ_EIO.  'fd' stays the caller's.
 */
enum kz_err app_evidence_add_from_fd(struct store *s, const struct app_ctx *ctx,
                                     const char *dir, const char *ref, int fd,
                                     const struct evidence_input *in,
                                     struct evidence *out,
                                     struct kz_problems *p) KZ_MUST_CHECK;
/* The same for 'len' bytes at 'data'. */
enum kz_err app_evidence_add_from_buffer(struct store *s,
                                         const struct app_ctx *ctx,
                                         const char *dir, const char *ref,
                                         const void *data, size_t len,
                                         const struct evidence_input *in,
                                         struct evidence *out,
                                         struct kz_problems *p) KZ_MUST_CHECK;

/* The items of incident 'ref' (OUT: *out). */
enum kz_err app_evidence_list(struct store *s, const struct app_ctx *ctx,
                              const char *ref,
                              struct evidence_list *out) KZ_MUST_CHECK;
/* Item 'id' (OUT: initialised *out) and, when 'events' is not NULL, its
 * custody events (OUT).  KZ_ENOTFOUND also when its incident is hidden. */
enum kz_err app_evidence_get(struct store *s, const struct app_ctx *ctx,
                             int64_t id, struct evidence *out,
                             struct custody_list *events) KZ_MUST_CHECK;

/*
 * Open the bytes of item 'id' for download: they are re-hashed first.
 * On KZ_OK *fd (the caller's, at offset 0) and *out (initialised by the
 * caller); the download is audited ("evidence.download").  Bytes that no
 * longer have the item's hash, or are gone, are refused with
 * KZ_ECONFLICT and *why "ev.tampered" or "ev.missing", and that is
 * audited ("evidence.tampered"); an item without content is
 * KZ_ENOTFOUND with *why "ev.no_content".
 */
enum kz_err app_evidence_open(struct store *s, const struct app_ctx *ctx,
                              const char *dir, int64_t id, struct evidence *out,
                              int *fd, const char **why) KZ_MUST_CHECK;

/*
 * Record a custody event of item 'id'.  KZ_EINVAL (p: "action"
 * ev.action, "at" v.time, "to" v.required, texts), KZ_ENOTFOUND,
 * KZ_EFORBID, KZ_ECONFLICT (p: "action" with the rule broken,
 * custody_check).  On KZ_OK *out (initialised by the caller) is the
 * sealed event.
 */
enum kz_err app_evidence_custody_add(struct store *s, const struct app_ctx *ctx,
                                     int64_t id, const struct custody_input *in,
                                     struct custody_event *out,
                                     struct kz_problems *p) KZ_MUST_CHECK;

#endif
