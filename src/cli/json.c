/*
 * json.c - the tool's JSON Lines writer: compact objects, one a line.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Bytes that stand for themselves inside a JSON string: printable ASCII
 * other than the quote and the backslash. */
static int plain(unsigned c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; }

/* Are the eight bytes at p all plain?  (Word-at-a-time tests: no byte
 * with the high bit, none below 0x20, no DEL, quote or backslash.) */
static int plain8(const unsigned char *p)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t w;
    memcpy(&w, p, 8);
    if (w & highs)
        return 0;
    uint64_t lt20 = (w - 0x20 * ones) & ~w & highs;
    uint64_t x7f = w ^ (0x7f * ones), xq = w ^ (0x22 * ones), xb = w ^ (0x5c * ones);
    uint64_t zero = ((x7f - ones) & ~x7f) | ((xq - ones) & ~xq) | ((xb - ones) & ~xb);
    return ((lt20 | zero) & highs) == 0;
}

/* Escaped output is gathered here and written with one fwrite per
 * chunk: a record costs a few stdio calls, not one per byte. */
#define JSON_CHUNK 1024

void bk_json_write_string(FILE *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    char buf[JSON_CHUNK];
    size_t o = 0;
    buf[o++] = '"';
    size_t i = 0;
    while (i < n) {
        /* Room for the longest escape ("\\ufffd" or a 4-byte sequence)
         * and a run of plain bytes. */
        if (o + 16 > sizeof buf) {
            fwrite(buf, 1, o, out);
            o = 0;
        }
        unsigned c = p[i];
        if (plain(c)) {
            size_t room = sizeof buf - 8 - o;
            size_t lim = n - i < room ? n - i : room;
            size_t k = 0;
            while (k + 8 <= lim && plain8(p + i + k))
                k += 8;
            while (k < lim && plain(p[i + k]))
                k++;
            memcpy(buf + o, p + i, k);
            o += k;
            i += k;
        } else if (c == '"' || c == '\\') {
            buf[o++] = '\\';
            buf[o++] = (char)c;
            i++;
        } else if (c == '\n') {
            buf[o++] = '\\';
            buf[o++] = 'n';
            i++;
        } else if (c == '\r') {
            buf[o++] = '\\';
            buf[o++] = 'r';
            i++;
        } else if (c == '\t') {
            buf[o++] = '\\';
            buf[o++] = 't';
            i++;
        } else if (c < 0x80) { /* other control characters and DEL */
            memcpy(buf + o, "\\u00", 4);
            o += 4;
            buf[o++] = hex[c >> 4];
            buf[o++] = hex[c & 15];
            i++;
        } else {
            /* Copy a valid UTF-8 sequence; replace anything else. */
            size_t len = 0;
            unsigned min = 0, cp = 0;
            if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; min = 0x80; }
            else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; min = 0x800; }
            else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; min = 0x10000; }
            int ok = len > 0 && i + len <= n;
            for (size_t k = 1; ok && k < len; k++) {
                if ((p[i + k] & 0xC0) != 0x80)
                    ok = 0;
                else
                    cp = (cp << 6) | (p[i + k] & 0x3F);
            }
            if (ok && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)))
                ok = 0;
            if (ok) {
                memcpy(buf + o, p + i, len);
                o += len;
                i += len;
            } else {
                memcpy(buf + o, "\\ufffd", 6);
                o += 6;
                i++;
            }
        }
    }
    buf[o++] = '"';
    fwrite(buf, 1, o, out);
}

/* Longest key written in one piece by member(). */
#define KEY_FAST_MAX 120

static void member(bk_json *j, const char *key)
{
    size_t kl = key != NULL ? strlen(key) : 0;
    if (key != NULL && kl <= KEY_FAST_MAX) {
        /* The common case, a plain key: ,"key": in one write. */
        char buf[KEY_FAST_MAX + 4];
        size_t o = 0;
        int ok = 1;
        if (!j->first)
            buf[o++] = ',';
        buf[o++] = '"';
        for (size_t i = 0; i < kl && ok; i++) {
            ok = plain((unsigned char)key[i]);
            buf[o++] = key[i];
        }
        if (ok) {
            buf[o++] = '"';
            buf[o++] = ':';
            fwrite(buf, 1, o, j->out);
            j->first = 0;
            return;
        }
    }
    if (!j->first)
        putc(',', j->out);
    j->first = 0;
    if (key != NULL) {
        bk_json_write_string(j->out, key, strlen(key));
        putc(':', j->out);
    }
}

void bk_json_begin(bk_json *j, FILE *out)
{
    j->out = out;
    j->first = 1;
    j->depth = 0;
    putc('{', out);
}

void bk_json_end(bk_json *j)
{
    fputs("}\n", j->out);
}

void bk_json_key(bk_json *j, const char *key) { member(j, key); }

void bk_json_str(bk_json *j, const char *key, const char *s)
{
    member(j, key);
    if (s == NULL)
        fputs("null", j->out);
    else
        bk_json_write_string(j->out, s, strlen(s));
}

void bk_json_strn(bk_json *j, const char *key, const char *s, size_t n)
{
    member(j, key);
    if (s == NULL)
        fputs("null", j->out);
    else
        bk_json_write_string(j->out, s, n);
}

void bk_json_str_or_null(bk_json *j, const char *key, const char *s)
{
    bk_json_str(j, key, (s != NULL && s[0] != '\0') ? s : NULL);
}

void bk_json_int(bk_json *j, const char *key, long long v)
{
    member(j, key);
    fprintf(j->out, "%lld", v);
}

void bk_json_int_or_null(bk_json *j, const char *key, long long v, int present)
{
    if (present)
        bk_json_int(j, key, v);
    else
        bk_json_null(j, key);
}

void bk_json_bool(bk_json *j, const char *key, int v)
{
    member(j, key);
    fputs(v ? "true" : "false", j->out);
}

void bk_json_null(bk_json *j, const char *key)
{
    member(j, key);
    fputs("null", j->out);
}

void bk_json_array_begin(bk_json *j, const char *key)
{
    member(j, key);
    putc('[', j->out);
    j->first = 1;
    j->depth++;
}

void bk_json_array_str(bk_json *j, const char *s) { bk_json_str(j, NULL, s); }

void bk_json_array_end(bk_json *j)
{
    putc(']', j->out);
    j->first = 0;
    j->depth--;
}

void bk_json_object_begin(bk_json *j, const char *key)
{
    member(j, key);
    putc('{', j->out);
    j->first = 1;
    j->depth++;
}

void bk_json_object_end(bk_json *j)
{
    putc('}', j->out);
    j->first = 0;
    j->depth--;
}
