/* SPDX-License-Identifier: MIT */
/*
 * evidence_verify.c - verification of evidence (see evidence_verify.h).
 */
#include "app/evidence_verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/blob.h"
#include "util/mem.h"

static void add_break(struct verify_result *r, const char *ref, int64_t seq,
                      const char *what_key, const char *expected,
                      const char *found)
{
    struct chron_break b;

    memset(&b, 0, sizeof(b));
    snprintf(b.ref, sizeof(b.ref), "%s", ref);
    b.seq = seq;
    b.what_key = what_key;
    snprintf(b.expected, sizeof(b.expected), "%s", expected);
    snprintf(b.found, sizeof(b.found), "%s", found);
    r->broken_total++;
    if (r->nbroken < VERIFY_BREAKS_MAX)
        r->broken[r->nbroken++] = b;
}

/* The custody chain of 'ev': false after reporting its first break. */
static enum kz_err check_custody(struct store *s, const struct evidence *ev,
                                 struct verify_result *r, bool *ok)
{
    struct custody_list l = {0};
    char prev[HASH_HEX_SIZE];
    enum kz_err err = store_custody_list(s, ev->id, &l);

    *ok = true;
    memcpy(prev, hashchain_genesis, HASH_HEX_SIZE);
    for (size_t i = 0; err == KZ_OK && i < l.n && *ok; i++) {
        const struct custody_event *e = &l.items[i];
        r->checked++;
        if (e->seq != (int64_t)i + 1 || !custody_verify(e, prev, ev->sha256)) {
            char computed[HASH_HEX_SIZE];
            struct custody_event copy = *e;
            custody_seal(&copy, prev, ev->sha256);
            memcpy(computed, copy.hash, HASH_HEX_SIZE);
            add_break(r, ev->ref, ev->id, "verify.custody_broken", computed,
                      e->hash);
            *ok = false;
        }
        memcpy(prev, e->hash, HASH_HEX_SIZE);
    }
    if (err == KZ_OK && *ok &&
        ((int64_t)l.n != ev->custody_count ||
         strcmp(prev, ev->custody_head) != 0)) {
        add_break(r, ev->ref, ev->id, "verify.custody_broken", prev,
                  ev->custody_head);
        *ok = false;
    }
    custody_list_cleanup(&l);
    return err;
}

/* The stored file of 'ev', re-hashed. */
static bool check_file(const char *dir, const struct evidence *ev,
                       struct verify_result *r)
{
    struct blob_info found;
    int fd = -1;
    enum kz_err err = blob_open_checked(dir, ev->sha256, &fd, &found);

    if (fd >= 0)
        close(fd);
    if (err == KZ_ENOTFOUND) {
        add_break(r, ev->ref, ev->id, "verify.evidence_missing", ev->sha256,
                  "");
        return false;
    }
    if (err != KZ_OK || strcmp(found.sha256, ev->sha256) != 0 ||
        found.size != (uint64_t)ev->size) {
        add_break(r, ev->ref, ev->id, "verify.evidence_changed", ev->sha256,
                  found.sha256);
        return false;
    }
    return true;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

enum kz_err app_evidence_verify(struct store *s, const char *dir,
                                struct verify_result *r)
{
    struct evidence_list l = {0};
    struct strv files = {0};
    bool all = true;
    enum kz_err err = store_evidence_list(s, 0, &l);

    for (size_t i = 0; err == KZ_OK && i < l.n; i++) {
        bool ok = true;
        err = check_custody(s, &l.items[i], r, &ok);
        all = all && ok;
        if (err == KZ_OK && l.items[i].has_content) {
            r->checked++;
            all = check_file(dir, &l.items[i], r) && all;
        }
    }
    if (err == KZ_OK)
        err = blob_list(dir, &files);
    /* A file no item names: left by an item whose transaction failed
     * after its file was stored, or put there behind kizuki's back. */
    const char **known = xcalloc(l.n + 1, sizeof(*known));
    size_t nknown = 0;
    for (size_t i = 0; i < l.n; i++) {
        if (l.items[i].has_content)
            known[nknown++] = l.items[i].sha256;
    }
    if (nknown > 1)
        qsort(known, nknown, sizeof(*known), cmp_str);
    for (size_t i = 0; err == KZ_OK && i < files.n; i++) {
        const char *key = files.v[i];
        if (bsearch(&key, known, nknown, sizeof(*known), cmp_str) == NULL) {
            add_break(r, "evidence", 0, "verify.evidence_unreferenced", "",
                      files.v[i]);
            all = false;
        }
    }
    xfree(known);
    strv_cleanup(&files);
    evidence_list_cleanup(&l);
    if (err != KZ_OK)
        return err;
    return all ? KZ_OK : KZ_EVERIFY;
}
