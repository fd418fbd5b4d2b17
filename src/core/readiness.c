/* SPDX-License-Identifier: MIT */
/*
 * readiness.c - what each communication needs and what the record knows
 * (see readiness.h).
 */
#include "core/readiness.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/damage.h"
#include "util/buf.h"
#include "util/mem.h"

/* The facts each communication needs: press releases everything, the
 * others what their readers act on. */
static const struct {
    const char *kind;
    const char *facts[FACTS_MAX];
} needs[] = {
    {"press_release",
     {"infected_scope", "business_stoppage", "leaked_items", "record_counts",
      "persons", "money_lost", "secondary_damage", "partner_damage",
      "discovered_when", "discovered_how", "current_status", "method",
      "filings", "customer_response", "policy", NULL}},
    {"customer_notice",
     {"leaked_items", "persons", "secondary_damage", "discovered_when",
      "current_status", "method", "customer_response", "policy", NULL}},
    {"regulator_report",
     {"leaked_items", "record_counts", "persons", "secondary_damage",
      "discovered_when", "discovered_how", "method", "filings",
      "customer_response", "policy", NULL}},
    {"partner_report",
     {"infected_scope", "business_stoppage", "leaked_items", "partner_damage",
      "discovered_when", "current_status", "method", "policy", NULL}},
};

static bool has_text(const char *s)
{
    return s != NULL && s[0] != '\0';
}

static bool counts_known(const struct incident *inc)
{
    if (inc->n_info_types == 0)
        return false;
    for (size_t i = 0; i < inc->n_info_types; i++) {
        if (inc->info_types[i].count == COUNT_UNKNOWN)
            return false;
    }
    return true;
}

static bool fact_known(const struct readiness_input *in, const char *fact)
{
    const struct incident *inc = in->inc;

    if (strcmp(fact, "infected_scope") == 0)
        return inc->assets.n > 0 || inc->n_info_types > 0;
    if (strcmp(fact, "business_stoppage") == 0 ||
        strcmp(fact, "secondary_damage") == 0 ||
        strcmp(fact, "partner_damage") == 0)
        return inc->impacts.n > 0;
    if (strcmp(fact, "leaked_items") == 0)
        return inc->n_info_types > 0;
    if (strcmp(fact, "record_counts") == 0)
        return counts_known(inc);
    if (strcmp(fact, "persons") == 0)
        return inc->affected_persons != COUNT_UNKNOWN ||
               inc->affected_persons_max != COUNT_UNKNOWN;
    if (strcmp(fact, "money_lost") == 0)
        return in->costs > 0;
    if (strcmp(fact, "discovered_when") == 0)
        return inc->discovered_at != KZ_TIME_NONE;
    if (strcmp(fact, "discovered_how") == 0)
        return has_text(inc->detection_trigger);
    if (strcmp(fact, "current_status") == 0)
        return true; /* the phase always says where the response stands */
    if (strcmp(fact, "method") == 0)
        return has_text(inc->direct_cause);
    if (strcmp(fact, "filings") == 0)
        return in->duties == 0 || in->filings >= in->duties;
    if (strcmp(fact, "customer_response") == 0)
        return in->aftercare > 0 || has_text(inc->initial_response);
    if (strcmp(fact, "policy") == 0)
        return inc->prevention_measures.n > 0 ||
               has_text(inc->additional_measures);
    return false;
}

bool readiness_of(const struct readiness_input *in, const char *kind,
                  struct readiness *out)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < sizeof(needs) / sizeof(needs[0]); i++) {
        if (strcmp(needs[i].kind, kind) != 0)
            continue;
        out->kind = needs[i].kind;
        for (size_t k = 0; k < FACTS_MAX && needs[i].facts[k] != NULL; k++) {
            struct readiness_fact *f = &out->facts[out->n++];
            f->fact = needs[i].facts[k];
            f->known = fact_known(in, f->fact);
            out->known += f->known;
        }
        out->percent = out->n ? out->known * 100 / (int)out->n : 100;
        return true;
    }
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 'l' sorted and joined with commas (OUT: caller frees). */
static char *joined(char **v, size_t n)
{
    struct buf b;
    char **copy = xcalloc(n ? n : 1, sizeof(*copy));

    /* An empty list may come as NULL, which memcpy may not be given. */
    if (n > 0)
        memcpy(copy, v, n * sizeof(*copy));
    qsort(copy, n, sizeof(*copy), cmp_str);
    buf_init(&b, 1 << 16);
    for (size_t i = 0; i < n; i++) {
        if (buf_printf(&b, "%s%s", i ? "," : "", copy[i]) != KZ_OK)
            break;
    }
    xfree(copy);
    return buf_take(&b);
}

static void put(struct stated_facts *f, const char *fact, char *value)
{
    f->items[f->n].fact = fact;
    f->items[f->n].value = value;
    f->n++;
}

void stated_facts_of(const struct incident *inc, struct stated_facts *out)
{
    char num[32];
    char **types = xcalloc(inc->n_info_types + 1, sizeof(*types));
    char **counts = xcalloc(inc->n_info_types + 1, sizeof(*counts));
    struct damage d;

    memset(out, 0, sizeof(*out));
    damage_compute(inc, 1, &d);
    /* The number of people, as the damage model counts them. */
    if (inc->affected_persons != COUNT_UNKNOWN || d.persons > 0)
        snprintf(num, sizeof(num), "%" PRId64,
                 inc->affected_persons != COUNT_UNKNOWN ? inc->affected_persons
                                                        : d.persons);
    else
        num[0] = '\0';
    put(out, "persons", xstrdup(num));
    for (size_t i = 0; i < inc->n_info_types; i++) {
        char buf[96];
        types[i] = inc->info_types[i].type;
        if (inc->info_types[i].count == COUNT_UNKNOWN)
            snprintf(buf, sizeof(buf), "%s:?", inc->info_types[i].type);
        else
            snprintf(buf, sizeof(buf), "%s:%" PRId64, inc->info_types[i].type,
                     inc->info_types[i].count);
        counts[i] = xstrdup(buf);
    }
    put(out, "info_types", joined(types, inc->n_info_types));
    put(out, "record_counts", joined(counts, inc->n_info_types));
    for (size_t i = 0; i < inc->n_info_types; i++)
        xfree(counts[i]);
    xfree(counts);
    xfree(types);
    put(out, "category", xstrdup(inc->category ? inc->category : ""));
    put(out, "direct_cause",
        xstrdup(inc->direct_cause ? inc->direct_cause : ""));
    put(out, "leak_kinds", joined(inc->leak_kinds.v, inc->leak_kinds.n));
    put(out, "impacts", joined(inc->impacts.v, inc->impacts.n));
}

void stated_facts_cleanup(struct stated_facts *f)
{
    for (size_t i = 0; i < f->n; i++)
        xfree(f->items[i].value);
    f->n = 0;
}

const char *stated_fact_value(const struct stated_facts *f, const char *fact)
{
    for (size_t i = 0; i < f->n; i++) {
        if (strcmp(f->items[i].fact, fact) == 0)
            return f->items[i].value;
    }
    return NULL;
}
