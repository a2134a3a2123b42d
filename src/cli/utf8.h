/*
 * utf8.h - the UTF-8 check shared by the tool's JSON writer (json.c) and
 * the server's reader of request bodies (src/server/jsonin.c, which is
 * also compiled alone into its unit test and fuzz target: this header
 * needs nothing beyond <stddef.h>).
 */
#ifndef BK_CLI_UTF8_H
#define BK_CLI_UTF8_H

#include <stddef.h>

/* Length of the valid UTF-8 sequence at p[0..n) (n >= 1, lead byte >= 0x80),
 * or 0 when it is invalid: a stray continuation byte, an overlong form, a
 * surrogate, a code point past U+10FFFF, or a sequence cut at n. */
static inline size_t bk_utf8_seq_len(const unsigned char *p, size_t n)
{
    unsigned c = p[0], min, cp;
    size_t len;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t k = 1; k < len; k++) {
        if ((p[k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

#endif /* BK_CLI_UTF8_H */
