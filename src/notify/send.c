/* SPDX-License-Identifier: MIT */
/*
 * send.c - webhook and SMTP delivery with libcurl (see send.h).
 */
#include "notify/send.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"
#include "util/mem.h"

void send_global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

void send_global_cleanup(void)
{
    curl_global_cleanup();
}

static size_t discard(char *ptr, size_t size, size_t nmemb, void *ud)
{
    (void)ptr;
    (void)ud;
    return size * nmemb;
}

/* Settings every transfer shares: bounded time, no redirects, only the
 * protocols asked for, no signals (we run in threads). */
static void common(CURL *c, const char *protocols)
{
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)SEND_CONNECT_TIMEOUT);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)SEND_TIMEOUT);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protocols);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
}

static bool send_webhook(const struct outbox_msg *m, char *why, size_t n)
{
    CURL *c = curl_easy_init();
    struct curl_slist *h = NULL;
    char key[160];
    long status = 0;

    if (c == NULL) {
        snprintf(why, n, "curl init failed");
        return false;
    }
    snprintf(key, sizeof(key), "Idempotency-Key: %s", m->idem_key);
    h = curl_slist_append(h, "Content-Type: application/json; charset=utf-8");
    h = curl_slist_append(h, key);
    common(c, "http,https");
    curl_easy_setopt(c, CURLOPT_URL, m->target);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, m->body);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "kizuki");
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK) {
        snprintf(why, n, "webhook: %s", curl_easy_strerror(rc));
        return false;
    }
    if (status < 200 || status > 299) {
        snprintf(why, n, "webhook: HTTP %ld", status);
        return false;
    }
    return true;
}

/* RFC 2047 encoded-word for a UTF-8 header value (OUT: caller frees). */
static char *encoded_word(const char *s)
{
    size_t len = strlen(s);
    size_t cap = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = xmalloc(cap);
    struct buf b;

    sodium_bin2base64(b64, cap, (const unsigned char *)s, len,
                      sodium_base64_VARIANT_ORIGINAL);
    buf_init(&b, cap + 32);
    if (buf_printf(&b, "=?UTF-8?B?%s?=", b64) != KZ_OK)
        buf_reset(&b);
    xfree(b64);
    return buf_take(&b);
}

/* The whole message text: headers and a base64 UTF-8 body (OUT). */
static char *mail_text(const struct outbox_msg *m, const char *from)
{
    struct buf b;
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    size_t len = strlen(m->body);
    size_t cap = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = xmalloc(cap);
    char *subject = encoded_word(m->subject);
    enum kz_err err;

    gmtime_r(&now, &tm);
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
    sodium_bin2base64(b64, cap, (const unsigned char *)m->body, len,
                      sodium_base64_VARIANT_ORIGINAL);
    buf_init(&b, 4 * cap + 4096);
    err = buf_printf(&b,
                     "Date: %s\r\nFrom: kizuki <%s>\r\nTo: <%s>\r\n"
                     "Subject: %s\r\nMessage-ID: <%s@kizuki>\r\n"
                     "X-Kizuki-Idempotency-Key: %s\r\nMIME-Version: 1.0\r\n"
                     "Content-Type: text/plain; charset=UTF-8\r\n"
                     "Content-Transfer-Encoding: base64\r\n\r\n",
                     date, from, m->target, subject, m->idem_key, m->idem_key);
    /* Lines of 76 characters, as MIME asks. */
    for (size_t i = 0; err == KZ_OK && b64[i] != '\0'; i += 76) {
        size_t k = strnlen(b64 + i, 76);
        err = buf_append(&b, b64 + i, k);
        if (err == KZ_OK)
            err = buf_puts(&b, "\r\n");
        if (k < 76)
            break;
    }
    xfree(subject);
    xfree(b64);
    return buf_take(&b);
}

struct reader {
    const char *data;
    size_t len;
    size_t pos;
};

static size_t read_cb(char *out, size_t size, size_t nmemb, void *ud)
{
    struct reader *r = ud;
    size_t room = size * nmemb;
    size_t left = r->len - r->pos;
    size_t k = left < room ? left : room;

    memcpy(out, r->data + r->pos, k);
    r->pos += k;
    return k;
}

/* Addresses come from validated records; CR, LF and angle brackets would
 * still break the SMTP envelope, so they are refused here as well. */
static bool address_ok(const char *a)
{
    return a != NULL && a[0] != '\0' && strpbrk(a, "\r\n<>") == NULL;
}

static bool send_mail(const struct outbox_msg *m,
                      const struct smtp_config *smtp, char *why, size_t n)
{
    char envelope[320];
    struct curl_slist *rcpt = NULL;

    if (smtp == NULL || smtp->url == NULL || smtp->url[0] == '\0' ||
        !address_ok(smtp->from)) {
        snprintf(why, n, "mail: no SMTP server is configured");
        return false;
    }
    if (!address_ok(m->target)) {
        snprintf(why, n, "mail: the address is not usable");
        return false;
    }
    CURL *c = curl_easy_init();
    if (c == NULL) {
        snprintf(why, n, "curl init failed");
        return false;
    }
    char *text = mail_text(m, smtp->from);
    struct reader r = {text, strlen(text), 0};
    snprintf(envelope, sizeof(envelope), "<%s>", m->target);
    rcpt = curl_slist_append(rcpt, envelope);
    snprintf(envelope, sizeof(envelope), "<%s>", smtp->from);
    common(c, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_URL, smtp->url);
    /* STARTTLS whenever the server offers it. */
    curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, envelope);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    if (smtp->username != NULL && smtp->username[0] != '\0') {
        curl_easy_setopt(c, CURLOPT_USERNAME, smtp->username);
        curl_easy_setopt(c, CURLOPT_PASSWORD, smtp->password);
    }
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &r);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    xfree(text);
    if (rc != CURLE_OK) {
        snprintf(why, n, "mail: %s", curl_easy_strerror(rc));
        return false;
    }
    return true;
}

bool send_message(const struct outbox_msg *m, const struct smtp_config *smtp,
                  char *why, size_t n)
{
    why[0] = '\0';
    if (m->channel != NULL && strcmp(m->channel, "webhook") == 0)
        return send_webhook(m, why, n);
    if (m->channel != NULL && strcmp(m->channel, "email") == 0)
        return send_mail(m, smtp, why, n);
    snprintf(why, n, "unknown channel");
    return false;
}
