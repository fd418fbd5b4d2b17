/* SPDX-License-Identifier: MIT */
/*
 * send.h - delivering one message: a chat webhook (JSON POST) or an
 * e-mail through an SMTP server.  The only module that knows libcurl.
 * A hostile or slow endpoint costs at most the timeouts below.
 */
#ifndef KZ_NOTIFY_SEND_H
#define KZ_NOTIFY_SEND_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

#define SEND_CONNECT_TIMEOUT 5 /* seconds */
#define SEND_TIMEOUT 15        /* seconds for the whole exchange */

struct smtp_config {
    const char *url; /* smtp://host:port or smtps://host:port; "" unset */
    const char *from;
    const char *username; /* "" for none */
    const char *password;
};

/* Initialise libcurl once per process (before threads). */
void send_global_init(void);
void send_global_cleanup(void);

/*
 * Deliver 'm'.  Returns true when the receiver accepted it; otherwise
 * 'why' (OUT: n bytes) says what went wrong, without the target address
 * (a webhook URL carries its own secret).
 */
bool send_message(const struct outbox_msg *m, const struct smtp_config *smtp,
                  char *why, size_t n);

#endif
