/* SPDX-License-Identifier: MIT */
/*
 * chronicle.c - chronology appends shared by the use cases (see
 * chronicle.h).
 */
#include "app/chronicle.h"

#include "util/mem.h"

enum kz_err app_chron_append(struct store *s, const struct incident *inc,
                             struct chron_head *head, enum entry_kind kind,
                             const char *actor, kz_time now, char *body,
                             struct chron_entry *sealed)
{
    return app_chron_append_marked(s, inc, head, kind, actor, now, body, false,
                                   sealed);
}

/* As app_chron_append; 'for_report' marks the entry for the APPI report's
 * course of events, sealed into its hash. */
enum kz_err app_chron_append_marked(struct store *s, const struct incident *inc,
                                    struct chron_head *head,
                                    enum entry_kind kind, const char *actor,
                                    kz_time now, char *body, bool for_report,
                                    struct chron_entry *sealed)
{
    struct chron_head own;
    struct chron_entry e;
    enum kz_err err = KZ_OK;

    if (head == NULL) {
        err = store_chron_head(s, inc->id, &own);
        head = &own;
    }
    chron_entry_init(&e);
    e.kind = kind;
    e.actor = xstrdup(actor);
    e.at = now;
    e.body = body;
    e.for_report = for_report;
    if (err == KZ_OK) {
        chron_seal(inc->ref, &e, head);
        err = store_chron_append(s, inc->id, &e);
    }
    if (err == KZ_OK && sealed != NULL) {
        chron_entry_cleanup(sealed);
        *sealed = e;
        return KZ_OK;
    }
    chron_entry_cleanup(&e);
    return err;
}
