/* SPDX-License-Identifier: MIT */
/*
 * notifier.h - the delivery threads of the server: send what the outbox
 * holds as soon as a commit may have queued something (and every second
 * anyway, for retries), several messages at once so that a slow receiver
 * delays only its own, and escalate unacknowledged summonses.
 */
#ifndef KZ_NOTIFY_NOTIFIER_H
#define KZ_NOTIFY_NOTIFIER_H

#include "app/writer.h"

struct notifier;

/* Start delivering from 'db'; writes go through 'writer' (OUT: *out). */
enum kz_err notifier_start(const char *db, struct writer *writer,
                           struct notifier **out) KZ_MUST_CHECK;
/* Look at the outbox now (cheap; called after commits). */
void notifier_kick(struct notifier *n);
/* Stop after the messages in hand; what is left stays queued. */
void notifier_stop(struct notifier *n);

#endif
