/* SPDX-License-Identifier: MIT */
/*
 * bench_client.c - the benchmarks' HTTP client (see bench_client.h).
 */
#include "bench_client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static size_t discard(char *data, size_t size, size_t n, void *arg)
{
    (void)data;
    (void)arg;
    return size * n;
}

void bench_client_init(struct bench_client *c, const char *auth)
{
    c->curl = curl_easy_init();
    c->headers = curl_slist_append(NULL, auth);
    c->headers =
        curl_slist_append(c->headers, "Content-Type: application/json");
    c->headers = curl_slist_append(c->headers, "Expect:");
    if (c->curl == NULL || c->headers == NULL) {
        fprintf(stderr, "bench: cannot set up a libcurl handle\n");
        exit(2);
    }
    curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, c->headers);
    curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c->curl, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
}

void bench_client_cleanup(struct bench_client *c)
{
    curl_easy_cleanup(c->curl);
    curl_slist_free_all(c->headers);
    c->curl = NULL;
    c->headers = NULL;
}

CURLcode bench_client_request(struct bench_client *c, const char *url,
                              const char *body, size_t len, long *status,
                              double *ms)
{
    if (body != NULL) {
        curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE, (long)len);
    } else {
        curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(c->curl, CURLOPT_URL, url);
    *status = 0;
    double t0 = bench_now_s();
    CURLcode rc = curl_easy_perform(c->curl);
    *ms = (bench_now_s() - t0) * 1000.0;
    curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, status);
    return rc;
}

double bench_now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double bench_cpu_seconds(pid_t pid)
{
    char path[64];
    char buf[1024];
    unsigned long long utime = 0;
    unsigned long long stime = 0;

    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* The command name may hold spaces: fields follow its last ')'. */
    const char *p = strrchr(buf, ')');
    if (p == NULL || sscanf(p + 1,
                            " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u"
                            " %llu %llu",
                            &utime, &stime) != 2)
        return -1;
    return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

double bench_own_cpu_seconds(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}
