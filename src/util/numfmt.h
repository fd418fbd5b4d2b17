/* SPDX-License-Identifier: MIT */
/*
 * numfmt.h - numbers as generated documents and reports write them.
 */
#ifndef KZ_UTIL_NUMFMT_H
#define KZ_UTIL_NUMFMT_H

#include <stddef.h>
#include <stdint.h>

/* Room for any int64_t with its separators and sign. */
#define NUMFMT_MAX 32

/* 'v' with a comma every three digits (1,234,567) into out[n], cut short
 * when it does not fit; returns 'out'. */
const char *numfmt_grouped(int64_t v, char *out, size_t n);

#endif
