/* SPDX-License-Identifier: MIT */
/*
 * fuzz_incident_json.c - incident_from_json (src/json/incident_json.c) in
 * both of its modes on whatever json_loadb makes of the input: CREATE
 * onto a fresh record, as POST /api/v1/incidents does, and PATCH onto a
 * stored one, as PATCH /api/v1/incidents/{ref} does.
 *
 * Properties: no crash, UB or leak; the answer agrees with the problems
 * (KZ_OK with none, KZ_EINVAL with some, KZ_EMALFORMED for a non-object);
 * every problem names a catalogue message and a field the error envelope
 * can carry (valid UTF-8); validation and encoding of what was decoded
 * work; and a record a PATCH produced, encoded and sent back as a PATCH,
 * is accepted and unchanged (what kizuki answers, it accepts).
 */
#include "fuzz.h"

#include <jansson.h>

#include "json/incident_json.h"
#include "util/i18n.h"
#include "util/timefmt.h"
#include "util/utf8.h"

/* 2026-11-22T10:00:00+09:00, the tests' "now". */
#define NOW ((kz_time)1795309200)

static struct incident stored;

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
    static const char record[] =
        "{\"title\": \"標的型メールの開封\","
        " \"discovered_at\": \"2026-11-22T09:30:00+09:00\","
        " \"reported_at\": \"2026-11-22T09:45:00+09:00\","
        " \"category\": \"phishing\", \"severity\": \"S2\","
        " \"severity_reason\": \"全社員に届いたため\", \"tags\": [\"mail\"],"
        " \"info_types\": [{\"type\": \"name\", \"count\": 120}],"
        " \"members\": [\"sato\"], \"restricted\": true}";
    struct kz_problems p;
    json_t *j;

    (void)argc;
    (void)argv;
    json_object_seed(1); /* the same hash order in every run */
    if (timefmt_setup_zone(NULL) != KZ_OK)
        abort();
    j = json_loads(record, 0, NULL);
    incident_init(&stored);
    kz_problems_clear(&p);
    if (j == NULL ||
        incident_from_json(j, INCIDENT_JSON_CREATE, &stored, &p) != KZ_OK)
        abort();
    json_decref(j);
    snprintf(stored.ref, sizeof(stored.ref), "INC-2026-0007");
    stored.id = 7;
    stored.phase = PHASE_TRIAGE;
    stored.phase_times[PHASE_REPORTED] = stored.reported_at;
    stored.phase_times[PHASE_TRIAGE] = NOW;
    stored.version = 3;
    stored.created_at = stored.reported_at;
    stored.updated_at = NOW;
    return 0;
}

static void one_mode(const json_t *obj, enum incident_json_mode mode)
{
    struct incident inc;
    struct kz_problems p;

    incident_init(&inc);
    if (mode == INCIDENT_JSON_PATCH)
        incident_copy(&inc, &stored);
    kz_problems_clear(&p);
    enum kz_err err = incident_from_json(obj, mode, &inc, &p);
    check_problems(&p);
    if (!json_is_object(obj)) {
        FUZZ_CHECK(err == KZ_EMALFORMED);
        incident_cleanup(&inc);
        return;
    }
    FUZZ_CHECK(err == KZ_OK || err == KZ_EINVAL);
    FUZZ_CHECK((err == KZ_OK) == (p.n == 0 && !p.truncated));

    struct kz_problems v;
    kz_problems_clear(&v);
    (void)incident_validate(&inc, NOW, &v);
    check_problems(&v);

    json_t *back = incident_to_json(&inc);
    FUZZ_CHECK(back != NULL);
    char *text = json_dumps(back, JSON_COMPACT);
    FUZZ_CHECK(text != NULL);
    free(text);

    if (mode == INCIDENT_JSON_PATCH && err == KZ_OK) {
        struct incident again;
        struct kz_problems p2;
        incident_init(&again);
        incident_copy(&again, &inc);
        kz_problems_clear(&p2);
        err = incident_from_json(back, INCIDENT_JSON_PATCH, &again, &p2);
        for (size_t i = 0; i < p2.n; i++)
            fprintf(stderr, "sent back: %s %s\n", p2.items[i].field,
                    p2.items[i].msg_key);
        FUZZ_CHECK(err == KZ_OK);
        json_t *back2 = incident_to_json(&again);
        FUZZ_CHECK(json_equal(back, back2));
        json_decref(back2);
        incident_cleanup(&again);
    }
    json_decref(back);
    incident_cleanup(&inc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t e;
    json_t *obj = json_loadb((const char *)data, size, 0, &e);

    if (obj == NULL)
        return 0;
    one_mode(obj, INCIDENT_JSON_CREATE);
    one_mode(obj, INCIDENT_JSON_PATCH);
    json_decref(obj);
    return 0;
}
