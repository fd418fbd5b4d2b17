/* SPDX-License-Identifier: MIT */
/*
 * bench_store.c - `make bench`: bulk load and verification of the store.
 *
 * Inserts 100,000 valid incidents and 1,000,000 sealed chronology entries
 * (10 per incident) through the store interface into a fresh temporary
 * SQLite database, then times verification twice: app_verify() in this
 * process, and `kizuki verify --db FILE` as a child process (argv[1] is
 * the kizuki binary).  Prints incidents/s, entries/s, both verify times
 * and the database size, and exits non-zero when verification does not
 * pass.  Not part of the tests.
 *
 * Usage: bench_store KIZUKI [INCIDENTS]   (INCIDENTS defaults to 100000;
 * a smaller number makes a quick run for profiling).  BENCH_KEEP=1 keeps
 * the database and prints its path.
 *
 * Targets on the 2-core reference machine: >= 20,000 incidents/s, and
 * `kizuki verify` of 1,000,000 entries in < 3 s.
 */
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <sodium.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/verify.h"
#include "core/chronology.h"
#include "core/incident.h"
#include "core/ref.h"
#include "store/store.h"
#include "util/mem.h"
#include "util/timefmt.h"

extern char **environ;

#define DEFAULT_INCIDENTS 100000
#define ENTRIES_PER_INCIDENT 10
/*
 * Rows per transaction.  With synchronous=FULL every COMMIT syncs the WAL
 * to disk, which costs milliseconds; a bulk load (an import, a migration
 * from another tool) may group its rows because its unit of work is the
 * batch: a crash loses only the batch not yet committed, which the loader
 * runs again, and nothing that was acknowledged.  Durability per commit is
 * unchanged.  Interactive use cases stay one transaction per action
 * (app/incident_ops.c).
 */
#define INCIDENTS_PER_TX 1000
#define ENTRY_INCIDENTS_PER_TX 100 /* 1,000 entries per transaction */

#define TARGET_INCIDENTS_PER_S 20000.0
#define TARGET_VERIFY_S 3.0

/* The fixed "now" of the load: every time in it lies before this. */
static const char bench_now[] = "2026-11-22T12:00:00+09:00";

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds this process has used: shown beside each wall time, so a
 * run on a busy machine can be told from a slow one. */
static double cpu_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, enum kz_err err)
{
    fprintf(stderr, "bench_store: %s failed: %s\n", what, kz_err_code(err));
    exit(2);
}

/* A small deterministic generator, so every run loads the same data. */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

#define PICK(a) ((a)[rnd(sizeof(a) / sizeof((a)[0]))])

/* What a kind of case looks like: its category and a title made of
 * 'before', one of the 'fillers' (a thing, a department or a system) and
 * 'after'. */
struct scenario {
    const char *category;
    const char *before;
    const char *after;
    int fillers;           /* FILL_* */
    const char *info_type; /* NULL: no personal data involved */
};

enum { FILL_THING, FILL_DEPT, FILL_SYSTEM };

static const char *const depts[] = {
    "営業部",     "人事部",       "経理部",         "情報システム部",
    "大阪支店",   "名古屋営業所", "コールセンター", "物流センター",
    "研究開発部", "広報室",
};
static const char *const things[] = {
    "業務用ノートPC", "USBメモリ",    "社用スマートフォン", "外付けHDD",
    "顧客名簿（紙）", "申込書の控え", "タブレット端末",
};
static const char *const systems[] = {
    "会員サイト",   "ファイルサーバ", "経費精算システム", "社内Wiki",
    "メールサーバ", "VPN装置",        "ECサイト",         "勤怠管理システム",
};

static const struct scenario scenarios[] = {
    {"device_loss", "", "の紛失（電車内）", FILL_THING, "name"},
    {"device_loss", "", "の置き忘れ（飲食店）", FILL_THING, "address"},
    {"document_loss", "", "の持ち出し中の紛失", FILL_THING, "name"},
    {"misdirected_email", "", "宛てメールの誤送信（添付ファイルあり）",
     FILL_DEPT, "email_address"},
    {"misdirected_email", "BCCにすべき宛先をTOで送信（", "）", FILL_DEPT,
     "email_address"},
    {"misdirected_fax_post", "", "からのFAX誤送信", FILL_DEPT, "phone_number"},
    {"targeted_email", "", "宛ての標的型メールの開封", FILL_DEPT, NULL},
    {"phishing", "", "の従業員がフィッシングサイトに認証情報を入力", FILL_DEPT,
     NULL},
    {"malware", "", "の端末でマルウェア感染の疑い", FILL_DEPT, NULL},
    {"ransomware", "", "のファイルが暗号化された（ランサムウェア）",
     FILL_SYSTEM, "name"},
    {"unauthorized_access", "", "への不正ログインの検知", FILL_SYSTEM,
     "credit_card"},
    {"web_defacement", "", "のトップページ改ざん", FILL_SYSTEM, NULL},
    {"dos", "", "へのDDoS攻撃によるサービス停止", FILL_SYSTEM, NULL},
    {"misconfiguration", "", "の公開設定の誤りによる閲覧可能状態", FILL_SYSTEM,
     "phone_number"},
    {"wrong_disposal", "", "の誤廃棄", FILL_THING, "name"},
    {"contractor_mismanagement", "委託先による", "のデータ持ち出し",
     FILL_SYSTEM, "address"},
    {"bec", "", "宛ての請求書差し替え詐欺メール", FILL_DEPT, NULL},
    {"scan_probe", "", "への大量のポートスキャン", FILL_SYSTEM, NULL},
};

static const char *const owners[] = {"佐藤", "鈴木", "高橋", "田中", "伊藤",
                                     "渡辺", "山本", "中村", "小林", "加藤"};
static const char *const members[] = {"sato",   "suzuki", "takahashi",
                                      "tanaka", "ito",    "watanabe"};

/* Fill 'inc' (initialised) with the i-th incident of the load. */
static void make_incident(struct incident *inc, int i, kz_time base)
{
    const struct scenario *sc = &PICK(scenarios);
    char title[256];
    /* Spread the reports over the year before 'base'. */
    kz_time reported = base - 86400 * 300 + (kz_time)i * 250;
    kz_time discovered = reported - 600 - rnd(7200);

    const char *filler = sc->fillers == FILL_THING  ? PICK(things)
                         : sc->fillers == FILL_DEPT ? PICK(depts)
                                                    : PICK(systems);

    snprintf(title, sizeof(title), "%s%s%s", sc->before, filler, sc->after);
    inc->title = xstrdup(title);
    if (rnd(3) == 0)
        inc->description = xstrdup("発見者からの第一報。詳細は確認中。\n"
                                   "現時点で二次被害の報告はない。");
    inc->kind = rnd(20) == 0   ? KIND_NEAR_MISS
                : rnd(30) == 0 ? KIND_EXERCISE
                               : KIND_INCIDENT;
    inc->category = xstrdup(sc->category);
    inc->phase = PHASE_REPORTED;
    inc->severity = (int)rnd(5); /* 0: not set yet */
    inc->priority = (int)rnd(5);
    if (rnd(2) == 0)
        inc->occurred_at = discovered - 3600 - rnd(86400);
    inc->discovered_at = discovered;
    inc->reported_at = reported;
    inc->phase_times[PHASE_REPORTED] = reported;
    inc->place = xstrdup(rnd(2) ? "office" : "in_transit");
    inc->detection_trigger = xstrdup(rnd(2) ? "employee_found" : "log_check");
    inc->reporter = xstrdup(PICK(owners));
    inc->owner = xstrdup(PICK(owners));
    strv_push(&inc->parties, "staff");
    strv_push(&inc->assets, PICK(systems));
    if (sc->info_type != NULL) {
        int64_t n = 1 + rnd(5000);
        incident_add_info_type(inc, sc->info_type, n);
        if (rnd(2) == 0)
            incident_add_info_type(inc,
                                   strcmp(sc->info_type, "email_address") == 0
                                       ? "name"
                                       : "email_address",
                                   COUNT_UNKNOWN);
        inc->affected_persons = n;
    }
    strv_push(&inc->tags, sc->category);
    if (rnd(10) == 0) {
        /* Need-to-know cases name their members. */
        inc->restricted = true;
        inc->tlp = TLP_RED;
        strv_push(&inc->members, members[i % 6]);
        strv_push(&inc->members, members[(i + 1) % 6]);
    }
    inc->version = 1;
    inc->created_at = reported;
    inc->updated_at = reported;
    inc->created_by = xstrdup(inc->reporter);
}

static const char *const notes[] = {
    "本人から紛失時の状況を聞き取った。最後に確認したのは乗車前。",
    "警察に遺失届を提出した（受理番号は別途保管）。",
    "端末はディスク暗号化済み。リモートワイプを実行した。",
    "委託先の担当者に電話で第一報を入れた。",
    "影響範囲の調査のため、アクセスログの保全を依頼した。",
    "個人情報保護委員会への速報の要否を法務と協議する。",
    "対象者への個別通知文案を作成し、広報に確認を依頼した。",
    "再発防止策として送信前の宛先確認ルールを見直す。",
};

/* Body of the j-th entry (j >= 1) of an incident, and its kind. */
static char *make_body(int j, enum entry_kind *kind)
{
    char buf[512];

    switch (j % 5) {
    case 0:
        *kind = ENTRY_DECISION;
        break;
    case 1:
        *kind = ENTRY_CONTACT;
        break;
    case 2:
        *kind = ENTRY_ACTION;
        break;
    default:
        *kind = ENTRY_NOTE;
        break;
    }
    if (j == 4) {
        *kind = ENTRY_PHASE_CHANGE;
        return xstrdup("{\"from\":\"reported\",\"to\":\"triage\"}");
    }
    if (j == 7) {
        *kind = ENTRY_FIELD_CHANGE;
        return xstrdup("{\"field\":\"severity\",\"from\":null,\"to\":\"S2\"}");
    }
    snprintf(buf, sizeof(buf), "%s", PICK(notes));
    return xstrdup(buf);
}

static long long file_size(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

/* Run `kizuki verify --db path`; returns its exit status, or -1, and
 * the CPU seconds it used (OUT: *cpu). */
static int run_kizuki_verify(const char *kizuki, const char *path, double *cpu)
{
    char *argv[] = {(char *)kizuki, (char *)"verify", (char *)"--db",
                    (char *)path, NULL};
    struct rusage ru;
    pid_t pid;
    int status = 0;
    int rc = posix_spawn(&pid, kizuki, NULL, NULL, argv, environ);

    *cpu = 0;
    if (rc != 0) {
        fprintf(stderr, "bench_store: cannot run %s: %s\n", kizuki,
                strerror(rc));
        return -1;
    }
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR)
            return -1;
    }
    *cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    char dir[] = "/tmp/kizuki-bench-XXXXXX";
    char path[256];
    char wal[300];
    char shm[300];
    struct store *s = NULL;
    struct verify_result *vr = NULL;
    kz_time base;
    long n_incidents = DEFAULT_INCIDENTS;
    int64_t *ids;
    enum kz_err err;
    int failed = 0;

    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: bench_store KIZUKI [INCIDENTS]\n");
        return 2;
    }
    if (argc == 3) {
        n_incidents = strtol(argv[2], NULL, 10);
        if (n_incidents < 1 || n_incidents > 10000000) {
            fprintf(stderr, "bench_store: INCIDENTS must be 1..10000000\n");
            return 2;
        }
    }
    if (sodium_init() < 0 || timefmt_setup_zone(NULL) != KZ_OK ||
        timefmt_parse(bench_now, &base) != KZ_OK)
        die("setup", KZ_EIO);
    json_set_alloc_funcs(xmalloc, xfree);
    if (mkdtemp(dir) == NULL) {
        perror("bench_store: mkdtemp");
        return 2;
    }
    snprintf(path, sizeof(path), "%s/bench.db", dir);
    snprintf(wal, sizeof(wal), "%s-wal", path);
    snprintf(shm, sizeof(shm), "%s-shm", path);
    ids = xcalloc((size_t)n_incidents, sizeof(*ids));

    err = store_open(path, STORE_OPEN_CREATE, &s);
    if (err != KZ_OK)
        die("store_open", err);

    /* Generate and check every record first, so that only the store's
     * work is timed. */
    struct incident *incs = xcalloc((size_t)n_incidents, sizeof(*incs));
    for (long i = 0; i < n_incidents; i++) {
        struct kz_problems p;
        incident_init(&incs[i]);
        make_incident(&incs[i], (int)i, base);
        kz_problems_clear(&p);
        if (incident_validate(&incs[i], base, &p) != KZ_OK) {
            fprintf(stderr,
                    "bench_store: generated incident %ld is invalid:"
                    " %s %s\n",
                    i, p.items[0].field, p.items[0].msg_key);
            return 2;
        }
    }

    /* 1. Incidents: a reference number and the row, as filing does. */
    double t0 = now_s();
    double c0 = cpu_s();
    for (long i = 0; i < n_incidents; i++) {
        if (i % INCIDENTS_PER_TX == 0 && (err = store_begin(s)) != KZ_OK)
            die("store_begin", err);
        int year = timefmt_year(incs[i].reported_at);
        int64_t number = 0;
        err = store_ref_next(s, year, &number);
        if (err != KZ_OK)
            die("store_ref_next", err);
        ref_format(incs[i].ref, year, number);
        err = store_incident_insert(s, &incs[i]);
        if (err != KZ_OK)
            die("store_incident_insert", err);
        ids[i] = incs[i].id;
        if ((i + 1) % INCIDENTS_PER_TX == 0 || i + 1 == n_incidents) {
            err = store_commit(s);
            if (err != KZ_OK)
                die("store_commit", err);
        }
    }
    double t_inc = now_s() - t0;
    double c_inc = cpu_s() - c0;

    /* 2. Chronology: each incident's chain, sealed and appended entry by
     * entry, as the use cases do (the first entry files the report). */
    long long n_entries = 0;
    t0 = now_s();
    c0 = cpu_s();
    for (long i = 0; i < n_incidents; i++) {
        struct chron_head head;
        if (i % ENTRY_INCIDENTS_PER_TX == 0 && (err = store_begin(s)) != KZ_OK)
            die("store_begin", err);
        chron_head_init(&head);
        for (int j = 0; j < ENTRIES_PER_INCIDENT; j++) {
            struct chron_entry e;
            chron_entry_init(&e);
            e.actor = xstrdup(incs[i].created_by);
            e.at = incs[i].reported_at + (kz_time)j * 900;
            if (j == 0) {
                e.kind = ENTRY_PHASE_CHANGE;
                e.body = xstrdup("{\"from\":null,\"to\":\"reported\"}");
            } else {
                e.body = make_body(j, &e.kind);
            }
            chron_seal(incs[i].ref, &e, &head);
            err = store_chron_append(s, ids[i], &e);
            if (err != KZ_OK)
                die("store_chron_append", err);
            chron_entry_cleanup(&e);
            n_entries++;
        }
        if ((i + 1) % ENTRY_INCIDENTS_PER_TX == 0 || i + 1 == n_incidents) {
            err = store_commit(s);
            if (err != KZ_OK)
                die("store_commit", err);
        }
    }
    double t_entries = now_s() - t0;
    double c_entries = cpu_s() - c0;
    long long db_bytes = file_size(path);
    long long wal_bytes = file_size(wal);
    for (long i = 0; i < n_incidents; i++)
        incident_cleanup(&incs[i]);
    xfree(incs);
    xfree(ids);
    /* Closing folds the WAL into the database, as kizuki does. */
    t0 = now_s();
    store_close(s);
    double t_close = now_s() - t0;

    /* 3. Verification in this process, on a freshly opened store. */
    err = store_open(path, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK)
        die("store_open", err);
    vr = xcalloc(1, sizeof(*vr));
    t0 = now_s();
    c0 = cpu_s();
    err = app_verify(s, NULL, vr);
    double t_verify = now_s() - t0;
    double c_verify = cpu_s() - c0;
    store_close(s);
    if (err != KZ_OK) {
        fprintf(stderr, "bench_store: app_verify: %s (%lld breaks)\n",
                kz_err_code(err), (long long)vr->broken_total);
        failed = 1;
    }

    /* 4. `kizuki verify` as a person or a cron job runs it. */
    fflush(stdout);
    double c_cli = 0;
    t0 = now_s();
    int rc = run_kizuki_verify(argv[1], path, &c_cli);
    double t_cli = now_s() - t0;
    if (rc != 0) {
        fprintf(stderr, "bench_store: kizuki verify exited %d\n", rc);
        failed = 1;
    }
    long long final_bytes = file_size(path) + file_size(wal);

    double inc_rate = (double)n_incidents / t_inc;
    printf("\n== kizuki store benchmark (SQLite, WAL, synchronous=FULL) ==\n");
    printf("incidents inserted       %10ld in %7.3f s  = %9.0f incidents/s"
           "  (target >= %.0f: %s)  [cpu %.3f s]\n",
           n_incidents, t_inc, inc_rate, TARGET_INCIDENTS_PER_S,
           inc_rate >= TARGET_INCIDENTS_PER_S ? "met" : "MISSED", c_inc);
    printf("chronology entries       %10lld in %7.3f s  = %9.0f entries/s"
           "  [cpu %.3f s]\n",
           n_entries, t_entries, (double)n_entries / t_entries, c_entries);
    printf("verify, in-process       %10lld entries in %7.3f s"
           "  [cpu %.3f s]\n",
           (long long)vr->checked, t_verify, c_verify);
    printf("kizuki verify (process)  %10lld entries in %7.3f s"
           "  (target < %.1f s: %s)  [cpu %.3f s]\n",
           n_entries, t_cli, TARGET_VERIFY_S,
           t_cli < TARGET_VERIFY_S ? "met" : "MISSED", c_cli);
    printf("database bytes after load  %lld (main %lld + -wal %lld);"
           " after close %lld (checkpoint %.3f s)\n",
           db_bytes + wal_bytes, db_bytes, wal_bytes, final_bytes, t_close);
    /* Wall times above CPU times mean the machine was busy (or waiting
     * for the disk: every commit syncs). */
    double load[3] = {0, 0, 0};
    if (getloadavg(load, 3) > 0)
        printf("load average at the end   %.2f %.2f %.2f\n", load[0], load[1],
               load[2]);
    printf("verification             %s\n", failed ? "FAILED" : "passed");
    xfree(vr);

    if (getenv("BENCH_KEEP") != NULL) {
        printf("database kept at %s\n", path);
    } else {
        unlink(path);
        unlink(wal);
        unlink(shm);
        rmdir(dir);
    }
    return failed;
}
