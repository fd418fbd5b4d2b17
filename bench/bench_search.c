/* SPDX-License-Identifier: MIT */
/*
 * bench_search.c - `make bench`: full-text search at scale (issue 10
 * item 6; docs/internals/search.md).
 *
 * Generates N incidents (BENCH_SEARCH_N, default 1,000,000) with five
 * timeline entries and their playbook's four tasks each, directly through the
 * store in large transactions, their Japanese titles, descriptions and notes
 * drawn from a word list (顧客, 誤送信, 紛失, 漏洩, メール, ﾒｰﾙ, …); one in ten
 * is restricted.  Then times searches as a handler who is a member of none of
 * the restricted incidents (so need-to-know is applied in every query), through
 * app_search, one page of 20 with its snippets: one- character, two-character
 * and multi-word Japanese queries.  Prints the load rate, p50/p95 of each kind
 * of query, and the size of the index and of the database; exits non-zero when
 * a p95 is 50 ms or more.  Then the same queries as the incident list's q
 * (app_incident_list, a page of 50 as GET /api/v1/incidents asks for it):
 * newest first, newest first with a filter, and in another order with a
 * filter.
 *
 * Usage: bench_search [KIZUKI]  (the argument is ignored: `make bench`
 * passes the binary to every bench).  BENCH_KEEP=1 keeps the database;
 * BENCH_SEARCH_DB=FILE searches a kept one again without loading;
 * BENCH_LIST_RUNS=N times N lists per kind instead of RUNS (a slow build
 * to compare with).
 */
#include <inttypes.h>
#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/incident_ops.h"
#include "app/search.h"
#include "core/chronology.h"
#include "core/incident.h"
#include "core/ref.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/timefmt.h"

#define DEFAULT_N 1000000L
#define ENTRIES 5
#define INCIDENTS_PER_TX 2000
#define RUNS 200 /* searches per kind of query */
#define PAGE 20
#define LIST_PAGE 50 /* the list's default page */
#define TARGET_P95_MS 50.0

static const char bench_now[] = "2026-11-22T12:00:00+09:00";

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, enum kz_err err)
{
    fprintf(stderr, "bench_search: %s failed: %s\n", what, kz_err_code(err));
    exit(2);
}

static uint64_t rng_state = 0x2545F4914F6CDD1Du;

static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

/* Nouns of incident reports; the first ones are drawn more often (a
 * skewed vocabulary: common and rare words, as in real text). */
static const char *const words[] = {
    "顧客",
    "メール",
    "誤送信",
    "紛失",
    "漏洩",
    "個人情報",
    "ﾒｰﾙ",
    "宛先",
    "添付ファイル",
    "営業部",
    "委託先",
    "USBメモリ",
    "ノートPC",
    "不正アクセス",
    "パスワード",
    "取引先",
    "名簿",
    "盗難",
    "暗号化",
    "社員",
    "サーバ",
    "アクセスログ",
    "フィッシング",
    "マルウェア",
    "ランサムウェア",
    "請求書",
    "口座番号",
    "電話番号",
    "住所",
    "氏名",
    "人事部",
    "経理部",
    "コールセンター",
    "大阪支店",
    "会員サイト",
    "ＶＰＮ装置",
    "クラウド",
    "設定ミス",
    "公開範囲",
    "外付けHDD",
    "スマートフォン",
    "FAX",
    "郵便物",
    "申込書",
    "診療記録",
    "マイナンバー",
    "クレジットカード",
    "認証情報",
    "標的型攻撃",
    "改ざん",
};
static const char *const joints[] = {"の", "を", "が", "に", "で", "と", "、"};
static const char *const tails[] = {
    "を確認した。", "について調査中。",     "の可能性がある。",
    "を報告した。", "への対応を検討する。", "は見つかっていない。",
    "を遮断した。",
};

static const char *word(void)
{
    /* Half the draws from the first ten words, the rest from all. */
    size_t n = sizeof(words) / sizeof(words[0]);
    return words[rnd(2) ? rnd(10) : rnd((uint32_t)n)];
}

/* A sentence of 'k' words joined by particles. */
static char *sentence(int k, bool tail)
{
    struct buf b;

    buf_init(&b, 4096);
    for (int i = 0; i < k; i++) {
        if (buf_puts(&b, word()) != KZ_OK ||
            (i + 1 < k &&
             buf_puts(&b, joints[rnd(sizeof(joints) / sizeof(joints[0]))]) !=
                 KZ_OK))
            die("buf", KZ_EIO);
    }
    if (tail &&
        buf_puts(&b, tails[rnd(sizeof(tails) / sizeof(tails[0]))]) != KZ_OK)
        die("buf", KZ_EIO);
    return buf_take(&b);
}

static void make_incident(struct incident *inc, long i, kz_time base)
{
    kz_time reported = base - 86400 * 365 + (kz_time)(i % 30000000);

    inc->title = sentence(2 + (int)rnd(3), false);
    inc->description = sentence(6 + (int)rnd(7), true);
    inc->kind = KIND_INCIDENT;
    inc->category = xstrdup(rnd(2) ? "misdirected_email" : "device_loss");
    inc->phase = PHASE_REPORTED;
    inc->severity = 1 + (int)rnd(4);
    inc->discovered_at = reported - 600;
    inc->reported_at = reported;
    inc->phase_times[PHASE_REPORTED] = reported;
    inc->reporter = xstrdup("tanaka");
    inc->owner = xstrdup("tanaka");
    strv_push(&inc->parties, "staff");
    if (rnd(10) == 0) {
        inc->restricted = true;
        inc->tlp = TLP_RED;
        strv_push(&inc->members, "sato");
    }
    inc->version = 1;
    inc->created_at = reported;
    inc->updated_at = reported;
    inc->created_by = xstrdup("tanaka");
}

/* The tasks a playbook gives each incident of its category (as
 * app_incident_create does), with words the queries use: found through
 * the index's templates (0018_search_cost.sql), not a copy per incident. */
static const char *const steps_email[] = {
    "誤送信先に連絡し、メールの削除と削除完了の確認を依頼する",
    "送信ログで宛先・送信日時・添付ファイルを特定する",
    "顧客へ誤送信の事実とお詫びを通知する",
    "宛先確認・送信保留など送信の仕組みを見直す"};
static const char *const steps_loss[] = {
    "端末のリモートワイプまたはロックを実行する",
    "警察に遺失届を出し、受理番号を記録する",
    "紛失した端末内の顧客名簿と暗号化の状態を確認する",
    "持ち出し管理の手順を見直す"};

static void add_tasks(struct store *s, const struct incident *inc)
{
    bool email = strcmp(inc->category, "misdirected_email") == 0;
    const char *const *steps = email ? steps_email : steps_loss;
    size_t n = email ? sizeof(steps_email) / sizeof(steps_email[0])
                     : sizeof(steps_loss) / sizeof(steps_loss[0]);
    char source[64];

    snprintf(source, sizeof(source), "playbook:%s", inc->category);
    for (size_t i = 0; i < n; i++) {
        struct task t;
        task_init(&t);
        t.incident_id = inc->id;
        t.phase = PHASE_CONTAINMENT;
        t.title = xstrdup(steps[i]);
        t.source = xstrdup(source);
        t.version = 1;
        t.created_at = inc->created_at;
        enum kz_err err = store_task_insert(s, &t);
        if (err != KZ_OK)
            die("store_task_insert", err);
        task_cleanup(&t);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static long long file_size(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

/* Time RUNS searches of queries[] in turn; prints p50/p95 (ms) and the
 * mean number of incidents per page; returns the p95. */
static double run_kind(struct store *s, const struct app_ctx *ctx,
                       const char *label, const char *const *queries, size_t nq)
{
    double ms[RUNS], cpu[RUNS];
    long total = 0;

    for (int r = 0; r < RUNS; r++) {
        const char *text = queries[(size_t)r % nq];
        struct search_query q;
        struct search_hits h;
        const char *why = NULL;
        search_query_init(&q);
        if (search_query_parse(text, &q, &why) != KZ_OK)
            die(text, KZ_EINVAL);
        double t0 = now_s(), c0 = cpu_s();
        if (store_begin_read(s) != KZ_OK)
            die("store_begin_read", KZ_ESTORE);
        enum kz_err err = app_search(s, ctx, &q, PAGE + 1, 0, &h);
        store_rollback(s);
        ms[r] = (now_s() - t0) * 1000.0;
        cpu[r] = (cpu_s() - c0) * 1000.0;
        if (err != KZ_OK)
            die("app_search", err);
        total += (long)h.n;
        search_hits_cleanup(&h);
        search_query_cleanup(&q);
    }
    qsort(ms, RUNS, sizeof(ms[0]), cmp_double);
    qsort(cpu, RUNS, sizeof(cpu[0]), cmp_double);
    double p50 = ms[RUNS / 2], p95 = ms[RUNS * 95 / 100];
    /* CPU time beside wall time: on a shared machine the difference is
     * time spent waiting for a core, not searching. */
    printf("  %-28s p50 %7.2f ms  p95 %7.2f ms  (CPU p50 %.2f, p95 %.2f ms;"
           " %.1f incidents/page)\n",
           label, p50, p95, cpu[RUNS / 2], cpu[RUNS * 95 / 100],
           (double)total / RUNS);
    return p95;
}

/* The list's settings of one row of figures. */
struct list_case {
    const char *label;
    enum list_sort sort;
    bool asc;
    const char *category;
};

/* Time 'runs' (at most RUNS) lists with q from queries[] in turn, as
 * run_kind; returns the p95. */
static double run_list(struct store *s, const struct app_ctx *ctx,
                       const struct list_case *lc, const char *kind,
                       const char *const *queries, size_t nq, int runs)
{
    double ms[RUNS], cpu[RUNS];
    long total = 0;
    char label[128];

    for (int r = 0; r < runs; r++) {
        struct incident_filter f;
        struct incident_list l;
        incident_filter_init(&f);
        f.q = queries[(size_t)r % nq];
        f.sort = lc->sort;
        f.asc = lc->asc;
        f.category = lc->category;
        f.limit = LIST_PAGE + 1;
        double t0 = now_s(), c0 = cpu_s();
        if (store_begin_read(s) != KZ_OK)
            die("store_begin_read", KZ_ESTORE);
        enum kz_err err = app_incident_list(s, ctx, &f, &l);
        store_rollback(s);
        ms[r] = (now_s() - t0) * 1000.0;
        cpu[r] = (cpu_s() - c0) * 1000.0;
        if (err != KZ_OK)
            die("app_incident_list", err);
        total += (long)(l.n > LIST_PAGE ? LIST_PAGE : l.n);
        incident_list_cleanup(&l);
    }
    qsort(ms, (size_t)runs, sizeof(ms[0]), cmp_double);
    qsort(cpu, (size_t)runs, sizeof(cpu[0]), cmp_double);
    double p50 = ms[runs / 2], p95 = ms[runs * 95 / 100];
    snprintf(label, sizeof(label), "%s, %s", lc->label, kind);
    printf("  %-40s p50 %7.2f ms  p95 %7.2f ms  (CPU p50 %.2f, p95 %.2f ms;"
           " %.1f incidents/page)\n",
           label, p50, p95, cpu[runs / 2], cpu[runs * 95 / 100],
           (double)total / runs);
    fflush(stdout);
    return p95;
}

/* Load the corpus of 'n' incidents into a new database in a new folder
 * 'dir' (a mkdtemp template); the store is left open in *s. */
static void load_corpus(char *dir, char *path, size_t path_size, char *wal,
                        size_t wal_size, long n, kz_time base, struct store **s)
{
    enum kz_err err;

    if (mkdtemp(dir) == NULL) {
        perror("bench_search: mkdtemp");
        exit(2);
    }
    snprintf(path, path_size, "%s/bench.db", dir);
    snprintf(wal, wal_size, "%s-wal", path);
    err = store_open(path, STORE_OPEN_CREATE, s);
    if (err != KZ_OK)
        die("store_open", err);

    /* 1. The corpus: each incident and its five notes in one go, the
     * index following in the same transactions. */
    printf("bench_search: %ld incidents, %d timeline entries each\n", n,
           ENTRIES);
    fflush(stdout);
    double t0 = now_s();
    for (long i = 0; i < n; i++) {
        struct incident inc;
        struct chron_head head;
        if (i % INCIDENTS_PER_TX == 0 && (err = store_begin(*s)) != KZ_OK)
            die("store_begin", err);
        incident_init(&inc);
        make_incident(&inc, i, base);
        int year = timefmt_year(inc.reported_at);
        int64_t number = 0;
        if ((err = store_ref_next(*s, year, &number)) != KZ_OK)
            die("store_ref_next", err);
        ref_format(inc.ref, year, number);
        if ((err = store_incident_insert(*s, &inc)) != KZ_OK)
            die("store_incident_insert", err);
        add_tasks(*s, &inc);
        chron_head_init(&head);
        for (int j = 0; j < ENTRIES; j++) {
            struct chron_entry e;
            chron_entry_init(&e);
            e.kind = ENTRY_NOTE;
            e.actor = xstrdup("tanaka");
            e.at = inc.reported_at + (kz_time)j * 900;
            e.body = sentence(4 + (int)rnd(5), true);
            chron_seal(inc.ref, &e, &head);
            if ((err = store_chron_append(*s, inc.id, &e)) != KZ_OK)
                die("store_chron_append", err);
            chron_entry_cleanup(&e);
        }
        incident_cleanup(&inc);
        if ((i + 1) % INCIDENTS_PER_TX == 0 || i + 1 == n) {
            if ((err = store_commit(*s)) != KZ_OK)
                die("store_commit", err);
        }
        if ((i + 1) % 100000 == 0) {
            printf("  loaded %ld (%.0f incidents/s)\n", i + 1,
                   (double)(i + 1) / (now_s() - t0));
            fflush(stdout);
        }
    }
    double t_load = now_s() - t0;
    printf("  load: %.1f s, %.0f incidents/s with %d entries each\n", t_load,
           (double)n / t_load, ENTRIES);
    /* Fold the WAL in, as a running server's checkpoints do. */
    store_close(*s);
    err = store_open(path, STORE_OPEN_EXISTING, s);
    if (err != KZ_OK)
        die("store_open", err);
}

int main(int argc, char **argv)
{
    char dir[] = "/tmp/kizuki-bench-search-XXXXXX";
    char path[256], wal[300];
    struct store *s = NULL;
    kz_time base;
    long n = DEFAULT_N;
    const char *env = getenv("BENCH_SEARCH_N");
    enum kz_err err;

    (void)argc;
    (void)argv;
    if (env != NULL && *env != '\0') {
        n = strtol(env, NULL, 10);
        if (n < 1 || n > 10000000) {
            fprintf(stderr, "bench_search: BENCH_SEARCH_N: 1..10000000\n");
            return 2;
        }
    }
    if (sodium_init() < 0 || timefmt_setup_zone(NULL) != KZ_OK ||
        timefmt_parse(bench_now, &base) != KZ_OK)
        die("setup", KZ_EIO);
    json_set_alloc_funcs(xmalloc, xfree);
    /* BENCH_SEARCH_DB: search a corpus loaded by an earlier run (kept with
     * BENCH_KEEP=1) instead of loading one. */
    const char *reuse = getenv("BENCH_SEARCH_DB");
    if (reuse != NULL && *reuse != '\0') {
        snprintf(path, sizeof(path), "%s", reuse);
        snprintf(wal, sizeof(wal), "%s-wal", path);
        dir[0] = '\0';
        err = store_open(path, STORE_OPEN_EXISTING, &s);
        if (err != KZ_OK)
            die("store_open", err);
    } else {
        load_corpus(dir, path, sizeof(path), wal, sizeof(wal), n, base, &s);
    }

    /* 2. Searches, as a handler (need-to-know applies). */
    struct app_ctx ctx;
    memset(&ctx, 0, sizeof(ctx));
    ctx.actor.name = "suzuki";
    ctx.actor.role = ROLE_HANDLER;
    ctx.now = base;
    static const char *const one[] = {"漏", "顧", "洩", "紛", "誤",
                                      "盗", "暗", "名", "氏", "鍵"};
    static const char *const two[] = {"顧客", "紛失", "漏洩", "宛先", "名簿",
                                      "盗難", "社員", "住所", "氏名", "改ざん"};
    static const char *const multi[] = {
        "顧客 誤送信",         "ﾒｰﾙ 誤送信",
        "紛失 USBメモリ 社員", "個人情報 漏洩",
        "「顧客の個人情報」",  "委託先\u3000名簿 流出",
        "営業部 メール 宛先",  "パスワード 不正アクセス",
        "診療記録 紛失",       "マイナンバー 漏洩 調査"};
    /* words of the playbook's steps only, found through the templates */
    static const char *const step[] = {
        "遺失届",       "送信保留",   "リモートワイプ", "受理番号",
        "お詫び",       "顧客 通知",  "持ち出し 手順",  "削除完了",
        "「送信ログ」", "端末 ロック"};
    printf("  searches as a handler, %d per kind, page of %d with snippets:\n",
           RUNS, PAGE);
    double worst = 0, p;
    p = run_kind(s, &ctx, "one character (漏, 顧, …)", one, 10);
    worst = p > worst ? p : worst;
    p = run_kind(s, &ctx, "two characters (顧客, 紛失, …)", two, 10);
    worst = p > worst ? p : worst;
    p = run_kind(s, &ctx, "several words (顧客 誤送信, …)", multi, 10);
    worst = p > worst ? p : worst;
    p = run_kind(s, &ctx, "playbook task words (遺失届, …)", step, 10);
    worst = p > worst ? p : worst;

    /* The same queries in the incident list's q. */
    static const struct list_case lists[] = {
        {"list q, newest first", LIST_SORT_DEFAULT, false, NULL},
        {"list q, newest first, category", LIST_SORT_DEFAULT, false,
         "device_loss"},
        {"list q, reported_at asc, category", LIST_SORT_REPORTED_AT, true,
         "device_loss"},
    };
    int list_runs = RUNS;
    const char *lr = getenv("BENCH_LIST_RUNS");
    if (lr != NULL && *lr != '\0')
        list_runs = (int)strtol(lr, NULL, 10);
    if (list_runs < 1 || list_runs > RUNS)
        list_runs = RUNS;
    printf("  incident lists with q as a handler, %d per kind, page of %d:\n",
           list_runs, LIST_PAGE);
    for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
        p = run_list(s, &ctx, &lists[i], "one character", one, 10, list_runs);
        worst = p > worst ? p : worst;
        p = run_list(s, &ctx, &lists[i], "two characters", two, 10, list_runs);
        worst = p > worst ? p : worst;
        p = run_list(s, &ctx, &lists[i], "several words", multi, 10, list_runs);
        worst = p > worst ? p : worst;
    }
    store_close(s);

    /* 3. Sizes: the index's tables, and the whole file. */
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long long index_bytes = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT sum(length(block)) FROM search_fts_data",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        index_bytes = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    /* A corpus searched again (BENCH_SEARCH_DB) says its own size. */
    if (db != NULL &&
        sqlite3_prepare_v2(db, "SELECT count(*) FROM incident", -1, &st,
                           NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    printf("  index (search_fts_data): %.1f MB; database %.1f MB "
           "(%.0f bytes per incident in the index)\n",
           (double)index_bytes / 1e6,
           (double)(file_size(path) + file_size(wal)) / 1e6,
           (double)index_bytes / (double)n);
    printf("  target p95 < %.0f ms: %s (worst p95 %.2f ms at N=%ld)\n",
           TARGET_P95_MS, worst < TARGET_P95_MS ? "met" : "MISSED", worst, n);
    if (getenv("BENCH_KEEP") != NULL || dir[0] == '\0') {
        printf("  kept: %s\n", path);
    } else {
        unlink(path);
        unlink(wal);
        char shm[300];
        snprintf(shm, sizeof(shm), "%s-shm", path);
        unlink(shm);
        rmdir(dir);
    }
    return worst < TARGET_P95_MS ? 0 : 1;
}
