/* SPDX-License-Identifier: MIT */
/*
 * test_access.c - the one access table (src/core/access.c, SPEC C15):
 * every role x every action x every kind of incident an actor can meet,
 * against a table written out by hand, so that a mistake in access.c
 * cannot also hide in the test.  Then the listing rules (access_view),
 * the action keys and what a broken call is answered.
 */
#include "support/test.h"

#include <string.h>

#include "core/access.h"
#include "core/account.h"
#include "core/incident.h"
#include "util/mem.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The actor's name in every case, and names that are close to it but
 * are not it (need-to-know compares whole names, case and all). */
#define ME "actor"
#define OTHER "other"

/* What an actor meets; each builds one incident (or none). */
enum situation {
    S_NONE,             /* an action on no incident */
    S_PLAIN_OWN,        /* not restricted, filed by the actor */
    S_PLAIN_OTHER,      /* not restricted, filed by someone else */
    S_PLAIN_NOBODY,     /* not restricted, no filer recorded */
    S_PLAIN_NAMED,      /* someone else filed it; the 'reporter' text
                           field names the actor, which grants nothing */
    S_MEMBER_OWN,       /* restricted, actor on members[], filed by actor */
    S_MEMBER_OTHER,     /* restricted, actor on members[], filed by other */
    S_NONMEMBER_OWN,    /* restricted, actor not a member, filed by actor */
    S_NONMEMBER_OTHER,  /* restricted, actor not a member, filed by other */
    S_RESTRICTED_EMPTY, /* restricted with nobody on members[] */
    S_COUNT
};

static const char *const situation_names[S_COUNT] = {
    "no incident",
    "plain, own",
    "plain, someone else's",
    "plain, no filer",
    "plain, reporter text names the actor",
    "restricted, member, own",
    "restricted, member, someone else's",
    "restricted, not a member, own",
    "restricted, not a member, someone else's",
    "restricted, no members",
};

/* Build the incident of 's' into 'inc' (initialised); false for S_NONE. */
static bool build(enum situation s, struct incident *inc)
{
    switch (s) {
    case S_NONE:
        return false;
    case S_PLAIN_OWN:
        xstrset(&inc->created_by, ME);
        break;
    case S_PLAIN_OTHER:
        xstrset(&inc->created_by, OTHER);
        break;
    case S_PLAIN_NOBODY:
        break;
    case S_PLAIN_NAMED:
        xstrset(&inc->created_by, OTHER);
        xstrset(&inc->reporter, ME);
        xstrset(&inc->owner, ME);
        break;
    case S_MEMBER_OWN:
        inc->restricted = true;
        strv_push(&inc->members, OTHER);
        strv_push(&inc->members, ME);
        xstrset(&inc->created_by, ME);
        break;
    case S_MEMBER_OTHER:
        inc->restricted = true;
        strv_push(&inc->members, ME);
        xstrset(&inc->created_by, OTHER);
        break;
    case S_NONMEMBER_OWN:
    case S_NONMEMBER_OTHER:
        inc->restricted = true;
        strv_push(&inc->members, OTHER);
        strv_push(&inc->members, ME "2");
        strv_push(&inc->members, "ACTOR");
        strv_push(&inc->members, "act");
        strv_push(&inc->members, "");
        xstrset(&inc->created_by, s == S_NONMEMBER_OWN ? ME : OTHER);
        xstrset(&inc->owner, ME);
        break;
    case S_RESTRICTED_EMPTY:
        inc->restricted = true;
        xstrset(&inc->created_by, ME);
        break;
    case S_COUNT:
        break;
    }
    return true;
}

/*
 * Who may do each action once they can see the incident, by role in enum
 * role order: R reporter, H handler, C commander, M communicator,
 * A auditor, D admin, I ingest; '-' where that role may not (403).  Keyed by
 * action, so a new action fails test_table_is_complete until its row is
 * written here.
 */
static const char *const may[ACT_COUNT] = {
    /*                          RHCMADI */
    [ACT_INCIDENT_CREATE] = "RHCM-D-",
    [ACT_INCIDENT_LIST] = "RHCMAD-",
    [ACT_INCIDENT_READ] = "RHCMAD-",
    [ACT_INCIDENT_UPDATE] = "-HC--D-",
    [ACT_INCIDENT_RESTRICT] = "--C--D-",
    [ACT_INCIDENT_MOVE] = "-HC--D-",
    [ACT_INCIDENT_NOTE] = "RHCM-D-",
    /* Filings, disclosures, aftercare and costs: those who respond and
     * those who speak for the organisation, not reporters or auditors. */
    [ACT_INCIDENT_RESPOND] = "-HCM-D-",
    [ACT_AUDIT_READ] = "----AD-",
    [ACT_VERIFY] = "----AD-",
    [ACT_USER_MANAGE] = "-----D-",
    [ACT_USER_DIRECTORY] = "-HCM-D-",
    [ACT_TOKEN_OWN] = "RHCMAD-",
    [ACT_TAXONOMY_READ] = "RHCMAD-",
    /* Assets, contacts, convocation rules, playbooks: read by all who
     * respond or audit, agreed in advance by those who lead. */
    [ACT_CONFIG_READ] = "-HCMAD-",
    [ACT_CONFIG_MANAGE] = "--C--D-",
    [ACT_SETTINGS] = "-----D-",
    /* Detection tools post alerts; the queue is triage work, which
     * auditors may read but not do. */
    [ACT_ALERT_INGEST] = "-HC--DI",
    [ACT_ALERT_READ] = "-HC-AD-",
    [ACT_ALERT_TRIAGE] = "-HC--D-",
};

/*
 * Whether each role can see the incident of each situation at all: 'V'
 * visible, 'H' hidden (every action answers 404).  Reporters see only
 * what they filed, and a restricted one of theirs only while on its list;
 * need-to-know binds every role but the administrator.
 */
static const char *const sees[ROLE_COUNT] = {
    /*                   situation: 0123456789 */
    [ROLE_REPORTER] = "VVHHHVHHHH",  [ROLE_HANDLER] = "VVVVVVVHHH",
    [ROLE_COMMANDER] = "VVVVVVVHHH", [ROLE_COMMUNICATOR] = "VVVVVVVHHH",
    [ROLE_AUDITOR] = "VVVVVVVHHH",   [ROLE_ADMIN] = "VVVVVVVVVV",
    [ROLE_INGEST] = "VVVVVVVHHH",
};

/* The expected answer: 'A' allow, 'D' deny (403), 'H' hidden (404). */
static char expected(int role, int situation, int act)
{
    if (sees[role][situation] == 'H')
        return 'H';
    /* A missing row fails test_table_is_complete by name; here it only
     * counts as a mismatch rather than crashing the run. */
    if (may[act] == NULL)
        return '?';
    return may[act][role] == '-' ? 'D' : 'A';
}

static const char *const role_names[ROLE_COUNT] = {
    "reporter", "handler", "commander", "communicator",
    "auditor",  "admin",   "ingest",
};

static const char *const action_keys[ACT_COUNT] = {
    [ACT_INCIDENT_CREATE] = "incident.create",
    [ACT_INCIDENT_LIST] = "incident.list",
    [ACT_INCIDENT_READ] = "incident.read",
    [ACT_INCIDENT_UPDATE] = "incident.update",
    [ACT_INCIDENT_RESTRICT] = "incident.restrict",
    [ACT_INCIDENT_MOVE] = "incident.move",
    [ACT_INCIDENT_NOTE] = "incident.note",
    [ACT_INCIDENT_RESPOND] = "incident.respond",
    [ACT_AUDIT_READ] = "audit.read",
    [ACT_VERIFY] = "verify",
    [ACT_USER_MANAGE] = "user.manage",
    [ACT_USER_DIRECTORY] = "user.directory",
    [ACT_TOKEN_OWN] = "token.own",
    [ACT_TAXONOMY_READ] = "taxonomy.read",
    [ACT_CONFIG_READ] = "config.read",
    [ACT_CONFIG_MANAGE] = "config.manage",
    [ACT_SETTINGS] = "settings",
    [ACT_ALERT_INGEST] = "alert.ingest",
    [ACT_ALERT_READ] = "alert.read",
    [ACT_ALERT_TRIAGE] = "alert.triage",
};

static char letter(enum access a)
{
    switch (a) {
    case ACCESS_ALLOW:
        return 'A';
    case ACCESS_DENY:
        return 'D';
    case ACCESS_HIDDEN:
        return 'H';
    }
    return '?';
}

static void test_table_is_complete(void **state)
{
    static const char roles[] = "RHCMADI";

    (void)state;
    assert_int_equal(strlen(roles), ROLE_COUNT);
    for (int act = 0; act < ACT_COUNT; act++) {
        if (may[act] == NULL || action_keys[act] == NULL)
            fail_msg("action %d (%s) has no row in test_access.c", act,
                     access_action_key((enum action)act));
        assert_int_equal(strlen(may[act]), ROLE_COUNT);
        for (int r = 0; r < ROLE_COUNT; r++)
            assert_true(may[act][r] == '-' || may[act][r] == roles[r]);
    }
    for (int r = 0; r < ROLE_COUNT; r++) {
        assert_non_null(sees[r]);
        assert_int_equal(strlen(sees[r]), S_COUNT);
    }
}

/* Every role x action x situation; all mismatches are printed before the
 * test fails, so one run shows the whole difference. */
static void test_every_role_action_situation(void **state)
{
    int failures = 0;
    int checked = 0;

    (void)state;
    for (int r = 0; r < ROLE_COUNT; r++) {
        struct actor a = {ME, (enum role)r};
        for (int s = 0; s < S_COUNT; s++) {
            struct incident inc;
            incident_init(&inc);
            const struct incident *target =
                build((enum situation)s, &inc) ? &inc : NULL;
            for (int act = 0; act < ACT_COUNT; act++) {
                char want = expected(r, s, act);
                char got = letter(access_check(&a, (enum action)act, target));
                checked++;
                if (got != want) {
                    print_error("%s, %s, %s: want %c, got %c\n", role_names[r],
                                access_action_key((enum action)act),
                                situation_names[s], want, got);
                    failures++;
                }
            }
            /* access_can_see agrees with 'hidden'. */
            bool hidden = sees[r][s] == 'H';
            if (access_can_see(&a, target) == hidden) {
                print_error("%s, %s: access_can_see is %d\n", role_names[r],
                            situation_names[s], !hidden);
                failures++;
            }
            incident_cleanup(&inc);
        }
    }
    assert_int_equal(checked, ROLE_COUNT * S_COUNT * ACT_COUNT);
    assert_int_equal(failures, 0);
}

/* Hidden wins over denied: a non-member is never told "forbidden" about a
 * restricted incident, whatever the action, so 403 cannot confirm that
 * it exists. */
static void test_hidden_before_denied(void **state)
{
    struct incident inc;

    (void)state;
    incident_init(&inc);
    build(S_NONMEMBER_OTHER, &inc);
    for (int r = 0; r < ROLE_COUNT; r++) {
        struct actor a = {ME, (enum role)r};
        for (int act = 0; act < ACT_COUNT; act++) {
            enum access got = access_check(&a, (enum action)act, &inc);
            if (r == ROLE_ADMIN)
                assert_int_equal(got, ACCESS_ALLOW);
            else
                assert_int_equal(got, ACCESS_HIDDEN);
        }
    }
    incident_cleanup(&inc);
}

/* Becoming a member, or losing membership, is what changes the answer. */
static void test_membership_decides(void **state)
{
    struct incident inc;
    struct actor h = {ME, ROLE_HANDLER};

    (void)state;
    incident_init(&inc);
    build(S_PLAIN_OTHER, &inc);
    assert_int_equal(access_check(&h, ACT_INCIDENT_READ, &inc), ACCESS_ALLOW);
    inc.restricted = true;
    assert_int_equal(access_check(&h, ACT_INCIDENT_READ, &inc), ACCESS_HIDDEN);
    strv_push(&inc.members, ME);
    assert_int_equal(access_check(&h, ACT_INCIDENT_READ, &inc), ACCESS_ALLOW);
    assert_int_equal(access_check(&h, ACT_INCIDENT_RESTRICT, &inc),
                     ACCESS_DENY);
    strv_cleanup(&inc.members);
    strv_push(&inc.members, OTHER);
    assert_int_equal(access_check(&h, ACT_INCIDENT_UPDATE, &inc),
                     ACCESS_HIDDEN);
    incident_cleanup(&inc);
}

/* The receipt (what was reported, when, the phase): the account that
 * filed a report keeps it even when the incident is restricted without
 * them; anyone else gets it exactly when they may see the incident. */
static void test_receipt_follows_the_filer(void **state)
{
    (void)state;
    for (int s = S_PLAIN_OWN; s < S_COUNT; s++) {
        for (int r = 0; r < ROLE_COUNT; r++) {
            struct incident inc;
            struct actor a = {ME, (enum role)r};
            bool own = s == S_PLAIN_OWN || s == S_MEMBER_OWN ||
                       s == S_NONMEMBER_OWN || s == S_RESTRICTED_EMPTY;
            incident_init(&inc);
            build((enum situation)s, &inc);
            enum access want =
                own || access_can_see(&a, &inc) ? ACCESS_ALLOW : ACCESS_HIDDEN;
            if (access_check_receipt(&a, &inc) != want)
                fail_msg("receipt, %s, role %d", situation_names[s], r);
            incident_cleanup(&inc);
        }
    }
    /* The case the rule exists for, spelled out. */
    struct incident inc;
    struct actor rep = {ME, ROLE_REPORTER};
    struct actor other = {OTHER "3", ROLE_HANDLER};
    incident_init(&inc);
    build(S_NONMEMBER_OWN, &inc);
    assert_int_equal(access_check(&rep, ACT_INCIDENT_READ, &inc),
                     ACCESS_HIDDEN);
    assert_int_equal(access_check_receipt(&rep, &inc), ACCESS_ALLOW);
    assert_int_equal(access_check_receipt(&other, &inc), ACCESS_HIDDEN);
    assert_int_equal(access_check_receipt(NULL, &inc), ACCESS_HIDDEN);
    assert_int_equal(access_check_receipt(&rep, NULL), ACCESS_HIDDEN);
    incident_cleanup(&inc);
}

/* A broken call is refused, never allowed. */
static void test_bad_calls_deny(void **state)
{
    struct incident inc;
    struct actor nameless = {NULL, ROLE_ADMIN};
    struct actor bad_role = {ME, ROLE_COUNT};
    struct actor neg_role = {ME, (enum role) - 1};
    struct actor admin = {ME, ROLE_ADMIN};

    (void)state;
    incident_init(&inc);
    build(S_PLAIN_OWN, &inc);
    for (int act = 0; act < ACT_COUNT; act++) {
        assert_int_equal(access_check(NULL, (enum action)act, NULL),
                         ACCESS_DENY);
        assert_int_equal(access_check(NULL, (enum action)act, &inc),
                         ACCESS_DENY);
        assert_int_equal(access_check(&nameless, (enum action)act, &inc),
                         ACCESS_DENY);
        assert_int_equal(access_check(&bad_role, (enum action)act, &inc),
                         ACCESS_DENY);
        assert_int_equal(access_check(&neg_role, (enum action)act, NULL),
                         ACCESS_DENY);
    }
    assert_int_equal(access_check(&admin, ACT_COUNT, NULL), ACCESS_DENY);
    assert_int_equal(access_check(&admin, (enum action) - 1, &inc),
                     ACCESS_DENY);
    assert_int_equal(access_check(&admin, (enum action)1000, NULL),
                     ACCESS_DENY);
    incident_cleanup(&inc);
}

/* Listings: administrators see every restricted incident; reporters only
 * their own; everyone else what need-to-know lets them. */
static void test_view_per_role(void **state)
{
    static const struct {
        enum role role;
        bool sees_restricted;
        bool own_only;
    } want[] = {
        {ROLE_REPORTER, false, true},   {ROLE_HANDLER, false, false},
        {ROLE_COMMANDER, false, false}, {ROLE_COMMUNICATOR, false, false},
        {ROLE_AUDITOR, false, false},   {ROLE_ADMIN, true, false},
        {ROLE_INGEST, false, false},
    };

    (void)state;
    assert_int_equal(N(want), ROLE_COUNT);
    for (size_t i = 0; i < N(want); i++) {
        struct actor a = {ME, want[i].role};
        struct access_view v = access_view(&a);
        if (v.sees_restricted != want[i].sees_restricted ||
            v.own_only != want[i].own_only)
            fail_msg("%s: sees_restricted %d own_only %d",
                     role_names[want[i].role], v.sees_restricted, v.own_only);
    }
    /* No actor: nothing extra. */
    struct access_view none = access_view(NULL);
    assert_false(none.sees_restricted);
    assert_false(none.own_only);
}

/* The view and the per-incident check tell the same story: what a
 * listing would show is what access_can_see lets through. */
static void test_view_agrees_with_check(void **state)
{
    (void)state;
    for (int r = 0; r < ROLE_COUNT; r++) {
        struct actor a = {ME, (enum role)r};
        struct access_view v = access_view(&a);
        for (int s = S_PLAIN_OWN; s < S_COUNT; s++) {
            struct incident inc;
            incident_init(&inc);
            build((enum situation)s, &inc);
            bool listed = true;
            if (inc.restricted && !v.sees_restricted &&
                !strv_contains(&inc.members, ME))
                listed = false;
            if (v.own_only &&
                (inc.created_by == NULL || strcmp(inc.created_by, ME) != 0))
                listed = false;
            if (listed != access_can_see(&a, &inc))
                fail_msg("%s, %s: listing says %d", role_names[r],
                         situation_names[s], listed);
            incident_cleanup(&inc);
        }
    }
}

static void test_action_keys(void **state)
{
    (void)state;
    for (int act = 0; act < ACT_COUNT; act++) {
        assert_non_null(action_keys[act]);
        assert_string_equal(access_action_key((enum action)act),
                            action_keys[act]);
        for (int other = 0; other < act; other++)
            assert_string_not_equal(access_action_key((enum action)act),
                                    access_action_key((enum action)other));
    }
    assert_string_equal(access_action_key(ACT_COUNT), "unknown");
    assert_string_equal(access_action_key((enum action) - 1), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_is_complete),
        cmocka_unit_test(test_every_role_action_situation),
        cmocka_unit_test(test_hidden_before_denied),
        cmocka_unit_test(test_membership_decides),
        cmocka_unit_test(test_receipt_follows_the_filer),
        cmocka_unit_test(test_bad_calls_deny),
        cmocka_unit_test(test_view_per_role),
        cmocka_unit_test(test_view_agrees_with_check),
        cmocka_unit_test(test_action_keys),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
