/* SPDX-License-Identifier: MIT */
/*
 * evidence.c - custody actions and states, the custody hash chain, and
 * the sanitising of outside file names (see evidence.h).
 */
#include "core/evidence.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/mem.h"
#include "util/utf8.h"

void evidence_init(struct evidence *ev)
{
    memset(ev, 0, sizeof(*ev));
    memcpy(ev->custody_head, hashchain_genesis, HASH_HEX_SIZE);
}

void evidence_cleanup(struct evidence *ev)
{
    xfree(ev->name);
    xfree(ev->original_name);
    xfree(ev->description);
    xfree(ev->media_type);
    xfree(ev->location);
    xfree(ev->acquired_by);
    xfree(ev->uploaded_by);
    evidence_init(ev);
}

void custody_event_init(struct custody_event *e)
{
    memset(e, 0, sizeof(*e));
}

void custody_event_cleanup(struct custody_event *e)
{
    xfree(e->from);
    xfree(e->to);
    xfree(e->location);
    xfree(e->reason);
    xfree(e->actor);
    custody_event_init(e);
}

static const char *const action_keys[CUSTODY_ACTION_COUNT] = {
    "acquire",  "handover", "transfer", "copy",
    "checkout", "return",   "seal",     "disposal",
};

/* Spellings people and other tools use for the same actions. */
static const struct {
    const char *key;
    enum custody_action action;
} aliases[] = {
    {"hand_over", CUSTODY_HANDOVER}, {"hand-over", CUSTODY_HANDOVER},
    {"check_out", CUSTODY_CHECKOUT}, {"check-out", CUSTODY_CHECKOUT},
    {"dispose", CUSTODY_DISPOSAL},
};

const char *custody_action_key(enum custody_action a)
{
    return (unsigned)a < CUSTODY_ACTION_COUNT ? action_keys[a] : "unknown";
}

bool custody_action_from_key(const char *key, enum custody_action *out)
{
    if (key == NULL)
        return false;
    for (size_t i = 0; i < CUSTODY_ACTION_COUNT; i++) {
        if (strcmp(action_keys[i], key) == 0) {
            *out = (enum custody_action)i;
            return true;
        }
    }
    for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++) {
        if (strcmp(aliases[i].key, key) == 0) {
            *out = aliases[i].action;
            return true;
        }
    }
    return false;
}

static const char *const state_keys[EVIDENCE_STATE_COUNT] = {
    "held", "checked_out", "sealed", "disposed"};

const char *evidence_state_key(enum evidence_state s)
{
    return (unsigned)s < EVIDENCE_STATE_COUNT ? state_keys[s] : "unknown";
}

bool evidence_state_from_key(const char *key, enum evidence_state *out)
{
    for (size_t i = 0; key != NULL && i < EVIDENCE_STATE_COUNT; i++) {
        if (strcmp(state_keys[i], key) == 0) {
            *out = (enum evidence_state)i;
            return true;
        }
    }
    return false;
}

enum kz_err custody_check(enum evidence_state state, enum custody_action action,
                          enum evidence_state *next, const char **why)
{
    *next = state;
    *why = NULL;
    /* The acquisition is the item's first event, written with it. */
    if (action == CUSTODY_ACQUIRE)
        *why = "ev.rule.acquire";
    /* Disposal is final: what was disposed of cannot be handed on. */
    else if (state == EVIDENCE_DISPOSED)
        *why = "ev.rule.disposed";
    else if (action == CUSTODY_RETURN && state != EVIDENCE_CHECKED_OUT)
        *why = "ev.rule.not_out";
    /* An item out for examination comes back before it is checked out
     * again, sealed or disposed of: otherwise nobody knows where it is. */
    else if (state == EVIDENCE_CHECKED_OUT &&
             (action == CUSTODY_CHECKOUT || action == CUSTODY_SEAL ||
              action == CUSTODY_DISPOSAL))
        *why = "ev.rule.out";
    else if (state == EVIDENCE_SEALED && action == CUSTODY_SEAL)
        *why = "ev.rule.sealed";
    if (*why != NULL)
        return KZ_ECONFLICT;
    switch (action) {
    case CUSTODY_CHECKOUT: /* from a sealed item, this breaks the seal */
        *next = EVIDENCE_CHECKED_OUT;
        break;
    case CUSTODY_RETURN:
        *next = EVIDENCE_HELD;
        break;
    case CUSTODY_SEAL:
        *next = EVIDENCE_SEALED;
        break;
    case CUSTODY_DISPOSAL:
        *next = EVIDENCE_DISPOSED;
        break;
    default: /* handover, transfer, copy: who holds it, not its state */
        break;
    }
    return KZ_OK;
}

static void compute(const struct custody_event *e, const char *prev_hex,
                    const char *evidence_sha, char *out)
{
    char id[24];
    char seq[24];
    char at[TIMEFMT_LEN];
    char rec[TIMEFMT_LEN];
    /* docs/internals/evidence.md lists these fields in this order. */
    const char *fields[] = {
        id,
        evidence_sha ? evidence_sha : "",
        seq,
        custody_action_key(e->action),
        e->from ? e->from : "",
        e->to ? e->to : "",
        timefmt_format_utc(e->at, at),
        e->location ? e->location : "",
        e->reason ? e->reason : "",
        e->actor ? e->actor : "",
        timefmt_format_utc(e->recorded_at, rec),
    };

    snprintf(id, sizeof(id), "%" PRId64, e->evidence_id);
    snprintf(seq, sizeof(seq), "%" PRId64, e->seq);
    hashchain_link(prev_hex, CUSTODY_DOMAIN, fields,
                   sizeof(fields) / sizeof(fields[0]), out);
}

void custody_seal(struct custody_event *e, const char *prev_hex,
                  const char *evidence_sha)
{
    compute(e, prev_hex, evidence_sha, e->hash);
}

bool custody_verify(const struct custody_event *e, const char *prev_hex,
                    const char *evidence_sha)
{
    char h[HASH_HEX_SIZE];

    compute(e, prev_hex, evidence_sha, h);
    return strcmp(h, e->hash) == 0;
}

/* The length of the UTF-8 sequence at 's' (at most 'n' bytes), 0 when it
 * is not a valid one. */
static size_t seq_len(const unsigned char *s, size_t n)
{
    size_t k = s[0] < 0x80   ? 1
               : s[0] < 0xC2 ? 0
               : s[0] < 0xE0 ? 2
               : s[0] < 0xF0 ? 3
               : s[0] < 0xF5 ? 4
                             : 0;

    if (k == 0 || k > n)
        return 0;
    return utf8_is_valid((const char *)s, k) ? k : 0;
}

/* True when the character at 's' ('k' bytes) must not appear in a name. */
static bool is_unsafe(const unsigned char *s, size_t k)
{
    if (k == 1)
        return s[0] < 0x20 || s[0] == 0x7F || strchr("/\\:*?\"<>|", s[0]);
    /* C1 controls U+0080-U+009F. */
    if (k == 2 && s[0] == 0xC2 && s[1] < 0xA0)
        return true;
    /* Bidirectional controls that make "txt.exe" read as "exe.txt":
     * U+200E-U+200F, U+202A-U+202E, U+2066-U+2069. */
    if (k == 3 && s[0] == 0xE2 && s[1] == 0x80)
        return s[2] == 0x8E || s[2] == 0x8F || (s[2] >= 0xAA && s[2] <= 0xAE);
    if (k == 3 && s[0] == 0xE2 && s[1] == 0x81)
        return s[2] >= 0xA6 && s[2] <= 0xA9;
    return false;
}

/* The longest prefix of 's' ('n' bytes) of at most 'max' bytes that does
 * not end inside a UTF-8 sequence ('s' is valid UTF-8). */
static size_t cut(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

bool evidence_name_sanitise(const char *in, size_t len, char *out, size_t n)
{
    /* Sized for the worst case: every input byte becomes one '_'. */
    char *tmp = xmalloc(len + 1);
    size_t w = 0;
    const unsigned char *u = (const unsigned char *)in;

    for (size_t r = 0; r < len;) {
        size_t k = seq_len(u + r, len - r);
        if (k == 0 || is_unsafe(u + r, k)) {
            tmp[w++] = '_';
            r += k == 0 ? 1 : k;
        } else {
            memcpy(tmp + w, in + r, k);
            w += k;
            r += k;
        }
    }
    /* Leading dots would hide the file or climb directories; trailing
     * dots and spaces are dropped by Windows. */
    size_t b = 0;
    while (b < w && (tmp[b] == '.' || tmp[b] == ' '))
        b++;
    while (w > b && (tmp[w - 1] == '.' || tmp[w - 1] == ' '))
        w--;
    const char *s = tmp + b;
    size_t sl = w - b;
    if (sl == 0) {
        s = "evidence";
        sl = strlen(s);
    }
    if (sl > EVIDENCE_NAME_MAX) {
        /* Keep a short extension, so the file still opens with its
         * program once downloaded. */
        const char *dot = memchr(s, '.', sl);
        const char *last = NULL;
        while (dot != NULL) {
            last = dot;
            dot = memchr(dot + 1, '.', sl - (size_t)(dot + 1 - s));
        }
        size_t ext = last != NULL ? sl - (size_t)(last - s) : 0;
        if (ext > 16)
            ext = 0;
        size_t stem = cut(s, sl - ext, EVIDENCE_NAME_MAX - ext);
        memmove(tmp, s, stem);
        memmove(tmp + stem, s + sl - ext, ext);
        s = tmp;
        sl = stem + ext;
    }
    if (sl >= n)
        sl = cut(s, sl, n - 1);
    /* A cut may end on a dot or a space: dropped as above. */
    while (sl > 0 && (s[sl - 1] == '.' || s[sl - 1] == ' '))
        sl--;
    if (sl == 0) {
        s = "evidence";
        sl = cut(s, strlen(s), n - 1);
    }
    memmove(out, s, sl);
    out[sl] = '\0';
    xfree(tmp);
    return sl != len || memcmp(out, in, sl) != 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool evidence_pct_decode(const char *in, char *out, size_t n)
{
    size_t w = 0;

    for (size_t r = 0; in[r] != '\0';) {
        int c = (unsigned char)in[r];
        if (c == '%') {
            int hi = hexval(in[r + 1]);
            int lo = hi >= 0 ? hexval(in[r + 2]) : -1;
            if (lo < 0)
                return false;
            c = hi * 16 + lo;
            r += 3;
        } else {
            r++;
        }
        if (c == 0 || w + 1 >= n)
            return false;
        out[w++] = (char)c;
    }
    if (n == 0)
        return false;
    out[w] = '\0';
    return utf8_is_valid(out, w);
}
