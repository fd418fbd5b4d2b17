/* SPDX-License-Identifier: MIT */
/*
 * csv.h - CSV for spreadsheets (RFC 4180): UTF-8 with a byte order mark so
 * that Excel reads Japanese, CRLF after every row, cells quoted when they
 * need it, and cells that a spreadsheet would run as a formula defused.
 */
#ifndef KZ_UTIL_CSV_H
#define KZ_UTIL_CSV_H

#include <stdbool.h>

#include "util/buf.h"
#include "util/err.h"

/* The UTF-8 byte order mark that starts a file. */
#define CSV_BOM "\xEF\xBB\xBF"

/*
 * Append the cell 's' (NULL: empty) to 'b', after a comma unless it is the
 * first of its row.  A cell starting with = + - @ TAB or CR gets a leading
 * apostrophe, so that a spreadsheet shows it as text instead of running
 * it (CSV/formula injection); one holding a comma, a quote, CR or LF (or
 * so defused) is quoted, its quotes doubled.  KZ_ETOOBIG when 'b' is full.
 */
enum kz_err csv_cell(struct buf *b, const char *s, bool first) KZ_MUST_CHECK;

/* End the row in 'b' with CRLF. */
enum kz_err csv_end_row(struct buf *b) KZ_MUST_CHECK;

#endif
