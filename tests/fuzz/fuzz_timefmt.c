/* SPDX-License-Identifier: MIT */
/*
 * fuzz_timefmt.c - timefmt_parse (src/util/timefmt.c) on any text.
 *
 * Properties: no crash or UB; a refused text leaves *out alone; a time
 * that was accepted, written by timefmt_format_utc (the form the hash
 * chains use) or timefmt_format (the form the API answers with), reads
 * back as the same instant.  Text without an offset is read in the
 * display zone, which an administrator may choose (KIZUKI_TZ), so each
 * input is read in one of Asia/Tokyo, the default, and zones with
 * daylight saving, extreme offsets and offsets that are not whole
 * minutes, picked by a hash of the input (changing zone costs a tzset,
 * so trying every zone on every input would be five times slower).
 */
#include "fuzz.h"

#include "util/timefmt.h"

static const char *const zones[] = {
    "Asia/Tokyo",
    "America/New_York", /* daylight saving: gaps and folds */
    "Europe/Amsterdam", /* +00:19:32 until 1937 */
    "Etc/GMT-14",       /* the zones furthest apart */
    "Etc/GMT+12",
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    for (size_t z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
        if (timefmt_setup_zone(zones[z]) != KZ_OK)
            abort();
    }
    return 0;
}

static void in_zone(const char *s, const char *zone)
{
    const kz_time untouched = 1234567;
    kz_time t = untouched;
    kz_time again = 0;
    char text[TIMEFMT_LEN];

    if (strcmp(timefmt_zone(), zone) != 0 && timefmt_setup_zone(zone) != KZ_OK)
        abort();
    if (timefmt_parse(s, &t) != KZ_OK) {
        FUZZ_CHECK(t == untouched);
        return;
    }
    timefmt_format_utc(t, text);
    FUZZ_CHECK(timefmt_parse(text, &again) == KZ_OK);
    FUZZ_CHECK(again == t);

    again = 0;
    timefmt_format(t, text);
    if (timefmt_parse(text, &again) != KZ_OK || again != t)
        fprintf(stderr, "%s in %s: %lld written as %s, read as %lld\n", s, zone,
                (long long)t, text, (long long)again);
    FUZZ_CHECK(timefmt_parse(text, &again) == KZ_OK);
    FUZZ_CHECK(again == t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    uint32_t h = 2166136261u; /* FNV-1a */

    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    in_zone(s, zones[h % (sizeof(zones) / sizeof(zones[0]))]);
    free(s);
    return 0;
}
