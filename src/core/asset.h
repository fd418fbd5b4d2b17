/* SPDX-License-Identifier: MIT */
/*
 * asset.h - the information-asset inventory (SPEC C5): what the
 * organisation runs, how much it matters (priority 1 highest .. 4), who may
 * decide to stop it (停止判断者), who runs it for us (委託先), the vendor's
 * share of responsibility and how to reach the vendor in an emergency.
 * Incidents name affected assets in their 'assets' list; a name that is
 * in the inventory links the two.
 */
#ifndef KZ_CORE_ASSET_H
#define KZ_CORE_ASSET_H

#include <stdint.h>

#include "util/err.h"
#include "util/timefmt.h"

struct asset {
    int64_t id;
    char *name;          /* unique */
    char *kind;          /* taxonomy asset_kind */
    char *owner;         /* person or department responsible */
    int priority;        /* 1 (e.g. customer database) .. 4 */
    char *stop_decider;  /* 停止判断者: who may decide to stop it */
    char *outsourced_to; /* 委託先, or NULL */
    char *vendor_responsibility; /* the contract's split of duties */
    char *vendor_contact;        /* emergency contact at the vendor */
    char *notes;
    int64_t version;
    kz_time created_at;
    kz_time updated_at;
};

void asset_init(struct asset *a);
void asset_cleanup(struct asset *a);
void asset_copy(struct asset *dst, const struct asset *src);
/* Check every rule; problems name the fields. */
enum kz_err asset_validate(const struct asset *a, struct kz_problems *p);

#endif
