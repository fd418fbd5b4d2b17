/* SPDX-License-Identifier: MIT */
/*
 * filing.h - what a person records about one reporting duty (SPEC C8):
 * it was filed (when, under which reference), it was judged not to apply
 * (why), or the record is undone ("pending").  The request of the API and
 * the CLI and the stored document are both this record; core/obligation.h
 * reads it as a struct obligation_filing.
 */
#ifndef KZ_CORE_FILING_H
#define KZ_CORE_FILING_H

#include <stdbool.h>

#include "core/obligation.h"
#include "util/timefmt.h"

struct filing {
    char *key;        /* the duty; the path names it in a request */
    char *status;     /* "filed", "not_applicable" or "pending"; NULL when
                         missing or not a string */
    kz_time filed_at; /* KZ_TIME_NONE: absent or null */
    char *reference;  /* or NULL */
    char *reason;     /* or NULL */
};

void filing_init(struct filing *f);
/* Frees what 'f' owns and re-initialises it. */
void filing_cleanup(struct filing *f);
/* True when 'status' is one a filing may have. */
bool filing_status_is_known(const char *status);
/* 'f' as obligations_evaluate reads it (borrows f's strings); false for
 * a pending record or one without a status, which marks nothing. */
bool filing_as_obligation(const struct filing *f,
                          struct obligation_filing *out);

#endif
