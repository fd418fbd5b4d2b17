/* SPDX-License-Identifier: MIT */
/*
 * csv.c - CSV cells and rows for spreadsheets (see csv.h).
 */
#include "util/csv.h"

#include <string.h>

enum kz_err csv_cell(struct buf *b, const char *s, bool first)
{
    enum kz_err err = first ? KZ_OK : buf_puts(b, ",");

    if (s == NULL || s[0] == '\0' || err != KZ_OK)
        return err;
    /* What Excel, LibreOffice and Google Sheets take as the start of a
     * formula (OWASP "CSV injection"). */
    bool defuse = strchr("=+-@\t\r", s[0]) != NULL;
    bool quote = strpbrk(s, ",\"\r\n") != NULL;

    if (quote)
        err = buf_puts(b, "\"");
    if (err == KZ_OK && defuse)
        err = buf_puts(b, "'");
    for (const char *p = s; err == KZ_OK && *p != '\0';) {
        const char *q = quote ? strchr(p, '"') : NULL;
        size_t n = q != NULL ? (size_t)(q - p) + 1 : strlen(p);
        err = buf_append(b, p, n);
        /* A quote inside a quoted cell is doubled. */
        if (err == KZ_OK && q != NULL)
            err = buf_puts(b, "\"");
        p += n;
    }
    if (err == KZ_OK && quote)
        err = buf_puts(b, "\"");
    return err;
}

enum kz_err csv_end_row(struct buf *b)
{
    return buf_puts(b, "\r\n");
}
