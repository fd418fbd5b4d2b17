/* SPDX-License-Identifier: MIT */
/*
 * response_json.c - response-engine records <-> JSON (see
 * response_json.h).
 */
#include "json/response_json.h"

#include <stdio.h>
#include <string.h>

#include "json/fields.h"
#include "util/mem.h"

static const char *const asset_keys[] = {
    "id",
    "name",
    "kind",
    "owner",
    "priority",
    "stop_decider",
    "outsourced_to",
    "vendor_responsibility",
    "vendor_contact",
    "notes",
    "version",
    "created_at",
    "updated_at",
    NULL,
};

json_t *asset_to_json(const struct asset *a)
{
    json_t *o = json_object();

    json_object_set_new(o, "id", json_integer(a->id));
    json_object_set_new(o, "name", jf_text_json(a->name));
    json_object_set_new(o, "kind", jf_text_json(a->kind));
    json_object_set_new(o, "owner", jf_text_json(a->owner));
    json_object_set_new(o, "priority", json_integer(a->priority));
    json_object_set_new(o, "stop_decider", jf_text_json(a->stop_decider));
    json_object_set_new(o, "outsourced_to", jf_text_json(a->outsourced_to));
    json_object_set_new(o, "vendor_responsibility",
                        jf_text_json(a->vendor_responsibility));
    json_object_set_new(o, "vendor_contact", jf_text_json(a->vendor_contact));
    json_object_set_new(o, "notes", jf_text_json(a->notes));
    json_object_set_new(o, "version", json_integer(a->version));
    json_object_set_new(o, "created_at", jf_time_json(a->created_at));
    json_object_set_new(o, "updated_at", jf_time_json(a->updated_at));
    return o;
}

void asset_apply_json(const json_t *obj, struct asset *a, struct kz_problems *p)
{
    jf_only(obj, asset_keys, p);
    jf_text(obj, "name", &a->name, p);
    jf_text(obj, "kind", &a->kind, p);
    jf_text(obj, "owner", &a->owner, p);
    jf_int(obj, "priority", &a->priority, 1, 4, "v.priority", p);
    jf_text(obj, "stop_decider", &a->stop_decider, p);
    jf_text(obj, "outsourced_to", &a->outsourced_to, p);
    jf_text(obj, "vendor_responsibility", &a->vendor_responsibility, p);
    jf_text(obj, "vendor_contact", &a->vendor_contact, p);
    jf_text(obj, "notes", &a->notes, p);
}

static const char *const contact_keys[] = {
    "id",
    "name",
    "organisation",
    "roles",
    "email",
    "phone",
    "webhook_url",
    "windows",
    "oncall_order",
    "notes",
    "last_verified_at",
    "version",
    "created_at",
    "updated_at",
    "stale",
    NULL,
};

/* "https://hooks.example.com/…": enough to recognise, not to use.  The
 * secret may be in the path, the query or the fragment, so everything
 * from the first '/', '?' or '#' after the host is hidden. */
static json_t *masked_url(const char *url)
{
    const char *host;
    char out[300];

    if (url == NULL || url[0] == '\0')
        return json_null();
    host = strstr(url, "://");
    host = host ? host + 3 : url;
    const char *cut = host + strcspn(host, "/?#");
    size_t n = (size_t)(cut - url);
    /* Too long to show whole: cut, and marked as cut.  Shown without the
     * mark, the value sent back unchanged would be taken for a new
     * address and replace the stored one with its first 200 bytes. */
    if (n > 200)
        snprintf(out, sizeof(out), "%.200s…", url);
    else if (*cut != '\0')
        snprintf(out, sizeof(out), "%.*s%c…", (int)n, url, *cut);
    else
        snprintf(out, sizeof(out), "%.*s", (int)n, url);
    return json_string(out);
}

json_t *contact_to_json(const struct contact *c, bool reveal)
{
    json_t *o = json_object();

    json_object_set_new(o, "id", json_integer(c->id));
    json_object_set_new(o, "name", jf_text_json(c->name));
    json_object_set_new(o, "organisation", jf_text_json(c->organisation));
    json_object_set_new(o, "roles", jf_strv_json(&c->roles));
    json_object_set_new(o, "email", jf_text_json(c->email));
    json_object_set_new(o, "phone", jf_text_json(c->phone));
    json_object_set_new(o, "webhook_url",
                        reveal ? jf_text_json(c->webhook_url)
                               : masked_url(c->webhook_url));
    json_object_set_new(o, "windows", jf_strv_json(&c->windows));
    json_object_set_new(o, "oncall_order", json_integer(c->oncall_order));
    json_object_set_new(o, "notes", jf_text_json(c->notes));
    json_object_set_new(o, "last_verified_at",
                        jf_time_json(c->last_verified_at));
    json_object_set_new(o, "version", json_integer(c->version));
    json_object_set_new(o, "created_at", jf_time_json(c->created_at));
    json_object_set_new(o, "updated_at", jf_time_json(c->updated_at));
    return o;
}

void contact_apply_json(const json_t *obj, struct contact *c,
                        struct kz_problems *p)
{
    jf_only(obj, contact_keys, p);
    jf_text(obj, "name", &c->name, p);
    jf_text(obj, "organisation", &c->organisation, p);
    jf_strv(obj, "roles", &c->roles, p);
    jf_text(obj, "email", &c->email, p);
    jf_text(obj, "phone", &c->phone, p);
    /* A masked address sent back unchanged keeps the stored one. */
    json_t *url = json_object_get(obj, "webhook_url");
    if (!(json_is_string(url) && strstr(json_string_value(url), "…") != NULL))
        jf_text(obj, "webhook_url", &c->webhook_url, p);
    jf_strv(obj, "windows", &c->windows, p);
    jf_int(obj, "oncall_order", &c->oncall_order, 1, 99, "v.oncall_order", p);
    jf_text(obj, "notes", &c->notes, p);
    jf_time(obj, "last_verified_at", &c->last_verified_at, p);
}

static const char *const rule_keys[] = {
    "id",      "name",         "categories",      "max_severity",
    "kinds",   "summon_roles", "summon_contacts", "ack_minutes",
    "enabled", "version",      "created_at",      "updated_at",
    NULL,
};

json_t *conv_rule_to_json(const struct conv_rule *r)
{
    json_t *o = json_object();
    json_t *ids = json_array();

    for (size_t i = 0; i < r->n_summon_contacts; i++)
        json_array_append_new(ids, json_integer(r->summon_contacts[i]));
    json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "name", jf_text_json(r->name));
    json_object_set_new(o, "categories", jf_strv_json(&r->categories));
    json_object_set_new(o, "max_severity",
                        jf_text_json(severity_key(r->max_severity)));
    json_object_set_new(o, "kinds", jf_strv_json(&r->kinds));
    json_object_set_new(o, "summon_roles", jf_strv_json(&r->summon_roles));
    json_object_set_new(o, "summon_contacts", ids);
    json_object_set_new(o, "ack_minutes", json_integer(r->ack_minutes));
    json_object_set_new(o, "enabled", json_boolean(r->enabled));
    json_object_set_new(o, "version", json_integer(r->version));
    json_object_set_new(o, "created_at", jf_time_json(r->created_at));
    json_object_set_new(o, "updated_at", jf_time_json(r->updated_at));
    return o;
}

void conv_rule_apply_json(const json_t *obj, struct conv_rule *r,
                          struct kz_problems *p)
{
    jf_only(obj, rule_keys, p);
    jf_text(obj, "name", &r->name, p);
    jf_strv(obj, "categories", &r->categories, p);
    jf_severity(obj, "max_severity", &r->max_severity, false, p);
    jf_strv(obj, "kinds", &r->kinds, p);
    jf_strv(obj, "summon_roles", &r->summon_roles, p);
    jf_int(obj, "ack_minutes", &r->ack_minutes, 1, CONV_ACK_MINUTES_MAX,
           "v.ack_minutes", p);
    jf_bool(obj, "enabled", &r->enabled, p);
    json_t *ids = json_object_get(obj, "summon_contacts");
    size_t i;
    json_t *v;
    if (ids == NULL)
        return;
    if (!json_is_array(ids) && !json_is_null(ids)) {
        kz_problems_add(p, "summon_contacts", "v.type_array");
        return;
    }
    json_array_foreach(ids, i, v)
    {
        if (!json_is_integer(v) || json_integer_value(v) < 1) {
            kz_problems_add_at(p, "summon_contacts", i, NULL, "v.no_contact");
            return;
        }
    }
    xfree(r->summon_contacts);
    r->summon_contacts = NULL;
    r->n_summon_contacts = 0;
    json_array_foreach(ids, i, v)
        conv_rule_add_contact(r, json_integer_value(v));
}

json_t *playbook_to_json(const struct playbook *pb)
{
    json_t *steps = json_array();

    for (size_t i = 0; i < pb->n; i++) {
        const struct playbook_step *s = &pb->steps[i];
        json_array_append_new(
            steps,
            json_pack("{s:s, s:s, s:s, s:i, s:o, s:b}", "phase",
                      phase_key(s->phase), "title_ja", s->title_ja, "title_en",
                      s->title_en, "due_hours", s->due_hours, "owner_role",
                      jf_text_json(s->owner_role), "first_aid", s->first_aid));
    }
    return json_pack("{s:o, s:o}", "category", jf_text_json(pb->category),
                     "steps", steps);
}

void playbook_apply_json(const json_t *obj, struct playbook *pb,
                         struct kz_problems *p)
{
    static const char *const keys[] = {"category", "steps", "custom", NULL};
    static const char *const step_keys[] = {
        "phase",      "title_ja",  "title_en", "due_hours",
        "owner_role", "first_aid", NULL};
    json_t *steps = json_object_get(obj, "steps");
    size_t i;
    json_t *v;

    jf_only(obj, keys, p);
    if (!json_is_array(steps)) {
        kz_problems_add(p, "steps", steps ? "v.type_array" : "v.required");
        return;
    }
    json_array_foreach(steps, i, v)
    {
        if (!json_is_object(v)) {
            kz_problems_add_at(p, "steps", i, NULL, "v.type_object");
            return;
        }
    }
    char *category = pb->category;
    pb->category = NULL;
    playbook_cleanup(pb);
    pb->category = category;
    json_array_foreach(steps, i, v)
    {
        struct kz_problems sub;
        char *ja = NULL;
        char *en = NULL;
        char *role = NULL;
        int due = 0;
        bool first_aid = false;
        enum phase ph = PHASE_COUNT;
        json_t *jp = json_object_get(v, "phase");

        kz_problems_clear(&sub);
        jf_only(v, step_keys, &sub);
        jf_text(v, "title_ja", &ja, &sub);
        jf_text(v, "title_en", &en, &sub);
        jf_text(v, "owner_role", &role, &sub);
        jf_int(v, "due_hours", &due, 0, PLAYBOOK_DUE_HOURS_MAX, "v.due_hours",
               &sub);
        jf_bool(v, "first_aid", &first_aid, &sub);
        if (!json_is_string(jp) || !phase_from_key(json_string_value(jp), &ph))
            kz_problems_add(&sub, "phase", "v.unknown_key");
        for (size_t k = 0; k < sub.n; k++)
            kz_problems_add_at(p, "steps", i, sub.items[k].field,
                               sub.items[k].msg_key);
        playbook_add(pb, ph == PHASE_COUNT ? PHASE_TRIAGE : ph, ja, en, due,
                     role, first_aid);
        xfree(ja);
        xfree(en);
        xfree(role);
    }
}

json_t *task_to_json(const struct task *t, kz_time now)
{
    json_t *o = json_object();

    json_object_set_new(o, "id", json_integer(t->id));
    json_object_set_new(o, "phase", json_string(phase_key(t->phase)));
    json_object_set_new(o, "title", jf_text_json(t->title));
    json_object_set_new(o, "owner", jf_text_json(t->owner));
    json_object_set_new(o, "due_at", jf_time_json(t->due_at));
    json_object_set_new(o, "status", json_string(task_status_key(t->status)));
    json_object_set_new(o, "done_at", jf_time_json(t->done_at));
    json_object_set_new(o, "done_by", jf_text_json(t->done_by));
    json_object_set_new(o, "reason", jf_text_json(t->skip_reason));
    json_object_set_new(o, "source", jf_text_json(t->source));
    json_object_set_new(o, "first_aid", json_boolean(t->first_aid));
    json_object_set_new(o, "overdue", json_boolean(task_is_overdue(t, now)));
    json_object_set_new(o, "version", json_integer(t->version));
    json_object_set_new(o, "created_at", jf_time_json(t->created_at));
    return o;
}

/* jf_text, true when member 'key' was there and fit. */
static bool text_member(const json_t *obj, const char *key, char **dst,
                        struct kz_problems *p)
{
    size_t n0 = p->n;

    jf_text(obj, key, dst, p);
    return json_object_get(obj, key) != NULL && p->n == n0;
}

enum kz_err task_patch_from_json(const json_t *obj, struct task_patch *out,
                                 struct kz_problems *p)
{
    static const char *const keys[] = {
        "id",      "phase",   "title",      "owner",  "due_at",
        "status",  "done_at", "done_by",    "source", "first_aid",
        "overdue", "version", "created_at", "reason", NULL};
    size_t before = p->n;
    json_t *v;

    /* The members a client reads are accepted back and ignored, so a task
     * can be sent back as it was read. */
    jf_only(obj, keys, p);
    v = json_object_get(obj, "phase");
    if (v != NULL) {
        out->has_phase = json_is_string(v) &&
                         phase_from_key(json_string_value(v), &out->phase);
        if (!out->has_phase)
            kz_problems_add(p, "phase", "v.unknown_key");
    }
    out->has_title = text_member(obj, "title", &out->title, p);
    out->has_owner = text_member(obj, "owner", &out->owner, p);
    size_t n0 = p->n;
    jf_time(obj, "due_at", &out->due_at, p);
    out->has_due_at = json_object_get(obj, "due_at") != NULL && p->n == n0;
    out->has_reason = text_member(obj, "reason", &out->reason, p);
    v = json_object_get(obj, "status");
    if (v != NULL) {
        out->has_status =
            json_is_string(v) &&
            task_status_from_key(json_string_value(v), &out->status);
        if (!out->has_status)
            kz_problems_add(p, "status", "v.unknown_key");
    }
    return p->n > before ? KZ_EINVAL : KZ_OK;
}

void task_apply_json(const json_t *obj, struct task *t, struct kz_problems *p)
{
    struct task_patch patch;

    task_patch_init(&patch);
    (void)task_patch_from_json(obj, &patch, p);
    task_patch_apply(&patch, t);
    task_patch_cleanup(&patch);
}
