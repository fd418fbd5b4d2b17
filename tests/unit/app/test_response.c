/* SPDX-License-Identifier: MIT */
/*
 * test_response.c - what kizuki does on its own when an incident moves
 * (src/app/response.c, SPEC C4): at triage the convocation rules summon
 * the right people, each with messages carrying the incident's reference
 * and an acknowledgement link; a rule fires once per incident; nobody
 * answering in time escalates to the next on-call contact of the window
 * the clock is in; acknowledgements are recorded once.  Time is the
 * app_ctx's "now" and app_escalate's argument: nothing sleeps.
 */
#include "support/chron_text.h"
#include "support/test.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "app/incident_ops.h"
#include "app/registry.h"
#include "app/response.h"
#include "app/secret.h"
#include "app/settings.h"
#include "app/verify.h"
#include "support/fixture.h"
#include "support/settle.h"
#include "support/tempdb.h"
#include "support/settings_patch.h"
#include "util/mem.h"

#define BASE "https://kizuki.example.jp"
#define MIN 60

/* The people of the directory, by what the tests call them. */
enum who {
    LEAD_DAY,     /* csirt_lead, no windows (business), order 1 */
    LEAD_DEPUTY,  /* csirt_lead, business + night, order 2 */
    LEAD_NIGHT,   /* csirt_lead, night, order 1 */
    LEAD_HOLIDAY, /* csirt_lead, holiday, order 1 */
    LEAD_SPARE,   /* csirt_lead, holiday + night, order 2 */
    IT,           /* it_admin, every window */
    PRIVACY,      /* privacy_officer, named by rule R1 */
    EXEC,         /* executive, every window */
    WHO_COUNT
};

static const char *const names[WHO_COUNT] = {
    "鈴木 一郎", "佐藤 次郎", "高橋 三郎", "渡辺 四郎",
    "伊藤 五郎", "田中 六郎", "小林 七子", "山本 八郎",
};

static const char *const contact_json[WHO_COUNT] = {
    "{\"name\": \"鈴木 一郎\", \"roles\": [\"csirt_lead\"],"
    " \"email\": \"suzuki@example.jp\","
    " \"webhook_url\": \"https://chat.example.jp/hooks/T0/B0/suzuki\","
    " \"oncall_order\": 1}",
    "{\"name\": \"佐藤 次郎\", \"roles\": [\"csirt_lead\"],"
    " \"email\": \"sato@example.jp\", \"windows\": [\"business\", \"night\"],"
    " \"oncall_order\": 2}",
    "{\"name\": \"高橋 三郎\", \"roles\": [\"csirt_lead\"],"
    " \"webhook_url\": \"https://chat.example.jp/hooks/T0/B0/takahashi\","
    " \"windows\": [\"night\"], \"oncall_order\": 1}",
    "{\"name\": \"渡辺 四郎\", \"roles\": [\"csirt_lead\"],"
    " \"email\": \"watanabe@example.jp\", \"windows\": [\"holiday\"],"
    " \"oncall_order\": 1}",
    "{\"name\": \"伊藤 五郎\", \"roles\": [\"csirt_lead\"],"
    " \"email\": \"ito@example.jp\", \"windows\": [\"holiday\", \"night\"],"
    " \"oncall_order\": 2}",
    "{\"name\": \"田中 六郎\", \"roles\": [\"it_admin\"],"
    " \"email\": \"tanaka@example.jp\","
    " \"windows\": [\"business\", \"night\", \"holiday\"]}",
    "{\"name\": \"小林 七子\", \"roles\": [\"privacy_officer\"],"
    " \"email\": \"kobayashi@example.jp\"}",
    "{\"name\": \"山本 八郎\", \"roles\": [\"executive\"],"
    " \"email\": \"yamamoto@example.jp\","
    " \"windows\": [\"business\", \"night\", \"holiday\"]}",
};

/* The directory and rules of one test's store. */
struct world {
    struct tempdb *t;
    int64_t contact[WHO_COUNT];
    int64_t r1; /* ransomware at S2 or graver: lead, IT, and PRIVACY */
    int64_t r2; /* any category at S1: executives */
    int64_t r3; /* malware at S2 or graver: lead only, 15 minutes */
};

static struct app_ctx admin_at(kz_time now)
{
    struct app_ctx c = {{"admin", ROLE_ADMIN}, "test", now, NULL};

    return c;
}

/* A local time in Tokyo. */
static kz_time jst(const char *local)
{
    char iso[40];

    snprintf(iso, sizeof(iso), "%s+09:00", local);
    return fixture_time(iso);
}

static int64_t save_contact(struct store *s, const char *json)
{
    struct app_ctx ctx = admin_at(FIXTURE_NOW);
    json_t *o = fixture_json(json);
    struct contact c;
    struct kz_problems p;

    contact_init(&c);
    kz_problems_clear(&p);
    if (app_registry_save(s, &ctx, &registry_contact, 0, o, -1, &c, &p) !=
        KZ_OK) {
        problems_print(&p);
        fail_msg("cannot save contact %s", json);
    }
    int64_t id = c.id;
    contact_cleanup(&c);
    json_decref(o);
    return id;
}

static int64_t save_rule(struct store *s, const char *json)
{
    struct app_ctx ctx = admin_at(FIXTURE_NOW);
    json_t *o = fixture_json(json);
    struct conv_rule r;
    struct kz_problems p;

    conv_rule_init(&r);
    kz_problems_clear(&p);
    if (app_registry_save(s, &ctx, &registry_rule, 0, o, -1, &r, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("cannot save rule %s", json);
    }
    int64_t id = r.id;
    conv_rule_cleanup(&r);
    json_decref(o);
    return id;
}

static int setup(void **state)
{
    struct world *w = xcalloc(1, sizeof(*w));
    struct app_ctx ctx = admin_at(FIXTURE_NOW);
    struct kz_problems p;
    char rule[256];

    tempdb_setup((void **)&w->t);
    for (int i = 0; i < WHO_COUNT; i++)
        w->contact[i] = save_contact(w->t->s, contact_json[i]);
    snprintf(rule, sizeof(rule),
             "{\"name\": \"ランサムウェア S2以上\","
             " \"categories\": [\"ransomware\"], \"max_severity\": \"S2\","
             " \"summon_roles\": [\"csirt_lead\", \"it_admin\"],"
             " \"summon_contacts\": [%lld], \"ack_minutes\": 30}",
             (long long)w->contact[PRIVACY]);
    w->r1 = save_rule(w->t->s, rule);
    w->r2 = save_rule(w->t->s, "{\"name\": \"S1 は経営層へ\","
                               " \"max_severity\": \"S1\","
                               " \"summon_roles\": [\"executive\"],"
                               " \"ack_minutes\": 60}");
    w->r3 = save_rule(w->t->s, "{\"name\": \"マルウェア\","
                               " \"categories\": [\"malware\"],"
                               " \"max_severity\": \"S2\","
                               " \"summon_roles\": [\"csirt_lead\"],"
                               " \"ack_minutes\": 15}");
    /* A trailing slash is not doubled in the links. */
    json_t *set = json_pack("{s:s}", "base_url", BASE "/");
    kz_problems_clear(&p);
    assert_int_equal(test_settings_patch(w->t->s, &ctx, set, &p), KZ_OK);
    json_decref(set);
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    struct world *w = *state;

    tempdb_teardown((void **)&w->t);
    xfree(w);
    return 0;
}

/* File a ransomware (or 'category') incident at 'when' with the
 * severity a person gives (S2 unless 'severity'), restricted or not
 * (OUT: ref). */
static void file(struct world *w, kz_time when, const char *category,
                 int severity, bool restricted, const char *title, char *ref)
{
    struct app_ctx ctx = admin_at(when);
    struct incident inc;
    struct kz_problems p;

    fixture_draft(&inc, when);
    strv_cleanup(&inc.members);
    xstrset(&inc.category, category ? category : "ransomware");
    inc.severity = severity ? severity : 2;
    inc.restricted = restricted;
    if (title != NULL)
        xstrset(&inc.title, title);
    kz_problems_clear(&p);
    if (app_incident_create(w->t->s, &ctx, &inc, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("cannot file the incident");
    }
    snprintf(ref, INCIDENT_REF_LEN, "%s", inc.ref);
    incident_cleanup(&inc);
}

static void move(struct world *w, const char *ref, enum phase to, kz_time when)
{
    struct app_ctx ctx = admin_at(when);
    struct incident out;
    struct kz_problems p;

    incident_init(&out);
    kz_problems_clear(&p);
    assert_int_equal(
        app_incident_move(w->t->s, &ctx, ref, to, "見直し", &out, &p), KZ_OK);
    incident_cleanup(&out);
}

/* Set the severity by PATCH, with its reason. */
static void set_severity(struct world *w, const char *ref, int severity,
                         kz_time when)
{
    struct app_ctx ctx = admin_at(when);
    struct incident out;
    struct kz_problems p;
    char key[4];

    snprintf(key, sizeof(key), "S%d", severity);
    json_t *patch = json_pack("{s:s, s:s}", "severity", key, "severity_reason",
                              "影響の見直し");
    incident_init(&out);
    kz_problems_clear(&p);
    assert_int_equal(
        app_incident_patch(w->t->s, &ctx, ref, patch, -1, &out, &p), KZ_OK);
    assert_int_equal(out.severity, severity);
    incident_cleanup(&out);
    json_decref(patch);
}

static int64_t incident_id(struct world *w, const char *ref)
{
    struct incident inc;
    int64_t id;

    incident_init(&inc);
    assert_int_equal(store_incident_get(w->t->s, ref, &inc), KZ_OK);
    id = inc.id;
    incident_cleanup(&inc);
    return id;
}

/* The summonses of 'ref', by id (OUT: cleanup with summons_list_cleanup). */
static void summonses(struct world *w, const char *ref, struct summons_list *l)
{
    assert_int_equal(store_summons_list(w->t->s, incident_id(w, ref), 0, l),
                     KZ_OK);
}

static size_t count_summonses(struct world *w, const char *ref)
{
    struct summons_list l;
    size_t n;

    summonses(w, ref, &l);
    n = l.n;
    summons_list_cleanup(&l);
    return n;
}

/* Which 'who' contact id 'id' is; fails for an unknown one. */
static enum who who_is(const struct world *w, int64_t id)
{
    for (int i = 0; i < WHO_COUNT; i++) {
        if (w->contact[i] == id)
            return (enum who)i;
    }
    fail_msg("contact %lld is not in the directory", (long long)id);
    return WHO_COUNT;
}

/* The summons of 'ref' for 'who' at 'step', or fail (OUT: 'out'). */
static void summons_of(struct world *w, const char *ref, enum who who, int step,
                       struct summons *out)
{
    struct summons_list l;

    summonses(w, ref, &l);
    for (size_t i = 0; i < l.n; i++) {
        if (l.items[i].contact_id == w->contact[who] &&
            l.items[i].step == step) {
            summons_cleanup(out);
            *out = l.items[i];
            summons_init(&l.items[i]);
            summons_list_cleanup(&l);
            return;
        }
    }
    summons_list_cleanup(&l);
    fail_msg("%s has no summons at step %d for %s", names[who], step, ref);
}

/* The messages of summons 'id' (OUT: cleanup with outbox_list_cleanup). */
static void messages(struct world *w, int64_t id, struct outbox_list *l)
{
    assert_int_equal(store_outbox_list(w->t->s, id, 0, 100, l), KZ_OK);
}

/* The text of a message: webhook bodies are {"text": …} (OUT: caller
 * frees). */
static char *text_of(const struct outbox_msg *m)
{
    if (strcmp(m->channel, "webhook") != 0)
        return xstrdup(m->body);
    json_t *j = json_loads(m->body, 0, NULL);
    if (j == NULL || !json_is_string(json_object_get(j, "text")))
        fail_msg("webhook body is not {\"text\": …}: %s", m->body);
    char *t = xstrdup(json_string_value(json_object_get(j, "text")));
    json_decref(j);
    return t;
}

/* The acknowledgement token in 'text': BASE/ack/ and 64 lower-case hex
 * digits (OUT: token[65]). */
static void token_in(const char *text, char *token)
{
    const char *link = strstr(text, BASE "/ack/");

    if (link == NULL)
        fail_msg("no acknowledgement link in: %s", text);
    link += strlen(BASE "/ack/");
    for (int i = 0; i < SECRET_HEX_LEN; i++) {
        if (!isxdigit((unsigned char)link[i]) ||
            isupper((unsigned char)link[i]))
            fail_msg("the link's token is not 64 hex digits: %s", link);
        token[i] = link[i];
    }
    token[SECRET_HEX_LEN] = '\0';
    assert_false(isxdigit((unsigned char)link[SECRET_HEX_LEN]));
}

/* The token of the first message of summons 'id' (OUT: token[65]). */
static void token_of(struct world *w, int64_t id, char *token)
{
    struct outbox_list l;

    messages(w, id, &l);
    assert_true(l.n > 0);
    char *text = text_of(&l.items[0]);
    token_in(text, token);
    xfree(text);
    outbox_list_cleanup(&l);
}

/* The chronology of 'ref' (OUT). */
static void chronology(struct world *w, const char *ref, struct chron_list *l)
{
    assert_int_equal(store_chron_list(w->t->s, incident_id(w, ref), l), KZ_OK);
}

/* The last entry of 'ref' must be kizuki's of 'kind' with 'body'. */
static void assert_last_entry(struct world *w, const char *ref,
                              enum entry_kind kind, const char *body,
                              kz_time at)
{
    struct chron_list l;

    chronology(w, ref, &l);
    assert_true(l.n > 0);
    const struct chron_entry *e = &l.items[l.n - 1];
    assert_int_equal(e->kind, kind);
    assert_string_equal(e->actor, "kizuki");
    assert_int_equal(e->at, at);
    if (strcmp(chron_ja(e->body), body) != 0)
        fail_msg("last entry of %s:\n  got  %s\n  want %s", ref,
                 chron_ja(e->body), body);
    chron_list_cleanup(&l);
}

static int64_t count_entries(struct world *w, const char *ref)
{
    struct chron_list l;
    int64_t n;

    chronology(w, ref, &l);
    n = (int64_t)l.n;
    chron_list_cleanup(&l);
    return n;
}

static int64_t audit_count(struct world *w, const char *action,
                           const char *actor)
{
    char sql[256];

    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM audit WHERE action = '%s'"
             " AND actor = '%s'",
             action, actor);
    return tempdb_int(w->t, sql);
}

static void assert_verifies(struct store *s)
{
    struct verify_result r;

    assert_int_equal(app_verify(s, NULL, &r), KZ_OK);
}

/* Tuesday 24 November 2026, a working day. */
#define TUE(hm) jst("2026-11-24T" hm ":00")

static void test_reported_incident_summons_nobody_yet(void **state)
{
    struct world *w = *state;
    char ref[INCIDENT_REF_LEN];

    file(w, TUE("10:00"), NULL, 0, false, NULL, ref);
    assert_int_equal(count_summonses(w, ref), 0);
    assert_int_equal(tempdb_int(w->t, "SELECT count(*) FROM outbox"), 0);
    assert_int_equal(tempdb_int(w->t, "SELECT count(*) FROM conv_fired"), 0);
}

/*
 * At triage in business hours, rule R1 summons the contact it names and,
 * for each role, the first of the business-hours schedule; each gets a
 * message per channel they have, with the reference and a link.
 */
static void test_triage_summons_the_right_people(void **state)
{
    struct world *w = *state;
    const kz_time t = TUE("10:00");
    char ref[INCIDENT_REF_LEN];
    char tokens[3][SECRET_HEX_LEN + 1];
    struct summons_list l;

    file(w, t, NULL, 0, false, "ファイルサーバのランサムウェア感染", ref);
    move(w, ref, PHASE_TRIAGE, t);
    summonses(w, ref, &l);
    assert_int_equal(l.n, 3);
    /* Named by the rule first, then each role in the rule's order. */
    static const struct {
        enum who who;
        const char *role;
        int messages;
    } want[] = {
        {PRIVACY, NULL, 1},
        {LEAD_DAY, "csirt_lead", 2},
        {IT, "it_admin", 1},
    };
    for (size_t i = 0; i < l.n; i++) {
        const struct summons *x = &l.items[i];
        assert_int_equal(who_is(w, x->contact_id), want[i].who);
        if (want[i].role == NULL)
            assert_null(x->role);
        else
            assert_string_equal(x->role, want[i].role);
        assert_string_equal(x->ref, ref);
        assert_int_equal(x->rule_id, w->r1);
        assert_int_equal(x->step, 0);
        assert_int_equal(x->created_at, t);
        assert_int_equal(x->ack_due_at, t + 30 * MIN);
        assert_true(x->acked_at == KZ_TIME_NONE);
        assert_null(x->acked_by);
        assert_false(x->escalated);

        struct outbox_list m;
        messages(w, x->id, &m);
        assert_int_equal(m.n, want[i].messages);
        for (size_t k = 0; k < m.n; k++) {
            const struct outbox_msg *msg = &m.items[k];
            char idem[96];
            char link[128];
            char *text = text_of(msg);
            snprintf(idem, sizeof(idem), "kizuki-summons-%lld-%s",
                     (long long)x->id, msg->channel);
            assert_string_equal(msg->idem_key, idem);
            assert_int_equal(msg->summons_id, x->id);
            assert_int_equal(msg->status, OUTBOX_PENDING);
            assert_int_equal(msg->attempts, 0);
            assert_int_equal(msg->next_attempt_at, t);
            assert_int_equal(msg->created_at, t);
            assert_non_null(strstr(msg->subject, ref));
            assert_non_null(strstr(text, ref));
            assert_non_null(strstr(text, names[want[i].who]));
            assert_non_null(strstr(text, "ランサムウェア S2以上"));
            assert_non_null(strstr(text, "ファイルサーバのランサムウェア感染"));
            assert_non_null(strstr(text, "30分以内"));
            snprintf(link, sizeof(link), BASE "/incidents/%s", ref);
            assert_non_null(strstr(text, link));
            assert_null(strstr(text, BASE "//"));
            token_in(text, tokens[i]);
            /* The same token on every channel of one summons. */
            char again[SECRET_HEX_LEN + 1];
            token_in(strstr(text, "[Summons]"), again);
            assert_string_equal(again, tokens[i]);
            xfree(text);
        }
        /* Channels: the webhook first, then mail, each to its address. */
        if (want[i].who == LEAD_DAY) {
            assert_string_equal(m.items[0].channel, "webhook");
            assert_string_equal(m.items[0].target,
                                "https://chat.example.jp/hooks/T0/B0/suzuki");
            assert_string_equal(m.items[1].channel, "email");
            assert_string_equal(m.items[1].target, "suzuki@example.jp");
        } else {
            assert_string_equal(m.items[0].channel, "email");
        }
        /* The store keeps the token's digest, never the token. */
        char digest[HASH_HEX_SIZE];
        assert_true(secret_ack_digest(tokens[i], digest));
        assert_string_equal(x->token_digest, digest);
        assert_null(strstr(x->token_digest, tokens[i]));
        outbox_list_cleanup(&m);
    }
    assert_string_not_equal(tokens[0], tokens[1]);
    assert_string_not_equal(tokens[1], tokens[2]);
    summons_list_cleanup(&l);
    /* Nothing else was queued. */
    assert_int_equal(tempdb_int(w->t, "SELECT count(*) FROM outbox"), 4);
    assert_int_equal(tempdb_int(w->t, "SELECT count(*) FROM conv_fired"), 1);

    assert_last_entry(w, ref, ENTRY_ACTION,
                      "招集基準「ランサムウェア S2以上」により招集しました: "
                      "小林 七子、鈴木 一郎（CSIRT責任者）、田中 六郎"
                      "（情報システム担当）（確認期限 30分）",
                      t);
    assert_int_equal(audit_count(w, "convocation.fire", "admin"), 1);
    assert_verifies(w->t->s);
}

/* Each rule fires once per incident; a severity change that newly
 * matches another rule fires that one; other changes fire nothing. */
static void test_a_rule_fires_once_per_incident(void **state)
{
    struct world *w = *state;
    const kz_time t = TUE("10:00");
    char ref[INCIDENT_REF_LEN];
    struct summons x;

    file(w, t, NULL, 0, false, NULL, ref);
    move(w, ref, PHASE_TRIAGE, t);
    assert_int_equal(count_summonses(w, ref), 3);
    /* S1 still matches R1 (already fired) and now R2. */
    set_severity(w, ref, 1, t + 5 * MIN);
    assert_int_equal(count_summonses(w, ref), 4);
    summons_init(&x);
    summons_of(w, ref, EXEC, 0, &x);
    assert_int_equal(x.rule_id, w->r2);
    assert_string_equal(x.role, "executive");
    assert_int_equal(x.ack_due_at, t + 5 * MIN + 60 * MIN);
    summons_cleanup(&x);
    assert_last_entry(w, ref, ENTRY_ACTION,
                      "招集基準「S1 は経営層へ」により招集しました: "
                      "山本 八郎（経営層）（確認期限 60分）",
                      t + 5 * MIN);
    /* Down and up again, another field, another phase: nothing new. */
    set_severity(w, ref, 2, t + 10 * MIN);
    set_severity(w, ref, 1, t + 11 * MIN);
    json_t *patch = json_pack("{s:s}", "title", "件名の訂正");
    struct app_ctx ctx = admin_at(t + 12 * MIN);
    struct incident out;
    struct kz_problems p;
    incident_init(&out);
    kz_problems_clear(&p);
    assert_int_equal(
        app_incident_patch(w->t->s, &ctx, ref, patch, -1, &out, &p), KZ_OK);
    incident_cleanup(&out);
    json_decref(patch);
    move(w, ref, PHASE_CONTAINMENT, t + 13 * MIN);
    assert_int_equal(count_summonses(w, ref), 4);
    assert_int_equal(tempdb_int(w->t, "SELECT count(*) FROM conv_fired"), 2);
    assert_int_equal(audit_count(w, "convocation.fire", "admin"), 2);
    /* A second incident fires the rules again, for itself. */
    char ref2[INCIDENT_REF_LEN];
    file(w, t + 20 * MIN, NULL, 0, false, NULL, ref2);
    move(w, ref2, PHASE_TRIAGE, t + 20 * MIN);
    assert_int_equal(count_summonses(w, ref2), 3);
    assert_verifies(w->t->s);
}

/* Below every rule at triage; raising the severity later fires R1. */
static void test_a_severity_change_that_newly_matches_fires(void **state)
{
    struct world *w = *state;
    const kz_time t = TUE("10:00");
    char ref[INCIDENT_REF_LEN];

    file(w, t, NULL, 3, false, NULL, ref);
    move(w, ref, PHASE_TRIAGE, t);
    assert_int_equal(count_summonses(w, ref), 0);
    set_severity(w, ref, 2, t + 30 * MIN);
    assert_int_equal(count_summonses(w, ref), 3);
    struct summons x;
    summons_init(&x);
    summons_of(w, ref, LEAD_DAY, 0, &x);
    assert_int_equal(x.created_at, t + 30 * MIN);
    summons_cleanup(&x);
    /* Before triage a severity change summons nobody. */
    char early[INCIDENT_REF_LEN];
    file(w, t, NULL, 3, false, NULL, early);
    set_severity(w, early, 1, t + MIN);
    assert_int_equal(count_summonses(w, early), 0);
    move(w, early, PHASE_TRIAGE, t + 2 * MIN);
    assert_int_equal(count_summonses(w, early), 4); /* R1 and R2 */
}

/*
 * Who of a role is called depends on the window the clock is in:
 * business hours 9:00-17:59 on working days; nights; weekends, national
 * holidays and 29 Dec-3 Jan.
 */
static void test_the_window_decides_who_is_called(void **state)
{
    static const struct {
        const char *local;
        enum who lead;
    } rows[] = {
        {"2026-11-24T08:59:59", LEAD_NIGHT},
        {"2026-11-24T09:00:00", LEAD_DAY},
        {"2026-11-24T17:59:59", LEAD_DAY},
        {"2026-11-24T18:00:00", LEAD_NIGHT},
        {"2026-11-25T03:00:00", LEAD_NIGHT},
        {"2026-11-21T10:00:00", LEAD_HOLIDAY},
        {"2026-11-22T23:00:00", LEAD_HOLIDAY},
        {"2026-11-23T10:00:00", LEAD_HOLIDAY},
        {"2026-12-29T10:00:00", LEAD_HOLIDAY},
        {"2026-12-28T10:00:00", LEAD_DAY},
    };
    struct world *w = *state;

    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char ref[INCIDENT_REF_LEN];
        struct summons_list l;
        kz_time at = jst(rows[i].local);
        bool found = false;

        file(w, at, "malware", 0, false, NULL, ref);
        move(w, ref, PHASE_TRIAGE, at);
        summonses(w, ref, &l);
        assert_int_equal(l.n, 1); /* R3: the lead only */
        if (who_is(w, l.items[0].contact_id) == rows[i].lead)
            found = true;
        if (!found)
            fail_msg("%s: called %s, want %s", rows[i].local,
                     names[who_is(w, l.items[0].contact_id)],
                     names[rows[i].lead]);
        summons_list_cleanup(&l);
    }
}

/* Escalate at 'now'; expect 'count' summonses escalated. */
static void escalate(struct world *w, kz_time now, int count, bool queued)
{
    bool q = false;
    int n = -1;

    assert_int_equal(app_escalate(w->t->s, now, &q, &n), KZ_OK);
    if (n != count)
        fail_msg("escalated %d summonses, want %d", n, count);
    assert_int_equal(q, queued);
    assert_int_equal(store_depth(w->t->s), 0);
}

/*
 * Nobody answers in business hours: before the window ends nothing
 * happens; at its end the next of the schedule is called, with an entry
 * and an audit entry by kizuki; when the schedule is exhausted, that is
 * recorded instead.
 */
static void test_escalation_after_the_window(void **state)
{
    struct world *w = *state;
    const kz_time t = TUE("10:00");
    char ref[INCIDENT_REF_LEN];
    struct summons x;
    struct outbox_list m;

    file(w, t, "malware", 0, false, NULL, ref);
    move(w, ref, PHASE_TRIAGE, t);
    assert_int_equal(count_summonses(w, ref), 1);
    int64_t entries = count_entries(w, ref);

    escalate(w, t + 15 * MIN - 1, 0, false);
    assert_int_equal(count_summonses(w, ref), 1);
    assert_int_equal(count_entries(w, ref), entries);

    escalate(w, t + 15 * MIN, 1, true);
    summons_init(&x);
    summons_of(w, ref, LEAD_DAY, 0, &x);
    assert_true(x.escalated);
    assert_true(x.acked_at == KZ_TIME_NONE);
    summons_of(w, ref, LEAD_DEPUTY, 1, &x);
    assert_string_equal(x.role, "csirt_lead");
    assert_int_equal(x.rule_id, w->r3);
    assert_int_equal(x.created_at, t + 15 * MIN);
    assert_int_equal(x.ack_due_at, t + 30 * MIN);
    assert_false(x.escalated);
    messages(w, x.id, &m);
    assert_int_equal(m.n, 1);
    assert_string_equal(m.items[0].target, "sato@example.jp");
    assert_non_null(strstr(m.items[0].body, ref));
    assert_non_null(strstr(m.items[0].body, BASE "/ack/"));
    outbox_list_cleanup(&m);
    summons_cleanup(&x);
    assert_last_entry(w, ref, ENTRY_CONTACT,
                      "鈴木 一郎 から期限までに確認がないため、"
                      "次の連絡先 佐藤 次郎 を招集しました",
                      t + 15 * MIN);
    assert_int_equal(audit_count(w, "convocation.escalate", "kizuki"), 1);

    /* Once only. */
    escalate(w, t + 20 * MIN, 0, false);
    assert_int_equal(count_summonses(w, ref), 2);

    /* The deputy does not answer either: nobody is left in business
     * hours, and the chronology says so. */
    escalate(w, t + 30 * MIN, 1, false);
    assert_int_equal(count_summonses(w, ref), 2);
    summons_init(&x);
    summons_of(w, ref, LEAD_DEPUTY, 1, &x);
    assert_true(x.escalated);
    summons_cleanup(&x);
    assert_last_entry(w, ref, ENTRY_CONTACT,
                      "佐藤 次郎 から期限までに招集の確認がありません"
                      "（次の連絡先はありません）",
                      t + 30 * MIN);
    assert_int_equal(audit_count(w, "convocation.escalate", "kizuki"), 2);
    escalate(w, t + 24 * 60 * MIN, 0, false);
    assert_int_equal(count_entries(w, ref), entries + 2);
    assert_verifies(w->t->s);
}

/* At night the night schedule is walked: the night lead, then order 2
 * by id (the deputy before the spare), then nobody. */
static void test_escalation_at_night(void **state)
{
    struct world *w = *state;
    const kz_time t = TUE("20:00");
    char ref[INCIDENT_REF_LEN];
    struct summons x;

    file(w, t, "malware", 0, false, NULL, ref);
    move(w, ref, PHASE_TRIAGE, t);
    summons_init(&x);
    summons_of(w, ref, LEAD_NIGHT, 0, &x);
    escalate(w, t + 15 * MIN, 1, true);
    summons_of(w, ref, LEAD_DEPUTY, 1, &x);
    escalate(w, t + 30 * MIN, 1, true);
    summons_of(w, ref, LEAD_SPARE, 2, &x);
    escalate(w, t + 45 * MIN, 1, false);
    assert_int_equal(count_summonses(w, ref), 3);
    summons_cleanup(&x);
    assert_last_entry(w, ref, ENTRY_CONTACT,
                      "伊藤 五郎 から期限までに招集の確認がありません"
                      "（次の連絡先はありません）",
                      t + 45 * MIN);
}

/* On a weekend the holiday schedule is walked, and a national holiday
 * is a holiday too. */
static void test_escalation_on_holidays(void **state)
{
    struct world *w = *state;
    char ref[INCIDENT_REF_LEN];
    struct summons x;

    summons_init(&x);
    for (int day = 0; day < 2; day++) {
        /* Saturday 21 Nov; Labour Thanksgiving Day, Monday 23 Nov. */
        const kz_time t =
            jst(day == 0 ? "2026-11-21T11:00:00" : "2026-11-23T11:00:00");
        file(w, t, "malware", 0, false, NULL, ref);
        move(w, ref, PHASE_TRIAGE, t);
        summons_of(w, ref, LEAD_HOLIDAY, 0, &x);
        escalate(w, t + 15 * MIN, 1, true);
        summons_of(w, ref, LEAD_SPARE, 1, &x);
        escalate(w, t + 30 * MIN, 1, false);
        assert_int_equal(count_summonses(w, ref), 2);
    }
    summons_cleanup(&x);
}

/*
 * The clock leaves business hours while the first call waits: the next
 * one is the night schedule's first, who has not been called yet (not
 * the night schedule's second because one step was taken by day).
 */
static void test_escalation_into_the_night_calls_the_night_lead(void **state)
{
    struct world *w = *state;
    const kz_time t = TUE("17:50");
    char ref[INCIDENT_REF_LEN];
    struct summons x;

    file(w, t, "malware", 0, false, NULL, ref);
    move(w, ref, PHASE_TRIAGE, t);
    summons_init(&x);
    summons_of(w, ref, LEAD_DAY, 0, &x);
    escalate(w, t + 15 * MIN, 1, true); /* 18:05 */
    summons_of(w, ref, LEAD_NIGHT, 1, &x);
    escalate(w, t + 30 * MIN, 1, true);
    summons_of(w, ref, LEAD_DEPUTY, 2, &x);
    escalate(w, t + 45 * MIN, 1, true);
    summons_of(w, ref, LEAD_SPARE, 3, &x);
    escalate(w, t + 60 * MIN, 1, false);
    assert_int_equal(count_summonses(w, ref), 4);
    summons_cleanup(&x);
}

/* A contact named by the rule has no schedule behind them: nobody next,
 * and that is recorded. */
static void test_named_contact_has_nobody_next(void **state)
{
    struct world *w = *state;
    const kz_time t = TUE("10:00");
    char ref[INCIDENT_REF_LEN];
    struct summons x;

    file(w, t, NULL, 0, false, NULL, ref);
    move(w, ref, PHASE_TRIAGE, t);
    /* All three (named, lead, IT) are due at once. */
    escalate(w, t + 30 * MIN, 3, true);
    assert_int_equal(count_summonses(w, ref), 4); /* the deputy lead */
    summons_init(&x);
    summons_of(w, ref, PRIVACY, 0, &x);
    assert_true(x.escalated);
    summons_of(w, ref, LEAD_DEPUTY, 1, &x);
    summons_cleanup(&x);
    assert_int_equal(audit_count(w, "convocation.escalate", "kizuki"), 3);
    struct chron_list l;
    chronology(w, ref, &l);
    int none = 0;
    for (size_t i = 0; i < l.n; i++) {
        if (strstr(chron_ja(l.items[i].body), "（次の連絡先はありません）") !=
            NULL)
            none++;
    }
    assert_int_equal(none, 2); /* the named contact and IT */
    chron_list_cleanup(&l);
}

/* The anonymous visitor of an acknowledgement link. */
static struct app_ctx link_visitor(kz_time now)
{
    struct app_ctx c = {{"-", ROLE_REPORTER}, "192.0.2.7", now, NULL};

    return c;
}

/*
 * Acknowledging by the link's token: recorded once (by the contact's
 * name, with an entry and an audit entry); a second time is harmless;
 * an acknowledged summons is not escalated; a wrong token is not found.
 */
static void test_acknowledgement_by_token(void **state)
{
    struct world *w = *state;
    const kz_time t = TUE("10:00");
    char ref[INCIDENT_REF_LEN];
    char token[SECRET_HEX_LEN + 1];
    struct summons x;
    struct summons out;

    file(w, t, "malware", 0, false, NULL, ref);
    move(w, ref, PHASE_TRIAGE, t);
    summons_init(&x);
    summons_init(&out);
    summons_of(w, ref, LEAD_DAY, 0, &x);
    token_of(w, x.id, token);

    struct app_ctx v = link_visitor(t + 3 * MIN);
    assert_int_equal(app_summons_ack(w->t->s, &v, token, 0, &out), KZ_OK);
    assert_int_equal(out.id, x.id);
    assert_int_equal(out.acked_at, t + 3 * MIN);
    assert_string_equal(out.acked_by, "鈴木 一郎");
    assert_last_entry(
        w, ref, ENTRY_CONTACT,
        "鈴木 一郎 が招集を確認しました（メッセージのリンクから）",
        t + 3 * MIN);
    assert_int_equal(audit_count(w, "summons.ack", "鈴木 一郎"), 1);
    summons_of(w, ref, LEAD_DAY, 0, &x);
    assert_int_equal(x.acked_at, t + 3 * MIN);
    assert_string_equal(x.acked_by, "鈴木 一郎");

    /* Again, later: harmless, and the first acknowledgement stands. */
    int64_t entries = count_entries(w, ref);
    v = link_visitor(t + 9 * MIN);
    assert_int_equal(app_summons_ack(w->t->s, &v, token, 0, &out), KZ_OK);
    assert_int_equal(out.acked_at, t + 3 * MIN);
    assert_string_equal(out.acked_by, "鈴木 一郎");
    assert_int_equal(count_entries(w, ref), entries);
    assert_int_equal(audit_count(w, "summons.ack", "鈴木 一郎"), 1);
    assert_int_equal(store_depth(w->t->s), 0);

    /* Acknowledged in time: no escalation. */
    escalate(w, t + 60 * MIN, 0, false);
    assert_int_equal(count_summonses(w, ref), 1);

    /* Tokens that are not one of ours. */
    char wrong[SECRET_HEX_LEN + 1];
    memcpy(wrong, token, sizeof(wrong));
    wrong[0] = wrong[0] == '0' ? '1' : '0';
    assert_int_equal(app_summons_ack(w->t->s, &v, wrong, 0, &out),
                     KZ_ENOTFOUND);
    assert_int_equal(app_summons_ack(w->t->s, &v, "abc", 0, &out),
                     KZ_ENOTFOUND);
    assert_int_equal(app_summons_ack(w->t->s, &v, "", 0, &out), KZ_ENOTFOUND);
    char upper[SECRET_HEX_LEN + 2];
    snprintf(upper, sizeof(upper), "%sa", token);
    assert_int_equal(app_summons_ack(w->t->s, &v, upper, 0, &out),
                     KZ_ENOTFOUND);
    assert_int_equal(count_entries(w, ref), entries);
    assert_int_equal(store_depth(w->t->s), 0);
    summons_cleanup(&x);
    summons_cleanup(&out);
    assert_verifies(w->t->s);
}

/* Signed in, one acknowledges by id, as oneself, for an incident one may
 * see; a restricted incident's summons is not found for others. */
static void test_acknowledgement_by_id(void **state)
{
    struct world *w = *state;
    const kz_time t = TUE("10:00");
    struct app_ctx handler = {
        {"yamada", ROLE_HANDLER}, "198.51.100.2", t + 2 * MIN, NULL};
    char ref[INCIDENT_REF_LEN];
    char secret_ref[INCIDENT_REF_LEN];
    struct summons x;
    struct summons out;

    file(w, t, NULL, 0, false, NULL, ref);
    move(w, ref, PHASE_TRIAGE, t);
    summons_init(&x);
    summons_init(&out);
    summons_of(w, ref, IT, 0, &x);
    assert_int_equal(app_summons_ack(w->t->s, &handler, NULL, x.id, &out),
                     KZ_OK);
    assert_string_equal(out.acked_by, "yamada");
    assert_int_equal(out.acked_at, t + 2 * MIN);
    assert_last_entry(w, ref, ENTRY_CONTACT,
                      "yamada が招集を確認しました（kizuki の画面から）",
                      t + 2 * MIN);
    assert_int_equal(audit_count(w, "summons.ack", "yamada"), 1);
    /* Unknown ids. */
    assert_int_equal(app_summons_ack(w->t->s, &handler, NULL, 9999, &out),
                     KZ_ENOTFOUND);
    assert_int_equal(app_summons_ack(w->t->s, &handler, NULL, 0, &out),
                     KZ_ENOTFOUND);

    /* Restricted, and the handler is not on the list. */
    file(w, t, NULL, 0, true, NULL, secret_ref);
    move(w, secret_ref, PHASE_TRIAGE, t);
    summons_of(w, secret_ref, LEAD_DAY, 0, &x);
    int64_t entries = count_entries(w, secret_ref);
    assert_int_equal(app_summons_ack(w->t->s, &handler, NULL, x.id, &out),
                     KZ_ENOTFOUND);
    summons_of(w, secret_ref, LEAD_DAY, 0, &x);
    assert_true(x.acked_at == KZ_TIME_NONE);
    assert_int_equal(count_entries(w, secret_ref), entries);
    /* The link still works for the person summoned. */
    char token[SECRET_HEX_LEN + 1];
    token_of(w, x.id, token);
    struct app_ctx v = link_visitor(t + 4 * MIN);
    assert_int_equal(app_summons_ack(w->t->s, &v, token, 0, NULL), KZ_OK);
    summons_cleanup(&x);
    summons_cleanup(&out);
    assert_int_equal(store_depth(w->t->s), 0);
}

/* A need-to-know incident's title stays inside kizuki: no message of its
 * summonses carries it. */
static void test_restricted_bodies_omit_the_title(void **state)
{
    static const char title[] = "役員PCのランサムウェア感染（社外秘）";
    struct world *w = *state;
    const kz_time t = TUE("10:00");
    char ref[INCIDENT_REF_LEN];
    struct summons_list l;
    int seen = 0;

    file(w, t, NULL, 0, true, title, ref);
    move(w, ref, PHASE_TRIAGE, t);
    summonses(w, ref, &l);
    assert_int_equal(l.n, 3);
    for (size_t i = 0; i < l.n; i++) {
        struct outbox_list m;
        messages(w, l.items[i].id, &m);
        for (size_t k = 0; k < m.n; k++) {
            char *text = text_of(&m.items[k]);
            assert_null(strstr(m.items[k].subject, title));
            assert_null(strstr(m.items[k].body, title));
            assert_null(strstr(text, title));
            assert_null(strstr(text, "役員PC"));
            assert_non_null(strstr(text, "（関係者限定のため省略）"));
            assert_non_null(strstr(text, ref));
            assert_non_null(strstr(text, BASE "/ack/"));
            xfree(text);
            seen++;
        }
        outbox_list_cleanup(&m);
    }
    assert_int_equal(seen, 4);
    summons_list_cleanup(&l);
    /* The same incident unrestricted shows it. */
    char open_ref[INCIDENT_REF_LEN];
    file(w, t, NULL, 0, false, title, open_ref);
    move(w, open_ref, PHASE_TRIAGE, t);
    summonses(w, open_ref, &l);
    struct outbox_list m;
    messages(w, l.items[0].id, &m);
    assert_non_null(strstr(m.items[0].body, title));
    outbox_list_cleanup(&m);
    summons_list_cleanup(&l);
}

/* A closed incident escalates to nobody; disabled rules and rules for
 * other categories do not fire. */
static void test_closed_and_disabled(void **state)
{
    struct world *w = *state;
    const kz_time t = TUE("10:00");
    char ref[INCIDENT_REF_LEN];
    struct app_ctx ctx = admin_at(t);
    struct conv_rule r;
    struct kz_problems p;
    json_t *off = json_pack("{s:b}", "enabled", 0);

    file(w, t, "malware", 0, false, NULL, ref);
    move(w, ref, PHASE_TRIAGE, t);
    struct app_ctx later = admin_at(t + MIN);
    settle_incident(w->t->s, &later, ref);
    move(w, ref, PHASE_CLOSED, t + MIN);
    int64_t entries = count_entries(w, ref);
    int64_t audit = tempdb_int(w->t, "SELECT count(*) FROM audit");
    /* The summons lapses once, quietly: the closed record gains no
     * "no next contact" entry, now or at any later check. */
    escalate(w, t + 15 * MIN, 1, false);
    escalate(w, t + 30 * MIN, 0, false);
    assert_int_equal(count_summonses(w, ref), 1);
    assert_int_equal(count_entries(w, ref), entries);
    assert_int_equal(tempdb_int(w->t, "SELECT count(*) FROM audit"), audit);

    conv_rule_init(&r);
    kz_problems_clear(&p);
    assert_int_equal(app_registry_save(w->t->s, &ctx, &registry_rule, w->r3,
                                       off, -1, &r, &p),
                     KZ_OK);
    assert_false(r.enabled);
    conv_rule_cleanup(&r);
    file(w, t, "malware", 0, false, NULL, ref);
    move(w, ref, PHASE_TRIAGE, t);
    assert_int_equal(count_summonses(w, ref), 0);
    file(w, t, "phishing", 0, false, NULL, ref);
    move(w, ref, PHASE_TRIAGE, t);
    assert_int_equal(count_summonses(w, ref), 0);
    json_decref(off);
}

/*
 * Escalation is all or nothing per summons: fail each store call in
 * turn; the summons is escalated with its successor, messages, entry and
 * audit entry, or not at all.
 */
static void test_failed_escalation_is_all_or_nothing(void **state)
{
    struct world *w = *state;
    const kz_time t = TUE("10:00");
    char ref[INCIDENT_REF_LEN];
    int n;

    file(w, t, "malware", 0, false, NULL, ref);
    move(w, ref, PHASE_TRIAGE, t);
    for (n = 1; n <= 200; n++) {
        int64_t entries = count_entries(w, ref);
        int64_t audit = tempdb_int(w->t, "SELECT count(*) FROM audit");
        int64_t outbox = tempdb_int(w->t, "SELECT count(*) FROM outbox");
        bool q = false;
        int count = 0;

        store_fault_after(w->t->s, n);
        enum kz_err err = app_escalate(w->t->s, t + 15 * MIN, &q, &count);
        store_fault_after(w->t->s, 0);
        assert_int_equal(store_depth(w->t->s), 0);
        int64_t escalated =
            tempdb_int(w->t, "SELECT count(*) FROM summons WHERE escalated");
        int64_t total = tempdb_int(w->t, "SELECT count(*) FROM summons");
        bool nothing =
            escalated == 0 && total == 1 && count_entries(w, ref) == entries &&
            tempdb_int(w->t, "SELECT count(*) FROM audit") == audit &&
            tempdb_int(w->t, "SELECT count(*) FROM outbox") == outbox;
        bool whole =
            escalated == 1 && total == 2 &&
            count_entries(w, ref) == entries + 1 &&
            tempdb_int(w->t, "SELECT count(*) FROM audit") == audit + 1 &&
            tempdb_int(w->t, "SELECT count(*) FROM outbox") == outbox + 1 &&
            /* and with the organisation's address in its link, not a
             * default that a failed read of the setting left */
            tempdb_int(w->t, "SELECT count(*) FROM outbox WHERE body LIKE"
                             " '%" BASE "/ack/%'") == outbox + 1;
        if (!(err == KZ_OK ? whole : nothing))
            fail_msg("fault at call %d (err %d): %lld escalated, %lld "
                     "summonses",
                     n, err, (long long)escalated, (long long)total);
        if (err == KZ_OK) {
            assert_int_equal(count, 1);
            break;
        }
        assert_int_equal(err, KZ_ESTORE);
    }
    assert_true(n > 1 && n <= 200);
    assert_verifies(w->t->s);
}

/* Without an address set (or with it cleared) links use kizuki's
 * default, never a relative "/ack/…" that no mail reader can follow. */
static void test_links_without_a_base_url(void **state)
{
    struct world *w = *state;
    const kz_time t = TUE("10:00");
    struct app_ctx ctx = admin_at(t);
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];
    struct summons x;
    struct outbox_list m;
    json_t *clear = json_pack("{s:n}", "base_url");

    kz_problems_clear(&p);
    assert_int_equal(test_settings_patch(w->t->s, &ctx, clear, &p), KZ_OK);
    json_decref(clear);
    file(w, t, "malware", 0, false, NULL, ref);
    move(w, ref, PHASE_TRIAGE, t);
    summons_init(&x);
    summons_of(w, ref, LEAD_DAY, 0, &x);
    messages(w, x.id, &m);
    for (size_t i = 0; i < m.n; i++) {
        char *text = text_of(&m.items[i]);
        assert_non_null(strstr(text, "http://127.0.0.1:8080/ack/"));
        assert_null(strstr(text, " /ack/"));
        xfree(text);
    }
    outbox_list_cleanup(&m);
    summons_cleanup(&x);
}

/* Triage uses the inventory: the most important asset the record names
 * adds its points; a person's severity stands over the score. */
static void test_triage_uses_the_inventory(void **state)
{
    struct world *w = *state;
    struct app_ctx ctx = admin_at(FIXTURE_NOW);
    struct incident inc;
    struct triage_result before;
    struct triage_result after;
    struct asset_index ix = {0};
    struct asset a;
    struct kz_problems p;
    json_t *asset =
        json_pack("{s:s, s:i}", "name", "メールサーバ", "priority", 1);

    fixture_draft(&inc, FIXTURE_NOW);
    assert_int_equal(app_asset_index(w->t->s, &ix), KZ_OK);
    assert_int_equal(ix.n, 0);
    app_triage_of(&ix, &inc, &before);
    app_asset_index_free(&ix);
    for (size_t i = 0; i < before.n; i++)
        assert_string_not_equal(before.reasons[i].factor, "assets");
    asset_init(&a);
    kz_problems_clear(&p);
    assert_int_equal(
        app_registry_save(w->t->s, &ctx, &registry_asset, 0, asset, -1, &a, &p),
        KZ_OK);
    asset_cleanup(&a);
    assert_int_equal(app_asset_index(w->t->s, &ix), KZ_OK);
    assert_int_equal(ix.n, 1);
    app_triage_of(&ix, &inc, &after);
    app_asset_index_free(&ix);
    assert_int_equal(after.score, before.score + 25);

    /* app_triage_apply: the score's severity unless a person's stands. */
    inc.severity_manual = false;
    inc.priority_manual = false;
    assert_int_equal(app_triage_apply(w->t->s, &inc), KZ_OK);
    assert_int_equal(inc.severity, after.severity);
    assert_int_equal(inc.priority, after.priority);
    inc.severity = 4;
    inc.severity_manual = true;
    inc.priority = 4;
    inc.priority_manual = true;
    assert_int_equal(app_triage_apply(w->t->s, &inc), KZ_OK);
    assert_int_equal(inc.severity, 4);
    assert_int_equal(inc.priority, 4);
    incident_cleanup(&inc);
    json_decref(asset);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_reported_incident_summons_nobody_yet),
        T(test_triage_summons_the_right_people),
        T(test_a_rule_fires_once_per_incident),
        T(test_a_severity_change_that_newly_matches_fires),
        T(test_the_window_decides_who_is_called),
        T(test_escalation_after_the_window),
        T(test_escalation_at_night),
        T(test_escalation_on_holidays),
        T(test_escalation_into_the_night_calls_the_night_lead),
        T(test_named_contact_has_nobody_next),
        T(test_acknowledgement_by_token),
        T(test_acknowledgement_by_id),
        T(test_restricted_bodies_omit_the_title),
        T(test_closed_and_disabled),
        T(test_failed_escalation_is_all_or_nothing),
        T(test_links_without_a_base_url),
        T(test_triage_uses_the_inventory),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
