/* SPDX-License-Identifier: MIT */
/*
 * test_delivery.c - what a delivery attempt's outcome means
 * (src/app/delivery.c): retries back off from a minute, doubling, to an
 * hour; a summons message still not delivered a day after it was queued
 * is given up, and the incident's chronology says so in the same
 * transaction.
 */
#include "support/chron_text.h"
#include "support/test.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "app/delivery.h"
#include "app/incident_ops.h"
#include "app/registry.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "util/mem.h"

#define T0 ((kz_time)1795309200) /* 2026-11-22T10:00:00+09:00, queued */
#define HOUR ((kz_time)3600)

static void test_backoff_sequence(void **state)
{
    static const struct {
        int attempts;
        kz_time delay;
    } rows[] = {
        {0, 60},   {1, 60},   {2, 120},  {3, 240},   {4, 480},        {5, 960},
        {6, 1920}, {7, 3600}, {8, 3600}, {50, 3600}, {INT_MAX, 3600}, {-1, 60},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        if (delivery_backoff(rows[i].attempts) != rows[i].delay)
            fail_msg("after %d attempts: %lld s, want %lld s", rows[i].attempts,
                     (long long)delivery_backoff(rows[i].attempts),
                     (long long)rows[i].delay);
    }
    /* Never shorter than the one before, never over an hour. */
    for (int a = 1; a < 100; a++) {
        assert_true(delivery_backoff(a + 1) >= delivery_backoff(a));
        assert_true(delivery_backoff(a) <= 3600);
    }
    assert_int_equal(DELIVERY_GIVE_UP_SECONDS, 24 * 3600);
}

/* A store with one incident in triage and one summons with a mail and a
 * chat message queued at T0. */
struct world {
    struct tempdb *t;
    char ref[INCIDENT_REF_LEN];
    int64_t summons;
};

static int setup(void **state)
{
    struct world *w = xcalloc(1, sizeof(*w));
    struct app_ctx ctx = {{"admin", ROLE_ADMIN}, "test", T0, NULL};
    struct kz_problems p;
    struct contact c;
    struct conv_rule r;
    struct incident inc;
    struct incident out;
    struct summons_list l;
    json_t *cj =
        json_pack("{s:s, s:[s], s:s, s:s, s:[s,s,s]}", "name", "鈴木 一郎",
                  "roles", "csirt_lead", "email", "suzuki@example.jp",
                  "webhook_url", "https://chat.example.jp/hooks/x", "windows",
                  "business", "night", "holiday");
    json_t *rj = json_pack("{s:s, s:s, s:[s]}", "name", "全件", "max_severity",
                           "S4", "summon_roles", "csirt_lead");

    tempdb_setup((void **)&w->t);
    contact_init(&c);
    conv_rule_init(&r);
    kz_problems_clear(&p);
    assert_int_equal(
        app_registry_save(w->t->s, &ctx, &registry_contact, 0, cj, -1, &c, &p),
        KZ_OK);
    assert_int_equal(
        app_registry_save(w->t->s, &ctx, &registry_rule, 0, rj, -1, &r, &p),
        KZ_OK);
    contact_cleanup(&c);
    conv_rule_cleanup(&r);
    json_decref(cj);
    json_decref(rj);
    fixture_draft(&inc, T0);
    strv_cleanup(&inc.members);
    assert_int_equal(app_incident_create(w->t->s, &ctx, &inc, &p), KZ_OK);
    snprintf(w->ref, sizeof(w->ref), "%s", inc.ref);
    incident_init(&out);
    assert_int_equal(
        app_incident_move(w->t->s, &ctx, inc.ref, PHASE_TRIAGE, NULL, &out, &p),
        KZ_OK);
    assert_int_equal(store_summons_list(w->t->s, inc.id, 0, &l), KZ_OK);
    assert_int_equal(l.n, 1);
    w->summons = l.items[0].id;
    summons_list_cleanup(&l);
    incident_cleanup(&out);
    incident_cleanup(&inc);
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

/* The message of the summons on 'channel', as stored now (OUT). */
static void message(struct world *w, const char *channel,
                    struct outbox_msg *out)
{
    struct outbox_list l;

    assert_int_equal(store_outbox_list(w->t->s, w->summons, 0, 10, &l), KZ_OK);
    for (size_t i = 0; i < l.n; i++) {
        if (strcmp(l.items[i].channel, channel) == 0) {
            outbox_msg_cleanup(out);
            *out = l.items[i];
            outbox_msg_init(&l.items[i]);
            outbox_list_cleanup(&l);
            return;
        }
    }
    outbox_list_cleanup(&l);
    fail_msg("no %s message", channel);
}

/* How many messages are due at 'now'. */
static size_t due(struct world *w, kz_time now)
{
    struct outbox_list l;
    size_t n;

    assert_int_equal(store_outbox_list(w->t->s, 0, now, 100, &l), KZ_OK);
    n = l.n;
    outbox_list_cleanup(&l);
    return n;
}

static int64_t entries(struct world *w)
{
    return tempdb_int(w->t, "SELECT count(*) FROM chronology");
}

static void test_sent(void **state)
{
    struct world *w = *state;
    struct outbox_msg m;
    int64_t e0 = entries(w);

    outbox_msg_init(&m);
    assert_int_equal(due(w, T0), 2);
    message(w, "email", &m);
    assert_int_equal(m.created_at, T0);
    assert_int_equal(app_delivery_record(w->t->s, &m, true, NULL, T0 + 5),
                     KZ_OK);
    message(w, "email", &m);
    assert_int_equal(m.status, OUTBOX_SENT);
    assert_int_equal(m.attempts, 1);
    assert_int_equal(m.sent_at, T0 + 5);
    assert_null(m.last_error);
    assert_int_equal(due(w, T0 + 5), 1); /* the chat message only */
    assert_int_equal(due(w, T0 + 48 * HOUR), 1);
    assert_int_equal(entries(w), e0);
    assert_int_equal(store_depth(w->t->s), 0);
    outbox_msg_cleanup(&m);
}

/* Failures are retried later and later; each attempt is counted and its
 * error kept; nothing reaches the chronology before the day is over. */
static void test_failures_back_off(void **state)
{
    struct world *w = *state;
    struct outbox_msg m;
    int64_t e0 = entries(w);
    kz_time now = T0;

    outbox_msg_init(&m);
    for (int attempt = 1; attempt <= 9; attempt++) {
        char why[64];
        message(w, "webhook", &m);
        assert_int_equal(m.attempts, attempt - 1);
        snprintf(why, sizeof(why), "HTTP 503 (try %d)", attempt);
        assert_int_equal(app_delivery_record(w->t->s, &m, false, why, now),
                         KZ_OK);
        message(w, "webhook", &m);
        assert_int_equal(m.status, OUTBOX_PENDING);
        assert_int_equal(m.attempts, attempt);
        assert_string_equal(m.last_error, why);
        assert_true(m.sent_at == KZ_TIME_NONE);
        assert_int_equal(m.next_attempt_at, now + delivery_backoff(attempt));
        /* Not due before its time, due at it. */
        assert_int_equal(due(w, m.next_attempt_at - 1), 1);
        assert_int_equal(due(w, m.next_attempt_at), 2);
        now = m.next_attempt_at;
    }
    /* 60+120+…+3600+3600: still within the day. */
    assert_true(now - T0 < DELIVERY_GIVE_UP_SECONDS);
    assert_int_equal(entries(w), e0);
    outbox_msg_cleanup(&m);
}

/* A failure 24 hours after queueing gives up: the message is failed,
 * never retried, and the chronology and the audit log say so. */
static void test_give_up_after_a_day(void **state)
{
    struct world *w = *state;
    struct outbox_msg m;
    struct chron_list l;
    struct incident inc;
    int64_t e0 = entries(w);

    outbox_msg_init(&m);
    message(w, "email", &m);
    assert_int_equal(app_delivery_record(w->t->s, &m, false, "timeout",
                                         T0 + DELIVERY_GIVE_UP_SECONDS - 1),
                     KZ_OK);
    message(w, "email", &m);
    assert_int_equal(m.status, OUTBOX_PENDING);
    assert_int_equal(entries(w), e0);

    assert_int_equal(app_delivery_record(w->t->s, &m, false,
                                         "550 mailbox unavailable",
                                         T0 + DELIVERY_GIVE_UP_SECONDS),
                     KZ_OK);
    message(w, "email", &m);
    assert_int_equal(m.status, OUTBOX_FAILED);
    assert_int_equal(m.attempts, 2);
    assert_string_equal(m.last_error, "550 mailbox unavailable");
    assert_int_equal(due(w, T0 + 100 * HOUR), 1); /* the chat one */
    assert_int_equal(entries(w), e0 + 1);

    incident_init(&inc);
    assert_int_equal(store_incident_get(w->t->s, w->ref, &inc), KZ_OK);
    assert_int_equal(store_chron_list(w->t->s, inc.id, &l), KZ_OK);
    const struct chron_entry *e = &l.items[l.n - 1];
    assert_int_equal(e->kind, ENTRY_CONTACT);
    assert_string_equal(e->actor, "kizuki");
    assert_int_equal(e->at, T0 + DELIVERY_GIVE_UP_SECONDS);
    /* Without the error, which says how the receiver answered: everyone
     * who may read the incident reads its chronology. */
    assert_string_equal(chron_ja(e->body),
                        "招集のメールを送信できませんでした。"
                        "別の手段で連絡してください");
    chron_list_cleanup(&l);
    /* The message, and where the chronology stood (app/audit_log.c). */
    char detail[64];
    snprintf(detail, sizeof(detail), "{\"message\":%lld,\"chron\":{%%",
             (long long)m.id);
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM audit WHERE action = 'delivery.failed'"
             " AND actor = 'kizuki' AND target = '%s' AND detail LIKE '%s'",
             w->ref, detail);
    assert_int_equal(tempdb_int(w->t, sql), 1);

    /* The chat message says "chat notification". */
    message(w, "webhook", &m);
    assert_int_equal(
        app_delivery_record(w->t->s, &m, false, NULL, T0 + 30 * HOUR), KZ_OK);
    assert_int_equal(store_chron_list(w->t->s, inc.id, &l), KZ_OK);
    assert_string_equal(chron_ja(l.items[l.n - 1].body),
                        "招集のチャット通知を送信できませんでした。"
                        "別の手段で連絡してください");
    chron_list_cleanup(&l);
    /* Sent after all, even late: sent. */
    message(w, "webhook", &m);
    assert_int_equal(
        app_delivery_record(w->t->s, &m, true, NULL, T0 + 31 * HOUR), KZ_OK);
    message(w, "webhook", &m);
    assert_int_equal(m.status, OUTBOX_SENT);
    incident_cleanup(&inc);
    outbox_msg_cleanup(&m);
}

/* A message that belongs to no summons is given up quietly; an unknown
 * message is not found and nothing is written. */
static void test_message_without_summons_and_unknown(void **state)
{
    struct world *w = *state;
    struct outbox_msg m;
    int64_t e0 = entries(w);
    int64_t a0 = tempdb_int(w->t, "SELECT count(*) FROM audit");

    outbox_msg_init(&m);
    m.channel = xstrdup("email");
    m.target = xstrdup("ops@example.jp");
    m.subject = xstrdup("test");
    m.body = xstrdup("test");
    m.idem_key = xstrdup("kizuki-test-1");
    m.created_at = T0;
    m.next_attempt_at = T0;
    assert_int_equal(store_outbox_insert(w->t->s, &m), KZ_OK);
    assert_int_equal(
        app_delivery_record(w->t->s, &m, false, "refused", T0 + 25 * HOUR),
        KZ_OK);
    assert_int_equal(tempdb_int(w->t, "SELECT count(*) FROM outbox WHERE"
                                      " status = 'failed'"),
                     1);
    assert_int_equal(entries(w), e0);
    assert_int_equal(tempdb_int(w->t, "SELECT count(*) FROM audit"), a0);

    m.id = 9999;
    assert_int_equal(app_delivery_record(w->t->s, &m, true, NULL, T0),
                     KZ_ENOTFOUND);
    assert_int_equal(store_depth(w->t->s), 0);
    outbox_msg_cleanup(&m);
}

/* Giving up is all or nothing: the failed status and the chronology
 * entry commit together. */
static void test_failed_give_up_is_all_or_nothing(void **state)
{
    struct world *w = *state;
    struct outbox_msg m;
    int n;

    outbox_msg_init(&m);
    message(w, "email", &m);
    for (n = 1; n <= 100; n++) {
        int64_t e0 = entries(w);
        store_fault_after(w->t->s, n);
        enum kz_err err =
            app_delivery_record(w->t->s, &m, false, "timeout", T0 + 25 * HOUR);
        store_fault_after(w->t->s, 0);
        assert_int_equal(store_depth(w->t->s), 0);
        int64_t failed = tempdb_int(
            w->t, "SELECT count(*) FROM outbox WHERE status = 'failed'");
        bool nothing = failed == 0 && entries(w) == e0;
        bool whole = failed == 1 && entries(w) == e0 + 1;
        if (!(err == KZ_OK ? whole : nothing))
            fail_msg("fault at call %d (err %d): %lld failed, %lld entries", n,
                     err, (long long)failed, (long long)entries(w));
        if (err == KZ_OK)
            break;
        assert_int_equal(err, KZ_ESTORE);
    }
    assert_true(n > 1 && n <= 100);
    outbox_msg_cleanup(&m);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_backoff_sequence),
        T(test_sent),
        T(test_failures_back_off),
        T(test_give_up_after_a_day),
        T(test_message_without_summons_and_unknown),
        T(test_failed_give_up_is_all_or_nothing),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
