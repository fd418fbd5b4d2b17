/* SPDX-License-Identifier: MIT */
/*
 * deadlines.h - every reporting duty still to do across incidents (SPEC
 * C8): `kizuki deadlines` and GET /api/v1/deadlines.
 */
#ifndef KZ_APP_DEADLINES_H
#define KZ_APP_DEADLINES_H

#include "app/app.h"
#include "core/obligation.h"
#include "store/store.h"

/* Every duty still to do of the open incidents ctx may see, undecided
 * ones included, the soonest first and those without a due time last
 * (OUT: 'out', zeroed by the caller, who cleans it up with
 * open_duty_list_cleanup in every case). */
enum kz_err app_deadlines(struct store *s, const struct app_ctx *ctx,
                          struct open_duty_list *out) KZ_MUST_CHECK;

#endif
