/* SPDX-License-Identifier: MIT */
/*
 * link.c - links between incidents and possible duplicates (see link.h).
 */
#include "core/link.h"

#include <string.h>

#include "util/mem.h"

static const char *const kind_keys[LINK_KIND_COUNT] = {
    "related", "duplicate_of", "caused_by", "part_of"};
static const char *const inverse_keys[LINK_KIND_COUNT] = {
    "related", "has_duplicate", "caused", "contains"};

const char *link_kind_key(enum link_kind k)
{
    return (unsigned)k < LINK_KIND_COUNT ? kind_keys[k] : "";
}

bool link_kind_from_key(const char *key, enum link_kind *out)
{
    for (int k = 0; key != NULL && k < LINK_KIND_COUNT; k++) {
        if (strcmp(key, kind_keys[k]) == 0) {
            *out = (enum link_kind)k;
            return true;
        }
    }
    return false;
}

const char *link_kind_inverse_key(enum link_kind k)
{
    return (unsigned)k < LINK_KIND_COUNT ? inverse_keys[k] : "";
}

bool link_kind_is_directed(enum link_kind k)
{
    return k != LINK_RELATED;
}

void incident_link_init(struct incident_link *l)
{
    memset(l, 0, sizeof(*l));
}

void incident_link_cleanup(struct incident_link *l)
{
    xfree(l->created_by);
    incident_link_init(l);
}

bool link_chain_reaches(enum link_kind kind, int64_t start, int64_t target,
                        const struct incident_link *links, size_t n)
{
    /* Depth-first over outgoing links of 'kind'; a chain can visit each
     * link at most once, so n + 1 steps bound any walk that is not a
     * loop already stored. */
    int64_t *stack = xcalloc(n + 1, sizeof(*stack));
    bool *used = xcalloc(n + 1, sizeof(*used));
    size_t top = 0;
    bool found = false;

    stack[top++] = start;
    while (top > 0 && !found) {
        int64_t at = stack[--top];
        if (at == target) {
            found = true;
            break;
        }
        for (size_t i = 0; i < n; i++) {
            if (!used[i] && links[i].kind == kind && links[i].from_id == at) {
                used[i] = true;
                stack[top++] = links[i].to_id;
            }
        }
    }
    xfree(stack);
    xfree(used);
    return found;
}

enum kz_err link_check_new(enum link_kind kind, int64_t from_id, int64_t to_id,
                           const struct incident_link *existing, size_t n,
                           const char **why_key)
{
    *why_key = NULL;
    if ((unsigned)kind >= LINK_KIND_COUNT) {
        *why_key = "v.link_kind";
        return KZ_EINVAL;
    }
    if (from_id == to_id) {
        *why_key = "link.self";
        return KZ_EINVAL;
    }
    for (size_t i = 0; i < n; i++) {
        const struct incident_link *l = &existing[i];
        bool same = l->from_id == from_id && l->to_id == to_id;
        bool reverse = l->from_id == to_id && l->to_id == from_id;
        /* "Related" reads the same from both ends. */
        if (l->kind == kind && (same || (kind == LINK_RELATED && reverse))) {
            *why_key = "link.exists";
            return KZ_ECONFLICT;
        }
        /* A report duplicates one original; a second would leave it
         * unclear which record carries the response. */
        if (kind == LINK_DUPLICATE_OF && l->kind == LINK_DUPLICATE_OF &&
            l->from_id == from_id) {
            *why_key = "link.duplicated";
            return KZ_ECONFLICT;
        }
    }
    if (link_kind_is_directed(kind) &&
        link_chain_reaches(kind, to_id, from_id, existing, n)) {
        *why_key = "link.cycle";
        return KZ_ECONFLICT;
    }
    return KZ_OK;
}

/* --- title similarity ------------------------------------------------ */

/* An invalid byte travels as RAW_BYTE | byte, so it compares as itself
 * and is written back unchanged. */
#define RAW_BYTE 0x80000000u

/* Decode one UTF-8 sequence at s (n bytes left); *len its length.  An
 * invalid byte decodes as RAW_BYTE | byte, length 1. */
static unsigned decode(const unsigned char *s, size_t n, size_t *len)
{
    unsigned c = s[0];
    size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;

    *len = 1;
    if (c < 0x80)
        return c;
    if (need == 1 || need > n || c >= 0xF8)
        return RAW_BYTE | c;
    unsigned cp = c & (0x3F >> (need - 1));
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return RAW_BYTE | c;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    *len = need;
    return cp;
}

static size_t encode(unsigned cp, char *out)
{
    if (cp & RAW_BYTE) {
        out[0] = (char)(cp & 0xFF);
        return 1;
    }
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* U+FF61..U+FF9F, the half-width katakana block, as NFKC maps it. */
static const unsigned short halfwidth_kana[] = {
    0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, 0x30A5,
    0x30A7, 0x30A9, 0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4,
    0x30A6, 0x30A8, 0x30AA, 0x30AB, 0x30AD, 0x30AF, 0x30B1, 0x30B3, 0x30B5,
    0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1, 0x30C4, 0x30C6, 0x30C8,
    0x30CA, 0x30CB, 0x30CC, 0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8,
    0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8,
    0x30E9, 0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3, 0x3099, 0x309A};

static bool in_list(unsigned cp, const unsigned short *l, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (l[i] == cp)
            return true;
    }
    return false;
}

/* Compose katakana 'base' with the combining (semi-)voiced mark 'mark'
 * as NFC does; 0 when they do not compose. */
static unsigned compose_kana(unsigned base, unsigned mark)
{
    static const unsigned short voiced[] = {
        0x30AB, 0x30AD, 0x30AF, 0x30B1, 0x30B3, 0x30B5, 0x30B7,
        0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1, 0x30C4, 0x30C6,
        0x30C8, 0x30CF, 0x30D2, 0x30D5, 0x30D8, 0x30DB};
    static const unsigned short semi[] = {0x30CF, 0x30D2, 0x30D5, 0x30D8,
                                          0x30DB};

    if (mark == 0x3099) {
        if (in_list(base, voiced, sizeof(voiced) / sizeof(voiced[0])))
            return base + 1;
        if (base == 0x30A6)
            return 0x30F4;
        if (base == 0x30EF || base == 0x30F2)
            return base + 8;
    } else if (mark == 0x309A &&
               in_list(base, semi, sizeof(semi) / sizeof(semi[0]))) {
        return base + 2;
    }
    return 0;
}

static unsigned fold_one(unsigned cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        cp -= 0xFF01 - 0x21;
    else if (cp == 0x3000)
        cp = ' ';
    else if (cp >= 0xFF61 && cp <= 0xFF9F)
        cp = halfwidth_kana[cp - 0xFF61];
    if (cp >= 'A' && cp <= 'Z')
        cp += 'a' - 'A';
    return cp;
}

/* Folded code points of 's' (OUT: caller frees; *n their number). */
static unsigned *fold_points(const char *s, size_t *n)
{
    size_t len = s ? strlen(s) : 0;
    unsigned *out = xcalloc(len + 1, sizeof(*out));
    size_t k = 0;

    for (size_t i = 0; i < len;) {
        size_t step;
        unsigned cp =
            fold_one(decode((const unsigned char *)s + i, len - i, &step));
        i += step;
        if (cp < 0x80 &&
            !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z')))
            continue; /* spaces, punctuation, controls */
        unsigned both = k > 0 ? compose_kana(out[k - 1], cp) : 0;
        if (both != 0)
            out[k - 1] = both;
        else
            out[k++] = cp;
    }
    *n = k;
    return out;
}

char *link_title_fold(const char *title)
{
    size_t n;
    unsigned *cps = fold_points(title, &n);
    char *out = xmalloc(n * 4 + 1);
    size_t k = 0;

    for (size_t i = 0; i < n; i++)
        k += encode(cps[i], out + k);
    out[k] = '\0';
    xfree(cps);
    return out;
}

struct bigram {
    unsigned a, b;
};

static struct bigram *bigrams(const char *title, size_t *n)
{
    size_t np;
    unsigned *cps = fold_points(title, &np);
    struct bigram *out = xcalloc(np + 1, sizeof(*out));

    *n = 0;
    if (np == 1)
        out[(*n)++] = (struct bigram){cps[0], cps[0]};
    for (size_t i = 0; i + 1 < np; i++)
        out[(*n)++] = (struct bigram){cps[i], cps[i + 1]};
    xfree(cps);
    return out;
}

int link_title_dice(const char *a, const char *b)
{
    size_t na;
    size_t nb;
    struct bigram *ga = bigrams(a, &na);
    struct bigram *gb = bigrams(b, &nb);
    bool *taken = xcalloc(nb + 1, sizeof(*taken));
    size_t common = 0;

    /* Multiset intersection: a bigram repeated in one title matches as
     * often as it occurs in the other, no more.  Titles are at most 200
     * code points, so the quadratic walk stays small. */
    for (size_t i = 0; i < na; i++) {
        for (size_t j = 0; j < nb; j++) {
            if (!taken[j] && ga[i].a == gb[j].a && ga[i].b == gb[j].b) {
                taken[j] = true;
                common++;
                break;
            }
        }
    }
    int dice = na + nb == 0 ? 0 : (int)(200 * common / (na + nb));
    xfree(ga);
    xfree(gb);
    xfree(taken);
    return dice;
}

bool link_dup_offered(const struct incident *inc, const struct incident *cand,
                      struct link_dup_reason *why)
{
    struct link_dup_reason r = {0, false, 0};

    if (why != NULL)
        *why = r;
    if (inc->id == cand->id || inc->category == NULL ||
        cand->category == NULL || strcmp(inc->category, cand->category) != 0)
        return false;
    kz_time d = inc->discovered_at - cand->discovered_at;
    if (d > LINK_DUP_WINDOW || d < -LINK_DUP_WINDOW)
        return false;
    for (size_t i = 0; i < inc->assets.n && !r.shared_asset; i++)
        r.shared_asset = strv_contains(&cand->assets, inc->assets.v[i]);
    r.dice = link_title_dice(inc->title, cand->title);
    if (why != NULL)
        *why = r;
    return r.shared_asset || r.dice >= LINK_DUP_DICE_MIN;
}
