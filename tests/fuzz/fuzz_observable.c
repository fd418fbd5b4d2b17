/* SPDX-License-Identifier: MIT */
/*
 * fuzz_observable.c - the normalisation of one observable value
 * (src/core/observable.c), which arrives from API bodies, CLI options,
 * alerts and pasted text.  The first byte picks the type, the rest is
 * the value.
 *
 * Properties: no crash, leak or UB; a refusal allocates nothing and names
 * a message; what is accepted is valid UTF-8 of at most OBS_VALUE_MAX
 * bytes without control characters, has a display form, and is a fixed
 * point: normalising the value again gives the same value, so two
 * incidents holding "the same" indicator always compare equal.
 */
#include "fuzz.h"

#include "core/observable.h"
#include "util/mem.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    enum obs_type t = (enum obs_type)(data[0] % OBS_TYPE_COUNT);
    char *s = fuzz_cstr(data + 1, size - 1);
    char *v = NULL;
    char *d = NULL;
    const char *why = NULL;

    if (obs_normalise(t, s, &v, &d, &why) != KZ_OK) {
        FUZZ_CHECK(v == NULL && d == NULL && why != NULL);
        free(s);
        return 0;
    }
    FUZZ_CHECK(v != NULL && d != NULL && why == NULL);
    FUZZ_CHECK(strlen(v) > 0 && strlen(v) <= OBS_VALUE_MAX);
    FUZZ_CHECK(utf8_is_valid(v, strlen(v)));
    FUZZ_CHECK(utf8_is_valid(d, strlen(d)));
    FUZZ_CHECK(!utf8_has_control(v, false));

    char *v2 = NULL;
    char *d2 = NULL;
    FUZZ_CHECK(obs_normalise(t, v, &v2, &d2, &why) == KZ_OK);
    FUZZ_CHECK(strcmp(v, v2) == 0);
    xfree(v2);
    xfree(d2);
    xfree(v);
    xfree(d);
    free(s);
    return 0;
}
