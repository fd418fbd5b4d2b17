/* SPDX-License-Identifier: MIT */
/*
 * chron_text.c - chronology bodies as read in Japanese (see chron_text.h).
 */
#include "support/chron_text.h"

#include <stdio.h>

#include "json/chronology_json.h"
#include "util/mem.h"

const char *chron_ja(const char *body)
{
    static char bufs[4][16384];
    static int next;
    char *text = chron_sys_render(body, LANG_JA);

    if (text == NULL)
        return body;
    char *out = bufs[next];
    next = (next + 1) % 4;
    snprintf(out, sizeof(bufs[0]), "%s", text);
    xfree(text);
    return out;
}

void chron_ja_inplace(char *body, size_t n)
{
    const char *ja = chron_ja(body);

    if (ja != body)
        snprintf(body, n, "%s", ja);
}
