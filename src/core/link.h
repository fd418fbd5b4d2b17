/* SPDX-License-Identifier: MIT */
/*
 * link.h - links between incidents (related, duplicate of, caused by,
 * part of), the rules a new link must obey, and the test that offers an
 * incident as a possible duplicate of another.
 *
 * A link is stored once, from the incident it was made on to the other;
 * both incidents show it, the other one under the inverse name.  Nothing
 * here merges incidents: a possible duplicate is only offered to a
 * person, who decides.
 */
#ifndef KZ_CORE_LINK_H
#define KZ_CORE_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/incident.h"
#include "util/err.h"
#include "util/timefmt.h"

enum link_kind {
    LINK_RELATED,      /* symmetric */
    LINK_DUPLICATE_OF, /* from: the duplicate; to: the original */
    LINK_CAUSED_BY,    /* from: the effect; to: the cause */
    LINK_PART_OF,      /* from: the part; to: the whole */
    LINK_KIND_COUNT
};

/* A possible duplicate is discovered at most this long before or after
 * the incident it is offered for: the same event reported by several
 * people surfaces within days, not weeks. */
#define LINK_DUP_WINDOW ((kz_time)3 * 24 * 3600)
/* Titles at least this similar (Dice coefficient of character bigrams,
 * in percent) are offered: "顧客へのメール誤送信" and "顧客宛メールの誤送信"
 * score 55, "メールサーバ障害" and "顧客へのメール誤送信", which only share
 * a word, 25. */
#define LINK_DUP_DICE_MIN 50

struct incident_link {
    int64_t id;
    enum link_kind kind;
    int64_t from_id;
    int64_t to_id;
    char from_ref[INCIDENT_REF_LEN]; /* filled by reads */
    char to_ref[INCIDENT_REF_LEN];
    kz_time created_at;
    char *created_by;
};

/* The key of 'k' ("duplicate_of"). */
const char *link_kind_key(enum link_kind k);
/* The kind called 'key'; false when there is none. */
bool link_kind_from_key(const char *key, enum link_kind *out);
/* How the link reads from its other end ("has_duplicate", "caused",
 * "contains", "related"): the key the UI and CLI label it by. */
const char *link_kind_inverse_key(enum link_kind k);
/* True when the kind forms a hierarchy whose chains must not loop back
 * (duplicate_of, part_of, caused_by). */
bool link_kind_is_directed(enum link_kind k);

void incident_link_init(struct incident_link *l);
void incident_link_cleanup(struct incident_link *l);

/*
 * Check a new link of 'kind' from 'from_id' to 'to_id' against the links
 * 'existing' (every link touching either incident, and for directed kinds
 * every link of the chain above 'to_id': see link_chain_reaches).
 * KZ_OK, or with *why_key (OUT: static catalogue key):
 *   KZ_EINVAL    "link.self"       an incident linked to itself
 *   KZ_ECONFLICT "link.exists"     the same link (either way for related)
 *   KZ_ECONFLICT "link.duplicated" 'from' already is a duplicate of another
 *   KZ_ECONFLICT "link.cycle"      the chain from 'to' leads back to 'from'
 */
enum kz_err link_check_new(enum link_kind kind, int64_t from_id, int64_t to_id,
                           const struct incident_link *existing, size_t n,
                           const char **why_key);

/*
 * Whether following links of 'kind' from 'start' (outgoing only) reaches
 * 'target' within 'links'.  Bounded by 'n' steps, so a damaged store
 * with a loop cannot hang it.
 */
bool link_chain_reaches(enum link_kind kind, int64_t start, int64_t target,
                        const struct incident_link *links, size_t n);

/*
 * Normalise 'title' for comparison (OUT: caller frees): the NFKC folds
 * that matter for Japanese incident titles (full-width ASCII and the
 * ideographic space to ASCII, half-width katakana to full-width with
 * their voicing marks composed), ASCII lower-cased, and white space and
 * ASCII punctuation dropped.  Invalid UTF-8 is copied byte for byte.
 */
char *link_title_fold(const char *title);

/* Dice coefficient (0..100) of the character bigrams of the folded
 * titles 'a' and 'b'; a title of one character compares as a bigram
 * with itself.  0 when either is empty. */
int link_title_dice(const char *a, const char *b);

/* Why 'cand' is offered as a possible duplicate of 'inc'. */
struct link_dup_reason {
    int dice;               /* title similarity, 0..100 */
    bool shared_asset;      /* they name an affected asset in common */
    int shared_observables; /* observables in common (set by the caller) */
};

/*
 * Whether 'cand' is a possible duplicate of 'inc': another incident of
 * the same category discovered within LINK_DUP_WINDOW of it, with an
 * affected asset in common or a title at least LINK_DUP_DICE_MIN
 * similar.  *why (may be NULL) says which.
 */
bool link_dup_offered(const struct incident *inc, const struct incident *cand,
                      struct link_dup_reason *why);

#endif
