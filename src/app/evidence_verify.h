/* SPDX-License-Identifier: MIT */
/*
 * evidence_verify.h - `kizuki verify` and GET /api/v1/verify for
 * evidence: every item's custody chain recomputed, every stored file
 * re-hashed against its row, and the files no row names.
 */
#ifndef KZ_APP_EVIDENCE_VERIFY_H
#define KZ_APP_EVIDENCE_VERIFY_H

#include "app/verify.h"

/*
 * Check the evidence in 's' and its files under 'dir', adding the breaks
 * to 'r' (counted in r->checked): under the item's incident ref with the
 * item's id as seq - "verify.custody_broken" (the first event whose hash
 * or seq is wrong, or a recorded head that is not the chain's end),
 * "verify.evidence_missing", "verify.evidence_changed" (expected: the
 * item's sha256; found: the file's) - and under "evidence", seq 0,
 * "verify.evidence_unreferenced" with the file's name as found.
 * KZ_OK when all hold, KZ_EVERIFY otherwise; store errors as they come.
 */
enum kz_err app_evidence_verify(struct store *s, const char *dir,
                                struct verify_result *r) KZ_MUST_CHECK;

#endif
