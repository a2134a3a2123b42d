/*
 * internal.h - helpers shared inside libbouncekit; no API promise.
 * Internal names start with bk__ (two underscores).
 */
#ifndef BK_INTERNAL_H
#define BK_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "bouncekit.h"

/* ASCII-only helpers: the library never depends on the C locale. */
static inline int bk__is_digit(int c) { return c >= '0' && c <= '9'; }
static inline int bk__is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static inline int bk__is_space(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }
static inline int bk__lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

/* Case-insensitive (ASCII) comparisons over pointer + length: a == b,
 * and a starts with prefix (b and prefix NUL-terminated).  Inline, and
 * they compare as they walk the NUL-terminated side without measuring it
 * first: the parser makes many of them, and most fail at the first byte. */
static inline int bk__ieq(const char *a, size_t alen, const char *b)
{
    for (size_t i = 0; i < alen; i++)
        if (b[i] == '\0' || bk__lower((unsigned char)a[i]) != bk__lower((unsigned char)b[i]))
            return 0;
    return b[alen] == '\0';
}

static inline int bk__istarts(const char *a, size_t alen, const char *prefix)
{
    for (size_t i = 0; prefix[i] != '\0'; i++)
        if (i >= alen || bk__lower((unsigned char)a[i]) != bk__lower((unsigned char)prefix[i]))
            return 0;
    return 1;
}
const char *bk__imemmem(const char *hay, size_t hlen, const char *needle, size_t nlen);

/* Grow a malloc'd array to hold at least one more element: doubles *cap
 * (to first_cap from 0), with the size arithmetic checked.  Returns the
 * reallocated array and updates *cap, or NULL (out of memory or overflow)
 * with the old array and *cap untouched. */
void *bk__array_grow(void *items, size_t *cap, size_t elem_size, size_t first_cap);

/* Validate UTF-8 (RFC 3629: no overlongs, no surrogates, <= U+10FFFF).
 * Returns 1 when valid. */
int bk__utf8_valid(const unsigned char *s, size_t len);

/* ------------------------------------------------------------------------
 * bk_buf: the one growable buffer type (after curl's dynbuf and SQLite's
 * StrAccum).  Every buffer has a hard cap; an error is sticky, so a run of
 * appends is checked once at the end.  Always NUL-terminated when ok.
 * ---------------------------------------------------------------------- */
typedef struct bk_buf {
    char *data;     /* NULL until the first append */
    size_t len;
    size_t cap;
    size_t max;     /* hard cap on len */
    int err;        /* 0, BK_ENOMEM or BK_ETOOBIG; sticky */
} bk_buf;

void bk__buf_init(bk_buf *b, size_t max);
void bk__buf_free(bk_buf *b);
void bk__buf_reset(bk_buf *b);                 /* len = 0, error cleared, memory kept */
int bk__buf_append(bk_buf *b, const void *p, size_t n);
int bk__buf_putc(bk_buf *b, int c);
int bk__buf_puts(bk_buf *b, const char *s);
int bk__buf_printf(bk_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Steal the contents: returns data (caller frees) and resets b. */
char *bk__buf_take(bk_buf *b, size_t *len);

/* bk_reply_classify_cmd() without the explanation (summary, causes and
 * fixes stay empty): the verdict alone, for decoders that classify many
 * replies.  An unknown command word counts as none. */
int bk__reply_verdict(int reply_code, const bk_status *status, const char *command,
                      const char *text, size_t len, bk_reply_info *out);

#endif /* BK_INTERNAL_H */
