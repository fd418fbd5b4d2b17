/* SPDX-License-Identifier: MIT */
/*
 * access.c - the access rules as one table (see access.h).  Tested
 * role x action x restricted/member/own by tests/unit/core/test_access.c.
 * The ingest role (I) appears only on posting alerts.
 */
#include "core/access.h"

#include <string.h>

/* R reporter, H handler, C commander, M communicator, A auditor, D admin. */
#define R (1u << ROLE_REPORTER)
#define H (1u << ROLE_HANDLER)
#define C (1u << ROLE_COMMANDER)
#define M (1u << ROLE_COMMUNICATOR)
#define A (1u << ROLE_AUDITOR)
#define D (1u << ROLE_ADMIN)
#define I (1u << ROLE_INGEST)

static const struct {
    const char *key;
    unsigned roles; /* who may, once they can see the incident */
} rules[ACT_COUNT] = {
    /* Auditors change nothing, so they do not file reports either. */
    [ACT_INCIDENT_CREATE] = {"incident.create", R | H | C | M | D},
    [ACT_INCIDENT_LIST] = {"incident.list", R | H | C | M | A | D},
    [ACT_INCIDENT_READ] = {"incident.read", R | H | C | M | A | D},
    [ACT_INCIDENT_UPDATE] = {"incident.update", H | C | D},
    /* Who is on the need-to-know list is the commander's call. */
    [ACT_INCIDENT_RESTRICT] = {"incident.restrict", C | D},
    [ACT_INCIDENT_MOVE] = {"incident.move", H | C | D},
    /* A reporter may add what they learn later to their own report. */
    [ACT_INCIDENT_NOTE] = {"incident.note", R | H | C | M | D},
    /* PR and legal record what was filed, said and done for people. */
    [ACT_INCIDENT_RESPOND] = {"incident.respond", H | C | M | D},
    [ACT_AUDIT_READ] = {"audit.read", A | D},
    [ACT_VERIFY] = {"verify", A | D},
    [ACT_USER_MANAGE] = {"user.manage", D},
    /* Those who assign owners and members need to know who exists. */
    [ACT_USER_DIRECTORY] = {"user.directory", H | C | M | D},
    [ACT_TOKEN_OWN] = {"token.own", R | H | C | M | A | D},
    [ACT_TAXONOMY_READ] = {"taxonomy.read", R | H | C | M | A | D},
    [ACT_CONFIG_READ] = {"config.read", H | C | M | A | D},
    /* Who is summoned and what is done first is agreed in advance by
     * those who lead the response. */
    [ACT_CONFIG_MANAGE] = {"config.manage", C | D},
    [ACT_SETTINGS] = {"settings", D},
    /* Tools post alerts; a handler may type one in too. */
    [ACT_ALERT_INGEST] = {"alert.ingest", I | H | C | D},
    /* The queue is triage work; auditors may look at it. */
    [ACT_ALERT_READ] = {"alert.read", H | C | A | D},
    [ACT_ALERT_TRIAGE] = {"alert.triage", H | C | D},
};

bool access_can_see(const struct actor *a, const struct incident *inc)
{
    if (inc == NULL)
        return true;
    if (inc->restricted && a->role != ROLE_ADMIN &&
        !strv_contains(&inc->members, a->name))
        return false;
    /* Reporters see only what they reported themselves. */
    if (a->role == ROLE_REPORTER &&
        (inc->created_by == NULL || strcmp(inc->created_by, a->name) != 0))
        return false;
    return true;
}

enum access access_check(const struct actor *a, enum action act,
                         const struct incident *inc)
{
    if (a == NULL || a->name == NULL || (unsigned)act >= ACT_COUNT ||
        (unsigned)a->role >= ROLE_COUNT)
        return ACCESS_DENY;
    if (!access_can_see(a, inc))
        return ACCESS_HIDDEN;
    return (rules[act].roles & (1u << a->role)) ? ACCESS_ALLOW : ACCESS_DENY;
}

enum access access_check_receipt(const struct actor *a,
                                 const struct incident *inc)
{
    if (a == NULL || a->name == NULL || inc == NULL)
        return ACCESS_HIDDEN;
    if (access_can_see(a, inc))
        return ACCESS_ALLOW;
    if (inc->created_by != NULL && strcmp(inc->created_by, a->name) == 0)
        return ACCESS_ALLOW;
    return ACCESS_HIDDEN;
}

struct access_view access_view(const struct actor *a)
{
    struct access_view v = {false, false};

    if (a != NULL) {
        v.sees_restricted = a->role == ROLE_ADMIN;
        v.own_only = a->role == ROLE_REPORTER;
    }
    return v;
}

bool access_role_is_confined(enum role r)
{
    return r == ROLE_INGEST;
}

const char *access_action_key(enum action act)
{
    if ((unsigned)act >= ACT_COUNT)
        return "unknown";
    return rules[act].key;
}
