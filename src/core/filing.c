/* SPDX-License-Identifier: MIT */
/*
 * filing.c - the record of what was done about a duty (see filing.h).
 */
#include "core/filing.h"

#include <string.h>

#include "util/mem.h"

void filing_init(struct filing *f)
{
    memset(f, 0, sizeof(*f));
    f->filed_at = KZ_TIME_NONE;
}

void filing_cleanup(struct filing *f)
{
    xfree(f->key);
    xfree(f->status);
    xfree(f->reference);
    xfree(f->reason);
    filing_init(f);
}

bool filing_status_is_known(const char *status)
{
    return status != NULL && (strcmp(status, "filed") == 0 ||
                              strcmp(status, "not_applicable") == 0 ||
                              strcmp(status, "pending") == 0);
}

bool filing_as_obligation(const struct filing *f, struct obligation_filing *out)
{
    /* Only "pending" undoes; any other status a stored document has ever
     * had marks the duty as settled, as it always has. */
    if (f->status == NULL || strcmp(f->status, "pending") == 0)
        return false;
    out->key = f->key;
    out->not_applicable = strcmp(f->status, "not_applicable") == 0;
    out->filed_at = f->filed_at;
    out->reference = f->reference;
    out->reason = f->reason;
    return true;
}
