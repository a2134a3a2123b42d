/*
 * json_min.h - a small bounded JSON reader (internal).
 */
#ifndef BK_JSON_MIN_H
#define BK_JSON_MIN_H

#include "parse_internal.h"

/* The store's reader (json.h) uses the bk__json_ names; this arena-backed
 * reader of the bounce decoder keeps its own names apart. */
#define bk__json_parse bk__jmin_parse
#define bk__json_get bk__jmin_get
#define bk__json_str bk__jmin_str

enum { BK__J_OBJECT = 1, BK__J_ARRAY, BK__J_STRING, BK__J_SCALAR };

typedef struct bk__jv bk__jv;
struct bk__jv {
    int type;
    const char *key;  /* member name inside an object, else NULL */
    const char *s;    /* string value (decoded) or scalar text; "" otherwise */
    size_t n;
    bk__jv *child;    /* first member / element */
    bk__jv *next;
};

/* Parse the JSON value at the start of s (trailing bytes are ignored).
 * NULL when malformed or over the caps. */
const bk__jv *bk__json_parse(bk__arena *a, const char *s, size_t n);
const bk__jv *bk__json_get(const bk__jv *obj, const char *key);
/* A string member, "" when absent or not a string. */
const char *bk__json_str(const bk__jv *obj, const char *key);

#endif /* BK_JSON_MIN_H */
