/*
 * util.c - small byte-string helpers used across the library.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const char *bk__imemmem(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
    if (nlen == 0)
        return hay;
    if (nlen > hlen)
        return NULL;
    int first = bk__lower((unsigned char)needle[0]);
    for (size_t i = 0; i + nlen <= hlen; i++) {
        if (bk__lower((unsigned char)hay[i]) != first)
            continue;
        size_t k = 1;
        while (k < nlen && bk__lower((unsigned char)hay[i + k]) == bk__lower((unsigned char)needle[k]))
            k++;
        if (k == nlen)
            return hay + i;
    }
    return NULL;
}

void *bk__array_grow(void *items, size_t *cap, size_t elem_size, size_t first_cap)
{
    size_t nc = *cap ? *cap * 2 : first_cap;
    if (nc < *cap || elem_size == 0 || nc > SIZE_MAX / elem_size)
        return NULL;
    void *p = realloc(items, nc * elem_size);
    if (p != NULL)
        *cap = nc;
    return p;
}

int bk__utf8_valid(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        unsigned min;
        unsigned cp;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            min = 0x80;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            min = 0x800;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            min = 0x10000;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (len - i <= n)
            return 0;
        for (size_t k = 1; k <= n; k++) {
            unsigned cc = s[i + k];
            if ((cc & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += n + 1;
    }
    return 1;
}
