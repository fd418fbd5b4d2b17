/* SPDX-License-Identifier: MIT */
/*
 * test_playbook_title.c - a task made from a playbook step finds its
 * title in the other language (src/core/playbook.c, playbook_title_in):
 * from either language's title to either; a title no step has (a
 * person's task, or one renamed) finds nothing.
 */
#include "support/test.h"

#include <string.h>

#include "core/playbook.h"

static void test_either_way(void **state)
{
    struct playbook pb;

    (void)state;
    playbook_init(&pb);
    playbook_add(&pb, PHASE_TRIAGE, "端末を隔離する", "Isolate the device", 1,
                 NULL, true);
    playbook_add(&pb, PHASE_TRIAGE, "関係者に連絡する", "Tell those concerned",
                 0, NULL, false);
    assert_string_equal(playbook_title_in(&pb, "関係者に連絡する", LANG_EN),
                        "Tell those concerned");
    assert_string_equal(playbook_title_in(&pb, "Isolate the device", LANG_JA),
                        "端末を隔離する");
    assert_string_equal(playbook_title_in(&pb, "端末を隔離する", LANG_JA),
                        "端末を隔離する");
    assert_null(playbook_title_in(&pb, "端末を隔離する（済）", LANG_EN));
    assert_null(playbook_title_in(&pb, NULL, LANG_EN));
    playbook_cleanup(&pb);
}

static void test_every_default_step_has_both(void **state)
{
    static const char *cats[] = {"ransomware", "device_loss",
                                 "misdirected_email"};

    (void)state;
    for (size_t c = 0; c < sizeof(cats) / sizeof(cats[0]); c++) {
        struct playbook pb;
        playbook_init(&pb);
        assert_true(playbook_default(cats[c], &pb));
        for (size_t i = 0; i < pb.n; i++) {
            const char *en =
                playbook_title_in(&pb, pb.steps[i].title_ja, LANG_EN);
            assert_non_null(en);
            assert_string_not_equal(en, pb.steps[i].title_ja);
        }
        playbook_cleanup(&pb);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_either_way),
        cmocka_unit_test(test_every_default_step_has_both),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
