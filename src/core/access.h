/* SPDX-License-Identifier: MIT */
/*
 * access.h - who may do what (SPEC C15).  One function decides every
 * access, so every endpoint and command asks the same question:
 * access_check(actor, action, incident).
 *
 * Need-to-know: a restricted incident exists only for its members and for
 * administrators; to everyone else it answers ACCESS_HIDDEN, which the
 * edges turn into "not found", never "forbidden".
 */
#ifndef KZ_CORE_ACCESS_H
#define KZ_CORE_ACCESS_H

#include <stdbool.h>

#include "core/account.h"
#include "core/incident.h"

enum action {
    ACT_INCIDENT_CREATE,
    ACT_INCIDENT_LIST,
    ACT_INCIDENT_READ,     /* the record and its chronology */
    ACT_INCIDENT_UPDATE,   /* change fields */
    ACT_INCIDENT_RESTRICT, /* change 'restricted' or 'members' */
    ACT_INCIDENT_MOVE,
    ACT_INCIDENT_NOTE,
    ACT_INCIDENT_RESPOND, /* filings, disclosures, aftercare, costs */
    ACT_AUDIT_READ,
    ACT_VERIFY,
    ACT_USER_MANAGE,
    ACT_USER_DIRECTORY, /* see account names and roles: owners, members */
    ACT_TOKEN_OWN,      /* create and revoke one's own API tokens */
    ACT_CONFIG_READ,    /* assets, contacts, convocation rules, playbooks */
    ACT_CONFIG_MANAGE,  /* change them */
    ACT_SETTINGS,       /* mail server and other settings */
    ACT_TAXONOMY_READ,
    ACT_ALERT_INGEST, /* post alerts (detection tools, people) */
    ACT_ALERT_READ,   /* the alert queue */
    ACT_ALERT_TRIAGE, /* change an alert's status, promote it */
    ACT_COUNT
};

enum access {
    ACCESS_ALLOW,
    ACCESS_DENY,  /* may see it, may not do it: 403 */
    ACCESS_HIDDEN /* may not even know it exists: 404 */
};

struct actor {
    const char *name;
    enum role role;
};

/* Which incidents a listing may show to 'a'. */
struct access_view {
    bool sees_restricted; /* every restricted incident, member or not */
    bool own_only;        /* only incidents 'a' filed */
};

/* Decide whether 'a' may do 'act'; 'inc' is the incident concerned, or
 * NULL for actions on no particular incident. */
enum access access_check(const struct actor *a, enum action act,
                         const struct incident *inc);
/* The listing rules for 'a'. */
struct access_view access_view(const struct actor *a);
/* True when 'a' may see 'inc' at all. */
bool access_can_see(const struct actor *a, const struct incident *inc);
/* Whether 'a' may see the receipt of 'inc' — what was reported, when,
 * and the phase it is in: whoever may see the incident, and the account
 * that filed it even once the incident is restricted without them, so a
 * reporter keeps sight of their report.  ACCESS_HIDDEN otherwise. */
enum access access_check_receipt(const struct actor *a,
                                 const struct incident *inc);
/* True when 'r' may use only the one route made for it: the ingest role's
 * token posts alerts and is refused (403) everywhere else, whatever that
 * route's own checks would say, so a leaked tool token reads nothing. */
bool access_role_is_confined(enum role r);
/* The key of 'act' ("incident.read"), for tests and the audit log. */
const char *access_action_key(enum action act);

#endif
