/* SPDX-License-Identifier: MIT */
/*
 * throttle.h - growing delays after failed sign-ins, per account name and
 * per client address: counted in the server's memory, or in the database
 * when several servers share it (PostgreSQL), so that the limits hold
 * whichever server a request reaches (throttle.c says why both).
 */
#ifndef KZ_APP_THROTTLE_H
#define KZ_APP_THROTTLE_H

#include <stdbool.h>

#include "store/store.h"
#include "util/err.h"
#include "util/timefmt.h"

struct throttle;

/* A throttle counting in memory, or with 'shared' in the store that each
 * call is given (OUT: free with throttle_free). */
struct throttle *throttle_new(bool shared);
void throttle_free(struct throttle *t);
/*
 * Reserve one password check for 'name' from 'addr' (*wait = 0), or say
 * in *wait the seconds to wait before one may be made (nothing
 * reserved).  Checks already in progress count as failures-to-be: when
 * the limits would not allow one more should they all fail, this waits
 * until they are settled.  Counted only after the check, requests in
 * flight together all got through; so no number of parallel requests
 * gets more password checks than the limits allow — with a shared
 * throttle, on all the servers together.  's' is the caller's store
 * connection, outside any transaction (unused in memory).  A store error
 * as it comes (nothing reserved).  Settle every reservation with exactly
 * one of throttle_fail, throttle_succeed or throttle_release.
 */
enum kz_err throttle_reserve(struct throttle *t, struct store *s,
                             const char *name, const char *addr, kz_time now,
                             long *wait) KZ_MUST_CHECK;
/* The reserved check failed: count a failure of 'name' and of 'addr'. */
void throttle_fail(struct throttle *t, struct store *s, const char *name,
                   const char *addr, kz_time now);
/* The reserved check succeeded: forget the failures of 'name'. */
void throttle_succeed(struct throttle *t, struct store *s, const char *name,
                      const char *addr, kz_time now);
/* The reserved check could not be made or finished (a store error): it
 * counts as nothing. */
void throttle_release(struct throttle *t, struct store *s, const char *name,
                      const char *addr, kz_time now);

#endif
