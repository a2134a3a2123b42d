/*
 * json_min.c - a small bounded JSON reader for the JSON notifications some
 * providers mail instead of a DSN (Amazon SES through SNS, say).  Values
 * live in the message arena; depth and node count are capped.
 */
#include <string.h>

#include "json_min.h"

/* A notification nests a handful of levels; anything deeper is hostile. */
#define JSON_MAX_DEPTH 64
/* Nodes per document: a notification has a few hundred. */
#define JSON_MAX_NODES 200000

typedef struct jp {
    bk__arena *a;
    const char *s;
    size_t n, i;
    size_t nodes;
    int err;
} jp;

static void ws(jp *p)
{
    while (p->i < p->n && bk__is_space((unsigned char)p->s[p->i]))
        p->i++;
}

static bk__jv *node(jp *p, int type)
{
    if (++p->nodes > JSON_MAX_NODES) {
        p->err = 1;
        return NULL;
    }
    bk__jv *v = bk__arena_alloc(p->a, sizeof *v);
    if (v == NULL) {
        p->err = 1;
        return NULL;
    }
    v->type = type;
    v->s = "";
    return v;
}

static int hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return 0;
    }
    *out = v;
    return 1;
}

static const char *string(jp *p, size_t *len)
{
    /* p->s[p->i] == '"' */
    size_t j = ++p->i;
    while (j < p->n && p->s[j] != '"') {
        if (p->s[j] == '\\')
            j++;
        j++;
    }
    if (j >= p->n) {
        p->err = 1;
        return NULL;
    }
    char *d = bk__arena_alloc(p->a, j - p->i + 1);
    if (d == NULL) {
        p->err = 1;
        return NULL;
    }
    size_t o = 0;
    for (size_t k = p->i; k < j; k++) {
        char c = p->s[k];
        if (c != '\\') {
            d[o++] = c;
            continue;
        }
        c = p->s[++k];
        switch (c) {
        case 'n': d[o++] = '\n'; break;
        case 't': d[o++] = '\t'; break;
        case 'r': d[o++] = '\r'; break;
        case 'b': d[o++] = '\b'; break;
        case 'f': d[o++] = '\f'; break;
        case 'u': {
            unsigned u;
            if (k + 4 < j + 1 && hex4(p->s + k + 1, &u)) {
                k += 4;
                if (u < 0x80) {
                    d[o++] = (char)u;
                } else if (u < 0x800) {
                    d[o++] = (char)(0xC0 | (u >> 6));
                    d[o++] = (char)(0x80 | (u & 0x3F));
                } else if (u >= 0xD800 && u < 0xE000) {
                    d[o++] = '?'; /* surrogates: not needed for what we read */
                } else if (o + 3 <= j - p->i) {
                    d[o++] = (char)(0xE0 | (u >> 12));
                    d[o++] = (char)(0x80 | ((u >> 6) & 0x3F));
                    d[o++] = (char)(0x80 | (u & 0x3F));
                }
            }
            break;
        }
        default: d[o++] = c; break;
        }
    }
    d[o] = '\0';
    *len = o;
    p->i = j + 1;
    return d;
}

static bk__jv *value(jp *p, int depth)
{
    if (depth > JSON_MAX_DEPTH) {
        p->err = 1;
        return NULL;
    }
    ws(p);
    if (p->i >= p->n) {
        p->err = 1;
        return NULL;
    }
    char c = p->s[p->i];
    if (c == '{' || c == '[') {
        int obj = c == '{';
        bk__jv *v = node(p, obj ? BK__J_OBJECT : BK__J_ARRAY);
        if (v == NULL)
            return NULL;
        p->i++;
        bk__jv **tail = &v->child;
        ws(p);
        if (p->i < p->n && p->s[p->i] == (obj ? '}' : ']')) {
            p->i++;
            return v;
        }
        for (;;) {
            const char *key = NULL;
            size_t kl = 0;
            if (obj) {
                ws(p);
                if (p->i >= p->n || p->s[p->i] != '"') {
                    p->err = 1;
                    return NULL;
                }
                key = string(p, &kl);
                if (key == NULL)
                    return NULL;
                ws(p);
                if (p->i >= p->n || p->s[p->i] != ':') {
                    p->err = 1;
                    return NULL;
                }
                p->i++;
            }
            bk__jv *m = value(p, depth + 1);
            if (m == NULL)
                return NULL;
            m->key = key;
            *tail = m;
            tail = &m->next;
            ws(p);
            if (p->i < p->n && p->s[p->i] == ',') {
                p->i++;
                continue;
            }
            if (p->i < p->n && p->s[p->i] == (obj ? '}' : ']')) {
                p->i++;
                return v;
            }
            p->err = 1;
            return NULL;
        }
    }
    if (c == '"') {
        bk__jv *v = node(p, BK__J_STRING);
        if (v == NULL)
            return NULL;
        v->s = string(p, &v->n);
        return v->s ? v : NULL;
    }
    /* number, true, false, null: kept as their text */
    size_t j = p->i;
    while (j < p->n && (bk__is_alpha((unsigned char)p->s[j]) || bk__is_digit((unsigned char)p->s[j]) ||
                        p->s[j] == '-' || p->s[j] == '+' || p->s[j] == '.'))
        j++;
    if (j == p->i) {
        p->err = 1;
        return NULL;
    }
    bk__jv *v = node(p, BK__J_SCALAR);
    if (v == NULL)
        return NULL;
    v->s = bk__arena_strndup(p->a, p->s + p->i, j - p->i);
    v->n = j - p->i;
    p->i = j;
    return v->s ? v : NULL;
}

const bk__jv *bk__json_parse(bk__arena *a, const char *s, size_t n)
{
    jp p = {a, s, n, 0, 0, 0};
    bk__jv *v = value(&p, 0);
    return p.err ? NULL : v;
}

const bk__jv *bk__json_get(const bk__jv *obj, const char *key)
{
    if (obj == NULL || obj->type != BK__J_OBJECT)
        return NULL;
    for (const bk__jv *m = obj->child; m; m = m->next)
        if (m->key && strcmp(m->key, key) == 0)
            return m;
    return NULL;
}

const char *bk__json_str(const bk__jv *obj, const char *key)
{
    const bk__jv *v = bk__json_get(obj, key);
    return (v && (v->type == BK__J_STRING || v->type == BK__J_SCALAR)) ? v->s : "";
}
