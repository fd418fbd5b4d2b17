/* SPDX-License-Identifier: MIT */
/*
 * fuzz_registry.c - the documents of the registry: the JSON bodies that
 * become assets, contacts, convocation rules, playbooks and tasks
 * (src/json/response_json.c) and the core rules that validate them
 * (src/core/asset.c, contact.c, convocation.c, playbook.c, task.c), taken
 * through src/app/registry.c's registry_type where there is one.  The
 * first input byte picks the kind; the rest goes to json_loadb.
 *
 * Properties: no crash, UB or leak; every problem names a catalogue
 * message and a field the error envelope can carry; a record that passed
 * decoding and validation, stored as app_registry_save stores it (its
 * complete JSON) and loaded as registry.c loads it, is the same record
 * and still valid; a contact shown with its webhook address masked and
 * sent back unchanged keeps the stored address.
 */
#include "fuzz.h"

#include <jansson.h>

#include "app/registry.h"
#include "json/response_json.h"
#include "util/i18n.h"
#include "util/mem.h"
#include "util/utf8.h"

#define NOW ((kz_time)1795309200) /* 2026-11-22T10:00:00+09:00 */
#define CATEGORY "ransomware"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    json_object_seed(1);
    if (timefmt_setup_zone(NULL) != KZ_OK)
        abort();
    return 0;
}

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

/* Store 'j' as text and read it back, as the store and registry.c do. */
static json_t *stored(const json_t *j)
{
    char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    FUZZ_CHECK(text != NULL);
    json_t *back = json_loads(text, 0, NULL);
    FUZZ_CHECK(back != NULL);
    free(text);
    return back;
}

static void masked_contact_kept(const struct contact *c)
{
    struct contact again;
    struct kz_problems p;
    json_t *shown = contact_to_json(c, false);
    json_t *want = contact_to_json(c, true);

    contact_init(&again);
    contact_copy(&again, c);
    kz_problems_clear(&p);
    contact_apply_json(shown, &again, &p);
    check_problems(&p);
    json_t *got = contact_to_json(&again, true);
    /* No address is shown as null whether it is stored as NULL or "". */
    const char *url = json_string_value(json_object_get(want, "webhook_url"));
    if (url != NULL && url[0] == '\0')
        json_object_set_new(want, "webhook_url", json_null());
    if (!json_equal(want, got))
        fprintf(stderr, "stored %s, shown %s, kept %s\n", c->webhook_url,
                json_string_value(json_object_get(shown, "webhook_url")),
                again.webhook_url);
    FUZZ_CHECK(json_equal(want, got));
    json_decref(got);
    json_decref(want);
    json_decref(shown);
    contact_cleanup(&again);
}

static void registry_kind(const struct registry_type *t, const json_t *obj)
{
    void *rec = xcalloc(1, t->size);
    struct kz_problems p;

    t->init(rec);
    kz_problems_clear(&p);
    t->apply(obj, rec, &p);
    size_t decoded = p.n;
    enum kz_err err = t->validate(rec, NOW, &p);
    check_problems(&p);
    FUZZ_CHECK((err == KZ_OK) == (p.n == decoded && !p.truncated));
    json_t *j = t->to_json(rec);
    FUZZ_CHECK(j != NULL);
    if (err == KZ_OK && decoded == 0) {
        json_t *doc = stored(j);
        void *back = xcalloc(1, t->size);
        struct kz_problems p2;
        t->init(back);
        kz_problems_clear(&p2);
        t->apply(doc, back, &p2);
        check_problems(&p2);
        FUZZ_CHECK(p2.n == 0);
        FUZZ_CHECK(t->validate(back, NOW, &p2) == KZ_OK);
        json_t *j2 = t->to_json(back);
        FUZZ_CHECK(json_equal(j, j2));
        json_decref(j2);
        json_decref(doc);
        t->cleanup(back);
        xfree(back);
        if (t == &registry_contact)
            masked_contact_kept(rec);
    }
    json_decref(j);
    t->cleanup(rec);
    xfree(rec);
}

static void playbook_kind(const json_t *obj)
{
    struct playbook pb;
    struct kz_problems p;

    /* As app_playbook_put: the category comes from the path. */
    playbook_init(&pb);
    pb.category = xstrdup(CATEGORY);
    kz_problems_clear(&p);
    playbook_apply_json(obj, &pb, &p);
    size_t decoded = p.n;
    enum kz_err err = playbook_validate(&pb, &p);
    check_problems(&p);
    json_t *j = playbook_to_json(&pb);
    FUZZ_CHECK(j != NULL);
    if (err == KZ_OK && decoded == 0) {
        /* As app_playbook_get loads a custom playbook. */
        json_t *doc = stored(j);
        struct playbook back;
        struct kz_problems p2;
        playbook_init(&back);
        back.category = xstrdup(CATEGORY);
        kz_problems_clear(&p2);
        playbook_apply_json(doc, &back, &p2);
        check_problems(&p2);
        FUZZ_CHECK(p2.n == 0);
        FUZZ_CHECK(playbook_validate(&back, &p2) == KZ_OK);
        json_t *j2 = playbook_to_json(&back);
        FUZZ_CHECK(json_equal(j, j2));
        json_decref(j2);
        json_decref(doc);
        playbook_cleanup(&back);
    }
    json_decref(j);
    playbook_cleanup(&pb);
}

static void task_kind(const json_t *obj)
{
    struct task t;
    struct kz_problems p;

    /* As app_task_add. */
    task_init(&t);
    t.phase = PHASE_TRIAGE;
    kz_problems_clear(&p);
    task_apply_json(obj, &t, &p);
    (void)task_validate(&t, &p);
    check_problems(&p);
    json_t *j = task_to_json(&t, NOW);
    FUZZ_CHECK(j != NULL);
    json_decref(j);
    task_cleanup(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t e;

    if (size < 1)
        return 0;
    json_t *obj = json_loadb((const char *)data + 1, size - 1, 0, &e);
    if (obj == NULL)
        return 0;
    switch (data[0] % 5) {
    case 0:
        registry_kind(&registry_asset, obj);
        break;
    case 1:
        registry_kind(&registry_contact, obj);
        break;
    case 2:
        registry_kind(&registry_rule, obj);
        break;
    case 3:
        playbook_kind(obj);
        break;
    default:
        task_kind(obj);
        break;
    }
    json_decref(obj);
    return 0;
}
