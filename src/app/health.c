/* SPDX-License-Identifier: MIT */
/*
 * health.c - the store's state as the health check reports it (see
 * health.h), so that handlers reach the store through use cases only.
 */
#include "app/health.h"

int app_schema_version(struct store *s)
{
    return store_schema_version(s);
}
