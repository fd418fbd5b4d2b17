/* SPDX-License-Identifier: MIT */
/*
 * settle.h - settle everything that keeps an incident from review or
 * closing (core/closing.h), as a person would before closing a case:
 * every open reporting duty marked not required with a reason, every
 * open task done.
 */
#ifndef KZ_TEST_SETTLE_H
#define KZ_TEST_SETTLE_H

#include "app/app.h"
#include "store/store.h"

/* Settle incident 'ref' as ctx's actor; fails the test when it cannot. */
void settle_incident(struct store *s, const struct app_ctx *ctx,
                     const char *ref);

#endif
