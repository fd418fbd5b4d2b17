/* SPDX-License-Identifier: MIT */
/*
 * chronology_json.c - chronology entries <-> JSON (see chronology_json.h).
 *
 * Bodies are serialised compactly with sorted keys, because the body text
 * is what the hash chain covers and must not depend on insertion order.
 */
#include "json/chronology_json.h"

#include <stdio.h>
#include <string.h>

#include "core/taxonomy.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/mem.h"
#include "util/timefmt.h"

#define BODY_FLAGS (JSON_COMPACT | JSON_SORT_KEYS)

json_t *chron_entry_to_json(const struct chron_entry *e)
{
    char at[TIMEFMT_LEN];
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "seq", (json_int_t)e->seq,
        "kind", entry_kind_key(e->kind), "actor", e->actor ? e->actor : "",
        "at", timefmt_format(e->at, at), "body", e->body ? e->body : "",
        "prev_hash", e->prev_hash, "hash", e->hash);

    json_object_set_new(o, "for_report", json_boolean(e->for_report));

    if (e->kind == ENTRY_PHASE_CHANGE || e->kind == ENTRY_FIELD_CHANGE) {
        json_t *change = json_loads(e->body ? e->body : "", 0, NULL);
        if (change != NULL)
            json_object_set_new(o, "change", change);
    }
    return o;
}

char *chron_phase_body(enum phase from, enum phase to, const char *reason)
{
    json_t *o = json_object();

    json_object_set_new(o, "from",
                        from < PHASE_COUNT ? json_string(phase_key(from))
                                           : json_null());
    json_object_set_new(o, "to", json_string(phase_key(to)));
    if (reason != NULL && reason[0] != '\0')
        json_object_set_new(o, "reason", json_string(reason));
    char *text = json_dumps(o, BODY_FLAGS);
    json_decref(o);
    return text;
}

char *chron_field_body(const char *field, json_t *from, json_t *to)
{
    json_t *o = json_object();

    json_object_set_new(o, "field", json_string(field));
    json_object_set(o, "from", from ? from : json_null());
    json_object_set(o, "to", to ? to : json_null());
    char *text = json_dumps(o, BODY_FLAGS);
    json_decref(o);
    return text;
}

bool chron_field_body_from(const char *body, const char *field, char **from)
{
    json_t *o = body != NULL ? json_loads(body, 0, NULL) : NULL;
    const char *f = json_string_value(json_object_get(o, "field"));
    bool is = f != NULL && strcmp(f, field) == 0;

    if (is) {
        const char *v = json_string_value(json_object_get(o, "from"));
        *from = v != NULL ? xstrdup(v) : NULL;
    }
    json_decref(o);
    return is;
}

/* What opens every message body kizuki writes (see chronology_json.h); a
 * person's note cannot start with it (core/chronology.c). */
#define SYS_PREFIX CHRON_SYSTEM_PREFIX

char *chron_sys_body(const char *msg, json_t *args)
{
    json_t *m = json_string(msg);
    char *ms = json_dumps(m, JSON_ENCODE_ANY);
    /* No arguments are written as an empty object, which is ours to free
     * like the one taken. */
    json_t *a = args != NULL ? args : json_object();
    char *as = json_dumps(a, BODY_FLAGS);
    struct buf b;

    /* "msg" first, by hand: the body is recognised by its opening. */
    buf_init(&b, 1024 * 1024);
    if (buf_printf(&b, "{\"msg\":%s,\"args\":%s}", ms, as) != KZ_OK)
        buf_reset(&b);
    xfree(ms);
    xfree(as);
    json_decref(m);
    json_decref(a);
    return buf_take(&b);
}

/* Argument names whose values are keys, shown by their label. */
static const struct {
    const char *name;
    const struct taxonomy *tax; /* or NULL: a catalogue key 'prefix'value */
    const char *prefix;
} translated[] = {
    {"category", &taxonomy_category, NULL},
    {"role", &taxonomy_contact_role, NULL},
    {"disclosure_kind", &taxonomy_disclosure_kind, NULL},
    {"aftercare_kind", &taxonomy_aftercare_kind, NULL},
    {"cost_category", &taxonomy_cost_category, NULL},
    {"fact", &taxonomy_fact, NULL},
    {"drift", NULL, "drift."},
    {"obligation", NULL, "obl."},
    {"channel", NULL, "chron.channel."},
    {"via", NULL, "chron.via."},
    {"custody_action", NULL, "ev.action."},
};

static enum kz_err render_msg(struct buf *b, const json_t *o, enum lang lang,
                              int depth);

static enum kz_err render_value(struct buf *b, const char *name,
                                const json_t *v, enum lang lang, int depth)
{
    if (json_is_integer(v))
        return buf_printf(b, "%lld", (long long)json_integer_value(v));
    if (json_is_array(v)) {
        size_t i;
        const json_t *it;
        enum kz_err err = KZ_OK;
        /* A list of lines stands one a line; others run on in a sentence. */
        const char *sep =
            strcmp(name, "lines") == 0 ? "\n" : i18n_text("chron.sep", lang);
        if (json_array_size(v) == 0)
            return buf_puts(b, i18n_text("chron.nobody", lang));
        json_array_foreach(v, i, it)
        {
            if (i > 0 && err == KZ_OK)
                err = buf_puts(b, sep);
            if (err == KZ_OK)
                err = render_msg(b, it, lang, depth + 1);
        }
        return err;
    }
    if (json_is_object(v))
        return render_msg(b, v, lang, depth + 1);
    const char *s = json_string_value(v);
    if (s == NULL)
        return buf_puts(b, "?");
    if (s[0] == '\0')
        return buf_puts(b, i18n_text("chron.blank", lang));
    for (size_t k = 0; k < sizeof(translated) / sizeof(translated[0]); k++) {
        if (strcmp(translated[k].name, name) != 0)
            continue;
        if (translated[k].tax != NULL) {
            const char *l = taxonomy_label(translated[k].tax, s, lang);
            return buf_puts(b, l ? l : s);
        }
        char key[128];
        snprintf(key, sizeof(key), "%s%s", translated[k].prefix, s);
        return buf_puts(b, i18n_has(key) ? i18n_text(key, lang) : s);
    }
    return buf_puts(b, s);
}

/* Fill the template of message 'o' ({"msg","args"}) in 'lang': each
 * {name} becomes its argument. */
static enum kz_err render_msg(struct buf *b, const json_t *o, enum lang lang,
                              int depth)
{
    const char *msg = json_string_value(json_object_get(o, "msg"));
    const json_t *args = json_object_get(o, "args");
    const json_t *n = json_object_get(args, "n");
    char key[128];

    /* Bodies are ours, but a stored body is still read defensively. */
    if (msg == NULL || strncmp(msg, "chron.", 6) != 0 || depth > 4 ||
        !json_is_object(args))
        return buf_puts(b, "?");
    snprintf(key, sizeof(key), "%s_one", msg);
    if (!(json_integer_value(n) == 1 && i18n_has(key)))
        snprintf(key, sizeof(key), "%s", msg);
    const char *t = i18n_text(key, lang);
    enum kz_err err = KZ_OK;
    while (err == KZ_OK && *t != '\0') {
        const char *open = strchr(t, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (close == NULL || (size_t)(close - open - 1) >= 64)
            return buf_puts(b, t);
        char name[64];
        memcpy(name, open + 1, (size_t)(close - open - 1));
        name[close - open - 1] = '\0';
        err = buf_append(b, t, (size_t)(open - t));
        /* A text kizuki knows in both languages carries the English one
         * as "<name>_en" (a playbook step's title). */
        char en[72];
        snprintf(en, sizeof(en), "%s_en", name);
        const json_t *v = json_object_get(args, en);
        if (lang != LANG_EN || !json_is_string(v))
            v = json_object_get(args, name);
        if (err == KZ_OK)
            err = render_value(b, name, v, lang, depth);
        t = close + 1;
    }
    return err;
}

bool chron_is_sys_body(const char *body)
{
    return body != NULL && strncmp(body, SYS_PREFIX, strlen(SYS_PREFIX)) == 0;
}

char *chron_sys_render(const char *body, enum lang lang)
{
    if (!chron_is_sys_body(body))
        return NULL;
    json_t *o = json_loads(body, 0, NULL);
    struct buf b;
    buf_init(&b, 1024 * 1024);
    enum kz_err err = o != NULL ? render_msg(&b, o, lang, 0) : KZ_EINVAL;
    json_decref(o);
    if (err != KZ_OK) {
        buf_cleanup(&b);
        return NULL;
    }
    return buf_take(&b);
}

json_t *chron_entry_to_json_lang(const struct chron_entry *e, enum lang lang)
{
    json_t *o = chron_entry_to_json(e);
    char *text = chron_sys_render(e->body, lang);

    json_object_set_new(o, "text",
                        json_string(text ? text : (e->body ? e->body : "")));
    json_object_set_new(o, "system", json_boolean(text != NULL));
    xfree(text);
    return o;
}

json_t *chron_break_to_json(const struct chron_break *b, enum lang lang)
{
    return json_pack("{s:s, s:I, s:s, s:s, s:s}", "ref", b->ref, "seq",
                     (json_int_t)b->seq, "problem",
                     i18n_text(b->what_key, lang), "expected", b->expected,
                     "found", b->found);
}
