/*
 * jsonin.c - a validating reader of JSON request bodies (see jsonin.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonin.h"
#include "../cli/utf8.h"

typedef struct jr {
    const unsigned char *p;
    size_t len, i;
    const char *what; /* the first error */
} jr;

static void ws(jr *r)
{
    while (r->i < r->len &&
           (r->p[r->i] == ' ' || r->p[r->i] == '\t' || r->p[r->i] == '\n' || r->p[r->i] == '\r'))
        r->i++;
}

static int fail(jr *r, const char *what)
{
    if (r->what == NULL)
        r->what = what;
    return -1;
}

static int hex4(jr *r, unsigned *out)
{
    if (r->len - r->i < 4)
        return fail(r, "short \\u escape");
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        unsigned c = r->p[r->i + (size_t)k], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return fail(r, "bad \\u escape");
        v = v * 16 + d;
    }
    r->i += 4;
    *out = v;
    return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A string at r->i (the opening quote).  With out, the decoded text is
 * returned in a malloc'd buffer (never longer than the literal). */
static int string(jr *r, char **out, size_t *olen)
{
    size_t start = ++r->i;
    char *o = NULL;
    size_t n = 0;
    if (out != NULL) {
        /* Decoded text is never longer than the literal: find its end
         * first to size the buffer. */
        size_t e = start;
        while (e < r->len && r->p[e] != '"')
            e += r->p[e] == '\\' ? 2 : 1;
        o = malloc(e - start + 1);
        if (o == NULL)
            return fail(r, "out of memory");
    }
    while (r->i < r->len) {
        unsigned c = r->p[r->i];
        if (c == '"') {
            r->i++;
            if (out != NULL) {
                o[n] = '\0';
                *out = o;
                *olen = n;
            }
            return 0;
        }
        if (c < 0x20) {
            free(o);
            return fail(r, "control character in a string");
        }
        if (c == '\\') {
            if (r->i + 1 >= r->len)
                break;
            unsigned e = r->p[r->i + 1];
            r->i += 2;
            char ch;
            switch (e) {
            case '"': ch = '"'; break;
            case '\\': ch = '\\'; break;
            case '/': ch = '/'; break;
            case 'b': ch = '\b'; break;
            case 'f': ch = '\f'; break;
            case 'n': ch = '\n'; break;
            case 'r': ch = '\r'; break;
            case 't': ch = '\t'; break;
            case 'u': {
                unsigned cp;
                if (hex4(r, &cp) != 0) {
                    free(o);
                    return -1;
                }
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    unsigned lo;
                    if (r->len - r->i < 6 || r->p[r->i] != '\\' || r->p[r->i + 1] != 'u') {
                        free(o);
                        return fail(r, "lone surrogate");
                    }
                    r->i += 2;
                    if (hex4(r, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF) {
                        free(o);
                        return fail(r, "bad surrogate pair");
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    free(o);
                    return fail(r, "lone surrogate");
                }
                /* \uXXXX takes 6 bytes of input and at most 3 of output;
                 * a pair takes 12 for 4. */
                if (o != NULL)
                    n += put_utf8(o + n, cp);
                continue;
            }
            default:
                free(o);
                return fail(r, "bad escape");
            }
            if (o != NULL)
                o[n++] = ch;
            continue;
        }
        if (c < 0x80) {
            if (o != NULL)
                o[n++] = (char)c;
            r->i++;
            continue;
        }
        size_t l = bk_utf8_seq_len(r->p + r->i, r->len - r->i);
        if (l == 0) {
            free(o);
            return fail(r, "invalid UTF-8");
        }
        if (o != NULL) {
            memcpy(o + n, r->p + r->i, l);
            n += l;
        }
        r->i += l;
    }
    free(o);
    return fail(r, "unterminated string");
}

/* Pass the digits at *i; -1 (bad number) when there is none. */
static int digits(jr *r, size_t *i)
{
    size_t d = *i;
    while (*i < r->len && r->p[*i] >= '0' && r->p[*i] <= '9')
        (*i)++;
    return *i == d ? fail(r, "bad number") : 0;
}

static int number(jr *r)
{
    size_t i = r->i;
    if (i < r->len && r->p[i] == '-')
        i++;
    if (i >= r->len)
        return fail(r, "bad number");
    if (r->p[i] == '0') {
        i++;
    } else if (r->p[i] >= '1' && r->p[i] <= '9') {
        digits(r, &i);
    } else {
        return fail(r, "unexpected character");
    }
    if (i < r->len && r->p[i] == '.') {
        i++;
        if (digits(r, &i) != 0)
            return -1;
    }
    if (i < r->len && (r->p[i] == 'e' || r->p[i] == 'E')) {
        i++;
        if (i < r->len && (r->p[i] == '+' || r->p[i] == '-'))
            i++;
        if (digits(r, &i) != 0)
            return -1;
    }
    r->i = i;
    return 0;
}

static int literal(jr *r, const char *word)
{
    size_t n = strlen(word);
    if (r->len - r->i < n || memcmp(r->p + r->i, word, n) != 0)
        return fail(r, "unexpected character");
    r->i += n;
    return 0;
}

static int value(jr *r, int depth, srv_jtype *type);

static int container(jr *r, int depth, int object)
{
    if (depth >= SRV_JSON_MAX_DEPTH)
        return fail(r, "nested too deeply");
    r->i++;
    ws(r);
    char close = object ? '}' : ']';
    if (r->i < r->len && r->p[r->i] == close) {
        r->i++;
        return 0;
    }
    for (;;) {
        ws(r);
        if (object) {
            if (r->i >= r->len || r->p[r->i] != '"')
                return fail(r, "expected a member name");
            if (string(r, NULL, NULL) != 0)
                return -1;
            ws(r);
            if (r->i >= r->len || r->p[r->i] != ':')
                return fail(r, "expected ':'");
            r->i++;
        }
        srv_jtype t;
        if (value(r, depth + 1, &t) != 0)
            return -1;
        ws(r);
        if (r->i < r->len && r->p[r->i] == ',') {
            r->i++;
            continue;
        }
        if (r->i < r->len && r->p[r->i] == close) {
            r->i++;
            return 0;
        }
        return fail(r, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static int value(jr *r, int depth, srv_jtype *type)
{
    ws(r);
    if (r->i >= r->len)
        return fail(r, "unexpected end");
    switch (r->p[r->i]) {
    case '{': *type = SRV_J_OBJECT; return container(r, depth, 1);
    case '[': *type = SRV_J_ARRAY; return container(r, depth, 0);
    case '"': *type = SRV_J_STRING; return string(r, NULL, NULL);
    case 't': *type = SRV_J_TRUE; return literal(r, "true");
    case 'f': *type = SRV_J_FALSE; return literal(r, "false");
    case 'n': *type = SRV_J_NULL; return literal(r, "null");
    default: *type = SRV_J_NUMBER; return number(r);
    }
}

void srv_json_free(srv_jobject *o)
{
    for (size_t k = 0; k < o->n; k++) {
        free(o->m[k].key);
        free(o->m[k].str);
    }
    o->n = 0;
}

const srv_jmember *srv_json_get(const srv_jobject *o, const char *key)
{
    for (size_t k = 0; k < o->n; k++)
        if (strcmp(o->m[k].key, key) == 0)
            return &o->m[k];
    return NULL;
}

int srv_json_object(const char *p, size_t len, srv_jobject *out, char *err, size_t errsize)
{
    jr r = {(const unsigned char *)p, len, 0, NULL};
    out->n = 0;
    if (err != NULL && errsize > 0)
        err[0] = '\0';
    /* A byte order mark is tolerated, as some senders put one first. */
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        r.i = 3;
    ws(&r);
    int rc = 0;
    if (r.i < r.len && r.p[r.i] == '{') {
        r.i++;
        ws(&r);
        if (r.i < r.len && r.p[r.i] == '}') {
            r.i++;
        } else {
            for (;;) {
                ws(&r);
                if (r.i >= r.len || r.p[r.i] != '"') {
                    fail(&r, "expected a member name");
                    break;
                }
                char *key = NULL;
                size_t klen;
                if (string(&r, &key, &klen) != 0)
                    break;
                ws(&r);
                if (r.i >= r.len || r.p[r.i] != ':') {
                    free(key);
                    fail(&r, "expected ':'");
                    break;
                }
                r.i++;
                ws(&r);
                srv_jmember m = {key, SRV_J_NULL, NULL, 0};
                size_t vstart = r.i;
                if (r.i < r.len && r.p[r.i] == '"') {
                    m.type = SRV_J_STRING;
                    if (string(&r, &m.str, &m.len) != 0) {
                        free(key);
                        break;
                    }
                } else {
                    if (value(&r, 1, &m.type) != 0) {
                        free(key);
                        break;
                    }
                    if (m.type == SRV_J_NUMBER) {
                        m.len = r.i - vstart;
                        m.str = malloc(m.len + 1);
                        if (m.str == NULL) {
                            free(key);
                            rc = -3;
                            break;
                        }
                        memcpy(m.str, p + vstart, m.len);
                        m.str[m.len] = '\0';
                    }
                }
                if (srv_json_get(out, key) != NULL) {
                    free(m.key);
                    free(m.str);
                } else if (out->n == SRV_JSON_MAX_MEMBERS) {
                    free(m.key);
                    free(m.str);
                    rc = -3;
                    break;
                } else {
                    out->m[out->n++] = m;
                }
                ws(&r);
                if (r.i < r.len && r.p[r.i] == ',') {
                    r.i++;
                    continue;
                }
                if (r.i < r.len && r.p[r.i] == '}') {
                    r.i++;
                    break;
                }
                fail(&r, "expected ',' or '}'");
                break;
            }
        }
        if (rc == 0 && r.what == NULL) {
            ws(&r);
            if (r.i != r.len)
                fail(&r, "text after the value");
        }
    } else {
        srv_jtype t;
        if (value(&r, 0, &t) == 0) {
            ws(&r);
            if (r.i != r.len)
                fail(&r, "text after the value");
            else
                rc = -2;
        }
    }
    if (rc == 0 && r.what != NULL) {
        if (err != NULL && errsize > 0)
            snprintf(err, errsize, "%s at byte %zu", r.what, r.i);
        rc = strcmp(r.what, "out of memory") == 0 ? -3 : -1;
    }
    if (rc == -2 && err != NULL && errsize > 0)
        snprintf(err, errsize, "a JSON object was expected");
    if (rc != 0)
        srv_json_free(out);
    return rc;
}
