/* SPDX-License-Identifier: MIT */
/*
 * convocation.h - convocation rules (招集基準, SPEC C4): set in advance,
 * "when the category is one of … and the severity is S… or graver (and
 * the kind is …), summon these roles and these contacts, and expect an
 * acknowledgement within N minutes".  Empty lists mean "any".  Who of a
 * role is called depends on the on-call window; nobody answering in time
 * escalates to the next in the schedule.
 */
#ifndef KZ_CORE_CONVOCATION_H
#define KZ_CORE_CONVOCATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/contact.h"
#include "core/incident.h"
#include "util/err.h"

#define CONV_ACK_MINUTES_MAX (7 * 24 * 60)

struct conv_rule {
    int64_t id;
    char *name;
    struct strv categories;   /* taxonomy category keys; empty: any */
    int max_severity;         /* 1..4: fires at this severity or graver */
    struct strv kinds;        /* taxonomy kind keys; empty: any */
    struct strv summon_roles; /* taxonomy contact_role keys */
    int64_t *summon_contacts; /* contact ids */
    size_t n_summon_contacts;
    int ack_minutes; /* 1..CONV_ACK_MINUTES_MAX */
    bool enabled;
    int64_t version;
    kz_time created_at;
    kz_time updated_at;
};

void conv_rule_init(struct conv_rule *r);
void conv_rule_cleanup(struct conv_rule *r);
void conv_rule_copy(struct conv_rule *dst, const struct conv_rule *src);
void conv_rule_add_contact(struct conv_rule *r, int64_t contact_id);
/* Check every rule of the rule: a name, known keys, something to summon,
 * an acknowledgement window. */
enum kz_err conv_rule_validate(const struct conv_rule *r,
                               struct kz_problems *p);
/* True when 'r' fires for 'inc' (enabled, severity set and matching). */
bool conv_rule_matches(const struct conv_rule *r, const struct incident *inc);

/*
 * The contact to call for 'role' in window 'w', skipping the first 'skip'
 * candidates (escalation): candidates are the contacts with the role who
 * cover the window, in on-call order then id.  Returns an index into
 * 'contacts', or -1 when the schedule has nobody left.
 */
long conv_pick(const struct contact *contacts, size_t n, const char *role,
               enum oncall_window w, int skip);

#endif
