/* SPDX-License-Identifier: MIT */
/*
 * test_chronology.c - the hash-chained timeline (src/core/chronology.c,
 * SPEC C3): sealing, the canonical hash recomputed independently, every
 * kind of tampering the verifier must catch, and the rules for entries
 * people write.
 */
#include "support/test.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/chronology.h"
#include "support/fixture.h"
#include "util/mem.h"

#define REF "INC-2026-0001"
#define CHAIN_LEN 4

/* Append "<byte length>:<bytes>\n" to msg. */
static size_t put_field(unsigned char *msg, size_t len, size_t cap,
                        const char *s)
{
    int k = snprintf((char *)msg + len, cap - len, "%zu:%s\n", strlen(s), s);

    assert_true(k > 0 && (size_t)k < cap - len);
    return len + (size_t)k;
}

/*
 * The hash of 'e' computed here from the documented canonical form:
 * SHA-256( prev_hash_hex || field("kizuki.chronology.v1") || field(ref) ||
 * field(seq) || field(kind key) || field(actor) || field(at as UTC
 * "YYYY-MM-DDTHH:MM:SSZ") || field(body) ).  'at_utc' is written by the
 * test, not by timefmt.
 */
static void reference_hash(const char *ref, const struct chron_entry *e,
                           const char *kind_key, const char *at_utc, char *out)
{
    unsigned char msg[8192];
    unsigned char digest[crypto_hash_sha256_BYTES];
    char seq[32];
    size_t len = strlen(e->prev_hash);

    memcpy(msg, e->prev_hash, len);
    snprintf(seq, sizeof(seq), "%lld", (long long)e->seq);
    len = put_field(msg, len, sizeof(msg), "kizuki.chronology.v1");
    len = put_field(msg, len, sizeof(msg), ref);
    len = put_field(msg, len, sizeof(msg), seq);
    len = put_field(msg, len, sizeof(msg), kind_key);
    len = put_field(msg, len, sizeof(msg), e->actor);
    len = put_field(msg, len, sizeof(msg), at_utc);
    len = put_field(msg, len, sizeof(msg), e->body);
    crypto_hash_sha256(digest, msg, len);
    sodium_bin2hex(out, HASH_HEX_SIZE, digest, sizeof(digest));
}

static void make_entry(struct chron_entry *e, enum entry_kind kind,
                       const char *actor, kz_time at, const char *body)
{
    chron_entry_init(e);
    e->kind = kind;
    e->actor = xstrdup(actor);
    e->at = at;
    e->body = xstrdup(body);
}

/* A sealed chain of CHAIN_LEN entries of incident REF; 'head' (may be
 * NULL) receives its end. */
static void make_chain(struct chron_entry *chain, struct chron_head *head)
{
    static const char *const bodies[CHAIN_LEN] = {
        "{\"from\":null,\"to\":\"reported\"}",
        "誤送信先に電話で削除を依頼した",
        "個人情報保護委員会への速報を決定",
        "送信先から削除完了の連絡あり",
    };
    static const enum entry_kind kinds[CHAIN_LEN] = {
        ENTRY_PHASE_CHANGE, ENTRY_CONTACT, ENTRY_DECISION, ENTRY_NOTE};
    struct chron_head h;

    chron_head_init(&h);
    for (int i = 0; i < CHAIN_LEN; i++) {
        make_entry(&chain[i], kinds[i], i % 2 ? "sato.hanako" : "yamada",
                   FIXTURE_NOW + 60 * i, bodies[i]);
        chron_seal(REF, &chain[i], &h);
    }
    if (head != NULL)
        *head = h;
}

static void free_chain(struct chron_entry *chain, size_t n)
{
    for (size_t i = 0; i < n; i++)
        chron_entry_cleanup(&chain[i]);
}

/* Feed 'order' (indexes into chain, n of them) to a verifier and finish
 * it with 'recorded'.  Returns true when the whole chain verifies;
 * otherwise 'b' is the first break and *at_step the failing step (n for
 * finish). */
static bool verify(const struct chron_entry *chain, const int *order, size_t n,
                   const struct chron_head *recorded, struct chron_break *b,
                   size_t *at_step)
{
    struct chron_verifier v;

    chron_verifier_start(&v, REF);
    for (size_t i = 0; i < n; i++) {
        if (!chron_verifier_step(&v, &chain[order[i]], b)) {
            *at_step = i;
            return false;
        }
    }
    *at_step = n;
    return chron_verifier_finish(&v, recorded, b);
}

static const int in_order[CHAIN_LEN] = {0, 1, 2, 3};

static void test_seal_numbers_and_links_entries(void **state)
{
    struct chron_entry chain[CHAIN_LEN];
    struct chron_head head;

    (void)state;
    make_chain(chain, &head);
    assert_string_equal(chain[0].prev_hash, hashchain_genesis);
    for (int i = 0; i < CHAIN_LEN; i++) {
        assert_int_equal(chain[i].seq, i + 1);
        assert_true(hashchain_is_hex(chain[i].hash));
        if (i > 0)
            assert_string_equal(chain[i].prev_hash, chain[i - 1].hash);
    }
    assert_int_equal(head.count, CHAIN_LEN);
    assert_string_equal(head.hash, chain[CHAIN_LEN - 1].hash);
    free_chain(chain, CHAIN_LEN);
}

static void test_empty_head_is_genesis(void **state)
{
    struct chron_head h;

    (void)state;
    memset(&h, 'x', sizeof(h));
    chron_head_init(&h);
    assert_int_equal(h.count, 0);
    assert_string_equal(h.hash, hashchain_genesis);
}

static void test_hash_matches_independent_sha256(void **state)
{
    struct chron_entry chain[CHAIN_LEN];
    /* FIXTURE_NOW + 60 s steps, written by hand in UTC. */
    static const char *const at_utc[CHAIN_LEN] = {
        "2026-11-22T01:00:00Z", "2026-11-22T01:01:00Z", "2026-11-22T01:02:00Z",
        "2026-11-22T01:03:00Z"};
    static const char *const kind_keys[CHAIN_LEN] = {"phase_change", "contact",
                                                     "decision", "note"};
    char want[HASH_HEX_SIZE];
    char got[HASH_HEX_SIZE];

    (void)state;
    make_chain(chain, NULL);
    for (int i = 0; i < CHAIN_LEN; i++) {
        reference_hash(REF, &chain[i], kind_keys[i], at_utc[i], want);
        chron_compute_hash(REF, &chain[i], got);
        assert_string_equal(got, want);
        assert_string_equal(chain[i].hash, want);
    }
    free_chain(chain, CHAIN_LEN);
}

/* The time is hashed in UTC whatever the display zone, so a chain sealed
 * in Tokyo verifies anywhere. */
static void test_hash_does_not_depend_on_display_zone(void **state)
{
    struct chron_entry e;
    char tokyo[HASH_HEX_SIZE];
    char ny[HASH_HEX_SIZE];

    (void)state;
    make_entry(&e, ENTRY_NOTE, "a", FIXTURE_NOW, "b");
    memcpy(e.prev_hash, hashchain_genesis, HASH_HEX_SIZE);
    chron_compute_hash(REF, &e, tokyo);
    assert_int_equal(timefmt_setup_zone("America/New_York"), KZ_OK);
    chron_compute_hash(REF, &e, ny);
    assert_int_equal(timefmt_setup_zone("Asia/Tokyo"), KZ_OK);
    assert_string_equal(tokyo, ny);
    chron_entry_cleanup(&e);
}

/* Each part of the canonical form changes the hash. */
static void test_every_field_is_covered(void **state)
{
    struct chron_entry e;
    char base[HASH_HEX_SIZE];
    char h[HASH_HEX_SIZE];

    (void)state;
    make_entry(&e, ENTRY_NOTE, "alice", FIXTURE_NOW, "本文");
    e.seq = 1;
    memcpy(e.prev_hash, hashchain_genesis, HASH_HEX_SIZE);
    chron_compute_hash(REF, &e, base);

    chron_compute_hash("INC-2026-0002", &e, h);
    assert_string_not_equal(h, base);
    e.seq = 2;
    chron_compute_hash(REF, &e, h);
    assert_string_not_equal(h, base);
    e.seq = 1;
    e.kind = ENTRY_DECISION;
    chron_compute_hash(REF, &e, h);
    assert_string_not_equal(h, base);
    e.kind = ENTRY_NOTE;
    xstrset(&e.actor, "alicf");
    chron_compute_hash(REF, &e, h);
    assert_string_not_equal(h, base);
    xstrset(&e.actor, "alice");
    e.at = FIXTURE_NOW + 1;
    chron_compute_hash(REF, &e, h);
    assert_string_not_equal(h, base);
    e.at = FIXTURE_NOW;
    xstrset(&e.body, "本文 ");
    chron_compute_hash(REF, &e, h);
    assert_string_not_equal(h, base);
    xstrset(&e.body, "本文");
    e.prev_hash[0] = '1';
    chron_compute_hash(REF, &e, h);
    assert_string_not_equal(h, base);
    e.prev_hash[0] = '0';
    chron_compute_hash(REF, &e, h);
    assert_string_equal(h, base);
    chron_entry_cleanup(&e);
}

static void test_intact_chain_verifies(void **state)
{
    struct chron_entry chain[CHAIN_LEN];
    struct chron_head head;
    struct chron_break b;
    size_t step;

    (void)state;
    make_chain(chain, &head);
    assert_true(verify(chain, in_order, CHAIN_LEN, &head, &b, &step));
    free_chain(chain, CHAIN_LEN);
}

static void test_empty_chain_verifies_against_empty_head(void **state)
{
    struct chron_head head;
    struct chron_break b;
    size_t step;

    (void)state;
    chron_head_init(&head);
    assert_true(verify(NULL, NULL, 0, &head, &b, &step));
}

static void expect_break(const struct chron_break *b, int64_t seq,
                         const char *what)
{
    assert_string_equal(b->ref, REF);
    assert_int_equal(b->seq, seq);
    assert_string_equal(b->what_key, what);
}

static void test_altered_body_is_detected(void **state)
{
    struct chron_entry chain[CHAIN_LEN];
    struct chron_head head;
    struct chron_break b;
    size_t step;

    (void)state;
    make_chain(chain, &head);
    xstrset(&chain[1].body, "誤送信先に電話で削除を依頼しなかった");
    assert_false(verify(chain, in_order, CHAIN_LEN, &head, &b, &step));
    assert_int_equal(step, 1);
    expect_break(&b, 2, "verify.hash_mismatch");
    assert_string_equal(b.found, chain[1].hash);
    free_chain(chain, CHAIN_LEN);
}

static void test_altered_actor_is_detected(void **state)
{
    struct chron_entry chain[CHAIN_LEN];
    struct chron_head head;
    struct chron_break b;
    size_t step;

    (void)state;
    make_chain(chain, &head);
    xstrset(&chain[2].actor, "someone.else");
    assert_false(verify(chain, in_order, CHAIN_LEN, &head, &b, &step));
    expect_break(&b, 3, "verify.hash_mismatch");
    free_chain(chain, CHAIN_LEN);
}

static void test_altered_time_is_detected(void **state)
{
    struct chron_entry chain[CHAIN_LEN];
    struct chron_head head;
    struct chron_break b;
    size_t step;

    (void)state;
    make_chain(chain, &head);
    chain[0].at -= 3600; /* backdated by an hour */
    assert_false(verify(chain, in_order, CHAIN_LEN, &head, &b, &step));
    expect_break(&b, 1, "verify.hash_mismatch");
    free_chain(chain, CHAIN_LEN);
}

static void test_altered_kind_is_detected(void **state)
{
    struct chron_entry chain[CHAIN_LEN];
    struct chron_head head;
    struct chron_break b;
    size_t step;

    (void)state;
    make_chain(chain, &head);
    chain[2].kind = ENTRY_NOTE; /* a decision downgraded to a note */
    assert_false(verify(chain, in_order, CHAIN_LEN, &head, &b, &step));
    expect_break(&b, 3, "verify.hash_mismatch");
    free_chain(chain, CHAIN_LEN);
}

static void test_deleted_middle_entry_is_detected(void **state)
{
    struct chron_entry chain[CHAIN_LEN];
    struct chron_head head;
    struct chron_break b;
    const int order[] = {0, 2, 3};
    size_t step;

    (void)state;
    make_chain(chain, &head);
    assert_false(verify(chain, order, 3, &head, &b, &step));
    assert_int_equal(step, 1);
    expect_break(&b, 3, "verify.prev_mismatch");
    assert_string_equal(b.expected, chain[0].hash);
    assert_string_equal(b.found, chain[1].hash);
    free_chain(chain, CHAIN_LEN);
}

static void test_deleted_first_entry_is_detected(void **state)
{
    struct chron_entry chain[CHAIN_LEN];
    struct chron_head head;
    struct chron_break b;
    const int order[] = {1, 2, 3};
    size_t step;

    (void)state;
    make_chain(chain, &head);
    assert_false(verify(chain, order, 3, &head, &b, &step));
    assert_int_equal(step, 0);
    expect_break(&b, 2, "verify.prev_mismatch");
    assert_string_equal(b.expected, hashchain_genesis);
    free_chain(chain, CHAIN_LEN);
}

static void test_reordered_pair_is_detected(void **state)
{
    struct chron_entry chain[CHAIN_LEN];
    struct chron_head head;
    struct chron_break b;
    const int order[] = {0, 2, 1, 3};
    size_t step;

    (void)state;
    make_chain(chain, &head);
    assert_false(verify(chain, order, CHAIN_LEN, &head, &b, &step));
    assert_int_equal(step, 1);
    expect_break(&b, 3, "verify.prev_mismatch");
    free_chain(chain, CHAIN_LEN);
}

/* Entries swapped and renumbered so that seq looks right: the links
 * still do not match. */
static void test_swapped_entries_with_swapped_seq_are_detected(void **state)
{
    struct chron_entry chain[CHAIN_LEN];
    struct chron_head head;
    struct chron_break b;
    const int order[] = {0, 2, 1, 3};
    size_t step;

    (void)state;
    make_chain(chain, &head);
    chain[1].seq = 3;
    chain[2].seq = 2;
    assert_false(verify(chain, order, CHAIN_LEN, &head, &b, &step));
    assert_int_equal(step, 1);
    expect_break(&b, 2, "verify.prev_mismatch");
    free_chain(chain, CHAIN_LEN);
}

static void test_deleted_last_entry_is_caught_by_the_head(void **state)
{
    struct chron_entry chain[CHAIN_LEN];
    struct chron_head head;
    struct chron_break b;
    size_t step;

    (void)state;
    make_chain(chain, &head);
    /* Every remaining link is fine; only the recorded head knows. */
    assert_false(verify(chain, in_order, CHAIN_LEN - 1, &head, &b, &step));
    assert_int_equal(step, CHAIN_LEN - 1);
    expect_break(&b, CHAIN_LEN, "verify.head_mismatch");
    assert_string_equal(b.expected, chain[CHAIN_LEN - 1].hash);
    assert_string_equal(b.found, chain[CHAIN_LEN - 2].hash);
    free_chain(chain, CHAIN_LEN);
}

static void test_entry_added_after_the_head_is_caught(void **state)
{
    struct chron_entry chain[CHAIN_LEN];
    struct chron_head head;
    struct chron_head short_head;
    struct chron_break b;
    size_t step;

    (void)state;
    make_chain(chain, &head);
    short_head.count = CHAIN_LEN - 1;
    memcpy(short_head.hash, chain[CHAIN_LEN - 2].hash, HASH_HEX_SIZE);
    assert_false(verify(chain, in_order, CHAIN_LEN, &short_head, &b, &step));
    expect_break(&b, CHAIN_LEN + 1, "verify.head_mismatch");
    free_chain(chain, CHAIN_LEN);
}

static void test_forged_hash_is_detected(void **state)
{
    struct chron_entry chain[CHAIN_LEN];
    struct chron_head head;
    struct chron_break b;
    size_t step;

    (void)state;
    make_chain(chain, &head);
    /* A hash that is well-formed but not the entry's. */
    memcpy(chain[3].hash,
           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
           HASH_HEX_SIZE);
    assert_false(verify(chain, in_order, CHAIN_LEN, &head, &b, &step));
    expect_break(&b, 4, "verify.hash_mismatch");
    free_chain(chain, CHAIN_LEN);
}

/* A forger who changes a body and recomputes that entry's hash breaks
 * the next link; one who re-seals the rest of the chain too is caught by
 * the head recorded on the incident. */
static void test_recomputed_hash_breaks_the_next_link(void **state)
{
    struct chron_entry chain[CHAIN_LEN];
    struct chron_head head;
    struct chron_head forged;
    struct chron_break b;
    size_t step;

    (void)state;
    make_chain(chain, &head);
    xstrset(&chain[1].body, "改ざんされた本文");
    chron_compute_hash(REF, &chain[1], chain[1].hash);
    assert_false(verify(chain, in_order, CHAIN_LEN, &head, &b, &step));
    expect_break(&b, 3, "verify.prev_mismatch");

    forged.count = 1;
    memcpy(forged.hash, chain[0].hash, HASH_HEX_SIZE);
    for (int i = 1; i < CHAIN_LEN; i++)
        chron_seal(REF, &chain[i], &forged);
    assert_false(verify(chain, in_order, CHAIN_LEN, &head, &b, &step));
    assert_int_equal(step, CHAIN_LEN);
    expect_break(&b, CHAIN_LEN + 1, "verify.head_mismatch");
    /* Against the forged head it verifies: the head must be kept apart. */
    assert_true(verify(chain, in_order, CHAIN_LEN, &forged, &b, &step));
    free_chain(chain, CHAIN_LEN);
}

static void test_renumbered_entry_is_a_seq_gap(void **state)
{
    struct chron_entry chain[CHAIN_LEN];
    struct chron_head head;
    struct chron_break b;
    size_t step;

    (void)state;
    make_chain(chain, &head);
    chain[1].seq = 7;
    assert_false(verify(chain, in_order, CHAIN_LEN, &head, &b, &step));
    expect_break(&b, 7, "verify.seq_gap");
    assert_string_equal(b.expected, "2");
    assert_string_equal(b.found, "7");
    free_chain(chain, CHAIN_LEN);
}

static void test_chain_of_another_incident_does_not_verify(void **state)
{
    struct chron_entry chain[CHAIN_LEN];
    struct chron_head head;
    struct chron_verifier v;
    struct chron_break b;

    (void)state;
    make_chain(chain, &head);
    chron_verifier_start(&v, "INC-2026-0002");
    assert_false(chron_verifier_step(&v, &chain[0], &b));
    assert_string_equal(b.ref, "INC-2026-0002");
    assert_int_equal(b.seq, 1);
    assert_string_equal(b.what_key, "verify.hash_mismatch");
    free_chain(chain, CHAIN_LEN);
}

/* After the first break nothing further is checked or reported. */
static void test_verifier_stops_at_first_break(void **state)
{
    struct chron_entry chain[CHAIN_LEN];
    struct chron_head head;
    struct chron_verifier v;
    struct chron_break b;
    struct chron_break b2;

    (void)state;
    make_chain(chain, &head);
    xstrset(&chain[1].body, "x");
    chron_verifier_start(&v, REF);
    assert_true(chron_verifier_step(&v, &chain[0], &b));
    assert_false(chron_verifier_step(&v, &chain[1], &b));
    assert_true(v.broken);
    memset(&b2, 0, sizeof(b2));
    assert_false(chron_verifier_step(&v, &chain[2], &b2));
    assert_false(chron_verifier_finish(&v, &head, &b2));
    assert_int_equal(b.seq, 2);
    free_chain(chain, CHAIN_LEN);
}

/* The store reads a kind it does not know as ENTRY_KIND_COUNT; such an
 * entry must never verify, whatever kind it was sealed with. */
static void test_entry_of_unknown_kind_never_verifies(void **state)
{
    struct chron_entry chain[CHAIN_LEN];
    struct chron_head head;
    struct chron_break b;
    size_t step;

    (void)state;
    make_chain(chain, &head);
    assert_int_equal(chain[3].kind, ENTRY_NOTE);
    chain[3].kind = ENTRY_KIND_COUNT;
    assert_false(verify(chain, in_order, CHAIN_LEN, &head, &b, &step));
    assert_int_equal(step, 3);
    assert_int_equal(b.seq, 4);
    free_chain(chain, CHAIN_LEN);
}

static void test_manual_kinds_are_the_four_people_write(void **state)
{
    static const char *const keys[ENTRY_KIND_COUNT] = {
        "note",   "decision",     "contact",
        "action", "phase_change", "field_change"};
    enum entry_kind k;

    (void)state;
    for (int i = 0; i < ENTRY_KIND_COUNT; i++) {
        assert_string_equal(entry_kind_key((enum entry_kind)i), keys[i]);
        assert_true(entry_kind_from_key(keys[i], &k));
        assert_int_equal(k, i);
        assert_int_equal(entry_kind_is_manual((enum entry_kind)i), i < 4);
    }
    assert_false(entry_kind_is_manual(ENTRY_KIND_COUNT));
    assert_false(entry_kind_from_key("Note", &k));
    assert_false(entry_kind_from_key("", &k));
}

struct manual_case {
    enum entry_kind kind;
    const char *body;
    const char *field; /* NULL: valid */
    const char *key;
};

static void test_manual_entry_rules(void **state)
{
    static const struct manual_case cases[] = {
        {ENTRY_NOTE, "削除を確認した", NULL, NULL},
        {ENTRY_DECISION, "速報を出す", NULL, NULL},
        {ENTRY_CONTACT, "JPCERT/CC に連絡\n担当: 山田", NULL, NULL},
        {ENTRY_ACTION, "アカウントをロック\tした", NULL, NULL},
        {ENTRY_PHASE_CHANGE, "x", "kind", "v.entry_kind"},
        {ENTRY_FIELD_CHANGE, "x", "kind", "v.entry_kind"},
        {ENTRY_KIND_COUNT, "x", "kind", "v.entry_kind"},
        {ENTRY_NOTE, NULL, "body", "v.required"},
        {ENTRY_NOTE, "", "body", "v.required"},
        {ENTRY_NOTE, "  \n\t", "body", "v.required"},
        {ENTRY_NOTE, "\xE3\x80\x80", "body", "v.required"},
        {ENTRY_NOTE, "\xC0\xAF", "body", "v.utf8"},
        {ENTRY_NOTE, "\xED\xA0\x80", "body", "v.utf8"},
        {ENTRY_NOTE, "メモ\xE3\x81", "body", "v.utf8"},
        {ENTRY_NOTE, "bell\x07", "body", "v.control"},
        {ENTRY_NOTE, "\x1B[2J", "body", "v.control"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct kz_problems p;
        enum kz_err err;

        kz_problems_clear(&p);
        err = chron_validate_manual(cases[i].kind, cases[i].body, &p);
        if (cases[i].field == NULL) {
            if (err != KZ_OK || p.n != 0) {
                problems_print(&p);
                fail_msg("case %zu should be valid", i);
            }
        } else if (err != KZ_EINVAL || p.n != 1 ||
                   !problems_have(&p, cases[i].field, cases[i].key)) {
            problems_print(&p);
            fail_msg("case %zu: want %s: %s", i, cases[i].field, cases[i].key);
        }
    }
}

static void test_manual_entry_reports_kind_and_body_together(void **state)
{
    struct kz_problems p;

    (void)state;
    kz_problems_clear(&p);
    assert_int_equal(chron_validate_manual(ENTRY_PHASE_CHANGE, "", &p),
                     KZ_EINVAL);
    assert_problem_count(&p, 2);
    assert_problem(&p, "kind", "v.entry_kind");
    assert_problem(&p, "body", "v.required");
}

static void test_manual_body_limit_counts_code_points(void **state)
{
    struct kz_problems p;
    char *body = xmalloc(3 * (CHRON_BODY_MAX + 1) + 1);

    (void)state;
    for (size_t i = 0; i <= CHRON_BODY_MAX; i++)
        memcpy(body + 3 * i, "\xE3\x81\x82", 3);
    body[3 * (CHRON_BODY_MAX + 1)] = '\0';
    kz_problems_clear(&p);
    assert_int_equal(chron_validate_manual(ENTRY_NOTE, body, &p), KZ_EINVAL);
    assert_problem(&p, "body", "v.too_long");
    body[3 * CHRON_BODY_MAX] = '\0';
    kz_problems_clear(&p);
    assert_int_equal(chron_validate_manual(ENTRY_NOTE, body, &p), KZ_OK);
    xfree(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seal_numbers_and_links_entries),
        cmocka_unit_test(test_empty_head_is_genesis),
        cmocka_unit_test(test_hash_matches_independent_sha256),
        cmocka_unit_test(test_hash_does_not_depend_on_display_zone),
        cmocka_unit_test(test_every_field_is_covered),
        cmocka_unit_test(test_intact_chain_verifies),
        cmocka_unit_test(test_empty_chain_verifies_against_empty_head),
        cmocka_unit_test(test_altered_body_is_detected),
        cmocka_unit_test(test_altered_actor_is_detected),
        cmocka_unit_test(test_altered_time_is_detected),
        cmocka_unit_test(test_altered_kind_is_detected),
        cmocka_unit_test(test_deleted_middle_entry_is_detected),
        cmocka_unit_test(test_deleted_first_entry_is_detected),
        cmocka_unit_test(test_reordered_pair_is_detected),
        cmocka_unit_test(test_swapped_entries_with_swapped_seq_are_detected),
        cmocka_unit_test(test_deleted_last_entry_is_caught_by_the_head),
        cmocka_unit_test(test_entry_added_after_the_head_is_caught),
        cmocka_unit_test(test_forged_hash_is_detected),
        cmocka_unit_test(test_recomputed_hash_breaks_the_next_link),
        cmocka_unit_test(test_renumbered_entry_is_a_seq_gap),
        cmocka_unit_test(test_chain_of_another_incident_does_not_verify),
        cmocka_unit_test(test_verifier_stops_at_first_break),
        cmocka_unit_test(test_entry_of_unknown_kind_never_verifies),
        cmocka_unit_test(test_manual_kinds_are_the_four_people_write),
        cmocka_unit_test(test_manual_entry_rules),
        cmocka_unit_test(test_manual_entry_reports_kind_and_body_together),
        cmocka_unit_test(test_manual_body_limit_counts_code_points),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
