/* SPDX-License-Identifier: MIT */
/*
 * cause.h - the cause class of an incident (SPEC §5 "cause class, derived
 * from category").  Its own module because both the severity score
 * (triage) and the reporting duties (obligation) read it, and neither of
 * those may depend on the other for it.
 */
#ifndef KZ_CORE_CAUSE_H
#define KZ_CORE_CAUSE_H

#include "core/incident.h"

/* The cause class a category implies: a taxonomy_cause key; "unknown"
 * for NULL or an unknown category. */
const char *cause_of_category(const char *category);
/* The cause class of 'inc': its own when a person set one, else what
 * its category implies. */
const char *cause_of(const struct incident *inc);

#endif
