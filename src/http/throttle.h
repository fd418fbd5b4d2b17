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
/* Seconds until 'name' from 'addr' may try again (0: now). */
long throttle_wait(struct throttle *t, const char *name, const char *addr,
                   kz_time now);
/* Count a failure of 'name' from 'addr'. */
void throttle_fail(struct throttle *t, const char *name, const char *addr,
                   kz_time now);
/* Forget the failures of 'name' after a success. */
void throttle_succeed(struct throttle *t, const char *name);

#endif
