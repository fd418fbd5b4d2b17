/* SPDX-License-Identifier: MIT */
/*
 * test_playbook.c - playbooks and their tasks (src/core/playbook.c,
 * playbook_data.c; SPEC C5): every category has a default playbook that
 * validates, first aid where playbook_data.c defines some, the shared
 * checklist in each, evidence preserved before recovery, the ransomware
 * first aid that forbids rebooting, and tasks with due times from
 * due_hours and the incident's owner.
 */
#include "support/test.h"

#include <string.h>

#include "core/playbook.h"
#include "core/taxonomy.h"
#include "util/mem.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define NOW ((kz_time)1795309200)

/* The categories whose default playbook has no first-aid step, as
 * playbook_data.c defines them: a scan, a breach of rules and "other"
 * need facts before anything is done at once. */
static const char *const no_first_aid[] = {"scan_probe", "policy_violation",
                                           "other"};

/* Steps every playbook shares (the rows without a category). */
#define SHARED_STEPS 10

static bool listed(const char *const *l, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(l[i], key) == 0)
            return true;
    }
    return false;
}

static bool has_first_aid(const struct playbook *pb)
{
    for (size_t i = 0; i < pb->n; i++) {
        if (pb->steps[i].first_aid)
            return true;
    }
    return false;
}

static void test_every_category_has_a_valid_default(void **state)
{
    (void)state;
    for (size_t i = 0; i < taxonomy_category.count; i++) {
        const char *key = taxonomy_category.entries[i].key;
        struct playbook pb;
        struct kz_problems p;

        playbook_init(&pb);
        if (!playbook_default(key, &pb))
            fail_msg("no default playbook for %s", key);
        assert_string_equal(pb.category, key);
        assert_true(pb.n >= SHARED_STEPS);
        assert_true(pb.n <= PLAYBOOK_STEPS_MAX);
        kz_problems_clear(&p);
        if (playbook_validate(&pb, &p) != KZ_OK) {
            problems_print(&p);
            fail_msg("default playbook for %s does not validate", key);
        }
        bool want = !listed(no_first_aid, N(no_first_aid), key);
        if (has_first_aid(&pb) != want)
            fail_msg("%s: first aid %s", key,
                     want ? "missing" : "not expected");
        /* "other" is exactly the shared checklist. */
        if (strcmp(key, "other") == 0)
            assert_int_equal(pb.n, SHARED_STEPS);
        else
            assert_true(pb.n > SHARED_STEPS);
        playbook_cleanup(&pb);
    }
    for (size_t i = 0; i < N(no_first_aid); i++)
        assert_true(taxonomy_has(&taxonomy_category, no_first_aid[i]));
}

/* Steps run in phase order; within a phase first aid comes first, and
 * the category's own steps before the shared ones; every step has both
 * titles, a due time and a role. */
static void test_step_order(void **state)
{
    struct playbook other;

    (void)state;
    playbook_init(&other);
    assert_true(playbook_default("other", &other));
    for (size_t i = 0; i < taxonomy_category.count; i++) {
        struct playbook pb;
        playbook_init(&pb);
        assert_true(playbook_default(taxonomy_category.entries[i].key, &pb));
        size_t shared_seen = 0;
        for (size_t k = 0; k < pb.n; k++) {
            const struct playbook_step *s = &pb.steps[k];
            assert_true(s->due_hours > 0);
            assert_non_null(s->owner_role);
            assert_true(s->title_ja[0] != '\0' && s->title_en[0] != '\0');
            if (k == 0)
                continue;
            const struct playbook_step *prev = &pb.steps[k - 1];
            assert_true(prev->phase <= s->phase);
            if (prev->phase == s->phase && s->first_aid)
                assert_true(prev->first_aid);
        }
        /* The shared steps appear in the same order, and no step of the
         * category's own follows a shared step of its phase. */
        int last_shared_phase = -1;
        for (size_t k = 0; k < pb.n; k++) {
            if (shared_seen < other.n &&
                strcmp(pb.steps[k].title_en,
                       other.steps[shared_seen].title_en) == 0) {
                last_shared_phase = (int)pb.steps[k].phase;
                shared_seen++;
            } else if ((int)pb.steps[k].phase <= last_shared_phase) {
                fail_msg("%s: \"%s\" follows the shared checklist", pb.category,
                         pb.steps[k].title_en);
            }
        }
        assert_int_equal(shared_seen, other.n);
        playbook_cleanup(&pb);
    }
    playbook_cleanup(&other);
}

/* Ransomware's first aid: cut the network, and do not reboot (the
 * memory holds evidence and some strains encrypt more on start). */
static void test_ransomware_first_aid_says_do_not_reboot(void **state)
{
    struct playbook pb;
    bool found = false;

    (void)state;
    playbook_init(&pb);
    assert_true(playbook_default("ransomware", &pb));
    /* In phase order, the triage checklist first; the first containment
     * step is the disconnection. */
    size_t first = 0;
    while (first < pb.n && pb.steps[first].phase < PHASE_CONTAINMENT)
        first++;
    assert_true(first < pb.n);
    assert_true(pb.steps[first].first_aid);
    assert_non_null(strstr(pb.steps[first].title_ja, "再起動しない"));
    for (size_t i = 0; i < pb.n; i++) {
        const struct playbook_step *s = &pb.steps[i];
        if (s->first_aid && strstr(s->title_ja, "再起動しない") != NULL &&
            strstr(s->title_en, "do not power off or reboot") != NULL) {
            found = true;
            assert_int_equal(s->due_hours, 1);
        }
    }
    assert_true(found);
    playbook_cleanup(&pb);
}

/* SPEC §2.5: evidence is preserved before recovery, in every playbook
 * that recovers systems. */
static void test_evidence_before_recovery(void **state)
{
    (void)state;
    for (size_t i = 0; i < taxonomy_category.count; i++) {
        struct playbook pb;
        long evidence = -1;
        long recovery = -1;

        playbook_init(&pb);
        assert_true(playbook_default(taxonomy_category.entries[i].key, &pb));
        for (size_t k = 0; k < pb.n; k++) {
            if (evidence < 0 && (strstr(pb.steps[k].title_en, "Preserve") ||
                                 strstr(pb.steps[k].title_en, "preserve")))
                evidence = (long)k;
            if (recovery < 0 && pb.steps[k].phase == PHASE_RECOVERY)
                recovery = (long)k;
        }
        assert_true(evidence >= 0);
        if (recovery >= 0 && evidence > recovery)
            fail_msg("%s: recovery (step %ld) before evidence (step %ld)",
                     pb.category, recovery, evidence);
        playbook_cleanup(&pb);
    }
}

static void test_unknown_category_has_none(void **state)
{
    struct playbook pb;

    (void)state;
    playbook_init(&pb);
    assert_false(playbook_default("hacking", &pb));
    assert_false(playbook_default(NULL, &pb));
    assert_false(playbook_default("", &pb));
    assert_null(pb.category);
    assert_int_equal(pb.n, 0);
    /* Loading over a playbook replaces it. */
    assert_true(playbook_default("bec", &pb));
    size_t bec = pb.n;
    assert_true(playbook_default("other", &pb));
    assert_string_equal(pb.category, "other");
    assert_true(pb.n < bec);
    playbook_cleanup(&pb);
    playbook_cleanup(&pb);
}

/* A playbook of one valid step, for the validation cases. */
static void one_step(struct playbook *pb)
{
    playbook_init(pb);
    pb->category = xstrdup("malware");
    playbook_add(pb, PHASE_CONTAINMENT, "端末を隔離する", "Isolate the host", 1,
                 "it_admin", true);
}

static void expect(const struct playbook *pb, const char *field,
                   const char *key, const char *what)
{
    struct kz_problems p;
    enum kz_err err;

    kz_problems_clear(&p);
    err = playbook_validate(pb, &p);
    if (field == NULL) {
        if (err != KZ_OK || p.n != 0) {
            problems_print(&p);
            fail_msg("%s: should be valid", what);
        }
        return;
    }
    if (err != KZ_EINVAL || p.n != 1 || !problems_have(&p, field, key)) {
        problems_print(&p);
        fail_msg("%s: want exactly %s: %s", what, field, key);
    }
}

static void test_validation(void **state)
{
    struct playbook pb;

    (void)state;
    one_step(&pb);
    expect(&pb, NULL, NULL, "one step");
    xstrset(&pb.category, "hacking");
    expect(&pb, "category", "v.unknown_key", "unknown category");
    xstrset(&pb.category, NULL);
    expect(&pb, "category", "v.unknown_key", "no category");
    playbook_cleanup(&pb);

    one_step(&pb);
    pb.steps[0].phase = PHASE_COUNT;
    expect(&pb, "steps[0].phase", "v.unknown_key", "phase out of range");
    playbook_cleanup(&pb);

    one_step(&pb);
    xstrset(&pb.steps[0].title_ja, "");
    expect(&pb, "steps[0].title_ja", "v.required", "no Japanese title");
    playbook_cleanup(&pb);
    one_step(&pb);
    xstrset(&pb.steps[0].title_en, "two\nlines");
    expect(&pb, "steps[0].title_en", "v.single_line", "English on 2 lines");
    playbook_cleanup(&pb);

    static const struct {
        int hours;
        bool ok;
    } due[] = {{-1, false},
               {0, true},
               {PLAYBOOK_DUE_HOURS_MAX, true},
               {PLAYBOOK_DUE_HOURS_MAX + 1, false}};
    for (size_t i = 0; i < N(due); i++) {
        one_step(&pb);
        pb.steps[0].due_hours = due[i].hours;
        expect(&pb, due[i].ok ? NULL : "steps[0].due_hours", "v.due_hours",
               "due_hours");
        playbook_cleanup(&pb);
    }

    one_step(&pb);
    xstrset(&pb.steps[0].owner_role, "ceo");
    expect(&pb, "steps[0].owner_role", "v.unknown_key", "unknown role");
    xstrset(&pb.steps[0].owner_role, NULL);
    expect(&pb, NULL, NULL, "no role");
    playbook_cleanup(&pb);

    /* At most PLAYBOOK_STEPS_MAX steps. */
    one_step(&pb);
    while (pb.n < PLAYBOOK_STEPS_MAX)
        playbook_add(&pb, PHASE_REVIEW, "振り返る", "Review", 720, NULL, false);
    expect(&pb, NULL, NULL, "the most steps");
    playbook_add(&pb, PHASE_REVIEW, "振り返る", "Review", 720, NULL, false);
    expect(&pb, "steps", "v.too_many", "one step too many");
    playbook_cleanup(&pb);

    /* An empty playbook is allowed: the category then creates no task. */
    playbook_init(&pb);
    pb.category = xstrdup("other");
    expect(&pb, NULL, NULL, "no steps");
    playbook_cleanup(&pb);

    /* playbook_add takes NULL texts as empty and "" as no role. */
    one_step(&pb);
    playbook_add(&pb, PHASE_TRIAGE, NULL, NULL, 0, "", false);
    assert_string_equal(pb.steps[1].title_ja, "");
    assert_null(pb.steps[1].owner_role);
    playbook_cleanup(&pb);
}

/* Tasks: due from due_hours after 'now' (none for 0), owned by the
 * incident's owner when known, else by the step's role, in the chosen
 * language, open, marked with their source. */
static void test_tasks_from_steps(void **state)
{
    struct playbook pb;
    struct task t;

    (void)state;
    one_step(&pb);
    playbook_add(&pb, PHASE_REVIEW, "振り返りを行う", "Hold a review", 0,
                 "csirt_lead", false);
    task_init(&t);

    playbook_task(&pb, 0, NOW, LANG_JA, "情報システム部 田中", &t);
    assert_int_equal(t.phase, PHASE_CONTAINMENT);
    assert_string_equal(t.title, "端末を隔離する");
    assert_string_equal(t.owner, "情報システム部 田中");
    assert_int_equal(t.due_at, NOW + 3600);
    assert_int_equal(t.status, TASK_OPEN);
    assert_true(t.first_aid);
    assert_string_equal(t.source, "playbook:malware");
    assert_int_equal(t.created_at, NOW);
    assert_int_equal(t.id, 0);
    struct kz_problems p;
    kz_problems_clear(&p);
    assert_int_equal(task_validate(&t, &p), KZ_OK);

    /* No owner on the incident (or an empty one): the step's role. */
    playbook_task(&pb, 0, NOW, LANG_EN, NULL, &t);
    assert_string_equal(t.title, "Isolate the host");
    assert_string_equal(t.owner, "it_admin");
    playbook_task(&pb, 0, NOW, LANG_JA, "", &t);
    assert_string_equal(t.owner, "it_admin");

    /* due_hours 0: no due time. */
    playbook_task(&pb, 1, NOW, LANG_JA, NULL, &t);
    assert_true(t.due_at == KZ_TIME_NONE);
    assert_false(t.first_aid);
    assert_false(task_is_overdue(&t, NOW + 365 * 86400));
    task_cleanup(&t);
    playbook_cleanup(&pb);

    /* Every step of a default playbook becomes a valid task. */
    playbook_init(&pb);
    assert_true(playbook_default("device_loss", &pb));
    for (size_t i = 0; i < pb.n; i++) {
        playbook_task(&pb, i, NOW, LANG_JA, NULL, &t);
        assert_int_equal(t.due_at, NOW + (kz_time)pb.steps[i].due_hours * 3600);
        assert_string_equal(t.owner, pb.steps[i].owner_role);
        assert_int_equal(t.first_aid, pb.steps[i].first_aid);
        assert_string_equal(t.source, "playbook:device_loss");
        kz_problems_clear(&p);
        assert_int_equal(task_validate(&t, &p), KZ_OK);
        /* Overdue one second after its due time, not at it. */
        assert_false(task_is_overdue(&t, t.due_at));
        assert_true(task_is_overdue(&t, t.due_at + 1));
    }
    task_cleanup(&t);
    playbook_cleanup(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_category_has_a_valid_default),
        cmocka_unit_test(test_step_order),
        cmocka_unit_test(test_ransomware_first_aid_says_do_not_reboot),
        cmocka_unit_test(test_evidence_before_recovery),
        cmocka_unit_test(test_unknown_category_has_none),
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_tasks_from_steps),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
