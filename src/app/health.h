/* SPDX-License-Identifier: MIT */
/*
 * health.h - what GET /healthz reports of the store.
 */
#ifndef KZ_APP_HEALTH_H
#define KZ_APP_HEALTH_H

#include "store/store.h"

/* The schema version 's' is at (the number of its newest migration). */
int app_schema_version(struct store *s);

#endif
