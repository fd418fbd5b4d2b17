/* SPDX-License-Identifier: MIT */
/*
 * err.h - the project-wide error codes and the problems that travel with them.
 *
 * One X-macro table gives every view of an error: the enum, the wire code of
 * the API's error envelope, the HTTP status, the CLI exit code and the key of
 * the localized message.  Details of a validation failure (which field, which
 * rule) travel beside the code in a caller-owned struct kz_problems.
 */
#ifndef KZ_UTIL_ERR_H
#define KZ_UTIL_ERR_H

#include <stdbool.h>
#include <stddef.h>

#include "util/i18n.h"

/*  name         wire code                 HTTP exit message key */
#define KZ_ERR_MAP(XX)                                                         \
    XX(OK, "ok", 200, 0, "err.ok")                                             \
    XX(EINVAL, "validation_failed", 422, 2, "err.invalid")                     \
    XX(EMALFORMED, "malformed", 400, 2, "err.malformed")                       \
    XX(EUSAGE, "usage", 400, 2, "err.usage")                                   \
    XX(ENOTFOUND, "not_found", 404, 1, "err.not_found")                        \
    XX(ECONFLICT, "conflict", 409, 2, "err.conflict")                          \
    XX(EAUTH, "unauthorized", 401, 4, "err.unauthorized")                      \
    XX(EFORBID, "forbidden", 403, 4, "err.forbidden")                          \
    XX(ETOOBIG, "too_large", 413, 2, "err.too_large")                          \
    XX(EMEDIA, "unsupported_media_type", 415, 2, "err.media")                  \
    XX(EMETHOD, "method_not_allowed", 405, 2, "err.method")                    \
    XX(ETHROTTLE, "too_many_requests", 429, 4, "err.throttle")                 \
    XX(EPRECOND, "precondition_required", 428, 2, "err.precondition")          \
    XX(ETIMEOUT, "request_timeout", 408, 3, "err.timeout")                     \
    XX(EVERIFY, "verification_failed", 500, 1, "err.verify")                   \
    XX(ESCHEMA, "schema_too_new", 500, 3, "err.schema")                        \
    XX(ESTORE, "storage", 500, 3, "err.storage")                               \
    XX(EIO, "io", 500, 3, "err.io")                                            \
    XX(EBUSY, "unavailable", 503, 3, "err.busy")

enum kz_err {
#define KZ_ERR_ENUM(name, wire, http, exitc, key) KZ_##name,
    KZ_ERR_MAP(KZ_ERR_ENUM)
#undef KZ_ERR_ENUM
        KZ_ERR_COUNT
};

#define KZ_MUST_CHECK __attribute__((warn_unused_result))

/* The wire code of 'e' ("not_found"); static string. */
const char *kz_err_code(enum kz_err e);
/* The HTTP status that answers 'e'. */
int kz_err_http_status(enum kz_err e);
/* The CLI exit status for 'e'. */
int kz_err_exit_code(enum kz_err e);
/* The message-catalogue key of 'e' ("err.not_found"). */
const char *kz_err_msg_key(enum kz_err e);

/*
 * One broken rule: the field it concerns ("title", "info_types[2].count",
 * or "" for the whole record) and the catalogue key of its message.
 */
struct kz_problem {
    char field[64];
    const char *msg_key; /* static catalogue key, never freed */
    long long count;     /* what the value measured, for "too long": the
                            message then says it; -1: nothing to say */
};

#define KZ_PROBLEMS_MAX 32

/* Every broken rule found by one validation; caller-owned, no heap. */
struct kz_problems {
    size_t n;
    bool truncated; /* more problems than KZ_PROBLEMS_MAX were found */
    struct kz_problem items[KZ_PROBLEMS_MAX];
};

/* Empty 'p'. */
void kz_problems_clear(struct kz_problems *p);
/* Record that 'field' breaks the rule 'msg_key'; returns KZ_EINVAL. */
enum kz_err kz_problems_add(struct kz_problems *p, const char *field,
                            const char *msg_key);
/* Like kz_problems_add, with the field name built from "prefix[index].sub". */
enum kz_err kz_problems_add_at(struct kz_problems *p, const char *prefix,
                               size_t index, const char *sub,
                               const char *msg_key);
/* Like kz_problems_add, with what the value measured ('count' >= 0), so
 * that the message can say by how much it is off. */
enum kz_err kz_problems_add_count(struct kz_problems *p, const char *field,
                                  const char *msg_key, long long count);
/* The message of 'pr' in 'lang' into buf[n] (returns buf): the text of
 * its key, followed by its count when it has one ("… (it has 253)"). */
const char *kz_problem_text(const struct kz_problem *pr, enum lang lang,
                            char *buf, size_t n);
/* The first problem for 'field', or NULL. */
const struct kz_problem *kz_problems_find(const struct kz_problems *p,
                                          const char *field);

#endif
