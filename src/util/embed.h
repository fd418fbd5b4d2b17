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
    /* The same bytes compressed at build time (embed --compress), or NULL
     * when the file was not compressed or it saved too little. */
    const unsigned char *gzip;
    size_t gzip_len;
    const unsigned char *brotli;
    size_t brotli_len;
};

#endif
