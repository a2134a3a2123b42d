/*
 * json.h - a small JSON reader (RFC 8259) for webhook payloads; internal.
 *
 * The whole document is parsed into an array of nodes; strings are decoded
 * (escapes, surrogate pairs) into one arena.  Everything is freed by
 * bk__jr_free().  Limits below bound the work on hostile input.
 */
#ifndef BK_JSON_H
#define BK_JSON_H

#include <stddef.h>
#include <stdint.h>

/* Nesting deeper than this is refused: recursion depth and no real
 * payload comes close. */
#define BK__JR_MAX_DEPTH 64
/* At most this many values in one document: a 16 MiB payload of "[0,0,..."
 * would otherwise ask for tens of millions of nodes. */
#define BK__JR_MAX_NODES 2000000

typedef enum bk__jrtype {
    BK__JR_NULL = 0,
    BK__JR_FALSE,
    BK__JR_TRUE,
    BK__JR_NUMBER,
    BK__JR_STRING,
    BK__JR_ARRAY,
    BK__JR_OBJECT
} bk__jrtype;

typedef struct bk__jrnode {
    bk__jrtype type;
    uint32_t next;      /* index of the next sibling; 0 = none */
    uint32_t child;     /* index of the first child (array, object); 0 = none */
    uint32_t count;     /* number of children */
    const char *key;    /* member name (decoded, NUL-terminated), or NULL */
    size_t keylen;
    const char *str;    /* string value (decoded) or number text; NUL-terminated */
    size_t len;
} bk__jrnode;

typedef struct bk__jrdoc {
    bk__jrnode *nodes;   /* nodes[0] is the root */
    size_t n, cap;
    char *arena;
    size_t alen, acap;
} bk__jrdoc;

/* Returns BK_OK, BK_EMALFORMED, BK_ELIMIT, BK_ENOMEM, BK_EEMPTY. */
int bk__jr_parse(const char *s, size_t len, bk__jrdoc *doc);
/* The same for a JSON value followed by other text (a notification
 * mailed with a signature or footer after it): *used is set to the end
 * of the value (NULL: not wanted). */
int bk__jr_parse_prefix(const char *s, size_t len, bk__jrdoc *doc, size_t *used);
void bk__jr_free(bk__jrdoc *doc);

static inline const bk__jrnode *bk__jr_root(const bk__jrdoc *d) { return d->n ? &d->nodes[0] : NULL; }
/* A member of an object by name (exact), or NULL. */
const bk__jrnode *bk__jr_get(const bk__jrdoc *d, const bk__jrnode *obj, const char *key);
/* First child / next sibling, NULL at the end. */
const bk__jrnode *bk__jr_first(const bk__jrdoc *d, const bk__jrnode *node);
const bk__jrnode *bk__jr_next(const bk__jrdoc *d, const bk__jrnode *node);
/* A string member ("" when absent or not a string); numbers give their text. */
const char *bk__jr_str(const bk__jrdoc *d, const bk__jrnode *obj, const char *key);
/* A path of member names separated by '.': "bounce.bounceType". */
const bk__jrnode *bk__jr_path(const bk__jrdoc *d, const bk__jrnode *obj, const char *path);



/* ---- time stamps shared by the log and webhook readers ---------------- */
/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t bk__days_from_civil(int64_t y, unsigned m, unsigned d);
/* Parse "YYYY-MM-DD[T ]HH:MM:SS[.frac][Z|+HH:MM|+HHMM| +HHMM]" at s; sets
 * *t (Unix seconds, UTC) and *used (bytes consumed).  BK_EMALFORMED when
 * the text does not start with such a time stamp. */
int bk__time_parse_iso(const char *s, size_t len, int64_t *t, size_t *used);
#endif /* BK_JSON_H */
