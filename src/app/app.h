/* SPDX-License-Identifier: MIT */
/*
 * app.h - who is acting, from where and when: passed to every use case so
 * that each can check access (core/access.h) and write the audit log in
 * the same transaction as its change.
 */
#ifndef KZ_APP_APP_H
#define KZ_APP_APP_H

#include "core/access.h"
#include "util/timefmt.h"

struct writer;

struct app_ctx {
    struct actor actor; /* the account acting; the CLI acts as admin */
    const char *source; /* client address, or "cli" */
    kz_time now;
    /* The server's group-commit writer, which commits what a read must
     * record (app/guard.h); NULL where the store at hand may write. */
    struct writer *writer;
};

#endif
