/* SPDX-License-Identifier: MIT */
/*
 * observable.h - observables (indicators) of an incident: their types,
 * the parsing, validation and normalisation of one value, and the
 * extraction of candidates from pasted text (SPEC C6, issue 10 item 2).
 *
 * Two observables are the same when their type and normalised value are
 * equal: that is what links incidents to each other, so every value is
 * normalised here, once, whoever submits it (API, CLI, alert intake).
 * Defanged input ("hxxps://evil[.]example") is accepted and refanged.
 * Pure: no I/O; libidn2 converts internationalised domain names.
 */
#ifndef KZ_CORE_OBSERVABLE_H
#define KZ_CORE_OBSERVABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/incident.h"
#include "util/err.h"
#include "util/timefmt.h"

enum obs_type {
    OBS_IPV4,
    OBS_IPV6,
    OBS_CIDR,
    OBS_DOMAIN,
    OBS_URL,
    OBS_EMAIL,
    OBS_MD5,
    OBS_SHA1,
    OBS_SHA256,
    OBS_FILENAME,
    OBS_ACCOUNT,
    OBS_PHONE,
    OBS_OTHER,
    OBS_TYPE_COUNT
};

/* The longest value accepted, in bytes, as submitted and normalised. */
#define OBS_VALUE_MAX 2048

struct observable {
    int64_t id;
    int64_t incident_id;
    enum obs_type type;
    char *value;   /* normalised: what is compared across incidents */
    char *display; /* as shown to people (Unicode domain, phone as typed) */
    enum tlp tlp;  /* default TLP_AMBER */
    bool ioc;      /* an indicator of compromise, not merely seen */
    bool sighted;  /* seen in our own environment */
    char *note;    /* NULL: none */
    kz_time created_at;
    char *created_by;
    int seen_in; /* filled by reads: other visible incidents with it */
};

/* One observable as submitted (an API body, CLI options, an alert).
 * Borrowed strings; nothing here is freed. */
struct obs_input {
    const char *type;  /* a key of obs_type_key */
    const char *value; /* as written; normalised by core/observable.c */
    const char *tlp;   /* TLP 2.0 key; NULL: amber */
    bool ioc;
    bool sighted;
    const char *note; /* NULL or "": none */
};

/* The key of 't' ("ipv4"). */
const char *obs_type_key(enum obs_type t);
/* The type called 'key'; false when there is none. */
bool obs_type_from_key(const char *key, enum obs_type *out);

void observable_init(struct observable *o);
void observable_cleanup(struct observable *o);
/* Copy 'src' into 'dst' (initialised; its old contents freed). */
void observable_copy(struct observable *dst, const struct observable *src);

/*
 * Refang 'in' (OUT: caller frees): "hxxp"/"hxxps" at the start of a
 * scheme back to "http"/"https", "[.]", "(.)", "{.}" and "[dot]" to ".",
 * "[@]", "(@)" and "[at]" to "@", "[:]" to ":" and "[/]" to "/",
 * repeated until nothing changes.
 */
char *obs_refang(const char *in);

/*
 * Parse, validate and normalise 'in' as a value of type 't'.  On KZ_OK
 * *value and *display (OUT: caller frees both) are the normalised value
 * and the form shown to people (equal to *value when there is no other).
 * KZ_EINVAL with *why_key (static catalogue key, "obs.bad_ipv4", …, or
 * "obs.too_long", "obs.empty") when it does not parse; nothing is
 * allocated then.
 */
enum kz_err obs_normalise(enum obs_type t, const char *in, char **value,
                          char **display, const char **why_key) KZ_MUST_CHECK;

/* A value found in pasted text, for a person to confirm. */
struct obs_candidate {
    enum obs_type type;
    char *value;
    char *display;
};

struct obs_candidate_list {
    struct obs_candidate *items;
    size_t n;
};

/* At most this many candidates are returned from one text. */
#define OBS_EXTRACT_MAX 500

void obs_candidate_list_cleanup(struct obs_candidate_list *l);

/*
 * The observables found in 'text' (a mail header block, a log excerpt,
 * a report), in order of first appearance, each (type, value) once, at
 * most OBS_EXTRACT_MAX (OUT: *out, cleaned up by the caller).  A leading
 * block of mail headers gives only what identifies the sender: the IP
 * addresses of Received, X-Originating-IP and X-Sender-IP, the addresses
 * and domains of From, Sender, Reply-To and Return-Path, and the domain
 * of Message-ID; the rest of the text gives URLs (and their hosts),
 * e-mail addresses (and their domains), IP addresses, hashes, domains
 * and file names with a well-known executable or document extension.
 */
void obs_extract(const char *text, struct obs_candidate_list *out);

#endif
