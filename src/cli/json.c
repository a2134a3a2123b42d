/*
 * json.c - the tool's JSON Lines writer: compact objects, one a line.
 *
 * A writer gathers its output in memory: in a window of its own that is
 * handed to the FILE in one fwrite at bk_json_key() and bk_json_end() (or
 * when full), or straight in a caller's growable bk_cli_buf.  Strings are
 * escaped a run at a time: the bytes that stand for themselves are found
 * sixteen (or eight) at once and copied with one memcpy; a table says how
 * each other byte is written.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define JSON_SSE2 1
#endif

#include "cli.h"
#include "utf8.h"

/* ---- bk_cli_buf ------------------------------------------------------------ */

/* Most one buffer holds: far above the output of any message (messages
 * are bounded by the parser's size limit), and doubling stays clear of
 * size_t overflow. */
#define CLI_BUF_MAX ((size_t)1 << 30)
#define CLI_BUF_FIRST 4096

int bk_cli_buf_reserve(bk_cli_buf *b, size_t n)
{
    if (b->err)
        return -1;
    if (b->cap - b->len >= n)
        return 0;
    if (n > CLI_BUF_MAX - b->len) {
        b->err = 1;
        return -1;
    }
    size_t need = b->len + n, ncap = b->cap ? b->cap : CLI_BUF_FIRST;
    while (ncap < need)
        ncap *= 2;
    char *nd = realloc(b->data, ncap);
    if (nd == NULL) {
        b->err = 1;
        return -1;
    }
    b->data = nd;
    b->cap = ncap;
    return 0;
}

void bk_cli_buf_put(bk_cli_buf *b, const char *s, size_t n)
{
    if (n == 0 || bk_cli_buf_reserve(b, n) != 0)
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

void bk_cli_buf_free(bk_cli_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

/* ---- escaping --------------------------------------------------------------- */

/* How each byte is written inside a string: 0 as itself; 'u' as \u00XX
 * (control characters other than \n \r \t, and DEL); '8' may start a
 * UTF-8 sequence (copied when valid, else U+FFFD); any other value is the
 * letter written after a backslash. */
#define U8 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u'
#define P8 0, 0, 0, 0, 0, 0, 0, 0
#define H8 '8', '8', '8', '8', '8', '8', '8', '8'
static const unsigned char ESC[256] = {
    U8, 'u', 't', 'n', 'u', 'u', 'r', 'u', 'u', U8, U8,          /* 0x00 - 0x1f */
    0, 0, '"', 0, 0, 0, 0, 0, P8, P8, P8,                         /* 0x20 - 0x3f */
    P8, P8, P8, 0, 0, 0, 0, '\\', 0, 0, 0,                        /* 0x40 - 0x5f */
    P8, P8, P8, 0, 0, 0, 0, 0, 0, 0, 'u',                         /* 0x60 - 0x7f */
    H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8 /* 0x80 - 0xff */
};

/* How many bytes at the start of p[0..n) stand for themselves. */
#ifdef JSON_SSE2
/* Lanes of v that must be escaped, as a bit mask. */
static inline unsigned special16(__m128i v)
{
    const __m128i sp = _mm_set1_epi8(0x20), q = _mm_set1_epi8('"');
    const __m128i bs = _mm_set1_epi8('\\'), del = _mm_set1_epi8(0x7f);
    /* signed compare: bytes >= 0x80 are negative, so below 0x20 too */
    __m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, sp), _mm_cmpeq_epi8(v, q)),
                               _mm_or_si128(_mm_cmpeq_epi8(v, bs), _mm_cmpeq_epi8(v, del)));
    return (unsigned)_mm_movemask_epi8(bad);
}

static size_t plain_run(const unsigned char *p, size_t n)
{
    if (n >= 16) {
        size_t i = 0;
        for (; i + 16 <= n; i += 16) {
            unsigned m = special16(_mm_loadu_si128((const __m128i *)(const void *)(p + i)));
            if (m != 0)
                return i + (size_t)__builtin_ctz(m);
        }
        if (i == n)
            return n;
        /* the last 16 bytes, overlapping bytes already known plain */
        unsigned m = special16(_mm_loadu_si128((const __m128i *)(const void *)(p + n - 16)));
        return m != 0 ? n - 16 + (size_t)__builtin_ctz(m) : n;
    }
    /* Shorter: the first and the last 8 (or 4) bytes, which overlap. */
    if (n >= 8) {
        long long a, b;
        memcpy(&a, p, 8);
        memcpy(&b, p + n - 8, 8);
        unsigned m = special16(_mm_set_epi64x(b, a));
        if ((m & 0xff) != 0)
            return (size_t)__builtin_ctz(m);
        return (m >> 8) != 0 ? n - 8 + (size_t)__builtin_ctz(m >> 8) : n;
    }
    if (n >= 4) {
        int a, b;
        memcpy(&a, p, 4);
        memcpy(&b, p + n - 4, 4);
        unsigned m = special16(_mm_set_epi32(0x61616161, 0x61616161, b, a));
        if ((m & 0xf) != 0)
            return (size_t)__builtin_ctz(m);
        return (m >> 4) != 0 ? n - 4 + (size_t)__builtin_ctz(m >> 4) : n;
    }
    size_t i = 0;
    while (i < n && ESC[p[i]] == 0)
        i++;
    return i;
}
#else
static size_t plain_run(const unsigned char *p, size_t n)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        uint64_t lt20 = (w - 0x20 * ones) & ~w;
        uint64_t x7f = w ^ (0x7f * ones), xq = w ^ (0x22 * ones), xb = w ^ (0x5c * ones);
        uint64_t zero = ((x7f - ones) & ~x7f) | ((xq - ones) & ~xq) | ((xb - ones) & ~xb);
        if (((w | lt20 | zero) & highs) != 0)
            break; /* the byte-wise loop below finds which */
    }
    while (i < n && ESC[p[i]] == 0)
        i++;
    return i;
}
#endif

/* Output bytes one input byte may need: "\u00XX" or "\ufffd". */
#define ESC_MAX 6

/* Write the escaped form of p[*ip..stop) at d and return its length; a
 * UTF-8 sequence that starts before stop is read whole (up to n).  d has
 * room for ESC_MAX bytes per input byte and 4 more.  Plain bytes and valid
 * UTF-8 sequences are copied in runs, one memcpy per run. */
static size_t escape_part(char *d, const unsigned char *p, size_t n, size_t *ip, size_t stop)
{
    static const char hex[] = "0123456789abcdef";
    char *o = d;
    size_t i = *ip, run = i; /* p[run..i) is copied as it is */
    while (i < stop) {
        i += plain_run(p + i, stop - i);
        if (i >= stop)
            break;
        unsigned c = p[i], e = ESC[c];
        if (e == '8') {
            size_t len = bk_utf8_seq_len(p + i, n - i);
            if (len > 0) {
                i += len;
                continue;
            }
        }
        memcpy(o, p + run, i - run);
        o += i - run;
        if (e == 'u') {
            memcpy(o, "\\u00", 4);
            o[4] = hex[c >> 4];
            o[5] = hex[c & 15];
            o += 6;
        } else if (e == '8') {
            memcpy(o, "\\ufffd", 6);
            o += 6;
        } else {
            o[0] = '\\';
            o[1] = (char)e;
            o += 2;
        }
        run = ++i;
    }
    memcpy(o, p + run, i - run);
    o += i - run;
    *ip = i;
    return (size_t)(o - d);
}

size_t bk_json_escape(char *dst, const char *s, size_t n)
{
    size_t i = 0;
    dst[0] = '"';
    size_t o = 1 + escape_part(dst + 1, (const unsigned char *)s, n, &i, n);
    dst[o++] = '"';
    return o;
}

/* ---- the writer's output ------------------------------------------------------ */

static void flush(bk_json *j)
{
    if (j->len > 0)
        fwrite(j->w, 1, j->len, j->out);
    j->len = 0;
}

/* Room for n more bytes (a FILE writer: n at most the window), or NULL
 * when memory ran out (output is then dropped: the buffer's err says so). */
static char *room_slow(bk_json *j, size_t n)
{
    if (j->mem == NULL) {
        flush(j);
        return n <= j->cap ? j->w : NULL;
    }
    j->mem->len = j->len;
    if (bk_cli_buf_reserve(j->mem, n) != 0)
        return NULL;
    j->w = j->mem->data;
    j->cap = j->mem->cap;
    return j->w + j->len;
}

static inline char *room(bk_json *j, size_t n)
{
    if (j->cap - j->len >= n)
        return j->w + j->len;
    return room_slow(j, n);
}

static void put(bk_json *j, const char *s, size_t n)
{
    char *d = room(j, n);
    if (d != NULL) {
        memcpy(d, s, n);
        j->len += n;
    } else if (j->mem == NULL) {
        fwrite(s, 1, n, j->out); /* longer than the window, which is empty now */
    }
}

static void put1(bk_json *j, char c)
{
    char *d = room(j, 1);
    if (d != NULL) {
        *d = c;
        j->len++;
    }
}

/* Input bytes escaped per step: a FILE writer's step fits its window. */
#define PIECE_FILE ((BK_JSON_WINDOW - 8) / ESC_MAX)
#define PIECE_MEM ((size_t)16384)

static void string(bk_json *j, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t piece = j->mem != NULL ? PIECE_MEM : PIECE_FILE, i = 0;
    if (n <= piece) {
        /* the common case: quotes and text in one step */
        char *d = room(j, ESC_MAX * n + 8);
        if (d == NULL)
            return;
        d[0] = '"';
        size_t o = 1 + escape_part(d + 1, p, n, &i, n);
        d[o++] = '"';
        j->len += o;
        return;
    }
    put1(j, '"');
    while (i < n) {
        size_t k = n - i < piece ? n - i : piece;
        char *d = room(j, ESC_MAX * k + 8);
        if (d == NULL)
            return;
        j->len += escape_part(d, p, n, &i, i + k);
    }
    put1(j, '"');
}

static void init(bk_json *j)
{
    j->first = 1;
    j->depth = 0;
}

void bk_json_write_string(FILE *out, const char *s, size_t n)
{
    bk_json j;
    init(&j);
    j.out = out;
    j.mem = NULL;
    j.w = j.window;
    j.len = 0;
    j.cap = sizeof j.window;
    string(&j, s, n);
    flush(&j);
}

/* Longest key written in the one-step way. */
#define KEY_FAST_MAX 120

static void member(bk_json *j, const char *key)
{
    if (key == NULL) {
        if (!j->first)
            put1(j, ',');
        j->first = 0;
        return;
    }
    size_t kl = strlen(key);
    if (kl <= KEY_FAST_MAX && plain_run((const unsigned char *)key, kl) == kl) {
        /* The common case, a plain key: ,"key": in one step. */
        char *d = room(j, kl + 4);
        if (d != NULL) {
            size_t o = 0;
            if (!j->first)
                d[o++] = ',';
            d[o++] = '"';
            memcpy(d + o, key, kl);
            o += kl;
            d[o++] = '"';
            d[o++] = ':';
            j->len += o;
        }
        j->first = 0;
        return;
    }
    if (!j->first)
        put1(j, ',');
    j->first = 0;
    string(j, key, kl);
    put1(j, ':');
}

/* Start an object gathered in w[len..cap): the window of a FILE writer
 * (mem NULL) or mem's storage. */
static void begin(bk_json *j, FILE *out, bk_cli_buf *mem, char *w, size_t len, size_t cap)
{
    init(j);
    j->out = out;
    j->mem = mem;
    j->w = w;
    j->len = len;
    j->cap = cap;
    put1(j, '{');
}

void bk_json_begin(bk_json *j, FILE *out) { begin(j, out, NULL, j->window, 0, sizeof j->window); }

void bk_json_begin_buf(bk_json *j, bk_cli_buf *b)
{
    begin(j, NULL, b, b->data, b->len, b->err ? b->len : b->cap);
}

void bk_json_end(bk_json *j)
{
    put(j, "}\n", 2);
    if (j->mem != NULL)
        j->mem->len = j->len;
    else
        flush(j);
}

void bk_json_key(bk_json *j, const char *key)
{
    member(j, key);
    if (j->mem == NULL)
        flush(j); /* the caller writes the value to j->out */
}

void bk_json_str(bk_json *j, const char *key, const char *s)
{
    member(j, key);
    if (s == NULL)
        put(j, "null", 4);
    else
        string(j, s, strlen(s));
}

void bk_json_strn(bk_json *j, const char *key, const char *s, size_t n)
{
    member(j, key);
    if (s == NULL)
        put(j, "null", 4);
    else
        string(j, s, n);
}

void bk_json_str_or_null(bk_json *j, const char *key, const char *s)
{
    member(j, key);
    if (s == NULL || s[0] == '\0')
        put(j, "null", 4);
    else
        string(j, s, strlen(s));
}

char *bk_json_put_int(char *d, long long v)
{
    char tmp[BK_JSON_INT_MAX];
    char *e = tmp + sizeof tmp, *b = e;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        *--b = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0)
        *--b = '-';
    memcpy(d, b, (size_t)(e - b));
    return d + (e - b);
}

void bk_json_int(bk_json *j, const char *key, long long v)
{
    member(j, key);
    char tmp[BK_JSON_INT_MAX];
    put(j, tmp, (size_t)(bk_json_put_int(tmp, v) - tmp));
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
    if (v)
        put(j, "true", 4);
    else
        put(j, "false", 5);
}

void bk_json_null(bk_json *j, const char *key)
{
    member(j, key);
    put(j, "null", 4);
}

void bk_json_array_begin(bk_json *j, const char *key)
{
    member(j, key);
    put1(j, '[');
    j->first = 1;
    j->depth++;
}

void bk_json_array_str(bk_json *j, const char *s) { bk_json_str(j, NULL, s); }

void bk_json_array_end(bk_json *j)
{
    put1(j, ']');
    j->first = 0;
    j->depth--;
}

void bk_json_object_begin(bk_json *j, const char *key)
{
    member(j, key);
    put1(j, '{');
    j->first = 1;
    j->depth++;
}

void bk_json_object_end(bk_json *j)
{
    put1(j, '}');
    j->first = 0;
    j->depth--;
}
