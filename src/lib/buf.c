/*
 * buf.c - bk_buf, the growable buffer with a hard cap and a sticky error.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void bk__buf_init(bk_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
    b->err = 0;
}

void bk__buf_free(bk_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void bk__buf_reset(bk_buf *b)
{
    b->len = 0;
    b->err = 0;
    if (b->data != NULL)
        b->data[0] = '\0';
}

/* Make room for n more bytes plus the NUL; sets the sticky error. */
static int buf_reserve(bk_buf *b, size_t n)
{
    if (b->err)
        return b->err;
    if (n > b->max || b->len > b->max - n) {
        b->err = BK_ETOOBIG;
        return b->err;
    }
    size_t need = b->len + n + 1;
    if (need <= b->cap)
        return 0;
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    if (ncap > b->max + 1)
        ncap = b->max + 1;
    char *p = realloc(b->data, ncap);
    if (p == NULL) {
        b->err = BK_ENOMEM;
        return b->err;
    }
    b->data = p;
    b->cap = ncap;
    return 0;
}

int bk__buf_append(bk_buf *b, const void *p, size_t n)
{
    if (buf_reserve(b, n) != 0)
        return b->err;
    if (n > 0)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int bk__buf_putc(bk_buf *b, int c)
{
    char ch = (char)c;
    return bk__buf_append(b, &ch, 1);
}

int bk__buf_puts(bk_buf *b, const char *s)
{
    return bk__buf_append(b, s, strlen(s));
}

int bk__buf_printf(bk_buf *b, const char *fmt, ...)
{
    if (b->err)
        return b->err;
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->err = BK_EINVAL;
        return b->err;
    }
    if ((size_t)n < sizeof small)
        return bk__buf_append(b, small, (size_t)n);
    if (buf_reserve(b, (size_t)n) != 0)
        return b->err;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

char *bk__buf_take(bk_buf *b, size_t *len)
{
    char *d = b->data;
    if (len != NULL)
        *len = b->len;
    if (d == NULL && b->err == 0) {
        d = malloc(1);
        if (d != NULL)
            d[0] = '\0';
    }
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}
