/* SPDX-License-Identifier: MIT */
/*
 * delivery.c - outcomes of delivery attempts (see delivery.h).
 */
#include "app/delivery.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/chronicle.h"
#include "json/chron_args.h"
#include "util/mem.h"

kz_time delivery_backoff(int attempts)
{
    kz_time d = 60;

    for (int i = 1; i < attempts && d < 3600; i++)
        d *= 2;
    return d > 3600 ? 3600 : d;
}

/* Say in the chronology that a summons could not be delivered. */
static enum kz_err report_failure(struct store *s, const struct outbox_msg *m,
                                  kz_time now)
{
    struct summons x;
    struct incident inc;
    enum kz_err err;

    if (m->summons_id <= 0)
        return KZ_OK;
    summons_init(&x);
    incident_init(&inc);
    err = store_summons_get(s, m->summons_id, &x);
    if (err == KZ_OK)
        err = store_incident_get(s, x.ref, &inc);
    /* Not the error: it says how a receiver answered (whether a port on
     * the server's network is open), and everyone who may read the
     * incident reads its chronology.  Administrators find it on the
     * summons (GET .../summons). */
    if (err == KZ_OK) {
        const struct chron_arg args[] = {CHRON_STR(
            "channel", strcmp(m->channel, "email") == 0 ? "email" : "chat")};
        char *body = chron_args_body("chron.delivery_failed", args, 1);
        err = app_chron_append(s, &inc, NULL, ENTRY_CONTACT, CHRONICLE_SYSTEM,
                               now, body, NULL);
    }
    if (err == KZ_OK) {
        struct app_ctx sys = {
            {CHRONICLE_SYSTEM, ROLE_ADMIN}, "kizuki", now, NULL};
        char detail[64];
        snprintf(detail, sizeof(detail), "{\"message\":%lld}",
                 (long long)m->id);
        err = app_audit(s, &sys, "delivery.failed", inc.ref, detail);
    }
    incident_cleanup(&inc);
    summons_cleanup(&x);
    return err;
}

enum kz_err app_delivery_record(struct store *s, const struct outbox_msg *m,
                                bool sent, const char *why, kz_time now)
{
    struct outbox_msg u = *m;
    bool give_up = false;
    enum kz_err err;

    u.attempts = m->attempts + 1;
    u.last_error = NULL;
    if (sent) {
        u.status = OUTBOX_SENT;
        u.sent_at = now;
    } else if (now - m->created_at >= DELIVERY_GIVE_UP_SECONDS) {
        u.status = OUTBOX_FAILED;
        give_up = true;
    } else {
        u.status = OUTBOX_PENDING;
        u.next_attempt_at = now + delivery_backoff(u.attempts);
    }
    if (!sent && why != NULL)
        u.last_error = xstrdup(why); /* freed below */
    err = store_begin(s);
    if (err == KZ_OK) {
        err = store_outbox_update(s, &u);
        if (err == KZ_OK && give_up)
            err = report_failure(s, m, now);
        err = store_end(s, err);
    }
    xfree(u.last_error);
    return err;
}

enum kz_err app_delivery_claim(struct store *s, const char *owner, kz_time now,
                               int limit, struct outbox_list *out)
{
    enum kz_err err = store_begin(s);

    out->items = NULL;
    out->n = 0;
    if (err != KZ_OK)
        return err;
    err = store_outbox_claim(s, owner, now, now + DELIVERY_LEASE_SECONDS, limit,
                             out);
    err = store_end(s, err);
    if (err != KZ_OK)
        outbox_list_cleanup(out);
    return err;
}

enum kz_err app_delivery_release(struct store *s, const char *owner)
{
    enum kz_err err = store_begin(s);

    if (err != KZ_OK)
        return err;
    return store_end(s, store_outbox_release(s, owner));
}
