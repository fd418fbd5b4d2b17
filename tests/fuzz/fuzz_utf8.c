/* SPDX-License-Identifier: MIT */
/*
 * fuzz_utf8.c - the UTF-8 checks of src/util/utf8.c on arbitrary bytes.
 *
 * utf8_is_valid is compared with an independent reading of RFC 3629 /
 * Unicode Table 3-7 (well-formed byte sequences by the range each byte
 * may take), and with kizuki's own rule that NUL is not text.  On valid
 * text, utf8_length must count the code points that reading found and
 * utf8_display_width must lie between one and two columns each.  The
 * other functions run on the NUL-terminated copy, valid or not, and must
 * only not crash.
 */
#include "fuzz.h"

#include <stdbool.h>

#include "util/utf8.h"

/* The length of the well-formed sequence at s[0..n), or 0 when there is
 * none (Unicode 15, Table 3-7). */
static size_t wellformed(const unsigned char *s, size_t n)
{
    static const struct {
        unsigned char lead_lo, lead_hi;
        unsigned char second_lo, second_hi;
        size_t len;
    } table[] = {
        {0x01, 0x7F, 0, 0, 1},       {0xC2, 0xDF, 0x80, 0xBF, 2},
        {0xE0, 0xE0, 0xA0, 0xBF, 3}, {0xE1, 0xEC, 0x80, 0xBF, 3},
        {0xED, 0xED, 0x80, 0x9F, 3}, {0xEE, 0xEF, 0x80, 0xBF, 3},
        {0xF0, 0xF0, 0x90, 0xBF, 4}, {0xF1, 0xF3, 0x80, 0xBF, 4},
        {0xF4, 0xF4, 0x80, 0x8F, 4},
    };

    for (size_t r = 0; r < sizeof(table) / sizeof(table[0]); r++) {
        if (s[0] < table[r].lead_lo || s[0] > table[r].lead_hi)
            continue;
        size_t len = table[r].len;
        if (len > n)
            return 0;
        if (len >= 2 &&
            (s[1] < table[r].second_lo || s[1] > table[r].second_hi))
            return 0;
        for (size_t k = 2; k < len; k++) {
            if (s[k] < 0x80 || s[k] > 0xBF)
                return 0;
        }
        return len;
    }
    return 0; /* NUL, a continuation byte, C0, C1, F5..FF */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    size_t points = 0;
    bool valid = true;

    for (size_t i = 0; i < size;) {
        size_t len = wellformed(data + i, size - i);
        if (len == 0) {
            valid = false;
            break;
        }
        i += len;
        points++;
    }
    FUZZ_CHECK(utf8_is_valid(s, size) == valid);

    size_t length = utf8_length(s);
    size_t width = utf8_display_width(s);
    bool control = utf8_has_control(s, false);
    bool control_ml = utf8_has_control(s, true);
    bool blank = utf8_is_blank(s);

    /* A text that may hold line breaks has fewer controls, never more. */
    FUZZ_CHECK(!control_ml || control);
    /* Blank text is spaces and line breaks, which long texts allow. */
    FUZZ_CHECK(!(blank && control_ml));
    if (valid) {
        FUZZ_CHECK(length == points);
        FUZZ_CHECK(width >= length && width <= 2 * length);
    }
    free(s);
    return 0;
}
