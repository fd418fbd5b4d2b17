/* SPDX-License-Identifier: MIT */
/*
 * search_snippet.h - the plain-text context of a search match, with the
 * positions of the matched terms in it.
 */
#ifndef KZ_CORE_SEARCH_SNIPPET_H
#define KZ_CORE_SEARCH_SNIPPET_H

#include <stddef.h>

/* Characters of context a snippet shows around its first match. */
#define SEARCH_SNIPPET_WIDTH 40
/* The most highlights one snippet carries. */
#define SEARCH_SNIPPET_MARKS 16

struct search_snippet {
    char *text; /* one line of plain text, "…" where cut */
    size_t n;   /* highlights */
    /* [start, end) in code points of 'text', in order, not overlapping */
    size_t marks[SEARCH_SNIPPET_MARKS][2];
};

/*
 * Cut the context of the matches of 'text' (valid UTF-8) into 'out':
 * about SEARCH_SNIPPET_WIDTH characters around the first match, line
 * breaks and other control characters shown as spaces.  'ranges' holds
 * 'n' byte ranges [start, end) of matches in 'text', in any order.
 * OUT: free with search_snippet_cleanup.
 */
void search_snippet_make(const char *text, const size_t (*ranges)[2], size_t n,
                         struct search_snippet *out);
void search_snippet_cleanup(struct search_snippet *s);

#endif
