/* SPDX-License-Identifier: MIT */
/*
 * bench_notify.c - `make bench`: how fast a summons leaves kizuki.
 *
 * Starts a chat-webhook receiver on loopback and `kizuki serve` (argv[1]
 * is the binary) on a fresh database with one contact (that webhook) and
 * one convocation rule matching every incident; then, INCIDENTS times
 * (1,000 by default), files an incident and moves it to triage through the
 * API, and measures the time from sending the move to the receiver getting
 * the summons that names the incident.  Prints p50, p99 and max.  Target:
 * p99 < 1 s.  Not part of the tests.
 *
 * Usage: bench_notify KIZUKI [INCIDENTS]
 */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "app/account_ops.h"
#include "bench_server.h"
#include "util/mem.h"
#include "util/timefmt.h"

#define MAX_INCIDENTS 100000

static double now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

/* Arrival time per incident number, written by the receiver. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static double *arrived;
static long received;
static int listen_fd;

/* Read one HTTP request on 'fd' and note which incident it names. */
static void serve_one(int fd)
{
    char buf[65536];
    size_t n = 0;
    ssize_t r;
    long want = -1;

    while (n < sizeof(buf) - 1 &&
           (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0) {
        n += (size_t)r;
        buf[n] = '\0';
        char *end = strstr(buf, "\r\n\r\n");
        if (end == NULL)
            continue;
        char *cl = strcasestr(buf, "Content-Length:");
        long len = cl ? strtol(cl + 15, NULL, 10) : 0;
        want = (long)(end - buf) + 4 + len;
        if ((long)n >= want)
            break;
    }
    const char *ref = strstr(buf, "INC-");
    if (ref != NULL) {
        long num = strtol(ref + 9, NULL, 10);
        pthread_mutex_lock(&lock);
        if (num > 0 && num <= MAX_INCIDENTS && arrived[num] == 0) {
            arrived[num] = now_ms();
            received++;
        }
        pthread_mutex_unlock(&lock);
    }
    static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                             "Connection: close\r\n\r\nok";
    if (write(fd, ok, sizeof(ok) - 1) < 0)
        perror("bench_notify: write");
    close(fd);
}

static void *receiver(void *arg)
{
    (void)arg;
    for (;;) {
        int fd = accept(listen_fd, NULL, NULL);
        if (fd < 0)
            return NULL;
        serve_one(fd);
    }
}

static int start_receiver(void)
{
    struct sockaddr_in a;
    socklen_t len = sizeof(a);
    pthread_t t;

    listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&a, sizeof(a)) ||
        listen(listen_fd, 128) ||
        getsockname(listen_fd, (struct sockaddr *)&a, &len)) {
        perror("bench_notify: receiver");
        exit(2);
    }
    pthread_create(&t, NULL, receiver, NULL);
    pthread_detach(t);
    return ntohs(a.sin_port);
}

static size_t keep(char *p, size_t size, size_t n, void *ud)
{
    struct buf_s {
        char data[8192];
        size_t len;
    } *b = ud;
    size_t k = size * n;
    if (b->len + k >= sizeof(b->data))
        k = sizeof(b->data) - b->len - 1;
    memcpy(b->data + b->len, p, k);
    b->len += k;
    b->data[b->len] = '\0';
    return size * n;
}

/* POST 'body' to 'url'; returns the HTTP status (response in 'out'). */
static long post(CURL *c, struct curl_slist *h, const char *url,
                 const char *body, char *out, size_t n)
{
    struct {
        char data[8192];
        size_t len;
    } b = {{0}, 0};
    long status = 0;

    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    snprintf(out, n, "%s", b.data);
    return status;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return x < y ? -1 : x > y;
}

static void make_admin_token(const char *db, char *token)
{
    struct store *s = NULL;
    struct kz_problems p;
    char password[GENERATED_PASSWORD_LEN + 1];
    struct app_ctx ctx = {{"bench", ROLE_ADMIN}, "bench", time(NULL), NULL};

    if (store_open(db, STORE_OPEN_CREATE, &s) != KZ_OK) {
        fprintf(stderr, "bench_notify: cannot create %s\n", db);
        exit(2);
    }
    kz_problems_clear(&p);
    if (app_account_add(s, &ctx, "admin", ROLE_ADMIN, NULL, NULL, password,
                        &p) != KZ_OK ||
        app_token_create(s, &ctx, "admin", "bench", 0, token, NULL, &p) !=
            KZ_OK) {
        fprintf(stderr, "bench_notify: cannot make the admin token\n");
        exit(2);
    }
    store_close(s);
}

int main(int argc, char **argv)
{
    char dir[] = "/tmp/kizuki-bench-notify-XXXXXX";
    char db[300];
    char token[TOKEN_LEN + 1];
    char auth[TOKEN_LEN + 32];
    char url[256];
    char body[1024];
    char out[8192];
    struct bench_server srv;
    long count = argc > 2 ? strtol(argv[2], NULL, 10) : 1000;

    if (argc < 2 || count < 1 || count > MAX_INCIDENTS || sodium_init() < 0 ||
        mkdtemp(dir) == NULL) {
        fprintf(stderr, "usage: bench_notify KIZUKI [INCIDENTS]\n");
        return 2;
    }
    if (timefmt_setup_zone(NULL) != KZ_OK)
        return 2;
    arrived = xcalloc((size_t)MAX_INCIDENTS + 1, sizeof(*arrived));
    double *sent = xcalloc((size_t)count + 1, sizeof(*sent));
    snprintf(db, sizeof(db), "%s/kizuki.db", dir);
    make_admin_token(db, token);
    int port = start_receiver();
    bench_server_start(&srv, argv[1], db, dir);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *c = curl_easy_init();
    struct curl_slist *h = NULL;
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
    h = curl_slist_append(h, auth);
    h = curl_slist_append(h, "Content-Type: application/json");

    snprintf(url, sizeof(url), "%s/api/v1/contacts", srv.base);
    snprintf(body, sizeof(body),
             "{\"name\":\"当番\",\"roles\":[\"csirt_lead\"],"
             "\"windows\":[\"business\",\"night\",\"holiday\"],"
             "\"webhook_url\":\"http://127.0.0.1:%d/hook\"}",
             port);
    if (post(c, h, url, body, out, sizeof(out)) != 201) {
        fprintf(stderr, "bench_notify: contact: %s\n", out);
        return 1;
    }
    snprintf(url, sizeof(url), "%s/api/v1/convocation-rules", srv.base);
    if (post(c, h, url,
             "{\"name\":\"全件\",\"max_severity\":\"S4\","
             "\"summon_roles\":[\"csirt_lead\"],\"ack_minutes\":30}",
             out, sizeof(out)) != 201) {
        fprintf(stderr, "bench_notify: rule: %s\n", out);
        return 1;
    }
    double start = now_ms();
    for (long i = 1; i <= count; i++) {
        snprintf(url, sizeof(url), "%s/api/v1/incidents", srv.base);
        if (post(c, h, url,
                 "{\"title\":\"ファイルサーバの暗号化\",\"category\":"
                 "\"ransomware\","
                 "\"discovered_at\":\"2026-11-20T09:00:00+09:00\"}",
                 out, sizeof(out)) != 201) {
            fprintf(stderr, "bench_notify: create: %s\n", out);
            return 1;
        }
        char ref[32];
        const char *r = strstr(out, "INC-");
        snprintf(ref, sizeof(ref), "%.13s", r ? r : "");
        snprintf(url, sizeof(url), "%s/api/v1/incidents/%s/phase", srv.base,
                 ref);
        sent[i] = now_ms();
        if (post(c, h, url, "{\"to\":\"triage\"}", out, sizeof(out)) != 200) {
            fprintf(stderr, "bench_notify: move: %s\n", out);
            return 1;
        }
    }
    double wait_until = now_ms() + 30000;
    while (now_ms() < wait_until) {
        pthread_mutex_lock(&lock);
        long got = received;
        pthread_mutex_unlock(&lock);
        if (got >= count)
            break;
        usleep(10000);
    }
    double elapsed = now_ms() - start;
    double *lat = xcalloc((size_t)count, sizeof(*lat));
    long n = 0;
    pthread_mutex_lock(&lock);
    for (long i = 1; i <= count; i++) {
        if (arrived[i] > 0)
            lat[n++] = arrived[i] - sent[i];
    }
    pthread_mutex_unlock(&lock);
    qsort(lat, (size_t)n, sizeof(*lat), cmp_double);
    long peak = bench_server_peak_kib(&srv);
    int status = bench_server_stop(&srv);
    double p50 = n ? lat[n / 2] : 0;
    double p99 = n ? lat[(n * 99) / 100 >= n ? n - 1 : (n * 99) / 100] : 0;
    printf("\n== kizuki notification benchmark (triage → webhook) ==\n");
    printf("incidents moved to triage   %ld (in %.1f s)\n", count,
           elapsed / 1000.0);
    printf("summonses received          %ld\n", n);
    printf("latency p50                 %.1f ms\n", p50);
    printf("latency p99                 %.1f ms   (target < 1000 ms: %s)\n",
           p99, p99 < 1000 ? "met" : "MISSED");
    printf("latency max                 %.1f ms\n", n ? lat[n - 1] : 0.0);
    printf("server peak RSS             %.1f MB\n", (double)peak / 1024.0);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    curl_global_cleanup();
    xfree(lat);
    xfree(sent);
    if (getenv("BENCH_KEEP") == NULL) {
        char cmd[400];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "bench_notify: could not remove %s\n", dir);
    }
    return n == count && status == 0 ? 0 : 1;
}
