/*
 * bounce_internal.h - shared state of the bounce decoders.  Internal.
 */
#ifndef BK_BOUNCE_INTERNAL_H
#define BK_BOUNCE_INTERNAL_H

#include "parse_internal.h"

/* Find the next address-shaped token (local@domain.tld) in s from offset
 * from.  Returns 1 with its start and length. */
int bk__find_address(const char *s, size_t n, size_t from, size_t *start, size_t *len);
/* The first address in s, copied into the arena with the domain
 * lower-cased; NULL when none. */
char *bk__clean_address(bk__arena *a, const char *s, size_t n);
int bk__addr_eq(const char *a, const char *b);
/* Skip the "rfc822;" / "smtp;" / "dns;" type prefix of a DSN field. */
const char *bk__strip_type(const char *v, size_t vlen, size_t *outlen);
/* RFC 5322 date to RFC 3339 ("2024-06-11T18:02:02+09:00"); out >= 32
 * bytes.  Returns 1 on success. */
int bk__date_rfc3339(const char *s, size_t n, char *out, size_t size);

/* Case-insensitive (ASCII) search for a NUL-terminated needle; memchr
 * finds the candidates, so long texts are searched quickly. */
const char *bk__ifind(const char *hay, size_t hlen, const char *needle);

/* Phrases of MTA-written text may be wrapped by the MTA at any blank
 * ("(in reply to RCPT\n    TO command)"): in these searches a blank of
 * the phrase matches any run of white space, line ends included.
 * bk__iphrase_len: the length of the match at s, or 0 when it does not
 * match there.  bk__iphrase_before: the start of a match of the first k
 * bytes of phrase that ends at s[at], or (size_t)-1.  bk__ifind_phrase:
 * the first match in hay, or NULL (its length in *mlen when not NULL). */
size_t bk__iphrase_len(const char *s, size_t n, const char *phrase);
size_t bk__iphrase_before(const char *s, size_t at, const char *phrase, size_t k);
const char *bk__ifind_phrase(const char *hay, size_t hlen, const char *phrase, size_t *mlen);

/* ASCII lower-case copy of n bytes (other bytes unchanged) into dst. */
void bk__lower_copy(char *dst, const char *s, size_t n);
/* Search text already lower-cased by bk__lower_copy for needle (any
 * case): the offset of the first match, or hlen.  Same result as
 * bk__ifind on the original text, one memchr stream instead of two. */
size_t bk__lfind(const char *low, size_t hlen, const char *needle);

/* A needle prepared for many searches: its length and its anchor (the
 * offset of the byte the scan looks for) worked out once, by
 * bk__needle_prep, instead of at every search (about 70 instructions for
 * a long phrase).  s stays the caller's (a constant table's string).
 * bk__ifind_n and bk__lfind_n give what bk__ifind and bk__lfind give for
 * nd->s. */
typedef struct bk__needle {
    const char *s;
    size_t len;
    size_t anchor;
} bk__needle;
void bk__needle_prep(bk__needle *nd, const char *needle);
const char *bk__ifind_n(const char *hay, size_t hlen, const bk__needle *nd);
size_t bk__lfind_n(const char *low, size_t hlen, const bk__needle *nd);

/* The letters of s, case folded, as a set (bit 0: 'a' or 'A' ... bit 25:
 * 'z'): a needle with a letter missing from a text's set cannot be in it,
 * which is cheaper to tell than to search a short text for several
 * needles. */
uint32_t bk__letters(const char *s, size_t n);

/* A set of phrases searched for in one pass over a lower-cased text
 * (bk__lower_copy) instead of one scan each.  Each phrase has a
 * fingerprint, four of its bytes (around its rarest one), and lies in one
 * of eight buckets; a vector pass (SSSE3's byte shuffle, where the CPU
 * has it) marks the places where some bucket's fingerprint may stand,
 * 16 places at a time, and the phrases of those buckets are compared
 * there.  Without SSSE3 each phrase is searched alone (bk__lfind_n).
 * bk__pset_init: phrases in any case, up to BK_PSET_MAX, kept by pointer;
 * 0, or BK_ELIMIT for too many.  bk__pset_find: of the phrases whose bit
 * is set in want (bit i: phrases[i]), those the text holds, as bk__lfind
 * would find them; with first set, only the lowest of them counts (the
 * others may be left out). */
#define BK_PSET_MAX 64
#define BK_PSET_FP 4 /* bytes of a fingerprint (measured: fewer candidates than 3, for one more lookup a block) */
typedef struct bk__pset {
    size_t n;
    bk__needle nd[BK_PSET_MAX];
    uint16_t fp[BK_PSET_MAX];              /* the offset of the fingerprint in the phrase */
    uint64_t alone;                        /* phrases shorter than a fingerprint */
    int vector;                            /* the SSSE3 pass is used (without it a
                                              caller may have a cheaper way of its own) */
    unsigned char lo[BK_PSET_FP][16];      /* the buckets of each byte of a fingerprint */
    unsigned char hi[BK_PSET_FP][16];      /* by its low and by its high nibble */
    uint64_t bucket[256];                  /* the phrases of each set of buckets */
} bk__pset;
int bk__pset_init(bk__pset *ps, const char *const *phrases, size_t n);
uint64_t bk__pset_find(const bk__pset *ps, const char *low, size_t n, uint64_t want, int first);

/* The next offset i >= from where a code may start, or n: a reply code
 * ('4' or '5', then a digit up to '5', then a digit; i + 3 <= n) or an
 * enhanced status code ('2', '4' or '5', then '.'; i + 2 <= n).  The
 * callers check the place in full. */
size_t bk__next_reply_code_at(const char *s, size_t n, size_t from);
size_t bk__next_status_at(const char *s, size_t n, size_t from);

#endif /* BK_BOUNCE_INTERNAL_H */
