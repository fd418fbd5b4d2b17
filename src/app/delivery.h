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

/* The delay before attempt number 'attempts' + 1. */
kz_time delivery_backoff(int attempts);

/* Record the outcome of an attempt to send 'm' at 'now' ('why' explains a
 * failure), in its own transaction. */
enum kz_err app_delivery_record(struct store *s, const struct outbox_msg *m,
                                bool sent, const char *why,
                                kz_time now) KZ_MUST_CHECK;

#endif
