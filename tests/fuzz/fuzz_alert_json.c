/* SPDX-License-Identifier: MIT */
/*
 * fuzz_alert_json.c - alert_batch_from_json (src/json/alert_json.c) on
 * whatever json_loadb makes of the input, as POST /api/v1/alerts reads a
 * detection tool's body: one alert or {"alerts":[…]}, checked
 * (core/alert.c) with every observable normalised (core/observable.c).
 *
 * Properties: no crash, UB or leak; KZ_OK exactly when no problem was
 * found; every problem names a catalogue message and a field the error
 * envelope can carry (valid UTF-8); each alert read has a fingerprint,
 * known observable types and values without control characters (they
 * are stored as "type<TAB>value" lines), which survive that text form
 * unchanged; and an alert read, sent back with its normalised values,
 * is read again with the same fingerprint (normalising is idempotent,
 * so a repeat groups with the first).
 */
#include "fuzz.h"

#include <jansson.h>

#include "json/alert_json.h"
#include "util/i18n.h"
#include "util/timefmt.h"
#include "util/utf8.h"

/* 2026-11-22T10:00:00+09:00, the tests' "now". */
#define NOW ((kz_time)1795309200)

static void check_problems(const struct kz_problems *p)
{
    FUZZ_CHECK(p->n <= KZ_PROBLEMS_MAX);
    for (size_t i = 0; i < p->n; i++) {
        const char *f = p->items[i].field;
        FUZZ_CHECK(p->items[i].msg_key != NULL);
        FUZZ_CHECK(i18n_has(p->items[i].msg_key));
        FUZZ_CHECK(utf8_is_valid(f, strlen(f)));
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    json_object_seed(1);
    if (timefmt_setup_zone(NULL) != KZ_OK)
        abort();
    return 0;
}

/* The alert 'a' as a tool would send it again. */
static json_t *as_sent(const struct alert *a)
{
    json_t *obs = json_array();

    for (size_t i = 0; i < a->nobs; i++)
        json_array_append_new(obs,
                              json_pack("{s:s, s:s}", "type", a->obs[i].type,
                                        "value", a->obs[i].value));
    return json_pack("{s:s, s:s, s:s, s:o}", "source", a->source, "source_ref",
                     a->source_ref, "title", a->title, "observables", obs);
}

static void check_alert(const struct alert *a)
{
    FUZZ_CHECK(strlen(a->fingerprint) == 64);
    for (size_t i = 0; i < a->nobs; i++) {
        FUZZ_CHECK(alert_obs_type_is_valid(a->obs[i].type));
        FUZZ_CHECK(!utf8_has_control(a->obs[i].value, false));
        FUZZ_CHECK(strchr(a->obs[i].value, '\t') == NULL);
    }
    /* The stored text form gives back the same observables. */
    char *text = alert_obs_encode(a);
    struct alert back;
    alert_init(&back);
    alert_obs_decode(text, &back);
    FUZZ_CHECK(back.nobs == a->nobs);
    for (size_t i = 0; i < a->nobs; i++) {
        FUZZ_CHECK(strcmp(back.obs[i].type, a->obs[i].type) == 0);
        FUZZ_CHECK(strcmp(back.obs[i].value, a->obs[i].value) == 0);
    }
    alert_cleanup(&back);
    free(text);

    json_t *shown = alert_to_json(a, true, true);
    FUZZ_CHECK(shown != NULL);
    json_decref(shown);

    /* Sent again, it reads the same. */
    json_t *again = as_sent(a);
    struct alert *items = NULL;
    size_t n = 0;
    struct kz_problems p;
    kz_problems_clear(&p);
    FUZZ_CHECK(again != NULL);
    enum kz_err err = alert_batch_from_json(again, NOW, &items, &n, &p);
    for (size_t i = 0; i < p.n; i++)
        fprintf(stderr, "sent back: %s %s\n", p.items[i].field,
                p.items[i].msg_key);
    FUZZ_CHECK(err == KZ_OK && n == 1);
    FUZZ_CHECK(strcmp(items[0].fingerprint, a->fingerprint) == 0);
    FUZZ_CHECK(items[0].nobs == a->nobs);
    alert_batch_free(items, n);
    json_decref(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t e;
    json_t *body = json_loadb((const char *)data, size, 0, &e);
    struct alert *items = NULL;
    size_t n = 0;
    struct kz_problems p;

    if (body == NULL)
        return 0;
    kz_problems_clear(&p);
    enum kz_err err = alert_batch_from_json(body, NOW, &items, &n, &p);
    check_problems(&p);
    FUZZ_CHECK(err == KZ_OK || err == KZ_EINVAL);
    FUZZ_CHECK((err == KZ_OK) == (p.n == 0 && !p.truncated));
    FUZZ_CHECK(err == KZ_OK ? (items != NULL && n >= 1)
                            : (items == NULL && n == 0));
    for (size_t i = 0; i < n; i++)
        check_alert(&items[i]);
    alert_batch_free(items, n);
    json_decref(body);
    return 0;
}
