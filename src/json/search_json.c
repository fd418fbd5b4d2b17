/* SPDX-License-Identifier: MIT */
/*
 * search_json.c - search results as JSON.
 */
#include "json/search_json.h"

#include "core/search_snippet.h"
#include "util/timefmt.h"

json_t *search_hit_to_json(const struct search_hit *h)
{
    json_t *snippets = json_array();
    json_t *highlights = json_array();
    json_t *fields = json_array();
    char reported[TIMEFMT_LEN];

    for (size_t i = 0; i < h->n; i++) {
        const struct search_match *m = &h->matches[i];
        struct search_snippet sn;
        search_snippet_make(m->body, (const size_t(*)[2])m->ranges, m->n, &sn);
        json_t *marks = json_array();
        for (size_t k = 0; k < sn.n; k++)
            json_array_append_new(marks, json_pack("[I, I]",
                                                   (json_int_t)sn.marks[k][0],
                                                   (json_int_t)sn.marks[k][1]));
        json_array_append_new(snippets, json_string(sn.text));
        json_array_append_new(highlights, marks);
        json_array_append_new(fields, json_string(m->kind));
        search_snippet_cleanup(&sn);
    }
    const char *sev = severity_key(h->inc.severity);
    return json_pack("{s:s, s:s, s:s, s:o, s:s, s:b, s:o, s:o, s:o}", "ref",
                     h->inc.ref, "title", h->inc.title, "phase",
                     phase_key(h->inc.phase), "severity",
                     sev ? json_string(sev) : json_null(), "reported_at",
                     timefmt_format(h->inc.reported_at, reported), "restricted",
                     h->inc.restricted, "snippets", snippets, "highlights",
                     highlights, "fields", fields);
}
