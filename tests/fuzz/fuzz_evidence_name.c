/* SPDX-License-Identifier: MIT */
/*
 * fuzz_evidence_name.c - the outside file names of evidence
 * (src/core/evidence.c): the header decoding (evidence_pct_decode) and
 * the name sanitiser (evidence_name_sanitise) on arbitrary bytes.
 *
 * The sanitised name must be valid UTF-8 of 1 to EVIDENCE_NAME_MAX bytes
 * with no path separator, no control character, no leading dot and no
 * trailing dot or space, and sanitising it again must change nothing.
 * A decoded header must be valid UTF-8 without NUL, and then sanitise
 * like any name; a smaller output buffer must be handled too.
 */
#include "fuzz.h"

#include <stdbool.h>

#include "core/evidence.h"
#include "util/utf8.h"

static void check_name(const char *in, size_t len)
{
    char out[EVIDENCE_NAME_MAX + 1];
    char again[EVIDENCE_NAME_MAX + 1];
    char small[9];

    (void)evidence_name_sanitise(in, len, out, sizeof(out));
    size_t n = strlen(out);
    FUZZ_CHECK(n >= 1 && n <= EVIDENCE_NAME_MAX);
    FUZZ_CHECK(utf8_is_valid(out, n));
    FUZZ_CHECK(!utf8_has_control(out, false));
    FUZZ_CHECK(strchr(out, '/') == NULL && strchr(out, '\\') == NULL);
    FUZZ_CHECK(out[0] != '.' && out[0] != ' ');
    FUZZ_CHECK(out[n - 1] != '.' && out[n - 1] != ' ');
    FUZZ_CHECK(!evidence_name_sanitise(out, n, again, sizeof(again)));
    FUZZ_CHECK(strcmp(out, again) == 0);
    (void)evidence_name_sanitise(in, len, small, sizeof(small));
    FUZZ_CHECK(strlen(small) < sizeof(small));
    FUZZ_CHECK(utf8_is_valid(small, strlen(small)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    char *decoded = malloc(size + 1);

    check_name((const char *)data, size);
    if (evidence_pct_decode(s, decoded, size + 1)) {
        size_t n = strlen(decoded);
        FUZZ_CHECK(utf8_is_valid(decoded, n));
        FUZZ_CHECK(n <= size);
        check_name(decoded, n);
    }
    free(decoded);
    free(s);
    return 0;
}
