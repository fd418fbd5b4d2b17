/* SPDX-License-Identifier: MIT */
/*
 * test_phase.c - the phase machine (src/core/phase.c, SPEC §3): every pair
 * of phases with and without a reason, and what a move does to the times.
 */
#include "support/test.h"

#include <string.h>

#include "core/incident.h"
#include "core/phase.h"
#include "util/mem.h"

/*
 * What each move must do, written out by hand rather than computed, so a
 * mistake in phase.c cannot also hide in the test:
 *   F forward: allowed with or without a reason
 *   S same phase: refused ("phase.same")
 *   B backward: needs a non-blank reason ("phase.back_reason")
 *   R reopening a closed case: needs a reason ("phase.reopen_reason")
 */
static const char *const moves[PHASE_COUNT] = {
    /*             to: rep tri con inv not rec aft rev clo */
    /* reported      */ "SFFFFFFFF",
    /* triage        */ "BSFFFFFFF",
    /* containment   */ "BBSFFFFFF",
    /* investigation */ "BBBSFFFFF",
    /* notification  */ "BBBBSFFFF",
    /* recovery      */ "BBBBBSFFF",
    /* aftercare     */ "BBBBBBSFF",
    /* review        */ "BBBBBBBSF",
    /* closed        */ "RRRRRRRRS",
};

/* Reasons that count as none: missing, empty, spaces, tabs, newlines and
 * U+3000 IDEOGRAPHIC SPACE as a Japanese IME types it. */
static const char *const blank_reasons[] = {
    NULL,
    "",
    " ",
    "   ",
    "\t",
    "\n",
    "\xE3\x80\x80",
    " \xE3\x80\x80\t ",
    "\xE3\x80\x80\xE3\x80\x80",
};

static const char *const good_reasons[] = {
    "scope was wrong",
    "影響範囲の見直しが必要になったため",
    "\xE3\x80\x80再調査",
    "x",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void check_move(enum phase from, enum phase to, const char *reason,
                       enum kz_err want, const char *want_key)
{
    struct incident inc;
    const char *why = "untouched";
    enum kz_err got;

    incident_init(&inc);
    inc.phase = from;
    got = phase_check_move(&inc, to, reason, &why);
    if (got != want || (want_key == NULL) != (why == NULL) ||
        (want_key != NULL && strcmp(why, want_key) != 0))
        fail_msg("%s -> %s with reason \"%s\": got %d (%s), want %d (%s)",
                 phase_key(from), phase_key(to), reason ? reason : "(null)",
                 got, why ? why : "null", want, want_key ? want_key : "null");
}

static void test_every_pair_without_a_reason(void **state)
{
    (void)state;
    for (int from = 0; from < PHASE_COUNT; from++) {
        for (int to = 0; to < PHASE_COUNT; to++) {
            char rule = moves[from][to];
            for (size_t r = 0; r < N(blank_reasons); r++) {
                const char *reason = blank_reasons[r];
                switch (rule) {
                case 'F':
                    check_move(from, to, reason, KZ_OK, NULL);
                    break;
                case 'S':
                    check_move(from, to, reason, KZ_EINVAL, "phase.same");
                    break;
                case 'B':
                    check_move(from, to, reason, KZ_EINVAL,
                               "phase.back_reason");
                    break;
                case 'R':
                    check_move(from, to, reason, KZ_EINVAL,
                               "phase.reopen_reason");
                    break;
                default:
                    fail_msg("bad rule %c", rule);
                }
            }
        }
    }
}

static void test_every_pair_with_a_reason(void **state)
{
    (void)state;
    for (int from = 0; from < PHASE_COUNT; from++) {
        for (int to = 0; to < PHASE_COUNT; to++) {
            for (size_t r = 0; r < N(good_reasons); r++) {
                if (moves[from][to] == 'S')
                    check_move(from, to, good_reasons[r], KZ_EINVAL,
                               "phase.same");
                else
                    check_move(from, to, good_reasons[r], KZ_OK, NULL);
            }
        }
    }
}

static void test_move_back_needs_reason(void **state)
{
    struct incident inc;
    const char *why = NULL;

    (void)state;
    incident_init(&inc);
    inc.phase = PHASE_INVESTIGATION;
    assert_int_equal(phase_check_move(&inc, PHASE_TRIAGE, "", &why), KZ_EINVAL);
    assert_string_equal(why, "phase.back_reason");
    assert_int_equal(
        phase_check_move(&inc, PHASE_TRIAGE, "scope was wrong", &why), KZ_OK);
    assert_null(why);
}

static void test_forward_may_skip_phases(void **state)
{
    struct incident inc;
    const char *why = NULL;

    (void)state;
    incident_init(&inc);
    assert_int_equal(phase_check_move(&inc, PHASE_CLOSED, NULL, &why), KZ_OK);
    inc.phase = PHASE_TRIAGE;
    assert_int_equal(phase_check_move(&inc, PHASE_RECOVERY, NULL, &why), KZ_OK);
}

static void test_unknown_target_phase_is_refused(void **state)
{
    struct incident inc;
    const char *why = NULL;

    (void)state;
    incident_init(&inc);
    assert_int_equal(phase_check_move(&inc, PHASE_COUNT, "x", &why), KZ_EINVAL);
    assert_string_equal(why, "phase.unknown");
    assert_int_equal(phase_check_move(&inc, (enum phase) - 1, "x", &why),
                     KZ_EINVAL);
    assert_string_equal(why, "phase.unknown");
}

static void test_reason_must_be_valid_utf8(void **state)
{
    struct incident inc;
    const char *why = NULL;

    (void)state;
    incident_init(&inc);
    inc.phase = PHASE_RECOVERY;
    /* Truncated three-byte sequence, on a backward and a forward move. */
    assert_int_equal(phase_check_move(&inc, PHASE_TRIAGE, "\xE3\x81", &why),
                     KZ_EINVAL);
    assert_string_equal(why, "v.utf8");
    assert_int_equal(phase_check_move(&inc, PHASE_CLOSED, "ok \xC0\xAF", &why),
                     KZ_EINVAL);
    assert_string_equal(why, "v.utf8");
}

static void test_reason_longer_than_text_max_is_refused(void **state)
{
    struct incident inc;
    const char *why = NULL;
    size_t n = INCIDENT_TEXT_MAX + 1;
    char *reason = xmalloc(3 * n + 1);

    (void)state;
    incident_init(&inc);
    inc.phase = PHASE_REVIEW;
    /* INCIDENT_TEXT_MAX code points of "あ" pass, one more does not. */
    for (size_t i = 0; i < n; i++)
        memcpy(reason + 3 * i, "\xE3\x81\x82", 3);
    reason[3 * n] = '\0';
    assert_int_equal(phase_check_move(&inc, PHASE_TRIAGE, reason, &why),
                     KZ_EINVAL);
    assert_string_equal(why, "v.text_too_long");
    reason[3 * (n - 1)] = '\0';
    assert_int_equal(phase_check_move(&inc, PHASE_TRIAGE, reason, &why), KZ_OK);
    xfree(reason);
}

static void test_apply_forward_stamps_only_the_target(void **state)
{
    struct incident inc;

    (void)state;
    incident_init(&inc);
    inc.phase_times[PHASE_REPORTED] = 1000;
    phase_apply_move(&inc, PHASE_INVESTIGATION, 5000);
    assert_int_equal(inc.phase, PHASE_INVESTIGATION);
    assert_int_equal(inc.phase_times[PHASE_REPORTED], 1000);
    /* Skipped phases were never reached. */
    assert_true(inc.phase_times[PHASE_TRIAGE] == KZ_TIME_NONE);
    assert_true(inc.phase_times[PHASE_CONTAINMENT] == KZ_TIME_NONE);
    assert_int_equal(inc.phase_times[PHASE_INVESTIGATION], 5000);
    for (int p = PHASE_NOTIFICATION; p < PHASE_COUNT; p++)
        assert_true(inc.phase_times[p] == KZ_TIME_NONE);
}

static void test_apply_backward_forgets_later_phases(void **state)
{
    struct incident inc;

    (void)state;
    incident_init(&inc);
    for (int p = PHASE_REPORTED; p <= PHASE_RECOVERY; p++)
        inc.phase_times[p] = 1000 + p;
    inc.phase = PHASE_RECOVERY;
    phase_apply_move(&inc, PHASE_TRIAGE, 9000);
    assert_int_equal(inc.phase, PHASE_TRIAGE);
    assert_int_equal(inc.phase_times[PHASE_REPORTED], 1000);
    assert_int_equal(inc.phase_times[PHASE_TRIAGE], 9000);
    for (int p = PHASE_CONTAINMENT; p < PHASE_COUNT; p++)
        assert_true(inc.phase_times[p] == KZ_TIME_NONE);
}

/* For every pair: the target is stamped, earlier phases keep their time,
 * later ones keep theirs on a forward move and lose them on a backward
 * one. */
static void test_apply_every_pair(void **state)
{
    (void)state;
    for (int from = 0; from < PHASE_COUNT; from++) {
        for (int to = 0; to < PHASE_COUNT; to++) {
            struct incident inc;
            incident_init(&inc);
            for (int p = 0; p <= from; p++)
                inc.phase_times[p] = 100 * (p + 1);
            inc.phase = (enum phase)from;
            phase_apply_move(&inc, (enum phase)to, 7777);
            assert_int_equal(inc.phase, to);
            for (int p = 0; p < PHASE_COUNT; p++) {
                kz_time want;
                if (p == to)
                    want = 7777;
                else if (p < to)
                    want = p <= from ? 100 * (p + 1) : KZ_TIME_NONE;
                else if (to < from)
                    want = KZ_TIME_NONE; /* backward: reached again later */
                else
                    want = p <= from ? 100 * (p + 1) : KZ_TIME_NONE;
                if (inc.phase_times[p] != want)
                    fail_msg("%s -> %s: time of %s is %lld, want %lld",
                             phase_key(from), phase_key(to), phase_key(p),
                             (long long)inc.phase_times[p], (long long)want);
            }
        }
    }
}

static void test_keys_follow_the_response_flow(void **state)
{
    static const char *const keys[PHASE_COUNT] = {
        "reported", "triage",    "containment", "investigation", "notification",
        "recovery", "aftercare", "review",      "closed",
    };
    enum phase p;

    (void)state;
    for (int i = 0; i < PHASE_COUNT; i++) {
        assert_string_equal(phase_key((enum phase)i), keys[i]);
        assert_true(phase_from_key(keys[i], &p));
        assert_int_equal(p, i);
    }
    assert_false(phase_from_key("Triage", &p));
    assert_false(phase_from_key("", &p));
    assert_false(phase_from_key(NULL, &p));
    assert_string_equal(phase_key(PHASE_COUNT), "reported");
}

static void test_backward_means_earlier_in_the_flow(void **state)
{
    (void)state;
    for (int from = 0; from < PHASE_COUNT; from++) {
        for (int to = 0; to < PHASE_COUNT; to++) {
            bool want = moves[from][to] == 'B' || moves[from][to] == 'R';
            assert_int_equal(phase_is_backward(from, to), want);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_pair_without_a_reason),
        cmocka_unit_test(test_every_pair_with_a_reason),
        cmocka_unit_test(test_move_back_needs_reason),
        cmocka_unit_test(test_forward_may_skip_phases),
        cmocka_unit_test(test_unknown_target_phase_is_refused),
        cmocka_unit_test(test_reason_must_be_valid_utf8),
        cmocka_unit_test(test_reason_longer_than_text_max_is_refused),
        cmocka_unit_test(test_apply_forward_stamps_only_the_target),
        cmocka_unit_test(test_apply_backward_forgets_later_phases),
        cmocka_unit_test(test_apply_every_pair),
        cmocka_unit_test(test_keys_follow_the_response_flow),
        cmocka_unit_test(test_backward_means_earlier_in_the_flow),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
