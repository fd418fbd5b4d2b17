/* SPDX-License-Identifier: MIT */
/*
 * fuzz_ref.c - incident references (src/core/ref.c), which arrive in URL
 * paths and CLI arguments.
 *
 * Properties: no crash or UB; what parses is "INC-", four digits, "-" and
 * 4-9 digits, with a year from 1900 and a number from 1; written again by
 * ref_format it parses to the same year and number.
 */
#include "fuzz.h"

#include <ctype.h>

#include "core/ref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    int year = -1;
    int64_t number = -1;

    if (!ref_parse(s, &year, &number)) {
        FUZZ_CHECK(year == -1 && number == -1);
        free(s);
        return 0;
    }
    size_t len = strlen(s);
    FUZZ_CHECK(len >= 13 && len <= 18);
    FUZZ_CHECK(strncmp(s, "INC-", 4) == 0 && s[8] == '-');
    for (size_t i = 4; i < len; i++)
        FUZZ_CHECK(i == 8 || isdigit((unsigned char)s[i]));
    FUZZ_CHECK(year >= 1900 && year <= 9999);
    FUZZ_CHECK(number >= 1 && number <= REF_NUMBER_MAX);
    FUZZ_CHECK(ref_parse(s, NULL, NULL));

    char out[24];
    int year2 = 0;
    int64_t number2 = 0;
    ref_format(out, year, number);
    FUZZ_CHECK(ref_parse(out, &year2, &number2));
    FUZZ_CHECK(year2 == year && number2 == number);
    free(s);
    return 0;
}
