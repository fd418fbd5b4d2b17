/* SPDX-License-Identifier: MIT */
/*
 * test_evidence.c - evidence in the domain (src/core/evidence.c): the
 * custody actions and their spellings, every state against every action,
 * the custody hash chain, the name sanitiser and the header decoding.
 */
#include "support/test.h"

#include <string.h>

#include "core/evidence.h"
#include "util/mem.h"
#include "util/utf8.h"

static void test_actions_and_aliases(void **state)
{
    (void)state;
    static const char *const keys[] = {"acquire", "handover", "transfer",
                                       "copy",    "checkout", "return",
                                       "seal",    "disposal"};
    enum custody_action a;

    for (int i = 0; i < CUSTODY_ACTION_COUNT; i++) {
        assert_string_equal(custody_action_key((enum custody_action)i),
                            keys[i]);
        assert_true(custody_action_from_key(keys[i], &a));
        assert_int_equal(a, i);
    }
    assert_true(custody_action_from_key("hand_over", &a));
    assert_int_equal(a, CUSTODY_HANDOVER);
    assert_true(custody_action_from_key("hand-over", &a));
    assert_int_equal(a, CUSTODY_HANDOVER);
    assert_true(custody_action_from_key("check_out", &a));
    assert_int_equal(a, CUSTODY_CHECKOUT);
    assert_true(custody_action_from_key("check-out", &a));
    assert_int_equal(a, CUSTODY_CHECKOUT);
    assert_true(custody_action_from_key("dispose", &a));
    assert_int_equal(a, CUSTODY_DISPOSAL);
    assert_false(custody_action_from_key("Handover", &a));
    assert_false(custody_action_from_key("", &a));
    assert_false(custody_action_from_key(NULL, &a));
}

/* Every state against every action: the state afterwards, or the rule
 * broken ("" when allowed). */
static void test_state_rules(void **state)
{
    (void)state;
    enum {
        H = EVIDENCE_HELD,
        O = EVIDENCE_CHECKED_OUT,
        S = EVIDENCE_SEALED,
        D = EVIDENCE_DISPOSED
    };
    static const struct {
        int from;
        enum custody_action action;
        int to;
        const char *why;
    } cases[] = {
        {H, CUSTODY_ACQUIRE, H, "ev.rule.acquire"},
        {H, CUSTODY_HANDOVER, H, ""},
        {H, CUSTODY_TRANSFER, H, ""},
        {H, CUSTODY_COPY, H, ""},
        {H, CUSTODY_CHECKOUT, O, ""},
        {H, CUSTODY_RETURN, H, "ev.rule.not_out"},
        {H, CUSTODY_SEAL, S, ""},
        {H, CUSTODY_DISPOSAL, D, ""},
        {O, CUSTODY_HANDOVER, O, ""},
        {O, CUSTODY_COPY, O, ""},
        {O, CUSTODY_CHECKOUT, O, "ev.rule.out"},
        {O, CUSTODY_RETURN, H, ""},
        {O, CUSTODY_SEAL, O, "ev.rule.out"},
        {O, CUSTODY_DISPOSAL, O, "ev.rule.out"},
        {S, CUSTODY_SEAL, S, "ev.rule.sealed"},
        {S, CUSTODY_TRANSFER, S, ""},
        {S, CUSTODY_CHECKOUT, O, ""}, /* breaks the seal */
        {S, CUSTODY_RETURN, S, "ev.rule.not_out"},
        {S, CUSTODY_DISPOSAL, D, ""},
        {D, CUSTODY_HANDOVER, D, "ev.rule.disposed"},
        {D, CUSTODY_RETURN, D, "ev.rule.disposed"},
        {D, CUSTODY_DISPOSAL, D, "ev.rule.disposed"},
        {D, CUSTODY_COPY, D, "ev.rule.disposed"},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        enum evidence_state next;
        const char *why = NULL;
        enum kz_err err = custody_check((enum evidence_state)cases[i].from,
                                        cases[i].action, &next, &why);
        if (*cases[i].why == '\0') {
            assert_int_equal(err, KZ_OK);
            assert_null(why);
        } else {
            assert_int_equal(err, KZ_ECONFLICT);
            assert_string_equal(why, cases[i].why);
        }
        assert_int_equal(next, cases[i].to);
    }
}

static void event(struct custody_event *e, int64_t seq, enum custody_action a,
                  const char *to)
{
    custody_event_init(e);
    e->evidence_id = 7;
    e->seq = seq;
    e->action = a;
    e->to = xstrdup(to);
    e->at = 1795000000;
    e->actor = xstrdup("tanaka");
    e->recorded_at = 1795000100;
}

static void test_chain(void **state)
{
    (void)state;
    const char *sha =
        "5c1f0b0e8f7c2d0c3e0c8a3f4e6a0b5d4f0e9c8b7a6d5e4f3a2b1c0d9e8f7a6b";
    struct custody_event a;
    struct custody_event b;

    event(&a, 1, CUSTODY_ACQUIRE, "鈴木");
    event(&b, 2, CUSTODY_HANDOVER, "法務部 田中");
    custody_seal(&a, hashchain_genesis, sha);
    custody_seal(&b, a.hash, sha);
    assert_true(hashchain_is_hex(a.hash));
    assert_string_not_equal(a.hash, b.hash);
    assert_true(custody_verify(&a, hashchain_genesis, sha));
    assert_true(custody_verify(&b, a.hash, sha));
    /* The link covers the previous event, the bytes' hash and every
     * field. */
    assert_false(custody_verify(&b, hashchain_genesis, sha));
    assert_false(custody_verify(&b, a.hash, ""));
    char keep[HASH_HEX_SIZE];
    memcpy(keep, b.hash, sizeof(keep));
    xfree(b.to);
    b.to = xstrdup("法務部 田中 ");
    assert_false(custody_verify(&b, a.hash, sha));
    custody_seal(&b, a.hash, sha);
    assert_string_not_equal(b.hash, keep);
    b.reason = xstrdup("x");
    assert_false(custody_verify(&b, a.hash, sha));
    custody_event_cleanup(&a);
    custody_event_cleanup(&b);
}

/* The sanitised form of 'in' (a C string). */
static char *clean(const char *in, bool *changed)
{
    static char out[EVIDENCE_NAME_MAX + 1];

    *changed = evidence_name_sanitise(in, strlen(in), out, sizeof(out));
    return out;
}

static void test_sanitise(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *out;
    } cases[] = {
        {"顧客リスト.xlsx", "顧客リスト.xlsx"},
        {"../../etc/passwd", "_.._etc_passwd"},
        {"..\\..\\boot.ini", "_.._boot.ini"},
        {".htaccess", "htaccess"},
        {"  .hidden. ", "hidden"},
        {"a\tb\nc\x7f.txt", "a_b_c_.txt"},
        {"x\xc2\x85y", "x_y"},                       /* C1 NEL */
        {"evil\xe2\x80\xaetxt.exe", "evil_txt.exe"}, /* RLO */
        {"a\xe2\x81\xa6"
         "b",
         "a_b"}, /* LRI */
        {"bad\xff\xfe.bin", "bad__.bin"},
        {"what?<>|*\":.txt", "what_______.txt"},
        {"", "evidence"},
        {"...", "evidence"},
        {"/", "_"},
    };
    bool changed;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *got = clean(cases[i].in, &changed);
        assert_string_equal(got, cases[i].out);
        assert_int_equal(changed, strcmp(cases[i].in, cases[i].out) != 0);
    }
}

static void test_sanitise_long_names(void **state)
{
    (void)state;
    char in[1200];
    bool changed;

    /* 300 three-byte characters and an extension: cut on a character,
     * the extension kept. */
    in[0] = '\0';
    for (int i = 0; i < 300; i++)
        strcat(in, "あ"); /* check-src: allow */
    strcat(in, ".pdf");   /* check-src: allow */
    const char *got = clean(in, &changed);
    assert_true(changed);
    assert_true(strlen(got) <= EVIDENCE_NAME_MAX);
    assert_true(utf8_is_valid(got, strlen(got)));
    assert_string_equal(got + strlen(got) - 4, ".pdf");
    /* A long "extension" is no extension: plain cut. */
    memset(in, 'a', 250);
    in[250] = '.';
    memset(in + 251, 'b', 40);
    in[291] = '\0';
    got = clean(in, &changed);
    assert_int_equal(strlen(got), EVIDENCE_NAME_MAX);
    assert_int_equal(got[EVIDENCE_NAME_MAX - 1], 'a');
    /* A cut that ends on a dot or a space drops them too (found by
     * fuzz_evidence_name). */
    memset(in, 'a', 199);
    memcpy(in + 199, ". ", 2);
    memset(in + 201, 'b', 20);
    in[221] = '\0';
    got = clean(in, &changed);
    assert_int_equal(strlen(got), 199);
    assert_int_equal(got[198], 'a');
    /* A small output buffer cuts on a character too. */
    char small[8];
    evidence_name_sanitise("ああああ", strlen("ああああ"), small,
                           sizeof(small));
    assert_string_equal(small, "ああ");
}

static void test_pct_decode(void **state)
{
    (void)state;
    char out[64];

    assert_true(
        evidence_pct_decode("%E9%A1%A7%E5%AE%A2.txt", out, sizeof(out)));
    assert_string_equal(out, "顧客.txt");
    assert_true(evidence_pct_decode("plain name+1", out, sizeof(out)));
    assert_string_equal(out, "plain name+1");
    assert_true(evidence_pct_decode("%2e%2E%2F", out, sizeof(out)));
    assert_string_equal(out, "../");
    assert_true(evidence_pct_decode("", out, sizeof(out)));
    assert_string_equal(out, "");
    assert_false(evidence_pct_decode("%", out, sizeof(out)));
    assert_false(evidence_pct_decode("%4", out, sizeof(out)));
    assert_false(evidence_pct_decode("%ZZ", out, sizeof(out)));
    assert_false(evidence_pct_decode("a%00b", out, sizeof(out)));
    assert_false(evidence_pct_decode("%FF%FE", out, sizeof(out)));
    assert_false(evidence_pct_decode("%E9%A1", out, sizeof(out)));
    assert_false(evidence_pct_decode("abcdef", out, 4));
    assert_true(evidence_pct_decode("abc", out, 4));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_actions_and_aliases),
        cmocka_unit_test(test_state_rules),
        cmocka_unit_test(test_chain),
        cmocka_unit_test(test_sanitise),
        cmocka_unit_test(test_sanitise_long_names),
        cmocka_unit_test(test_pct_decode),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
