/* SPDX-License-Identifier: MIT */
/*
 * server.c - the only file that knows libmicrohttpd.  Turns connections
 * into struct http_req, routes them, authenticates, runs the handler and
 * sends its struct http_resp; writes the access log.
 *
 * Threads: libmicrohttpd's internal thread pool with poll() (one thread
 * per core; not epoll: with epoll, MHD_quiesce_daemon and a woken worker
 * both remove the listening socket from the epoll set, and the loser's
 * ENOENT aborts the process at shutdown — an open libmicrohttpd defect,
 * seen once in about a thousand stops) reads requests and writes responses, and
 * never blocks.  API handlers do block, on the disk and while the writer
 * commits, so they run on a fixed pool of cfg->threads handler threads: the
 * connection is suspended, a handler thread answers, the connection is resumed.
 * An event thread serves every connection it accepted, and it accepts them in
 * bursts, so handlers run there made requests wait behind an unrelated commit
 * while other threads sat idle (four keep-alive clients ended up on two
 * threads, and nearly every write committed alone). Fixed pools bound memory,
 * unlike a thread per connection.  Reads use a pool of SQLite connections (WAL
 * readers never block the writer); writes go to the single group-commit writer
 * (app/writer.c).
 *
 * Deadlines: libmicrohttpd's timeout only measures silence, so a client
 * sending a byte every few seconds held a connection for ever, and 64
 * such connections locked every other request from their address out.
 * Each connection is tracked from accept to close (NOTIFY_CONNECTION):
 * while a request is being read - its headers or its body, or the wait
 * for it - it has a deadline, cfg->timeout_seconds after the connection
 * opened or its previous answer was sent.  A sweeper thread closes the
 * connections past it (408 first when it can) by shutting their socket
 * down, which libmicrohttpd sees as the end of the connection; so the
 * per-address limit counts only connections not yet past their deadline,
 * and a flood of slow ones cannot starve an address for longer.
 *
 * Uploads of evidence are the exception: a disk image takes longer than
 * any request deadline.  Their body is streamed to the blob store as it
 * arrives (never held in memory), after the caller was authenticated and
 * allowed to change the incident, and it must keep an average rate of
 * cfg->upload_min_rate once cfg->timeout_seconds of grace are over: a
 * client trickling bytes is still cut off, one sending steadily is not.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "app/auth.h"
#include "app/guard.h"
#include "http/api.h"
#include "http/assets.h"
#include "http/api.h"
#include "http/router.h"
#include "json/error_json.h"
#include "notify/notifier.h"
#include "store/blob.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/mem.h"
#include "util/utf8.h"

#define STORE_POOL_MAX 64
#define HEADER_MEMORY (32 * 1024) /* per connection: headers and buffers */
#define PER_IP_CONNECTIONS 64
#define PATH_MAX_LEN 1024
#define SWEEP_MS 250 /* how often deadlines are looked at */

struct http_server {
    struct MHD_Daemon *daemon;
    struct server_config cfg;
    struct writer *writer;
    struct notifier *notifier;
    struct throttle *throttle;
    pthread_mutex_t lock; /* pool, in-flight count, log, handler queue */
    pthread_cond_t idle;
    struct store *pool[STORE_POOL_MAX];
    size_t npool;
    int inflight;
    /* Handler threads and the requests waiting for one. */
    pthread_t *handlers;
    size_t nhandlers;
    pthread_cond_t work;
    struct conn_state *queue_head;
    struct conn_state *queue_tail;
    bool handlers_stopping;
    char *cert_pem;
    char *key_pem;
    unsigned short port;
    /* Connections and their deadlines (struct conn_track). */
    pthread_mutex_t track_lock;
    pthread_cond_t sweep_wake;
    struct conn_track *tracks;
    pthread_t sweeper;
    bool sweeping;
    bool sweep_stop;
    char answer_408[512];
    char answer_413[512];
};

/* One connection, from accept to close, as the sweeper sees it. */
struct conn_track {
    MHD_socket fd;
    double deadline;   /* monotonic ms by which the request must be in */
    bool reading;      /* a request is being read, or awaited */
    bool expired;      /* the sweeper shut it down: answer nothing more */
    bool begun;        /* on_request has seen the current request */
    unsigned served;   /* answers sent on this connection */
    bool upload;       /* an upload's body is being read */
    double body_start; /* monotonic ms when it began */
    struct conn_track *prev;
    struct conn_track *next;
};

/* What libmicrohttpd keeps for us between calls about one request. */
struct conn_state {
    struct buf body;
    bool too_big;
    bool bad_framing; /* the body's length is ambiguous */
    struct timespec started;
    /* Once the request is read; header values stay libmicrohttpd's. */
    struct MHD_Connection *conn;
    struct http_req req;
    struct http_resp resp;
    char client[INET6_ADDRSTRLEN + 1];
    bool api;
    bool answered;           /* resp is ready to send */
    struct conn_state *next; /* in the handler queue */
    /* An upload streamed to the blob store (see the top of this file):
     * 'upload_read' once its request was read before its body. */
    bool upload_read;
    struct http_upload upload;
    struct MHD_PostProcessor *pp;
};

static double monotonic_ms(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec * 1000.0 + (double)now.tv_nsec / 1e6;
}

static double elapsed_ms(const struct timespec *since)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - since->tv_sec) * 1000.0 +
           (double)(now.tv_nsec - since->tv_nsec) / 1e6;
}

struct throttle *server_throttle(struct http_server *srv)
{
    return srv->throttle;
}

bool server_is_tls(const struct http_server *srv)
{
    return srv->cert_pem != NULL;
}

const char *server_evidence_dir(const struct http_server *srv)
{
    return srv->cfg.evidence_dir;
}

void server_writer_report(struct http_server *srv, char *buf, size_t n)
{
    struct writer_report r;

    writer_report(srv->writer, &r);
    writer_report_format(&r, buf, n);
}

unsigned short server_port(const struct http_server *srv)
{
    return srv->port;
}

static enum kz_err pool_take(struct http_server *srv, struct store **out)
{
    pthread_mutex_lock(&srv->lock);
    if (srv->npool > 0) {
        *out = srv->pool[--srv->npool];
        pthread_mutex_unlock(&srv->lock);
        return KZ_OK;
    }
    pthread_mutex_unlock(&srv->lock);
    return store_open(srv->cfg.db, STORE_OPEN_EXISTING, out);
}

static void pool_give(struct http_server *srv, struct store *s)
{
    if (s == NULL)
        return;
    /* A handler that failed mid-transaction must not pass it on. */
    while (store_depth(s) > 0)
        store_rollback(s);
    pthread_mutex_lock(&srv->lock);
    if (srv->npool < STORE_POOL_MAX) {
        srv->pool[srv->npool++] = s;
        s = NULL;
    }
    pthread_mutex_unlock(&srv->lock);
    store_close(s);
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind,
                                     const char *key, const char *value)
{
    struct http_req *req = cls;

    (void)kind;
    if (req->nquery >= HTTP_QUERY_MAX) {
        req->query_overflow = true;
        return MHD_NO;
    }
    req->query[req->nquery].key = key;
    req->query[req->nquery].value = value ? value : "";
    req->nquery++;
    return MHD_YES;
}

static const char *header(struct MHD_Connection *c, const char *name)
{
    return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

static void client_address(struct MHD_Connection *c, char *out, size_t n)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = info ? info->client_addr : NULL;

    snprintf(out, n, "-");
    if (sa != NULL && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out,
                  (socklen_t)n);
    else if (sa != NULL && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
                  (socklen_t)n);
}

struct framing {
    int content_length;
    int transfer_encoding;
};

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind,
                                     const char *key, const char *value)
{
    struct framing *f = cls;

    (void)kind;
    (void)value;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
        f->content_length++;
    else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
        f->transfer_encoding++;
    return MHD_YES;
}

/*
 * Whether the request says unambiguously where its body ends (RFC 9112
 * section 6.3).  libmicrohttpd reads the first Content-Length and ignores
 * a second one, or prefers Transfer-Encoding: a proxy in front that reads
 * the other one sees a different body, and the rest of the body we read
 * as a second request (request smuggling).  Such a request is refused
 * and its connection closed, before any of its body is read.
 */
static bool framing_is_clear(struct MHD_Connection *c)
{
    struct framing f = {0, 0};

    MHD_get_connection_values(c, MHD_HEADER_KIND, count_framing, &f);
    return f.content_length <= 1 && f.transfer_encoding <= 1 &&
           (f.content_length == 0 || f.transfer_encoding == 0);
}

static bool is_state_changing(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
           strcmp(method, "OPTIONS") != 0;
}

/* Recognise the caller; answers 401 or 403 itself and returns false. */
static bool authenticate(struct http_req *req, struct http_resp *resp)
{
    const char *bearer = NULL;

    if (req->authorization != NULL) {
        if (strncasecmp(req->authorization, "Bearer ", 7) != 0) {
            http_header(resp, "WWW-Authenticate", "Bearer");
            http_error(req, resp, KZ_EAUTH, NULL, NULL);
            return false;
        }
        bearer = req->authorization + 7;
    }
    /* The credential and its account in one read transaction rather than
     * one each: a reader that finds the database changed since its last
     * transaction drops its page cache, and each takes file locks. */
    bool snap = store_begin_read(req->store) == KZ_OK;
    enum kz_err err =
        app_authenticate(req->store, req->ctx.now, bearer,
                         bearer ? NULL : req->cookie, &req->who, req->csrf);
    if (snap)
        store_rollback(req->store);
    if (err != KZ_OK) {
        http_header(resp, "WWW-Authenticate", "Bearer");
        http_error(req, resp, err == KZ_EAUTH ? KZ_EAUTH : err, NULL, NULL);
        return false;
    }
    req->authenticated = true;
    req->via_cookie = bearer == NULL;
    req->ctx.actor.name = req->who.name;
    req->ctx.actor.role = req->who.role;
    resp->log_user = req->who.name;
    /* A cookie is sent by the browser on its own; a change made with one
     * must prove it comes from our page by echoing the CSRF token. */
    if (req->via_cookie && is_state_changing(req->method) &&
        (req->csrf_header == NULL ||
         !utf8_is_valid(req->csrf_header, strlen(req->csrf_header)) ||
         strlen(req->csrf_header) != strlen(req->csrf) ||
         sodium_memcmp(req->csrf_header, req->csrf, strlen(req->csrf)) != 0)) {
        http_error(req, resp, KZ_EFORBID, "err.csrf", NULL);
        return false;
    }
    return true;
}

/* Whether 'key' is one of the space-separated words of 'list'. */
static bool word_in(const char *list, const char *key)
{
    size_t n = strlen(key);

    for (const char *w = list; w != NULL && *w != '\0';) {
        size_t len = strcspn(w, " ");
        if (len == n && strncmp(w, key, n) == 0)
            return true;
        w += len;
        w += *w == ' ';
    }
    return false;
}

/* True when the query holds only keys 'route' reads, each with a UTF-8
 * value; else answers 422 naming the others.  A key a route ignores
 * would otherwise look like a filter that was applied. */
static bool query_is_known(struct http_req *req, struct http_resp *resp,
                           const struct route *route)
{
    struct kz_problems p;

    kz_problems_clear(&p);
    for (size_t i = 0; i < req->nquery; i++) {
        const struct http_kv *q = &req->query[i];
        if (!word_in(route->query, q->key))
            kz_problems_add(&p, q->key, "v.unknown_field");
        else if (!utf8_is_valid(q->value, strlen(q->value)))
            kz_problems_add(&p, q->key, "v.utf8");
    }
    if (req->query_overflow)
        kz_problems_add(&p, "query", "v.too_many");
    if (p.n == 0)
        return true;
    http_error(req, resp, KZ_EINVAL, NULL, &p);
    return false;
}

static void dispatch(struct http_req *req, struct http_resp *resp)
{
    const struct route *route = NULL;

    struct kz_problems p;

    switch (router_match(req->method, req->path, req, &route)) {
    case ROUTE_NO_PATH:
        http_error(req, resp, KZ_ENOTFOUND, NULL, NULL);
        return;
    case ROUTE_BAD_PARAM:
        /* Still "not found" (no such thing can exist), naming the part. */
        kz_problems_clear(&p);
        kz_problems_add(
            &p, req->params[0].key,
            strcmp(req->params[0].key, "ref") == 0 ? "v.ref" : "v.unknown_key");
        http_error(req, resp, KZ_ENOTFOUND, NULL, &p);
        return;
    case ROUTE_NO_METHOD:
        http_error(req, resp, KZ_EMETHOD, NULL, NULL);
        return;
    case ROUTE_FOUND:
        break;
    }
    if (!route->public_access && !authenticate(req, resp))
        return;
    /* A detection tool's token posts alerts and nothing else. */
    if (req->authenticated && access_role_is_confined(req->ctx.actor.role) &&
        route->handler != api_alert_ingest) {
        http_error(req, resp, KZ_EFORBID, NULL, NULL);
        return;
    }
    if (!query_is_known(req, resp, route))
        return;
    route->handler(req, resp);
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/*
 * Decode %HH in the path and the query as libmicrohttpd would, except
 * that %00 becomes 0xFF, a byte that is never valid UTF-8.  A decoded NUL
 * would end the C string early, so that ".../INC-2026-0001%00/timeline"
 * was routed as ".../INC-2026-0001"; an invalid byte is refused by the
 * UTF-8 checks of the path and of each query value instead.
 */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
    size_t r = 0;
    size_t w = 0;

    (void)cls;
    (void)c;
    while (s[r] != '\0') {
        int hi = s[r] == '%' ? hex_digit(s[r + 1]) : -1;
        int lo = hi >= 0 ? hex_digit(s[r + 2]) : -1;
        if (lo >= 0) {
            int v = hi * 16 + lo;
            s[w++] = (char)(v == 0 ? 0xFF : v);
            r += 3;
        } else {
            s[w++] = s[r++];
        }
    }
    s[w] = '\0';
    return w;
}

/* The path as the access log shows it.  The token of an acknowledgement
 * link is the credential that answers a summons (api_task.c), in the
 * API's path and in the page the message links to: it is cut off. */
static const char *logged_path(const char *path, char *buf, size_t n)
{
    static const char *const secret[] = {"/api/v1/acks/", "/ack/"};

    for (size_t i = 0; i < sizeof(secret) / sizeof(secret[0]); i++) {
        size_t k = strlen(secret[i]);
        if (strncmp(path, secret[i], k) == 0 && path[k] != '\0') {
            snprintf(buf, n, "%s…", secret[i]);
            return buf;
        }
    }
    return utf8_is_valid(path, strlen(path)) ? path : "(invalid)";
}

static void write_access_log(struct http_server *srv,
                             const struct http_req *req,
                             const struct http_resp *resp, double ms)
{
    char when[TIMEFMT_LEN];
    char masked[32];

    if (srv->cfg.access_log == NULL)
        return;
    /* Path only: query strings may carry search words, and headers carry
     * credentials; neither belongs in a log. */
    json_t *line =
        json_pack("{s:s, s:s, s:s, s:i, s:f, s:s, s:s}", "time",
                  timefmt_format_utc(req->ctx.now, when), "method", req->method,
                  "path", logged_path(req->path, masked, sizeof(masked)),
                  "status", resp->status, "ms", ms, "user",
                  resp->log_user ? resp->log_user : "-", "client", req->client);
    char *text =
        line ? json_dumps(line, JSON_COMPACT | JSON_REAL_PRECISION(4)) : NULL;
    json_decref(line);
    if (text == NULL)
        return;
    pthread_mutex_lock(&srv->lock);
    fprintf(srv->cfg.access_log, "%s\n", text);
    fflush(srv->cfg.access_log);
    pthread_mutex_unlock(&srv->lock);
    xfree(text);
}

/* Turn 'resp' into a libmicrohttpd response and queue it. */
static enum MHD_Result send_resp(struct MHD_Connection *c,
                                 struct http_resp *resp, bool api, bool tls)
{
    struct MHD_Response *r;
    char *text = NULL;

    if (resp->json != NULL) {
        text = json_dumps(resp->json, JSON_COMPACT);
        size_t n = text ? strlen(text) : 0;
        /* MUST_FREE: the text came from malloc (via xmalloc). */
        r = MHD_create_response_from_buffer(n, text, MHD_RESPMEM_MUST_FREE);
        MHD_add_response_header(r, "Content-Type",
                                "application/json; charset=utf-8");
    } else if (resp->text != NULL) {
        /* MUST_FREE: generated text from malloc; ownership moves here. */
        r = MHD_create_response_from_buffer(strlen(resp->text), resp->text,
                                            MHD_RESPMEM_MUST_FREE);
        if (r != NULL) {
            resp->text = NULL;
            if (resp->content_type != NULL)
                MHD_add_response_header(r, "Content-Type", resp->content_type);
        }
    } else if (resp->has_fd) {
        /* The file is sent from its descriptor, never read into memory;
         * libmicrohttpd closes it with the response. */
        r = MHD_create_response_from_fd64(resp->fd_size, resp->fd);
        if (r == NULL)
            close(resp->fd);
        resp->has_fd = false;
        if (r != NULL && resp->content_type != NULL)
            MHD_add_response_header(r, "Content-Type", resp->content_type);
    } else {
        /* PERSISTENT: embedded assets live as long as the program. */
        r = MHD_create_response_from_buffer(resp->len, (void *)resp->data,
                                            MHD_RESPMEM_PERSISTENT);
        if (resp->content_type != NULL)
            MHD_add_response_header(r, "Content-Type", resp->content_type);
    }
    if (r == NULL) {
        xfree(text);
        return MHD_NO;
    }
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    /* Browsers take it only over TLS; then never plain HTTP again for a
     * year, so a network attacker cannot strip TLS on a later visit. */
    if (tls)
        MHD_add_response_header(r, "Strict-Transport-Security",
                                "max-age=31536000");
    if (api)
        MHD_add_response_header(r, "Cache-Control", "no-store");
    for (size_t i = 0; i < resp->nheaders; i++)
        MHD_add_response_header(r, resp->headers[i].key,
                                resp->headers[i].value);
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return ok;
}

static void resp_cleanup(struct http_resp *resp)
{
    if (resp->has_fd)
        close(resp->fd);
    resp->has_fd = false;
    json_decref(resp->json);
    xfree(resp->text);
    for (size_t i = 0; i < resp->nheaders; i++) {
        char *v = resp->headers[i].value;
        sodium_memzero(v, strlen(v));
        xfree(v);
    }
}

static struct conn_track *track_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

    return info != NULL ? info->socket_context : NULL;
}

/* The request of 'c' is in (or is answered early): from now on its
 * deadline does not apply.  False when the sweeper was first and shut the
 * connection down: then nothing may be queued on it. */
static bool track_stop_reading(struct http_server *srv,
                               struct MHD_Connection *c)
{
    struct conn_track *t = track_of(c);
    bool ok = true;

    if (t == NULL)
        return true;
    pthread_mutex_lock(&srv->track_lock);
    if (t->expired)
        ok = false;
    else
        t->reading = false;
    pthread_mutex_unlock(&srv->track_lock);
    return ok;
}

static void expire(struct http_server *srv, struct conn_track *t);

/* The headers of a request on 'c' are in. */
static void track_begin(struct http_server *srv, struct MHD_Connection *c)
{
    struct conn_track *t = track_of(c);

    if (t == NULL)
        return;
    pthread_mutex_lock(&srv->track_lock);
    t->begun = true;
    pthread_mutex_unlock(&srv->track_lock);
}

/* Close 'c' now if the body being read is past its deadline, as the
 * sweeper would a moment later.  (libmicrohttpd takes no answer while a
 * body is coming in, so this cannot go through it.) */
static void track_check_late(struct http_server *srv, struct MHD_Connection *c)
{
    struct conn_track *t = track_of(c);

    if (t == NULL)
        return;
    pthread_mutex_lock(&srv->track_lock);
    if (t->reading && !t->expired && monotonic_ms() >= t->deadline)
        expire(srv, t);
    pthread_mutex_unlock(&srv->track_lock);
}

/*
 * The body of an upload on 'c' has brought 'bytes' so far: its deadline
 * is the grace of cfg->timeout_seconds from the body's start plus the
 * time those bytes take at cfg->upload_min_rate.  A client keeping that
 * average is never cut off; one trickling falls behind and is.
 */
static void track_upload(struct http_server *srv, struct MHD_Connection *c,
                         uint64_t bytes)
{
    struct conn_track *t = track_of(c);

    if (t == NULL)
        return;
    pthread_mutex_lock(&srv->track_lock);
    if (!t->upload) {
        t->upload = true;
        t->body_start = monotonic_ms();
    }
    if (t->reading && !t->expired)
        t->deadline = t->body_start + srv->cfg.timeout_seconds * 1000.0 +
                      (double)bytes * 1000.0 / (double)srv->cfg.upload_min_rate;
    pthread_mutex_unlock(&srv->track_lock);
}

/* Answer 'c' with the prepared 'answer' straight on its socket and close
 * it: libmicrohttpd takes no answer while a body is coming in, and the
 * rest of an upload over the limit is not worth reading. */
static void refuse_now(struct http_server *srv, struct MHD_Connection *c,
                       const char *answer)
{
    struct conn_track *t = track_of(c);

    if (t == NULL)
        return;
    pthread_mutex_lock(&srv->track_lock);
    if (!t->expired && t->fd != MHD_INVALID_SOCKET) {
        t->expired = true;
        if (!server_is_tls(srv))
            (void)send(t->fd, answer, strlen(answer),
                       MSG_NOSIGNAL | MSG_DONTWAIT);
        shutdown(t->fd, SHUT_WR);
    }
    pthread_mutex_unlock(&srv->track_lock);
}

static void on_connection(void *cls, struct MHD_Connection *c,
                          void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    struct http_server *srv = cls;
    struct conn_track *t = *socket_context;

    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        t = xcalloc(1, sizeof(*t));
        t->fd = info != NULL ? info->connect_fd : MHD_INVALID_SOCKET;
        t->deadline = monotonic_ms() + srv->cfg.timeout_seconds * 1000.0;
        t->reading = true;
        pthread_mutex_lock(&srv->track_lock);
        t->next = srv->tracks;
        if (srv->tracks != NULL)
            srv->tracks->prev = t;
        srv->tracks = t;
        pthread_mutex_unlock(&srv->track_lock);
        *socket_context = t;
        return;
    }
    if (t == NULL)
        return;
    /* libmicrohttpd closes the socket only after this: once 't' is off the
     * list, the sweeper cannot shut down a descriptor reused since. */
    pthread_mutex_lock(&srv->track_lock);
    if (t->prev != NULL)
        t->prev->next = t->next;
    else
        srv->tracks = t->next;
    if (t->next != NULL)
        t->next->prev = t->prev;
    pthread_mutex_unlock(&srv->track_lock);
    xfree(t);
    *socket_context = NULL;
}

/* The 408 the sweeper writes itself (no request to answer through
 * libmicrohttpd yet), in the default language: the headers that would
 * say another may not have arrived. */
static void make_answer(enum kz_err err, const char *status, char *out,
                        size_t n)
{
    json_t *e = error_to_json(err, NULL, NULL, LANG_JA);
    char *body = e != NULL ? json_dumps(e, JSON_COMPACT) : NULL;

    json_decref(e);
    snprintf(out, n,
             "HTTP/1.1 %s\r\n"
             "Content-Type: application/json; charset=utf-8\r\n"
             "Content-Length: %zu\r\n"
             "X-Content-Type-Options: nosniff\r\n"
             "Connection: close\r\n\r\n%s",
             status, body != NULL ? strlen(body) : 0, body != NULL ? body : "");
    xfree(body);
}

/*
 * Close 't', past its deadline (track_lock held).  While a request is
 * read libmicrohttpd writes nothing, and track_stop_reading keeps it
 * from starting to: the 408 can go straight to the socket.  Not under
 * TLS (the socket carries records, not text), nor on a kept-alive
 * connection where no next request has shown its headers: it is most
 * likely idle between requests.  shutdown, not close: the descriptor
 * stays libmicrohttpd's, which sees the end of the connection and
 * releases it (and its place in the per-address count).
 */
static void expire(struct http_server *srv, struct conn_track *t)
{
    t->expired = true;
    if (t->fd == MHD_INVALID_SOCKET)
        return;
    if (!server_is_tls(srv) && (t->begun || t->served == 0))
        (void)send(t->fd, srv->answer_408, strlen(srv->answer_408),
                   MSG_NOSIGNAL | MSG_DONTWAIT);
    shutdown(t->fd, SHUT_RDWR);
}

static void *sweeper_main(void *arg)
{
    struct http_server *srv = arg;

    pthread_mutex_lock(&srv->track_lock);
    while (!srv->sweep_stop) {
        double now = monotonic_ms();
        for (struct conn_track *t = srv->tracks; t != NULL; t = t->next) {
            if (t->reading && !t->expired && now >= t->deadline)
                expire(srv, t);
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += SWEEP_MS * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&srv->sweep_wake, &srv->track_lock, &until);
    }
    pthread_mutex_unlock(&srv->track_lock);
    return NULL;
}

/* Stop the sweeper.  Idempotent. */
static void sweeper_stop(struct http_server *srv)
{
    if (!srv->sweeping)
        return;
    pthread_mutex_lock(&srv->track_lock);
    srv->sweep_stop = true;
    pthread_cond_signal(&srv->sweep_wake);
    pthread_mutex_unlock(&srv->track_lock);
    pthread_join(srv->sweeper, NULL);
    srv->sweeping = false;
}

/* Fill cs->req from the connection; answer at once what needs no
 * handler (refusals, web assets). */
static void request_read(struct http_server *srv, struct MHD_Connection *c,
                         const char *url, const char *method,
                         struct conn_state *cs)
{
    struct http_req *req = &cs->req;
    struct http_resp *resp = &cs->resp;

    memset(req, 0, sizeof(*req));
    memset(resp, 0, sizeof(*resp));
    account_init(&req->who);
    client_address(c, cs->client, sizeof(cs->client));
    cs->conn = c;
    req->method = method;
    req->path = url;
    req->client = cs->client;
    req->authorization = header(c, MHD_HTTP_HEADER_AUTHORIZATION);
    req->cookie =
        MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "kizuki_session");
    req->content_type = header(c, MHD_HTTP_HEADER_CONTENT_TYPE);
    req->accept_language = header(c, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
    req->if_match = header(c, MHD_HTTP_HEADER_IF_MATCH);
    req->if_none_match = header(c, MHD_HTTP_HEADER_IF_NONE_MATCH);
    req->accept_encoding = header(c, MHD_HTTP_HEADER_ACCEPT_ENCODING);
    req->csrf_header = header(c, "X-CSRF-Token");
    req->body = cs->body.data;
    req->body_len = cs->body.len;
    req->lang = i18n_lang_from_accept(req->accept_language);
    req->writer = srv->writer;
    req->srv = srv;
    req->tls = server_is_tls(srv);
    req->ctx.source = cs->client;
    req->ctx.now = clock_now();
    req->ctx.writer = srv->writer;
    req->ctx.actor.name = "-";
    req->ctx.actor.role = ROLE_REPORTER;
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_query, req);
    resp->status = 200;

    cs->api = strncmp(url, "/api/", 5) == 0 || strcmp(url, "/healthz") == 0;
    cs->answered = true;
    if (cs->bad_framing) {
        /* Nothing after this on the connection can be trusted. */
        http_header(resp, "Connection", "close");
        http_error(req, resp, KZ_EMALFORMED, "err.framing", NULL);
    } else if (cs->too_big) {
        http_error(req, resp, KZ_ETOOBIG, NULL, NULL);
    } else if (strlen(url) > PATH_MAX_LEN || !utf8_is_valid(url, strlen(url))) {
        http_error(req, resp, KZ_ENOTFOUND, NULL, NULL);
    } else if (!cs->api) {
        assets_serve(req, resp);
    } else {
        cs->answered = false;
    }
}

/* Run the API request of 'cs' (may block: store, writer). */
static void request_run(struct http_server *srv, struct conn_state *cs)
{
    enum kz_err err = pool_take(srv, &cs->req.store);

    if (err != KZ_OK)
        http_error(&cs->req, &cs->resp, err, NULL, NULL);
    else
        dispatch(&cs->req, &cs->resp);
}

/* Send the answer of 'cs', log it and release what the request held. */
static enum MHD_Result request_send(struct http_server *srv,
                                    struct MHD_Connection *c,
                                    struct conn_state *cs)
{
    struct http_req *req = &cs->req;
    struct http_resp *resp = &cs->resp;
    enum MHD_Result ok = send_resp(c, resp, cs->api, server_is_tls(srv));

    write_access_log(srv, req, resp, elapsed_ms(&cs->started));
    pool_give(srv, req->store);
    req->store = NULL;
    resp_cleanup(resp);
    resp->json = NULL;
    resp->nheaders = 0;
    account_cleanup(&req->who);
    sodium_memzero(req->csrf, sizeof(req->csrf));
    return ok;
}

/*
 * Queue 'cs' for a handler thread and suspend its connection until the
 * answer is ready.  False once the handlers are stopping: the caller then
 * runs the request itself.
 */
static bool hand_over(struct http_server *srv, struct conn_state *cs)
{
    pthread_mutex_lock(&srv->lock);
    if (srv->handlers_stopping) {
        pthread_mutex_unlock(&srv->lock);
        return false;
    }
    /* Suspend before a handler can see it, so its resume never comes
     * first. */
    MHD_suspend_connection(cs->conn);
    cs->next = NULL;
    if (srv->queue_tail != NULL)
        srv->queue_tail->next = cs;
    else
        srv->queue_head = cs;
    srv->queue_tail = cs;
    pthread_cond_signal(&srv->work);
    pthread_mutex_unlock(&srv->lock);
    return true;
}

static void *handler_main(void *arg)
{
    struct http_server *srv = arg;

    pthread_mutex_lock(&srv->lock);
    for (;;) {
        while (srv->queue_head == NULL && !srv->handlers_stopping)
            pthread_cond_wait(&srv->work, &srv->lock);
        struct conn_state *cs = srv->queue_head;
        if (cs == NULL)
            break; /* stopping, and the queue is empty */
        srv->queue_head = cs->next;
        if (srv->queue_head == NULL)
            srv->queue_tail = NULL;
        pthread_mutex_unlock(&srv->lock);
        request_run(srv, cs);
        struct MHD_Connection *c = cs->conn;
        pthread_mutex_lock(&srv->lock);
        cs->answered = true;
        pthread_mutex_unlock(&srv->lock);
        /* libmicrohttpd calls on_request again, which sends the answer;
         * 'cs' may be gone once this returns. */
        MHD_resume_connection(c);
        pthread_mutex_lock(&srv->lock);
    }
    pthread_mutex_unlock(&srv->lock);
    return NULL;
}

/* Let the handler threads finish the queue and stop.  Idempotent. */
static void handlers_stop(struct http_server *srv)
{
    pthread_mutex_lock(&srv->lock);
    srv->handlers_stopping = true;
    pthread_cond_broadcast(&srv->work);
    pthread_mutex_unlock(&srv->lock);
    for (size_t i = 0; i < srv->nhandlers; i++)
        pthread_join(srv->handlers[i], NULL);
    srv->nhandlers = 0;
}

/* Multipart form fields of an upload beside its file, and their limit. */
#define UPLOAD_FIELD_MAX (16 * 1024)

/* True when 'method' 'url' with content type 'ct' is a file sent to the
 * evidence of an incident (OUT: *multipart).  A JSON body there records
 * an item without content and is read like any other. */
static bool is_upload(const char *method, const char *url, const char *ct,
                      bool *multipart)
{
    struct http_req probe; /* only its params are written */
    const struct route *r = NULL;

    if (strcmp(method, "POST") != 0 || ct == NULL)
        return false;
    if (strncasecmp(ct, "application/octet-stream", 24) == 0)
        *multipart = false;
    else if (strncasecmp(ct, "multipart/form-data", 19) == 0)
        *multipart = true;
    else
        return false;
    memset(&probe, 0, sizeof(probe));
    return router_match(method, url, &probe, &r) == ROUTE_FOUND &&
           r->handler == api_evidence_create;
}

static char *dup_header(struct MHD_Connection *c, const char *name)
{
    const char *v = header(c, name);

    return v != NULL ? xstrdup(v) : NULL;
}

/* The slot of multipart field 'key', or NULL for a field not taken. */
static char **form_slot(struct http_upload *u, const char *key)
{
    if (strcmp(key, "description") == 0)
        return &u->description;
    if (strcmp(key, "acquired_at") == 0)
        return &u->acquired_at;
    if (strcmp(key, "acquired_by") == 0)
        return &u->acquired_by;
    if (strcmp(key, "location") == 0)
        return &u->location;
    return NULL;
}

static enum MHD_Result post_field(void *cls, enum MHD_ValueKind kind,
                                  const char *key, const char *filename,
                                  const char *content_type,
                                  const char *transfer_encoding,
                                  const char *data, uint64_t off, size_t size)
{
    struct http_upload *u = cls;

    if (u == NULL)
        return MHD_NO;
    (void)kind;
    (void)content_type;
    (void)transfer_encoding;
    if (strcmp(key, "file") == 0) {
        if (u->has_file && off == 0 && blob_written(u->blob) > 0)
            u->extra_file = true;
        if (!u->has_file) {
            u->has_file = true;
            u->name = filename != NULL ? xstrdup(filename) : NULL;
        }
        if (size > 0 && u->err == KZ_OK && !u->extra_file)
            u->err = blob_write(u->blob, data, size);
        return u->err == KZ_OK ? MHD_YES : MHD_NO;
    }
    char **slot = form_slot(u, key);
    size_t have = slot != NULL && *slot != NULL ? strlen(*slot) : 0;
    if (slot == NULL || have + size > UPLOAD_FIELD_MAX || off != have) {
        u->bad_field = true;
        return MHD_YES;
    }
    char *v = xmalloc(have + size + 1);
    if (have > 0)
        memcpy(v, *slot, have);
    memcpy(v + have, data, size);
    v[have + size] = '\0';
    xfree(*slot);
    *slot = v;
    return MHD_YES;
}

/* Release what an upload holds; the temporary file goes with it. */
static void upload_cleanup(struct conn_state *cs)
{
    struct http_upload *u = &cs->upload;

    if (cs->pp != NULL)
        MHD_destroy_post_processor(cs->pp);
    cs->pp = NULL;
    blob_abort(u->blob);
    xfree(u->name);
    xfree(u->description);
    xfree(u->acquired_at);
    xfree(u->acquired_by);
    xfree(u->location);
    memset(u, 0, sizeof(*u));
}

/*
 * Before any of an upload's body is read: authenticate the caller and
 * check they may change the incident, so that nobody streams gigabytes
 * to be refused afterwards.  False once 'cs' is answered.  The store and
 * account are given back: the body may take minutes, and the request is
 * authenticated again when it is run.
 */
static bool upload_allowed(struct http_server *srv, struct conn_state *cs)
{
    struct http_req *req = &cs->req;
    struct http_resp *resp = &cs->resp;
    const struct route *r = NULL;
    struct incident inc;
    bool ok = false;

    enum kz_err err = pool_take(srv, &req->store);
    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, NULL);
        return false;
    }
    incident_init(&inc);
    if (authenticate(req, resp) &&
        router_match(req->method, req->path, req, &r) == ROUTE_FOUND) {
        err = app_incident_for(req->store, &req->ctx, http_param(req, "ref"),
                               ACT_INCIDENT_UPDATE, NULL, &inc);
        if (err != KZ_OK)
            http_error(req, resp, err, NULL, NULL);
        ok = err == KZ_OK;
    }
    incident_cleanup(&inc);
    if (!ok)
        return false;
    pool_give(srv, req->store);
    req->store = NULL;
    account_cleanup(&req->who);
    account_init(&req->who);
    req->authenticated = false;
    req->nparams = 0;
    resp->log_user = NULL;
    return true;
}

/* The headers of an upload are in: check it and get ready to stream its
 * body.  Answers at once what is refused. */
static enum MHD_Result upload_start(struct http_server *srv,
                                    struct MHD_Connection *c, const char *url,
                                    const char *method, struct conn_state *cs,
                                    bool multipart)
{
    struct http_upload *u = &cs->upload;
    enum kz_err err = KZ_OK;

    request_read(srv, c, url, method, cs);
    cs->upload_read = true;
    if (cs->answered || !upload_allowed(srv, cs)) {
        cs->answered = true;
        if (!track_stop_reading(srv, c))
            return MHD_NO;
        return request_send(srv, c, cs);
    }
    u->multipart = multipart;
    if (multipart) {
        cs->pp = MHD_create_post_processor(c, 16 * 1024, post_field, u);
        if (cs->pp == NULL)
            err = KZ_EMALFORMED;
    } else {
        /* Percent-encoded (RFC 3986), as a header carries ASCII only. */
        u->encoded = true;
        u->has_file = true;
        u->name = dup_header(c, "X-Filename");
        u->description = dup_header(c, "X-Description");
        u->acquired_at = dup_header(c, "X-Acquired-At");
        u->acquired_by = dup_header(c, "X-Acquired-By");
        u->location = dup_header(c, "X-Location");
    }
    if (err == KZ_OK)
        err = blob_begin(srv->cfg.evidence_dir, srv->cfg.evidence_max_bytes,
                         &u->blob);
    if (err != KZ_OK) {
        http_error(&cs->req, &cs->resp, err, NULL, NULL);
        cs->answered = true;
        if (!track_stop_reading(srv, c))
            return MHD_NO;
        return request_send(srv, c, cs);
    }
    track_upload(srv, c, 0);
    return MHD_YES;
}

/* Stream 'n' bytes of an upload's body.  False when the connection must
 * close: over the limit, answered 413 at once and the file removed. */
static bool upload_chunk(struct http_server *srv, struct MHD_Connection *c,
                         struct conn_state *cs, const char *data, size_t n)
{
    struct http_upload *u = &cs->upload;

    if (u->blob == NULL)
        return true;
    if (u->err == KZ_OK && cs->pp != NULL) {
        if (MHD_post_process(cs->pp, data, n) != MHD_YES && u->err == KZ_OK)
            u->err = KZ_EMALFORMED;
    } else if (u->err == KZ_OK) {
        u->err = blob_write(u->blob, data, n);
    }
    if (u->err == KZ_ETOOBIG) {
        blob_abort(u->blob);
        u->blob = NULL;
        refuse_now(srv, c, srv->answer_413);
        return false;
    }
    track_upload(srv, c, blob_written(u->blob));
    return true;
}

/* The whole request is in: answer it, or hand it to a handler thread. */
static enum MHD_Result request_complete(struct http_server *srv,
                                        struct MHD_Connection *c,
                                        const char *url, const char *method,
                                        struct conn_state *cs)
{
    if (!track_stop_reading(srv, c))
        return MHD_NO; /* past its deadline, already shut down */
    if (cs->upload_read) {
        /* Its request was read before the body; the form's last part is
         * flushed by destroying its parser. */
        if (cs->pp != NULL && MHD_destroy_post_processor(cs->pp) != MHD_YES &&
            cs->upload.err == KZ_OK)
            cs->upload.err = KZ_EMALFORMED;
        cs->pp = NULL;
        cs->req.upload = &cs->upload;
        cs->answered = false;
    } else {
        request_read(srv, c, url, method, cs);
    }
    if (cs->answered)
        return request_send(srv, c, cs);
    if (hand_over(srv, cs))
        return MHD_YES;
    request_run(srv, cs);
    return request_send(srv, c, cs);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    struct http_server *srv = cls;
    struct conn_state *cs = *con_cls;

    (void)version;
    if (cs == NULL) {
        cs = xcalloc(1, sizeof(*cs));
        size_t body_max = router_body_max(method, url);
        buf_init(&cs->body, body_max);
        clock_gettime(CLOCK_MONOTONIC, &cs->started);
        *con_cls = cs;
        pthread_mutex_lock(&srv->lock);
        srv->inflight++;
        pthread_mutex_unlock(&srv->lock);
        track_begin(srv, c);
        if (!framing_is_clear(c)) {
            cs->bad_framing = true;
            return request_complete(srv, c, url, method, cs);
        }
        bool multipart = false;
        if (is_upload(method, url, header(c, MHD_HTTP_HEADER_CONTENT_TYPE),
                      &multipart)) {
            /* Refuse an announced oversize file before reading any of
             * it (issue 10: 413 before the body is read). */
            const char *len = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
            if (len != NULL &&
                strtoull(len, NULL, 10) > srv->cfg.evidence_max_bytes) {
                cs->too_big = true;
                return request_complete(srv, c, url, method, cs);
            }
            return upload_start(srv, c, url, method, cs, multipart);
        }
        /* Refuse an announced oversize body before reading any of it. */
        const char *cl = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl != NULL && strtoull(cl, NULL, 10) > body_max) {
            cs->too_big = true;
            return request_complete(srv, c, url, method, cs);
        }
        return MHD_YES;
    }
    if (*upload_size > 0 && cs->upload_read) {
        bool go_on = upload_chunk(srv, c, cs, upload, *upload_size);
        *upload_size = 0;
        if (!go_on)
            return MHD_NO;
        track_check_late(srv, c);
        return MHD_YES;
    }
    if (*upload_size > 0) {
        if (!cs->too_big &&
            buf_append(&cs->body, upload, *upload_size) != KZ_OK)
            cs->too_big = true;
        *upload_size = 0;
        /* A late body is cut off at once, rather than read to an end
         * that a trickling client may never reach. */
        track_check_late(srv, c);
        return MHD_YES;
    }
    /* Called again after a handler thread resumed the connection. */
    pthread_mutex_lock(&srv->lock);
    bool answered = cs->conn != NULL && cs->answered;
    pthread_mutex_unlock(&srv->lock);
    if (answered)
        return request_send(srv, c, cs);
    return request_complete(srv, c, url, method, cs);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct http_server *srv = cls;
    struct conn_state *cs = *con_cls;
    struct conn_track *t = track_of(c);

    /* Answered: the next request on this connection has its own
     * deadline, counted from now. */
    if (t != NULL && toe == MHD_REQUEST_TERMINATED_COMPLETED_OK) {
        pthread_mutex_lock(&srv->track_lock);
        t->served++;
        t->begun = false;
        t->upload = false;
        t->reading = true;
        t->deadline = monotonic_ms() + srv->cfg.timeout_seconds * 1000.0;
        pthread_mutex_unlock(&srv->track_lock);
    }
    if (cs == NULL)
        return;
    upload_cleanup(cs);
    buf_cleanup(&cs->body);
    xfree(cs);
    *con_cls = NULL;
    pthread_mutex_lock(&srv->lock);
    srv->inflight--;
    pthread_cond_broadcast(&srv->idle);
    pthread_mutex_unlock(&srv->lock);
}

/* A PEM file (OUT: caller frees); NULL when missing or over 1 MiB. */
static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text = f ? buf_read_all(f, 1 << 20) : NULL;

    if (f != NULL)
        fclose(f);
    return text;
}

static void kick(void *arg)
{
    notifier_kick(arg);
}

static void server_free(struct http_server *srv)
{
    handlers_stop(srv);
    sweeper_stop(srv);
    xfree(srv->handlers);
    for (size_t i = 0; i < srv->npool; i++)
        store_close(srv->pool[i]);
    /* The notifier writes through the writer: stop it first. */
    if (srv->writer != NULL)
        writer_on_commit(srv->writer, NULL, NULL);
    notifier_stop(srv->notifier);
    writer_stop(srv->writer);
    throttle_free(srv->throttle);
    if (srv->key_pem != NULL) {
        sodium_memzero(srv->key_pem, strlen(srv->key_pem));
        xfree(srv->key_pem);
    }
    xfree(srv->cert_pem);
    pthread_mutex_destroy(&srv->lock);
    pthread_cond_destroy(&srv->idle);
    pthread_cond_destroy(&srv->work);
    pthread_mutex_destroy(&srv->track_lock);
    pthread_cond_destroy(&srv->sweep_wake);
    xfree(srv);
}

enum kz_err server_start(const struct server_config *cfg,
                         struct http_server **out)
{
    struct http_server *srv = xcalloc(1, sizeof(*srv));
    struct sockaddr_storage addr;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC |
                     MHD_USE_POLL | MHD_ALLOW_SUSPEND_RESUME |
                     MHD_USE_ERROR_LOG;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    enum kz_err err;

    *out = NULL;
    srv->cfg = *cfg;
    pthread_mutex_init(&srv->lock, NULL);
    pthread_cond_init(&srv->idle, NULL);
    pthread_cond_init(&srv->work, NULL);
    pthread_mutex_init(&srv->track_lock, NULL);
    pthread_cond_init(&srv->sweep_wake, NULL);
    make_answer(KZ_ETIMEOUT, "408 Request Timeout", srv->answer_408,
                sizeof(srv->answer_408));
    make_answer(KZ_ETOOBIG, "413 Content Too Large", srv->answer_413,
                sizeof(srv->answer_413));
    /* Servers sharing a PostgreSQL database share the counts too. */
    srv->throttle = throttle_new(store_is_postgres(cfg->db));
    memset(&addr, 0, sizeof(addr));
    struct sockaddr_in *a4 = (struct sockaddr_in *)&addr;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&addr;
    if (inet_pton(AF_INET, cfg->address, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        a4->sin_port = htons(cfg->port);
    } else if (inet_pton(AF_INET6, cfg->address, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons(cfg->port);
        flags |= MHD_USE_IPv6;
    } else {
        server_free(srv);
        return KZ_EUSAGE;
    }
    if (cfg->tls_cert != NULL) {
        srv->cert_pem = read_file(cfg->tls_cert);
        srv->key_pem = read_file(cfg->tls_key);
        if (srv->cert_pem == NULL || srv->key_pem == NULL) {
            server_free(srv);
            return KZ_EIO;
        }
        flags |= MHD_USE_TLS;
    }
    err = writer_start(cfg->db, &srv->writer);
    if (err == KZ_OK)
        err = notifier_start(cfg->db, srv->writer, &srv->notifier);
    if (err != KZ_OK) {
        server_free(srv);
        return err;
    }
    writer_on_commit(srv->writer, kick, srv->notifier);
    srv->handlers = xcalloc(cfg->threads, sizeof(*srv->handlers));
    for (unsigned i = 0; i < cfg->threads; i++) {
        if (pthread_create(&srv->handlers[i], NULL, handler_main, srv) != 0)
            break;
        srv->nhandlers++;
    }
    if (srv->nhandlers == 0) {
        server_free(srv);
        return KZ_EIO;
    }
    if (pthread_create(&srv->sweeper, NULL, sweeper_main, srv) != 0) {
        server_free(srv);
        return KZ_EIO;
    }
    srv->sweeping = true;
    /* Event threads only move bytes: one per core, at most one per
     * handler. */
    unsigned io_threads = cores > 0 ? (unsigned)cores : 1;
    if (io_threads > srv->nhandlers)
        io_threads = (unsigned)srv->nhandlers;
    srv->daemon = MHD_start_daemon(
        flags, cfg->port, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE, io_threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)PER_IP_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout_seconds,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HEADER_MEMORY,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
        cfg->tls_cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END,
        srv->cert_pem, MHD_OPTION_HTTPS_MEM_KEY, srv->key_pem, MHD_OPTION_END);
    if (srv->daemon == NULL) {
        server_free(srv);
        return KZ_EIO;
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : cfg->port;
    *out = srv;
    return KZ_OK;
}

void server_stop(struct http_server *srv, unsigned grace)
{
    struct timespec until;

    if (srv == NULL)
        return;
    /* Stop accepting; let what is in flight finish.  The listening socket
     * is ours now: shut it down so new clients are refused at once rather
     * than queued unanswered until exit, and close it only after
     * MHD_stop_daemon (its threads may still hold it). */
    MHD_socket listener = MHD_quiesce_daemon(srv->daemon);
    if (listener != MHD_INVALID_SOCKET)
        shutdown(listener, SHUT_RDWR);
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += grace;
    pthread_mutex_lock(&srv->lock);
    while (srv->inflight > 0) {
        if (pthread_cond_timedwait(&srv->idle, &srv->lock, &until) != 0)
            break;
    }
    pthread_mutex_unlock(&srv->lock);
    /* libmicrohttpd aborts when stopped with a connection suspended: let
     * the handlers answer what they hold first.  Later requests on open
     * connections are answered by the event threads themselves. */
    handlers_stop(srv);
    MHD_stop_daemon(srv->daemon);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    /* The writer finishes its queue; closing the stores checkpoints the
     * WAL into the database file. */
    server_free(srv);
}
