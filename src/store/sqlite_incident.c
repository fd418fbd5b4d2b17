/* SPDX-License-Identifier: MIT */
/*
 * sqlite_incident.c - incident rows of the SQLite backend: reference
 * counters, insert, optimistic update, load and filtered listing.
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/ref.h"
#include "store/sqlite_int.h"
#include "util/buf.h"
#include "util/mem.h"

/*
 * The counter is bumped and then read back, both inside one transaction so
 * that no other writer can step in between.  A single statement with
 * RETURNING would do both, but SQLite runs a RETURNING statement through an
 * ephemeral table that it creates and frees on every call, which made this
 * step twenty times slower than the insert of the incident itself.
 */
static const char sql_ref_bump[] =
    "INSERT INTO ref_counter(year, last) VALUES (?1, 1)"
    " ON CONFLICT(year) DO UPDATE SET last = last + 1";
static const char sql_ref_read[] =
    "SELECT last FROM ref_counter WHERE year = ?1";
static const char sql_ref_begin[] = "BEGIN IMMEDIATE";
static const char sql_ref_commit[] = "COMMIT";
static const char sql_ref_rollback[] = "ROLLBACK";

static enum kz_err ref_bump_and_read(struct sqlite_store *ss, int year,
                                     int64_t *number)
{
    sqlite3_stmt *st = sqlite_stmt(ss, sql_ref_bump);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int(st, 1, year);
    enum kz_err err = sqlite_exec_stmt(ss, st);
    if (err != KZ_OK)
        return err;
    st = sqlite_stmt(ss, sql_ref_read);
    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int(st, 1, year);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *number = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return KZ_ESTORE; /* the row just written is missing */
    return rc == SQLITE_ROW ? KZ_OK : sqlite_err(ss, rc);
}

enum kz_err sqlite_ref_next(struct store *s, int year, int64_t *number)
{
    struct sqlite_store *ss = sq(s);

    if (!sqlite3_get_autocommit(ss->db))
        return ref_bump_and_read(ss, year, number);
    /* Called outside a transaction: make the two statements one, and
     * commit the step at once as the single statement did. */
    enum kz_err err = sqlite_exec_stmt(ss, sqlite_stmt(ss, sql_ref_begin));
    if (err != KZ_OK)
        return err;
    err = ref_bump_and_read(ss, year, number);
    if (err == KZ_OK)
        err = sqlite_exec_stmt(ss, sqlite_stmt(ss, sql_ref_commit));
    if (err != KZ_OK && !sqlite3_get_autocommit(ss->db))
        (void)sqlite_exec_stmt(ss, sqlite_stmt(ss, sql_ref_rollback));
    return err;
}

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

/* The columns every incident read selects, in the order read_row expects. */
#define INCIDENT_COLUMNS                                                       \
    "i.id, i.ref, i.title, i.description, i.kind, i.category, i.phase,"        \
    " i.severity, i.priority, i.occurred_at, i.discovered_at,"                 \
    " i.reported_at, i.phase_times, i.place, i.detection_trigger,"             \
    " i.discoverer, i.reporter, i.owner, i.parties, i.assets,"                 \
    " i.info_types, i.affected_persons, i.impacts, i.direct_cause,"            \
    " i.latent_factors, i.initial_response, i.additional_measures,"            \
    " i.prevention_measures, i.tags, i.tlp, i.restricted, i.members,"          \
    " i.version, i.created_at, i.updated_at, i.created_by,"                    \
    " i.severity_source, i.severity_reason, i.priority_source,"                \
    " i.reporting"

static const char *col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
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
        json_object_set_new(o, key, sqlite_strv_to_json(l));
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
    sqlite_strv_from_json(json_object_get(o, "leak_kinds"), &inc->leak_kinds);
    sqlite_strv_from_json(json_object_get(o, "leak_indicators"),
                          &inc->leak_indicators);
    json_decref(o);
}

static bool is_manual(const char *source)
{
    return source != NULL && strcmp(source, "manual") == 0;
}

static void read_row(sqlite3_stmt *st, struct incident *inc)
{
    incident_cleanup(inc);
    inc->id = sqlite3_column_int64(st, 0);
    snprintf(inc->ref, sizeof(inc->ref), "%s", col(st, 1) ? col(st, 1) : "");
    inc->title = sqlite_col_text(st, 2);
    inc->description = sqlite_col_text(st, 3);
    if (!kind_from_key(col(st, 4), &inc->kind))
        inc->kind = KIND_INCIDENT;
    inc->category = sqlite_col_text(st, 5);
    if (!phase_from_key(col(st, 6), &inc->phase))
        inc->phase = PHASE_REPORTED;
    inc->severity = sqlite3_column_int(st, 7);
    inc->priority = sqlite3_column_int(st, 8);
    inc->occurred_at = sqlite_col_time(st, 9);
    inc->discovered_at = sqlite_col_time(st, 10);
    inc->reported_at = sqlite_col_time(st, 11);
    decode_phase_times(col(st, 12), inc);
    inc->place = sqlite_col_text(st, 13);
    inc->detection_trigger = sqlite_col_text(st, 14);
    inc->discoverer = sqlite_col_text(st, 15);
    inc->reporter = sqlite_col_text(st, 16);
    inc->owner = sqlite_col_text(st, 17);
    sqlite_strv_decode(col(st, 18), &inc->parties);
    sqlite_strv_decode(col(st, 19), &inc->assets);
    decode_info_types(col(st, 20), inc);
    inc->affected_persons = sqlite_col_count(st, 21);
    sqlite_strv_decode(col(st, 22), &inc->impacts);
    inc->direct_cause = sqlite_col_text(st, 23);
    inc->latent_factors = sqlite_col_text(st, 24);
    inc->initial_response = sqlite_col_text(st, 25);
    inc->additional_measures = sqlite_col_text(st, 26);
    sqlite_strv_decode(col(st, 27), &inc->prevention_measures);
    sqlite_strv_decode(col(st, 28), &inc->tags);
    if (!tlp_from_key(col(st, 29), &inc->tlp))
        inc->tlp = TLP_AMBER;
    inc->restricted = sqlite3_column_int(st, 30) != 0;
    sqlite_strv_decode(col(st, 31), &inc->members);
    inc->version = sqlite3_column_int64(st, 32);
    inc->created_at = sqlite_col_time(st, 33);
    inc->updated_at = sqlite_col_time(st, 34);
    inc->created_by = sqlite_col_text(st, 35);
    inc->severity_manual = is_manual(col(st, 36));
    inc->severity_reason = sqlite_col_text(st, 37);
    inc->priority_manual = is_manual(col(st, 38));
    decode_reporting(col(st, 39), inc);
}

static void row_incident(sqlite3_stmt *st, void *item)
{
    incident_init(item);
    read_row(st, item);
}

/* Bind the record's columns as ?2..?35 and ?37..?39 (?1 is the ref or
 * id; ?36 the expected version of an update). */
static void bind_record(sqlite3_stmt *st, const struct incident *inc,
                        char **owned)
{
    owned[0] = encode_phase_times(inc);
    owned[1] = sqlite_strv_encode(&inc->parties);
    owned[2] = sqlite_strv_encode(&inc->assets);
    owned[3] = encode_info_types(inc);
    owned[4] = sqlite_strv_encode(&inc->impacts);
    owned[5] = sqlite_strv_encode(&inc->prevention_measures);
    owned[6] = sqlite_strv_encode(&inc->tags);
    owned[7] = sqlite_strv_encode(&inc->members);

    sqlite_bind_text(st, 2, inc->title);
    sqlite_bind_text(st, 3, inc->description);
    sqlite_bind_text(st, 4, kind_key(inc->kind));
    sqlite_bind_text(st, 5, inc->category);
    sqlite_bind_text(st, 6, phase_key(inc->phase));
    sqlite_bind_small(st, 7, inc->severity);
    sqlite_bind_small(st, 8, inc->priority);
    sqlite_bind_time(st, 9, inc->occurred_at);
    sqlite_bind_time(st, 10, inc->discovered_at);
    sqlite_bind_time(st, 11, inc->reported_at);
    sqlite_bind_text(st, 12, owned[0]);
    sqlite_bind_text(st, 13, inc->place);
    sqlite_bind_text(st, 14, inc->detection_trigger);
    sqlite_bind_text(st, 15, inc->discoverer);
    sqlite_bind_text(st, 16, inc->reporter);
    sqlite_bind_text(st, 17, inc->owner);
    sqlite_bind_text(st, 18, owned[1]);
    sqlite_bind_text(st, 19, owned[2]);
    sqlite_bind_text(st, 20, owned[3]);
    sqlite_bind_count(st, 21, inc->affected_persons);
    sqlite_bind_text(st, 22, owned[4]);
    sqlite_bind_text(st, 23, inc->direct_cause);
    sqlite_bind_text(st, 24, inc->latent_factors);
    sqlite_bind_text(st, 25, inc->initial_response);
    sqlite_bind_text(st, 26, inc->additional_measures);
    sqlite_bind_text(st, 27, owned[5]);
    sqlite_bind_text(st, 28, owned[6]);
    sqlite_bind_text(st, 29, tlp_key(inc->tlp));
    sqlite3_bind_int(st, 30, inc->restricted ? 1 : 0);
    sqlite_bind_text(st, 31, owned[7]);
    sqlite3_bind_int64(st, 32, inc->version);
    sqlite_bind_time(st, 33, inc->created_at);
    sqlite_bind_time(st, 34, inc->updated_at);
    sqlite_bind_text(st, 35, inc->created_by);
    sqlite_bind_text(st, 37, inc->severity_manual ? "manual" : "triage");
    sqlite_bind_text(st, 38, inc->severity_reason);
    sqlite_bind_text(st, 39, inc->priority_manual ? "manual" : "triage");
    owned[8] = encode_reporting(inc);
    sqlite_bind_text(st, 40, owned[8]);
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

static enum kz_err write_members(struct sqlite_store *ss,
                                 const struct incident *inc)
{
    sqlite3_stmt *st = sqlite_stmt(ss, sql_member_clear);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, inc->id);
    enum kz_err err = sqlite_exec_stmt(ss, st);
    for (size_t i = 0; err == KZ_OK && i < inc->members.n; i++) {
        st = sqlite_stmt(ss, sql_member_add);
        if (st == NULL)
            return KZ_ESTORE;
        sqlite3_bind_int64(st, 1, inc->id);
        sqlite_bind_text(st, 2, inc->members.v[i]);
        err = sqlite_exec_stmt(ss, st);
    }
    return err;
}

static const char sql_insert[] =
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
    " ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?37, ?38, ?39, ?40, 0,"
    " '0000000000000000000000000000000000000000000000000000000000000000')";

enum kz_err sqlite_incident_insert(struct store *s, struct incident *inc)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_insert);
    char *owned[OWNED_COLUMNS] = {0};

    if (st == NULL)
        return KZ_ESTORE;
    sqlite_bind_text(st, 1, inc->ref);
    bind_record(st, inc, owned);
    enum kz_err err = sqlite_exec_stmt(ss, st);
    free_owned(owned);
    if (err != KZ_OK)
        return err;
    inc->id = sqlite3_last_insert_rowid(ss->db);
    return inc->members.n > 0 ? write_members(ss, inc) : KZ_OK;
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
    " severity_source = ?37, severity_reason = ?38, priority_source = ?39,"
    " reporting = ?40"
    " WHERE id = ?1 AND version = ?36";
static const char sql_exists[] = "SELECT 1 FROM incident WHERE id = ?1";

enum kz_err sqlite_incident_update(struct store *s, const struct incident *inc,
                                   int64_t expected_version)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_update);
    char *owned[OWNED_COLUMNS] = {0};

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, inc->id);
    bind_record(st, inc, owned);
    sqlite3_bind_int64(st, 36, expected_version);
    enum kz_err err = sqlite_exec_stmt(ss, st);
    free_owned(owned);
    if (err != KZ_OK)
        return err;
    if (sqlite3_changes(ss->db) == 0) {
        return sqlite_version_miss(ss, sql_exists, inc->id);
    }
    return write_members(ss, inc);
}

static const char sql_get[] =
    "SELECT " INCIDENT_COLUMNS " FROM incident i WHERE i.ref = ?1";

enum kz_err sqlite_incident_get(struct store *s, const char *ref,
                                struct incident *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_get);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite_bind_text(st, 1, ref);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_row(st, out);
    return sqlite_lookup_end(ss, st, rc);
}

/* Escape LIKE's wildcards so that 'q' matches itself; '*out' is the
 * caller's to free. */
static enum kz_err like_pattern(const char *q, char **out)
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

/*
 * Build the WHERE clause of a listing from fixed fragments, one per filter
 * that is set; values are bound, never written into the text.  'bind'
 * receives the values in order.
 */
struct filter_sql {
    struct buf text;
    int nparams;
    struct {
        enum { P_TEXT, P_INT } type;
        const char *text;
        int64_t i;
    } params[24];
    char *pattern;           /* owned LIKE pattern */
    char *match;             /* owned FTS5 expression */
    struct sqlite_store *ss; /* for the expression's templates */
};

#define FILTER_PARAMS_MAX                                                      \
    (int)(sizeof(((struct filter_sql *)0)->params) /                           \
          sizeof(((struct filter_sql *)0)->params[0]))

static enum kz_err add_param_text(struct filter_sql *fs, const char *frag,
                                  const char *v)
{
    if (fs->nparams >= FILTER_PARAMS_MAX)
        return KZ_ESTORE;
    fs->params[fs->nparams].type = P_TEXT;
    fs->params[fs->nparams].text = v;
    fs->nparams++;
    return buf_puts(&fs->text, frag);
}

static enum kz_err add_param_int(struct filter_sql *fs, const char *frag,
                                 int64_t v)
{
    if (fs->nparams >= FILTER_PARAMS_MAX)
        return KZ_ESTORE;
    fs->params[fs->nparams].type = P_INT;
    fs->params[fs->nparams].i = v;
    fs->nparams++;
    return buf_puts(&fs->text, frag);
}

static enum kz_err build_filter(struct filter_sql *fs,
                                const struct incident_filter *f, bool paged)
{
    enum kz_err err = buf_puts(&fs->text, " WHERE 1");

    if (err == KZ_OK && f->phase >= 0)
        err = add_param_text(fs, " AND i.phase = ?",
                             phase_key((enum phase)f->phase));
    if (err == KZ_OK && f->kind >= 0)
        err =
            add_param_text(fs, " AND i.kind = ?", kind_key((enum kind)f->kind));
    if (err == KZ_OK && f->category != NULL)
        err = add_param_text(fs, " AND i.category = ?", f->category);
    if (err == KZ_OK && f->severity == 0)
        err = buf_puts(&fs->text, " AND i.severity IS NULL");
    else if (err == KZ_OK && f->severity > 0)
        err = add_param_int(fs, " AND i.severity = ?", f->severity);
    if (err == KZ_OK && f->since != KZ_TIME_NONE)
        err = add_param_int(fs, " AND i.reported_at >= ?", f->since);
    if (err == KZ_OK && f->until != KZ_TIME_NONE)
        err = add_param_int(fs, " AND i.reported_at < ?", f->until);
    if (err == KZ_OK && f->open == 1)
        err = buf_puts(&fs->text, " AND i.phase <> 'closed'");
    else if (err == KZ_OK && f->open == 0)
        err = buf_puts(&fs->text, " AND i.phase = 'closed'");
    if (err == KZ_OK && f->owner != NULL)
        err = add_param_text(fs, " AND i.owner = ?", f->owner);
    /* tags is a JSON array of strings (0001_incident.sql). */
    if (err == KZ_OK && f->tag != NULL)
        err = add_param_text(fs,
                             " AND EXISTS (SELECT 1 FROM json_each(i.tags) t"
                             " WHERE t.value = ?)",
                             f->tag);
    /* Overdue duties: a range of the partial index on due_at, turned
     * into a set of ids once (0011_list_filters.sql). */
    if (err == KZ_OK && f->overdue == 1)
        err = add_param_int(fs,
                            " AND i.id IN (SELECT incident_id FROM"
                            " incident_duty_due WHERE due_at < ?)",
                            f->now);
    else if (err == KZ_OK && f->overdue == 0)
        err = add_param_int(fs,
                            " AND i.id NOT IN (SELECT incident_id FROM"
                            " incident_duty_due WHERE due_at < ?)",
                            f->now);
    if (err == KZ_OK && f->q != NULL && f->q[0] != '\0') {
        err = like_pattern(f->q, &fs->pattern);
        if (err == KZ_OK)
            err = add_param_text(fs, " AND (i.ref LIKE ? ESCAPE '\\'",
                                 fs->pattern);
        /* With words, the rest through the search index; without (only
         * punctuation, which it does not index), by substring. */
        if (err == KZ_OK && f->search != NULL &&
            search_query_has_terms(f->search))
            err = sqlite_search_match(fs->ss, f->search, &fs->match, NULL);
        if (err == KZ_OK && fs->match != NULL)
            err = add_param_text(fs,
                                 " OR i.id IN (SELECT 549755813887 -"
                                 " (rowid >> 24) FROM search_fts"
                                 " WHERE search_fts MATCH ?))",
                                 fs->match);
        else if (err == KZ_OK)
            err = add_param_text(fs, " OR i.title LIKE ? ESCAPE '\\'",
                                 fs->pattern);
        if (err == KZ_OK && fs->match == NULL)
            err = add_param_text(
                fs, " OR coalesce(i.description, '') LIKE ? ESCAPE '\\')",
                fs->pattern);
    }
    /* Need-to-know (SPEC C15): one rule for every listing and count. */
    if (err == KZ_OK && f->viewer != NULL && !f->viewer_sees_restricted)
        err = add_param_text(fs,
                             " AND (i.restricted = 0 OR EXISTS (SELECT 1"
                             " FROM incident_member m WHERE m.incident_id"
                             " = i.id AND m.username = ?))",
                             f->viewer);
    if (err == KZ_OK && f->viewer != NULL && f->viewer_own_only)
        err = add_param_text(fs, " AND i.created_by = ?", f->viewer);
    if (err == KZ_OK && paged && f->before_id > 0)
        err = add_param_int(fs, " AND i.id < ?", f->before_id);
    return err;
}

/*
 * The SQL value each sort orders by; list_cursor_at computes the same from
 * a row.  Missing values count as 0 or "" so that every row has a value a
 * keyset can compare (NULL compares to nothing).  Fixed text, no input.
 */
static const char *const sort_expr[LIST_SORT_COUNT] = {
    [LIST_SORT_DEFAULT] = "i.id",
    [LIST_SORT_REF] = "(CAST(substr(i.ref, 5, 4) AS INTEGER) * 1000000000"
                      " + CAST(substr(i.ref, 10) AS INTEGER))",
    [LIST_SORT_TITLE] = "i.title",
    /* The order of enum phase and enum kind (taxonomy order). */
    [LIST_SORT_PHASE] = "(CASE i.phase WHEN 'reported' THEN 0"
                        " WHEN 'triage' THEN 1 WHEN 'containment' THEN 2"
                        " WHEN 'investigation' THEN 3"
                        " WHEN 'notification' THEN 4 WHEN 'recovery' THEN 5"
                        " WHEN 'aftercare' THEN 6 WHEN 'review' THEN 7"
                        " WHEN 'closed' THEN 8 ELSE 0 END)",
    [LIST_SORT_SEVERITY] = "coalesce(i.severity, 0)",
    [LIST_SORT_KIND] = "(CASE i.kind WHEN 'near_miss' THEN 1"
                       " WHEN 'exercise' THEN 2 ELSE 0 END)",
    [LIST_SORT_CATEGORY] = "coalesce(i.category, '')",
    [LIST_SORT_REPORTED_AT] = "i.reported_at",
    [LIST_SORT_OWNER] = "coalesce(i.owner, '')",
    [LIST_SORT_UPDATED_AT] = "i.updated_at",
};

/* Append the keyset condition and the ORDER BY of the sort of 'f'. */
static enum kz_err add_order(struct filter_sql *fs,
                             const struct incident_filter *f, int limit)
{
    enum list_sort sort =
        (unsigned)f->sort < LIST_SORT_COUNT ? f->sort : LIST_SORT_DEFAULT;
    const char *expr = sort_expr[sort];
    const char *dir = f->asc ? " ASC" : " DESC";
    enum kz_err err = KZ_OK;

    if (f->after != NULL) {
        /* Rows after the last one shown in this order: a row value
         * comparison, the id breaking ties in the same direction. */
        err = buf_printf(&fs->text, " AND (%s, i.id) %s (", expr,
                         f->asc ? ">" : "<");
        if (err == KZ_OK && f->after->is_text)
            err = add_param_text(fs, "?", f->after->text);
        else if (err == KZ_OK)
            err = add_param_int(fs, "?", f->after->num);
        if (err == KZ_OK)
            err = add_param_int(fs, ", ?)", f->after->id);
    }
    if (err == KZ_OK)
        err = buf_printf(&fs->text, " ORDER BY %s%s, i.id%s", expr, dir, dir);
    if (err == KZ_OK)
        err = add_param_int(fs, " LIMIT ?", limit);
    return err;
}

static enum kz_err prepare_filtered(struct sqlite_store *ss,
                                    struct filter_sql *fs, const char *head,
                                    const char *tail, sqlite3_stmt **out)
{
    struct buf sql;
    enum kz_err err;

    buf_init(&sql, 8192);
    err = buf_puts(&sql, head);
    if (err == KZ_OK)
        err = buf_append(&sql, fs->text.data, fs->text.len);
    if (err == KZ_OK)
        err = buf_puts(&sql, tail);
    if (err == KZ_OK) {
        int rc = sqlite3_prepare_v2(ss->db, sql.data, -1, out, NULL);
        err = sqlite_err(ss, rc);
    }
    buf_cleanup(&sql);
    for (int i = 0; err == KZ_OK && i < fs->nparams; i++) {
        if (fs->params[i].type == P_TEXT)
            sqlite_bind_text(*out, i + 1, fs->params[i].text);
        else
            sqlite3_bind_int64(*out, i + 1, fs->params[i].i);
    }
    return err;
}

static void filter_sql_cleanup(struct filter_sql *fs)
{
    buf_cleanup(&fs->text);
    xfree(fs->pattern);
    xfree(fs->match);
}

/* ---- the list's q through the search index ---------------------------- */

/*
 * A list with q in an order other than the index's gathers at most
 * sqlite_list_q_set_max matching incidents and sorts them; when more
 * match, q is common enough (2% of a million) that walking the list's
 * order and asking the index about each incident finds a page sooner
 * (list_q_walk), at most sqlite_list_q_walk_batch incidents at a time (a
 * page of 50 at 2% is 2,500).  Variables so that tests can make them
 * small.
 */
size_t sqlite_list_q_set_max = 20000;
int sqlite_list_q_walk_batch = 4096;

struct id_set {
    int64_t *v;
    size_t n, cap;
};

static void id_set_add(struct id_set *s, int64_t id)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
    }
    s->v[s->n++] = id;
}

/* One listing's q: its index expression and how it matches refs. */
struct list_q {
    const struct incident_filter *f; /* as asked */
    struct incident_filter g;        /* f's filters without q and page */
    char *match;                     /* FTS5 expression (owned) */
    enum ref_q ref;
    char ref_text[24]; /* the prefix, or q in upper case */
    char ref_end[26];  /* the end of the prefix's range */
    char *like;        /* LIKE pattern of q (owned) */
};

/* The document ids of incident 'id' are [doc_first(id), doc_first(id - 1)):
 * see SEARCH_DOC_TOP. */
static int64_t doc_first(int64_t id)
{
    return (SEARCH_DOC_TOP - id) << 24;
}

/*
 * The ids of incidents passing q->g with a document matching q->match,
 * distinct, in the index's order: newest first, or oldest first when
 * !newest; only documents on the far side of 'bound' (a document id; 0:
 * all).  At most 'max'; *full tells that more match.
 */
static enum kz_err fts_ids(struct sqlite_store *ss, const struct list_q *q,
                           bool newest, int64_t bound, size_t max,
                           struct id_set *out, bool *full)
{
    struct filter_sql fs = {0};
    sqlite3_stmt *st = NULL;
    char head[256];
    int rc = SQLITE_DONE;
    enum kz_err err;

    *full = false;
    buf_init(&fs.text, 4096);
    err = build_filter(&fs, &q->g, false);
    if (err == KZ_OK)
        err = add_param_text(&fs, " AND search_fts MATCH ?", q->match);
    if (err == KZ_OK && bound > 0)
        err = add_param_int(&fs,
                            newest ? " AND search_fts.rowid >= ?"
                                   : " AND search_fts.rowid < ?",
                            bound);
    if (err == KZ_OK)
        err = buf_puts(&fs.text, newest ? " ORDER BY search_fts.rowid"
                                        : " ORDER BY search_fts.rowid DESC");
    /* CROSS JOIN: the index drives, whatever the filters' indexes. */
    snprintf(head, sizeof(head),
             "SELECT i.id FROM search_fts CROSS JOIN incident i"
             " ON i.id = %" PRId64 " - (search_fts.rowid >> 24)",
             SEARCH_DOC_TOP);
    if (err == KZ_OK)
        err = prepare_filtered(ss, &fs, head, "", &st);
    size_t first = out->n;
    while (err == KZ_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        /* The documents of one incident come one after the other. */
        if (out->n > first && out->v[out->n - 1] == id)
            continue;
        if (out->n - first == max) {
            *full = true;
            break;
        }
        id_set_add(out, id);
    }
    if (err == KZ_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        err = sqlite_err(ss, rc);
    sqlite3_finalize(st);
    filter_sql_cleanup(&fs);
    return err;
}

/*
 * The ids of incidents passing q->g whose ref contains q, newest first
 * (oldest first when !newest), below 'before' and above 'after' (0: no
 * bound).  At most 'max'; *full tells that more match.  A prefix is a
 * range of the refs' unique index; any other piece of a ref a look at
 * each entry of that index, not at the incidents.
 */
static enum kz_err ref_ids(struct sqlite_store *ss, const struct list_q *q,
                           bool newest, int64_t before, int64_t after,
                           size_t max, struct id_set *out, bool *full)
{
    struct filter_sql fs = {0};
    sqlite3_stmt *st = NULL;
    int rc = SQLITE_DONE;
    enum kz_err err;

    *full = false;
    buf_init(&fs.text, 4096);
    err = build_filter(&fs, &q->g, false);
    if (err == KZ_OK && q->ref == REF_Q_PREFIX)
        err = add_param_text(&fs, " AND i.ref >= ?", q->ref_text);
    if (err == KZ_OK && q->ref == REF_Q_PREFIX)
        err = add_param_text(&fs, " AND i.ref < ?", q->ref_end);
    else if (err == KZ_OK)
        err = add_param_text(&fs,
                             " AND i.id IN (SELECT id FROM incident"
                             " WHERE ref LIKE ? ESCAPE '\\')",
                             q->like);
    if (err == KZ_OK && before > 0)
        err = add_param_int(&fs, " AND i.id < ?", before);
    if (err == KZ_OK && after > 0)
        err = add_param_int(&fs, " AND i.id > ?", after);
    if (err == KZ_OK)
        err = add_param_int(&fs,
                            newest ? " ORDER BY i.id DESC LIMIT ?"
                                   : " ORDER BY i.id ASC LIMIT ?",
                            (int64_t)max + 1);
    if (err == KZ_OK)
        err = prepare_filtered(ss, &fs, "SELECT i.id FROM incident i", "", &st);
    size_t first = out->n;
    while (err == KZ_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n - first == max) {
            *full = true;
            break;
        }
        id_set_add(out, sqlite3_column_int64(st, 0));
    }
    if (err == KZ_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        err = sqlite_err(ss, rc);
    sqlite3_finalize(st);
    filter_sql_cleanup(&fs);
    return err;
}

/* The page of f (its filters, cursor, order and limit) among the
 * incidents 'ids'. */
static enum kz_err fetch_ids(struct sqlite_store *ss, const struct list_q *q,
                             const struct id_set *ids, int limit,
                             struct incident_list *out)
{
    struct incident_filter h = q->g;
    struct filter_sql fs = {0};
    struct buf json;
    sqlite3_stmt *st = NULL;
    int rc = SQLITE_DONE;
    enum kz_err err = KZ_OK;

    h.before_id = q->f->before_id;
    h.after = q->f->after;
    buf_init(&json, (sqlite_list_q_set_max * 2 + 2) * 24);
    for (size_t i = 0; err == KZ_OK && i < ids->n; i++)
        err = buf_printf(&json, "%s%" PRId64, i > 0 ? "," : "[", ids->v[i]);
    if (err == KZ_OK)
        err = buf_puts(&json, ids->n > 0 ? "]" : "[]");
    buf_init(&fs.text, 4096);
    if (err == KZ_OK)
        err = build_filter(&fs, &h, true);
    if (err == KZ_OK)
        err = add_param_text(
            &fs, " AND i.id IN (SELECT value FROM json_each(?))", json.data);
    if (err == KZ_OK)
        err = add_order(&fs, &h, limit);
    if (err == KZ_OK)
        err = prepare_filtered(
            ss, &fs, "SELECT " INCIDENT_COLUMNS " FROM incident i", "", &st);
    if (err == KZ_OK)
        out->items =
            sqlite_rows(st, sizeof(*out->items), row_incident, &out->n, &rc);
    if (err == KZ_OK && rc != SQLITE_DONE)
        err = sqlite_err(ss, rc);
    sqlite3_finalize(st);
    filter_sql_cleanup(&fs);
    buf_cleanup(&json);
    return err;
}

/* The list in the index's own order (by id): the first 'limit' incidents
 * after the cursor from the index, merged with those whose ref matches. */
static enum kz_err page_by_id(struct sqlite_store *ss, const struct list_q *q,
                              int limit, struct id_set *page)
{
    const struct incident_filter *f = q->f;
    bool newest = !f->asc;
    int64_t before = newest ? f->before_id : 0;
    int64_t after = !newest && f->after != NULL ? f->after->id : 0;
    int64_t bound = before > 0  ? doc_first(before - 1)
                    : after > 0 ? doc_first(after)
                                : 0;
    struct id_set a = {0}, b = {0};
    bool full;
    enum kz_err err = fts_ids(ss, q, newest, bound, (size_t)limit, &a, &full);

    if (err == KZ_OK && q->ref != REF_Q_NONE)
        err = ref_ids(ss, q, newest, before, after, (size_t)limit, &b, &full);
    size_t i = 0, j = 0;
    while (err == KZ_OK && page->n < (size_t)limit && (i < a.n || j < b.n)) {
        int64_t x = i < a.n ? a.v[i] : 0, y = j < b.n ? b.v[j] : 0;
        bool take_a = j == b.n || (i < a.n && (newest ? x >= y : x <= y));
        int64_t id = take_a ? x : y;
        if (take_a)
            i++;
        else
            j++;
        if (page->n == 0 || page->v[page->n - 1] != id)
            id_set_add(page, id);
    }
    xfree(a.v);
    xfree(b.v);
    return err;
}

/* Does incident 'id' with reference 'ref' match q? */
static bool q_matches(sqlite3_stmt *probe, const struct list_q *q, int64_t id,
                      const char *ref, int *rc)
{
    size_t n = strlen(q->ref_text);

    if (ref != NULL && q->ref == REF_Q_PREFIX &&
        strncmp(ref, q->ref_text, n) == 0)
        return true;
    if (ref != NULL && q->ref == REF_Q_ANY && strstr(ref, q->ref_text) != NULL)
        return true;
    sqlite3_bind_int64(probe, 2, doc_first(id));
    sqlite3_bind_int64(probe, 3, doc_first(id - 1));
    *rc = sqlite3_step(probe);
    sqlite3_reset(probe);
    return *rc == SQLITE_ROW;
}

/*
 * The list in another order when q matches many incidents: the list's
 * own query without q, a batch at a time, each incident asked about in
 * the index (a range of its document ids) until the page is full.
 */
static enum kz_err list_q_walk(struct sqlite_store *ss, const struct list_q *q,
                               int limit, int batch, struct incident_list *out)
{
    const struct incident_filter *f = q->f;
    struct list_cursor cur;
    sqlite3_stmt *probe = NULL;
    size_t cap = 0;
    bool done = false;
    int rc = SQLITE_OK;
    enum kz_err err;

    list_cursor_init(&cur);
    cur.sort = f->sort;
    cur.desc = !f->asc;
    rc = sqlite3_prepare_v2(ss->db,
                            "SELECT 1 FROM search_fts WHERE search_fts"
                            " MATCH ?1 AND rowid >= ?2 AND rowid < ?3",
                            -1, &probe, NULL);
    err = sqlite_err(ss, rc);
    if (err == KZ_OK)
        sqlite_bind_text(probe, 1, q->match);
    struct incident_filter h = q->g;
    h.sort = f->sort;
    h.asc = f->asc;
    h.after = f->after;
    while (err == KZ_OK && !done) {
        struct filter_sql fs = {0};
        sqlite3_stmt *st = NULL;
        int rows = 0;
        buf_init(&fs.text, 4096);
        err = build_filter(&fs, &h, false);
        if (err == KZ_OK)
            err = add_order(&fs, &h, batch);
        if (err == KZ_OK)
            err = prepare_filtered(
                ss, &fs, "SELECT " INCIDENT_COLUMNS " FROM incident i", "",
                &st);
        while (err == KZ_OK && !done && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            rows++;
            int prc = SQLITE_OK;
            bool hit = q_matches(probe, q, sqlite3_column_int64(st, 0),
                                 col(st, 1), &prc);
            if (prc != SQLITE_OK && prc != SQLITE_ROW && prc != SQLITE_DONE)
                err = sqlite_err(ss, prc);
            if (err == KZ_OK && hit) {
                if (out->n == cap) {
                    cap = cap ? cap * 2 : 16;
                    out->items =
                        xrealloc(out->items, cap * sizeof(*out->items));
                }
                row_incident(st, &out->items[out->n++]);
                done = out->n == (size_t)limit;
            }
            if (err == KZ_OK && rows == batch) {
                /* The next batch begins after this row. */
                struct incident last;
                incident_init(&last);
                read_row(st, &last);
                list_cursor_at(&cur, &last);
                incident_cleanup(&last);
                h.after = &cur;
            }
        }
        if (err == KZ_OK && !done && rc != SQLITE_DONE)
            err = sqlite_err(ss, rc);
        sqlite3_finalize(st);
        filter_sql_cleanup(&fs);
        if (rows < batch)
            done = true;
    }
    sqlite3_finalize(probe);
    list_cursor_cleanup(&cur);
    return err;
}

/*
 * The list with a q that has words: in one pass of the search index for
 * the default order (its document order is the list's), else the
 * matching incidents gathered and sorted, or, when too many match, the
 * list's order walked and each incident asked about in the index.  The
 * ref part of q (enum ref_q) goes through the refs' index.
 */
static enum kz_err list_q(struct sqlite_store *ss,
                          const struct incident_filter *f, int limit,
                          struct incident_list *out)
{
    struct list_q q = {0};
    struct id_set ids = {0};
    bool full = false;
    enum kz_err err;

    q.f = f;
    q.g = *f;
    q.g.q = NULL;
    q.g.search = NULL;
    q.g.before_id = 0;
    q.g.after = NULL;
    q.ref = ref_q_shape(f->q, q.ref_text);
    snprintf(q.ref_end, sizeof(q.ref_end), "%s\x7f", q.ref_text);
    err = sqlite_search_match(ss, f->search, &q.match, NULL);
    if (err == KZ_OK)
        err = like_pattern(f->q, &q.like);
    if (err == KZ_OK && f->sort == LIST_SORT_DEFAULT)
        err = page_by_id(ss, &q, limit, &ids);
    else if (err == KZ_OK) {
        err = fts_ids(ss, &q, true, 0, sqlite_list_q_set_max, &ids, &full);
        if (err == KZ_OK && !full && q.ref != REF_Q_NONE)
            err =
                ref_ids(ss, &q, true, 0, 0, sqlite_list_q_set_max, &ids, &full);
    }
    if (err == KZ_OK && full) {
        /* The n gathered ones lie in a span of ids: a share of at least
         * n / span of the incidents passing the filters matches, so
         * twice limit / share of them in the list's order hold a page. */
        int64_t lo = INT64_MAX, hi = 0, batch = sqlite_list_q_walk_batch;
        for (size_t i = 0; i < ids.n; i++) {
            lo = ids.v[i] < lo ? ids.v[i] : lo;
            hi = ids.v[i] > hi ? ids.v[i] : hi;
        }
        if (ids.n > 0)
            batch = (int64_t)limit * 2 * (hi - lo + 1) / (int64_t)ids.n;
        if (batch < limit + 1)
            batch = limit + 1;
        if (batch > sqlite_list_q_walk_batch)
            batch = sqlite_list_q_walk_batch;
        err = list_q_walk(ss, &q, limit, (int)batch, out);
    } else if (err == KZ_OK)
        err = fetch_ids(ss, &q, &ids, limit, out);
    xfree(ids.v);
    xfree(q.match);
    xfree(q.like);
    return err;
}

enum kz_err sqlite_incident_list(struct store *s,
                                 const struct incident_filter *f,
                                 struct incident_list *out)
{
    struct sqlite_store *ss = sq(s);
    struct filter_sql fs = {0};
    sqlite3_stmt *st = NULL;
    int limit = f->limit < 1                    ? 1
                : f->limit > INCIDENT_FETCH_MAX ? INCIDENT_FETCH_MAX
                                                : f->limit;
    enum kz_err err;
    int rc = SQLITE_DONE;

    out->items = NULL;
    out->n = 0;
    if (f->q != NULL && f->q[0] != '\0' && f->search != NULL &&
        search_query_has_terms(f->search)) {
        err = list_q(ss, f, limit, out);
        if (err != KZ_OK)
            incident_list_cleanup(out);
        return err;
    }
    buf_init(&fs.text, 4096);
    fs.ss = ss;
    err = build_filter(&fs, f, true);
    if (err == KZ_OK)
        err = add_order(&fs, f, limit);
    if (err == KZ_OK)
        err = prepare_filtered(
            ss, &fs, "SELECT " INCIDENT_COLUMNS " FROM incident i", "", &st);
    if (err == KZ_OK)
        out->items =
            sqlite_rows(st, sizeof(*out->items), row_incident, &out->n, &rc);
    if (err == KZ_OK && rc != SQLITE_DONE)
        err = sqlite_err(ss, rc);
    sqlite3_finalize(st);
    filter_sql_cleanup(&fs);
    if (err != KZ_OK)
        incident_list_cleanup(out);
    return err;
}

enum kz_err sqlite_incident_count(struct store *s,
                                  const struct incident_filter *f, int64_t *out)
{
    struct sqlite_store *ss = sq(s);
    struct filter_sql fs = {0};
    sqlite3_stmt *st = NULL;
    enum kz_err err;

    buf_init(&fs.text, 4096);
    fs.ss = ss;
    err = build_filter(&fs, f, false);
    if (err == KZ_OK)
        err = prepare_filtered(ss, &fs, "SELECT count(*) FROM incident i", "",
                               &st);
    if (err == KZ_OK) {
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            *out = sqlite3_column_int64(st, 0);
        else
            err = sqlite_err(ss, rc);
    }
    sqlite3_finalize(st);
    filter_sql_cleanup(&fs);
    return err;
}

/* Add document row 'st' (its matching-document columns from 'col') to
 * the hit of its incident, reading the incident from the row when it is
 * a new one.  The documents of one incident come one after the other. */
static void add_search_row(sqlite3_stmt *st, int col, struct search_hits *out,
                           size_t *cap)
{
    int64_t id = sqlite3_column_int64(st, 0);
    struct search_hit *h = out->n > 0 ? &out->items[out->n - 1] : NULL;

    if (h == NULL || h->inc.id != id) {
        if (out->n == *cap) {
            *cap = *cap ? *cap * 2 : 16;
            out->items = xrealloc(out->items, *cap * sizeof(*out->items));
        }
        h = &out->items[out->n++];
        memset(h, 0, sizeof(*h));
        row_incident(st, &h->inc);
        h->matches = xcalloc(SEARCH_MATCHES_MAX, sizeof(*h->matches));
    }
    if (h->n < SEARCH_MATCHES_MAX)
        sqlite_search_read_match(st, col, &h->matches[h->n++]);
}

/*
 * Search: the matching documents come from the index in id order, which
 * is incidents newest first (sqlite_int.h), so the first f->limit
 * distinct incidents that pass the listing's filters and need-to-know
 * are the page, with their matching documents, and the scan stops there.
 * 'flags' is made of '0' and '1' only (sqlite_search_match), so it may be
 * written into the statement.
 */
enum kz_err sqlite_search_scan(struct sqlite_store *ss,
                               const struct incident_filter *f,
                               const char *match, const char *flags,
                               struct search_hits *out)
{
    struct incident_filter g = *f;
    struct filter_sql fs = {0};
    struct buf head;
    sqlite3_stmt *st = NULL;
    size_t cap = 0, limit = (size_t)(f->limit > 0 ? f->limit : 1);
    int rc = SQLITE_DONE;
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    for (const char *p = flags; *p != '\0'; p++) {
        if (*p != '0' && *p != '1')
            return KZ_EINVAL;
    }
    g.q = NULL;
    g.search = NULL;
    buf_init(&fs.text, 4096);
    buf_init(&head, 4096);
    err = build_filter(&fs, &g, false);
    if (err == KZ_OK)
        err = add_param_text(&fs, " AND search_fts MATCH ?", match);
    if (err == KZ_OK && f->before_id > 0)
        err = add_param_int(&fs, " AND search_fts.rowid >= ?",
                            (SEARCH_DOC_TOP - f->before_id + 1) << 24);
    if (err == KZ_OK)
        err = buf_puts(&fs.text, " ORDER BY search_fts.rowid");
    if (err == KZ_OK)
        err = buf_printf(&head,
                         "SELECT " INCIDENT_COLUMNS ", d.kind, search_fts.body,"
                         " kz_offsets(search_fts, '%s') FROM search_fts"
                         " JOIN incident i ON i.id = %" PRId64
                         " - (search_fts.rowid >> 24)"
                         " JOIN search_doc d ON d.id = search_fts.rowid",
                         flags, SEARCH_DOC_TOP);
    if (err == KZ_OK)
        err = prepare_filtered(ss, &fs, head.data, "", &st);
    int col = st != NULL ? sqlite3_column_count(st) - 3 : 0;
    while (err == KZ_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        /* One incident more than the page tells that another follows;
         * its documents are not needed. */
        if (out->n == limit &&
            sqlite3_column_int64(st, 0) != out->items[out->n - 1].inc.id)
            break;
        add_search_row(st, col, out, &cap);
    }
    if (err == KZ_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        err = sqlite_err(ss, rc);
    sqlite3_finalize(st);
    filter_sql_cleanup(&fs);
    buf_cleanup(&head);
    if (err != KZ_OK)
        search_hits_cleanup(out);
    return err;
}
