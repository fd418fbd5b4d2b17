/* SPDX-License-Identifier: MIT */
/*
 * fuzz.h - what every libFuzzer harness in fuzz/ shares: the entry points
 * libFuzzer calls (declared here so -Wmissing-prototypes holds) and a
 * NUL-terminated copy of the input for parsers that take C strings.
 *
 * A harness reports a broken property with FUZZ_CHECK, which prints the
 * property and aborts, so libFuzzer saves the input as a crash.
 */
#ifndef KZ_FUZZ_FUZZ_H
#define KZ_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond)                                                       \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: property broken: %s\n", __FILE__,          \
                    __LINE__, #cond);                                          \
            abort();                                                           \
        }                                                                      \
    } while (0)

/* 'data' as a C string (OUT: caller frees).  Embedded NULs stay, so the
 * parser sees the prefix up to the first one, as it would from C. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);

    if (s == NULL)
        abort();
    if (size > 0)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#endif
