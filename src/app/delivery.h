/* SPDX-License-Identifier: MIT */
/*
 * delivery.h - bookkeeping of message delivery from the outbox: what is
 * due, and what an attempt's outcome means (sent, retry later with a
 * growing delay, or give up and say so in the incident's chronology).
 */
#ifndef KZ_APP_DELIVERY_H
#define KZ_APP_DELIVERY_H

#include <stdbool.h>

#include "store/store.h"

/* Retries back off from a minute to an hour; a message still not
 * delivered a day after it was queued is given up. */
#define DELIVERY_GIVE_UP_SECONDS (24 * 3600)

/*
 * How long a server's claim on the messages it takes holds them (issue 11
 * item 3).  A claimed message waits in the server's queue behind at most
 * 36 others with 4 senders, each send given up after 15 s (notifier.c,
 * send.h): about 2 1/2 minutes at worst; a claim outlives that with room
 * to spare, and a crashed server's messages go again 5 minutes later.
 * Servers' clocks are kept within a minute of each other (NTP).
 */
#define DELIVERY_LEASE_SECONDS 300

/* The delay before attempt number 'attempts' + 1. */
kz_time delivery_backoff(int attempts);

/* Record the outcome of an attempt to send 'm' at 'now' ('why' explains a
 * failure), in its own transaction, and end m's claim; KZ_ENOTFOUND when
 * the claim m->claimed_by was taken over by another server (whose record
 * counts) or the message was recorded as sent already. */
enum kz_err app_delivery_record(struct store *s, const struct outbox_msg *m,
                                bool sent, const char *why,
                                kz_time now) KZ_MUST_CHECK;

/* Claim for server 'owner' at most 'limit' messages due at 'now', for
 * DELIVERY_LEASE_SECONDS, in its own transaction (OUT: *out, the
 * caller's; each message's claimed_by is 'owner'). */
enum kz_err app_delivery_claim(struct store *s, const char *owner, kz_time now,
                               int limit,
                               struct outbox_list *out) KZ_MUST_CHECK;
/* Hand back every claim of server 'owner' not recorded yet, in its own
 * transaction (a stopping server). */
enum kz_err app_delivery_release(struct store *s,
                                 const char *owner) KZ_MUST_CHECK;

#endif
