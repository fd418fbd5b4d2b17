/* SPDX-License-Identifier: MIT */
/*
 * chronology.c - entries of the incident timeline, sealing and checking
 * their hash chain (SPEC C3).  Pure: the time of an entry comes from the
 * caller.
 */
#include "core/chronology.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/taxonomy.h"
#include "util/mem.h"
#include "util/utf8.h"

static const char chron_domain[] = "kizuki.chronology.v1";

void chron_entry_init(struct chron_entry *e)
{
    memset(e, 0, sizeof(*e));
    e->at = KZ_TIME_NONE;
}

void chron_entry_cleanup(struct chron_entry *e)
{
    xfree(e->actor);
    xfree(e->body);
    chron_entry_init(e);
}

void chron_head_init(struct chron_head *h)
{
    h->count = 0;
    memcpy(h->hash, hashchain_genesis, HASH_HEX_SIZE);
}

const char *entry_kind_key(enum entry_kind k)
{
    if ((unsigned)k >= ENTRY_KIND_COUNT)
        return "note";
    return taxonomy_entry_kind.entries[k].key;
}

bool entry_kind_from_key(const char *key, enum entry_kind *out)
{
    int i = taxonomy_index(&taxonomy_entry_kind, key);

    if (i < 0)
        return false;
    *out = (enum entry_kind)i;
    return true;
}

bool entry_kind_is_manual(enum entry_kind k)
{
    return k == ENTRY_NOTE || k == ENTRY_DECISION || k == ENTRY_CONTACT ||
           k == ENTRY_ACTION;
}

enum kz_err chron_validate_manual(enum entry_kind kind, const char *body,
                                  struct kz_problems *p)
{
    size_t before = p->n;

    if (!entry_kind_is_manual(kind))
        kz_problems_add(p, "kind", "v.entry_kind");
    /* Blank (only spaces, including U+3000) is checked byte by byte, so it
     * is safe before the UTF-8 check. */
    if (utf8_is_blank(body)) {
        kz_problems_add(p, "body", "v.required");
    } else if (!utf8_is_valid(body, strlen(body))) {
        kz_problems_add(p, "body", "v.utf8");
    } else if (utf8_has_control(body, true)) {
        kz_problems_add(p, "body", "v.control");
    } else if (utf8_length(body) > CHRON_BODY_MAX) {
        kz_problems_add(p, "body", "v.too_long");
    } else if (strncmp(body, CHRON_SYSTEM_PREFIX,
                       strlen(CHRON_SYSTEM_PREFIX)) == 0) {
        /* It would be shown as a line kizuki wrote. */
        kz_problems_add(p, "body", "v.reserved");
    }
    return p->n > before ? KZ_EINVAL : KZ_OK;
}

/* Write 'n' right-aligned in 'width' digits, zero-padded, at 'p'. */
static void put_digits(char *p, int64_t n, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + n % 10);
        n /= 10;
    }
}

/*
 * The entry time as hashed: what timefmt_format_utc() writes
 * ("2026-11-22T01:00:00Z").  Years 1970-9999 are written here from the
 * civil date (days_from_civil inverted), because gmtime_r and snprintf
 * for every entry were a tenth of the time 'kizuki verify' spends; any
 * other time goes through timefmt_format_utc() itself.
 */
static void format_at(kz_time t, char *out)
{
    if (t < 0 || t >= (kz_time)2932897 * 86400) { /* 10000-01-01 */
        timefmt_format_utc(t, out);
        return;
    }
    int64_t days = t / 86400;
    int64_t secs = t % 86400;
    /* Howard Hinnant's civil_from_days, for days >= 0. */
    int64_t z = days + 719468;
    int64_t era = z / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = yoe + era * 400 + (m <= 2);

    put_digits(out, y, 4);
    out[4] = '-';
    put_digits(out + 5, m, 2);
    out[7] = '-';
    put_digits(out + 8, d, 2);
    out[10] = 'T';
    put_digits(out + 11, secs / 3600, 2);
    out[13] = ':';
    put_digits(out + 14, secs / 60 % 60, 2);
    out[16] = ':';
    put_digits(out + 17, secs % 60, 2);
    out[19] = 'Z';
    out[20] = '\0';
}

/* 'n' in decimal into out[24]. */
static void format_seq(int64_t n, char *out)
{
    char tmp[24];
    size_t k = 0;
    uint64_t u = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;

    do {
        tmp[k++] = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    if (n < 0)
        tmp[k++] = '-';
    for (size_t i = 0; i < k; i++)
        out[i] = tmp[k - 1 - i];
    out[k] = '\0';
}

void chron_compute_hash(const char *ref, const struct chron_entry *e, char *out)
{
    char seq[24];
    char at[TIMEFMT_LEN];
    const char *fields[7];
    size_t n = 6;

    format_seq(e->seq, seq);
    format_at(e->at, at);
    fields[0] = ref;
    fields[1] = seq;
    /* entry_kind_key() names an unknown kind "note"; an entry whose
     * stored kind is unknown must not verify as a note, so it hashes an
     * empty kind, which no sealed entry has. */
    fields[2] =
        (unsigned)e->kind < ENTRY_KIND_COUNT ? entry_kind_key(e->kind) : "";
    fields[3] = e->actor ? e->actor : "";
    fields[4] = at;
    fields[5] = e->body ? e->body : "";
    /* The mark is a seventh field only when set, so the entries sealed
     * before it existed keep their hashes (docs/internals/hashchain.md). */
    if (e->for_report)
        fields[n++] = "for_report";
    hashchain_link(e->prev_hash, chron_domain, fields, n, out);
}

void chron_seal(const char *ref, struct chron_entry *e, struct chron_head *head)
{
    e->seq = head->count + 1;
    memcpy(e->prev_hash, head->hash, HASH_HEX_SIZE);
    chron_compute_hash(ref, e, e->hash);
    head->count = e->seq;
    memcpy(head->hash, e->hash, HASH_HEX_SIZE);
}

void chron_verifier_start(struct chron_verifier *v, const char *ref)
{
    snprintf(v->ref, sizeof(v->ref), "%s", ref);
    chron_head_init(&v->head);
    v->broken = false;
}

static bool fail(struct chron_verifier *v, struct chron_break *out, int64_t seq,
                 const char *what, const char *expected, const char *found)
{
    v->broken = true;
    snprintf(out->ref, sizeof(out->ref), "%s", v->ref);
    out->seq = seq;
    out->what_key = what;
    snprintf(out->expected, sizeof(out->expected), "%s", expected);
    snprintf(out->found, sizeof(out->found), "%s", found);
    return false;
}

bool chron_verifier_link(struct chron_verifier *v, int64_t seq,
                         const char *prev_hash, const char *hash,
                         const char *computed, struct chron_break *out)
{
    if (v->broken)
        return false;
    /* The link to the previous entry is checked before the sequence, so a
     * removed or reordered entry is reported with the hash it broke. */
    if (strcmp(prev_hash, v->head.hash) != 0)
        return fail(v, out, seq, "verify.prev_mismatch", v->head.hash,
                    prev_hash);
    if (seq != v->head.count + 1) {
        char want[24];
        char got[24];
        snprintf(want, sizeof(want), "%" PRId64, v->head.count + 1);
        snprintf(got, sizeof(got), "%" PRId64, seq);
        return fail(v, out, seq, "verify.seq_gap", want, got);
    }
    if (strcmp(computed, hash) != 0)
        return fail(v, out, seq, "verify.hash_mismatch", computed, hash);
    v->head.count = seq;
    memcpy(v->head.hash, hash, HASH_HEX_SIZE);
    return true;
}

bool chron_verifier_step(struct chron_verifier *v, const struct chron_entry *e,
                         struct chron_break *out)
{
    char computed[HASH_HEX_SIZE];

    if (v->broken)
        return false;
    chron_compute_hash(v->ref, e, computed);
    return chron_verifier_link(v, e->seq, e->prev_hash, e->hash, computed, out);
}

bool chron_verifier_finish(struct chron_verifier *v,
                           const struct chron_head *recorded,
                           struct chron_break *out)
{
    if (v->broken)
        return false;
    if (recorded->count != v->head.count ||
        strcmp(recorded->hash, v->head.hash) != 0)
        return fail(v, out, v->head.count + 1, "verify.head_mismatch",
                    recorded->hash, v->head.hash);
    return true;
}
