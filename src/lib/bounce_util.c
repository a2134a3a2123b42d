/*
 * bounce_util.c - small text helpers of the bounce decoders: addresses,
 * lines, dates.
 */
#include <string.h>

#include "bounce_internal.h"

/* Bytes of an address: ADDR_LOCAL for the local part (atext, dots,
 * UTF-8), ADDR_DOMAIN for the domain (letters, digits, '.', '-', '_',
 * UTF-8); one table lookup a byte on the way out from the '@'. */
enum { ADDR_LOCAL = 1, ADDR_DOMAIN = 2 };
#define LD (ADDR_LOCAL | ADDR_DOMAIN)
#define LD8 LD, LD, LD, LD, LD, LD, LD, LD
#define LD32 LD8, LD8, LD8, LD8
static const unsigned char ADDR_CHAR[256] = {
    ['!'] = ADDR_LOCAL, ['#'] = ADDR_LOCAL, ['$'] = ADDR_LOCAL, ['%'] = ADDR_LOCAL,
    ['&'] = ADDR_LOCAL, ['\''] = ADDR_LOCAL, ['*'] = ADDR_LOCAL, ['+'] = ADDR_LOCAL,
    ['/'] = ADDR_LOCAL, ['='] = ADDR_LOCAL, ['?'] = ADDR_LOCAL, ['^'] = ADDR_LOCAL,
    ['`'] = ADDR_LOCAL, ['{'] = ADDR_LOCAL, ['|'] = ADDR_LOCAL, ['}'] = ADDR_LOCAL,
    ['~'] = ADDR_LOCAL, ['.'] = LD, ['-'] = LD, ['_'] = LD,
    ['0'] = LD, ['1'] = LD, ['2'] = LD, ['3'] = LD, ['4'] = LD,
    ['5'] = LD, ['6'] = LD, ['7'] = LD, ['8'] = LD, ['9'] = LD,
    ['A'] = LD, ['B'] = LD, ['C'] = LD, ['D'] = LD, ['E'] = LD, ['F'] = LD, ['G'] = LD,
    ['H'] = LD, ['I'] = LD, ['J'] = LD, ['K'] = LD, ['L'] = LD, ['M'] = LD, ['N'] = LD,
    ['O'] = LD, ['P'] = LD, ['Q'] = LD, ['R'] = LD, ['S'] = LD, ['T'] = LD, ['U'] = LD,
    ['V'] = LD, ['W'] = LD, ['X'] = LD, ['Y'] = LD, ['Z'] = LD,
    ['a'] = LD, ['b'] = LD, ['c'] = LD, ['d'] = LD, ['e'] = LD, ['f'] = LD, ['g'] = LD,
    ['h'] = LD, ['i'] = LD, ['j'] = LD, ['k'] = LD, ['l'] = LD, ['m'] = LD, ['n'] = LD,
    ['o'] = LD, ['p'] = LD, ['q'] = LD, ['r'] = LD, ['s'] = LD, ['t'] = LD, ['u'] = LD,
    ['v'] = LD, ['w'] = LD, ['x'] = LD, ['y'] = LD, ['z'] = LD,
    [0x80] = LD32, LD32, LD32, LD32, /* 0x80..0xff */
};
#undef LD32
#undef LD8
#undef LD

static int local_char(unsigned char c) { return (ADDR_CHAR[c] & ADDR_LOCAL) != 0; }

static int domain_char(unsigned char c) { return (ADDR_CHAR[c] & ADDR_DOMAIN) != 0; }

/* Is the code point a punctuation mark or space of the ranges that
 * non-Latin text glues to an address ("kim@dest.test،", "「kim@dest.test」",
 * "kim@dest.test。")?  IDNA admits none of them in a domain. */
static int punct_cp(unsigned cp)
{
    return (cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
           cp == 0x060C || cp == 0x061B || cp == 0x061F || cp == 0x06D4 ||
           (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
           (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
           (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65);
}

/* The length of the UTF-8 punctuation mark starting at s[i] (0: none). */
static size_t punct_at(const char *s, size_t i, size_t end)
{
    const unsigned char *u = (const unsigned char *)s + i;
    size_t left = end - i;
    if (left >= 2 && u[0] >= 0xC2 && u[0] <= 0xDF && (u[1] & 0xC0) == 0x80)
        return punct_cp(((unsigned)(u[0] & 0x1F) << 6) | (u[1] & 0x3F)) ? 2 : 0;
    if (left >= 3 && (u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80)
        return punct_cp(((unsigned)(u[0] & 0x0F) << 12) | ((unsigned)(u[1] & 0x3F) << 6) |
                        (u[2] & 0x3F))
                   ? 3
                   : 0;
    return 0;
}

/* The length of the UTF-8 punctuation mark ending at s[end] (0: none). */
static size_t punct_before(const char *s, size_t begin, size_t end)
{
    for (size_t k = 2; k <= 3 && k <= end - begin; k++)
        if (punct_at(s, end - k, end) == k)
            return k;
    return 0;
}

int bk__find_address(const char *s, size_t n, size_t from, size_t *start, size_t *len)
{
    for (size_t i = from; i < n; i++) {
        const char *at = memchr(s + i, '@', n - i);
        if (at == NULL)
            break;
        i = (size_t)(at - s);
        size_t a = i;
        while (a > from && local_char((unsigned char)s[a - 1]))
            a--;
        size_t b = i + 1;
        if (b < n && s[b] == '[') { /* address literal */
            while (b < n && s[b] != ']' && b - i < 64)
                b++;
            if (b < n && s[b] == ']')
                b++;
        } else {
            while (b < n && domain_char((unsigned char)s[b]))
                b++;
        }
        /* Trim dots, hyphens and non-ASCII punctuation glued to either end;
         * such a mark inside the local part ends the words before it
         * ("收件人：x@y", a label and a full-width colon). */
        size_t hi = a;
        while (hi < i && (unsigned char)s[hi] < 0x80)
            hi++;
        for (size_t q = i, k; hi < i && q > a; q--) /* only non-ASCII text has them */
            if ((k = punct_before(s, a, q)) != 0) {
                a = q;
                break;
            }
        while (a < i && (s[a] == '.' || s[a] == '\''))
            a++;
        for (size_t k; b > i + 1 && (k = punct_before(s, i + 1, b)) != 0;)
            b -= k;
        while (b > i + 1 && (s[b - 1] == '.' || s[b - 1] == '-'))
            b--;
        if (a == i || b <= i + 1)
            continue;
        /* The domain needs a dot (or be a literal). */
        if (s[i + 1] != '[' && memchr(s + i + 1, '.', b - i - 1) == NULL)
            continue;
        /* Skip "mailto:" glued to the front. */
        if (i - a > 7 && bk__istarts(s + a, i - a, "mailto:"))
            a += 7;
        if (i - a > 256 || b - i > 256)
            continue;
        *start = a;
        *len = b - a;
        return 1;
    }
    return 0;
}

char *bk__clean_address(bk__arena *ar, const char *s, size_t n)
{
    size_t a, l;
    if (!bk__find_address(s, n, 0, &a, &l))
        return NULL;
    char *r = bk__arena_strndup(ar, s + a, l);
    if (r == NULL)
        return NULL;
    /* Lower-case the domain only: local parts may be case-sensitive. */
    size_t k = l;
    while (k > 0 && r[k - 1] != '@')
        k--;
    if (k > 0)
        bk__lower_copy(r + k, r + k, l - k); /* in place: it reads before it writes */
    return r;
}

int bk__addr_eq(const char *a, const char *b)
{
    if (a == NULL || b == NULL || !*a || !*b)
        return 0;
    size_t la = strlen(a), lb = strlen(b);
    return la == lb && bk__ieq(a, la, b);
}

const char *bk__strip_type(const char *v, size_t vlen, size_t *outlen)
{
    const char *semi = memchr(v, ';', vlen);
    if (semi != NULL && semi - v < 24) {
        size_t i = (size_t)(semi - v) + 1;
        while (i < vlen && bk__is_space((unsigned char)v[i]))
            i++;
        *outlen = vlen - i;
        return v + i;
    }
    *outlen = vlen;
    return v;
}

/* ---- dates -------------------------------------------------------------- */

static const char *const MONTHS[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};

static int read_int(const char *s, size_t n, size_t *i, int maxd, int *out)
{
    size_t j = *i;
    int v = 0, d = 0;
    while (j < n && bk__is_digit((unsigned char)s[j]) && d < maxd) {
        v = v * 10 + (s[j] - '0');
        j++;
        d++;
    }
    if (d == 0)
        return 0;
    *i = j;
    *out = v;
    return 1;
}

int bk__date_rfc3339(const char *s, size_t n, char *out, size_t size)
{
    size_t i = 0;
    int day = 0, mon = -1, year = 0, hh = 0, mm = 0, ss = 0, off = 0, have_off = 0;
    /* Skip an optional day name ("Tue,"). */
    while (i < n && bk__is_space((unsigned char)s[i]))
        i++;
    if (i + 3 < n && bk__is_alpha((unsigned char)s[i])) {
        while (i < n && bk__is_alpha((unsigned char)s[i]))
            i++;
        if (i < n && s[i] == ',')
            i++;
    }
    while (i < n && bk__is_space((unsigned char)s[i]))
        i++;
    if (!read_int(s, n, &i, 2, &day))
        return 0;
    while (i < n && (s[i] == ' ' || s[i] == '-'))
        i++;
    if (i + 3 > n)
        return 0;
    for (int k = 0; k < 12 && mon < 0; k++) /* the names differ in their first three letters */
        if (bk__istarts(s + i, 3, MONTHS[k]))
            mon = k;
    if (mon < 0)
        return 0;
    i += 3;
    while (i < n && bk__is_alpha((unsigned char)s[i]))
        i++;
    while (i < n && (s[i] == ' ' || s[i] == '-'))
        i++;
    size_t y0 = i;
    if (!read_int(s, n, &i, 4, &year))
        return 0;
    if (i - y0 == 2)
        year += year < 50 ? 2000 : 1900;
    while (i < n && s[i] == ' ')
        i++;
    if (!read_int(s, n, &i, 2, &hh) || i >= n || s[i] != ':')
        return 0;
    i++;
    if (!read_int(s, n, &i, 2, &mm))
        return 0;
    if (i < n && s[i] == ':') {
        i++;
        read_int(s, n, &i, 2, &ss);
    }
    while (i < n && s[i] == ' ')
        i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        int sign = s[i] == '-' ? -1 : 1;
        i++;
        int v = 0;
        size_t j0 = i;
        if (read_int(s, n, &i, 4, &v) && i - j0 == 4) {
            off = sign * ((v / 100) * 60 + v % 100);
            have_off = 1;
        }
    } else if (i + 2 < n && (bk__istarts(s + i, n - i, "GMT") || bk__istarts(s + i, n - i, "UTC"))) {
        have_off = 1;
    }
    if (!have_off)
        off = 0; /* RFC 5322 "-0000" semantics: unknown zone, written as Z */
    if (day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60 || year < 1970 || year > 9999)
        return 0;
    char zone[8];
    if (off == 0) {
        zone[0] = 'Z';
        zone[1] = '\0';
    } else {
        int a = off < 0 ? -off : off;
        zone[0] = off < 0 ? '-' : '+';
        zone[1] = (char)('0' + (a / 60) / 10);
        zone[2] = (char)('0' + (a / 60) % 10);
        zone[3] = ':';
        zone[4] = (char)('0' + (a % 60) / 10);
        zone[5] = (char)('0' + (a % 60) % 10);
        zone[6] = '\0';
    }
    if (size < 26)
        return 0;
    /* Manual formatting keeps the library free of locale and printf. */
    char *o = out;
    int vals[] = {year / 1000, (year / 100) % 10, (year / 10) % 10, year % 10};
    for (int k = 0; k < 4; k++)
        *o++ = (char)('0' + vals[k]);
    *o++ = '-';
    *o++ = (char)('0' + (mon + 1) / 10);
    *o++ = (char)('0' + (mon + 1) % 10);
    *o++ = '-';
    *o++ = (char)('0' + day / 10);
    *o++ = (char)('0' + day % 10);
    *o++ = 'T';
    *o++ = (char)('0' + hh / 10);
    *o++ = (char)('0' + hh % 10);
    *o++ = ':';
    *o++ = (char)('0' + mm / 10);
    *o++ = (char)('0' + mm % 10);
    *o++ = ':';
    *o++ = (char)('0' + ss / 10);
    *o++ = (char)('0' + ss % 10);
    for (char *z = zone; *z; z++)
        *o++ = *z;
    *o = '\0';
    return 1;
}

/* ---- case-insensitive search ----------------------------------------------- */

/* SSE2 (every x86-64) finds both cases of an anchor byte in one pass. */
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define BK_IFIND_SSE2 1
#else
#define BK_IFIND_SSE2 0
#endif

/* How common a byte is in English mail text (higher = more common);
 * the search anchors on the needle's rarest byte so the scan meets few
 * candidates.  Bytes not listed count as rare. */
static const unsigned char COMMONNESS[256] = {
    [' '] = 27,
    ['"'] = 14, /* HTML attributes and JSON are full of them */
    ['e'] = 26, ['E'] = 26,
    ['t'] = 25, ['T'] = 25,
    ['a'] = 24, ['A'] = 24,
    ['o'] = 23, ['O'] = 23,
    ['i'] = 22, ['I'] = 22,
    ['n'] = 21, ['N'] = 21,
    ['s'] = 20, ['S'] = 20,
    ['r'] = 19, ['R'] = 19,
    ['h'] = 18, ['H'] = 18,
    ['l'] = 17, ['L'] = 17,
    ['d'] = 16, ['D'] = 16,
    ['c'] = 15, ['C'] = 15,
    ['u'] = 14, ['U'] = 14,
    ['m'] = 13, ['M'] = 13,
    ['f'] = 12, ['F'] = 12,
    ['p'] = 11, ['P'] = 11,
    ['g'] = 10, ['G'] = 10,
    ['w'] = 9, ['W'] = 9,
    ['y'] = 8, ['Y'] = 8,
    ['b'] = 7, ['B'] = 7,
    ['v'] = 6, ['V'] = 6,
    ['k'] = 5, ['K'] = 5,
    ['x'] = 4, ['X'] = 4,
    ['j'] = 3, ['J'] = 3,
    ['q'] = 2, ['Q'] = 2,
    ['z'] = 1, ['Z'] = 1};

/* The anchor byte of a search (the byte the scan looks for) is the rarest
 * of the needle's first ANCHOR_SPAN bytes: weighing every byte of a long
 * phrase costs more than the few extra candidates it would save in the
 * short texts most searches read.  bk__lfind reads a text's opening (up
 * to 16 KiB) for long fingerprint phrases: it weighs more of them
 * (measured: 8 and 16 are the best spans). */
#define ANCHOR_SPAN 8
#define LFIND_ANCHOR_SPAN 16
/* A needle prepared once (bk__needle_prep) for many searches costs
 * nothing to weigh at search time: all of it is weighed. */
#define PREP_ANCHOR_SPAN ((size_t)-1)

/* Do the nl bytes at st equal needle, ignoring ASCII case? */
static inline int ieq_at(const char *st, const char *needle, size_t nl)
{
    size_t j = 0;
    while (j < nl && bk__lower((unsigned char)st[j]) == bk__lower((unsigned char)needle[j]))
        j++;
    return j == nl;
}

/* The length of a needle and its anchor (the offset of its rarest byte
 * among the first span bytes); this runs once per search. */
static size_t needle_anchor(const char *needle, size_t *anchor, size_t span)
{
    size_t nl = strlen(needle), k = 0;
    const unsigned char *u = (const unsigned char *)needle;
    for (size_t i = 1; i < nl && i < span; i++)
        if (COMMONNESS[u[i]] < COMMONNESS[u[k]])
            k = i;
    *anchor = k;
    return nl;
}

/* Does the lower-case text at st start with needle (any case)? */
static inline int leq_at(const char *st, const char *needle, size_t nl)
{
    size_t j = 0;
    while (j < nl && st[j] == (char)bk__lower((unsigned char)needle[j]))
        j++;
    return j == nl;
}

/* The search of bk__ifind (lower == 0: the text in any case) and of
 * bk__lfind (lower == 1: the text lower-cased): the first st in
 * [hay, hay + hlen - nl] where needle matches, or NULL.  Candidates are
 * the places of the anchor byte needle[k]; a letter is compared with its
 * case bit set (b | 0x20), which finds both cases in one compare. */
#if defined(__GNUC__)
__attribute__((always_inline)) /* one copy per caller, lower a constant */
#endif
static inline const char *anchor_scan(const char *hay, size_t hlen, const char *needle, size_t nl,
                                      size_t k, int lower)
{
    /* candidates for the anchor byte lie in [hay + k, end) */
    const char *end = hay + hlen - nl + 1 + k;
    const char *p = hay + k;
    int a = bk__lower((unsigned char)needle[k]);
    int fold = !lower && a >= 'a' && a <= 'z' ? 0x20 : 0;
#define BK_TRY_AT(st_)                                                                        \
    do {                                                                                      \
        const char *st = (st_);                                                               \
        if (lower ? leq_at(st, needle, nl) : ieq_at(st, needle, nl))                          \
            return st;                                                                        \
    } while (0)
#if BK_IFIND_SSE2
    const __m128i va = _mm_set1_epi8((char)a), vf = _mm_set1_epi8((char)fold);
#define BK_ANCHORS(q) \
    _mm_cmpeq_epi8(_mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(q)), vf), va)
    /* 32 bytes a step, the candidates of a block tried in order */
    for (; end - p >= 32; p += 32) {
        unsigned m = (unsigned)_mm_movemask_epi8(BK_ANCHORS(p)) |
                     (unsigned)_mm_movemask_epi8(BK_ANCHORS(p + 16)) << 16;
        for (; m != 0; m &= m - 1)
            BK_TRY_AT(p + __builtin_ctz(m) - k);
    }
    for (; end - p >= 16; p += 16)
        for (unsigned m = (unsigned)_mm_movemask_epi8(BK_ANCHORS(p)); m != 0; m &= m - 1)
            BK_TRY_AT(p + __builtin_ctz(m) - k);
    if (p < end && end - hay >= 16) {
        /* The last few candidates: one block that ends where they do (it
         * lies inside the haystack), the bits before p dropped. */
        const char *q = end - 16;
        for (unsigned m = (unsigned)_mm_movemask_epi8(BK_ANCHORS(q)) >> (p - q); m != 0; m &= m - 1)
            BK_TRY_AT(p + __builtin_ctz(m) - k);
        return NULL;
    }
#undef BK_ANCHORS
#endif
    for (; p < end; p++)
        if (((unsigned char)*p | fold) == a)
            BK_TRY_AT(p - k);
#undef BK_TRY_AT
    return NULL;
}

const char *bk__ifind(const char *hay, size_t hlen, const char *needle)
{
    size_t k;
    size_t nl = needle_anchor(needle, &k, ANCHOR_SPAN);
    if (nl == 0)
        return hay;
    if (nl > hlen)
        return NULL;
    return anchor_scan(hay, hlen, needle, nl, k, 0);
}

void bk__needle_prep(bk__needle *nd, const char *needle)
{
    size_t k;
    nd->s = needle;
    nd->len = needle_anchor(needle, &k, PREP_ANCHOR_SPAN);
    nd->anchor = k;
}

const char *bk__ifind_n(const char *hay, size_t hlen, const bk__needle *nd)
{
    if (nd->len == 0)
        return hay;
    if (nd->len > hlen)
        return NULL;
    return anchor_scan(hay, hlen, nd->s, nd->len, nd->anchor, 0);
}

size_t bk__iphrase_len(const char *s, size_t n, const char *phrase)
{
    size_t i = 0;
    for (const char *p = phrase; *p; p++) {
        if (*p == ' ') {
            if (i >= n || !bk__is_space((unsigned char)s[i]))
                return 0;
            while (i < n && bk__is_space((unsigned char)s[i]))
                i++;
        } else {
            if (i >= n || bk__lower((unsigned char)s[i]) != bk__lower((unsigned char)*p))
                return 0;
            i++;
        }
    }
    return i;
}

size_t bk__iphrase_before(const char *s, size_t at, const char *phrase, size_t k)
{
    size_t i = at;
    while (k > 0) {
        unsigned char pc = (unsigned char)phrase[k - 1];
        if (pc == ' ') {
            if (i == 0 || !bk__is_space((unsigned char)s[i - 1]))
                return (size_t)-1;
            while (i > 0 && bk__is_space((unsigned char)s[i - 1]))
                i--;
        } else {
            if (i == 0 || bk__lower((unsigned char)s[i - 1]) != bk__lower(pc))
                return (size_t)-1;
            i--;
        }
        k--;
    }
    return i;
}

const char *bk__ifind_phrase(const char *hay, size_t hlen, const char *phrase, size_t *mlen)
{
    /* The part before the first blank is searched as it is; the rest is
     * compared where it occurs. */
    const char *sp = strchr(phrase, ' ');
    if (sp == NULL) {
        const char *h = bk__ifind(hay, hlen, phrase);
        if (h != NULL && mlen != NULL)
            *mlen = strlen(phrase);
        return h;
    }
    char head[64];
    size_t hl = (size_t)(sp - phrase);
    if (hl == 0 || hl >= sizeof head)
        return NULL;
    memcpy(head, phrase, hl);
    head[hl] = '\0';
    for (size_t from = 0; from + hl <= hlen;) {
        const char *h = bk__ifind(hay + from, hlen - from, head);
        if (h == NULL)
            return NULL;
        size_t at = (size_t)(h - hay);
        size_t l = bk__iphrase_len(h, hlen - at, phrase);
        if (l) {
            if (mlen != NULL)
                *mlen = l;
            return h;
        }
        from = at + 1;
    }
    return NULL;
}

void bk__lower_copy(char *dst, const char *s, size_t n)
{
    size_t i = 0;
#if BK_IFIND_SSE2
    /* 16 bytes a step: the case bit set on the bytes 'A'..'Z' (a signed
     * compare leaves bytes >= 0x80 alone) */
    const __m128i before_a = _mm_set1_epi8('A' - 1), after_z = _mm_set1_epi8('Z' + 1),
                  bit = _mm_set1_epi8(0x20);
    for (; i + 16 <= n; i += 16) {
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i up = _mm_and_si128(_mm_cmpgt_epi8(b, before_a), _mm_cmplt_epi8(b, after_z));
        _mm_storeu_si128((__m128i *)(void *)(dst + i), _mm_or_si128(b, _mm_and_si128(up, bit)));
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        /* 0x80 in each byte that is 'A'..'Z' (bytes >= 0x80 excluded) */
        const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
        uint64_t b = w & ~highs;
        uint64_t ge_a = (b + (0x80 - 'A') * ones) & highs;
        uint64_t gt_z = (b + (0x80 - 'Z' - 1) * ones) & highs;
        uint64_t upper = ge_a & ~gt_z & ~w;
        w |= upper >> 2; /* 0x80 >> 2 == 0x20, the case bit */
        memcpy(dst + i, &w, 8);
    }
    for (; i < n; i++)
        dst[i] = (char)bk__lower((unsigned char)s[i]);
}

size_t bk__lfind(const char *low, size_t hlen, const char *needle)
{
    size_t k;
    size_t nl = needle_anchor(needle, &k, LFIND_ANCHOR_SPAN);
    if (nl == 0)
        return 0;
    if (nl > hlen)
        return hlen;
    const char *h = anchor_scan(low, hlen, needle, nl, k, 1);
    return h ? (size_t)(h - low) : hlen;
}

size_t bk__lfind_n(const char *low, size_t hlen, const bk__needle *nd)
{
    if (nd->len == 0)
        return 0;
    if (nd->len > hlen)
        return hlen;
    const char *h = anchor_scan(low, hlen, nd->s, nd->len, nd->anchor, 1);
    return h ? (size_t)(h - low) : hlen;
}

/* The bit of each letter in bk__letters(): one lookup a byte. */
static const uint32_t LETTER_BIT[256] = {
    ['a'] = 1u << 0, ['A'] = 1u << 0,
    ['b'] = 1u << 1, ['B'] = 1u << 1,
    ['c'] = 1u << 2, ['C'] = 1u << 2,
    ['d'] = 1u << 3, ['D'] = 1u << 3,
    ['e'] = 1u << 4, ['E'] = 1u << 4,
    ['f'] = 1u << 5, ['F'] = 1u << 5,
    ['g'] = 1u << 6, ['G'] = 1u << 6,
    ['h'] = 1u << 7, ['H'] = 1u << 7,
    ['i'] = 1u << 8, ['I'] = 1u << 8,
    ['j'] = 1u << 9, ['J'] = 1u << 9,
    ['k'] = 1u << 10, ['K'] = 1u << 10,
    ['l'] = 1u << 11, ['L'] = 1u << 11,
    ['m'] = 1u << 12, ['M'] = 1u << 12,
    ['n'] = 1u << 13, ['N'] = 1u << 13,
    ['o'] = 1u << 14, ['O'] = 1u << 14,
    ['p'] = 1u << 15, ['P'] = 1u << 15,
    ['q'] = 1u << 16, ['Q'] = 1u << 16,
    ['r'] = 1u << 17, ['R'] = 1u << 17,
    ['s'] = 1u << 18, ['S'] = 1u << 18,
    ['t'] = 1u << 19, ['T'] = 1u << 19,
    ['u'] = 1u << 20, ['U'] = 1u << 20,
    ['v'] = 1u << 21, ['V'] = 1u << 21,
    ['w'] = 1u << 22, ['W'] = 1u << 22,
    ['x'] = 1u << 23, ['X'] = 1u << 23,
    ['y'] = 1u << 24, ['Y'] = 1u << 24,
    ['z'] = 1u << 25, ['Z'] = 1u << 25,
};

uint32_t bk__letters(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t m0 = 0, m1 = 0;
    size_t i = 0;
    for (; i + 2 <= n; i += 2) { /* two sets, two lookups at a time */
        m0 |= LETTER_BIT[u[i]];
        m1 |= LETTER_BIT[u[i + 1]];
    }
    if (i < n)
        m0 |= LETTER_BIT[u[i]];
    return m0 | m1;
}

/* ---- several phrases in one pass ------------------------------------------ */

#if BK_IFIND_SSE2 && (defined(__x86_64__) || defined(__i386__))
#include <tmmintrin.h>
#define BK_PSET_SSSE3 1
#else
#define BK_PSET_SSSE3 0
#endif

int bk__pset_init(bk__pset *ps, const char *const *phrases, size_t n)
{
    memset(ps, 0, sizeof *ps);
    if (n > BK_PSET_MAX)
        return BK_ELIMIT;
    ps->n = n;
    uint64_t in_bucket[8] = {0};
    for (size_t i = 0; i < n; i++) {
        bk__needle_prep(&ps->nd[i], phrases[i]);
        size_t len = ps->nd[i].len;
        if (len < BK_PSET_FP) {
            ps->alone |= 1ull << i;
            continue;
        }
        /* the fingerprint holds the anchor (the rarest byte) second, or
         * ends the phrase when the anchor is too near its end (measured:
         * fewer candidates than from the anchor on or the phrase's start;
         * with the anchor third, the same) */
        size_t k = ps->nd[i].anchor > 0 ? ps->nd[i].anchor - 1 : 0;
        if (k > len - BK_PSET_FP)
            k = len - BK_PSET_FP;
        ps->fp[i] = (uint16_t)k;
        unsigned b = (unsigned)(i % 8);
        in_bucket[b] |= 1ull << i;
        for (size_t j = 0; j < BK_PSET_FP; j++) {
            unsigned char c = (unsigned char)bk__lower((unsigned char)phrases[i][k + j]);
            ps->lo[j][c & 15] |= (unsigned char)(1u << b);
            ps->hi[j][c >> 4] |= (unsigned char)(1u << b);
        }
    }
    for (unsigned v = 0; v < 256; v++)
        for (unsigned b = 0; b < 8; b++)
            if (v & (1u << b))
                ps->bucket[v] |= in_bucket[b];
#if BK_PSET_SSSE3
    __builtin_cpu_init();
    ps->vector = __builtin_cpu_supports("ssse3") != 0;
#endif
    return 0;
}

#if BK_PSET_SSSE3
/* The buckets whose fingerprint may start at each of the 16 places from
 * s (reads s[0 .. 18]): for each of the four bytes of a fingerprint,
 * the buckets of the byte's low nibble and of its high nibble (a byte
 * shuffle each of the tables lo and hi), all of them and-ed. */
#define PSET_BYTE(j)                                                                          \
    _mm_and_si128(                                                                            \
        _mm_shuffle_epi8(lo##j, _mm_and_si128(_mm_loadu_si128((const __m128i *)(const void *)(s_ + j)), nib)), \
        _mm_shuffle_epi8(hi##j, _mm_and_si128(                                                \
                                    _mm_srli_epi16(_mm_loadu_si128((const __m128i *)(const void *)(s_ + j)), 4), nib)))
#define PSET_BLOCK(s)                                                                         \
    (s_ = (s), _mm_and_si128(_mm_and_si128(PSET_BYTE(0), PSET_BYTE(1)), _mm_and_si128(PSET_BYTE(2), PSET_BYTE(3))))

/* The vector pass of bk__pset_find over the phrases of want that have a
 * fingerprint. */
__attribute__((target("ssse3"))) static uint64_t pset_scan(const bk__pset *ps, const char *low, size_t n,
                                                            uint64_t want, int first)
{
    uint64_t found = 0;
    /* Compare the phrases of the buckets v at place q (where their
     * fingerprints would start). */
#define PSET_TRY(q_, v_)                                                                      \
    do {                                                                                      \
        size_t pq = (q_);                                                                     \
        for (uint64_t c = ps->bucket[(v_)] & want; c != 0; c &= c - 1) {                      \
            unsigned i = (unsigned)__builtin_ctzll(c);                                        \
            size_t st = pq - ps->fp[i];                                                       \
            if (pq >= ps->fp[i] && st + ps->nd[i].len <= n &&                                 \
                leq_at(low + st, ps->nd[i].s, ps->nd[i].len)) {                               \
                found |= 1ull << i;                                                           \
                /* with first, the phrases after it no longer count */                        \
                want &= first ? (1ull << i) - 1 : ~(1ull << i);                               \
            }                                                                                 \
        }                                                                                     \
        if (want == 0)                                                                        \
            return found;                                                                     \
    } while (0)
    const size_t span = 16 + BK_PSET_FP - 1; /* bytes read for 16 places */
    _Static_assert(BK_PSET_FP == 4, "PSET_BLOCK reads four bytes");
    
    const __m128i nib = _mm_set1_epi8(0x0f);
    const __m128i lo0 = _mm_loadu_si128((const __m128i *)(const void *)ps->lo[0]),
                  lo1 = _mm_loadu_si128((const __m128i *)(const void *)ps->lo[1]),
                  lo2 = _mm_loadu_si128((const __m128i *)(const void *)ps->lo[2]),
                  hi0 = _mm_loadu_si128((const __m128i *)(const void *)ps->hi[0]),
                  hi1 = _mm_loadu_si128((const __m128i *)(const void *)ps->hi[1]),
                  hi2 = _mm_loadu_si128((const __m128i *)(const void *)ps->hi[2]),
                  lo3 = _mm_loadu_si128((const __m128i *)(const void *)ps->lo[3]),
                  hi3 = _mm_loadu_si128((const __m128i *)(const void *)ps->hi[3]);
    const char *s_;
    size_t p = 0;
    unsigned char v[16];
    for (; p + span <= n; p += 16) {
        __m128i r = PSET_BLOCK(low + p);
        unsigned bits = ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(r, _mm_setzero_si128())) & 0xffffu;
        if (bits == 0)
            continue;
        _mm_storeu_si128((__m128i *)(void *)v, r);
        for (; bits != 0; bits &= bits - 1) {
            unsigned t = (unsigned)__builtin_ctz(bits);
            PSET_TRY(p + t, v[t]);
        }
    }
    /* The places left where a fingerprint fits, [p, n - BK_PSET_FP]: one
     * block that ends where they do, the places before p dropped; or, in
     * a text shorter than a block, place by place. */
    if (p + BK_PSET_FP <= n) {
        if (n >= span) {
            size_t q0 = n - span;
            __m128i r = PSET_BLOCK(low + q0);
            unsigned bits = ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(r, _mm_setzero_si128())) & 0xffffu;
            bits &= 0xffffu << (p - q0);
            _mm_storeu_si128((__m128i *)(void *)v, r);
            for (; bits != 0; bits &= bits - 1) {
                unsigned t = (unsigned)__builtin_ctz(bits);
                PSET_TRY(q0 + t, v[t]);
            }
        } else {
            for (size_t q = p; q + BK_PSET_FP <= n; q++) {
                unsigned r = 0xff;
                for (size_t j = 0; j < BK_PSET_FP; j++) {
                    unsigned char c = (unsigned char)low[q + j];
                    r &= (unsigned)ps->lo[j][c & 15] & ps->hi[j][c >> 4];
                }
                if (r != 0)
                    PSET_TRY(q, r);
            }
        }
    }
#undef PSET_TRY
    return found;
}
#undef PSET_BLOCK
#undef PSET_BYTE
#endif

uint64_t bk__pset_find(const bk__pset *ps, const char *low, size_t n, uint64_t want, int first)
{
    uint64_t found = 0;
    want &= ps->n >= 64 ? ~0ull : (1ull << ps->n) - 1;
#if BK_PSET_SSSE3
    if (ps->vector) {
        for (uint64_t m = want & ps->alone; m != 0; m &= m - 1) {
            unsigned i = (unsigned)__builtin_ctzll(m);
            if (bk__lfind_n(low, n, &ps->nd[i]) < n)
                found |= 1ull << i;
        }
        want &= ~ps->alone;
        if (first && found != 0) /* only the phrases before the lowest found still count */
            want &= (found & (0 - found)) - 1;
        return found | (want != 0 ? pset_scan(ps, low, n, want, first) : 0);
    }
#endif
    /* one search each, in order (with first, up to the first found) */
    for (size_t i = 0; i < ps->n; i++)
        if (((want >> i) & 1) && bk__lfind_n(low, n, &ps->nd[i]) < n) {
            found |= 1ull << i;
            if (first)
                break;
        }
    return found;
}

/* ---- where codes may start ------------------------------------------------ */

/* The scans for reply codes and enhanced status codes read every byte of
 * long texts, and only a few places can start a code: these find the next
 * one 16 bytes at a time, the callers then check it as before. */

#if BK_IFIND_SSE2
/* Bytes of b that are '0'..hi, as a mask. */
static inline __m128i digits_upto(__m128i b, char hi)
{
    __m128i d = _mm_sub_epi8(b, _mm_set1_epi8('0'));
    return _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8((char)(hi - '0'))), d);
}
#endif

size_t bk__next_reply_code_at(const char *s, size_t n, size_t from)
{
    size_t i = from;
#if BK_IFIND_SSE2
    const __m128i v4 = _mm_set1_epi8('4'), v5 = _mm_set1_epi8('5');
    for (; i + 18 <= n; i += 16) { /* reads s[i .. i + 17] */
        __m128i b0 = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i b1 = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 1));
        __m128i b2 = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 2));
        __m128i m = _mm_and_si128(_mm_or_si128(_mm_cmpeq_epi8(b0, v4), _mm_cmpeq_epi8(b0, v5)),
                                  _mm_and_si128(digits_upto(b1, '5'), digits_upto(b2, '9')));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits != 0)
            return i + (size_t)__builtin_ctz(bits);
    }
#endif
    for (; i + 3 <= n; i++)
        if ((s[i] == '4' || s[i] == '5') && s[i + 1] >= '0' && s[i + 1] <= '5' &&
            bk__is_digit((unsigned char)s[i + 2]))
            return i;
    return n;
}

size_t bk__next_status_at(const char *s, size_t n, size_t from)
{
    size_t i = from;
#if BK_IFIND_SSE2
    const __m128i v2 = _mm_set1_epi8('2'), v4 = _mm_set1_epi8('4'), v5 = _mm_set1_epi8('5'),
                  dot = _mm_set1_epi8('.');
    for (; i + 17 <= n; i += 16) { /* reads s[i .. i + 16] */
        __m128i b0 = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i b1 = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 1));
        __m128i cls = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b0, v2), _mm_cmpeq_epi8(b0, v4)),
                                   _mm_cmpeq_epi8(b0, v5));
        unsigned bits = (unsigned)_mm_movemask_epi8(_mm_and_si128(cls, _mm_cmpeq_epi8(b1, dot)));
        if (bits != 0)
            return i + (size_t)__builtin_ctz(bits);
    }
#endif
    for (; i + 2 <= n; i++)
        if ((s[i] == '2' || s[i] == '4' || s[i] == '5') && s[i + 1] == '.')
            return i;
    return n;
}
