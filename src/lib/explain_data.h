/*
 * explain_data.h - the explanations behind "bouncekit explain", as data.
 *
 * Each entry explains one situation in our own words: a short summary, the
 * likely causes, and what the sender should do.  bk__explanations[] in
 * explain_data.c holds them; explain.c picks the most specific entry that
 * fits a classified reply:
 *
 *   - the entry's reason must equal the reply's reason, or be
 *     BK_REASON__COUNT ("any reason": fallbacks by code alone);
 *   - the entry's code, when set, must match the reply's enhanced code:
 *     "5.1.1" matches exactly that code, "X.1.1" the code in any class,
 *     "5.1" / "X.1" any detail of that subject;
 *   - the entry's provider, when set, must equal the reply's provider.
 *
 * Among fitting entries the most specific wins: an exact code beats an
 * X. code beats a subject-only code beats none; then a provider beats no
 * provider; then a named reason beats "any reason".  Ties go to the entry
 * that comes first.
 */
#ifndef BK_EXPLAIN_DATA_H
#define BK_EXPLAIN_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "bouncekit.h"

#define BK_EXPLAIN_MAX_ITEMS 8

typedef struct bk_explanation {
    bk_reason reason;      /* BK_REASON__COUNT for any */
    const char *code;      /* NULL, "5.1.1", "X.1.1", "5.1", "X.1" */
    const char *provider;  /* NULL for any */
    const char *summary;
    const char *causes[BK_EXPLAIN_MAX_ITEMS + 1]; /* NULL-terminated */
    const char *fixes[BK_EXPLAIN_MAX_ITEMS + 1];  /* NULL-terminated */
} bk_explanation;

extern const bk_explanation bk__explanations[];
extern const size_t bk__explanations_count;

/* Generated at build time by tools/gen_explain_index.c: for reason r, the
 * entries bk__explain_index[bk__explain_index_first[r] ..
 * bk__explain_index_first[r + 1] - 1] are those whose reason is r or any,
 * in table order. */
extern const uint16_t bk__explain_index[];
extern const uint16_t bk__explain_index_first[BK_REASON__COUNT + 1];

/* One-line descriptions of the reasons, indexed by bk_reason. */
extern const char *const bk__reason_descriptions[BK_REASON__COUNT];

#endif /* BK_EXPLAIN_DATA_H */
