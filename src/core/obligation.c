/* SPDX-License-Identifier: MIT */
/*
 * obligation.c - the reporting duties as rules (see obligation.h).
 *
 * Japan, APPI (個人情報保護法 26条, 規則7-8条): a report to the commission is
 * due when personal data leaks, is lost or damaged, or may have been, and
 * any of the four triggers holds — special-care data, data whose misuse
 * causes financial damage, a possibly improper purpose, more than 1,000
 * people — unless the data was strongly encrypted.  速報 promptly (target
 * 3 days, 5 at the latest), 確報 within 30 days, 60 with an improper
 * purpose; days counted from the day of awareness as day 1 and the last day
 * moved past weekends, holidays and the year-end closure.  The My Number
 * act mirrors it with more than 100 people.  GDPR art. 33: 72 hours; art.
 * 34: without undue delay when the risk is high.  NIS2 art. 23: 24 h, 72 h,
 * and one month after the notification.  SEC 8-K item 1.05: four US
 * business days after materiality is determined.
 */
#include "core/obligation.h"

#include <string.h>

#include "core/cause.h"
#include "core/damage.h"
#include "core/deadline.h"
#include "util/mem.h"

static const char *const sensitive_types[] = {
    "race",
    "health_check",
    "medical_record",
    "disability",
    "criminal_record",
    "religion",
    "political_views",
    "other_privacy",
};

static const char *const financial_types[] = {
    "credit_card",
    "bank_account",
    "financial_login",
};

static bool has_any(const struct incident *inc, const char *const *keys,
                    size_t n)
{
    for (size_t i = 0; i < inc->n_info_types; i++) {
        for (size_t k = 0; k < n; k++) {
            if (strcmp(inc->info_types[i].type, keys[k]) == 0)
                return true;
        }
    }
    return false;
}

static bool has_type(const struct incident *inc, const char *key)
{
    return has_any(inc, &key, 1);
}

bool obligation_improper_suggested(const struct incident *inc)
{
    const char *cause = cause_of(inc);

    /* Each cyber indicator of the guideline ((※4) of 3-5-3-1) alone
     * makes a leak by an improper purpose "possible". */
    return strcmp(cause, "external_attack") == 0 ||
           strcmp(cause, "insider_wrongdoing") == 0 ||
           inc->leak_indicators.n > 0;
}

static bool improper(const struct incident *inc)
{
    /* A person's own judgement holds over what the record suggests. */
    if (inc->improper_purpose_manual)
        return inc->improper_purpose;
    return inc->improper_purpose || obligation_improper_suggested(inc);
}

/* Facts shared by the regimes' rules. */
struct facts {
    bool personal;
    bool sensitive;
    bool financial;
    bool improper;
    int64_t persons;
    bool persons_known; /* false: 'persons' is at most a lower bound */
    bool encrypted;
    bool my_number;
    bool mynumber_system;   /* 規則2条1号 */
    bool publicly_viewable; /* 規則2条3号 */
    bool disruption;        /* NIS2 art. 23(3)(a) */
    bool damage_others;     /* NIS2 art. 23(3)(b) */
    bool nis2_hint;         /* severity or impact suggest (a) or (b) */
};

static void gather(const struct incident *inc, struct facts *f)
{
    f->personal = damage_has_personal_type(inc);
    f->sensitive =
        has_any(inc, sensitive_types,
                sizeof(sensitive_types) / sizeof(sensitive_types[0]));
    f->financial =
        has_any(inc, financial_types,
                sizeof(financial_types) / sizeof(financial_types[0]));
    f->improper = improper(inc);
    f->persons = damage_persons_of(inc, &f->persons_known);
    f->encrypted = inc->encrypted;
    f->my_number = has_type(inc, "my_number");
    f->mynumber_system = inc->mynumber_system;
    f->publicly_viewable = inc->publicly_viewable;
    f->disruption = inc->nis2_disruption;
    f->damage_others = inc->nis2_damage_others;
    f->nis2_hint = (inc->severity >= 1 && inc->severity <= 2) ||
                   strv_contains(&inc->impacts, "service_stopped");
}

/*
 * When the clock of a duty with trigger 't' starts: aware_at when a person
 * set it (their statement holds); else the moment the trigger was met if
 * that was after the awareness (a count passing 1,000 later, say); else
 * the awareness.  Fills o->aware_at and o->trigger_met_at for display.
 */
static kz_time clock_of(const struct incident *inc, enum trigger t,
                        struct obligation *o)
{
    kz_time aware = incident_aware_at(inc);
    kz_time met = inc->trigger_at[t];

    o->aware_at = aware;
    o->trigger_met_at = KZ_TIME_NONE;
    if (inc->aware_at == KZ_TIME_NONE && met != KZ_TIME_NONE &&
        (aware == KZ_TIME_NONE || met > aware)) {
        o->trigger_met_at = met;
        return met;
    }
    return aware;
}

static void reason(struct obligation *o, const char *key)
{
    if (o->n_reasons < OBLIGATION_REASONS_MAX)
        o->reasons[o->n_reasons++] = key;
}

static struct obligation *add(struct obligation *out, size_t *n,
                              const char *key, const char *regime,
                              const char *stage)
{
    struct obligation *o = &out[(*n)++];

    memset(o, 0, sizeof(*o));
    o->key = key;
    o->regime = regime;
    o->stage = stage;
    o->clock_start = KZ_TIME_NONE;
    o->aware_at = KZ_TIME_NONE;
    o->trigger_met_at = KZ_TIME_NONE;
    o->due_at = KZ_TIME_NONE;
    o->latest_at = KZ_TIME_NONE;
    return o;
}

/* APPI-style triggers into 'o'; returns whether the duty applies, and
 * sets o->undecided when only a count nobody knows yet could make it
 * apply.  'none_key' says which triggers there are when none holds. */
static bool appi_triggers(struct obligation *o, const struct facts *f,
                          int64_t threshold, const char *threshold_key,
                          const char *none_key)
{
    bool any = false;

    if (!f->personal) {
        reason(o, "obl.no_personal_data");
        return false;
    }
    if (f->sensitive) {
        reason(o, "obl.trigger_sensitive");
        any = true;
    }
    if (f->financial) {
        reason(o, "obl.trigger_financial");
        any = true;
    }
    if (f->mynumber_system) {
        reason(o, "obl.trigger_mynumber_system");
        any = true;
    }
    if (f->publicly_viewable) {
        reason(o, "obl.trigger_publicly_viewable");
        any = true;
    }
    if (f->improper) {
        reason(o, "obl.trigger_improper");
        any = true;
    }
    if (f->persons > threshold) {
        reason(o, threshold_key);
        any = true;
    }
    /* Unknown is not "not applicable": with no other trigger, the count
     * decides, and nobody knows it yet. */
    if (!any && !f->persons_known) {
        reason(o, "obl.count_unknown");
        o->undecided = true;
    } else if (!any) {
        reason(o, none_key);
    }
    if ((any || o->undecided) && f->encrypted) {
        reason(o, "obl.encrypted");
        o->undecided = false;
        return false;
    }
    return any;
}

static void appi_like(struct obligation *out, size_t *n,
                      const struct incident *inc, const struct facts *f,
                      bool mynumber)
{
    const char *regime = mynumber ? "mynumber" : "appi";
    struct obligation *pre =
        add(out, n, mynumber ? "mynumber_preliminary" : "appi_preliminary",
            regime, "preliminary");
    kz_time aware =
        clock_of(inc, mynumber ? TRIGGER_MYNUMBER : TRIGGER_APPI, pre);
    bool applies;

    if (mynumber && !f->my_number) {
        reason(pre, "obl.no_my_number");
        applies = false;
    } else if (mynumber) {
        /* The My Number rules (規則2条) have no special-care or
         * financial-damage trigger: those are APPI's alone; theirs are
         * the source system and public viewing, whatever the count. */
        struct facts m = *f;
        m.sensitive = false;
        m.financial = false;
        applies = appi_triggers(pre, &m, 100, "obl.trigger_over_100",
                                "obl.no_trigger_mynumber");
    } else {
        struct facts a = *f;
        a.mynumber_system = false;
        a.publicly_viewable = false;
        applies = appi_triggers(pre, &a, 1000, "obl.trigger_over_1000",
                                "obl.no_trigger");
    }
    pre->applies = applies;
    pre->clock_start = aware;
    if (applies && aware != KZ_TIME_NONE) {
        pre->due_at = jst_day_end(jst_day(aware) + 2);
        pre->latest_at = jst_day_end(jst_day(aware) + 4);
    }
    struct obligation *fin = add(
        out, n, mynumber ? "mynumber_final" : "appi_final", regime, "final");
    memcpy(fin->reasons, pre->reasons, sizeof(pre->reasons));
    fin->n_reasons = pre->n_reasons;
    fin->applies = applies;
    fin->undecided = pre->undecided;
    fin->clock_start = aware;
    fin->aware_at = pre->aware_at;
    fin->trigger_met_at = pre->trigger_met_at;
    if (applies && aware != KZ_TIME_NONE) {
        fin->due_at = appi_deadline(aware, f->improper ? 60 : 30);
        reason(fin, f->improper ? "obl.days_60" : "obl.days_30");
    }
    if (mynumber)
        return;
    struct obligation *ind =
        add(out, n, "appi_individuals", regime, "individuals");
    memcpy(ind->reasons, pre->reasons, sizeof(pre->reasons));
    ind->n_reasons = pre->n_reasons;
    ind->applies = applies;
    ind->undecided = pre->undecided;
    ind->clock_start = aware;
    ind->aware_at = pre->aware_at;
    ind->trigger_met_at = pre->trigger_met_at;
}

static void gdpr(struct obligation *out, size_t *n, const struct incident *inc,
                 const struct facts *f)
{
    struct obligation *a = add(out, n, "gdpr_authority", "gdpr", "authority");
    struct obligation *s = add(out, n, "gdpr_subjects", "gdpr", "subjects");
    kz_time aware = clock_of(inc, TRIGGER_GDPR_AUTHORITY, a);
    kz_time aware_s = clock_of(inc, TRIGGER_GDPR_SUBJECTS, s);

    if (!inc->eu_data_subjects || !f->personal) {
        reason(a, inc->eu_data_subjects ? "obl.no_personal_data"
                                        : "obl.no_eu_subjects");
        reason(s, a->reasons[0]);
        return;
    }
    a->applies = true;
    reason(a, "obl.eu_subjects");
    a->clock_start = aware;
    if (aware != KZ_TIME_NONE)
        a->due_at = aware + 72 * 3600;
    bool high = f->sensitive || f->financial || f->persons > 1000;
    s->clock_start = aware_s;
    if (!high && !f->persons_known && !f->encrypted) {
        reason(s, "obl.count_unknown");
        s->undecided = true;
    } else if (!high) {
        reason(s, "obl.not_high_risk");
    } else if (f->encrypted) {
        reason(s, "obl.encrypted");
    } else {
        s->applies = true;
        reason(s, "obl.high_risk");
    }
}

static const struct obligation_filing *
filing_of(const struct obligation_filing *filings, size_t n, const char *key)
{
    for (size_t i = 0; filings != NULL && i < n; i++) {
        if (strcmp(filings[i].key, key) == 0)
            return &filings[i];
    }
    return NULL;
}

static void nis2(struct obligation *out, size_t *n, const struct incident *inc,
                 const struct facts *f, const struct obligation_filing *filings,
                 size_t nf)
{
    struct obligation *e =
        add(out, n, "nis2_early_warning", "nis2", "early_warning");
    struct obligation *no =
        add(out, n, "nis2_notification", "nis2", "notification");
    struct obligation *fi = add(out, n, "nis2_final", "nis2", "final");
    struct obligation *all[] = {e, no, fi};
    kz_time aware = clock_of(inc, TRIGGER_NIS2, e);

    /* Art. 23(3): significant when (a) or (b) holds, as facts a person
     * recorded; a high severity or a stopped service only says that the
     * question is open. */
    bool significant = f->disruption || f->damage_others;
    for (size_t i = 0; i < 3; i++) {
        all[i]->applies = significant;
        if (f->disruption)
            reason(all[i], "obl.nis2_disruption");
        if (f->damage_others)
            reason(all[i], "obl.nis2_damage_others");
        if (!significant && f->nis2_hint) {
            reason(all[i], "obl.nis2_unassessed");
            all[i]->undecided = true;
        } else if (!significant) {
            reason(all[i], "obl.not_significant");
        }
        all[i]->clock_start = aware;
        all[i]->aware_at = e->aware_at;
        all[i]->trigger_met_at = e->trigger_met_at;
    }
    if (!significant || aware == KZ_TIME_NONE)
        return;
    e->due_at = aware + 24 * 3600;
    no->due_at = aware + 72 * 3600;
    /* The final report is due a month after the notification was made;
     * until then, a month after it was due. */
    const struct obligation_filing *nf_ =
        filing_of(filings, nf, "nis2_notification");
    kz_time from = nf_ && !nf_->not_applicable && nf_->filed_at != KZ_TIME_NONE
                       ? nf_->filed_at
                       : no->due_at;
    fi->clock_start = from;
    fi->due_at = add_months(from, 1);
}

static void sec(struct obligation *out, size_t *n, const struct incident *inc)
{
    struct obligation *o = add(out, n, "sec_8k", "sec", "item_1_05");

    if (inc->materiality_determined_at == KZ_TIME_NONE) {
        reason(o, "obl.not_material");
        return;
    }
    o->applies = true;
    reason(o, "obl.material");
    o->clock_start = inc->materiality_determined_at;
    o->due_at = us_business_deadline(inc->materiality_determined_at, 4);
}

static enum obligation_state state_of(const struct obligation *o, kz_time now)
{
    if (o->filing != NULL)
        return o->filing->not_applicable ? OB_NOT_APPLICABLE : OB_FILED;
    if (o->undecided)
        return OB_UNDECIDED;
    if (!o->applies)
        return OB_NOT_APPLICABLE;
    if (o->due_at == KZ_TIME_NONE)
        return OB_PENDING;
    if (o->latest_at != KZ_TIME_NONE) {
        if (now > o->latest_at)
            return OB_OVERDUE;
        if (now > o->due_at)
            return OB_PAST_TARGET;
    } else if (now > o->due_at) {
        return OB_OVERDUE;
    }
    return o->due_at - now <= OBLIGATION_SOON ? OB_DUE_SOON : OB_PENDING;
}

void obligation_config_default(struct obligation_config *cfg)
{
    cfg->appi = true;
    cfg->mynumber = true;
    cfg->gdpr = true;
    cfg->nis2 = false;
    cfg->sec = false;
}

size_t obligations_evaluate(const struct incident *inc,
                            const struct obligation_config *cfg,
                            const struct obligation_filing *filings,
                            size_t nfilings, kz_time now,
                            struct obligation *out)
{
    struct facts f;
    size_t n = 0;

    gather(inc, &f);
    /* Exercises practise the flow; they never trigger a real duty. */
    if (inc->kind == KIND_EXERCISE)
        return 0;
    if (cfg->appi)
        appi_like(out, &n, inc, &f, false);
    if (cfg->mynumber)
        appi_like(out, &n, inc, &f, true);
    if (cfg->gdpr)
        gdpr(out, &n, inc, &f);
    if (cfg->nis2)
        nis2(out, &n, inc, &f, filings, nfilings);
    if (cfg->sec)
        sec(out, &n, inc);
    for (size_t i = 0; i < n; i++) {
        out[i].filing = filing_of(filings, nfilings, out[i].key);
        out[i].state = state_of(&out[i], now);
    }
    return n;
}

const char *obligation_state_key(enum obligation_state state)
{
    static const char *const keys[] = {"not_applicable", "pending", "due_soon",
                                       "past_target",    "overdue", "filed",
                                       "undecided"};

    return (unsigned)state <= OB_UNDECIDED ? keys[state] : "pending";
}

bool obligation_key_is_known(const char *key)
{
    static const char *const keys[] = {
        "appi_preliminary",
        "appi_final",
        "appi_individuals",
        "mynumber_preliminary",
        "mynumber_final",
        "gdpr_authority",
        "gdpr_subjects",
        "nis2_early_warning",
        "nis2_notification",
        "nis2_final",
        "sec_8k",
    };

    for (size_t i = 0; key != NULL && i < sizeof(keys) / sizeof(keys[0]); i++) {
        if (strcmp(keys[i], key) == 0)
            return true;
    }
    return false;
}

void obligation_note_triggers(const struct incident *before,
                              struct incident *after, kz_time now)
{
    static const struct {
        const char *key;
        enum trigger t;
    } map[] = {
        {"appi_preliminary", TRIGGER_APPI},
        {"mynumber_preliminary", TRIGGER_MYNUMBER},
        {"gdpr_authority", TRIGGER_GDPR_AUTHORITY},
        {"gdpr_subjects", TRIGGER_GDPR_SUBJECTS},
        {"nis2_early_warning", TRIGGER_NIS2},
    };
    /* Every regime: when a trigger was met is a fact about the record,
     * whichever regimes are switched on today. */
    const struct obligation_config all = {true, true, true, true, true};
    struct obligation was[OBLIGATIONS_MAX];
    struct obligation is[OBLIGATIONS_MAX];
    size_t nwas = obligations_evaluate(before, &all, NULL, 0, now, was);
    size_t nis = obligations_evaluate(after, &all, NULL, 0, now, is);

    for (size_t m = 0; m < sizeof(map) / sizeof(map[0]); m++) {
        bool held = false;
        bool holds = false;
        for (size_t i = 0; i < nwas; i++)
            held =
                held || (strcmp(was[i].key, map[m].key) == 0 && was[i].applies);
        for (size_t i = 0; i < nis; i++)
            holds =
                holds || (strcmp(is[i].key, map[m].key) == 0 && is[i].applies);
        if (!holds)
            after->trigger_at[map[m].t] = KZ_TIME_NONE;
        else if (!held)
            after->trigger_at[map[m].t] = now;
    }
}

bool obligation_appi_applies(const struct incident *inc)
{
    struct facts f;
    struct obligation o;

    memset(&o, 0, sizeof(o));
    gather(inc, &f);
    return inc->kind != KIND_EXERCISE && appi_triggers(&o, &f, 1000, "", "");
}

void open_duty_list_cleanup(struct open_duty_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        xfree(l->items[i].title);
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}
