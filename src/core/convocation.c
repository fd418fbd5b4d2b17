/* SPDX-License-Identifier: MIT */
/*
 * convocation.c - convocation rules and on-call picking (see
 * convocation.h).
 */
#include "core/convocation.h"

#include <string.h>

#include "core/taxonomy.h"
#include "core/textcheck.h"
#include "util/mem.h"

void conv_rule_init(struct conv_rule *r)
{
    memset(r, 0, sizeof(*r));
    r->max_severity = 2;
    r->ack_minutes = 30;
    r->enabled = true;
    r->created_at = KZ_TIME_NONE;
    r->updated_at = KZ_TIME_NONE;
}

void conv_rule_cleanup(struct conv_rule *r)
{
    xfree(r->name);
    strv_cleanup(&r->categories);
    strv_cleanup(&r->kinds);
    strv_cleanup(&r->summon_roles);
    xfree(r->summon_contacts);
    conv_rule_init(r);
}

void conv_rule_copy(struct conv_rule *dst, const struct conv_rule *src)
{
    conv_rule_cleanup(dst);
    *dst = *src;
    dst->name = xstrdup(src->name);
    memset(&dst->categories, 0, sizeof(dst->categories));
    memset(&dst->kinds, 0, sizeof(dst->kinds));
    memset(&dst->summon_roles, 0, sizeof(dst->summon_roles));
    strv_copy(&dst->categories, &src->categories);
    strv_copy(&dst->kinds, &src->kinds);
    strv_copy(&dst->summon_roles, &src->summon_roles);
    dst->summon_contacts = NULL;
    dst->n_summon_contacts = 0;
    for (size_t i = 0; i < src->n_summon_contacts; i++)
        conv_rule_add_contact(dst, src->summon_contacts[i]);
}

void conv_rule_add_contact(struct conv_rule *r, int64_t contact_id)
{
    r->summon_contacts =
        xrealloc(r->summon_contacts,
                 (r->n_summon_contacts + 1) * sizeof(*r->summon_contacts));
    r->summon_contacts[r->n_summon_contacts++] = contact_id;
}

static void check_keys(struct kz_problems *p, const char *field,
                       const struct strv *l, const struct taxonomy *t)
{
    for (size_t i = 0; i < l->n; i++) {
        if (!taxonomy_has(t, l->v[i]))
            kz_problems_add_at(p, field, i, NULL, "v.unknown_key");
    }
    if (strv_first_duplicate(l) >= 0)
        kz_problems_add(p, field, "v.duplicate");
}

enum kz_err conv_rule_validate(const struct conv_rule *r, struct kz_problems *p)
{
    size_t before = p->n;

    textcheck(p, "name", r->name, TEXT_NAME, true);
    check_keys(p, "categories", &r->categories, &taxonomy_category);
    check_keys(p, "kinds", &r->kinds, &taxonomy_kind);
    check_keys(p, "summon_roles", &r->summon_roles, &taxonomy_contact_role);
    if (r->max_severity < 1 || r->max_severity > 4)
        kz_problems_add(p, "max_severity", "v.severity");
    if (r->summon_roles.n == 0 && r->n_summon_contacts == 0)
        kz_problems_add(p, "summon_roles", "v.summon_nobody");
    for (size_t i = 0; i < r->n_summon_contacts; i++) {
        if (r->summon_contacts[i] < 1)
            kz_problems_add_at(p, "summon_contacts", i, NULL, "v.no_contact");
        for (size_t k = 0; k < i; k++) {
            if (r->summon_contacts[k] == r->summon_contacts[i])
                kz_problems_add_at(p, "summon_contacts", i, NULL,
                                   "v.duplicate");
        }
    }
    if (r->ack_minutes < 1 || r->ack_minutes > CONV_ACK_MINUTES_MAX)
        kz_problems_add(p, "ack_minutes", "v.ack_minutes");
    return p->n > before ? KZ_EINVAL : KZ_OK;
}

bool conv_rule_matches(const struct conv_rule *r, const struct incident *inc)
{
    if (!r->enabled || inc->severity < 1 || inc->severity > r->max_severity)
        return false;
    if (r->categories.n > 0 && (inc->category == NULL ||
                                !strv_contains(&r->categories, inc->category)))
        return false;
    if (r->kinds.n > 0 && !strv_contains(&r->kinds, kind_key(inc->kind)))
        return false;
    return true;
}

long conv_pick(const struct contact *contacts, size_t n, const char *role,
               enum oncall_window w, int skip)
{
    /* Walk candidates in (order, id) order without sorting the caller's
     * array: repeatedly take the smallest not yet taken. */
    int64_t last_order = -1;
    int64_t last_id = -1;

    for (int taken = 0;; taken++) {
        long best = -1;
        for (size_t i = 0; i < n; i++) {
            const struct contact *c = &contacts[i];
            if (!contact_has_role(c, role) || !contact_covers(c, w))
                continue;
            bool after = c->oncall_order > last_order ||
                         (c->oncall_order == last_order && c->id > last_id);
            if (!after)
                continue;
            if (best < 0 || c->oncall_order < contacts[best].oncall_order ||
                (c->oncall_order == contacts[best].oncall_order &&
                 c->id < contacts[best].id))
                best = (long)i;
        }
        if (best < 0)
            return -1;
        if (taken == skip)
            return best;
        last_order = contacts[best].oncall_order;
        last_id = contacts[best].id;
    }
}
