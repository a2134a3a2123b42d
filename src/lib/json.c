/*
 * json.c - a small JSON reader: recursive descent over pointer + length
 * with bounded depth and node count, strings decoded into one arena.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "json.h"

typedef struct jparser {
    const char *s;
    size_t len, pos;
    bk__jrdoc *doc;
    int depth;
} jparser;

static void skip_ws(jparser *p)
{
    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        p->pos++;
    }
}

static int new_node(jparser *p, bk__jrtype t, uint32_t *idx)
{
    bk__jrdoc *d = p->doc;
    if (d->n >= BK__JR_MAX_NODES)
        return BK_ELIMIT;
    if (d->n == d->cap) {
        bk__jrnode *nn = bk__array_grow(d->nodes, &d->cap, sizeof *nn, 64);
        if (nn == NULL)
            return BK_ENOMEM;
        d->nodes = nn;
    }
    memset(&d->nodes[d->n], 0, sizeof d->nodes[0]);
    d->nodes[d->n].type = t;
    d->nodes[d->n].str = "";
    *idx = (uint32_t)d->n++;
    return BK_OK;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int read_hex4(jparser *p, unsigned *out)
{
    if (p->len - p->pos < 4)
        return BK_EMALFORMED;
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval((unsigned char)p->s[p->pos + (size_t)i]);
        if (h < 0)
            return BK_EMALFORMED;
        v = v * 16 + (unsigned)h;
    }
    p->pos += 4;
    *out = v;
    return BK_OK;
}

static void put_utf8(char *dst, size_t *o, unsigned cp)
{
    if (cp < 0x80) {
        dst[(*o)++] = (char)cp;
    } else if (cp < 0x800) {
        dst[(*o)++] = (char)(0xC0 | (cp >> 6));
        dst[(*o)++] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        dst[(*o)++] = (char)(0xE0 | (cp >> 12));
        dst[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        dst[(*o)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        dst[(*o)++] = (char)(0xF0 | (cp >> 18));
        dst[(*o)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
        dst[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        dst[(*o)++] = (char)(0x80 | (cp & 0x3F));
    }
}

/* Decode the string at p->pos (at the opening quote) into the arena.  The
 * arena holds len + 1 bytes per document, and a decoded string plus its
 * NUL is never longer than its quoted form, so it cannot overflow. */
static int read_string(jparser *p, const char **out, size_t *outlen)
{
    bk__jrdoc *d = p->doc;
    p->pos++; /* opening quote */
    char *dst = d->arena + d->alen;
    size_t o = 0;
    while (p->pos < p->len) {
        unsigned char c = (unsigned char)p->s[p->pos];
        if (c == '"') {
            p->pos++;
            dst[o] = '\0';
            d->alen += o + 1;
            *out = dst;
            *outlen = o;
            return BK_OK;
        }
        if (c < 0x20)
            return BK_EMALFORMED;
        if (c != '\\') {
            dst[o++] = (char)c;
            p->pos++;
            continue;
        }
        p->pos++;
        if (p->pos >= p->len)
            return BK_EMALFORMED;
        char e = p->s[p->pos++];
        switch (e) {
        case '"': dst[o++] = '"'; break;
        case '\\': dst[o++] = '\\'; break;
        case '/': dst[o++] = '/'; break;
        case 'b': dst[o++] = '\b'; break;
        case 'f': dst[o++] = '\f'; break;
        case 'n': dst[o++] = '\n'; break;
        case 'r': dst[o++] = '\r'; break;
        case 't': dst[o++] = '\t'; break;
        case 'u': {
            unsigned cp;
            if (read_hex4(p, &cp) != BK_OK)
                return BK_EMALFORMED;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo;
                if (p->len - p->pos >= 6 && p->s[p->pos] == '\\' && p->s[p->pos + 1] == 'u') {
                    p->pos += 2;
                    if (read_hex4(p, &lo) != BK_OK)
                        return BK_EMALFORMED;
                    if (lo >= 0xDC00 && lo <= 0xDFFF)
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    else
                        cp = 0xFFFD;
                } else {
                    cp = 0xFFFD;
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                cp = 0xFFFD;
            }
            if (cp == 0)
                cp = 0xFFFD; /* decoded strings are NUL-terminated */
            put_utf8(dst, &o, cp);
            break;
        }
        default:
            return BK_EMALFORMED;
        }
    }
    return BK_EMALFORMED;
}

static int parse_value(jparser *p, uint32_t *idx);

static int parse_number(jparser *p, uint32_t idx)
{
    size_t start = p->pos;
    if (p->pos < p->len && p->s[p->pos] == '-')
        p->pos++;
    size_t digits = p->pos;
    while (p->pos < p->len && bk__is_digit((unsigned char)p->s[p->pos]))
        p->pos++;
    if (p->pos == digits)
        return BK_EMALFORMED;
    if (p->pos < p->len && p->s[p->pos] == '.') {
        p->pos++;
        size_t f = p->pos;
        while (p->pos < p->len && bk__is_digit((unsigned char)p->s[p->pos]))
            p->pos++;
        if (p->pos == f)
            return BK_EMALFORMED;
    }
    if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
        p->pos++;
        if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
            p->pos++;
        size_t f = p->pos;
        while (p->pos < p->len && bk__is_digit((unsigned char)p->s[p->pos]))
            p->pos++;
        if (p->pos == f)
            return BK_EMALFORMED;
    }
    bk__jrdoc *d = p->doc;
    size_t n = p->pos - start;
    char *dst = d->arena + d->alen;
    memcpy(dst, p->s + start, n);
    dst[n] = '\0';
    d->alen += n + 1; /* number text + NUL fits: a number is followed by at
                         least nothing, and the arena has one spare byte per
                         document plus the bytes of every quote pair */
    d->nodes[idx].str = dst;
    d->nodes[idx].len = n;
    return BK_OK;
}

static int parse_container(jparser *p, uint32_t idx, int is_obj)
{
    if (++p->depth > BK__JR_MAX_DEPTH)
        return BK_ELIMIT;
    p->pos++; /* [ or { */
    skip_ws(p);
    char close = is_obj ? '}' : ']';
    uint32_t last = 0;
    if (p->pos < p->len && p->s[p->pos] == close) {
        p->pos++;
        p->depth--;
        return BK_OK;
    }
    for (;;) {
        skip_ws(p);
        const char *key = NULL;
        size_t keylen = 0;
        if (is_obj) {
            if (p->pos >= p->len || p->s[p->pos] != '"')
                return BK_EMALFORMED;
            int rc = read_string(p, &key, &keylen);
            if (rc != BK_OK)
                return rc;
            skip_ws(p);
            if (p->pos >= p->len || p->s[p->pos] != ':')
                return BK_EMALFORMED;
            p->pos++;
            skip_ws(p);
        }
        uint32_t child;
        int rc = parse_value(p, &child);
        if (rc != BK_OK)
            return rc;
        bk__jrnode *nodes = p->doc->nodes;
        nodes[child].key = key;
        nodes[child].keylen = keylen;
        if (last == 0)
            nodes[idx].child = child;
        else
            nodes[last].next = child;
        nodes[idx].count++;
        last = child;
        skip_ws(p);
        if (p->pos >= p->len)
            return BK_EMALFORMED;
        if (p->s[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->s[p->pos] == close) {
            p->pos++;
            p->depth--;
            return BK_OK;
        }
        return BK_EMALFORMED;
    }
}

static int literal(jparser *p, const char *word)
{
    size_t n = strlen(word);
    if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
        return BK_EMALFORMED;
    p->pos += n;
    return BK_OK;
}

static int parse_value(jparser *p, uint32_t *idx)
{
    if (p->pos >= p->len)
        return BK_EMALFORMED;
    char c = p->s[p->pos];
    int rc;
    switch (c) {
    case '{':
    case '[':
        if ((rc = new_node(p, c == '{' ? BK__JR_OBJECT : BK__JR_ARRAY, idx)) != BK_OK)
            return rc;
        return parse_container(p, *idx, c == '{');
    case '"': {
        if ((rc = new_node(p, BK__JR_STRING, idx)) != BK_OK)
            return rc;
        const char *str;
        size_t len;
        if ((rc = read_string(p, &str, &len)) != BK_OK)
            return rc;
        p->doc->nodes[*idx].str = str;
        p->doc->nodes[*idx].len = len;
        return BK_OK;
    }
    case 't':
        if ((rc = new_node(p, BK__JR_TRUE, idx)) != BK_OK)
            return rc;
        return literal(p, "true");
    case 'f':
        if ((rc = new_node(p, BK__JR_FALSE, idx)) != BK_OK)
            return rc;
        return literal(p, "false");
    case 'n':
        if ((rc = new_node(p, BK__JR_NULL, idx)) != BK_OK)
            return rc;
        return literal(p, "null");
    default:
        if (c == '-' || bk__is_digit((unsigned char)c)) {
            if ((rc = new_node(p, BK__JR_NUMBER, idx)) != BK_OK)
                return rc;
            return parse_number(p, *idx);
        }
        return BK_EMALFORMED;
    }
}

/* The value at the start of s; with `used`, text after it is allowed and
 * *used is where the value ended, else only blanks may follow. */
static int parse_doc(const char *s, size_t len, bk__jrdoc *doc, size_t *used)
{
    memset(doc, 0, sizeof *doc);
    if (s == NULL)
        return BK_EINVAL;
    /* Arena: every decoded string or number text plus its NUL fits in the
     * bytes it occupied in the input (quotes, or the delimiter after a
     * number), plus one spare byte for a number at the very end. */
    doc->acap = len + 2;
    doc->arena = malloc(doc->acap);
    if (doc->arena == NULL)
        return BK_ENOMEM;
    jparser p = {s, len, 0, doc, 0};
    skip_ws(&p);
    if (p.pos >= len) {
        bk__jr_free(doc);
        return BK_EEMPTY;
    }
    uint32_t root;
    int rc = parse_value(&p, &root);
    if (rc == BK_OK && used != NULL) {
        *used = p.pos;
    } else if (rc == BK_OK) {
        skip_ws(&p);
        if (p.pos != len)
            rc = BK_EMALFORMED;
    }
    if (rc != BK_OK)
        bk__jr_free(doc);
    return rc;
}

int bk__jr_parse(const char *s, size_t len, bk__jrdoc *doc)
{
    return parse_doc(s, len, doc, NULL);
}

int bk__jr_parse_prefix(const char *s, size_t len, bk__jrdoc *doc, size_t *used)
{
    size_t u = 0;
    int rc = parse_doc(s, len, doc, &u);
    if (used != NULL)
        *used = rc == BK_OK ? u : 0;
    return rc;
}

void bk__jr_free(bk__jrdoc *doc)
{
    free(doc->nodes);
    free(doc->arena);
    memset(doc, 0, sizeof *doc);
}

const bk__jrnode *bk__jr_first(const bk__jrdoc *d, const bk__jrnode *node)
{
    if (node == NULL || (node->type != BK__JR_ARRAY && node->type != BK__JR_OBJECT) || node->child == 0)
        return NULL;
    return &d->nodes[node->child];
}

const bk__jrnode *bk__jr_next(const bk__jrdoc *d, const bk__jrnode *node)
{
    if (node == NULL || node->next == 0)
        return NULL;
    return &d->nodes[node->next];
}

const bk__jrnode *bk__jr_get(const bk__jrdoc *d, const bk__jrnode *obj, const char *key)
{
    if (obj == NULL || obj->type != BK__JR_OBJECT)
        return NULL;
    size_t kl = strlen(key);
    for (const bk__jrnode *c = bk__jr_first(d, obj); c != NULL; c = bk__jr_next(d, c))
        if (c->keylen == kl && memcmp(c->key, key, kl) == 0)
            return c;
    return NULL;
}

const bk__jrnode *bk__jr_path(const bk__jrdoc *d, const bk__jrnode *obj, const char *path)
{
    char part[64];
    const char *s = path;
    while (obj != NULL && *s != '\0') {
        const char *dot = strchr(s, '.');
        size_t n = dot ? (size_t)(dot - s) : strlen(s);
        if (n >= sizeof part)
            return NULL;
        memcpy(part, s, n);
        part[n] = '\0';
        obj = bk__jr_get(d, obj, part);
        s += n;
        if (*s == '.')
            s++;
    }
    return obj;
}

const char *bk__jr_str(const bk__jrdoc *d, const bk__jrnode *obj, const char *key)
{
    const bk__jrnode *n = bk__jr_path(d, obj, key);
    if (n == NULL || (n->type != BK__JR_STRING && n->type != BK__JR_NUMBER))
        return "";
    return n->str;
}

/* ---- time stamps -------------------------------------------------------- */

int64_t bk__days_from_civil(int64_t y, unsigned m, unsigned d)
{
    /* H. Hinnant's days_from_civil algorithm. */
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static int num_at(const char *s, size_t len, size_t pos, size_t n, int *out)
{
    if (pos + n > len)
        return 0;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!bk__is_digit((unsigned char)s[pos + i]))
            return 0;
        v = v * 10 + (s[pos + i] - '0');
    }
    *out = v;
    return 1;
}

int bk__time_parse_iso(const char *s, size_t len, int64_t *t, size_t *used)
{
    int Y, M, D, h, m, sec;
    if (!num_at(s, len, 0, 4, &Y) || len < 19 || s[4] != '-' || !num_at(s, len, 5, 2, &M) ||
        s[7] != '-' || !num_at(s, len, 8, 2, &D) || (s[10] != 'T' && s[10] != ' ' && s[10] != 't') ||
        !num_at(s, len, 11, 2, &h) || s[13] != ':' || !num_at(s, len, 14, 2, &m) || s[16] != ':' ||
        !num_at(s, len, 17, 2, &sec))
        return BK_EMALFORMED;
    if (M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 60)
        return BK_EMALFORMED;
    size_t p = 19;
    if (p < len && (s[p] == '.' || s[p] == ',')) {
        p++;
        while (p < len && bk__is_digit((unsigned char)s[p]))
            p++;
    }
    int64_t off = 0;
    size_t q = p;
    if (q < len && s[q] == ' ' && q + 1 < len && (s[q + 1] == '+' || s[q + 1] == '-'))
        q++; /* Exim: "2026-11-27 10:00:00 +0100" */
    if (q < len && (s[q] == 'Z' || s[q] == 'z')) {
        p = q + 1;
    } else if (q < len && (s[q] == '+' || s[q] == '-')) {
        int oh, om;
        if (num_at(s, len, q + 1, 2, &oh)) {
            size_t r = q + 3;
            if (r < len && s[r] == ':')
                r++;
            if (num_at(s, len, r, 2, &om)) {
                off = (int64_t)oh * 3600 + om * 60;
                if (s[q] == '-')
                    off = -off;
                p = r + 2;
            }
        }
    }
    *t = bk__days_from_civil(Y, (unsigned)M, (unsigned)D) * 86400 + h * 3600 + m * 60 + sec - off;
    if (used)
        *used = p;
    return BK_OK;
}
