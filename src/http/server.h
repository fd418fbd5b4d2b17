/* SPDX-License-Identifier: MIT */
/*
 * server.h - the HTTP server: configuration, start, stop, and what the
 * handlers may use of it.
 */
#ifndef KZ_HTTP_SERVER_H
#define KZ_HTTP_SERVER_H

#include <stdbool.h>
#include <stdio.h>

#include "app/throttle.h"
#include "http/http.h"

struct server_config {
    const char *db;
    const char *address;  /* "127.0.0.1" */
    unsigned short port;  /* 0: any free port */
    const char *tls_cert; /* PEM files, or NULL for plain HTTP */
    const char *tls_key;
    unsigned threads; /* worker threads */
    unsigned max_connections;
    unsigned timeout_seconds; /* idle and per-request limit */
    FILE *access_log;         /* JSON lines; NULL: none */
    /* Evidence: where the files go (store/blob.h), the largest accepted,
     * and the average rate an upload's body must keep once its
     * timeout_seconds of grace are over (bytes per second). */
    const char *evidence_dir;
    uint64_t evidence_max_bytes;
    uint64_t upload_min_rate;
};

/* Start serving (OUT: *out).  KZ_EIO when the address cannot be bound. */
enum kz_err server_start(const struct server_config *cfg,
                         struct http_server **out) KZ_MUST_CHECK;
/* The port actually bound (useful with port 0). */
unsigned short server_port(const struct http_server *srv);
/* Stop accepting, finish the requests in flight (up to 'grace' seconds),
 * stop the writer and close every store. */
void server_stop(struct http_server *srv, unsigned grace);

/* For handlers. */
struct throttle *server_throttle(struct http_server *srv);
bool server_is_tls(const struct http_server *srv);
/* The evidence directory of the server's database. */
const char *server_evidence_dir(const struct http_server *srv);
/* The group-commit writer's counters so far, as one line (see
 * writer_report_format) into 'buf' ('n' bytes). */
void server_writer_report(struct http_server *srv, char *buf, size_t n);

#endif
