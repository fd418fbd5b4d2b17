/* SPDX-License-Identifier: MIT */
/*
 * chron_text.h - a chronology body as a Japanese reader sees it, for tests
 * that check the lines kizuki writes (stored as a message key and its
 * arguments, json/chronology_json.h).
 */
#ifndef KZ_TESTS_SUPPORT_CHRON_TEXT_H
#define KZ_TESTS_SUPPORT_CHRON_TEXT_H

#include <stddef.h>

/* 'body' rendered in Japanese, or 'body' itself when it is not one of
 * kizuki's message bodies.  The text lives in one of a few static buffers
 * reused in turn: enough for an assertion, not to keep. */
const char *chron_ja(const char *body);
/* Replace 'body' (of 'n' bytes) with its Japanese rendering, if it is one
 * of kizuki's message bodies. */
void chron_ja_inplace(char *body, size_t n);

#endif
