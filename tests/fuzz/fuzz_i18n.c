/* SPDX-License-Identifier: MIT */
/*
 * fuzz_i18n.c - language negotiation (src/util/i18n.c): the
 * Accept-Language header and LANG-style names, on a NUL-terminated copy
 * of the input.
 *
 * Properties: no crash or UB; the answer is always ja or en; a header
 * that cannot name English (no "en" in any case) gives Japanese; a name
 * is read the same whatever the default, unless it names neither.
 */
#include "fuzz.h"

#include <strings.h>

#include "util/i18n.h"

static int mentions_en(const char *s)
{
    for (; s[0] != '\0' && s[1] != '\0'; s++) {
        if (strncasecmp(s, "en", 2) == 0)
            return 1;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);

    enum lang a = i18n_lang_from_accept(s);
    FUZZ_CHECK(a == LANG_JA || a == LANG_EN);
    if (!mentions_en(s))
        FUZZ_CHECK(a == LANG_JA);

    enum lang ja = i18n_lang_parse(s, LANG_JA);
    enum lang en = i18n_lang_parse(s, LANG_EN);
    FUZZ_CHECK(ja == LANG_JA || ja == LANG_EN);
    FUZZ_CHECK(en == LANG_JA || en == LANG_EN);
    /* Named: both agree.  Not named: each gave its default. */
    FUZZ_CHECK(ja == en || (ja == LANG_JA && en == LANG_EN));
    FUZZ_CHECK(i18n_lang_parse(NULL, LANG_EN) == LANG_EN);
    free(s);
    return 0;
}
