/* SPDX-License-Identifier: MIT */
/*
 * account_json.h - what the audit log records of a change to an account,
 * as the JSON text of its detail.
 */
#ifndef KZ_JSON_ACCOUNT_JSON_H
#define KZ_JSON_ACCOUNT_JSON_H

#include <stdbool.h>

#include "core/account.h"

/*
 * The detail of "user.update" (OUT: caller frees): {"disabled","profile",
 * "role"} with sorted keys, each only when changed ('role', 'disabled',
 * 'profile' NULL when not).  The profile is named by the members given,
 * never their values: the log is kept for ever and read by auditors.
 */
char *account_update_detail(const enum role *role, const bool *disabled,
                            const struct account_profile *profile);

#endif
