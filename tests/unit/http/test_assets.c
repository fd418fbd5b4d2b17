/* SPDX-License-Identifier: MIT */
/*
 * test_assets.c - the embedded web files as they are served
 * (src/http/assets.c): the representation chosen by Accept-Encoding
 * (RFC 9110 §12.5.3), its own ETag, Vary, and 304 for the client's copy.
 */
#include "support/test.h"

#include <string.h>

#include "http/assets.h"
#include "util/embed.h"
#include "util/mem.h"

extern const struct embedded_file web_assets[];
extern const size_t web_assets_count;

static const struct embedded_file *file(const char *path)
{
    for (size_t i = 0; i < web_assets_count; i++) {
        if (strcmp(web_assets[i].path, path) == 0)
            return &web_assets[i];
    }
    fail_msg("no embedded %s", path);
    return NULL;
}

static const char *header(const struct http_resp *resp, const char *name)
{
    for (size_t i = 0; i < resp->nheaders; i++) {
        if (strcmp(resp->headers[i].key, name) == 0)
            return resp->headers[i].value;
    }
    return NULL;
}

static void resp_free(struct http_resp *resp)
{
    json_decref(resp->json);
    for (size_t i = 0; i < resp->nheaders; i++)
        xfree(resp->headers[i].value);
    memset(resp, 0, sizeof(*resp));
}

/* Serve 'path' by 'method' with the given request headers into 'resp'. */
static void serve(struct http_resp *resp, const char *method, const char *path,
                  const char *accept_encoding, const char *if_none_match)
{
    struct http_req req;
    memset(&req, 0, sizeof(req));
    memset(resp, 0, sizeof(*resp));
    req.method = method;
    req.path = path;
    req.accept_encoding = accept_encoding;
    req.if_none_match = if_none_match;
    req.lang = LANG_EN;
    assets_serve(&req, resp);
}

/* The ETag of 'f' in the coding named by 'suffix' ("", "-gzip", "-br"). */
static void etag_of(char *out, size_t size, const struct embedded_file *f,
                    const char *suffix)
{
    snprintf(out, size, "\"%s%s\"", f->sha256, suffix);
}

static void test_text_files_are_stored_compressed(void **state)
{
    (void)state;
    static const char *const paths[] = {"index.html", "js/main.js",
                                        "css/app.css", "i18n/ja.json"};
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        const struct embedded_file *f = file(paths[i]);
        assert_non_null(f->gzip);
        assert_non_null(f->brotli);
        assert_true(f->gzip_len < f->len);
        assert_true(f->brotli_len < f->len);
        /* A gzip member starts with its magic number (RFC 1952). */
        assert_int_equal(f->gzip[0], 0x1f);
        assert_int_equal(f->gzip[1], 0x8b);
    }
}

static void test_no_accept_encoding_gets_the_bytes_as_they_are(void **state)
{
    (void)state;
    const struct embedded_file *f = file("js/main.js");
    struct http_resp resp;
    char want[80];

    serve(&resp, "GET", "/js/main.js", NULL, NULL);
    assert_int_equal(resp.status, 200);
    assert_ptr_equal(resp.data, f->data);
    assert_int_equal(resp.len, f->len);
    assert_null(header(&resp, "Content-Encoding"));
    assert_string_equal(header(&resp, "Vary"), "Accept-Encoding");
    etag_of(want, sizeof(want), f, "");
    assert_string_equal(header(&resp, "ETag"), want);
    assert_string_equal(resp.content_type, "text/javascript; charset=utf-8");
    resp_free(&resp);
}

struct choice {
    const char *accept;
    const char *coding; /* NULL: identity */
};

static void test_the_coding_follows_accept_encoding(void **state)
{
    (void)state;
    static const struct choice cases[] = {
        {"gzip, deflate, br", "br"},
        {"gzip, deflate, br, zstd", "br"},
        {"gzip", "gzip"},
        {"GZIP", "gzip"},
        {"x-gzip", "gzip"},
        {"deflate", NULL},
        {"identity", NULL},
        {"", NULL},
        {"br;q=0, gzip", "gzip"},
        {"gzip;q=0", NULL},
        {"gzip; q=0.5, br;q=0.4", "gzip"},
        {"gzip;q=1.0, br;q=1.0", "br"},
        {"*", "br"},
        {"*;q=0", NULL},
        {"*, br;q=0", "gzip"},
        {"gzip;q=0, *;q=0.1", "br"},
        {" br ; q=0.9 ,gzip;q=0.8", "br"},
        {"gzip;q=0.001, br;q=0", "gzip"},
        {"gzip;q=0.000", NULL},
        {"gzip;Q=0", NULL},
        {"br;q=0.5, gzip;q=0.75", "gzip"},
        /* A weight that cannot be read is the default, 1. */
        {"gzip;q=2, br;q=0.9", "gzip"},
        {"gzip;q=0.5.5", "gzip"},
    };
    const struct embedded_file *f = file("css/app.css");

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct http_resp resp;
        char want[80];
        serve(&resp, "GET", "/css/app.css", cases[i].accept, NULL);
        assert_int_equal(resp.status, 200);
        const char *got = header(&resp, "Content-Encoding");
        if (cases[i].coding == NULL) {
            if (got != NULL)
                fail_msg("'%s': sent %s, want none", cases[i].accept, got);
            assert_ptr_equal(resp.data, f->data);
            assert_int_equal(resp.len, f->len);
            etag_of(want, sizeof(want), f, "");
        } else if (strcmp(cases[i].coding, "br") == 0) {
            if (got == NULL || strcmp(got, "br") != 0)
                fail_msg("'%s': sent %s, want br", cases[i].accept,
                         got ? got : "none");
            assert_ptr_equal(resp.data, f->brotli);
            assert_int_equal(resp.len, f->brotli_len);
            etag_of(want, sizeof(want), f, "-br");
        } else {
            if (got == NULL || strcmp(got, "gzip") != 0)
                fail_msg("'%s': sent %s, want gzip", cases[i].accept,
                         got ? got : "none");
            assert_ptr_equal(resp.data, f->gzip);
            assert_int_equal(resp.len, f->gzip_len);
            etag_of(want, sizeof(want), f, "-gzip");
        }
        assert_string_equal(header(&resp, "ETag"), want);
        assert_string_equal(header(&resp, "Vary"), "Accept-Encoding");
        resp_free(&resp);
    }
}

static void test_a_small_file_is_not_compressed(void **state)
{
    (void)state;
    const struct embedded_file *f = file("img/icon.svg");
    struct http_resp resp;

    /* 304 bytes: a gzip header and trailer would save next to nothing. */
    assert_null(f->gzip);
    assert_null(f->brotli);
    serve(&resp, "GET", "/img/icon.svg", "gzip, br", NULL);
    assert_int_equal(resp.status, 200);
    assert_null(header(&resp, "Content-Encoding"));
    assert_ptr_equal(resp.data, f->data);
    resp_free(&resp);
}

static void test_304_for_the_copy_of_the_same_representation(void **state)
{
    (void)state;
    const struct embedded_file *f = file("index.html");
    struct http_resp resp;
    char gz[80];
    char plain[80];
    char list[200];

    etag_of(gz, sizeof(gz), f, "-gzip");
    etag_of(plain, sizeof(plain), f, "");
    serve(&resp, "GET", "/", "gzip", gz);
    assert_int_equal(resp.status, 304);
    assert_int_equal(resp.len, 0);
    assert_string_equal(header(&resp, "ETag"), gz);
    assert_string_equal(header(&resp, "Vary"), "Accept-Encoding");
    resp_free(&resp);

    /* The UI's own addresses are the same page. */
    serve(&resp, "GET", "/incidents/INC-2026-0001", "gzip", gz);
    assert_int_equal(resp.status, 304);
    resp_free(&resp);

    /* A weak tag and a list compare weakly (RFC 9110 §13.1.2). */
    snprintf(list, sizeof(list), "\"other\", W/%s", gz);
    serve(&resp, "GET", "/index.html", "gzip", list);
    assert_int_equal(resp.status, 304);
    resp_free(&resp);
    serve(&resp, "GET", "/index.html", "gzip", "*");
    assert_int_equal(resp.status, 304);
    resp_free(&resp);

    /* The plain copy's tag does not stand for the gzip bytes: they are
     * sent, with their own tag. */
    serve(&resp, "GET", "/index.html", "gzip", plain);
    assert_int_equal(resp.status, 200);
    assert_string_equal(header(&resp, "Content-Encoding"), "gzip");
    assert_string_equal(header(&resp, "ETag"), gz);
    assert_ptr_equal(resp.data, f->gzip);
    resp_free(&resp);

    serve(&resp, "GET", "/index.html", NULL, plain);
    assert_int_equal(resp.status, 304);
    resp_free(&resp);

    serve(&resp, "GET", "/index.html", NULL, "\"stale\"");
    assert_int_equal(resp.status, 200);
    resp_free(&resp);
}

static void test_head_answers_like_get(void **state)
{
    (void)state;
    const struct embedded_file *f = file("js/ui.js");
    struct http_resp resp;

    /* libmicrohttpd sends the headers and leaves the body out. */
    serve(&resp, "HEAD", "/js/ui.js", "br", NULL);
    assert_int_equal(resp.status, 200);
    assert_string_equal(header(&resp, "Content-Encoding"), "br");
    assert_int_equal(resp.len, f->brotli_len);
    resp_free(&resp);

    serve(&resp, "POST", "/js/ui.js", "br", NULL);
    assert_int_equal(resp.status, 405);
    assert_null(header(&resp, "Content-Encoding"));
    resp_free(&resp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_files_are_stored_compressed),
        cmocka_unit_test(test_no_accept_encoding_gets_the_bytes_as_they_are),
        cmocka_unit_test(test_the_coding_follows_accept_encoding),
        cmocka_unit_test(test_a_small_file_is_not_compressed),
        cmocka_unit_test(test_304_for_the_copy_of_the_same_representation),
        cmocka_unit_test(test_head_answers_like_get),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
