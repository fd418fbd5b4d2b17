/* SPDX-License-Identifier: MIT */
/*
 * saved_filters.h - the use cases of a person's saved list filters
 * (issue 10 item 7): list, save, change, delete.  Each person sees and
 * changes only their own: another's filter is "not found".  The query is
 * checked by the list's own rules (app/list_query.h) and kept in its
 * canonical form.  Changes are audited, each in one transaction.
 */
#ifndef KZ_APP_SAVED_FILTERS_H
#define KZ_APP_SAVED_FILTERS_H

#include "app/app.h"
#include "json/filter_json.h"
#include "store/store.h"

/* The most filters one person keeps. */
#define SAVED_FILTERS_MAX 100

/* The actor's filters, by name (OUT: saved_filter_list_cleanup). */
enum kz_err app_filter_list(struct store *s, const struct app_ctx *ctx,
                            struct saved_filter_list *out) KZ_MUST_CHECK;

/*
 * Save name, query and default? of 'in' for the actor (OUT: 'out', which
 * the caller has saved_filter_init'ed).  KZ_EINVAL with problems for a bad
 * name or query, or when 'p' already holds the problems of reading the
 * request (which are answered with these); KZ_ECONFLICT when the actor
 * has a filter of that name.  A default mark takes it from the actor's
 * other filter.
 */
enum kz_err app_filter_create(struct store *s, const struct app_ctx *ctx,
                              const struct filter_input *in,
                              struct saved_filter *out,
                              struct kz_problems *p) KZ_MUST_CHECK;

/* Change what 'in' gives of name, query and default of the actor's
 * filter 'id' (OUT: 'out', as it is now); errors as for create,
 * KZ_ENOTFOUND when the actor has no filter 'id'. */
enum kz_err app_filter_update(struct store *s, const struct app_ctx *ctx,
                              int64_t id, const struct filter_input *in,
                              struct saved_filter *out,
                              struct kz_problems *p) KZ_MUST_CHECK;

/* Delete the actor's filter 'id'; KZ_ENOTFOUND when there is none. */
enum kz_err app_filter_delete(struct store *s, const struct app_ctx *ctx,
                              int64_t id) KZ_MUST_CHECK;

#endif
