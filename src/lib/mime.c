/*
 * mime.c - the message layer: arena, line ends, RFC 5322 headers, the MIME
 * tree (RFC 2045/2046), transfer decodings, RFC 2047 encoded words and
 * charset conversion to UTF-8.
 *
 * One pass per multipart level over the message with LF line ends (the
 * input itself when it has no CR, else a normalised copy),
 * with caps on header bytes, header count, nesting depth and part count
 * (after Postfix's mime_state.c): hostile nesting or part floods end with
 * BK_ELIMIT instead of unbounded work.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "parse_internal.h"

/* SSE2 (every x86-64) reads header lines 16 bytes a step. */
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define BK_MIME_SSE2 1
#else
#define BK_MIME_SSE2 0
#endif

/* ------------------------------------------------------------------------
 * Arena
 * ---------------------------------------------------------------------- */

/* Chunks are at least this big, so small allocations cost one pointer bump. */
#define ARENA_CHUNK 65536

struct bk__arena_chunk {
    bk__arena_chunk *next;
    size_t size, used;
    /* data follows, 16-aligned */
};

#define CHUNK_HDR ((sizeof(bk__arena_chunk) + 15u) & ~(size_t)15u)

void bk__arena_init(bk__arena *a, size_t max)
{
    a->head = NULL;
    a->total = 0;
    a->max = max;
    a->err = 0;
}

void bk__arena_free(bk__arena *a)
{
    bk__arena_chunk *c = a->head;
    while (c != NULL) {
        bk__arena_chunk *n = c->next;
        free(c);
        c = n;
    }
    a->head = NULL;
    a->total = 0;
}

void *bk__arena_alloc_raw(bk__arena *a, size_t n)
{
    if (a->err)
        return NULL;
    if (n > SIZE_MAX / 2) {
        a->err = BK_ELIMIT;
        return NULL;
    }
    n = (n + 15u) & ~(size_t)15u;
    if (n == 0)
        n = 16;
    bk__arena_chunk *c = a->head;
    if (c == NULL || c->size - c->used < n) {
        size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        if (a->total + size > a->max) {
            a->err = BK_ELIMIT;
            return NULL;
        }
        c = malloc(CHUNK_HDR + size);
        if (c == NULL) {
            a->err = BK_ENOMEM;
            return NULL;
        }
        c->size = size;
        c->used = 0;
        c->next = a->head;
        a->head = c;
        a->total += size;
    }
    char *p = (char *)c + CHUNK_HDR + c->used;
    c->used += n;
    return p;
}

/* bk__arena_alloc_raw with its common case (room left in the current
 * chunk) inline, for the many small pieces of a header section. */
static inline void *arena_take(bk__arena *a, size_t n)
{
    bk__arena_chunk *c = a->head;
    if (!a->err && c != NULL && n <= SIZE_MAX / 2) {
        size_t r = (n + 15u) & ~(size_t)15u;
        if (r == 0)
            r = 16;
        if (c->size - c->used >= r) {
            char *p = (char *)c + CHUNK_HDR + c->used;
            c->used += r;
            return p;
        }
    }
    return bk__arena_alloc_raw(a, n);
}

void *bk__arena_alloc(bk__arena *a, size_t n)
{
    void *p = bk__arena_alloc_raw(a, n);
    if (p != NULL)
        memset(p, 0, n);
    return p;
}

char *bk__arena_strndup(bk__arena *a, const char *s, size_t n)
{
    char *p = bk__arena_alloc_raw(a, n + 1);
    if (p == NULL)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* ------------------------------------------------------------------------
 * Line ends
 * ---------------------------------------------------------------------- */

const char *bk__normalise_eol(bk__arena *a, const char *s, size_t n, size_t *outlen)
{
    const char *cr = memchr(s, '\r', n);
    *outlen = n;
    if (cr == NULL)
        return s; /* LF-only already (most mail on disk): read where it lies */
    char *d = bk__arena_alloc_raw(a, n + 1);
    if (d == NULL)
        return NULL;
    size_t i = (size_t)(cr - s), j = i;
    memcpy(d, s, i);
    /* From the first CR on.  j <= i throughout (a CRLF shrinks to one
     * byte), so d has room for every 16-byte store below while i + 16 <= n. */
#if BK_MIME_SSE2
    const __m128i vcr = _mm_set1_epi8('\r');
    while (i + 16 <= n) {
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        _mm_storeu_si128((__m128i *)(void *)(d + j), b);
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, vcr));
        if (m == 0) {
            i += 16;
            j += 16;
            continue;
        }
        /* the bytes before the CR stand; the CR becomes LF, and the LF of
         * a CRLF is dropped */
        size_t k = (size_t)__builtin_ctz(m);
        i += k;
        j += k;
        d[j++] = '\n';
        i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
    }
#endif
    /* the rest (all of it without SSE2): runs without CR copy as they are */
    while (i < n) {
        cr = memchr(s + i, '\r', n - i);
        size_t run = cr != NULL ? (size_t)(cr - s) - i : n - i;
        memcpy(d + j, s + i, run);
        j += run;
        i += run;
        if (i < n) {
            d[j++] = '\n';
            i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
        }
    }
    d[j] = '\0';
    *outlen = j;
    return d;
}

/* The same on a buffer of one's own: CRLF and lone CR become LF in place;
 * returns the new length. */
static size_t normalise_eol_in_place(char *s, size_t n)
{
    char *cr = memchr(s, '\r', n);
    if (cr == NULL)
        return n;
    size_t i = (size_t)(cr - s), j = i;
    while (i < n) {
        /* at a CR */
        s[j++] = '\n';
        i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
        cr = i < n ? memchr(s + i, '\r', n - i) : NULL;
        size_t run = cr ? (size_t)(cr - s) - i : n - i;
        memmove(s + j, s + i, run);
        j += run;
        i += run;
    }
    return j;
}

/* ------------------------------------------------------------------------
 * Headers
 * ---------------------------------------------------------------------- */

/* Bytes of a header name (RFC 5322 ftext: printable ASCII but ':'). */
#define FT8 1, 1, 1, 1, 1, 1, 1, 1
#define NO8 0, 0, 0, 0, 0, 0, 0, 0
static const unsigned char FTEXT[256] = {
    NO8, NO8, NO8, NO8,                      /* 0x00..0x1f */
    0, 1, 1, 1, 1, 1, 1, 1, FT8,             /* 0x20..0x2f: not SP */
    FT8, 1, 1, 0, 1, 1, 1, 1, 1,             /* 0x30..0x3f: not ':' */
    FT8, FT8, FT8, FT8, FT8, FT8, FT8,       /* 0x40..0x77 */
    1, 1, 1, 1, 1, 1, 1, 0,                  /* 0x78..0x7f: not DEL */
    /* 0x80..0xff: 0 */
};
#undef FT8
#undef NO8

/* Length of a header name at s (followed by optional blanks and ':'), or 0. */
#if defined(__GNUC__)
__attribute__((always_inline)) /* two callers, one of them per field */
#endif
static inline size_t header_name_len(const char *s, size_t n, size_t *colon)
{
    size_t i = 0;
#if BK_MIME_SSE2
    /* Sixteen bytes at a time: the first byte below '!' (or >= 0x80: signed
     * compare), DEL or ':' ends the name. */
    {
        const __m128i lo = _mm_set1_epi8('!'), del = _mm_set1_epi8(0x7f), col = _mm_set1_epi8(':');
        for (; i + 16 <= n; i += 16) {
            __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i bad = _mm_or_si128(_mm_cmplt_epi8(b, lo),
                                       _mm_or_si128(_mm_cmpeq_epi8(b, del), _mm_cmpeq_epi8(b, col)));
            unsigned m = (unsigned)_mm_movemask_epi8(bad);
            if (m != 0) {
                i += (size_t)__builtin_ctz(m);
                goto name_end;
            }
        }
    }
#endif
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* Eight bytes at a time: flag each byte below '!', at or above DEL, or
     * equal to ':' (the zero-byte tests of "Bit Twiddling Hacks").  The
     * lowest flag is always exact (a borrow or carry only runs upward from a
     * flagged byte), so it gives the end of the name within the word. */
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t cw = w ^ (ones * ':');
        uint64_t bad = ((w - ones * 0x21) & ~w & highs) | /* a byte < 0x21 */
                       (((w + ones) | w) & highs) |        /* a byte >= 0x7f */
                       ((cw - ones) & ~cw & highs);        /* a ':' */
        if (bad) {
            i += (size_t)__builtin_ctzll(bad) / 8;
            goto name_end;
        }
    }
#endif
    while (i < n && FTEXT[(unsigned char)s[i]])
        i++;
#if BK_MIME_SSE2 || \
    (defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
name_end:
#endif
    if (i == 0)
        return 0;
    if (i < n && s[i] == ':') { /* "Name:", the usual spelling */
        *colon = i;
        return i;
    }
    size_t j = i;
    while (j < n && (s[j] == ' ' || s[j] == '\t'))
        j++;
    if (j >= n || s[j] != ':')
        return 0;
    *colon = j;
    return i;
}

/* The offset of the first '\n' at or after i, or n.  (libc's memchr: most
 * header lines are longer than a 16-byte step, and whether a field holds
 * a tab is left to the few fields that are read.) */
static inline size_t line_end(const char *s, size_t i, size_t n)
{
    const char *lf = memchr(s + i, '\n', n - i);
    return lf != NULL ? (size_t)(lf - s) : n;
}

/* A field the scan found, before its bytes are copied: offsets into the
 * header block. */
typedef struct field_at {
    size_t pos;    /* the name */
    size_t nl;     /* the name's length */
    size_t vstart; /* after the ':' */
    size_t e;      /* after the field's last line feed (or the end) */
    int folded;    /* the field spans more than one line */
} field_at;

/* Fields copied into the arena in one piece: a header block rarely has
 * more (a returned message with many Received fields takes two). */
#define FIELD_BATCH 64

/* Copy the bytes of the k fields of f (contiguous in s) into the arena in
 * one piece and make them fields of out: each name ends where its ':' (or
 * the blank before it) was; each value is left raw, to be finished in
 * place when it is read (bk__header_finish()).  The copy has one byte more
 * for the terminator of a last field without a line feed. */
static int fields_copy(bk__arena *a, const char *s, const field_at *f, size_t k,
                       bk__headers *out, size_t *cap)
{
    size_t b0 = f[0].pos, span = f[k - 1].e - b0;
    if (out->n + k > *cap) {
        /* exactly what this batch needs; a next batch grows it again */
        size_t ncap = out->n + k;
        bk__header *nh = arena_take(a, ncap * sizeof *nh);
        if (nh == NULL)
            return a->err ? a->err : BK_ENOMEM;
        if (out->n)
            memcpy(nh, out->h, out->n * sizeof *nh);
        out->h = nh;
        *cap = ncap;
    }
    char *d = arena_take(a, span + 1);
    if (d == NULL)
        return a->err ? a->err : BK_ENOMEM;
    memcpy(d, s + b0, span);
    d[span] = '\0';
    bk__header *h = out->h + out->n;
    for (size_t x = 0; x < k; x++, h++) {
        const field_at *fx = &f[x];
        char *nm = d + (fx->pos - b0);
        nm[fx->nl] = '\0'; /* the ':' or a blank before it */
        h->name = nm;
        h->nlen = fx->nl;
        h->value_ = d + (fx->vstart - b0);
        h->vlen_ = fx->e - fx->vstart;
        h->raw_ = fx->folded ? 2 : 1;
    }
    out->n += k;
    return 0;
}

/* A raw value (the field's bytes after the ':', in the arena copy) made
 * ready in place: line feeds dropped (which unfolds it), tabs made
 * blanks, blanks at both ends trimmed, NUL-terminated where its line feed
 * was (or in the copy's spare byte).  Each step only shortens the value
 * within its own bytes. */
void bk__header_finish(const bk__header *cx)
{
    bk__header *x = (bk__header *)(uintptr_t)cx; /* arena memory, see the header */
    char *v = (char *)(uintptr_t)x->value_;
    size_t vl = x->vlen_;
    /* only a field at the end of the input may lack its line feed */
    if (vl > 0 && v[vl - 1] == '\n')
        vl--;
    if (x->raw_ == 2) { /* folded: drop the line feeds, keep the blanks */
        char *lf = memchr(v, '\n', vl);
        size_t w = lf != NULL ? (size_t)(lf - v) : vl, r = w;
        while (r < vl) {
            r++; /* past a line feed */
            const char *nx = memchr(v + r, '\n', vl - r);
            size_t run = nx != NULL ? (size_t)(nx - v) - r : vl - r;
            memmove(v + w, v + r, run);
            w += run;
            r += run;
        }
        vl = w;
    }
    for (char *t = memchr(v, '\t', vl); t != NULL; t = memchr(t + 1, '\t', vl - (size_t)(t + 1 - v)))
        *t = ' ';
    size_t b = 0;
    while (b < vl && v[b] == ' ')
        b++;
    while (vl > b && v[vl - 1] == ' ')
        vl--;
    v[vl] = '\0';
    x->value_ = v + b;
    x->vlen_ = vl - b;
    x->raw_ = 0;
}

int bk__headers_parse(bk__arena *a, const bk__mime_limits *lim, const char *s, size_t n,
                      bk__headers *out, size_t *body_off)
{
    out->h = NULL;
    out->n = 0;
    size_t cap = 0;
    size_t pos = 0;
    field_at f[FIELD_BATCH];
    size_t k = 0; /* fields in f */
    /* An mbox "From " separator line before the headers is skipped. */
    if (n >= 5 && memcmp(s, "From ", 5) == 0) {
        const char *nl = memchr(s, '\n', n);
        pos = nl ? (size_t)(nl - s) + 1 : n;
    }
    /* Every field below ends within max_header_bytes (or the call fails),
     * so only the first can start beyond it. */
    if (pos < n && pos > lim->max_header_bytes)
        return BK_ELIMIT;
    while (pos < n) {
        if (s[pos] == '\n') { /* the empty line ends the header */
            pos++;
            break;
        }
        size_t colon = 0;
        size_t nl = header_name_len(s + pos, n - pos, &colon);
        if (nl == 0)
            break; /* not a header line: the body starts here */
        /* Find the end of the field: lines that start with a blank continue it. */
        size_t vstart = pos + colon + 1;
        size_t e = vstart;
        int folded = 0; /* the field spans more than one line */
        for (;; folded = 1) {
            size_t lf = line_end(s, e, n);
            if (lf == n) {
                e = n;
                break;
            }
            e = lf + 1;
            if (e > lim->max_header_bytes) /* the field ends beyond the cap */
                return BK_ELIMIT;
            if (e < n && (s[e] == ' ' || s[e] == '\t'))
                continue;
            /* Lenient: a parameter line that lost its indentation after a
             * value ending in ';' ("Content-Type: multipart/mixed;\n
             * boundary=...") continues the field; blanks after the ';'
             * do not count.  Most lines end in another byte: no need to
             * look further. */
            if (e >= n || s[e] == '\n' ||
                (lf > vstart && s[lf - 1] != ';' && s[lf - 1] != ' ' && s[lf - 1] != '\t'))
                break;
            size_t t = e - 1; /* at the line feed */
            while (t > vstart && (s[t - 1] == ' ' || s[t - 1] == '\t'))
                t--;
            if (e < n && t > vstart && s[t - 1] == ';' && s[e] != '\n') {
                size_t c2 = 0;
                if (header_name_len(s + e, n - e, &c2) == 0)
                    continue;
            }
            break;
        }
        if (e > lim->max_header_bytes) /* (e - pos is no more than e) */
            return BK_ELIMIT;
        if (out->n + k < lim->max_headers) {
            f[k].pos = pos;
            f[k].nl = nl;
            f[k].vstart = vstart;
            f[k].e = e;
            f[k].folded = folded;
            if (++k == FIELD_BATCH) {
                int err = fields_copy(a, s, f, k, out, &cap);
                if (err)
                    return err;
                k = 0;
            }
        }
        pos = e;
    }
    if (k > 0) {
        int err = fields_copy(a, s, f, k, out, &cap);
        if (err)
            return err;
    }
    *body_off = pos > n ? n : pos;
    return 0;
}

const bk__header *bk__header_getn(const bk__headers *h, const char *name, size_t nl)
{
    if (nl == 0 || h->n == 0)
        return NULL; /* header names are never empty; no fields: h->h may be NULL */
    int c0 = bk__lower((unsigned char)name[0]);
    const bk__header *x = h->h, *end = h->h + h->n;
    for (; x < end; x++) {
        if (x->nlen != nl)
            continue;
        const char *hn = x->name;
        if (bk__lower((unsigned char)hn[0]) != c0)
            continue;
        /* same length and first byte: most names are spelt as asked */
        if (memcmp(hn, name, nl) == 0)
            return bk__header_ready(x);
        size_t j = 1;
        while (j < nl && bk__lower((unsigned char)hn[j]) == bk__lower((unsigned char)name[j]))
            j++;
        if (j == nl)
            return bk__header_ready(x);
    }
    return NULL;
}

/* One parameter a scan looks for: its lower-case name and where its value
 * goes (truncated to size - 1 bytes, NUL-terminated). */
typedef struct param_want {
    const char *name;
    size_t nl;
    char *out;
    size_t size;
    int lower;
    int found;
} param_want;

/* Does v (length n > nl) start with the lower-case name nm, ignoring case? */
static int starts_lower(const char *v, const char *nm, size_t nl)
{
    for (size_t k = 0; k < nl; k++)
        if (bk__lower((unsigned char)v[k]) != (unsigned char)nm[k])
            return 0;
    return 1;
}

/* The value of parameter w at v + i (the start of a parameter name), if the
 * name there is w's: 1 and w->out set, else 0. */
static int param_at(const char *v, size_t vlen, size_t i, param_want *w)
{
    size_t nl = w->nl;
    if (vlen - i <= nl || !starts_lower(v + i, w->name, nl))
        return 0;
    size_t j = i + nl;
    while (j < vlen && v[j] == ' ')
        j++;
    if (j >= vlen || v[j] != '=')
        return 0;
    j++;
    while (j < vlen && v[j] == ' ')
        j++;
    char *out = w->out;
    size_t size = w->size, k = 0;
    int lower = w->lower;
    if (j < vlen && v[j] == '"') {
        j++;
        /* Most quoted values (boundaries) hold no backslash: copied in one
         * run up to the closing quote, as the loop below would. */
        const char *q = memchr(v + j, '"', vlen - j);
        size_t end = q != NULL ? (size_t)(q - v) : vlen;
        if (memchr(v + j, '\\', end - j) == NULL) {
            size_t run = end - j < size - 1 ? end - j : size - 1;
            if (lower)
                for (; k < run; k++)
                    out[k] = (char)bk__lower((unsigned char)v[j + k]);
            else
                memcpy(out, v + j, run);
            out[run] = '\0';
            return 1;
        }
        while (j < vlen && v[j] != '"') {
            if (v[j] == '\\' && j + 1 < vlen)
                j++;
            if (k + 1 < size)
                out[k++] = lower ? (char)bk__lower((unsigned char)v[j]) : v[j];
            j++;
        }
    } else {
        /* up to ';' or white space (tested only below '!'); what does not
         * fit is cut */
        size_t end = vlen - j < size - 1 ? vlen : j + size - 1;
        for (; j < end; j++) {
            unsigned char c = (unsigned char)v[j];
            if (c == ';' || (c <= ' ' && bk__is_space(c)))
                break;
            out[k++] = lower ? (char)bk__lower(c) : (char)c;
        }
    }
    out[k] = '\0';
    return 1;
}

/* The offset of the first byte x or y in v[i, n), or n.  SSE2: sixteen
 * bytes a step, the last few one by one. */
static size_t find_either(const char *v, size_t i, size_t n, char x, char y)
{
#if BK_MIME_SSE2
    const __m128i vx = _mm_set1_epi8(x), vy = _mm_set1_epi8(y);
    for (; i + 16 <= n; i += 16) {
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(v + i));
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(b, vx), _mm_cmpeq_epi8(b, vy)));
        if (m != 0)
            return i + (size_t)__builtin_ctz(m);
    }
#endif
    while (i < n && v[i] != x && v[i] != y)
        i++;
    return i;
}

/* Find several parameters of a header value in one pass: each gets the
 * first parameter of its name after a ';' outside quotes.  A '"' toggles
 * quoting wherever it stands (a backslash does not escape it here). */
static void header_params(const char *v, size_t vlen, param_want *w, size_t nw)
{
    size_t left = nw;
    size_t i = 0;
    int inq = 0;
    int quotes = memchr(v, '"', vlen) != NULL;
    while (i < vlen) {
        /* Go to the next ';' outside quotes. */
        if (!quotes) {
            const char *semi = memchr(v + i, ';', vlen - i);
            if (semi == NULL)
                return;
            i = (size_t)(semi - v);
        } else {
            for (;;) {
                if (inq) {
                    const char *q = memchr(v + i, '"', vlen - i);
                    if (q == NULL)
                        return;
                    i = (size_t)(q - v) + 1;
                    inq = 0;
                    continue;
                }
                i = find_either(v, i, vlen, '"', ';');
                if (i >= vlen)
                    return;
                if (v[i] == ';')
                    break;
                inq = 1;
                i++;
            }
        }
        i++;
        while (i < vlen && bk__is_space((unsigned char)v[i]))
            i++;
        for (size_t k = 0; k < nw; k++) {
            if (!w[k].found && param_at(v, vlen, i, &w[k])) {
                w[k].found = 1;
                if (--left == 0)
                    return;
            }
        }
    }
}

int bk__header_param(const char *v, size_t vlen, const char *name, char *out, size_t size,
                     int lower)
{
    char nm[64];
    size_t nl = strlen(name);
    if (nl >= sizeof nm)
        return 0; /* no parameter name we look for is this long */
    for (size_t k = 0; k < nl; k++)
        nm[k] = (char)bk__lower((unsigned char)name[k]);
    nm[nl] = '\0';
    param_want w = {nm, nl, out, size, lower, 0};
    header_params(v, vlen, &w, 1);
    return w.found;
}

/* ------------------------------------------------------------------------
 * MIME tree
 * ---------------------------------------------------------------------- */

static bk__part *new_part(bk__message *m, int *err)
{
    if (m->nparts >= m->lim.max_parts) {
        m->limit = "too many MIME parts";
        *err = BK_ELIMIT;
        return NULL;
    }
    if (m->nparts == m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 8;
        bk__part *np = bk__arena_alloc(m->arena, ncap * sizeof *np);
        if (np == NULL) {
            *err = m->arena->err ? m->arena->err : BK_ENOMEM;
            return NULL;
        }
        if (m->nparts)
            memcpy(np, m->parts, m->nparts * sizeof *np);
        m->parts = np;
        m->cap = ncap;
    }
    bk__part *p = &m->parts[m->nparts++];
    /* every field but the tails of the name buffers, which content_type()
     * fills (a memset of the whole part cost more than the parse of a
     * small part's headers) */
    p->hdr.h = NULL;
    p->hdr.n = 0;
    p->type[0] = p->charset[0] = p->report_type[0] = '\0';
    p->body = p->text = NULL;
    p->body_len = p->text_len = 0;
    p->kind = p->depth = p->parent = p->decoded = 0;
    return p;
}

/* A byte of a media type lower-cased, or 0x100 for the bytes that end it
 * (';' and the white space of bk__is_space: 0x09-0x0d, ' '). */
static const unsigned short TYPE_BYTE[256] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x100, 0x100, 0x100, 0x100, 0x100, 0x0e, 0x0f,
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
    0x100, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
    0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x100, 0x3c, 0x3d, 0x3e, 0x3f,
    0x40, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
    0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f,
    0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
    0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f,
    0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
    0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f,
    0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
    0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf,
    0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
    0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf,
    0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef,
    0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
};

/* Media type, charset and report-type of a part from its Content-Type; for
 * a multipart type also its boundary into b (size bsize; "" when absent). */
static void content_type(bk__part *p, int digest_parent, char *b, size_t bsize)
{
    size_t vl;
    const char *v = bk__header_value(&p->hdr, "Content-Type", &vl);
    size_t i = 0, k = 0;
    while (i < vl && bk__is_space((unsigned char)v[i]))
        i++;
    /* up to ';' or white space, lower-cased, at most 79 bytes */
    size_t tend = vl - i < sizeof p->type - 1 ? vl : i + sizeof p->type - 1;
    for (; i < tend; i++) {
        unsigned t = TYPE_BYTE[(unsigned char)v[i]];
        if (t > 0xff)
            break;
        p->type[k++] = (char)t;
    }
    p->type[k] = '\0';
    if (k == 0 || memchr(p->type, '/', k) == NULL)
        strcpy(p->type, digest_parent ? "message/rfc822" : "text/plain");
    p->charset[0] = '\0';
    p->report_type[0] = '\0';
    b[0] = '\0';
    if (memchr(v, ';', vl) == NULL)
        return; /* no parameters at all */
    param_want w[3] = {
        {"charset", 7, p->charset, sizeof p->charset, 1, 0},
        {"report-type", 11, p->report_type, sizeof p->report_type, 1, 0},
        {"boundary", 8, b, bsize, 0, 0},
    };
    header_params(v, vl, w, strncmp(p->type, "multipart/", 10) == 0 ? 3 : 2);
    if (!w[0].found)
        p->charset[0] = '\0';
    if (!w[1].found)
        p->report_type[0] = '\0';
    if (!w[2].found)
        b[0] = '\0';
}

/* Does the line at s (length n, no LF) delimit boundary b? 1 = part, 2 = close. */
static int delimiter(const char *s, size_t n, const char *b, size_t bl)
{
    if (n < bl + 2 || s[0] != '-' || s[1] != '-' || memcmp(s + 2, b, bl) != 0)
        return 0;
    if (n >= bl + 4 && s[bl + 2] == '-' && s[bl + 3] == '-')
        return 2;
    for (size_t i = bl + 2; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

static int parse_entity(bk__message *m, const char *s, size_t n, int depth, int parent,
                        int digest_parent, int headers_only);

/* The search for a multipart's delimiter lines: "\n--" and the boundary,
 * found with Boyer-Moore-Horspool.  A delimiter is long (20 to 70 bytes as
 * MTAs write them) and its last byte rarely in the text, so most steps
 * skip many bytes; a search for each line that starts with '-' stopped at
 * every hyphen of the part headers and texts instead. */
typedef struct delim_search {
    char needle[83];            /* "\n--" + the boundary (at most 79 bytes) */
    size_t m;                   /* its length */
    unsigned char shift[256];   /* Horspool's table: m - 1 - the last place
                                   of a byte among the first m - 1 */
} delim_search;

static void delim_init(delim_search *ds, const char *b, size_t bl)
{
    ds->needle[0] = '\n';
    ds->needle[1] = '-';
    ds->needle[2] = '-';
    memcpy(ds->needle + 3, b, bl);
    ds->m = bl + 3;
    memset(ds->shift, (int)ds->m, sizeof ds->shift);
    for (size_t i = 0; i + 1 < ds->m; i++)
        ds->shift[(unsigned char)ds->needle[i]] = (unsigned char)(ds->m - 1 - i);
}

/* The start of the first line after offset pos (pos itself not counted)
 * that begins with "--" and the boundary, or n. */
static size_t delim_next(const delim_search *ds, const char *s, size_t n, size_t pos)
{
    size_t m = ds->m;
    if (pos > n || n - pos < m)
        return n;
    const char *nd = ds->needle;
    const unsigned char *sh = ds->shift;
    const unsigned char *u = (const unsigned char *)s + (m - 1); /* u[i]: a window's last byte */
    const unsigned char last = (unsigned char)nd[m - 1];
    const size_t lim = n - m; /* the last window's start */
    size_t i = pos;
    for (;;) {
        /* Four steps between bound checks while four whole shifts (at most
         * m each) stay within the text. */
        while (i <= lim && lim - i >= 4 * m) {
            unsigned char c = u[i];
            if (c == last)
                goto candidate;
            i += sh[c];
            c = u[i];
            if (c == last)
                goto candidate;
            i += sh[c];
            c = u[i];
            if (c == last)
                goto candidate;
            i += sh[c];
            c = u[i];
            if (c == last)
                goto candidate;
            i += sh[c];
        }
        if (i > lim)
            return n;
        if (u[i] != last) {
            i += sh[u[i]];
            continue;
        }
    candidate:
        if (memcmp(s + i, nd, m - 1) == 0)
            return i + 1; /* after the line feed */
        i += sh[last];
    }
}

static int parse_multipart(bk__message *m, int self, const char *s, size_t n, int depth,
                           const char *b, size_t bl, int digest)
{
    delim_search ds;
    delim_init(&ds, b, bl);
    size_t pos = 0;
    const char *start = NULL; /* start of the current part, NULL in the preamble */
    while (pos < n) {
        /* Only a line that starts with "--" and the boundary can delimit:
         * the line at pos (a line start), else the next such line. */
        if (!(n - pos >= bl + 2 && s[pos] == '-' && s[pos + 1] == '-' &&
              memcmp(s + pos + 2, b, bl) == 0))
            pos = delim_next(&ds, s, n, pos);
        if (pos >= n)
            break;
        const char *lf = memchr(s + pos, '\n', n - pos);
        size_t le = lf ? (size_t)(lf - s) : n;
        int d = delimiter(s + pos, le - pos, b, bl);
        if (d) {
            if (start != NULL) {
                size_t end = pos > 0 ? pos - 1 : 0; /* the LF before belongs to the delimiter */
                if (end < (size_t)(start - s))
                    end = (size_t)(start - s);
                int err = parse_entity(m, start, (size_t)(s + end - start), depth + 1, self, digest, 0);
                if (err)
                    return err;
            }
            if (d == 2)
                return 0;
            start = s + (lf ? le + 1 : n);
        }
        pos = lf ? le + 1 : n;
    }
    if (start != NULL && start < s + n) /* never closed: the last part runs to the end */
        return parse_entity(m, start, (size_t)(s + n - start), depth + 1, self, digest, 0);
    return 0;
}

static int parse_entity(bk__message *m, const char *s, size_t n, int depth, int parent,
                        int digest_parent, int headers_only)
{
    if ((size_t)depth > m->lim.max_depth) {
        m->limit = "MIME nesting too deep";
        return BK_ELIMIT;
    }
    int err = 0;
    bk__part *p = new_part(m, &err);
    if (p == NULL)
        return err;
    int self = (int)(m->nparts - 1);
    p->depth = depth;
    p->parent = parent;
    size_t body = 0;
    bk__headers hdr;
    err = bk__headers_parse(m->arena, &m->lim, s, n, &hdr, &body);
    if (err) {
        if (err == BK_ELIMIT)
            m->limit = "header section too big";
        return err;
    }
    p = &m->parts[self];
    p->hdr = hdr;
    p->body = s + body;
    p->body_len = n - body;
    char b[80]; /* the boundary of a multipart (longer ones are cut) */
    content_type(p, digest_parent, b, sizeof b);
    /* The message a message part carries (the returned message): its
     * headers count, its body is not the bounce's own and is not split
     * into parts (a decoder that wants it parses it as a message). */
    if (headers_only)
        return 0;
    if (strncmp(p->type, "multipart/", 10) == 0) {
        if (b[0] != '\0') {
            p->kind = BK__PART_MULTI;
            int digest = strcmp(p->type, "multipart/digest") == 0;
            const char *bs = p->body;
            size_t bn = p->body_len;
            size_t before = m->nparts;
            int err2 = parse_multipart(m, self, bs, bn, depth, b, strlen(b), digest);
            if (err2 == 0 && m->nparts == before) {
                /* No delimiter at all: read the body as plain text. */
                m->parts[self].kind = BK__PART_LEAF;
                strcpy(m->parts[self].type, "text/plain");
            }
            return err2;
        }
        return 0;
    }
    /* (the first byte spares most parts, text/plain, four of the five
     * comparisons) */
    if ((p->type[0] == 'm' &&
         (strcmp(p->type, "message/rfc822") == 0 || strcmp(p->type, "message/global") == 0 ||
          strcmp(p->type, "message/global-headers") == 0 ||
          strcmp(p->type, "message/partial") == 0)) ||
        (p->type[0] == 't' && strcmp(p->type, "text/rfc822-headers") == 0)) {
        p->kind = BK__PART_MESSAGE;
        size_t cl;
        const char *cte = bk__header_value(&p->hdr, "Content-Transfer-Encoding", &cl);
        const char *bs = p->body;
        size_t bn = p->body_len;
        if (bk__istarts(cte, cl, "base64") || bk__istarts(cte, cl, "quoted-printable")) {
            err = bk__part_decode(m, &m->parts[self]);
            if (err)
                return err;
            size_t nl;
            bs = bk__normalise_eol(m->arena, m->parts[self].text, m->parts[self].text_len, &nl);
            if (bs == NULL)
                return m->arena->err ? m->arena->err : BK_ENOMEM;
            bn = nl;
        }
        /* Skip blank lines some MTAs put before the returned headers. */
        while (bn > 0 && (*bs == '\n' || *bs == ' ' || *bs == '\t')) {
            bs++;
            bn--;
        }
        if (bn > 0)
            return parse_entity(m, bs, bn, depth + 1, self, 0, 1);
    }
    return 0;
}

int bk__mime_parse(bk__message *m)
{
    m->nparts = 0;
    return parse_entity(m, m->data, m->len, 0, -1, 0, 0);
}

/* ------------------------------------------------------------------------
 * Transfer decodings
 * ---------------------------------------------------------------------- */

static int b64val(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

size_t bk__base64_decode(const char *s, size_t n, char *dst)
{
    unsigned v = 0;
    int bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '=')
            break; /* padding ends the data */
        int x = b64val(c);
        if (x < 0)
            continue; /* line ends, blanks and garbage are skipped */
        v = (v << 6) | (unsigned)x;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            dst[o++] = (char)((v >> bits) & 0xff);
        }
    }
    return o;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

size_t bk__qp_decode(const char *s, size_t n, char *dst, int header)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (!header) { /* bytes up to the next '=' stand for themselves */
            size_t run = 0;
#if BK_MIME_SSE2
            /* Sixteen bytes a step, stored whole: o <= i (decoding never
             * lengthens), so the store stays within dst's n bytes. */
            const __m128i eqv = _mm_set1_epi8('=');
            for (; i + run + 16 <= n; run += 16) {
                __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i + run));
                _mm_storeu_si128((__m128i *)(void *)(dst + o + run), b);
                unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, eqv));
                if (m != 0) {
                    run += (size_t)__builtin_ctz(m);
                    goto at_eq;
                }
            }
#endif
            {
                const char *eq = memchr(s + i + run, '=', n - i - run);
                size_t rest = eq ? (size_t)(eq - s) - i - run : n - i - run;
                memcpy(dst + o + run, s + i + run, rest);
                run += rest;
            }
#if BK_MIME_SSE2
        at_eq:
#endif
            o += run;
            i += run;
            if (i >= n)
                break;
        }
        unsigned char c = (unsigned char)s[i];
        if (c == '=' && i + 1 < n) {
            if (s[i + 1] == '\n') { /* soft line break */
                i++;
                continue;
            }
            /* "=  \n": soft break with trailing blanks */
            size_t j = i + 1;
            while (j < n && (s[j] == ' ' || s[j] == '\t'))
                j++;
            if (j < n && s[j] == '\n' && j > i + 1) {
                i = j;
                continue;
            }
            if (i + 2 < n) {
                int h = hexval((unsigned char)s[i + 1]), l = hexval((unsigned char)s[i + 2]);
                if (h >= 0 && l >= 0) {
                    dst[o++] = (char)(h * 16 + l);
                    i += 2;
                    continue;
                }
            }
            dst[o++] = '=';
        } else if (header && c == '_') {
            dst[o++] = ' ';
        } else {
            dst[o++] = (char)c;
        }
    }
    return o;
}

/* ------------------------------------------------------------------------
 * Charsets
 * ---------------------------------------------------------------------- */

/* A handful of descriptors is plenty: a message rarely uses more than two
 * charsets, and a batch of bounces few more. */
#define ICONV_SLOTS 8

typedef struct iconv_slot {
    char name[40];
    iconv_t cd;
    int bad; /* iconv does not know it */
} iconv_slot;

typedef struct iconv_cache {
    iconv_slot slot[ICONV_SLOTS];
    size_t n, next;
} iconv_cache;

void *bk__iconv_cache_new(void)
{
    return calloc(1, sizeof(iconv_cache));
}

void bk__iconv_cache_free(void *p)
{
    iconv_cache *c = p;
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n; i++)
        if (!c->slot[i].bad)
            iconv_close(c->slot[i].cd);
    free(c);
}

static iconv_slot *cache_get(iconv_cache *c, const char *cs)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->slot[i].name, cs) == 0)
            return &c->slot[i];
    size_t i;
    if (c->n < ICONV_SLOTS) {
        i = c->n++;
    } else {
        i = c->next;
        c->next = (c->next + 1) % ICONV_SLOTS;
        if (!c->slot[i].bad)
            iconv_close(c->slot[i].cd);
    }
    iconv_slot *s = &c->slot[i];
    size_t l = strlen(cs);
    if (l >= sizeof s->name)
        l = sizeof s->name - 1;
    memcpy(s->name, cs, l);
    s->name[l] = '\0';
    const char *from = cs;
    /* Common aliases that iconv spells differently or not at all. */
    if (strcmp(cs, "ks_c_5601-1987") == 0)
        from = "CP949";
    else if (strcmp(cs, "iso-8859-8-i") == 0)
        from = "ISO-8859-8";
    else if (strcmp(cs, "x-sjis") == 0 || strcmp(cs, "shift-jis") == 0)
        from = "SHIFT_JIS";
    else if (strcmp(cs, "iso-2022-jp") == 0)
        from = "ISO-2022-JP-3";
    else if (strcmp(cs, "gb2312") == 0)
        from = "GB18030";
    s->cd = iconv_open("UTF-8", from);
    s->bad = s->cd == (iconv_t)-1;
    if (s->bad && from != cs) {
        s->cd = iconv_open("UTF-8", cs);
        s->bad = s->cd == (iconv_t)-1;
    }
    return s;
}

static int is_utf8_name(const char *cs)
{
    return cs[0] == '\0' || strcmp(cs, "utf-8") == 0 || strcmp(cs, "utf8") == 0 ||
           strcmp(cs, "us-ascii") == 0 || strcmp(cs, "ascii") == 0;
}

/* No byte that needs a conversion: nothing at or above 0x80, no ESC
 * (ISO-2022 shifts).  Sixteen bytes a step with SSE2, else eight. */
static int all_ascii(const char *s, size_t n)
{
    size_t i = 0;
#if BK_MIME_SSE2
    const __m128i esc = _mm_set1_epi8(0x1b);
    for (; i + 16 <= n; i += 16) {
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        /* the high bits (bytes >= 0x80) and the ESC bytes, in one mask */
        if (_mm_movemask_epi8(_mm_or_si128(b, _mm_cmpeq_epi8(b, esc))) != 0)
            return 0;
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ull)
            return 0;
        /* a zero byte in w ^ 0x1b1b... marks an ESC */
        uint64_t x = w ^ 0x1b1b1b1b1b1b1b1bull;
        if ((x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull)
            return 0;
    }
    for (; i < n; i++)
        if ((unsigned char)s[i] >= 0x80 || s[i] == 0x1b)
            return 0;
    return 1;
}

/* bk__to_utf8; with own != 0, s is the caller's own NUL-terminated arena
 * copy, returned as it is when it needs no conversion. */
static char *to_utf8(bk__message *m, const char *cs_in, char *s, size_t n, size_t *outlen, int own);

char *bk__to_utf8(bk__message *m, const char *cs_in, const char *s, size_t n, size_t *outlen)
{
    return to_utf8(m, cs_in, (char *)(uintptr_t)s, n, outlen, 0);
}

static char *to_utf8(bk__message *m, const char *cs_in, char *s, size_t n, size_t *outlen, int own)
{
    char cs[40];
    size_t k = 0;
    for (; cs_in[k] && k + 1 < sizeof cs; k++)
        cs[k] = (char)bk__lower((unsigned char)cs_in[k]);
    cs[k] = '\0';
    iconv_slot *slot = NULL;
    if (!is_utf8_name(cs) && m->iconv_cache != NULL && !all_ascii(s, n))
        slot = cache_get(m->iconv_cache, cs);
    if (slot == NULL || slot->bad) {
        if (own) {
            *outlen = n;
            return s;
        }
        char *d = bk__arena_strndup(m->arena, s, n);
        *outlen = d ? n : 0;
        return d;
    }
    /* Output of 4 bytes per input byte covers every charset we meet
     * (ISO-2022 escapes shrink, single bytes grow to at most 3). */
    size_t cap = n * 4 + 16;
    char *d = bk__arena_alloc_raw(m->arena, cap);
    if (d == NULL)
        return NULL;
    iconv(slot->cd, NULL, NULL, NULL, NULL);
    char *in = (char *)(uintptr_t)s;
    size_t inleft = n;
    char *o = d;
    size_t oleft = cap - 1;
    while (inleft > 0) {
        size_t r = iconv(slot->cd, &in, &inleft, &o, &oleft);
        if (r != (size_t)-1)
            break;
        if (errno == EILSEQ || errno == EINVAL) {
            if (oleft < 4)
                break;
            /* Replace the bad byte with U+FFFD and go on. */
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            oleft -= 3;
            in++;
            inleft--;
            iconv(slot->cd, NULL, NULL, NULL, NULL);
            continue;
        }
        break; /* E2BIG: cannot happen with the size above; stop safely */
    }
    *o = '\0';
    *outlen = (size_t)(o - d);
    return d;
}

int bk__part_decode(bk__message *m, bk__part *p)
{
    if (p->decoded)
        return 0;
    size_t cl;
    const char *cte = bk__header_value(&p->hdr, "Content-Transfer-Encoding", &cl);
    const char *src = p->body;
    size_t sn = p->body_len;
    char *tmp = NULL; /* the decoded bytes, our own copy */
    size_t tn = sn;
    if (bk__istarts(cte, cl, "base64")) {
        tmp = bk__arena_alloc_raw(m->arena, sn + 1);
        if (tmp == NULL)
            return m->arena->err ? m->arena->err : BK_ENOMEM;
        tn = bk__base64_decode(src, sn, tmp);
    } else if (bk__istarts(cte, cl, "quoted-printable")) {
        tmp = bk__arena_alloc_raw(m->arena, sn + 1);
        if (tmp == NULL)
            return m->arena->err ? m->arena->err : BK_ENOMEM;
        tn = bk__qp_decode(src, sn, tmp, 0);
    }
    if (tmp != NULL) {
        /* Decoded text may carry CRLF of its own: normalised in place (the
         * result is never longer). */
        tn = normalise_eol_in_place(tmp, tn);
        tmp[tn] = '\0';
        src = tmp;
        sn = tn;
    }
    if (strncmp(p->type, "text/", 5) == 0 || strncmp(p->type, "message/", 8) == 0) {
        size_t ol;
        char *t = tmp != NULL ? to_utf8(m, p->charset, tmp, tn, &ol, 1)
                              : bk__to_utf8(m, p->charset, src, sn, &ol);
        if (t == NULL)
            return m->arena->err ? m->arena->err : BK_ENOMEM;
        p->text = t;
        p->text_len = ol;
    } else if (tmp != NULL) {
        p->text = tmp;
        p->text_len = tn;
    } else {
        /* The raw body is a view into the message, which may be the
         * caller's buffer: p->text is always the arena's, NUL-terminated. */
        char *t = bk__arena_strndup(m->arena, src, sn);
        if (t == NULL)
            return m->arena->err ? m->arena->err : BK_ENOMEM;
        p->text = t;
        p->text_len = sn;
    }
    p->decoded = 1;
    return 0;
}

/* ------------------------------------------------------------------------
 * RFC 2047 encoded words
 * ---------------------------------------------------------------------- */

/* Longest encoded text accepted in one encoded word. */
#define ENCODED_WORD_MAX 4096

/* Parse "=?cs?E?text?=" at s; returns its length or 0. */
static size_t encoded_word(const char *s, size_t n, char *cs, size_t cssize, char *enc,
                           const char **text, size_t *tlen)
{
    if (n < 8 || s[0] != '=' || s[1] != '?')
        return 0;
    size_t i = 2, k = 0;
    while (i < n && s[i] != '?' && s[i] != ' ') {
        if (k + 1 < cssize)
            cs[k++] = (char)bk__lower((unsigned char)s[i]);
        i++;
    }
    cs[k] = '\0';
    char *star = strchr(cs, '*'); /* RFC 2231 language suffix */
    if (star)
        *star = '\0';
    if (i + 3 >= n || s[i] != '?' || s[i + 2] != '?')
        return 0;
    *enc = (char)bk__lower((unsigned char)s[i + 1]);
    if (*enc != 'b' && *enc != 'q')
        return 0;
    i += 3;
    size_t t0 = i;
    /* RFC 2047 caps a word at 75 bytes; allow generous slack but bound
     * the scan so a header full of "=?" starts stays linear. */
    if (n > t0 + ENCODED_WORD_MAX)
        n = t0 + ENCODED_WORD_MAX;
    while (i + 1 < n && !(s[i] == '?' && s[i + 1] == '=')) {
        if (s[i] == ' ' && *enc == 'b')
            return 0;
        i++;
    }
    if (i + 1 >= n)
        return 0;
    *text = s + t0;
    *tlen = i - t0;
    return i + 2;
}

char *bk__decode_words(bk__message *m, const char *s, size_t n, size_t *outlen)
{
    if (memchr(s, '=', n) == NULL) {
        *outlen = n;
        return bk__arena_strndup(m->arena, s, n);
    }
    bk_buf b;
    bk__buf_init(&b, n * 4 + 64);
    size_t i = 0;
    int prev_word = 0;
    size_t pending_ws = 0, ws_start = 0;
    while (i < n) {
        char cs[40], enc;
        const char *t;
        size_t tl;
        size_t w = (s[i] == '=') ? encoded_word(s + i, n - i, cs, sizeof cs, &enc, &t, &tl) : 0;
        if (w) {
            /* Blanks between two encoded words vanish. */
            if (pending_ws && !prev_word)
                bk__buf_append(&b, s + ws_start, pending_ws);
            pending_ws = 0;
            char *raw = malloc(tl + 1);
            if (raw == NULL) {
                bk__buf_free(&b);
                return NULL;
            }
            size_t rl = enc == 'b' ? bk__base64_decode(t, tl, raw) : bk__qp_decode(t, tl, raw, 1);
            size_t ul;
            char *u = bk__to_utf8(m, cs, raw, rl, &ul);
            free(raw);
            if (u != NULL)
                bk__buf_append(&b, u, ul);
            i += w;
            prev_word = 1;
            continue;
        }
        if (s[i] == ' ' || s[i] == '\t') {
            if (pending_ws == 0)
                ws_start = i;
            pending_ws++;
            i++;
            continue;
        }
        if (pending_ws)
            bk__buf_append(&b, s + ws_start, pending_ws);
        pending_ws = 0;
        prev_word = 0;
        bk__buf_putc(&b, s[i]);
        i++;
    }
    if (pending_ws)
        bk__buf_append(&b, s + ws_start, pending_ws);
    char *r = NULL;
    if (!b.err) {
        r = bk__arena_strndup(m->arena, b.data ? b.data : "", b.len);
        *outlen = b.len;
    }
    bk__buf_free(&b);
    return r;
}
