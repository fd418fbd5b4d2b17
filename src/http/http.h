/* SPDX-License-Identifier: MIT */
/*
 * http.h - requests and responses as the handlers see them.
 *
 * server.c (the only file that knows libmicrohttpd) fills a struct
 * http_req and sends a struct http_resp; handlers are plain functions of
 * the two, so they can be read and tested without a network.
 */
#ifndef KZ_HTTP_HTTP_H
#define KZ_HTTP_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/writer.h"
#include "core/account.h"
#include "store/store.h"
#include "util/err.h"
#include "util/i18n.h"

#define HTTP_BODY_MAX (1u << 20) /* 1 MiB of JSON is far above any record */
/* POST /api/v1/alerts takes up to 10,000 alerts in one request: 64 MiB
 * is 6.5 KiB an alert, room for a description and the tool's raw record
 * (docs/api.md). */
#define HTTP_ALERTS_BODY_MAX (64u << 20)
#define HTTP_QUERY_MAX 16
#define HTTP_PARAMS_MAX 2
#define HTTP_HEADERS_MAX 8

struct http_server;

struct http_kv {
    const char *key;
    const char *value;
};

/* A header of a response: a fixed name and a value the response owns. */
struct http_header {
    const char *key;
    char *value;
};

struct blob_writer;

/*
 * An upload being streamed to the blob store (POST
 * /api/v1/incidents/{ref}/evidence with a file): server.c writes the body
 * into 'blob' as it arrives, never holding it whole, and frees whatever
 * is left once the request is over.  The texts come from X- headers
 * (percent-encoded: 'encoded') or from the multipart form's fields.
 */
struct http_upload {
    struct blob_writer *blob; /* the handler finishes it and sets NULL */
    bool multipart;
    bool encoded;
    bool has_file;   /* multipart: a "file" part was sent */
    bool extra_file; /* multipart: more than one */
    bool bad_field;  /* multipart: an unknown or oversized field */
    enum kz_err err; /* a write that failed while streaming */
    char *name;      /* the file's name, raw */
    char *description;
    char *acquired_at;
    char *acquired_by;
    char *location;
};

struct http_req {
    /* From the connection (borrowed for the request's lifetime). */
    const char *method;
    const char *path;
    const char *client; /* address, for the audit and access logs */
    const char *authorization;
    const char *cookie; /* value of kizuki_session, if sent */
    const char *content_type;
    const char *accept_language;
    const char *if_match;
    const char *if_none_match;
    const char *accept_encoding;
    const char *csrf_header; /* X-CSRF-Token */
    struct http_kv query[HTTP_QUERY_MAX];
    size_t nquery;
    bool query_overflow;
    const char *body;
    size_t body_len;
    bool tls;
    /* Filled by the router and authentication. */
    struct {
        char key[16];
        char value[72];
    } params[HTTP_PARAMS_MAX]; /* {ref}, {name}, … */
    size_t nparams;
    enum lang lang;
    bool authenticated;
    bool via_cookie;
    struct account who;
    char csrf[65]; /* the session's CSRF token (cookie sign-in only) */
    struct app_ctx ctx;
    struct store *store;   /* a reading connection, borrowed */
    struct writer *writer; /* where changes go */
    struct http_server *srv;
    struct http_upload *upload; /* a streamed file, or NULL */
};

struct http_resp {
    int status;
    json_t *json;              /* owned; sent as application/json */
    const unsigned char *data; /* or raw bytes (static, not owned) */
    char *text;                /* or owned text (freed after sending) */
    size_t len;
    const char *content_type;
    /* Or the open file 'fd' of 'fd_size' bytes, sent from the file and
     * closed after (evidence downloads); only when 'has_fd'. */
    bool has_fd;
    int fd;
    uint64_t fd_size;
    struct http_header headers[HTTP_HEADERS_MAX];
    size_t nheaders;
    const char *log_user; /* for the access log */
};

typedef void (*http_handler)(struct http_req *req, struct http_resp *resp);

/* The query value of 'key', or NULL. */
const char *http_query(const struct http_req *req, const char *key);
/* The route parameter 'key' ("ref"), or NULL. */
const char *http_param(const struct http_req *req, const char *key);
/* Add a header; 'value' is copied. */
void http_header(struct http_resp *resp, const char *name, const char *value);

/* True when 's' is a decimal integer in [min, max], stored in '*out'. */
bool http_parse_int(const char *s, long long min, long long max,
                    long long *out);
/* The {ref} of the path, or NULL after answering 404 naming "ref": a
 * malformed reference names no incident. */
const char *http_path_ref(struct http_req *req, struct http_resp *resp);
/* The {id} of the path (1 or more), or 0 after answering 404. */
int64_t http_path_id(struct http_req *req, struct http_resp *resp);
/*
 * The version an If-Match header names (3, "3" or W/"3") in '*version',
 * -1 when there is no header.  A malformed header is answered with 400
 * naming it, and false returned.
 */
bool http_if_match(struct http_req *req, struct http_resp *resp,
                   int64_t *version);

/* Answer 'status' with 'j' (taken). */
void http_json(struct http_resp *resp, int status, json_t *j);
/* Answer with the error envelope of 'err' in the request's language;
 * 'msg_key' overrides the message and 'p' names fields (both optional). */
void http_error(struct http_req *req, struct http_resp *resp, enum kz_err err,
                const char *msg_key, const struct kz_problems *p);

/*
 * Parse the request body as a JSON object (OUT: *out, new reference).
 * Answers and returns false on a wrong content type (415), malformed JSON
 * (400) or invalid UTF-8 (422, naming the fields that hold it).
 */
bool http_body_object(struct http_req *req, struct http_resp *resp,
                      json_t **out);
/* True when 'obj' has only keys from 'allowed' (NULL-terminated); answers
 * 422 naming the others otherwise. */
bool http_only_keys(struct http_req *req, struct http_resp *resp,
                    const json_t *obj, const char *const *allowed);
/* http_body_object, then http_only_keys: the body as an object with no
 * keys but 'allowed' (OUT: *out, new reference); false once answered,
 * with *out NULL. */
bool http_body_keys(struct http_req *req, struct http_resp *resp,
                    const char *const *allowed, json_t **out);

#endif
