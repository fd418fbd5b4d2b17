/* SPDX-License-Identifier: MIT */
/*
 * bench_client.h - the HTTP client side of the benchmarks that talk to
 * `kizuki serve` (bench_http, bench_alerts): one keep-alive libcurl handle
 * per client thread with the API token and JSON headers, a timed request,
 * and the CPU time both sides used.
 */
#ifndef KZ_BENCH_CLIENT_H
#define KZ_BENCH_CLIENT_H

#include <curl/curl.h>
#include <stddef.h>
#include <sys/types.h>

struct bench_client {
    CURL *curl;
    struct curl_slist *headers;
};

/* Open a handle sending 'auth' ("Authorization: Bearer …") and a JSON
 * content type, without "Expect: 100-continue", with TCP_NODELAY; the
 * answer's body is read and dropped.  Exits the benchmark on failure. */
void bench_client_init(struct bench_client *c, const char *auth);
void bench_client_cleanup(struct bench_client *c);

/* POST 'len' bytes of 'body' to 'url' (body NULL: GET), taking (OUT:
 * *ms) milliseconds and answered with (OUT: *status) status.  Returns
 * curl's code: CURLE_OK when an answer came. */
CURLcode bench_client_request(struct bench_client *c, const char *url,
                              const char *body, size_t len, long *status,
                              double *ms);

/* Seconds on the monotonic clock. */
double bench_now_s(void);
/* CPU seconds (user and system) process 'pid' has used so far, or -1. */
double bench_cpu_seconds(pid_t pid);
/* CPU seconds this process (the clients) has used so far. */
double bench_own_cpu_seconds(void);

#endif
