/* SPDX-License-Identifier: MIT */
/*
 * damage.c - the JNSA damage model as data and arithmetic (see damage.h).
 *
 * The information-type grid follows the JNSA Simple-EP diagram (2003
 * report, and later reports' anchors); see shared/research/domain.md §1.
 * Types that are not personal information (trade secrets, design data)
 * have no level and do not count.
 */
#include "core/damage.h"

#include <string.h>

static const struct {
    const char *type;
    int x; /* 精神的苦痛 */
    int y; /* 経済的損失 */
} grid[] = {
    {"name", 1, 1},
    {"address", 1, 1},
    {"birth_date", 1, 1},
    {"gender", 1, 1},
    {"phone_number", 1, 1},
    {"email_address", 1, 1},
    {"photo", 1, 1},
    {"voice", 1, 1},
    {"family_data", 1, 1},
    {"employment_history", 1, 1},
    {"health_insurance_card", 1, 1},
    {"pension_certificate", 1, 1},
    {"drivers_license", 1, 1},
    {"care_insurance_card", 1, 1},
    {"other", 1, 1},
    {"passport", 1, 2},
    {"purchase_history", 1, 2},
    {"customer_transactions", 1, 2},
    {"my_number", 1, 2},
    {"seal_certificate", 1, 2},
    {"bank_account", 1, 3},
    {"credit_card", 1, 3},
    {"financial_login", 1, 3},
    {"health_check", 2, 1},
    {"race", 2, 1},
    {"nationality", 2, 1},
    {"hobbies", 2, 1},
    {"blood_type", 2, 1},
    {"height", 2, 1},
    {"weight", 2, 1},
    {"physical_traits", 2, 1},
    {"biometric", 2, 1},
    {"education", 2, 1},
    {"income", 2, 2},
    {"liquid_assets", 2, 2},
    {"real_estate", 2, 2},
    {"political_views", 3, 1},
    {"religion", 3, 1},
    {"medical_record", 3, 1},
    {"disability", 3, 1},
    {"other_privacy", 3, 1},
    {"criminal_record", 3, 3},
};

/* The grid's row for 'key', or NULL. */
static const char *grid_row(const char *key, int *x, int *y)
{
    *x = 0;
    *y = 0;
    for (size_t i = 0; key != NULL && i < sizeof(grid) / sizeof(grid[0]); i++) {
        if (strcmp(grid[i].type, key) == 0) {
            *x = grid[i].x;
            *y = grid[i].y;
            return grid[i].type;
        }
    }
    return NULL;
}

void damage_levels(const char *key, int *x, int *y)
{
    (void)grid_row(key, x, y);
}

bool damage_has_personal_type(const struct incident *inc)
{
    for (size_t i = 0; i < inc->n_info_types; i++) {
        int x;
        int y;
        damage_levels(inc->info_types[i].type, &x, &y);
        if (x > 0)
            return true;
    }
    return false;
}

static int ipow(int base, int e)
{
    int r = 1;

    while (e-- > 0)
        r *= base;
    return r;
}

static bool has_type(const struct incident *inc, const char *key)
{
    for (size_t i = 0; i < inc->n_info_types; i++) {
        if (strcmp(inc->info_types[i].type, key) == 0)
            return true;
    }
    return false;
}

int64_t damage_persons_of(const struct incident *inc, bool *known)
{
    int64_t n = 0;
    bool all = true;
    bool any = false;

    if (known != NULL)
        *known = true;
    if (inc->affected_persons != COUNT_UNKNOWN)
        return inc->affected_persons;
    if (inc->affected_persons_max != COUNT_UNKNOWN)
        return inc->affected_persons_max;
    for (size_t i = 0; i < inc->n_info_types; i++) {
        int x;
        int y;
        damage_levels(inc->info_types[i].type, &x, &y);
        if (x == 0)
            continue;
        if (inc->info_types[i].count == COUNT_UNKNOWN) {
            all = false;
            continue;
        }
        any = true;
        if (inc->info_types[i].count > n)
            n = inc->info_types[i].count;
    }
    if (known != NULL)
        *known = any && all;
    return n;
}

int64_t damage_persons(const struct incident *inc)
{
    return damage_persons_of(inc, NULL);
}

void damage_compute(const struct incident *inc, int org_social,
                    struct damage *out)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < inc->n_info_types; i++) {
        int x;
        int y;
        /* The grid's own key, not the record's string: the result then
         * outlives the incident it was computed from. */
        const char *key = grid_row(inc->info_types[i].type, &x, &y);
        if (x > out->x) {
            out->x = x;
            out->x_type = key;
        }
        if (y > out->y) {
            out->y = y;
            out->y_type = key;
        }
    }
    out->applies = out->x > 0;
    out->social_responsibility = inc->social_responsibility > 0
                                     ? inc->social_responsibility
                                     : (org_social == 2 ? 2 : 1);
    out->response_evaluation = inc->response_evaluation == 2 ? 2 : 1;
    if (!out->applies)
        return;
    out->sensitivity = ipow(10, out->x - 1) + ipow(5, out->y - 1);
    bool name = has_type(inc, "name");
    bool address = has_type(inc, "address");
    bool phone = has_type(inc, "phone_number");
    out->identifiability = name && address              ? 6
                           : name || (address && phone) ? 3
                                                        : 1;
    out->per_person_yen = 500LL * out->sensitivity * out->identifiability *
                          out->social_responsibility * out->response_evaluation;
    out->persons = damage_persons_of(inc, &out->persons_known);
    /* Validation bounds counts (COUNT_MAX), but a record from elsewhere
     * may not have passed it: an overflow is an unknown total, never a
     * negative one. */
    out->total_known = out->persons_known && out->persons >= 0 &&
                       !__builtin_mul_overflow(out->per_person_yen,
                                               out->persons, &out->total_yen);
    if (!out->total_known)
        out->total_yen = 0;
}
