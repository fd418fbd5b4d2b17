/* SPDX-License-Identifier: MIT */
/*
 * migrate.c - `kizuki migrate` (see migrate.h): both stores opened, the
 * target checked empty, the copy (store/store_copy.c), the counts and the
 * target's verification, all in one transaction on the target.
 */
#include "app/migrate.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/evidence_verify.h"

/* The file a SQLite address names ("sqlite:FILE" or FILE). */
static const char *file_of(const char *db)
{
    return strncmp(db, "sqlite:", 7) == 0 ? db + 7 : db;
}

/* Do 'a' and 'b' name one database?  Files by what they resolve to (a
 * target that does not exist yet is another file); URIs as written. */
static bool same_database(const char *a, const char *b)
{
    if (store_is_postgres(a) || store_is_postgres(b))
        return strcmp(a, b) == 0;
    char ra[PATH_MAX], rb[PATH_MAX];
    if (realpath(file_of(a), ra) == NULL || realpath(file_of(b), rb) == NULL)
        return false;
    return strcmp(ra, rb) == 0;
}

static enum kz_err refuse(struct migrate_out *out, enum kz_err err,
                          const char *key, const char *what)
{
    out->msg_key = key;
    snprintf(out->what, sizeof(out->what), "%s", what);
    return err;
}

/* Both schemas against the copy's list of tables. */
static enum kz_err check_schemas(struct store *src, struct store *dst,
                                 struct migrate_out *out)
{
    char name[128];
    enum kz_err err = store_copy_check(src, name, sizeof(name));

    if (err == KZ_OK)
        err = store_copy_check(dst, name, sizeof(name));
    if (err == KZ_ESCHEMA)
        return refuse(out, err, "migrate.unknown_table", name);
    if (err == KZ_OK && store_schema_version(src) != store_schema_version(dst))
        return refuse(out, KZ_ESCHEMA, "migrate.schema", "");
    out->schema = store_schema_version(dst);
    return err;
}

/* Every table's rows on both sides, in the one transaction of each; a
 * difference is a failed migration (KZ_EVERIFY, the table named). */
static enum kz_err compare_counts(struct store *src, struct store *dst,
                                  struct migrate_out *out)
{
    enum kz_err err = KZ_OK;
    const struct store_copy_table *t;

    out->ntables = 0;
    for (size_t i = 0; err == KZ_OK && (t = store_copy_table_at(i)) != NULL &&
                       out->ntables < MIGRATE_TABLES_MAX;
         i++) {
        struct migrate_table *m = &out->tables[out->ntables++];
        m->name = t->name;
        m->compared = t->how == STORE_COPY_ROWS ||
                      t->how == STORE_COPY_SEEDED || t->how == STORE_COPY_INDEX;
        if (!m->compared)
            continue;
        err = store_copy_count(src, t, &m->source);
        if (err == KZ_OK)
            err = store_copy_count(dst, t, &m->target);
        if (err == KZ_OK && m->source != m->target)
            err = refuse(out, KZ_EVERIFY, "migrate.count_differs", t->name);
    }
    return err;
}

/* The target as `kizuki verify` sees it, from inside the copy's
 * transaction (app_verify's reading transaction nests as a savepoint). */
static enum kz_err verify_target(struct store *dst, const char *evidence_dir,
                                 struct migrate_out *out)
{
    enum kz_err err = app_verify(dst, NULL, &out->verify);

    if (err == KZ_OK || err == KZ_EVERIFY) {
        enum kz_err e2 = app_evidence_verify(dst, evidence_dir, &out->verify);
        if (e2 != KZ_OK && (e2 != KZ_EVERIFY || err == KZ_OK))
            err = e2;
    }
    if (err == KZ_EVERIFY)
        return refuse(out, err, "migrate.verify_failed", "");
    return err;
}

static enum kz_err copy_all(const struct migrate_in *in, struct store *src,
                            struct store *dst, struct migrate_out *out)
{
    const struct store_copy_table *at = NULL;
    enum kz_err err = store_begin_read(src);

    if (err != KZ_OK)
        return refuse(out, err, "migrate.read_failed", in->from);
    err = store_begin(dst);
    if (err != KZ_OK) {
        store_rollback(src);
        return refuse(out, err, "migrate.write_failed", in->to);
    }
    err = store_copy(src, dst, in->force, in->progress, in->ctx, &at);
    if (err != KZ_OK)
        refuse(out, err, "migrate.copy_failed", at != NULL ? at->name : "");
    if (err == KZ_OK)
        err = compare_counts(src, dst, out);
    if (err == KZ_OK)
        err = verify_target(dst, in->evidence_dir, out);
    store_rollback(src);
    if (err != KZ_OK) {
        store_rollback(dst);
        return err;
    }
    /* The search documents are indexed here, by the target's flush. */
    err = store_commit(dst);
    if (err != KZ_OK)
        return refuse(out, err, "migrate.write_failed", in->to);
    return KZ_OK;
}

enum kz_err app_migrate(const struct migrate_in *in, struct migrate_out *out)
{
    struct store *src = NULL, *dst = NULL;
    const struct store_copy_table *filled = NULL;
    enum kz_err err;

    memset(out, 0, sizeof(*out));
    if (same_database(in->from, in->to))
        return refuse(out, KZ_EUSAGE, "migrate.same", in->to);
    err = store_open(in->from, STORE_OPEN_EXISTING, &src);
    if (err != KZ_OK)
        return refuse(out, err,
                      err == KZ_ENOTFOUND ? "migrate.no_source" : NULL,
                      in->from);
    err = store_open(in->to, STORE_OPEN_CREATE, &dst);
    /* Not even created: no such directory, or no permission. */
    if (err == KZ_ENOTFOUND)
        err = KZ_EIO;
    if (err != KZ_OK) {
        refuse(out, err, NULL, in->to);
        goto out;
    }
    err = check_schemas(src, dst, out);
    if (err == KZ_OK)
        err = store_copy_first_filled(dst, &filled);
    if (err == KZ_OK && filled != NULL && !in->force)
        err = refuse(out, KZ_ECONFLICT, "migrate.not_empty", filled->name);
    if (err == KZ_OK)
        err = copy_all(in, src, dst, out);
out:
    store_close(dst);
    store_close(src);
    return err;
}
