/* SPDX-License-Identifier: MIT */
/*
 * response.c - triage, playbook tasks, convocation, escalation and
 * acknowledgement (see response.h).
 */
#include "app/response.h"

#include <stdio.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/guard.h"
#include "app/chronicle.h"
#include "app/registry.h"
#include "app/secret.h"
#include "core/contact.h"
#include "core/convocation.h"
#include "core/playbook.h"
#include "core/taxonomy.h"
#include "json/chron_args.h"
#include "json/convocation_json.h"
#include "util/buf.h"
#include "util/mem.h"

enum kz_err app_asset_index(struct store *s, struct asset_index *ix)
{
    void *items = NULL;
    size_t n = 0;
    enum kz_err err = registry_load_all(s, &registry_asset, &items, &n);

    ix->items = items;
    ix->n = n;
    return err;
}

void app_asset_index_free(struct asset_index *ix)
{
    registry_free(&registry_asset, ix->items, ix->n);
    ix->items = NULL;
    ix->n = 0;
}

void app_triage_of(const struct asset_index *ix, const struct incident *inc,
                   struct triage_result *r)
{
    struct triage_input in = {inc, 0, NULL};

    /* The most important inventory asset among those the record names. */
    for (size_t i = 0; i < inc->assets.n; i++) {
        for (size_t k = 0; k < ix->n; k++) {
            const struct asset *a = &ix->items[k];
            if (a->name == NULL || strcmp(a->name, inc->assets.v[i]) != 0)
                continue;
            if (in.best_asset_priority == 0 ||
                a->priority < in.best_asset_priority) {
                in.best_asset_priority = a->priority;
                in.best_asset_name = a->name;
            }
        }
    }
    triage_compute(&in, r);
}

enum kz_err app_triage_apply(struct store *s, struct incident *inc)
{
    struct asset_index ix = {0};
    struct triage_result r;
    enum kz_err err = app_asset_index(s, &ix);

    if (err != KZ_OK)
        return err;
    app_triage_of(&ix, inc, &r);
    app_asset_index_free(&ix);
    if (!inc->severity_manual)
        inc->severity = r.severity;
    if (!inc->priority_manual)
        inc->priority = r.priority;
    return KZ_OK;
}

static bool same_text(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

/* Label of 'key' in 't' in Japanese and English: "ランサムウェア /
 * Ransomware" (OUT: buf). */
static const char *both(const struct taxonomy *t, const char *key, char *buf,
                        size_t n, enum lang lang)
{
    const char *l = key ? taxonomy_label(t, key, lang) : NULL;

    snprintf(buf, n, "%s", l ? l : (key ? key : "-"));
    return buf;
}

/* Write the playbook of the incident's category as tasks. */
static enum kz_err tasks_from_playbook(struct store *s,
                                       const struct app_ctx *ctx,
                                       const struct incident *inc)
{
    struct playbook pb;
    struct task t;
    bool custom = false;
    enum kz_err err;

    playbook_init(&pb);
    task_init(&t);
    err = app_playbook_get(s, inc->category, &pb, &custom);
    for (size_t i = 0; err == KZ_OK && i < pb.n; i++) {
        playbook_task(&pb, i, ctx->now, LANG_JA, inc->owner, &t);
        t.incident_id = inc->id;
        err = store_task_insert(s, &t);
    }
    if (err == KZ_OK && pb.n > 0) {
        /* A key and its arguments: each reader sees it in their language. */
        const struct chron_arg args[] = {
            CHRON_STR("category", inc->category ? inc->category : ""),
            CHRON_INT("n", (int64_t)pb.n)};
        char *body = chron_args_body(custom ? "chron.tasks_created_custom"
                                            : "chron.tasks_created",
                                     args, sizeof args / sizeof *args);
        err = app_chron_append(s, inc, NULL, ENTRY_ACTION, CHRONICLE_SYSTEM,
                               ctx->now, body, NULL);
    }
    task_cleanup(&t);
    playbook_cleanup(&pb);
    return err;
}

/* The message of a summons in Japanese, then English; on success
 * '*subject' and '*body' are the caller's to free. */
static enum kz_err compose(const struct incident *inc,
                           const struct conv_rule *rule,
                           const struct contact *c, const char *role,
                           const char *base_url, const char *token,
                           int ack_minutes, char **subject, char **body)
{
    struct buf b;
    char cat_ja[256];
    char cat_en[256];
    char role_ja[128];
    char role_en[128];
    const char *sev = severity_key(inc->severity);
    enum kz_err err;

    both(&taxonomy_category, inc->category, cat_ja, sizeof(cat_ja), LANG_JA);
    both(&taxonomy_category, inc->category, cat_en, sizeof(cat_en), LANG_EN);
    both(&taxonomy_contact_role, role, role_ja, sizeof(role_ja), LANG_JA);
    both(&taxonomy_contact_role, role, role_en, sizeof(role_en), LANG_EN);
    buf_init(&b, 64 * 1024);
    err = buf_printf(&b, "[kizuki] 招集 / Summons: %s %s %s", inc->ref,
                     sev ? sev : "", cat_ja);
    if (err != KZ_OK) {
        buf_cleanup(&b);
        return err;
    }
    *subject = buf_take(&b);
    buf_init(&b, 64 * 1024);
    err = buf_printf(&b, "【招集】%s（%s / %s）\n", inc->ref, sev ? sev : "-",
                     cat_ja);
    if (err == KZ_OK)
        err = buf_printf(&b, "%s 様\n招集基準: %s\n", c->name, rule->name);
    if (err == KZ_OK && role != NULL)
        err = buf_printf(&b, "招集された役割: %s\n", role_ja);
    /* A need-to-know incident's title stays inside kizuki. */
    if (err == KZ_OK)
        err = buf_printf(&b, "件名: %s\n",
                         inc->restricted ? "（関係者限定のため省略）"
                                         : inc->title);
    if (err == KZ_OK)
        err = buf_printf(&b,
                         "%d分以内に確認してください: %s/ack/%s\n"
                         "インシデント: %s/incidents/%s\n\n",
                         ack_minutes, base_url, token, base_url, inc->ref);
    if (err == KZ_OK)
        err =
            buf_printf(&b, "[Summons] %s (%s / %s)\nTo: %s\nRule: %s\n",
                       inc->ref, sev ? sev : "-", cat_en, c->name, rule->name);
    if (err == KZ_OK && role != NULL)
        err = buf_printf(&b, "Called as: %s\n", role_en);
    if (err == KZ_OK)
        err = buf_printf(&b,
                         "Please acknowledge within %d minutes: %s/ack/%s\n"
                         "Incident: %s/incidents/%s\n",
                         ack_minutes, base_url, token, base_url, inc->ref);
    if (err != KZ_OK) {
        buf_cleanup(&b);
        xfree(*subject);
        *subject = NULL;
        return err;
    }
    *body = buf_take(&b);
    return KZ_OK;
}

/* Queue one message of summons 'x' on 'channel' to 'target'. */
static enum kz_err queue(struct store *s, const struct summons *x,
                         const char *channel, const char *target,
                         const char *subject, const char *body, kz_time now)
{
    struct outbox_msg m;
    char key[96];
    enum kz_err err;

    outbox_msg_init(&m);
    snprintf(key, sizeof(key), "kizuki-summons-%lld-%s", (long long)x->id,
             channel);
    m.summons_id = x->id;
    m.channel = xstrdup(channel);
    m.target = xstrdup(target);
    m.subject = xstrdup(subject);
    m.idem_key = xstrdup(key);
    m.created_at = now;
    m.next_attempt_at = now;
    if (strcmp(channel, "webhook") == 0) {
        m.body = webhook_text_body(body);
    } else {
        m.body = xstrdup(body);
    }
    err = store_outbox_insert(s, &m);
    outbox_msg_cleanup(&m);
    return err;
}

/*
 * Where the messages' links point (OUT: *out, caller frees): the
 * base_url setting without a trailing '/', or kizuki's default when it is
 * unset or cleared.  A failed read is an error, not the default: a link
 * to the wrong address cannot be acknowledged, and the summons would
 * escalate past someone who never got a working link.
 */
static enum kz_err link_base(struct store *s, char **out)
{
    char *v = NULL;
    enum kz_err err = store_setting_get(s, "base_url", &v);

    *out = NULL;
    if (err == KZ_ENOTFOUND || (err == KZ_OK && (v == NULL || v[0] == '\0'))) {
        xfree(v);
        v = xstrdup("http://127.0.0.1:8080");
        err = KZ_OK;
    }
    if (err != KZ_OK) {
        xfree(v);
        return err;
    }
    size_t n = strlen(v);
    if (n > 0 && v[n - 1] == '/')
        v[n - 1] = '\0';
    *out = v;
    return KZ_OK;
}

/* Call contact 'c' for incident 'inc' by 'rule'; 'role' is what they are
 * called as (NULL: named by the rule). */
static enum kz_err summon(struct store *s, kz_time now,
                          const struct incident *inc,
                          const struct conv_rule *rule, const struct contact *c,
                          const char *role, int step, bool *queued)
{
    struct summons x;
    char token[SECRET_HEX_LEN + 1];
    char *subject = NULL;
    char *body = NULL;
    enum kz_err err;

    summons_init(&x);
    x.incident_id = inc->id;
    x.rule_id = rule->id;
    x.contact_id = c->id;
    x.role = xstrdup(role);
    x.step = step;
    secret_ack_new(token, x.token_digest);
    x.created_at = now;
    x.ack_due_at = now + (kz_time)rule->ack_minutes * 60;
    err = store_summons_insert(s, &x);
    char *base = NULL;
    if (err == KZ_OK)
        err = link_base(s, &base);
    if (err == KZ_OK)
        err = compose(inc, rule, c, role, base, token, rule->ack_minutes,
                      &subject, &body);
    xfree(base);
    if (err == KZ_OK && c->webhook_url != NULL && c->webhook_url[0] != '\0')
        err = queue(s, &x, "webhook", c->webhook_url, subject, body, now);
    if (err == KZ_OK && c->email != NULL && c->email[0] != '\0')
        err = queue(s, &x, "email", c->email, subject, body, now);
    if (err == KZ_OK && queued != NULL)
        *queued = true;
    memset(token, 0, sizeof(token));
    xfree(subject);
    xfree(body);
    summons_cleanup(&x);
    return err;
}

static const struct contact *contact_by_id(const struct contact *cs, size_t n,
                                           int64_t id)
{
    for (size_t i = 0; i < n; i++) {
        if (cs[i].id == id)
            return &cs[i];
    }
    return NULL;
}

static enum oncall_window window_at(kz_time t)
{
    int y;
    int m;
    int d;
    int h;

    timefmt_local(t, &y, &m, &d, &h);
    return oncall_window_of(y, m, d, h);
}

/* Fire 'rule' for 'inc': the named contacts, and for each role the first
 * contact of the on-call schedule for this hour. */
static enum kz_err fire(struct store *s, const struct app_ctx *ctx,
                        const struct incident *inc,
                        const struct conv_rule *rule, const struct contact *cs,
                        size_t n, bool *queued)
{
    int64_t called[64];
    size_t ncalled = 0;
    /* Each contact once, and a line for each role: at most two a role. */
    struct convened *names = xcalloc(
        rule->n_summon_contacts + rule->summon_roles.n + 1, sizeof(*names));
    size_t nn = 0;
    enum oncall_window w = window_at(ctx->now);
    enum kz_err err = KZ_OK;

    for (size_t i = 0; err == KZ_OK && i < rule->n_summon_contacts; i++) {
        const struct contact *c =
            contact_by_id(cs, n, rule->summon_contacts[i]);
        if (c == NULL || ncalled == 64)
            continue;
        called[ncalled++] = c->id;
        err = summon(s, ctx->now, inc, rule, c, NULL, 0, queued);
        if (err == KZ_OK)
            names[nn++] = (struct convened){"chron.convened.contact",
                                            c->name ? c->name : "?", NULL};
    }
    for (size_t r = 0; err == KZ_OK && r < rule->summon_roles.n; r++) {
        const char *role = rule->summon_roles.v[r];
        long pick = conv_pick(cs, n, role, w, 0);
        if (pick < 0) {
            names[nn++] = (struct convened){"chron.convened.none", NULL, role};
            continue;
        }
        bool dup = false;
        for (size_t k = 0; k < ncalled; k++)
            dup = dup || called[k] == cs[pick].id;
        if (dup || ncalled == 64)
            continue;
        called[ncalled++] = cs[pick].id;
        err = summon(s, ctx->now, inc, rule, &cs[pick], role, 0, queued);
        if (err == KZ_OK)
            names[nn++] =
                (struct convened){"chron.convened.role",
                                  cs[pick].name ? cs[pick].name : "?", role};
    }
    if (err == KZ_OK) {
        char *body = convened_body(rule->name, names, nn, rule->ack_minutes);
        err = app_chron_append(s, inc, NULL, ENTRY_ACTION, CHRONICLE_SYSTEM,
                               ctx->now, body, NULL);
    }
    if (err == KZ_OK) {
        char detail[64];
        snprintf(detail, sizeof(detail), "{\"rule\":%lld,\"summoned\":%zu}",
                 (long long)rule->id, ncalled);
        err = app_audit(s, ctx, "convocation.fire", inc->ref, detail);
    }
    xfree(names);
    return err;
}

/*
 * The severity the convocation rules are matched with: the record's, or
 * for one the score left unrated (facts missing, core/triage.h) what the
 * facts at hand give, as before unrated existed; it only rises as the
 * facts come in, and each rise fires the rules again (OUT: *sev).
 */
static enum kz_err rule_severity(struct store *s, const struct incident *inc,
                                 int *sev)
{
    struct asset_index ix = {0};
    struct triage_result r;

    *sev = inc->severity;
    if (*sev > 0)
        return KZ_OK;
    enum kz_err err = app_asset_index(s, &ix);
    if (err == KZ_OK) {
        app_triage_of(&ix, inc, &r);
        *sev = r.at_least;
    }
    app_asset_index_free(&ix);
    return err;
}

static enum kz_err convene(struct store *s, const struct app_ctx *ctx,
                           const struct incident *inc, bool *queued)
{
    void *rules = NULL;
    void *contacts = NULL;
    size_t nr = 0;
    size_t nc = 0;
    int sev = 0;
    enum kz_err err = rule_severity(s, inc, &sev);

    if (err == KZ_OK)
        err = registry_load_all(s, &registry_rule, &rules, &nr);
    if (err == KZ_OK)
        err = registry_load_all(s, &registry_contact, &contacts, &nc);
    /* Matched only: the summons itself says the record's severity. */
    struct incident probe = *inc;
    probe.severity = sev;
    const struct conv_rule *rs = rules;
    for (size_t i = 0; err == KZ_OK && i < nr; i++) {
        bool first = false;
        if (!conv_rule_matches(&rs[i], &probe))
            continue;
        err = store_conv_fire(s, inc->id, rs[i].id, ctx->now, &first);
        if (err == KZ_OK && first)
            err = fire(s, ctx, inc, &rs[i], contacts, nc, queued);
    }
    registry_free(&registry_rule, rules, nr);
    registry_free(&registry_contact, contacts, nc);
    return err;
}

enum kz_err app_response_after(struct store *s, const struct app_ctx *ctx,
                               const struct incident *before,
                               const struct incident *after, bool *queued)
{
    enum kz_err err = KZ_OK;

    if (after->category != NULL &&
        (before == NULL || !same_text(before->category, after->category)))
        err = tasks_from_playbook(s, ctx, after);
    /* SPEC C4: rules fire at triage and whenever severity or category
     * changes afterwards; each rule fires once per incident. */
    bool in_response =
        after->phase >= PHASE_TRIAGE && after->phase != PHASE_CLOSED;
    bool trigger = before == NULL || before->phase < PHASE_TRIAGE ||
                   before->severity != after->severity ||
                   !same_text(before->category, after->category);
    if (err == KZ_OK && in_response && trigger)
        err = convene(s, ctx, after, queued);
    return err;
}

/*
 * The next contact for the role of overdue summons 'x' in window 'w': the
 * first of that window's schedule whom this rule has not yet summoned to
 * the incident ('done').  Counting steps instead would skip people who
 * were never called when the window changed since the first call (a day
 * call escalating at night skipped the night's first on-call).
 */
static long next_on_call(const struct contact *cs, size_t nc,
                         const struct summons *x, enum oncall_window w,
                         const struct summons_list *done)
{
    for (int skip = 0;; skip++) {
        long i = conv_pick(cs, nc, x->role, w, skip);
        bool called = false;

        if (i < 0)
            return -1;
        for (size_t k = 0; k < done->n && !called; k++)
            called = done->items[k].rule_id == x->rule_id &&
                     done->items[k].contact_id == cs[i].id;
        if (!called)
            return i;
    }
}

/* Escalate one overdue summons in its own transaction. */
static enum kz_err escalate_one(struct store *s, kz_time now,
                                const struct summons *x, bool *queued)
{
    struct incident inc;
    struct doc d;
    struct conv_rule rule;
    void *contacts = NULL;
    size_t nc = 0;
    char *body = NULL;
    enum kz_err err;

    incident_init(&inc);
    doc_init(&d);
    conv_rule_init(&rule);
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = store_summons_escalated(s, x->id);
    if (err == KZ_OK)
        err = store_incident_get(s, x->ref, &inc);
    if (err == KZ_OK)
        err = registry_load_all(s, &registry_contact, &contacts, &nc);
    if (err == KZ_OK) {
        err = store_doc_get(s, DOC_RULE, x->rule_id, &d);
        if (err == KZ_OK)
            (void)conv_rule_doc_load(d.json, &rule);
        rule.id = x->rule_id;
    }
    const struct contact *cs = contacts;
    const struct contact *was = contact_by_id(cs, nc, x->contact_id);
    long next = -1;
    if (err == KZ_OK && x->role != NULL && inc.phase != PHASE_CLOSED) {
        struct summons_list done = {0};
        err = store_summons_list(s, inc.id, 0, &done);
        if (err == KZ_OK)
            next = next_on_call(cs, nc, x, window_at(now), &done);
        summons_list_cleanup(&done);
    }
    /* A closed case needs nobody: the summons lapses without a word. */
    bool lapsed = err == KZ_OK && inc.phase == PHASE_CLOSED;
    if (lapsed) {
        /* nothing to write */
    } else if (err == KZ_OK && next >= 0) {
        err = summon(s, now, &inc, &rule, &cs[next], x->role, x->step + 1,
                     queued);
        const struct chron_arg args[] = {
            CHRON_STR("from", was && was->name ? was->name : "?"),
            CHRON_STR("to", cs[next].name ? cs[next].name : "?")};
        body = chron_args_body("chron.escalated", args,
                               sizeof args / sizeof *args);
    } else if (err == KZ_OK) {
        const struct chron_arg args[] = {
            CHRON_STR("from", was && was->name ? was->name : "?")};
        body = chron_args_body("chron.unanswered", args, 1);
    }
    if (err == KZ_OK && !lapsed) {
        err = app_chron_append(s, &inc, NULL, ENTRY_CONTACT, CHRONICLE_SYSTEM,
                               now, body, NULL);
        body = NULL;
    }
    xfree(body);
    if (err == KZ_OK && !lapsed) {
        struct app_ctx sys = {
            {CHRONICLE_SYSTEM, ROLE_ADMIN}, "kizuki", now, NULL};
        char detail[64];
        snprintf(detail, sizeof(detail), "{\"summons\":%lld}",
                 (long long)x->id);
        err = app_audit(s, &sys, "convocation.escalate", inc.ref, detail);
    }
    registry_free(&registry_contact, contacts, nc);
    conv_rule_cleanup(&rule);
    doc_cleanup(&d);
    incident_cleanup(&inc);
    if (err == KZ_OK)
        return store_commit(s);
    store_rollback(s);
    /* Acknowledged meanwhile, or escalated by another process. */
    return err == KZ_ECONFLICT ? KZ_OK : err;
}

enum kz_err app_escalate(struct store *s, kz_time now, bool *queued, int *count)
{
    struct summons_list due = {0};
    enum kz_err err = store_summons_list(s, 0, now, &due);

    *count = 0;
    for (size_t i = 0; err == KZ_OK && i < due.n; i++) {
        err = escalate_one(s, now, &due.items[i], queued);
        if (err == KZ_OK)
            (*count)++;
    }
    summons_list_cleanup(&due);
    return err;
}

enum kz_err app_summons_ack(struct store *s, const struct app_ctx *ctx,
                            const char *token, int64_t id, struct summons *out)
{
    struct summons x;
    struct incident inc;
    struct doc d;
    char digest[HASH_HEX_SIZE];
    enum kz_err err;

    summons_init(&x);
    incident_init(&inc);
    doc_init(&d);
    if (token != NULL && !secret_ack_digest(token, digest))
        return KZ_ENOTFOUND;
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = token != NULL ? store_summons_by_token(s, digest, &x)
                        : store_summons_get(s, id, &x);
    if (err == KZ_OK)
        err = store_incident_get(s, x.ref, &inc);
    /* Signed in, one must be one of the responders to answer for it: an
     * auditor who acknowledged would stop the escalation of a call they
     * will not take. */
    if (err == KZ_OK && token == NULL)
        err = app_allowed(ctx, ACT_INCIDENT_RESPOND, &inc);
    if (err == KZ_OK && x.acked_at != KZ_TIME_NONE) {
        store_rollback(s);
        goto done;
    }
    if (err == KZ_OK)
        err = store_doc_get(s, DOC_CONTACT, x.contact_id, &d);
    const char *who = token != NULL ? d.name : ctx->actor.name;
    if (err == KZ_OK)
        err = store_summons_ack(s, x.id, ctx->now, who);
    if (err == KZ_OK) {
        const struct chron_arg args[] = {
            CHRON_STR("who", who ? who : "?"),
            CHRON_STR("via", token != NULL ? "link" : "ui")};
        char *body =
            chron_args_body("chron.acked", args, sizeof args / sizeof *args);
        err = app_chron_append(s, &inc, NULL, ENTRY_CONTACT, CHRONICLE_SYSTEM,
                               ctx->now, body, NULL);
    }
    if (err == KZ_OK) {
        struct app_ctx as = *ctx;
        if (token != NULL)
            as.actor.name = who ? who : "-";
        char detail[64];
        snprintf(detail, sizeof(detail), "{\"summons\":%lld}", (long long)x.id);
        err = app_audit(s, &as, "summons.ack", inc.ref, detail);
    }
    err = store_end(s, err);
    if (err == KZ_OK) {
        x.acked_at = ctx->now;
        xstrset(&x.acked_by, who);
    }
done:
    if (err == KZ_OK && out != NULL) {
        summons_cleanup(out);
        *out = x;
    } else {
        summons_cleanup(&x);
    }
    doc_cleanup(&d);
    incident_cleanup(&inc);
    return err;
}
