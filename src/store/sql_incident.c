/* SPDX-License-Identifier: MIT */
/*
 * sql_incident.c - incident rows, written once for every engine:
 * reference counters, insert, optimistic update, load, and the listing's
 * filters, need-to-know, paging and sorts (the same rows in the same
 * order on SQLite and PostgreSQL).  Only the list's q with words goes
 * through the engine's search index (store_ops.list_q, search_match).
 */
#include "store/sql_incident.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/ref.h"
#include "util/mem.h"

/* ---- reference numbers -------------------------------------------------- */

/*
 * SQLite: the counter is bumped and then read back, both inside one
 * transaction so that no other writer can step in between.  A single
 * statement with RETURNING would do both, but SQLite runs a RETURNING
 * statement through an ephemeral table that it creates and frees on every
 * call, which made this step twenty times slower than the insert of the
 * incident itself.
 *
 * PostgreSQL: one upsert that returns the number.  Its row lock on the
 * year's counter is held until the caller's transaction ends, so a second
 * server taking a number waits and then gets the next one; a transaction
 * that rolls back gives its number back (the counter's change is undone),
 * so numbers are neither duplicated nor skipped.  Outside a transaction
 * the statement commits by itself, as SQLite's pair does.
 */
static const char sql_ref_bump[] =
    "INSERT INTO ref_counter(year, last) VALUES (?1, 1)"
    " ON CONFLICT(year) DO UPDATE SET last = last + 1";
static const char sql_ref_read[] =
    "SELECT last FROM ref_counter WHERE year = ?1";
static const char sql_ref_bump_returning[] =
    "INSERT INTO ref_counter(year, last) VALUES (?1, 1)"
    " ON CONFLICT(year) DO UPDATE SET last = ref_counter.last + 1"
    " RETURNING last";
static const char sql_ref_begin[] = "BEGIN IMMEDIATE";
static const char sql_ref_commit[] = "COMMIT";
static const char sql_ref_rollback[] = "ROLLBACK";

/* Run 'sql' (bound: ?1 the year) and read the number of its one row. */
static enum kz_err ref_read(struct db *d, const char *sql, int year,
                            int64_t *number)
{
    struct db_stmt *st = db_stmt(d, sql);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, year);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW)
        *number = db_col_int64(st, 0);
    enum kz_err err = sql_lookup_end(st, rc);
    /* No row: the row just written is missing. */
    return err == KZ_ENOTFOUND ? KZ_ESTORE : err;
}

static enum kz_err ref_bump_and_read(struct db *d, int year, int64_t *number)
{
    struct db_stmt *st = db_stmt(d, sql_ref_bump);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, year);
    enum kz_err err = sql_exec(st);
    return err == KZ_OK ? ref_read(d, sql_ref_read, year, number) : err;
}

enum kz_err sql_ref_next(struct store *s, int year, int64_t *number)
{
    struct db *d = s->db;

    if (db_dialect(d) == DB_POSTGRES)
        return ref_read(d, sql_ref_bump_returning, year, number);
    if (db_in_transaction(d))
        return ref_bump_and_read(d, year, number);
    /* Called outside a transaction: make the two statements one, and
     * commit the step at once as the single statement did. */
    enum kz_err err = sql_exec_text(d, sql_ref_begin);
    if (err != KZ_OK)
        return err;
    err = ref_bump_and_read(d, year, number);
    if (err == KZ_OK)
        err = sql_exec_text(d, sql_ref_commit);
    if (err != KZ_OK && db_in_transaction(d))
        (void)sql_exec_text(d, sql_ref_rollback);
    return err;
}

/* ---- the record ---------------------------------------------------------- */

static char *encode_phase_times(const struct incident *inc)
{
    json_t *o = json_object();

    for (int p = 0; p < PHASE_COUNT; p++) {
        if (inc->phase_times[p] != KZ_TIME_NONE)
            json_object_set_new(o, phase_key((enum phase)p),
                                json_integer(inc->phase_times[p]));
    }
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return text;
}

static void decode_phase_times(const char *text, struct incident *inc)
{
    json_t *o =
        text && strcmp(text, "{}") != 0 ? json_loads(text, 0, NULL) : NULL;
    const char *key;
    json_t *v;
    enum phase p;

    json_object_foreach(o, key, v)
    {
        if (phase_from_key(key, &p) && json_is_integer(v))
            inc->phase_times[p] = json_integer_value(v);
    }
    json_decref(o);
}

static char *encode_info_types(const struct incident *inc)
{
    json_t *a = json_array();

    for (size_t i = 0; i < inc->n_info_types; i++) {
        const struct info_count *ic = &inc->info_types[i];
        json_array_append_new(a, json_pack("[s, o]", ic->type,
                                           ic->count == COUNT_UNKNOWN
                                               ? json_null()
                                               : json_integer(ic->count)));
    }
    char *text = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    return text;
}

static void decode_info_types(const char *text, struct incident *inc)
{
    json_t *a =
        text && strcmp(text, "[]") != 0 ? json_loads(text, 0, NULL) : NULL;
    size_t i;
    json_t *v;

    json_array_foreach(a, i, v)
    {
        json_t *type = json_array_get(v, 0);
        json_t *count = json_array_get(v, 1);
        if (json_is_string(type))
            incident_add_info_type(inc, json_string_value(type),
                                   json_is_integer(count)
                                       ? json_integer_value(count)
                                       : COUNT_UNKNOWN);
    }
    json_decref(a);
}

/* The members of "trigger_at", in the order of enum trigger. */
static const char *const trigger_names[TRIGGER_COUNT] = {
    "appi", "mynumber", "gdpr_authority", "gdpr_subjects", "nis2"};

/* Members of the reporting object set only when they differ from what an
 * absent member reads back as (false, 0, "not known"): every read of a
 * record parses this object, and most records carry few of its facts. */
static void set_true(json_t *o, const char *key, bool v)
{
    if (v)
        json_object_set_new(o, key, json_true());
}

static void set_int(json_t *o, const char *key, long long v, long long none)
{
    if (v != none)
        json_object_set_new(o, key, json_integer(v));
}

static void set_text(json_t *o, const char *key, const char *v)
{
    if (v != NULL)
        json_object_set_new(o, key, json_string(v));
}

static void set_list(json_t *o, const char *key, const struct strv *l)
{
    if (l->n > 0)
        json_object_set_new(o, key, store_strv_to_json(l));
}

/* The reporting-duty fields, kept together as one JSON object.  Issue 9
 * added members; a record written before has none of them, which reads
 * back as "not judged", "not known" and false. */
static char *encode_reporting(const struct incident *inc)
{
    json_t *o = json_object();

    set_int(o, "aware_at", inc->aware_at, KZ_TIME_NONE);
    set_true(o, "possible_leak", inc->possible_leak);
    set_true(o, "encrypted", inc->encrypted);
    set_true(o, "improper_purpose", inc->improper_purpose);
    set_true(o, "eu_data_subjects", inc->eu_data_subjects);
    set_int(o, "social_responsibility", inc->social_responsibility, 0);
    set_int(o, "response_evaluation", inc->response_evaluation, 0);
    set_int(o, "materiality_determined_at", inc->materiality_determined_at,
            KZ_TIME_NONE);
    set_text(o, "cause", inc->cause);
    set_true(o, "improper_purpose_manual", inc->improper_purpose_manual);
    set_text(o, "improper_purpose_reason", inc->improper_purpose_reason);
    set_int(o, "affected_persons_max", inc->affected_persons_max,
            COUNT_UNKNOWN);
    set_true(o, "mynumber_system", inc->mynumber_system);
    set_true(o, "publicly_viewable", inc->publicly_viewable);
    set_true(o, "nis2_disruption", inc->nis2_disruption);
    set_true(o, "nis2_damage_others", inc->nis2_damage_others);
    json_t *met = json_object();
    for (int t = 0; t < TRIGGER_COUNT; t++)
        set_int(met, trigger_names[t], inc->trigger_at[t], KZ_TIME_NONE);
    if (json_object_size(met) > 0)
        json_object_set(o, "trigger_at", met);
    json_decref(met);
    set_list(o, "leak_kinds", &inc->leak_kinds);
    set_list(o, "leak_indicators", &inc->leak_indicators);
    char *text = json_object_size(o) == 0
                     ? xstrdup("{}")
                     : json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return text;
}

static void decode_reporting(const char *text, struct incident *inc)
{
    json_t *o =
        text && strcmp(text, "{}") != 0 ? json_loads(text, 0, NULL) : NULL;
    json_t *v;

    v = json_object_get(o, "aware_at");
    inc->aware_at = json_is_integer(v) ? json_integer_value(v) : KZ_TIME_NONE;
    inc->possible_leak = json_is_true(json_object_get(o, "possible_leak"));
    inc->encrypted = json_is_true(json_object_get(o, "encrypted"));
    inc->improper_purpose =
        json_is_true(json_object_get(o, "improper_purpose"));
    inc->eu_data_subjects =
        json_is_true(json_object_get(o, "eu_data_subjects"));
    inc->social_responsibility =
        (int)json_integer_value(json_object_get(o, "social_responsibility"));
    inc->response_evaluation =
        (int)json_integer_value(json_object_get(o, "response_evaluation"));
    v = json_object_get(o, "cause");
    xstrset(&inc->cause, json_is_string(v) ? json_string_value(v) : NULL);
    v = json_object_get(o, "materiality_determined_at");
    inc->materiality_determined_at =
        json_is_integer(v) ? json_integer_value(v) : KZ_TIME_NONE;
    inc->improper_purpose_manual =
        json_is_true(json_object_get(o, "improper_purpose_manual"));
    v = json_object_get(o, "improper_purpose_reason");
    xstrset(&inc->improper_purpose_reason,
            json_is_string(v) ? json_string_value(v) : NULL);
    v = json_object_get(o, "affected_persons_max");
    inc->affected_persons_max =
        json_is_integer(v) ? json_integer_value(v) : COUNT_UNKNOWN;
    inc->mynumber_system = json_is_true(json_object_get(o, "mynumber_system"));
    inc->publicly_viewable =
        json_is_true(json_object_get(o, "publicly_viewable"));
    inc->nis2_disruption = json_is_true(json_object_get(o, "nis2_disruption"));
    inc->nis2_damage_others =
        json_is_true(json_object_get(o, "nis2_damage_others"));
    for (int t = 0; t < TRIGGER_COUNT; t++) {
        v = json_object_get(json_object_get(o, "trigger_at"), trigger_names[t]);
        inc->trigger_at[t] =
            json_is_integer(v) ? json_integer_value(v) : KZ_TIME_NONE;
    }
    store_strv_from_json(json_object_get(o, "leak_kinds"), &inc->leak_kinds);
    store_strv_from_json(json_object_get(o, "leak_indicators"),
                         &inc->leak_indicators);
    json_decref(o);
}

static bool is_manual(const char *source)
{
    return source != NULL && strcmp(source, "manual") == 0;
}

void sql_incident_read(struct db_stmt *st, struct incident *inc)
{
    incident_cleanup(inc);
    inc->id = db_col_int64(st, 0);
    snprintf(inc->ref, sizeof(inc->ref), "%s",
             db_col_text(st, 1) ? db_col_text(st, 1) : "");
    inc->title = sql_col_text(st, 2);
    inc->description = sql_col_text(st, 3);
    if (!kind_from_key(db_col_text(st, 4), &inc->kind))
        inc->kind = KIND_INCIDENT;
    inc->category = sql_col_text(st, 5);
    if (!phase_from_key(db_col_text(st, 6), &inc->phase))
        inc->phase = PHASE_REPORTED;
    inc->severity = (int)db_col_int64(st, 7);
    inc->priority = (int)db_col_int64(st, 8);
    inc->occurred_at = sql_col_time(st, 9);
    inc->discovered_at = sql_col_time(st, 10);
    inc->reported_at = sql_col_time(st, 11);
    decode_phase_times(db_col_text(st, 12), inc);
    inc->place = sql_col_text(st, 13);
    inc->detection_trigger = sql_col_text(st, 14);
    inc->discoverer = sql_col_text(st, 15);
    inc->reporter = sql_col_text(st, 16);
    inc->owner = sql_col_text(st, 17);
    store_strv_decode(db_col_text(st, 18), &inc->parties);
    store_strv_decode(db_col_text(st, 19), &inc->assets);
    decode_info_types(db_col_text(st, 20), inc);
    inc->affected_persons = sql_col_count(st, 21);
    store_strv_decode(db_col_text(st, 22), &inc->impacts);
    inc->direct_cause = sql_col_text(st, 23);
    inc->latent_factors = sql_col_text(st, 24);
    inc->initial_response = sql_col_text(st, 25);
    inc->additional_measures = sql_col_text(st, 26);
    store_strv_decode(db_col_text(st, 27), &inc->prevention_measures);
    store_strv_decode(db_col_text(st, 28), &inc->tags);
    if (!tlp_from_key(db_col_text(st, 29), &inc->tlp))
        inc->tlp = TLP_AMBER;
    inc->restricted = db_col_int64(st, 30) != 0;
    store_strv_decode(db_col_text(st, 31), &inc->members);
    inc->version = db_col_int64(st, 32);
    inc->created_at = sql_col_time(st, 33);
    inc->updated_at = sql_col_time(st, 34);
    inc->created_by = sql_col_text(st, 35);
    inc->severity_manual = is_manual(db_col_text(st, 36));
    inc->severity_reason = sql_col_text(st, 37);
    inc->priority_manual = is_manual(db_col_text(st, 38));
    decode_reporting(db_col_text(st, 39), inc);
}

void sql_incident_row(struct db_stmt *st, void *item)
{
    incident_init(item);
    sql_incident_read(st, item);
}

/* Bind the record's columns as ?2..?39 (?1 is the ref or id; ?40 the
 * expected version of an update).  No number is skipped: PostgreSQL
 * cannot type a parameter that the text does not use. */
static void bind_record(struct db_stmt *st, const struct incident *inc,
                        char **owned)
{
    owned[0] = encode_phase_times(inc);
    owned[1] = store_strv_encode(&inc->parties);
    owned[2] = store_strv_encode(&inc->assets);
    owned[3] = encode_info_types(inc);
    owned[4] = store_strv_encode(&inc->impacts);
    owned[5] = store_strv_encode(&inc->prevention_measures);
    owned[6] = store_strv_encode(&inc->tags);
    owned[7] = store_strv_encode(&inc->members);

    db_bind_text(st, 2, inc->title);
    db_bind_text(st, 3, inc->description);
    db_bind_text(st, 4, kind_key(inc->kind));
    db_bind_text(st, 5, inc->category);
    db_bind_text(st, 6, phase_key(inc->phase));
    sql_bind_small(st, 7, inc->severity);
    sql_bind_small(st, 8, inc->priority);
    sql_bind_time(st, 9, inc->occurred_at);
    sql_bind_time(st, 10, inc->discovered_at);
    sql_bind_time(st, 11, inc->reported_at);
    db_bind_text(st, 12, owned[0]);
    db_bind_text(st, 13, inc->place);
    db_bind_text(st, 14, inc->detection_trigger);
    db_bind_text(st, 15, inc->discoverer);
    db_bind_text(st, 16, inc->reporter);
    db_bind_text(st, 17, inc->owner);
    db_bind_text(st, 18, owned[1]);
    db_bind_text(st, 19, owned[2]);
    db_bind_text(st, 20, owned[3]);
    sql_bind_count(st, 21, inc->affected_persons);
    db_bind_text(st, 22, owned[4]);
    db_bind_text(st, 23, inc->direct_cause);
    db_bind_text(st, 24, inc->latent_factors);
    db_bind_text(st, 25, inc->initial_response);
    db_bind_text(st, 26, inc->additional_measures);
    db_bind_text(st, 27, owned[5]);
    db_bind_text(st, 28, owned[6]);
    db_bind_text(st, 29, tlp_key(inc->tlp));
    sql_bind_bool(st, 30, inc->restricted);
    db_bind_text(st, 31, owned[7]);
    db_bind_int64(st, 32, inc->version);
    sql_bind_time(st, 33, inc->created_at);
    sql_bind_time(st, 34, inc->updated_at);
    db_bind_text(st, 35, inc->created_by);
    db_bind_text(st, 36, inc->severity_manual ? "manual" : "triage");
    db_bind_text(st, 37, inc->severity_reason);
    db_bind_text(st, 38, inc->priority_manual ? "manual" : "triage");
    owned[8] = encode_reporting(inc);
    db_bind_text(st, 39, owned[8]);
}

#define OWNED_COLUMNS 9

static void free_owned(char **owned)
{
    for (int i = 0; i < OWNED_COLUMNS; i++)
        xfree(owned[i]);
}
static const char sql_member_clear[] =
    "DELETE FROM incident_member WHERE incident_id = ?1";
static const char sql_member_add[] =
    "INSERT INTO incident_member(incident_id, username) VALUES (?1, ?2)";

static enum kz_err write_members(struct db *d, const struct incident *inc)
{
    struct db_stmt *st = db_stmt(d, sql_member_clear);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, inc->id);
    enum kz_err err = sql_exec(st);
    for (size_t i = 0; err == KZ_OK && i < inc->members.n; i++) {
        st = db_stmt(d, sql_member_add);
        if (st == NULL)
            return KZ_ESTORE;
        db_bind_int64(st, 1, inc->id);
        db_bind_text(st, 2, inc->members.v[i]);
        err = sql_exec(st);
    }
    return err;
}

static const char *const sql_insert[] = SQL_INSERT_ID(
    "INSERT INTO incident(ref, title, description, kind, category, phase,"
    " severity, priority, occurred_at, discovered_at, reported_at,"
    " phase_times, place, detection_trigger, discoverer, reporter, owner,"
    " parties, assets, info_types, affected_persons, impacts, direct_cause,"
    " latent_factors, initial_response, additional_measures,"
    " prevention_measures, tags, tlp, restricted, members, version,"
    " created_at, updated_at, created_by, severity_source, severity_reason,"
    " priority_source, reporting, chron_count, chron_head)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
    " ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28,"
    " ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, 0,"
    " '0000000000000000000000000000000000000000000000000000000000000000')");

enum kz_err sql_incident_insert(struct store *s, struct incident *inc)
{
    struct db_stmt *st = sql_insert_stmt(s->db, sql_insert);
    char *owned[OWNED_COLUMNS] = {0};

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, inc->ref);
    bind_record(st, inc, owned);
    int64_t id = 0;
    enum kz_err err = sql_insert_id(st, &id);
    free_owned(owned);
    if (err != KZ_OK)
        return err;
    inc->id = id;
    return inc->members.n > 0 ? write_members(s->db, inc) : KZ_OK;
}

static const char sql_update[] =
    "UPDATE incident SET title = ?2, description = ?3, kind = ?4,"
    " category = ?5, phase = ?6, severity = ?7, priority = ?8,"
    " occurred_at = ?9, discovered_at = ?10, reported_at = ?11,"
    " phase_times = ?12, place = ?13, detection_trigger = ?14,"
    " discoverer = ?15, reporter = ?16, owner = ?17, parties = ?18,"
    " assets = ?19, info_types = ?20, affected_persons = ?21, impacts = ?22,"
    " direct_cause = ?23, latent_factors = ?24, initial_response = ?25,"
    " additional_measures = ?26, prevention_measures = ?27, tags = ?28,"
    " tlp = ?29, restricted = ?30, members = ?31, version = ?32,"
    " created_at = ?33, updated_at = ?34, created_by = ?35,"
    " severity_source = ?36, severity_reason = ?37, priority_source = ?38,"
    " reporting = ?39"
    " WHERE id = ?1 AND version = ?40";
static const char sql_exists[] = "SELECT 1 FROM incident WHERE id = ?1";

enum kz_err sql_incident_update(struct store *s, const struct incident *inc,
                                int64_t expected_version)
{
    struct db_stmt *st = db_stmt(s->db, sql_update);
    char *owned[OWNED_COLUMNS] = {0};

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, inc->id);
    bind_record(st, inc, owned);
    db_bind_int64(st, 40, expected_version);
    enum kz_err err = sql_exec(st);
    free_owned(owned);
    if (err != KZ_OK)
        return err;
    if (db_changes(st) == 0)
        return sql_version_miss(s->db, sql_exists, inc->id);
    return write_members(s->db, inc);
}

static const char sql_get[] =
    "SELECT " SQL_INCIDENT_COLUMNS " FROM incident i WHERE i.ref = ?1";

enum kz_err sql_incident_get(struct store *s, const char *ref,
                             struct incident *out)
{
    struct db_stmt *st = db_stmt(s->db, sql_get);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, ref);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW)
        sql_incident_read(st, out);
    return sql_lookup_end(st, rc);
}

/* ---- the listing's filters ---------------------------------------------- */

enum kz_err sql_like_pattern(const char *q, char **out)
{
    struct buf b;

    buf_init(&b, 2 * strlen(q) + 3);
    enum kz_err err = buf_puts(&b, "%");
    for (const char *p = q; err == KZ_OK && *p != '\0'; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            err = buf_append(&b, "\\", 1);
        if (err == KZ_OK)
            err = buf_append(&b, p, 1);
    }
    if (err == KZ_OK)
        err = buf_puts(&b, "%");
    if (err != KZ_OK) {
        buf_cleanup(&b);
        return err;
    }
    *out = buf_take(&b);
    return KZ_OK;
}

void sql_filter_init(struct sql_filter *fs, struct store *s)
{
    memset(fs, 0, sizeof(*fs));
    fs->s = s;
    fs->dialect = db_dialect(s->db);
    buf_init(&fs->text, 4096);
}

void sql_filter_cleanup(struct sql_filter *fs)
{
    buf_cleanup(&fs->text);
    xfree(fs->pattern);
    xfree(fs->match);
    fs->pattern = NULL;
    fs->match = NULL;
}

/* Append 'frag' with its '?' written as the next parameter's number. */
static enum kz_err add_param(struct sql_filter *fs, const char *frag)
{
    const char *q = strchr(frag, '?');

    if (q == NULL || fs->nparams >= SQL_FILTER_PARAMS_MAX)
        return KZ_ESTORE;
    fs->nparams++;
    enum kz_err err = buf_append(&fs->text, frag, (size_t)(q - frag));
    if (err == KZ_OK)
        err = buf_printf(&fs->text, "?%d", fs->nparams);
    return err == KZ_OK ? buf_puts(&fs->text, q + 1) : err;
}

enum kz_err sql_filter_text(struct sql_filter *fs, const char *frag,
                            const char *v)
{
    enum kz_err err = add_param(fs, frag);

    if (err == KZ_OK) {
        fs->params[fs->nparams - 1].is_text = true;
        fs->params[fs->nparams - 1].text = v;
    }
    return err;
}

enum kz_err sql_filter_int(struct sql_filter *fs, const char *frag, int64_t v)
{
    enum kz_err err = add_param(fs, frag);

    if (err == KZ_OK) {
        fs->params[fs->nparams - 1].is_text = false;
        fs->params[fs->nparams - 1].i = v;
    }
    return err;
}

/*
 * Substring matches ignore the case of ASCII letters only, as SQLite's
 * LIKE does: PostgreSQL's LIKE minds case, and its ILIKE folds every
 * letter the locale knows, so there both sides are folded with translate()
 * over A-Z alone.  '%s' is the column.
 */
#define PG_ASCII_UPPER "'ABCDEFGHIJKLMNOPQRSTUVWXYZ'"
#define PG_ASCII_LOWER "'abcdefghijklmnopqrstuvwxyz'"
static const char *const like_frag[2][3] = {
    [DB_SQLITE] = {" AND (i.ref LIKE ? ESCAPE '\\'",
                   " OR i.title LIKE ? ESCAPE '\\'",
                   " OR coalesce(i.description, '') LIKE ? ESCAPE '\\')"},
    [DB_POSTGRES] =
        {" AND (translate(i.ref, " PG_ASCII_UPPER ", " PG_ASCII_LOWER ")"
         " LIKE translate(?, " PG_ASCII_UPPER ", " PG_ASCII_LOWER
         ") ESCAPE '\\'",
         " OR translate(i.title, " PG_ASCII_UPPER ", " PG_ASCII_LOWER ")"
         " LIKE translate(?, " PG_ASCII_UPPER ", " PG_ASCII_LOWER
         ") ESCAPE '\\'",
         " OR translate(coalesce(i.description, ''), " PG_ASCII_UPPER
         ", " PG_ASCII_LOWER ") LIKE translate(?, " PG_ASCII_UPPER
         ", " PG_ASCII_LOWER ") ESCAPE '\\')"},
};

/* tags is a JSON array of strings (0001_incident.sql, both engines). */
static const char *const tag_frag[2] = {
    [DB_SQLITE] = " AND EXISTS (SELECT 1 FROM json_each(i.tags) t"
                  " WHERE t.value = ?)",
    [DB_POSTGRES] = " AND EXISTS (SELECT 1 FROM"
                    " jsonb_array_elements_text(CAST(i.tags AS jsonb))"
                    " t(value) WHERE t.value = ?)",
};

/* The q part of the filter: the ref, and with words the search index,
 * else the title and description, by substring. */
static enum kz_err add_q(struct sql_filter *fs, const struct incident_filter *f)
{
    const char *const *like = like_frag[fs->dialect];
    const struct store_ops *ops = fs->s->ops;
    enum kz_err err = sql_like_pattern(f->q, &fs->pattern);

    if (err == KZ_OK)
        err = sql_filter_text(fs, like[0], fs->pattern);
    /* With words, the rest through the search index; without (only
     * punctuation, which it does not index), by substring. */
    if (err != KZ_OK || f->search == NULL ||
        !search_query_has_terms(f->search)) {
        if (err == KZ_OK)
            err = sql_filter_text(fs, like[1], fs->pattern);
        return err == KZ_OK ? sql_filter_text(fs, like[2], fs->pattern) : err;
    }
    if (ops->search_match == NULL || ops->search_match_sql == NULL)
        return KZ_ESTORE; /* no search index on this engine yet */
    err = ops->search_match(fs->s, f->search, &fs->match);
    if (err == KZ_OK)
        err = buf_puts(&fs->text, " OR ");
    if (err == KZ_OK)
        err = sql_filter_text(fs, ops->search_match_sql, fs->match);
    return err == KZ_OK ? buf_puts(&fs->text, ")") : err;
}

enum kz_err sql_filter_where(struct sql_filter *fs,
                             const struct incident_filter *f, bool paged)
{
    enum kz_err err = buf_puts(
        &fs->text, fs->dialect == DB_SQLITE ? " WHERE 1" : " WHERE TRUE");

    if (err == KZ_OK && f->phase >= 0)
        err = sql_filter_text(fs, " AND i.phase = ?",
                              phase_key((enum phase)f->phase));
    if (err == KZ_OK && f->kind >= 0)
        err = sql_filter_text(fs, " AND i.kind = ?",
                              kind_key((enum kind)f->kind));
    if (err == KZ_OK && f->category != NULL)
        err = sql_filter_text(fs, " AND i.category = ?", f->category);
    if (err == KZ_OK && f->severity == 0)
        err = buf_puts(&fs->text, " AND i.severity IS NULL");
    else if (err == KZ_OK && f->severity > 0)
        err = sql_filter_int(fs, " AND i.severity = ?", f->severity);
    if (err == KZ_OK && f->since != KZ_TIME_NONE)
        err = sql_filter_int(fs, " AND i.reported_at >= ?", f->since);
    if (err == KZ_OK && f->until != KZ_TIME_NONE)
        err = sql_filter_int(fs, " AND i.reported_at < ?", f->until);
    if (err == KZ_OK && f->open == 1)
        err = buf_puts(&fs->text, " AND i.phase <> 'closed'");
    else if (err == KZ_OK && f->open == 0)
        err = buf_puts(&fs->text, " AND i.phase = 'closed'");
    if (err == KZ_OK && f->owner != NULL)
        err = sql_filter_text(fs, " AND i.owner = ?", f->owner);
    if (err == KZ_OK && f->tag != NULL)
        err = sql_filter_text(fs, tag_frag[fs->dialect], f->tag);
    /* Overdue duties: a range of the partial index on due_at, turned
     * into a set of ids once (0011_list_filters.sql). */
    if (err == KZ_OK && f->overdue == 1)
        err = sql_filter_int(fs,
                             " AND i.id IN (SELECT incident_id FROM"
                             " incident_duty_due WHERE due_at < ?)",
                             f->now);
    else if (err == KZ_OK && f->overdue == 0)
        err = sql_filter_int(fs,
                             " AND i.id NOT IN (SELECT incident_id FROM"
                             " incident_duty_due WHERE due_at < ?)",
                             f->now);
    if (err == KZ_OK && f->q != NULL && f->q[0] != '\0')
        err = add_q(fs, f);
    /* Need-to-know (SPEC C15): one rule for every listing and count. */
    if (err == KZ_OK && f->viewer != NULL && !f->viewer_sees_restricted)
        err = sql_filter_text(fs,
                              " AND (i.restricted = 0 OR EXISTS (SELECT 1"
                              " FROM incident_member m WHERE m.incident_id"
                              " = i.id AND m.username = ?))",
                              f->viewer);
    if (err == KZ_OK && f->viewer != NULL && f->viewer_own_only)
        err = sql_filter_text(fs, " AND i.created_by = ?", f->viewer);
    if (err == KZ_OK && paged && f->before_id > 0)
        err = sql_filter_int(fs, " AND i.id < ?", f->before_id);
    return err;
}

/*
 * The SQL value each sort orders by; list_cursor_at computes the same from
 * a row.  Missing values count as 0 or "" so that every row has a value a
 * keyset can compare (NULL compares to nothing).  Fixed text, no input.
 * PostgreSQL sorts text in the database's collation: COLLATE "C" makes it
 * compare bytes, as SQLite does, so both give one order; its INTEGER is
 * 32 bits, too small for year * 10^9.
 */
/* The order of enum phase and enum kind (taxonomy order). */
#define SORT_PHASE                                                             \
    "(CASE i.phase WHEN 'reported' THEN 0 WHEN 'triage' THEN 1"                \
    " WHEN 'containment' THEN 2 WHEN 'investigation' THEN 3"                   \
    " WHEN 'notification' THEN 4 WHEN 'recovery' THEN 5"                       \
    " WHEN 'aftercare' THEN 6 WHEN 'review' THEN 7"                            \
    " WHEN 'closed' THEN 8 ELSE 0 END)"
#define SORT_KIND                                                              \
    "(CASE i.kind WHEN 'near_miss' THEN 1 WHEN 'exercise' THEN 2 ELSE 0 END)"
#define SORT_REF(type)                                                         \
    "(CAST(substr(i.ref, 5, 4) AS " type ") * 1000000000"                      \
    " + CAST(substr(i.ref, 10) AS " type "))"

static const char *const sort_expr[2][LIST_SORT_COUNT] = {
    [DB_SQLITE] =
        {
            [LIST_SORT_DEFAULT] = "i.id",
            [LIST_SORT_REF] = SORT_REF("INTEGER"),
            [LIST_SORT_TITLE] = "i.title",
            [LIST_SORT_PHASE] = SORT_PHASE,
            [LIST_SORT_SEVERITY] = "coalesce(i.severity, 0)",
            [LIST_SORT_KIND] = SORT_KIND,
            [LIST_SORT_CATEGORY] = "coalesce(i.category, '')",
            [LIST_SORT_REPORTED_AT] = "i.reported_at",
            [LIST_SORT_OWNER] = "coalesce(i.owner, '')",
            [LIST_SORT_UPDATED_AT] = "i.updated_at",
        },
    [DB_POSTGRES] =
        {
            [LIST_SORT_DEFAULT] = "i.id",
            [LIST_SORT_REF] = SORT_REF("BIGINT"),
            [LIST_SORT_TITLE] = "i.title COLLATE \"C\"",
            [LIST_SORT_PHASE] = SORT_PHASE,
            [LIST_SORT_SEVERITY] = "coalesce(i.severity, 0)",
            [LIST_SORT_KIND] = SORT_KIND,
            [LIST_SORT_CATEGORY] = "coalesce(i.category, '') COLLATE \"C\"",
            [LIST_SORT_REPORTED_AT] = "i.reported_at",
            [LIST_SORT_OWNER] = "coalesce(i.owner, '') COLLATE \"C\"",
            [LIST_SORT_UPDATED_AT] = "i.updated_at",
        },
};

/*
 * The cursor's values and the direction words per engine.  PostgreSQL
 * cannot type a parameter in a row comparison, so it is cast; it puts
 * NULLs last when ascending and SQLite first, so PostgreSQL says where
 * (no sort value is NULL today, but the order must not hang on that).
 */
static const char *const after_text[2] = {"?", "CAST(? AS TEXT)"};
static const char *const after_int[2] = {"?", "CAST(? AS BIGINT)"};
static const char *const after_id[2] = {", ?)", ", CAST(? AS BIGINT))"};
static const char *const dir_asc[2] = {" ASC", " ASC NULLS FIRST"};
static const char *const dir_desc[2] = {" DESC", " DESC NULLS LAST"};

enum kz_err sql_filter_order(struct sql_filter *fs,
                             const struct incident_filter *f, int limit)
{
    enum list_sort sort =
        (unsigned)f->sort < LIST_SORT_COUNT ? f->sort : LIST_SORT_DEFAULT;
    const char *expr = sort_expr[fs->dialect][sort];
    const char *dir = f->asc ? dir_asc[fs->dialect] : dir_desc[fs->dialect];
    enum kz_err err = KZ_OK;

    if (f->after != NULL) {
        /* Rows after the last one shown in this order: a row value
         * comparison, the id breaking ties in the same direction. */
        err = buf_printf(&fs->text, " AND (%s, i.id) %s (", expr,
                         f->asc ? ">" : "<");
        if (err == KZ_OK && f->after->is_text)
            err = sql_filter_text(fs, after_text[fs->dialect], f->after->text);
        else if (err == KZ_OK)
            err = sql_filter_int(fs, after_int[fs->dialect], f->after->num);
        if (err == KZ_OK)
            err = sql_filter_int(fs, after_id[fs->dialect], f->after->id);
    }
    if (err == KZ_OK)
        err = buf_printf(&fs->text, " ORDER BY %s%s, i.id%s", expr, dir, dir);
    if (err == KZ_OK)
        err = sql_filter_int(fs, " LIMIT ?", limit);
    return err;
}

enum kz_err sql_filter_incidents(struct sql_filter *fs,
                                 struct incident_list *out)
{
    struct db_stmt *st = NULL;
    enum kz_err err = sql_filter_prepare(
        fs, "SELECT " SQL_INCIDENT_COLUMNS " FROM incident i", &st);

    if (err == KZ_OK)
        out->items =
            sql_rows(st, sizeof(*out->items), sql_incident_row, &out->n, &err);
    db_stmt_free(st);
    return err;
}

enum kz_err sql_filter_prepare(struct sql_filter *fs, const char *head,
                               struct db_stmt **out)
{
    struct buf sql;
    enum kz_err err;

    *out = NULL;
    buf_init(&sql, 8192);
    err = buf_puts(&sql, head);
    if (err == KZ_OK)
        err = buf_append(&sql, fs->text.data, fs->text.len);
    if (err == KZ_OK) {
        *out = db_stmt_new(fs->s->db, sql.data);
        if (*out == NULL)
            err = KZ_ESTORE;
    }
    buf_cleanup(&sql);
    for (int i = 0; err == KZ_OK && i < fs->nparams; i++) {
        if (fs->params[i].is_text)
            db_bind_text(*out, i + 1, fs->params[i].text);
        else
            db_bind_int64(*out, i + 1, fs->params[i].i);
    }
    return err;
}

/* ---- listing and counting ------------------------------------------------ */

enum kz_err sql_incident_list(struct store *s, const struct incident_filter *f,
                              struct incident_list *out)
{
    struct sql_filter fs;
    int limit = f->limit < 1                    ? 1
                : f->limit > INCIDENT_FETCH_MAX ? INCIDENT_FETCH_MAX
                                                : f->limit;
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    if (f->q != NULL && f->q[0] != '\0' && f->search != NULL &&
        search_query_has_terms(f->search)) {
        /* q with words: through the engine's search index. */
        err = s->ops->list_q != NULL ? s->ops->list_q(s, f, limit, out)
                                     : KZ_ESTORE;
        if (err != KZ_OK)
            incident_list_cleanup(out);
        return err;
    }
    sql_filter_init(&fs, s);
    err = sql_filter_where(&fs, f, true);
    if (err == KZ_OK)
        err = sql_filter_order(&fs, f, limit);
    if (err == KZ_OK)
        err = sql_filter_incidents(&fs, out);
    sql_filter_cleanup(&fs);
    if (err != KZ_OK)
        incident_list_cleanup(out);
    return err;
}

enum kz_err sql_incident_count(struct store *s, const struct incident_filter *f,
                               int64_t *out)
{
    struct sql_filter fs;
    struct db_stmt *st = NULL;
    enum kz_err err;

    sql_filter_init(&fs, s);
    err = sql_filter_where(&fs, f, false);
    if (err == KZ_OK)
        err = sql_filter_prepare(&fs, "SELECT count(*) FROM incident i", &st);
    if (err == KZ_OK) {
        enum db_rc rc = db_step(st);
        if (rc == DB_ROW)
            *out = db_col_int64(st, 0);
        else
            err = rc == DB_FAIL ? db_stmt_err(st) : KZ_ESTORE;
    }
    db_stmt_free(st);
    sql_filter_cleanup(&fs);
    return err;
}
