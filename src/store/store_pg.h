/* SPDX-License-Identifier: MIT */
/*
 * store_pg.h - opening the store on PostgreSQL (store_pg.c).  Only
 * store.c includes this.
 */
#ifndef KZ_STORE_STORE_PG_H
#define KZ_STORE_STORE_PG_H

#include "store/store_int.h"

/*
 * Open the store on the PostgreSQL database 'uri' names (db_pg_open())
 * and bring its schema to the newest migration.  STORE_OPEN_EXISTING
 * refuses a database that `kizuki init` has not prepared (KZ_ENOTFOUND);
 * another application's database or a newer kizuki schema: KZ_ESCHEMA,
 * nothing written; an unreachable server: KZ_EBUSY.
 * OUT: *out, closed with store_close().
 */
enum kz_err store_pg_open(const char *uri, enum store_open_mode mode,
                          struct store **out);

#endif
