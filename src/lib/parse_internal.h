/*
 * parse_internal.h - the message layer of the bounce parser: a per-message
 * arena, RFC 5322 headers, the MIME tree, and the bounce decoders' shared
 * helpers.  Internal: no API promise.
 *
 * Data flow: bk_parse_message() reads the input with every line end
 * (CRLF, CR, LF) as LF, so every later layer sees one line-end convention
 * and CR-only mail reads like any other: input with a CR is copied once
 * into the arena with its line ends turned into LF, LF-only input (most
 * mail) is read where it lies, in the caller's buffer, which is neither
 * written nor read past its length.  The MIME walk records parts as views
 * into that text; header fields and decoded bodies (base64,
 * quoted-printable, charsets) are written into the arena, so nothing a
 * result holds points into the caller's buffer.  The whole result is
 * released by one free of the arena.
 */
#ifndef BK_PARSE_INTERNAL_H
#define BK_PARSE_INTERNAL_H

#include <stddef.h>
#include <string.h>

#include "internal.h"

/* ---- arena --------------------------------------------------------------- */
typedef struct bk__arena_chunk bk__arena_chunk;
typedef struct bk__arena {
    bk__arena_chunk *head;
    size_t total;   /* bytes allocated so far */
    size_t max;     /* hard cap on total */
    int err;        /* sticky: BK_ENOMEM or BK_ELIMIT */
} bk__arena;

void bk__arena_init(bk__arena *a, size_t max);
void bk__arena_free(bk__arena *a);
void *bk__arena_alloc(bk__arena *a, size_t n);               /* zeroed, aligned */
void *bk__arena_alloc_raw(bk__arena *a, size_t n);           /* not zeroed, aligned */
char *bk__arena_strndup(bk__arena *a, const char *s, size_t n); /* NUL-terminated copy */

/* ---- message model --------------------------------------------------------- */
/* A header field.  Its name is ready once parsed; its value is finished
 * (unfolded, tabs made blanks, trimmed, NUL-terminated) in place in the
 * arena when first read.  Values are read through bk__header_val() (or
 * found with bk__header_getn(), which returns fields ready): the members
 * are named so that a direct read, which could see an unfinished value,
 * does not compile.  Most fields of a message (its Received trail, DKIM
 * signatures) are never read. */
typedef struct bk__header {
    const char *name;    /* as written, NUL-terminated (arena) */
    size_t nlen;
    const char *value_;  /* finished: unfolded, trimmed, NUL-terminated
                            (arena); before: the field's bytes after ':' */
    size_t vlen_;
    int raw_;            /* while not finished: 2 when folded, else 1 */
} bk__header;

/* Finish a field's value (see bk__header_ready). */
void bk__header_finish(const bk__header *x);
/* x with its value finished; x may be NULL.  A field lives in its
 * message's arena, written by one thread: finishing it through a const
 * pointer changes no object defined const. */
static inline const bk__header *bk__header_ready(const bk__header *x)
{
    if (x != NULL && x->raw_)
        bk__header_finish(x);
    return x;
}
/* The value of field x (finished first); its length in *len. */
static inline const char *bk__header_val(const bk__header *x, size_t *len)
{
    bk__header_ready(x);
    *len = x->vlen_;
    return x->value_;
}

typedef struct bk__headers {
    bk__header *h;
    size_t n;
} bk__headers;

enum { BK__PART_LEAF = 0, BK__PART_MULTI, BK__PART_MESSAGE };

typedef struct bk__part {
    bk__headers hdr;
    char type[80];          /* lower-case "type/subtype"; "text/plain" by default */
    char charset[40];       /* lower-case; "" when not given */
    char report_type[40];   /* multipart/report's report-type, lower case */
    const char *body;       /* raw body (view into the LF-only text: the
                               caller's input or its normalised copy; not
                               NUL-terminated) */
    size_t body_len;
    const char *text;       /* decoded body: transfer encoding undone, text
                               converted to UTF-8; NUL-terminated (arena) */
    size_t text_len;
    int kind;
    int depth;
    int parent;             /* index of the enclosing part; -1 for the top */
    int decoded;            /* 1 once text/text_len are set */
} bk__part;

/* Limits of the message layer (copied from bk_parse_limits). */
typedef struct bk__mime_limits {
    size_t max_header_bytes;
    size_t max_headers;
    size_t max_depth;
    size_t max_parts;
} bk__mime_limits;

typedef struct bk__message {
    bk__arena *arena;
    const char *data;       /* the message with LF line ends: the caller's
                               input or its copy (not NUL-terminated) */
    size_t len;
    bk__part *parts;        /* in document order; parts[0] is the message */
    size_t nparts, cap;
    bk__mime_limits lim;
    void *iconv_cache;      /* owned by the parser */
    const char *limit;      /* which limit was hit (static text), or NULL */
} bk__message;

/* The n bytes at s with LF line ends: s itself when it holds no CR (not
 * copied, so not NUL-terminated), else a NUL-terminated arena copy with
 * CRLF and lone CR turned into LF. */
const char *bk__normalise_eol(bk__arena *a, const char *s, size_t n, size_t *outlen);

/* Parse a header block at s; *body_off receives the offset of the body.
 * Returns 0 or BK_ELIMIT / BK_ENOMEM. */
int bk__headers_parse(bk__arena *a, const bk__mime_limits *lim, const char *s, size_t n,
                      bk__headers *out, size_t *body_off);
/* The first header named name (nl bytes; case-insensitive), ready, or NULL. */
const bk__header *bk__header_getn(const bk__headers *h, const char *name, size_t nl);
/* The same for a NUL-terminated name (measured at compile time when it is
 * a literal). */
static inline const bk__header *bk__header_get(const bk__headers *h, const char *name)
{
    return bk__header_getn(h, name, strlen(name));
}
/* Its value as a view, "" when absent. */
static inline const char *bk__header_value(const bk__headers *h, const char *name, size_t *len)
{
    const bk__header *x = bk__header_getn(h, name, strlen(name));
    if (x == NULL) {
        *len = 0;
        return "";
    }
    return bk__header_val(x, len);
}

/* Walk the MIME structure of m->data; fills m->parts.  Returns 0 or an
 * error (BK_ELIMIT when a cap was hit, BK_ENOMEM). */
int bk__mime_parse(bk__message *m);
/* Decode one part's body into part->text (idempotent). */
int bk__part_decode(bk__message *m, bk__part *p);

/* Decode RFC 2047 encoded words in a header value into UTF-8 (arena). */
char *bk__decode_words(bk__message *m, const char *s, size_t n, size_t *outlen);

/* Convert n bytes in charset cs to UTF-8 (arena); unknown charsets and
 * invalid bytes are passed through with invalid bytes replaced. */
char *bk__to_utf8(bk__message *m, const char *cs, const char *s, size_t n, size_t *outlen);

/* Charset conversion cache (iconv descriptors), owned by the parser. */
void *bk__iconv_cache_new(void);
void bk__iconv_cache_free(void *c);

/* Parameter of a structured header value (Content-Type: ...; name=value),
 * copied into out (at most size-1 bytes), lower-cased when lower.  Returns
 * 1 when found. */
int bk__header_param(const char *v, size_t vlen, const char *name, char *out, size_t size,
                     int lower);

/* Base64 / quoted-printable decoding into dst (at least n bytes). */
size_t bk__base64_decode(const char *s, size_t n, char *dst);
size_t bk__qp_decode(const char *s, size_t n, char *dst, int header);

#endif /* BK_PARSE_INTERNAL_H */
