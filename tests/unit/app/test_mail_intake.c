/* SPDX-License-Identifier: MIT */
/*
 * test_mail_intake.c - a message becomes a report or a timeline entry
 * (src/app/mail_intake.c): filed like a web report, a reply lands on the
 * incident its subject names (restricted ones too, and stays as hidden),
 * a message taken twice is filed once, automatic replies and kizuki's own
 * mail file nothing, and every write is all or nothing.
 */
#include "support/test.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>

#include "app/incident_ops.h"
#include "app/mail_intake.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW
#define T(f) cmocka_unit_test_setup_teardown(f, tempdb_setup, teardown)

/* rm -r 'path' (a folder of folders of files at most). */
static void remove_tree(const char *path)
{
    struct stat st;
    DIR *d;
    const struct dirent *e;

    if (lstat(path, &st) != 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        unlink(path);
        return;
    }
    d = opendir(path);
    while (d != NULL && (e = readdir(d)) != NULL) {
        char sub[1024];
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
        remove_tree(sub);
    }
    if (d != NULL)
        closedir(d);
    rmdir(path);
}

/* The evidence store is a tree of folders, which tempdb leaves alone. */
static int teardown(void **state)
{
    struct tempdb *t = *state;
    char dir[320];

    remove_tree(tempdb_sibling(t, "evidence", dir));
    return tempdb_teardown(state);
}

static const struct app_ctx cli_ctx = {
    {"postfix", ROLE_ADMIN}, "cli", NOW, NULL};

/* Take the message 'text' into 't' (OUT: *r), its evidence under
 * t's folder. */
static enum kz_err take(const struct tempdb *t, const char *text,
                        struct mail_intake_result *r)
{
    struct mail_msg m;
    struct kz_problems p;
    const char *why = NULL;
    char dir[320];
    struct mail_intake_opts opts = {NULL, LANG_JA,
                                    tempdb_sibling(t, "evidence", dir)};
    struct store *s = t->s;

    mail_msg_init(&m);
    kz_problems_clear(&p);
    assert_int_equal(
        mail_parse((const unsigned char *)text, strlen(text), &m, &why), KZ_OK);
    enum kz_err err =
        app_mail_intake(s, &cli_ctx, &m, (const unsigned char *)text,
                        strlen(text), &opts, r, &p);
    mail_msg_cleanup(&m);
    return err;
}

static const char REPORT[] =
    "From: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <yamada@example.co.jp>\r\n"
    "Subject: =?UTF-8?B?6aGn5a6i5oOF5aCx44Gu6Kqk6YCB5L+h?=\r\n"
    "Date: Sun, 22 Nov 2026 09:30:00 +0900\r\n"
    "Message-ID: <r1@example.co.jp>\r\n"
    "Content-Type: text/plain; charset=UTF-8\r\n"
    "\r\n"
    "B\xE7\xA4\xBE\xE3\x81\xAB\xE8\xAA\xA4\xE9\x80\x81\xE4\xBF\xA1\r\n";

static const char WITH_ATTACHMENT[] =
    "From: sato@example.co.jp\r\n"
    "Subject: report\r\n"
    "Message-ID: <att@example.co.jp>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=b\r\n"
    "\r\n"
    "--b\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "see the log\r\n"
    "--b\r\n"
    "Content-Type: text/plain; name=\"fw.log\"\r\n"
    "Content-Disposition: attachment; filename=\"fw.log\"\r\n"
    "\r\n"
    "deny 203.0.113.5\r\n"
    "--b--\r\n";

static const char *text_of(const struct tempdb *t, const char *sql, char *out,
                           size_t n)
{
    return tempdb_text(t, sql, out, n);
}

static void test_new_report_like_the_form(void **state)
{
    struct tempdb *t = *state;
    struct mail_intake_result r;
    char buf[512];

    assert_int_equal(take(t, REPORT, &r), KZ_OK);
    assert_int_equal(r.outcome, MAIL_OUTCOME_NEW_REPORT);
    assert_false(r.duplicate);
    assert_string_equal(r.ref, "INC-2026-0001");
    assert_string_equal(r.message_key, "<r1@example.co.jp>");
    assert_string_equal(
        text_of(t, "SELECT title FROM incident", buf, sizeof(buf)),
        "顧客情報の誤送信");
    assert_string_equal(
        text_of(t, "SELECT description FROM incident", buf, sizeof(buf)),
        "B社に誤送信");
    assert_string_equal(
        text_of(t, "SELECT reporter FROM incident", buf, sizeof(buf)),
        "山田 太郎 <yamada@example.co.jp>");
    assert_string_equal(
        text_of(t, "SELECT created_by FROM incident", buf, sizeof(buf)),
        MAIL_INTAKE_ACTOR);
    /* The Date header: 2026-11-22T09:30+09:00. */
    assert_int_equal(tempdb_int(t, "SELECT reported_at FROM incident"),
                     NOW - 1800);
    /* The phase entry, then the line saying it came by mail. */
    text_of(t, "SELECT body FROM chronology WHERE seq = 2", buf, sizeof(buf));
    assert_non_null(strstr(buf, "chron.mail_received"));
    assert_non_null(strstr(buf, "r1@example.co.jp"));
    assert_int_equal(
        tempdb_int(t, "SELECT count(*) FROM mail_message WHERE outcome ="
                      " 'new_report' AND incident_id = 1"),
        1);
    assert_int_equal(tempdb_int(t,
                                "SELECT count(*) FROM audit WHERE action = "
                                "'mail.intake' AND target = 'INC-2026-0001'"),
                     1);
}

static void test_account_with_the_address_reports(void **state)
{
    struct tempdb *t = *state;
    struct mail_intake_result r;
    char buf[128];

    fixture_account(t->s, "yamada", ROLE_REPORTER);
    tempdb_exec_ok(t, "UPDATE account SET email = 'Yamada@Example.co.jp'"
                      " WHERE name = 'yamada'");
    assert_int_equal(take(t, REPORT, &r), KZ_OK);
    assert_string_equal(
        text_of(t, "SELECT created_by FROM incident", buf, sizeof(buf)),
        "yamada");
    assert_string_equal(
        text_of(t, "SELECT reporter FROM incident", buf, sizeof(buf)),
        "yamada");
}

static void test_delivered_twice_filed_once(void **state)
{
    struct tempdb *t = *state;
    struct mail_intake_result r;

    assert_int_equal(take(t, REPORT, &r), KZ_OK);
    int64_t entries = tempdb_int(t, "SELECT count(*) FROM chronology");
    int64_t audit = tempdb_int(t, "SELECT count(*) FROM audit");
    assert_int_equal(take(t, REPORT, &r), KZ_OK);
    assert_true(r.duplicate);
    assert_int_equal(r.outcome, MAIL_OUTCOME_NEW_REPORT);
    assert_string_equal(r.ref, "INC-2026-0001");
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident"), 1);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM chronology"), entries);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit"), audit);
}

static void test_reply_goes_to_the_restricted_incident(void **state)
{
    struct tempdb *t = *state;
    struct mail_intake_result r;
    struct incident inc;
    struct kz_problems p;
    char buf[2048];
    static const char reply[] =
        "From: sato@example.co.jp\r\n"
        "Subject: Re: [INC-2026-0001] x\r\n"
        "Message-ID: <r2@example.co.jp>\r\n"
        "\r\n"
        "deleted by B\r\n"
        "\r\n"
        "On Sun, 22 Nov 2026, CSIRT <csirt@example.co.jp> wrote:\r\n"
        "> what happened?\r\n";

    fixture_account(t->s, FIXTURE_MEMBER, ROLE_HANDLER);
    fixture_draft(&inc, NOW);
    inc.restricted = true;
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(t->s, &cli_ctx, &inc, &p), KZ_OK);
    incident_cleanup(&inc);
    int64_t seq = tempdb_int(t, "SELECT max(seq) FROM chronology");

    assert_int_equal(take(t, reply, &r), KZ_OK);
    assert_int_equal(r.outcome, MAIL_OUTCOME_REPLY);
    assert_true(r.trimmed);
    assert_string_equal(r.ref, "INC-2026-0001");
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident"), 1);
    assert_int_equal(tempdb_int(t, "SELECT restricted FROM incident"), 1);
    snprintf(buf, sizeof(buf),
             "SELECT kind || ' ' || body FROM chronology WHERE seq = %lld",
             (long long)seq + 1);
    text_of(t, buf, buf, sizeof(buf));
    assert_non_null(strstr(buf, "contact "));
    assert_non_null(strstr(buf, "chron.mail_reply_trimmed"));
    assert_non_null(strstr(buf, "deleted by B"));
    assert_non_null(strstr(buf, "sato@example.co.jp"));
    assert_null(strstr(buf, "what happened"));
}

static void test_unknown_ref_is_a_new_report(void **state)
{
    struct tempdb *t = *state;
    struct mail_intake_result r;
    char buf[1024];
    static const char msg[] = "From: sato@example.co.jp\r\n"
                              "Subject: Re: [INC-2025-0099] x\r\n"
                              "\r\n"
                              "text\r\n";

    assert_int_equal(take(t, msg, &r), KZ_OK);
    assert_int_equal(r.outcome, MAIL_OUTCOME_NEW_REPORT);
    assert_true(r.unknown_ref);
    assert_string_equal(r.ref, "INC-2026-0001");
    assert_int_equal(strncmp(r.message_key, "sha256:", 7), 0);
    text_of(t, "SELECT body FROM chronology WHERE seq = 2", buf, sizeof(buf));
    assert_non_null(strstr(buf, "chron.mail_received_unknown_ref"));
    assert_non_null(strstr(buf, "INC-2025-0099"));
}

static void test_loops_file_nothing(void **state)
{
    struct tempdb *t = *state;
    struct mail_intake_result r;
    static const char *const msgs[] = {
        "From: yamada@example.co.jp\r\nAuto-Submitted: auto-replied\r\n"
        "Subject: [INC-2026-0001] out of office\r\n\r\naway\r\n",
        "From: kizuki <csirt@example.co.jp>\r\nSubject: s\r\n\r\nx\r\n",
        "From: a@example.co.jp\r\nX-Kizuki-Idempotency-Key: k\r\n\r\nx\r\n",
    };

    tempdb_exec_ok(t, "INSERT INTO setting(key, value, updated_at) VALUES"
                      " ('smtp_from', 'CSIRT@example.co.jp', 0)");
    for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
        assert_int_equal(take(t, msgs[i], &r), KZ_OK);
        assert_int_equal(r.outcome, MAIL_OUTCOME_IGNORED);
        assert_string_equal(r.ref, "");
    }
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident"), 0);
    assert_int_equal(
        tempdb_int(t, "SELECT count(*) FROM mail_message WHERE outcome ="
                      " 'ignored' AND incident_id IS NULL"),
        3);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit WHERE action ="
                                   " 'mail.intake'"),
                     3);
}

/* Whichever store call fails, the message is wholly taken or not at all:
 * the MTA delivers it again, and then it must be new. */
static void test_all_or_nothing(void **state)
{
    struct tempdb *t = *state;
    struct mail_intake_result r;
    long n;

    for (n = 1; n <= 200; n++) {
        store_fault_after(t->s, n);
        enum kz_err err = take(t, WITH_ATTACHMENT, &r);
        store_fault_after(t->s, 0);
        assert_int_equal(store_depth(t->s), 0);
        int64_t rows = tempdb_int(t, "SELECT count(*) FROM mail_message");
        if (err != KZ_OK) {
            assert_int_equal(err, KZ_ESTORE);
            assert_int_equal(rows, 0);
            assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident"), 0);
            assert_int_equal(tempdb_int(t, "SELECT count(*) FROM chronology"),
                             0);
            assert_int_equal(tempdb_int(t, "SELECT count(*) FROM evidence"), 0);
            assert_string_equal(r.ref, "");
            continue;
        }
        assert_int_equal(rows, 1);
        assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident"), 1);
        assert_int_equal(tempdb_int(t, "SELECT count(*) FROM evidence"), 2);
        break;
    }
    assert_true(n > 3 && n <= 200);
}

/* The message as received and its attachments are evidence of the
 * incident, hashed and stored, each noted on its timeline. */
static void test_message_and_attachments_are_evidence(void **state)
{
    struct tempdb *t = *state;
    struct mail_intake_result r;
    char buf[256], path[640];

    assert_int_equal(take(t, WITH_ATTACHMENT, &r), KZ_OK);
    assert_int_equal(r.evidence, 2);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM evidence WHERE"
                                   " incident_id = 1"),
                     2);
    assert_string_equal(
        tempdb_text(t, "SELECT name FROM evidence ORDER BY id LIMIT 1", buf,
                    sizeof(buf)),
        "report.eml");
    assert_string_equal(
        tempdb_text(t, "SELECT sha256 FROM evidence ORDER BY id LIMIT 1", buf,
                    sizeof(buf)),
        r.sha256);
    assert_string_equal(tempdb_text(t,
                                    "SELECT name FROM evidence ORDER BY id"
                                    " DESC LIMIT 1",
                                    buf, sizeof(buf)),
                        "fw.log");
    /* The stored .eml is the message byte for byte. */
    snprintf(path, sizeof(path), "%s/evidence/%.2s/%s", t->dir, r.sha256,
             r.sha256);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char stored[sizeof(WITH_ATTACHMENT)];
    size_t n = fread(stored, 1, sizeof(stored), f);
    fclose(f);
    assert_int_equal(n, strlen(WITH_ATTACHMENT));
    assert_memory_equal(stored, WITH_ATTACHMENT, n);
    /* A re-delivery adds no evidence. */
    assert_int_equal(take(t, WITH_ATTACHMENT, &r), KZ_OK);
    assert_true(r.duplicate);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM evidence"), 2);
}

/* A long display name and a long attachment name are cut at characters,
 * not refused: a message is never turned away for what its sender's
 * mailer wrote at length. */
static void test_long_names_are_cut(void **state)
{
    struct tempdb *t = *state;
    struct mail_intake_result r;
    char msg[16384];
    char name[4096], file[4096];

    for (int i = 0; i < 300; i++)
        memcpy(name + 3 * i, "\xE5\xB1\xB1", 3); /* 山 */
    name[900] = '\0';
    for (int i = 0; i < 400; i++)
        memcpy(file + 3 * i, "\xE9\xA1\xA7", 3); /* 顧 */
    file[1200] = '\0';
    snprintf(msg, sizeof(msg),
             "From: %s <long@example.co.jp>\r\n"
             "Subject: long\r\n"
             "MIME-Version: 1.0\r\n"
             "Content-Type: multipart/mixed; boundary=b\r\n"
             "\r\n"
             "--b\r\n"
             "Content-Type: text/plain; charset=UTF-8\r\n"
             "\r\n"
             "x\r\n"
             "--b\r\n"
             "Content-Type: application/octet-stream\r\n"
             "Content-Disposition: attachment; filename=\"%s.txt\"\r\n"
             "\r\n"
             "data\r\n"
             "--b--\r\n",
             name, file);
    assert_int_equal(take(t, msg, &r), KZ_OK);
    assert_int_equal(r.evidence, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_new_report_like_the_form),
        T(test_account_with_the_address_reports),
        T(test_delivered_twice_filed_once),
        T(test_reply_goes_to_the_restricted_incident),
        T(test_unknown_ref_is_a_new_report),
        T(test_loops_file_nothing),
        T(test_all_or_nothing),
        T(test_message_and_attachments_are_evidence),
        T(test_long_names_are_cut),
    };

    mail_parse_setup();
    int failed = cmocka_run_group_tests(tests, fixture_group_setup, NULL);
    mail_parse_shutdown();
    return failed;
}
