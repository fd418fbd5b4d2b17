/* SPDX-License-Identifier: MIT */
/*
 * bench_http.c - `make bench`: the HTTP API under load over loopback.
 *
 * Pre-loads INCIDENTS incidents (100,000 by default) through the store
 * interface into a fresh temporary SQLite database, creates an admin
 * account and an API token, starts `kizuki serve --db FILE --listen
 * 127.0.0.1:0` as a child process (argv[1] is the kizuki binary), then
 * runs four client threads, each with its own keep-alive libcurl handle:
 *
 *   phase 1  POST /api/v1/incidents          (a realistic JSON record)
 *   phase 2  GET  /api/v1/incidents/{ref}    (random pre-loaded refs)
 *
 * and prints requests/s, p50, p99 and max latency per phase and the
 * server's peak RSS (VmHWM) before stopping it with SIGTERM.  A tenth of
 * the incidents are restricted, and reading one writes an audit entry
 * to disk before the answer (SPEC C15), so GET latencies are also shown
 * apart for open and restricted incidents.  Exits non-zero when a
 * request fails or the server does not exit 0; a missed target is
 * printed, not failed.  Not part of the tests.
 *
 * Usage: bench_http KIZUKI [INCIDENTS [CREATES [GETS]]]
 * (defaults 100000, 20000 and 40000 requests in all, shared by the four
 * clients).  BENCH_KEEP=1 keeps the database and the server's logs.
 *
 * Targets on the 2-core reference machine: >= 5,000 creates/s, GET p99
 * < 5 ms, server peak RSS < 64 MB.  For scale: Request Tracker 5 on
 * SQLite, measured on this kind of machine, manages 7.4 creates/s, GET
 * p99 126 ms and about 650 MB of memory.
 */
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/account_ops.h"
#include "bench_client.h"
#include "bench_server.h"
#include "core/chronology.h"
#include "core/incident.h"
#include "core/ref.h"
#include "json/chronology_json.h"
#include "store/db.h"
#include "store/db_pg.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/mem.h"
#include "util/timefmt.h"

#define FEW_CLIENTS 4
#define MANY_CLIENTS 32
#define MAX_SERVERS 2
#define DEFAULT_INCIDENTS 100000
#define DEFAULT_CREATES 20000
#define DEFAULT_GETS 40000
/* Preloading goes one statement per round trip on PostgreSQL: fewer. */
#define DEFAULT_PG_INCIDENTS 10000
#define WARMUP_PER_CLIENT 20
/* Rows per load transaction: a bulk load's unit of work is the batch
 * (see bench_store.c); the server's own writes stay one per action. */
#define INCIDENTS_PER_TX 1000

#define TARGET_CREATES_PER_S 5000.0
#define TARGET_PG_CREATES_PER_S 2000.0
#define TARGET_GET_P99_MS 5.0
#define TARGET_RSS_MB 64.0

static void die(const char *what, enum kz_err err)
{
    fprintf(stderr, "bench_http: %s failed: %s\n", what, kz_err_code(err));
    exit(2);
}

/* xorshift64: deterministic data, and a cheap per-thread generator. */
static uint32_t rnd(uint64_t *state, uint32_t n)
{
    uint64_t x = *state;

    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return (uint32_t)(x % n);
}

#define PICK(st, a) ((a)[rnd((st), sizeof(a) / sizeof((a)[0]))])

struct kind_of_case {
    const char *category;
    const char *title;
    const char *info_type; /* NULL: no personal data */
};

static const struct kind_of_case cases[] = {
    {"device_loss", "業務用ノートPCの紛失（電車内）", "name"},
    {"device_loss", "USBメモリの置き忘れ（飲食店）", "address"},
    {"document_loss", "顧客名簿（紙）の持ち出し中の紛失", "name"},
    {"misdirected_email", "添付ファイル付きメールの誤送信", "email_address"},
    {"misdirected_email", "BCCにすべき宛先をTOで一斉送信", "email_address"},
    {"misdirected_fax_post", "申込書のFAX誤送信", "phone_number"},
    {"targeted_email", "標的型メールの添付ファイルを開封", NULL},
    {"phishing", "フィッシングサイトに認証情報を入力", NULL},
    {"malware", "端末でマルウェア感染の疑い", NULL},
    {"ransomware", "ファイルサーバのファイルが暗号化された", "name"},
    {"unauthorized_access", "会員サイトへの不正ログインの検知", "credit_card"},
    {"misconfiguration", "クラウドストレージの公開設定の誤り", "phone_number"},
    {"wrong_disposal", "外付けHDDの誤廃棄", "name"},
};

static const char *const depts[] = {"営業部",   "人事部",
                                    "経理部",   "情報システム部",
                                    "大阪支店", "コールセンター"};
static const char *const people[] = {"佐藤", "鈴木", "高橋", "田中", "伊藤",
                                     "渡辺", "山本", "中村", "小林", "加藤"};
static const char *const systems[] = {"会員サイト",       "ファイルサーバ",
                                      "経費精算システム", "メールサーバ",
                                      "VPN装置",          "ECサイト"};
static const char *const members[] = {"sato", "suzuki", "takahashi", "tanaka"};

/* Fill 'inc' (initialised) with the i-th of 'n' pre-loaded incidents,
 * filed by admin before 'base'. */
static void make_incident(struct incident *inc, long i, long n, kz_time base,
                          uint64_t *rng)
{
    const struct kind_of_case *c = &PICK(rng, cases);
    char title[256];
    /* Spread the reports over the 300 days before 'base'. */
    kz_time reported = base - 86400 * 300 + (kz_time)i * (86400 * 300 / n);
    kz_time discovered = reported - 600 - rnd(rng, 7200);

    snprintf(title, sizeof(title), "%sの%s", PICK(rng, depts), c->title);
    inc->title = xstrdup(title);
    if (rnd(rng, 3) == 0)
        inc->description = xstrdup("発見者からの第一報。詳細は確認中。\n"
                                   "現時点で二次被害の報告はない。");
    inc->kind = rnd(rng, 20) == 0 ? KIND_NEAR_MISS : KIND_INCIDENT;
    inc->category = xstrdup(c->category);
    inc->severity = (int)rnd(rng, 5);
    inc->priority = (int)rnd(rng, 5);
    inc->discovered_at = discovered;
    inc->reported_at = reported;
    inc->phase = PHASE_REPORTED;
    inc->phase_times[PHASE_REPORTED] = reported;
    inc->place = xstrdup(rnd(rng, 2) ? "office" : "in_transit");
    inc->detection_trigger =
        xstrdup(rnd(rng, 2) ? "employee_found" : "log_check");
    inc->reporter = xstrdup(PICK(rng, people));
    inc->owner = xstrdup(PICK(rng, people));
    strv_push(&inc->parties, "staff");
    strv_push(&inc->assets, PICK(rng, systems));
    if (c->info_type != NULL) {
        int64_t count = 1 + rnd(rng, 5000);
        incident_add_info_type(inc, c->info_type, count);
        inc->affected_persons = count;
    }
    strv_push(&inc->tags, c->category);
    if (rnd(rng, 10) == 0) {
        /* Need-to-know cases: reading one is audited. */
        inc->restricted = true;
        inc->tlp = TLP_RED;
        strv_push(&inc->members, members[i % 4]);
    }
    inc->version = 1;
    inc->created_at = reported;
    inc->updated_at = reported;
    inc->created_by = xstrdup("admin");
}

/*
 * Load 'n' incidents and the first chronology entry of each, as filing
 * does; keep their refs (OUT: *refs, n strings) and which of them are
 * restricted (OUT: *restricted, n flags).  Then add the admin
 * account and a token for it (OUT: token, TOKEN_LEN + 1).
 */
static void preload(const char *path, long n, char ***refs, bool **restricted,
                    char *token)
{
    struct store *s = NULL;
    struct kz_problems p;
    uint64_t rng = 0x9E3779B97F4A7C15u;
    kz_time base = clock_now();
    struct app_ctx ctx = {{"bench", ROLE_ADMIN}, "bench", base, NULL};
    char generated[GENERATED_PASSWORD_LEN + 1];
    enum kz_err err = store_open(path, STORE_OPEN_CREATE, &s);

    if (err != KZ_OK)
        die("store_open", err);
    *refs = xcalloc((size_t)n, sizeof(**refs));
    *restricted = xcalloc((size_t)n, sizeof(**restricted));
    for (long i = 0; i < n; i++) {
        struct incident inc;
        struct chron_head head;
        struct chron_entry e;
        int64_t number = 0;

        if (i % INCIDENTS_PER_TX == 0 && (err = store_begin(s)) != KZ_OK)
            die("store_begin", err);
        incident_init(&inc);
        make_incident(&inc, i, n, base, &rng);
        kz_problems_clear(&p);
        if (incident_validate(&inc, base, &p) != KZ_OK) {
            fprintf(stderr, "bench_http: incident %ld invalid: %s %s\n", i,
                    p.items[0].field, p.items[0].msg_key);
            exit(2);
        }
        int year = timefmt_year(inc.reported_at);
        err = store_ref_next(s, year, &number);
        if (err == KZ_OK) {
            ref_format(inc.ref, year, number);
            err = store_incident_insert(s, &inc);
        }
        if (err != KZ_OK)
            die("store_incident_insert", err);
        chron_head_init(&head);
        chron_entry_init(&e);
        e.kind = ENTRY_PHASE_CHANGE;
        e.actor = xstrdup(inc.created_by);
        e.at = inc.reported_at;
        e.body = chron_phase_body(PHASE_COUNT, PHASE_REPORTED, NULL);
        chron_seal(inc.ref, &e, &head);
        err = store_chron_append(s, inc.id, &e);
        if (err != KZ_OK)
            die("store_chron_append", err);
        chron_entry_cleanup(&e);
        (*refs)[i] = xstrdup(inc.ref);
        (*restricted)[i] = inc.restricted;
        incident_cleanup(&inc);
        if ((i + 1) % INCIDENTS_PER_TX == 0 || i + 1 == n) {
            err = store_commit(s);
            if (err != KZ_OK)
                die("store_commit", err);
        }
    }
    kz_problems_clear(&p);
    err = app_account_add(s, &ctx, "admin", ROLE_ADMIN, NULL, NULL, generated,
                          &p);
    if (err != KZ_OK)
        die("app_account_add", err);
    sodium_memzero(generated, sizeof(generated));
    ctx.actor.name = "admin";
    err = app_token_create(s, &ctx, "admin", "bench", 0, token, NULL, &p);
    if (err != KZ_OK)
        die("app_token_create", err);
    store_close(s);
}

/* RUN_WARM reads open incidents only: its reads write no audit entry, so
 * the writer's counters (KIZUKI_WRITER_STATS) describe the phase that
 * follows. */
enum bench_phase { RUN_CREATE, RUN_GET, RUN_WARM };

/* One request's latency, and whether it read a restricted incident (whose
 * read is audited: a durable write before the answer). */
struct sample {
    double ms;
    bool restricted;
};

struct client {
    struct bench_client http;
    const struct bench_server *srv;
    char *const *refs;
    const bool *restricted;
    long nrefs;
    enum bench_phase phase;
    long n;             /* requests in this phase */
    struct sample *lat; /* n samples */
    long errors;
    long first_bad_status;
    uint64_t rng;
    int id;
    kz_time base; /* "now" of the run, for the records' times */
};

/* One create body: what a person files from the form.  Severity and
 * priority are left to the triage score. */
static void create_body(struct client *c, long i, char *out, size_t n)
{
    const struct kind_of_case *k = &PICK(&c->rng, cases);
    char discovered[TIMEFMT_LEN];
    char info[128] = "";

    timefmt_format(c->base - 3600 - rnd(&c->rng, 86400), discovered);
    if (k->info_type != NULL)
        snprintf(info, sizeof(info),
                 ",\"info_types\":[{\"type\":\"%s\",\"count\":%u}]"
                 ",\"affected_persons\":%u",
                 k->info_type, 10 + rnd(&c->rng, 990), 10 + rnd(&c->rng, 990));
    snprintf(out, n,
             "{\"title\":\"%sの%s（%d-%ld）\","
             "\"description\":\"発見者からの第一報。詳細は確認中。\","
             "\"category\":\"%s\","
             "\"discovered_at\":\"%s\",\"place\":\"office\","
             "\"detection_trigger\":\"employee_found\","
             "\"reporter\":\"%s\",\"owner\":\"%s\",\"parties\":[\"staff\"],"
             "\"assets\":[\"%s\"]%s,\"tags\":[\"%s\"]}",
             PICK(&c->rng, depts), k->title, c->id, i, k->category, discovered,
             PICK(&c->rng, people), PICK(&c->rng, people),
             PICK(&c->rng, systems), info, k->category);
}

/* One request of the client's phase; returns its latency in ms, or a
 * negative value when it failed.  *restricted tells whether it read a
 * restricted incident. */
static double one_request(struct client *c, long i, bool *restricted)
{
    char url[160];
    char body[2048];
    long status = 0;
    long want;
    const char *post = NULL;

    if (c->phase == RUN_CREATE) {
        snprintf(url, sizeof(url), "%s/api/v1/incidents", c->srv->base);
        create_body(c, i, body, sizeof(body));
        post = body;
        want = 201;
    } else {
        uint32_t k = rnd(&c->rng, (uint32_t)c->nrefs);
        while (c->phase == RUN_WARM && c->restricted[k])
            k = rnd(&c->rng, (uint32_t)c->nrefs);
        snprintf(url, sizeof(url), "%s/api/v1/incidents/%s", c->srv->base,
                 c->refs[k]);
        *restricted = c->restricted[k];
        want = 200;
    }
    double ms = 0;
    CURLcode rc = bench_client_request(&c->http, url, post,
                                       post ? strlen(post) : 0, &status, &ms);
    if (rc != CURLE_OK || status != want) {
        if (c->first_bad_status == 0)
            c->first_bad_status = rc != CURLE_OK ? -(long)rc : status;
        return -1.0;
    }
    return ms;
}

static void *client_main(void *arg)
{
    struct client *c = arg;

    for (long i = 0; i < c->n; i++) {
        bool restricted = false;
        double ms = one_request(c, i, &restricted);
        if (ms < 0) {
            c->errors++;
            ms = 0;
        }
        c->lat[i].ms = ms;
        c->lat[i].restricted = restricted;
    }
    return NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return (x > y) - (x < y);
}

struct latency {
    long n;
    double p50;
    double p99;
    double max;
};

struct phase_result {
    long requests;
    long errors;
    double seconds;
    double per_s;
    double server_cpu; /* CPU seconds the server used in the phase */
    double client_cpu; /* and the clients */
    struct latency all;
    struct latency open;       /* incidents anyone with the role may read */
    struct latency restricted; /* need-to-know: the read is audited */
};

/* Percentiles of the samples of 's' (n of them) that 'pick' chooses:
 * 0 open only, 1 restricted only, 2 all. */
static struct latency latency_of(const struct sample *s, long n, int pick)
{
    struct latency l = {0};
    double *v = xcalloc((size_t)n + 1, sizeof(*v));

    for (long i = 0; i < n; i++) {
        if (pick == 2 || (int)s[i].restricted == pick)
            v[l.n++] = s[i].ms;
    }
    if (l.n > 0) {
        qsort(v, (size_t)l.n, sizeof(*v), cmp_double);
        l.p50 = v[(size_t)((double)(l.n - 1) * 0.50)];
        l.p99 = v[(size_t)ceil((double)l.n * 0.99) - 1];
        l.max = v[l.n - 1];
    }
    xfree(v);
    return l;
}

/* Run one phase with 'total' requests shared by the first 'nc' clients. */
static struct phase_result run_phase(struct client *cl, int nc,
                                     enum bench_phase ph, long total)
{
    pthread_t th[MANY_CLIENTS];
    struct phase_result r = {0};
    struct sample *all = xcalloc((size_t)total, sizeof(*all));
    long at = 0;
    pid_t servers[MAX_SERVERS] = {0};
    double s0 = 0;

    for (int i = 0; i < nc; i++) {
        cl[i].phase = ph;
        cl[i].n = total / nc + (i < total % nc ? 1 : 0);
        cl[i].lat = all + at;
        cl[i].errors = 0;
        at += cl[i].n;
    }
    /* The CPU of every server the clients talk to. */
    for (int i = 0; i < nc && i < MAX_SERVERS; i++)
        servers[i] = cl[i].srv->pid;
    for (int i = 0; i < MAX_SERVERS; i++)
        if (servers[i] != 0 && (i == 0 || servers[i] != servers[0]))
            s0 += bench_cpu_seconds(servers[i]);
    double c0 = bench_own_cpu_seconds();
    double t0 = bench_now_s();
    for (int i = 0; i < nc; i++)
        pthread_create(&th[i], NULL, client_main, &cl[i]);
    for (int i = 0; i < nc; i++)
        pthread_join(th[i], NULL);
    r.seconds = bench_now_s() - t0;
    for (int i = 0; i < MAX_SERVERS; i++)
        if (servers[i] != 0 && (i == 0 || servers[i] != servers[0]))
            r.server_cpu += bench_cpu_seconds(servers[i]);
    r.server_cpu -= s0;
    r.client_cpu = bench_own_cpu_seconds() - c0;
    for (int i = 0; i < nc; i++) {
        r.errors += cl[i].errors;
        if (cl[i].first_bad_status != 0)
            fprintf(stderr, "bench_http: client %d: first failure: %s %ld\n", i,
                    cl[i].first_bad_status < 0 ? "curl error" : "status",
                    labs(cl[i].first_bad_status));
        cl[i].first_bad_status = 0;
    }
    r.requests = total;
    r.per_s = (double)total / r.seconds;
    r.all = latency_of(all, total, 2);
    r.open = latency_of(all, total, 0);
    r.restricted = latency_of(all, total, 1);
    xfree(all);
    return r;
}

static long parse_count(const char *s, const char *what)
{
    char *end = NULL;
    long v = strtol(s, &end, 10);

    if (end == s || *end != '\0' || v < MANY_CLIENTS || v > 10000000) {
        fprintf(stderr, "bench_http: %s must be %d..10000000\n", what,
                MANY_CLIENTS);
        exit(2);
    }
    return v;
}

/* What one backend's runs measured. */
struct backend_run {
    const char *name;
    const char *db; /* a file or a postgresql:// URI */
    bool two_servers;
    long incidents;
    double t_load;
    char **refs;
    bool *restricted;
    char auth[TOKEN_LEN + 32];
    struct phase_result few;  /* creates, FEW_CLIENTS */
    struct phase_result many; /* creates, MANY_CLIENTS */
    struct phase_result two;  /* creates, MANY_CLIENTS over two servers */
    struct phase_result get;  /* reads, FEW_CLIENTS */
    char writer_few[512];     /* the servers' "writer: …" lines */
    char writer_many[512];
    char writer_two[2][512];
    long rss_kib;
    int failed;
};

/* The "writer: …" line the server wrote to 'err_log' at its stop, into
 * 'out' ('n' bytes; "(none)" when missing). */
static void writer_line(const char *err_log, char *out, size_t n)
{
    char line[1024];
    FILE *f = fopen(err_log, "r");

    snprintf(out, n, "(no writer line)");
    if (f == NULL)
        return;
    while (fgets(line, sizeof(line), f) != NULL) {
        if (strncmp(line, "writer: ", 8) == 0) {
            size_t len = strcspn(line, "\n");
            if (len >= n)
                len = n - 1;
            memcpy(out, line, len);
            out[len] = '\0';
        }
    }
    fclose(f);
}

/* The mean jobs per commit of a "writer: …" line, or 0. */
static double jobs_per_commit(const char *line)
{
    const char *p = strstr(line, "jobs per commit mean ");
    return p != NULL ? strtod(p + strlen("jobs per commit mean "), NULL) : 0;
}

/*
 * One phase on fresh servers: start 'nsrv' servers on r->db (logs
 * DIR/NAME-i.err), give the 'nc' clients to them in turn, warm up, run
 * 'total' requests of 'ph', stop the servers and keep their writer lines
 * (OUT: lines[i], 512 bytes each).
 */
static struct phase_result run_on_servers(struct backend_run *r,
                                          const char *kizuki, const char *dir,
                                          const char *name, int nsrv, int nc,
                                          enum bench_phase ph, long total,
                                          char (*lines)[512])
{
    struct bench_server srv[MAX_SERVERS];
    struct client cl[MANY_CLIENTS];
    char evidence[300];
    char sname[64];

    snprintf(evidence, sizeof(evidence), "%s/evidence", dir);
    for (int i = 0; i < nsrv; i++) {
        snprintf(sname, sizeof(sname), "%s-%s-%d", r->name, name, i + 1);
        bench_server_start_named(&srv[i], kizuki, r->db, dir, sname, evidence);
    }
    for (int i = 0; i < nc; i++) {
        memset(&cl[i], 0, sizeof(cl[i]));
        bench_client_init(&cl[i].http, r->auth);
        cl[i].srv = &srv[i % nsrv];
        cl[i].refs = r->refs;
        cl[i].restricted = r->restricted;
        cl[i].nrefs = r->incidents;
        cl[i].rng = 0x2545F4914F6CDD1Du * (uint64_t)(i + 1) ^ (uint64_t)total;
        cl[i].id = i + 1;
        cl[i].base = clock_now();
    }
    /* Open the connections and warm the server's reading pool. */
    struct phase_result warm =
        run_phase(cl, nc, RUN_WARM, (long)WARMUP_PER_CLIENT * nc);
    struct phase_result res = run_phase(cl, nc, ph, total);
    res.errors += warm.errors;
    long rss = bench_server_peak_kib(&srv[0]);
    if (rss > r->rss_kib)
        r->rss_kib = rss;
    for (int i = 0; i < nsrv; i++) {
        int rc = bench_server_stop(&srv[i]);
        if (rc != 0) {
            fprintf(stderr, "bench_http: %s: the server exited %d (see %s)\n",
                    r->name, rc, srv[i].err_log);
            r->failed = 1;
        }
        writer_line(srv[i].err_log, lines[i], 512);
    }
    for (int i = 0; i < nc; i++)
        bench_client_cleanup(&cl[i].http);
    if (res.errors) {
        fprintf(stderr, "bench_http: %s %s: %ld requests failed\n", r->name,
                name, res.errors);
        r->failed = 1;
    }
    return res;
}

/* Preload r->db and run every phase on it. */
static void run_backend(struct backend_run *r, const char *kizuki,
                        const char *dir, long creates, long gets)
{
    char token[TOKEN_LEN + 1];

    double t0 = bench_now_s();
    preload(r->db, r->incidents, &r->refs, &r->restricted, token);
    r->t_load = bench_now_s() - t0;
    snprintf(r->auth, sizeof(r->auth), "Authorization: Bearer %s", token);
    sodium_memzero(token, sizeof(token));
    fprintf(stderr, "bench_http: %s: %ld incidents pre-loaded in %.1f s\n",
            r->name, r->incidents, r->t_load);

    r->few = run_on_servers(r, kizuki, dir, "create4", 1, FEW_CLIENTS,
                            RUN_CREATE, creates / 2, &r->writer_few);
    r->many = run_on_servers(r, kizuki, dir, "create32", 1, MANY_CLIENTS,
                             RUN_CREATE, creates, &r->writer_many);
    if (r->two_servers)
        r->two = run_on_servers(r, kizuki, dir, "two", 2, MANY_CLIENTS,
                                RUN_CREATE, creates, r->writer_two);
    char unused[1][512];
    r->get = run_on_servers(r, kizuki, dir, "get", 1, FEW_CLIENTS, RUN_GET,
                            gets, unused);
    sodium_memzero(r->auth, sizeof(r->auth));
    for (long i = 0; i < r->incidents; i++)
        xfree(r->refs[i]);
    xfree(r->refs);
    xfree(r->restricted);
}

/*
 * A fresh database on the PostgreSQL cluster at 'cluster' (its URI): its
 * name into 'name' and its URI into 'uri' (1024 bytes).
 */
static void pg_create_db(const char *cluster, char *name, size_t nname,
                         char *uri)
{
    struct db *d = NULL;
    char sql[160];
    enum kz_err err = db_pg_open(cluster, &d);

    if (err != KZ_OK)
        die("connecting to BENCH_PG", err);
    snprintf(name, nname, "kz_bench_%ld", (long)getpid());
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", name);
    err = db_exec_script(d, sql);
    if (err == KZ_OK) {
        snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
        err = db_exec_script(d, sql);
    }
    if (err != KZ_OK)
        die("CREATE DATABASE", err);
    db_close(d);
    snprintf(uri, 1024, "%s%sdbname=%s", cluster,
             strchr(cluster, '?') != NULL ? "&" : "?", name);
}

static void pg_drop_db(const char *cluster, const char *name)
{
    struct db *d = NULL;
    char sql[160];

    if (db_pg_open(cluster, &d) != KZ_OK)
        return;
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
    if (db_exec_script(d, sql) != KZ_OK)
        fprintf(stderr, "bench_http: could not drop %s\n", name);
    db_close(d);
}

static int remove_one(const char *path, const struct stat *st, int flag,
                      struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* ---- the table ------------------------------------------------------- */

static void cell_rate(const struct backend_run *r, const struct phase_result *p,
                      bool ran)
{
    char v[32];

    if (r == NULL || !ran)
        snprintf(v, sizeof(v), "-");
    else
        snprintf(v, sizeof(v), "%.0f/s%s", p->per_s, p->errors ? " ERR" : "");
    printf(" %16s", v);
}

static void cell_ms(const struct backend_run *r, double ms)
{
    char v[32];

    if (r == NULL)
        snprintf(v, sizeof(v), "-");
    else
        snprintf(v, sizeof(v), "%.2f ms", ms);
    printf(" %16s", v);
}

static void cell_text(const char *t)
{
    printf(" %16s", t);
}

static void print_table(const struct backend_run *sq,
                        const struct backend_run *pg)
{
    char v[64];

    printf("\n== kizuki HTTP benchmark: loopback, keep-alive clients; "
           "SQLite WAL synchronous=FULL, PostgreSQL synchronous_commit=on "
           "==\n");
    printf("%-36s %16s %16s   %s\n", "", "SQLite", "PostgreSQL", "target");
    printf("%-36s", "pre-loaded incidents");
    for (int b = 0; b < 2; b++) {
        const struct backend_run *r = b == 0 ? sq : pg;
        if (r != NULL)
            snprintf(v, sizeof(v), "%ld", r->incidents);
        cell_text(r != NULL ? v : "not run");
    }
    printf("\n%-36s", "creates/s, 4 clients");
    cell_rate(sq, sq ? &sq->few : NULL, sq != NULL);
    cell_rate(pg, pg ? &pg->few : NULL, pg != NULL);
    printf("\n%-36s", "creates/s, 32 clients");
    cell_rate(sq, sq ? &sq->many : NULL, sq != NULL);
    cell_rate(pg, pg ? &pg->many : NULL, pg != NULL);
    printf("   SQLite >= 5000/s, PostgreSQL >= 2000/s");
    printf("\n%-36s", "  jobs per commit (mean), 4 / 32");
    for (int b = 0; b < 2; b++) {
        const struct backend_run *r = b == 0 ? sq : pg;
        if (r != NULL)
            snprintf(v, sizeof(v), "%.1f / %.1f",
                     jobs_per_commit(r->writer_few),
                     jobs_per_commit(r->writer_many));
        cell_text(r != NULL ? v : "-");
    }
    printf("\n%-36s", "  create p99, 32 clients");
    cell_ms(sq, sq ? sq->many.all.p99 : 0);
    cell_ms(pg, pg ? pg->many.all.p99 : 0);
    printf("\n%-36s", "  server CPU, 32 clients (cores)");
    for (int b = 0; b < 2; b++) {
        const struct backend_run *r = b == 0 ? sq : pg;
        if (r != NULL)
            snprintf(v, sizeof(v), "%.2f",
                     r->many.server_cpu / r->many.seconds);
        cell_text(r != NULL ? v : "-");
    }
    printf("\n%-36s", "creates/s, 2 servers x 16 clients");
    cell_rate(sq, sq ? &sq->two : NULL, sq != NULL && sq->two_servers);
    cell_rate(pg, pg ? &pg->two : NULL, pg != NULL && pg->two_servers);
    printf("\n%-36s", "GET p50, 4 clients");
    cell_ms(sq, sq ? sq->get.all.p50 : 0);
    cell_ms(pg, pg ? pg->get.all.p50 : 0);
    printf("\n%-36s", "GET p99, 4 clients");
    cell_ms(sq, sq ? sq->get.all.p99 : 0);
    cell_ms(pg, pg ? pg->get.all.p99 : 0);
    printf("   < 5 ms");
    printf("\n%-36s", "  p99 of restricted (audited) reads");
    cell_ms(sq, sq ? sq->get.restricted.p99 : 0);
    cell_ms(pg, pg ? pg->get.restricted.p99 : 0);
    printf("\n%-36s", "GET/s, 4 clients");
    cell_rate(sq, sq ? &sq->get : NULL, sq != NULL);
    cell_rate(pg, pg ? &pg->get : NULL, pg != NULL);
    printf("\n%-36s", "server peak RSS (VmHWM)");
    for (int b = 0; b < 2; b++) {
        const struct backend_run *r = b == 0 ? sq : pg;
        if (r != NULL)
            snprintf(v, sizeof(v), "%.1f MB", (double)r->rss_kib / 1024.0);
        cell_text(r != NULL ? v : "-");
    }
    printf("   < 64 MB\n");
    printf("\nWhere the writer's time went (KIZUKI_WRITER_STATS=1, one "
           "server per phase):\n");
    for (int b = 0; b < 2; b++) {
        const struct backend_run *r = b == 0 ? sq : pg;
        if (r == NULL)
            continue;
        printf("  %s, 4 clients:\n    %s\n", r->name, r->writer_few);
        printf("  %s, 32 clients:\n    %s\n", r->name, r->writer_many);
        for (int i = 0; r->two_servers && i < 2; i++)
            printf("  %s, two servers, server %d:\n    %s\n", r->name, i + 1,
                   r->writer_two[i]);
    }
    printf("  (Request Tracker 5 on SQLite, same kind of machine: 7.4"
           " creates/s, GET p99 126 ms, ~650 MB)\n");
}

int main(int argc, char **argv)
{
    char dir[] = "/tmp/kizuki-bench-http-XXXXXX";
    char path[256];
    char pg_name[64] = "";
    char pg_uri[1024];
    long n_incidents = DEFAULT_INCIDENTS;
    long n_creates = DEFAULT_CREATES;
    long n_gets = DEFAULT_GETS;
    const char *cluster = getenv("BENCH_PG");
    const char *only = getenv("BENCH_ONLY"); /* "sqlite" or "postgresql" */
    struct backend_run sq = {0};
    struct backend_run pg = {0};
    bool run_sq = only == NULL || strcmp(only, "sqlite") == 0;
    bool run_pg = cluster != NULL && cluster[0] != '\0' &&
                  (only == NULL || strcmp(only, "postgresql") == 0);

    if (argc < 2 || argc > 5) {
        fprintf(stderr,
                "usage: bench_http KIZUKI [INCIDENTS [CREATES [GETS]]]\n");
        return 2;
    }
    if (argc > 2)
        n_incidents = parse_count(argv[2], "INCIDENTS");
    if (argc > 3)
        n_creates = parse_count(argv[3], "CREATES");
    if (argc > 4)
        n_gets = parse_count(argv[4], "GETS");
    if (sodium_init() < 0 || timefmt_setup_zone(NULL) != KZ_OK ||
        curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        die("setup", KZ_EIO);
    json_set_alloc_funcs(xmalloc, xfree);
    signal(SIGPIPE, SIG_IGN);
    /* The servers (children) print their writer's counters at stop. */
    setenv("KIZUKI_WRITER_STATS", "1", 1);
    if (mkdtemp(dir) == NULL) {
        perror("bench_http: mkdtemp");
        return 2;
    }
    snprintf(path, sizeof(path), "%s/bench.db", dir);

    if (run_sq) {
        sq.name = "sqlite";
        sq.db = path;
        sq.incidents = n_incidents;
        run_backend(&sq, argv[1], dir, n_creates, n_gets);
    }
    if (run_pg) {
        pg_create_db(cluster, pg_name, sizeof(pg_name), pg_uri);
        pg.name = "postgresql";
        pg.db = pg_uri;
        pg.two_servers = true;
        pg.incidents = argc > 2 ? n_incidents : DEFAULT_PG_INCIDENTS;
        run_backend(&pg, argv[1], dir, n_creates, n_gets);
    }
    curl_global_cleanup();
    print_table(run_sq ? &sq : NULL, run_pg ? &pg : NULL);
    if (!run_pg)
        printf("(PostgreSQL not run: set BENCH_PG to a cluster's URI, as "
               "`make bench` does)\n");

    int failed = sq.failed || pg.failed;
    if (getenv("BENCH_KEEP") != NULL || failed) {
        printf("databases and logs kept in %s%s%s\n", dir,
               pg_name[0] ? " and database " : "", pg_name);
    } else {
        if (pg_name[0] != '\0')
            pg_drop_db(cluster, pg_name);
        nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    }
    return failed;
}
