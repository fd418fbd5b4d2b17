/* SPDX-License-Identifier: MIT */
/*
 * throttle.h - growing delays after failed sign-ins, per account name and
 * per client address, kept in memory by the server.
 */
#ifndef KZ_HTTP_THROTTLE_H
#define KZ_HTTP_THROTTLE_H

#include "util/timefmt.h"

struct throttle;

struct throttle *throttle_new(void);
void throttle_free(struct throttle *t);
/*
 * Reserve one password check for 'name' from 'addr' (0), or the seconds
 * to wait before one may be made (nothing reserved).  Checks already in
 * progress count as failures-to-be: when the limits would not allow one
 * more should they all fail, this waits until they are settled.  Counted
 * only after the check, requests in flight together all got through; so
 * no number of parallel requests gets more password checks than the
 * limits allow.  Settle every reservation with exactly one of
 * throttle_fail, throttle_succeed or throttle_release.
 */
long throttle_reserve(struct throttle *t, const char *name, const char *addr,
                      kz_time now);
/* The reserved check failed: count a failure of 'name' and of 'addr'. */
void throttle_fail(struct throttle *t, const char *name, const char *addr,
                   kz_time now);
/* The reserved check succeeded: forget the failures of 'name'. */
void throttle_succeed(struct throttle *t, const char *name, const char *addr);
/* The reserved check could not be made or finished (a store error): it
 * counts as nothing. */
void throttle_release(struct throttle *t, const char *name, const char *addr);

#endif
