/*
 * json.c - the tool's JSON Lines writer: compact objects, one a line.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

void bk_json_write_string(FILE *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    putc('"', out);
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c == '"' || c == '\\') {
            putc('\\', out);
            putc((int)c, out);
            i++;
        } else if (c == '\n') {
            fputs("\\n", out);
            i++;
        } else if (c == '\r') {
            fputs("\\r", out);
            i++;
        } else if (c == '\t') {
            fputs("\\t", out);
            i++;
        } else if (c < 0x20 || c == 0x7f) {
            fprintf(out, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
            i++;
        } else if (c < 0x80) {
            putc((int)c, out);
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
                fwrite(p + i, 1, len, out);
                i += len;
            } else {
                fputs("\\ufffd", out);
                i++;
            }
        }
    }
    putc('"', out);
}

static void member(bk_json *j, const char *key)
{
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
