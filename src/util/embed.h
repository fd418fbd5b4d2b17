/* SPDX-License-Identifier: MIT */
/*
 * embed.h - files compiled into the binary by tools/embed (migrations,
 * web assets), so that one executable carries everything it serves.
 */
#ifndef KZ_UTIL_EMBED_H
#define KZ_UTIL_EMBED_H

#include <stddef.h>

struct embedded_file {
    const char *path;          /* relative to the embedded folder */
    const unsigned char *data; /* NUL-terminated for text use */
    size_t len;                /* without the terminating NUL */
    const char *sha256;        /* hex digest of the bytes */
};

#endif
