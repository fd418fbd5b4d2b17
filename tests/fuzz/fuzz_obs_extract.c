/* SPDX-License-Identifier: MIT */
/*
 * fuzz_obs_extract.c - the extraction of observables from pasted text
 * (src/core/observable_extract.c): mail headers, log excerpts, reports,
 * anything a person pastes.
 *
 * Properties: no crash, leak or UB; at most OBS_EXTRACT_MAX candidates,
 * each (type, value) once, each value already in its normal form (it
 * normalises to itself as its type).
 */
#include "fuzz.h"

#include "core/observable.h"
#include "util/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    struct obs_candidate_list l;

    obs_extract(s, &l);
    FUZZ_CHECK(l.n <= OBS_EXTRACT_MAX);
    for (size_t i = 0; i < l.n; i++) {
        char *v = NULL;
        char *d = NULL;
        const char *why = NULL;
        FUZZ_CHECK((unsigned)l.items[i].type < OBS_TYPE_COUNT);
        FUZZ_CHECK(l.items[i].value != NULL && l.items[i].display != NULL);
        FUZZ_CHECK(obs_normalise(l.items[i].type, l.items[i].value, &v, &d,
                                 &why) == KZ_OK);
        FUZZ_CHECK(strcmp(v, l.items[i].value) == 0);
        xfree(v);
        xfree(d);
        for (size_t k = i + 1; k < l.n; k++)
            FUZZ_CHECK(l.items[i].type != l.items[k].type ||
                       strcmp(l.items[i].value, l.items[k].value) != 0);
    }
    obs_candidate_list_cleanup(&l);
    free(s);
    return 0;
}
