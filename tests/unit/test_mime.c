/*
 * test_mime.c - the message layer's header reading: header names (read
 * eight bytes at a time) must end exactly where a byte-by-byte reading ends
 * them, values are unfolded and trimmed, lookups ignore case, and the
 * Content-Type parameters found in one scan are those a scan per
 * parameter finds.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bk_test.h"
#include "parse_internal.h"

static const bk__mime_limits LIM = {65536, 1000, 20, 1000};

/* Append pieces chosen by a linear congruential sequence (*seed) to
 * out[n..) while they fit below len; the new length. */
static size_t random_pieces(char *out, size_t n, size_t len, const char *const *pieces, size_t np,
                            unsigned *seed)
{
    while (n < len) {
        *seed = *seed * 1103515245u + 12345u;
        const char *pc = pieces[(*seed >> 16) % np];
        size_t pl = strlen(pc);
        if (n + pl > len)
            break;
        memcpy(out + n, pc, pl);
        n += pl;
    }
    return n;
}

/* An empty message model over a fresh arena, with the test limits. */
static void new_message(bk__arena *a, bk__message *m)
{
    bk__arena_init(a, 1u << 20);
    memset(m, 0, sizeof *m);
    m->arena = a;
    m->lim = LIM;
}

/* The reference reading of a header name: printable ASCII but ':' up to
 * optional blanks and the ':'.  Returns its length or 0; *colon gets the
 * offset of the ':'. */
static size_t naive_name(const char *s, size_t n, size_t *colon)
{
    size_t i = 0;
    while (i < n && (unsigned char)s[i] >= 0x21 && (unsigned char)s[i] <= 0x7e && s[i] != ':')
        i++;
    if (i == 0)
        return 0;
    size_t j = i;
    while (j < n && (s[j] == ' ' || s[j] == '\t'))
        j++;
    *colon = j;
    return j < n && s[j] == ':' ? i : 0;
}

static void check_line(const char *line, size_t len)
{
    bk__arena a;
    bk__arena_init(&a, 1u << 20);
    bk__headers h;
    size_t body = 0;
    int rc = bk__headers_parse(&a, &LIM, line, len, &h, &body);
    BK_CHECK_INT(0, rc);
    size_t colon = 0;
    size_t want = naive_name(line, len, &colon);
    /* The expected value: the rest of the line, tabs as blanks, trimmed. */
    char value[128];
    size_t vl = 0;
    for (size_t i = colon + 1; want && i < len && line[i] != '\n'; i++)
        value[vl++] = line[i] == '\t' ? ' ' : line[i];
    while (vl > 0 && value[vl - 1] == ' ')
        vl--;
    value[vl] = '\0';
    const char *v0 = value;
    while (*v0 == ' ')
        v0++;
    if (want == 0) {
        BK_CHECK_INT(0, (long long)h.n);
        BK_CHECK_INT(0, (long long)body);
    } else {
        BK_CHECK_INT(1, (long long)h.n);
        if (h.n == 1) {
            BK_CHECK_INT((long long)want, (long long)h.h[0].nlen);
            BK_CHECK(memcmp(h.h[0].name, line, want) == 0 && h.h[0].name[want] == '\0');
            size_t l0;
            BK_CHECK_STR(v0, bk__header_val(&h.h[0], &l0));
        }
    }
    bk__arena_free(&a);
}

/* Every name length up to 40 bytes, and a bad byte at every offset. */
static void test_header_names(void)
{
    static const unsigned char bad[] = {0x00, 0x09, 0x1f, ' ', ':', 0x7f, 0x80, 0xc3, 0xff, '!', '~'};
    const char *base = "X-Some-Rather-Long-Header-Name-For-Tests";
    char line[128];
    for (size_t nl = 1; nl <= strlen(base); nl++) {
        memcpy(line, base, nl);
        memcpy(line + nl, ": v 1\n\nbody", 11);
        check_line(line, nl + 11);
        memcpy(line + nl, " \t: v 1\n\nbody", 13); /* blanks before the ':' */
        check_line(line, nl + 13);
        for (size_t k = 0; k < nl; k++) {
            for (size_t b = 0; b < sizeof bad; b++) {
                memcpy(line, base, nl);
                memcpy(line + nl, ": v 1\n\nbody", 11);
                line[k] = (char)bad[b];
                check_line(line, nl + 11);
            }
        }
    }
    /* A name that runs to the end of the input is no header. */
    check_line("Subject-Without-Colon", 21);
    check_line("Subject-Without-C", 17);
}

typedef struct value_case {
    const char *in;
    const char *name, *value;
} value_case;

/* Values: one run or unfolded, tabs made blanks, blanks trimmed. */
static void test_header_values(void)
{
    static const value_case cases[] = {
        {"Subject: hello\n\n", "Subject", "hello"},
        {"Subject:hello\n\n", "Subject", "hello"},
        {"Subject :  hello  \n\n", "Subject", "hello"},
        {"Subject:\thello\tthere\t\n\n", "Subject", "hello there"},
        {"Subject: a\n b\n\tc\n\n", "Subject", "a b c"},
        {"Subject \t: a\n  b\n\n", "Subject", "a  b"},
        {"Subject:\n\n", "Subject", ""},
        {"Subject: no line end", "Subject", "no line end"},
        {"Content-Type: multipart/mixed;\nboundary=x\n\n", "Content-Type", "multipart/mixed;boundary=x"},
        {NULL, NULL, NULL},
    };
    for (const value_case *c = cases; c->in != NULL; c++) {
        bk__arena a;
        bk__arena_init(&a, 1u << 20);
        bk__headers h;
        size_t body = 0;
        BK_CHECK_INT(0, bk__headers_parse(&a, &LIM, c->in, strlen(c->in), &h, &body));
        const bk__header *x = bk__header_get(&h, c->name);
        BK_CHECK(x != NULL);
        if (x != NULL) {
            size_t xl;
            BK_CHECK_STR_AT(c->in, c->value, bk__header_val(x, &xl));
            BK_CHECK_INT((long long)strlen(c->value), (long long)xl);
            BK_CHECK_INT((long long)strlen(c->name), (long long)x->nlen);
        }
        bk__arena_free(&a);
    }
}

/* The naive reading of a field's value: line feeds dropped, tabs made
 * blanks, blanks at both ends trimmed. */
static size_t naive_value(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != '\n')
            out[o++] = s[i] == '\t' ? ' ' : s[i];
    while (o > 0 && out[o - 1] == ' ')
        o--;
    size_t b = 0;
    while (b < o && out[b] == ' ')
        b++;
    memmove(out, out + b, o - b);
    out[o - b] = '\0';
    return o - b;
}

/* A header block of many fields (more than are copied in one piece),
 * folded, with tabs and blanks, the last without a line feed, read from a
 * buffer of exactly its size; and the cap on the number of fields kept. */
static void test_header_blocks(void)
{
    enum { FIELDS = 150 };
    static char in[FIELDS * 64];
    size_t starts[FIELDS + 1], vstarts[FIELDS], n = 0;
    for (int i = 0; i < FIELDS; i++) {
        starts[i] = n;
        n += (size_t)sprintf(in + n, i % 11 == 0 ? "X-F%d \t:" : "X-F%d:", i);
        vstarts[i] = n;
        if (i % 7 == 0)
            n += (size_t)sprintf(in + n, " a%d\n\tb \n  c\t", i);
        else if (i % 5 == 0)
            n += (size_t)sprintf(in + n, "\tv\t%d  ", i);
        else if (i % 13 == 0)
            n += (size_t)sprintf(in + n, "multipart/mixed; \nboundary=\"b%d\"", i);
        else
            n += (size_t)sprintf(in + n, " value %d", i);
        if (i + 1 < FIELDS)
            in[n++] = '\n';
    }
    starts[FIELDS] = n;
    for (int cap = 0; cap < 2; cap++) {
        bk__mime_limits lim = LIM;
        if (cap)
            lim.max_headers = 70;
        char *buf = malloc(n);
        BK_CHECK(buf != NULL);
        if (buf == NULL)
            return;
        memcpy(buf, in, n);
        bk__arena a;
        bk__arena_init(&a, 1u << 20);
        bk__headers h;
        size_t body = 0;
        BK_CHECK_INT(0, bk__headers_parse(&a, &lim, buf, n, &h, &body));
        BK_CHECK_INT(n, body);
        BK_CHECK_INT(cap ? 70 : FIELDS, h.n);
        memset(buf, 'Z', n); /* the fields are copies */
        free(buf);
        /* values are finished when read, here from the last to the first */
        for (size_t i = h.n; i-- > 0;) {
            char name[32], want[128];
            snprintf(name, sizeof name, "X-F%zu", i);
            size_t end = starts[i + 1] - (i + 1 < FIELDS ? 1 : 0);
            size_t wl = naive_value(in + vstarts[i], end - vstarts[i], want);
            BK_CHECK_STR_AT(name, name, h.h[i].name);
            BK_CHECK_INT(strlen(name), h.h[i].nlen);
            size_t got = 0;
            BK_CHECK_STR_AT(name, want, bk__header_val(&h.h[i], &got));
            BK_CHECK_INT(wl, got);
            BK_CHECK_INT(0, h.h[i].raw_);
            BK_CHECK_STR_AT(name, want, bk__header_val(&h.h[i], &got)); /* once */
        }
        bk__arena_free(&a);
    }
}

typedef struct multipart_case {
    const char *msg;
    const char *bodies; /* the parts' bodies after the first, joined by '|' */
} multipart_case;

#define LONG_B "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234"

/* Delimiter lines: "--" and the boundary at the start of a line, then
 * only blanks (or "--" to close); the line feed before one belongs to it. */
static void test_multipart(void)
{
    static const multipart_case cases[] = {
        {"Content-Type: multipart/mixed; boundary=b\n\n--b\n\none\n--b \t\n\ntwo\n--bx\n---b\nx --b\n"
         "--b--\nepilogue",
         "one|two\n--bx\n---b\nx --b"},
        {"Content-Type: multipart/mixed; boundary=\"=_x-1\"\n\npreamble --=_x-1\n-\n--=_x-1\n"
         "Content-Type: text/html\n\n<p>A</p>\n--=_x-1\n\n\n--=_x-1--",
         "<p>A</p>|"},
        {"Content-Type: multipart/mixed; boundary=b\n\n--b\n\nlast\nline", "last\nline"},
        {"Content-Type: multipart/mixed; boundary=b\n\n--b", ""},
        {"Content-Type: multipart/mixed; boundary=b\n\nno delimiter\n--c\n", NULL},
        {"Content-Type: multipart/mixed; boundary=" LONG_B "\n\n--" LONG_B "\n\nx\n--" LONG_B "--\n",
         NULL},
        {"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: multipart/alternative; "
         "boundary=b2\n\n--b2\n\ninner\n--b2--\n--b\n\nouter\n--b--\n",
         "--b2\n\ninner\n--b2--|inner|outer"},
        {NULL, NULL},
    };
    for (const multipart_case *c = cases; c->msg != NULL; c++) {
        bk__arena a;
        bk__message m;
        new_message(&a, &m);
        size_t n = strlen(c->msg);
        char *buf = malloc(n); /* exactly the message: no terminator to lean on */
        BK_CHECK(buf != NULL);
        if (buf == NULL)
            return;
        memcpy(buf, c->msg, n);
        m.data = buf;
        m.len = n;
        BK_CHECK_INT(0, bk__mime_parse(&m));
        if (c->bodies == NULL) { /* no delimiter: read as one plain text */
            BK_CHECK_INT(1, (long long)m.nparts);
            BK_CHECK_STR_AT(c->msg, "text/plain", m.parts[0].type);
        } else {
            char got[512];
            size_t o = 0;
            for (size_t i = 1; i < m.nparts && o + m.parts[i].body_len + 1 < sizeof got; i++) {
                if (i > 1)
                    got[o++] = '|';
                memcpy(got + o, m.parts[i].body, m.parts[i].body_len);
                o += m.parts[i].body_len;
            }
            got[o] = '\0';
            BK_CHECK_STR_AT(c->msg, c->bodies, got);
        }
        free(buf);
        bk__arena_free(&a);
    }
}

/* Delimiter lines in long bodies of hyphens, near-delimiters and text,
 * against a line-by-line reading of the same rules: a line "--b" then
 * blanks opens a part, "--b--" closes; a part runs to the line feed before
 * the next delimiter; a part that starts with an empty line has an empty
 * header. */
static void test_multipart_random(void)
{
    static const char *const pieces[] = {"x", "-", "--b", " ", "\n", "\n", "--b--", "y-z", "\n--b",
                                         "--bb", "\t", "bbbbbbbbbbbb", "---"};
    const size_t np = sizeof pieces / sizeof pieces[0];
    const char *head = "Content-Type: multipart/mixed; boundary=b\n\n";
    unsigned seed = 777;
    for (int round = 0; round < 500; round++) {
        char msg[2048];
        size_t hl = strlen(head), n = hl;
        memcpy(msg, head, hl);
        size_t len = hl + (size_t)(round * 3 % 1500);
        n = random_pieces(msg, n, len, pieces, np, &seed);
        /* the reference: parts as [start, end) of the body */
        const char *b = msg + hl;
        size_t bn = n - hl, starts[512], ends[512], k = 0;
        int open = 0, closed = 0;
        for (size_t pos = 0; pos < bn && !closed;) {
            const char *lf = memchr(b + pos, '\n', bn - pos);
            size_t le = lf ? (size_t)(lf - b) : bn, ll = le - pos;
            int d = 0;
            if (ll >= 3 && memcmp(b + pos, "--b", 3) == 0) {
                if (ll >= 5 && b[pos + 3] == '-' && b[pos + 4] == '-') {
                    d = 2;
                } else {
                    d = 1;
                    for (size_t t = pos + 3; t < le; t++)
                        if (b[t] != ' ' && b[t] != '\t')
                            d = 0;
                }
            }
            if (d) {
                if (open && k < 512) {
                    size_t end = pos > 0 ? pos - 1 : 0;
                    ends[k] = end < starts[k] ? starts[k] : end;
                    k++;
                }
                if (d == 2)
                    closed = 1;
                open = 1;
                if (k < 512)
                    starts[k] = lf ? le + 1 : bn;
            }
            pos = lf ? le + 1 : bn;
        }
        if (open && !closed && k < 512 && starts[k] < bn) {
            ends[k] = bn;
            k++;
        }
        bk__arena a;
        bk__arena_init(&a, 1u << 22);
        bk__message m;
        memset(&m, 0, sizeof m);
        m.arena = &a;
        m.lim = LIM;
        char *buf = malloc(n);
        BK_CHECK(buf != NULL);
        if (buf == NULL)
            return;
        memcpy(buf, msg, n);
        m.data = buf;
        m.len = n;
        BK_CHECK_INT(0, bk__mime_parse(&m));
        char label[32];
        snprintf(label, sizeof label, "round %d", round);
        if (k == 0) {
            BK_CHECK_INT(1, (long long)m.nparts);
        } else if (m.nparts != k + 1) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    [%s] %zu parts, expected %zu\n", label, m.nparts - 1, k);
        } else {
            for (size_t i = 0; i < k; i++) {
                size_t s0 = starts[i];
                if (s0 < ends[i] && b[s0] == '\n')
                    s0++; /* an empty header */
                const char *want = b + s0;
                size_t wl = ends[i] - s0;
                const bk__part *p = &m.parts[i + 1];
                size_t off = (size_t)(p->body - buf); /* the same offset in msg */
                if (p->body_len != wl || off != (size_t)(want - msg)) {
                    bk_test_fail_(__FILE__, __LINE__);
                    fprintf(stderr, "    [%s] part %zu differs\n", label, i);
                }
            }
        }
        free(buf);
        bk__arena_free(&a);
    }
}

/* Quoted-printable, read byte by byte: "=XX" a byte, "=" + blanks + line
 * feed a soft break, any other "=" itself; in headers "_" a blank. */
static size_t naive_qp(const char *s, size_t n, char *dst, int header)
{
    static const char hex[] = "0123456789ABCDEFabcdef";
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '=' && i + 1 < n) {
            size_t j = i + 1;
            while (j < n && (s[j] == ' ' || s[j] == '\t'))
                j++;
            if (j < n && s[j] == '\n') {
                i = j;
                continue;
            }
            const char *h = i + 2 < n ? strchr(hex, s[i + 1]) : NULL;
            const char *l = i + 2 < n ? strchr(hex, s[i + 2]) : NULL;
            if (h != NULL && l != NULL && s[i + 1] != '\0' && s[i + 2] != '\0') {
                int hv = (int)(h - hex) < 16 ? (int)(h - hex) : (int)(h - hex) - 6;
                int lv = (int)(l - hex) < 16 ? (int)(l - hex) : (int)(l - hex) - 6;
                dst[o++] = (char)(hv * 16 + lv);
                i += 2;
                continue;
            }
            dst[o++] = '=';
        } else if (header && s[i] == '_') {
            dst[o++] = ' ';
        } else {
            dst[o++] = s[i];
        }
    }
    return o;
}

static void test_qp_random(void)
{
    static const char *const pieces[] = {"a", "=", "=\n", "= \n", "=3D", "=e9", "=zz", "\n", "_",
                                         "bcdefghijklmnop", " ", "=\t \n", "=4", "qrstuvwxyz0123456789"};
    const size_t np = sizeof pieces / sizeof pieces[0];
    unsigned seed = 4242;
    for (int round = 0; round < 600; round++) {
        char in[400];
        size_t n = 0, len = (size_t)(round % 390);
        n = random_pieces(in, n, len, pieces, np, &seed);
        for (int header = 0; header < 2; header++) {
            char *src = malloc(n ? n : 1), *dst = malloc(n ? n : 1), want[400];
            BK_CHECK(src != NULL && dst != NULL);
            if (src == NULL || dst == NULL)
                return;
            memcpy(src, in, n);
            size_t wl = naive_qp(in, n, want, header);
            size_t got = bk__qp_decode(src, n, dst, header);
            BK_CHECK_INT(wl, got);
            if (wl == got)
                BK_CHECK(memcmp(want, dst, wl) == 0);
            free(src);
            free(dst);
        }
    }
}

/* Line ends: CRLF and lone CR become LF, the same as a byte-by-byte
 * reading, wherever they fall in the 16-byte steps; input without CR is
 * returned as it is. */
static void test_line_ends(void)
{
    static const char pieces[][4] = {"a", "\r", "\n", "\r\n", "\r\r", "\n\r", "bcd"};
    unsigned seed = 12345;
    for (int round = 0; round < 400; round++) {
        char in[200], want[200];
        size_t n = 0;
        size_t len = (size_t)(round % 90);
        while (n < len) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % 7];
            size_t pl = strlen(p);
            if (n + pl > len)
                break;
            memcpy(in + n, p, pl);
            n += pl;
        }
        size_t w = 0;
        for (size_t i = 0; i < n; i++) {
            if (in[i] == '\r') {
                want[w++] = '\n';
                if (i + 1 < n && in[i + 1] == '\n')
                    i++;
            } else {
                want[w++] = in[i];
            }
        }
        char *buf = malloc(n ? n : 1); /* exactly the input */
        BK_CHECK(buf != NULL);
        if (buf == NULL)
            return;
        memcpy(buf, in, n);
        bk__arena a;
        bk__arena_init(&a, 1u << 20);
        size_t ol = 0;
        const char *out = bk__normalise_eol(&a, buf, n, &ol);
        BK_CHECK(out != NULL);
        BK_CHECK_INT(w, ol);
        if (out != NULL && ol == w)
            BK_CHECK(memcmp(out, want, w) == 0);
        if (memchr(in, '\r', n) == NULL)
            BK_CHECK(out == buf);
        else if (out != NULL)
            BK_CHECK(out != buf && out[ol] == '\0');
        bk__arena_free(&a);
        free(buf);
    }
}

/* Lookups: case-insensitive, the first of a name, exact length. */
static void test_header_lookup(void)
{
    const char *in = "To: a\nTO: b\nTo-Do: c\nT: d\nX-Mailer: e\n\n";
    bk__arena a;
    bk__arena_init(&a, 1u << 20);
    bk__headers h;
    size_t body = 0, l = 0;
    BK_CHECK_INT(0, bk__headers_parse(&a, &LIM, in, strlen(in), &h, &body));
    BK_CHECK_INT(5, (long long)h.n);
    BK_CHECK_STR("a", bk__header_value(&h, "to", &l));
    BK_CHECK_STR("c", bk__header_value(&h, "TO-DO", &l));
    BK_CHECK_STR("d", bk__header_value(&h, "t", &l));
    BK_CHECK_STR("e", bk__header_value(&h, "x-MAILER", &l));
    BK_CHECK_STR("", bk__header_value(&h, "X-Mailer2", &l));
    BK_CHECK_INT(0, (long long)l);
    BK_CHECK(bk__header_get(&h, "") == NULL);
    BK_CHECK(bk__header_getn(&h, "To-Do", 2) == &h.h[0]);
    bk__arena_free(&a);
}

typedef struct param_case {
    const char *value, *name;
    int lower, found;
    const char *out;
} param_case;

static const param_case PARAMS[] = {
    {"text/plain; charset=UTF-8", "charset", 1, 1, "utf-8"},
    {"text/plain; charset=UTF-8", "charset", 0, 1, "UTF-8"},
    {"text/plain; CHARSET = \"ISO-8859-1\" ; format=flowed", "charset", 1, 1, "iso-8859-1"},
    {"text/plain;charset=a;charset=b", "charset", 1, 1, "a"},
    {"text/plain; xcharset=a; charset=b", "charset", 1, 1, "b"},
    {"text/plain; charsetx=a; charset=b", "charset", 1, 1, "b"},
    {"text/plain; charset", "charset", 1, 0, ""},
    {"text/plain; charset a", "charset", 1, 0, ""},
    {"charset=a", "charset", 1, 0, ""},
    {"multipart/mixed; a=\"x;charset=no\"; charset=yes", "charset", 1, 1, "yes"},
    {"multipart/mixed; a=\"x\\\";charset=odd\"", "charset", 1, 1, "odd\""},
    {"multipart/mixed; a=\"unclosed; charset=no", "charset", 1, 0, ""},
    {"multipart/report; report-type=delivery-status;\tboundary=\"=_b;1\"", "boundary", 0, 1, "=_b;1"},
    {"multipart/report; boundary=\"a\\\\b\\\"c\"", "boundary", 0, 1, "a\\b\"c"},
    {"multipart/report; report-type=Delivery-Status; boundary=x", "report-type", 1, 1, "delivery-status"},
    {"a; b=1; boundary=0123456789012345678901234567890123456789", "boundary", 0, 1, "0123456789012345"},
    {NULL, NULL, 0, 0, NULL},
};

static void test_header_param(void)
{
    for (const param_case *c = PARAMS; c->value != NULL; c++) {
        char out[17] = "";
        int f = bk__header_param(c->value, strlen(c->value), c->name, out, sizeof out, c->lower);
        BK_CHECK_INT(c->found, f);
        if (f)
            BK_CHECK_STR_AT(c->value, c->out, out);
    }
}

/* Content-Type read by the MIME walk: charset, report-type and boundary
 * from one value, whatever their order and quoting. */
static void test_content_type(void)
{
    static const char *msgs[] = {
        "Content-Type: multipart/report; boundary=\"b;q\"; charset=\"X\";\n"
        " report-type=delivery-status\n\n"
        "pre\n--b;q\nContent-Type: text/plain; charset=ISO-8859-1\n\none\n"
        "--b;q\nContent-Type: message/delivery-status\n\nAction: failed\n--b;q--\n",
        "Content-Type: multipart/report; report-type=\"delivery-status\"; charset=x;"
        " boundary=b;q\n\n"
        "pre\n--b\nContent-Type: text/plain; charset=ISO-8859-1\n\none\n"
        "--b\nContent-Type: message/delivery-status\n\nAction: failed\n--b--\n",
    };
    for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++) {
        bk__arena a;
        bk__message m;
        new_message(&a, &m);
        m.data = msgs[i];
        m.len = strlen(msgs[i]);
        BK_CHECK_INT(0, bk__mime_parse(&m));
        BK_CHECK_INT(3, (long long)m.nparts);
        if (m.nparts == 3) {
            BK_CHECK_STR("multipart/report", m.parts[0].type);
            BK_CHECK_STR("x", m.parts[0].charset);
            BK_CHECK_STR("delivery-status", m.parts[0].report_type);
            BK_CHECK_INT(BK__PART_MULTI, m.parts[0].kind);
            BK_CHECK_STR("iso-8859-1", m.parts[1].charset);
            BK_CHECK_INT(3, (long long)m.parts[1].body_len); /* "one": the LF before a delimiter is its own */
            BK_CHECK_STR("message/delivery-status", m.parts[2].type);
            BK_CHECK_STR("", m.parts[2].charset);
        }
        bk__arena_free(&a);
    }
}

/* The media type: lower-cased up to ';' or white space, for every byte. */
static void test_media_type_bytes(void)
{
    for (int c = 0; c < 256; c++) {
        if (c == '\n' || c == '\r')
            continue; /* these end the header line */
        char msg[64];
        int len = snprintf(msg, sizeof msg, "Content-Type: Ab%cZ/X;charset=y\n\nbody", 'q');
        msg[16] = (char)c; /* the 'q' */
        bk__arena a;
        bk__message m;
        new_message(&a, &m);
        m.data = msg;
        m.len = (size_t)len;
        BK_CHECK_INT(0, bk__mime_parse(&m));
        char want[16];
        int stop = c == ';' || c == ' ' || c == '\t' || c == '\v' || c == '\f';
        if (stop) /* "ab": no '/', so the default */
            snprintf(want, sizeof want, "text/plain");
        else
            snprintf(want, sizeof want, "ab%cz/x", c >= 'A' && c <= 'Z' ? c + 32 : c);
        char label[16];
        snprintf(label, sizeof label, "byte %d", c);
        if (m.nparts >= 1)
            BK_CHECK_STR_AT(label, want, m.parts[0].type);
        bk__arena_free(&a);
    }
}

typedef struct decode_case {
    const char *msg, *text;
} decode_case;

/* Decoded bodies: CRLF and lone CR made LF after the transfer decoding. */
static void test_part_decode(void)
{
    static const decode_case cases[] = {
        {"Content-Transfer-Encoding: quoted-printable\n\na=0D=0Ab=0Dc=0D", "a\nb\nc\n"},
        {"Content-Transfer-Encoding: quoted-printable\n\n=0D=0D=0A=0Dx", "\n\n\nx"},
        {"Content-Transfer-Encoding: quoted-printable\n\nno line ends", "no line ends"},
        {"Content-Transfer-Encoding: base64\n\nb25lDQp0d28NdGhyZWU=", "one\ntwo\nthree"},
        {"Content-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: base64\n\nDQ==", "\n"},
        {"Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\neA0KeQ==", "x\ny"},
        {"Content-Type: text/plain\n\nplain\nbody", "plain\nbody"},
        {"Content-Type: application/octet-stream\n\nraw\nbytes", "raw\nbytes"},
        /* a byte to convert past the first sixteen */
        {"Content-Type: text/plain; charset=iso-8859-1\n\n0123456789abcdefghij\xe9", "0123456789abcdefghij\xc3\xa9"},
        {"Content-Type: text/plain; charset=iso-2022-jp\n\n0123456789abcdefg\x1b$B$3\x1b(B", "0123456789abcdefg\xe3\x81\x93"},
        {"Content-Type: text/plain; charset=iso-8859-1\n\n0123456789abcdefghijklmnopqrstuv", "0123456789abcdefghijklmnopqrstuv"},
        {NULL, NULL},
    };
    for (const decode_case *c = cases; c->msg != NULL; c++) {
        bk__arena a;
        bk__message m;
        new_message(&a, &m);
        m.iconv_cache = bk__iconv_cache_new();
        m.data = c->msg;
        m.len = strlen(c->msg);
        BK_CHECK_INT(0, bk__mime_parse(&m));
        BK_CHECK_INT(0, bk__part_decode(&m, &m.parts[0]));
        BK_CHECK_STR_AT(c->msg, c->text, m.parts[0].text);
        BK_CHECK_INT((long long)strlen(c->text), (long long)m.parts[0].text_len);
        bk__iconv_cache_free(m.iconv_cache);
        bk__arena_free(&a);
    }
}

static const bk_test_case tests[] = {
    {"part_decode", test_part_decode},
    {"header_names", test_header_names},
    {"header_values", test_header_values},
    {"header_lookup", test_header_lookup},
    {"header_blocks", test_header_blocks},
    {"multipart", test_multipart},
    {"multipart_random", test_multipart_random},
    {"line_ends", test_line_ends},
    {"qp_random", test_qp_random},
    {"header_param", test_header_param},
    {"content_type", test_content_type},
    {"media_type_bytes", test_media_type_bytes},
    {NULL, NULL},
};

BK_TEST_MAIN(tests)
