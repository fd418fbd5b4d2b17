/* SPDX-License-Identifier: MIT */
/*
 * asset.c - inventory records and their rules (see asset.h).
 */
#include "core/asset.h"

#include <string.h>

#include "core/taxonomy.h"
#include "core/textcheck.h"
#include "util/mem.h"

void asset_init(struct asset *a)
{
    memset(a, 0, sizeof(*a));
    a->priority = 3;
    a->created_at = KZ_TIME_NONE;
    a->updated_at = KZ_TIME_NONE;
}

void asset_cleanup(struct asset *a)
{
    xfree(a->name);
    xfree(a->kind);
    xfree(a->owner);
    xfree(a->stop_decider);
    xfree(a->outsourced_to);
    xfree(a->vendor_responsibility);
    xfree(a->vendor_contact);
    xfree(a->notes);
    asset_init(a);
}

void asset_copy(struct asset *dst, const struct asset *src)
{
    asset_cleanup(dst);
    *dst = *src;
    dst->name = xstrdup(src->name);
    dst->kind = xstrdup(src->kind);
    dst->owner = xstrdup(src->owner);
    dst->stop_decider = xstrdup(src->stop_decider);
    dst->outsourced_to = xstrdup(src->outsourced_to);
    dst->vendor_responsibility = xstrdup(src->vendor_responsibility);
    dst->vendor_contact = xstrdup(src->vendor_contact);
    dst->notes = xstrdup(src->notes);
}

enum kz_err asset_validate(const struct asset *a, struct kz_problems *p)
{
    size_t before = p->n;

    textcheck(p, "name", a->name, TEXT_NAME, true);
    if (a->kind != NULL && !taxonomy_has(&taxonomy_asset_kind, a->kind))
        kz_problems_add(p, "kind", "v.unknown_key");
    textcheck(p, "owner", a->owner, TEXT_NAME, false);
    if (a->priority < 1 || a->priority > 4)
        kz_problems_add(p, "priority", "v.priority");
    textcheck(p, "stop_decider", a->stop_decider, TEXT_NAME, false);
    textcheck(p, "outsourced_to", a->outsourced_to, TEXT_NAME, false);
    textcheck(p, "vendor_responsibility", a->vendor_responsibility, TEXT_LONG,
              false);
    textcheck(p, "vendor_contact", a->vendor_contact, TEXT_LONG, false);
    textcheck(p, "notes", a->notes, TEXT_LONG, false);
    return p->n > before ? KZ_EINVAL : KZ_OK;
}
