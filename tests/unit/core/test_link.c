/* SPDX-License-Identifier: MIT */
/*
 * test_link.c - links between incidents (src/core/link.c): the kinds and
 * their inverse names, the rules a new link obeys (itself, repeats, one
 * original per duplicate, cycles), the title folding and similarity, and
 * when an incident is offered as a possible duplicate.
 */
#include "support/test.h"

#include <string.h>

#include "core/incident.h"
#include "core/link.h"
#include "util/mem.h"

static struct incident_link L(enum link_kind k, int64_t from, int64_t to) {
    struct incident_link l;

    incident_link_init(&l);
    l.kind = k;
    l.from_id = from;
    l.to_id = to;
    return l;
}

static void
test_kinds_and_inverse_names(void **state)
{
    (void)state;
    static const char *const keys[][2] = {{"related", "related"},
                                          {"duplicate_of", "has_duplicate"},
                                          {"caused_by", "caused"},
                                          {"part_of", "contains"}};
    for (int k = 0; k < LINK_KIND_COUNT; k++) {
        enum link_kind got;
        assert_string_equal(link_kind_key((enum link_kind)k), keys[k][0]);
        assert_string_equal(link_kind_inverse_key((enum link_kind)k),
                            keys[k][1]);
        assert_true(link_kind_from_key(keys[k][0], &got));
        assert_int_equal(got, k);
    }
    enum link_kind got = LINK_PART_OF;
    assert_false(link_kind_from_key("has_duplicate", &got));
    assert_false(link_kind_from_key("", &got));
    assert_false(link_kind_from_key(NULL, &got));
    assert_false(link_kind_from_key("Related", &got));
    assert_int_equal(got, LINK_PART_OF);
    assert_false(link_kind_is_directed(LINK_RELATED));
    assert_true(link_kind_is_directed(LINK_DUPLICATE_OF));
}

static void check(enum link_kind k, int64_t from, int64_t to,
                  const struct incident_link *ls, size_t n, enum kz_err want,
                  const char *why_want)
{
    const char *why = "unset";
    assert_int_equal(link_check_new(k, from, to, ls, n, &why), want);
    if (why_want == NULL)
        assert_null(why);
    else
        assert_string_equal(why, why_want);
}

static void test_itself_is_refused(void **state)
{
    (void)state;
    for (int k = 0; k < LINK_KIND_COUNT; k++)
        check((enum link_kind)k, 7, 7, NULL, 0, KZ_EINVAL, "link.self");
    check(LINK_KIND_COUNT, 1, 2, NULL, 0, KZ_EINVAL, "v.link_kind");
    check(LINK_RELATED, 1, 2, NULL, 0, KZ_OK, NULL);
}

static void test_repeats_are_refused(void **state)
{
    (void)state;
    struct incident_link ls[] = {L(LINK_RELATED, 1, 2),
                                 L(LINK_CAUSED_BY, 3, 4)};

    check(LINK_RELATED, 1, 2, ls, 2, KZ_ECONFLICT, "link.exists");
    /* Related reads the same both ways. */
    check(LINK_RELATED, 2, 1, ls, 2, KZ_ECONFLICT, "link.exists");
    check(LINK_CAUSED_BY, 3, 4, ls, 2, KZ_ECONFLICT, "link.exists");
    /* Another kind between the same incidents is another link. */
    check(LINK_PART_OF, 1, 2, ls, 2, KZ_OK, NULL);
    check(LINK_CAUSED_BY, 1, 2, ls, 2, KZ_OK, NULL);
}

static void test_one_original_per_duplicate(void **state)
{
    (void)state;
    struct incident_link ls[] = {L(LINK_DUPLICATE_OF, 1, 2)};

    check(LINK_DUPLICATE_OF, 1, 3, ls, 1, KZ_ECONFLICT, "link.duplicated");
    /* Several duplicates of one original are normal. */
    check(LINK_DUPLICATE_OF, 3, 2, ls, 1, KZ_OK, NULL);
    check(LINK_RELATED, 1, 3, ls, 1, KZ_OK, NULL);
}

static void test_cycles_are_refused(void **state)
{
    (void)state;
    struct incident_link ls[] = {
        L(LINK_DUPLICATE_OF, 1, 2), L(LINK_DUPLICATE_OF, 2, 3),
        L(LINK_PART_OF, 5, 6),      L(LINK_PART_OF, 6, 7),
        L(LINK_PART_OF, 6, 8),      L(LINK_CAUSED_BY, 10, 11)};
    size_t n = sizeof(ls) / sizeof(ls[0]);

    /* 2 already has its original; that is said first. */
    check(LINK_DUPLICATE_OF, 2, 1, ls, n, KZ_ECONFLICT, "link.duplicated");
    check(LINK_DUPLICATE_OF, 3, 1, ls, n, KZ_ECONFLICT, "link.cycle");
    check(LINK_PART_OF, 8, 5, ls, n, KZ_ECONFLICT, "link.cycle");
    check(LINK_PART_OF, 7, 6, ls, n, KZ_ECONFLICT, "link.cycle");
    check(LINK_CAUSED_BY, 11, 10, ls, n, KZ_ECONFLICT, "link.cycle");
    /* A chain of another kind is no cycle. */
    check(LINK_PART_OF, 3, 1, ls, n, KZ_OK, NULL);
    check(LINK_CAUSED_BY, 8, 5, ls, n, KZ_OK, NULL);
    /* Nor is a diamond. */
    check(LINK_PART_OF, 7, 9, ls, n, KZ_OK, NULL);
    check(LINK_PART_OF, 5, 8, ls, n, KZ_OK, NULL);
    /* Related links are symmetric and may form any graph. */
    struct incident_link rel[] = {L(LINK_RELATED, 1, 2), L(LINK_RELATED, 2, 3)};
    check(LINK_RELATED, 3, 1, rel, 2, KZ_OK, NULL);
}

static void test_chain_walk_survives_a_stored_loop(void **state)
{
    (void)state;
    /* A damaged store may hold a loop; the walk must still end. */
    struct incident_link ls[] = {L(LINK_PART_OF, 1, 2), L(LINK_PART_OF, 2, 1)};

    assert_false(link_chain_reaches(LINK_PART_OF, 1, 9, ls, 2));
    assert_true(link_chain_reaches(LINK_PART_OF, 1, 2, ls, 2));
    assert_true(link_chain_reaches(LINK_PART_OF, 4, 4, ls, 2));
}

static void fold_is(const char *in, const char *want)
{
    char *got = link_title_fold(in);
    assert_string_equal(got, want);
    xfree(got);
}

static void test_title_fold(void **state)
{
    (void)state;
    /* Full-width letters, digits and the ideographic space. */
    fold_is("ＵＳＢ　メモリ１２", "usbメモリ12");
    /* Half-width katakana, voiced and semi-voiced marks composed. */
    fold_is("ﾒｰﾙ誤送信", "メール誤送信");
    fold_is("ﾊﾞｯｸｱｯﾌﾟ ﾊﾟｽﾜｰﾄﾞ", "バックアップパスワード");
    fold_is("ｳﾞｨ", "ヴィ");
    /* ASCII case, spaces and punctuation. */
    fold_is("Re: [Alert] VPN-Login!", "realertvpnlogin");
    fold_is("", "");
    fold_is(NULL, "");
    /* A mark with nothing to compose with stays. */
    fold_is("ﾞｱ", "\xe3\x82\x99ア");
    /* Invalid UTF-8 is kept byte for byte, not read past. */
    fold_is("a\xff\xe3\x81", "a\xff\xe3\x81");
}

static void test_title_dice(void **state)
{
    (void)state;
    assert_int_equal(
        link_title_dice("顧客へのメール誤送信", "顧客へのメール誤送信"), 100);
    /* Full- and half-width forms compare as the same title. */
    assert_int_equal(link_title_dice("ﾒｰﾙ誤送信", "メール誤送信"), 100);
    assert_int_equal(link_title_dice("ＶＰＮ不正ログイン", "vpn 不正ログイン"),
                     100);
    int close = link_title_dice("顧客へのメール誤送信", "顧客宛メールの誤送信");
    assert_int_equal(close, 55);
    assert_true(close >= LINK_DUP_DICE_MIN);
    int far = link_title_dice("メールサーバ障害", "顧客へのメール誤送信");
    assert_int_equal(far, 25);
    assert_true(far < LINK_DUP_DICE_MIN);
    assert_int_equal(link_title_dice("", "メール"), 0);
    assert_int_equal(link_title_dice("!!!", "!!!"), 0);
    assert_int_equal(link_title_dice("鍵", "鍵"), 100);
    /* A repeated bigram matches only as often as it occurs. */
    assert_int_equal(link_title_dice("ああああ", "ああ"), 50);
    /* Symmetric. */
    assert_int_equal(link_title_dice("標的型メール", "標的型攻撃メール"),
                     link_title_dice("標的型攻撃メール", "標的型メール"));
}

static void make(struct incident *inc, int64_t id, const char *title,
                 const char *category, kz_time discovered)
{
    incident_init(inc);
    inc->id = id;
    inc->title = xstrdup(title);
    inc->category = category ? xstrdup(category) : NULL;
    inc->discovered_at = discovered;
}

static void test_duplicate_offer(void **state)
{
    (void)state;
    const kz_time t = 1795000000;
    const kz_time day = 24 * 3600;
    struct incident a;
    struct incident b;
    struct link_dup_reason why;

    make(&a, 1, "顧客へのメール誤送信", "misdirected_email", t);
    make(&b, 2, "顧客宛メールの誤送信", "misdirected_email", t + 3 * day);
    assert_true(link_dup_offered(&a, &b, &why));
    assert_int_equal(why.dice, 55);
    assert_false(why.shared_asset);
    assert_true(link_dup_offered(&b, &a, NULL));
    /* Just outside the window, either way. */
    b.discovered_at = t + 3 * day + 1;
    assert_false(link_dup_offered(&a, &b, &why));
    b.discovered_at = t - 3 * day - 1;
    assert_false(link_dup_offered(&a, &b, NULL));
    b.discovered_at = t - day;
    /* Another category, or none. */
    xstrset(&b.category, "device_loss");
    assert_false(link_dup_offered(&a, &b, NULL));
    xstrset(&b.category, NULL);
    assert_false(link_dup_offered(&a, &b, NULL));
    assert_false(link_dup_offered(&b, &a, NULL));
    xstrset(&b.category, "misdirected_email");
    /* An unlike title is offered only with an asset in common. */
    xstrset(&b.title, "メールサーバ障害");
    assert_false(link_dup_offered(&a, &b, &why));
    assert_int_equal(why.dice, 25);
    strv_push(&a.assets, "メールサーバ");
    strv_push(&b.assets, "ファイルサーバ");
    assert_false(link_dup_offered(&a, &b, NULL));
    strv_push(&b.assets, "メールサーバ");
    assert_true(link_dup_offered(&a, &b, &why));
    assert_true(why.shared_asset);
    /* Never itself. */
    assert_false(link_dup_offered(&a, &a, NULL));
    incident_cleanup(&a);
    incident_cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds_and_inverse_names),
        cmocka_unit_test(test_itself_is_refused),
        cmocka_unit_test(test_repeats_are_refused),
        cmocka_unit_test(test_one_original_per_duplicate),
        cmocka_unit_test(test_cycles_are_refused),
        cmocka_unit_test(test_chain_walk_survives_a_stored_loop),
        cmocka_unit_test(test_title_fold),
        cmocka_unit_test(test_title_dice),
        cmocka_unit_test(test_duplicate_offer),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
