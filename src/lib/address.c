/*
 * address.c - syntax of e-mail addresses with a graded diagnosis.
 *
 * The parser is a one-pass state machine over the bytes of the address.
 * Its categories and diagnoses follow the is_email test suite (Dominic
 * Sayers' grammar of RFC 5321 / RFC 5322 / RFC 5336): the same input gets
 * the same category, so results compare with that reference.  On top of it:
 *  - RFC 6531: UTF-8 in the local part (atext and quoted text) is valid and
 *    sets smtputf8; UTF-8 in the domain is converted to A-labels with
 *    libidn2 (UTS #46 non-transitional processing);
 *  - any control character makes the address invalid in every profile,
 *    whatever its category (no header injection through CR LF);
 *  - a normalized envelope form: comments and folding removed, the local
 *    part quoted only when it must be, the domain in lower case.
 *
 * Working buffers live on the stack; the input is capped at
 * BK_ADDR_INPUT_MAX so every buffer has a known bound.
 */
#include <stdlib.h>
#include <string.h>

#include <idn2.h>

#include "internal.h"

/* ---- names ------------------------------------------------------------ */

typedef struct diag_entry {
    bk_addr_diag d;
    const char *name;
    bk_addr_category cat;
} diag_entry;

static const diag_entry diag_table[] = {
    {BK_ADDR_DIAG_VALID, "VALID", BK_ADDR_VALID},
    {BK_ADDR_DIAG_DNSWARN_NO_MX_RECORD, "DNSWARN_NO_MX_RECORD", BK_ADDR_DNSWARN},
    {BK_ADDR_DIAG_DNSWARN_NO_RECORD, "DNSWARN_NO_RECORD", BK_ADDR_DNSWARN},
    {BK_ADDR_DIAG_RFC5321_TLD, "RFC5321_TLD", BK_ADDR_RFC5321},
    {BK_ADDR_DIAG_RFC5321_TLDNUMERIC, "RFC5321_TLDNUMERIC", BK_ADDR_RFC5321},
    {BK_ADDR_DIAG_RFC5321_QUOTEDSTRING, "RFC5321_QUOTEDSTRING", BK_ADDR_RFC5321},
    {BK_ADDR_DIAG_RFC5321_ADDRESSLITERAL, "RFC5321_ADDRESSLITERAL", BK_ADDR_RFC5321},
    {BK_ADDR_DIAG_RFC5321_IPV6DEPRECATED, "RFC5321_IPV6DEPRECATED", BK_ADDR_DEPREC},
    {BK_ADDR_DIAG_CFWS_COMMENT, "CFWS_COMMENT", BK_ADDR_CFWS},
    {BK_ADDR_DIAG_CFWS_FWS, "CFWS_FWS", BK_ADDR_CFWS},
    {BK_ADDR_DIAG_DEPREC_LOCALPART, "DEPREC_LOCALPART", BK_ADDR_DEPREC},
    {BK_ADDR_DIAG_DEPREC_FWS, "DEPREC_FWS", BK_ADDR_DEPREC},
    {BK_ADDR_DIAG_DEPREC_QTEXT, "DEPREC_QTEXT", BK_ADDR_DEPREC},
    {BK_ADDR_DIAG_DEPREC_QP, "DEPREC_QP", BK_ADDR_DEPREC},
    {BK_ADDR_DIAG_DEPREC_COMMENT, "DEPREC_COMMENT", BK_ADDR_DEPREC},
    {BK_ADDR_DIAG_DEPREC_CTEXT, "DEPREC_CTEXT", BK_ADDR_DEPREC},
    {BK_ADDR_DIAG_DEPREC_CFWS_NEAR_AT, "DEPREC_CFWS_NEAR_AT", BK_ADDR_DEPREC},
    {BK_ADDR_DIAG_RFC5322_DOMAIN, "RFC5322_DOMAIN", BK_ADDR_RFC5322},
    {BK_ADDR_DIAG_RFC5322_TOOLONG, "RFC5322_TOOLONG", BK_ADDR_RFC5322},
    {BK_ADDR_DIAG_RFC5322_LOCAL_TOOLONG, "RFC5322_LOCAL_TOOLONG", BK_ADDR_RFC5322},
    {BK_ADDR_DIAG_RFC5322_DOMAIN_TOOLONG, "RFC5322_DOMAIN_TOOLONG", BK_ADDR_RFC5322},
    {BK_ADDR_DIAG_RFC5322_LABEL_TOOLONG, "RFC5322_LABEL_TOOLONG", BK_ADDR_RFC5322},
    {BK_ADDR_DIAG_RFC5322_DOMAINLITERAL, "RFC5322_DOMAINLITERAL", BK_ADDR_RFC5322},
    {BK_ADDR_DIAG_RFC5322_DOMLIT_OBSDTEXT, "RFC5322_DOMLIT_OBSDTEXT", BK_ADDR_RFC5322},
    {BK_ADDR_DIAG_RFC5322_IPV6_GRPCOUNT, "RFC5322_IPV6_GRPCOUNT", BK_ADDR_RFC5322},
    {BK_ADDR_DIAG_RFC5322_IPV6_2X2XCOLON, "RFC5322_IPV6_2X2XCOLON", BK_ADDR_RFC5322},
    {BK_ADDR_DIAG_RFC5322_IPV6_BADCHAR, "RFC5322_IPV6_BADCHAR", BK_ADDR_RFC5322},
    {BK_ADDR_DIAG_RFC5322_IPV6_MAXGRPS, "RFC5322_IPV6_MAXGRPS", BK_ADDR_RFC5322},
    {BK_ADDR_DIAG_RFC5322_IPV6_COLONSTRT, "RFC5322_IPV6_COLONSTRT", BK_ADDR_RFC5322},
    {BK_ADDR_DIAG_RFC5322_IPV6_COLONEND, "RFC5322_IPV6_COLONEND", BK_ADDR_RFC5322},
    {BK_ADDR_DIAG_ERR_EXPECTING_DTEXT, "ERR_EXPECTING_DTEXT", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_NOLOCALPART, "ERR_NOLOCALPART", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_NODOMAIN, "ERR_NODOMAIN", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_CONSECUTIVEDOTS, "ERR_CONSECUTIVEDOTS", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_ATEXT_AFTER_CFWS, "ERR_ATEXT_AFTER_CFWS", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_ATEXT_AFTER_QS, "ERR_ATEXT_AFTER_QS", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_ATEXT_AFTER_DOMLIT, "ERR_ATEXT_AFTER_DOMLIT", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_EXPECTING_QPAIR, "ERR_EXPECTING_QPAIR", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_EXPECTING_ATEXT, "ERR_EXPECTING_ATEXT", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_EXPECTING_QTEXT, "ERR_EXPECTING_QTEXT", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_EXPECTING_CTEXT, "ERR_EXPECTING_CTEXT", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_BACKSLASHEND, "ERR_BACKSLASHEND", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_DOT_START, "ERR_DOT_START", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_DOT_END, "ERR_DOT_END", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_DOMAINHYPHENSTART, "ERR_DOMAINHYPHENSTART", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_DOMAINHYPHENEND, "ERR_DOMAINHYPHENEND", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_UNCLOSEDQUOTEDSTR, "ERR_UNCLOSEDQUOTEDSTR", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_UNCLOSEDCOMMENT, "ERR_UNCLOSEDCOMMENT", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_UNCLOSEDDOMLIT, "ERR_UNCLOSEDDOMLIT", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_FWS_CRLF_X2, "ERR_FWS_CRLF_X2", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_FWS_CRLF_END, "ERR_FWS_CRLF_END", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_CR_NO_LF, "ERR_CR_NO_LF", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_IDNA, "ERR_IDNA", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_NESTING, "ERR_NESTING", BK_ADDR_ERR},
    {BK_ADDR_DIAG_ERR_TOOLONG_INPUT, "ERR_TOOLONG_INPUT", BK_ADDR_ERR},
};

static const diag_entry *diag_find(bk_addr_diag d)
{
    for (size_t i = 0; i < sizeof diag_table / sizeof diag_table[0]; i++)
        if (diag_table[i].d == d)
            return &diag_table[i];
    return NULL;
}

const char *bk_addr_diag_name(bk_addr_diag d)
{
    const diag_entry *e = diag_find(d);
    return e ? e->name : "";
}

bk_addr_category bk_addr_diag_category(bk_addr_diag d)
{
    const diag_entry *e = diag_find(d);
    return e ? e->cat : BK_ADDR_ERR;
}

const char *bk_addr_category_name(bk_addr_category c)
{
    switch (c) {
    case BK_ADDR_VALID: return "VALID";
    case BK_ADDR_DNSWARN: return "DNSWARN";
    case BK_ADDR_RFC5321: return "RFC5321";
    case BK_ADDR_CFWS: return "CFWS";
    case BK_ADDR_DEPREC: return "DEPREC";
    case BK_ADDR_RFC5322: return "RFC5322";
    case BK_ADDR_ERR: return "ERR";
    }
    return "ERR";
}

int bk_addr_profile_from_name(const char *s, size_t len, bk_addr_profile *out)
{
    if (s == NULL || out == NULL)
        return BK_EINVAL;
    if (bk__ieq(s, len, "default"))
        *out = BK_ADDR_PROFILE_DEFAULT;
    else if (bk__ieq(s, len, "strict"))
        *out = BK_ADDR_PROFILE_STRICT;
    else if (bk__ieq(s, len, "lenient"))
        *out = BK_ADDR_PROFILE_LENIENT;
    else
        return BK_ENOTFOUND;
    return BK_OK;
}

int bk_addr_profile_accepts(bk_addr_profile profile, bk_addr_category c)
{
    switch (profile) {
    case BK_ADDR_PROFILE_STRICT:
        return c == BK_ADDR_VALID || c == BK_ADDR_DNSWARN;
    case BK_ADDR_PROFILE_DEFAULT:
        return c == BK_ADDR_VALID || c == BK_ADDR_DNSWARN || c == BK_ADDR_RFC5321;
    case BK_ADDR_PROFILE_LENIENT:
        return c == BK_ADDR_VALID || c == BK_ADDR_DNSWARN || c == BK_ADDR_RFC5321 ||
               c == BK_ADDR_CFWS || c == BK_ADDR_DEPREC;
    }
    return 0;
}

/* ---- the parser ------------------------------------------------------- */

enum ctx { C_LOCAL, C_DOMAIN, C_LITERAL, C_COMMENT, C_FWS, C_QS, C_QP };

/* RFC 5321 limits (octets). */
enum { LOCAL_MAX = 64, DOMAIN_MAX = 255, LABEL_MAX = 63, MAILBOX_MAX = 254 };

/* A bounded byte string on the stack. */
typedef struct sbuf {
    char d[BK_ADDR_INPUT_MAX + 8];
    size_t n;
} sbuf;

static void sb_put(sbuf *b, char c)
{
    if (b->n < sizeof b->d - 1)
        b->d[b->n++] = c;
}

static void sb_putn(sbuf *b, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sb_put(b, p[i]);
}

typedef struct parser {
    const unsigned char *s;
    size_t len;
    int maxd; /* worst diagnosis so far */
    int control;
    int smtputf8, idn;
    size_t local_raw;  /* is_email's parsedata[local]: length only */
    sbuf content;      /* the local part's meaning: unquoted, unescaped */
    int local_quoted_any;
    sbuf dom;          /* is_email's parsedata[domain] */
    sbuf lit;          /* is_email's parsedata[literal] */
    size_t last_label; /* offset in dom of the current label */
} parser;

static void add(parser *p, int d)
{
    if (d > p->maxd)
        p->maxd = d;
}

/* Length of a valid UTF-8 sequence (2..4 bytes) at s[i], or 0. */
static size_t utf8_seq(const unsigned char *s, size_t len, size_t i)
{
    unsigned c = s[i];
    size_t n;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4;
    else
        return 0;
    if (i + n > len)
        return 0;
    return bk__utf8_valid(s + i, n) ? n : 0;
}

static int is_special(int c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == ':' ||
           c == ';' || c == '@' || c == '\\' || c == ',' || c == '.' || c == '"';
}

static int is_hexdig(int c)
{
    return bk__is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The IPv4 dotted quad of is_email's pattern, matching all of s[0..n). */
static int ipv4_full(const char *s, size_t n)
{
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        size_t st = i;
        unsigned v = 0;
        while (i < n && bk__is_digit((unsigned char)s[i]) && i - st < 3) {
            v = v * 10 + (unsigned)(s[i] - '0');
            i++;
        }
        size_t dl = i - st;
        if (dl == 0 || v > 255)
            return 0;
        /* 3-digit octets: [01]dd or 2xx <= 255; leading digits 3..9 fail */
        if (dl == 3 && s[st] > '2')
            return 0;
        if (part < 3) {
            if (i >= n || s[i] != '.')
                return 0;
            i++;
        }
    }
    return i == n;
}

static int is_word(int c) { return bk__is_alpha(c) || bk__is_digit(c) || c == '_'; }

/* Judge a domain literal's content (between the brackets) the way
 * is_email does: returns the diagnosis to add. */
static int judge_literal(const char *lit, size_t n)
{
    /* Find the leftmost IPv4 quad that ends the literal and starts at a
     * word boundary. */
    long idx = -1;
    for (size_t st = 0; st < n; st++) {
        if (!bk__is_digit((unsigned char)lit[st]))
            continue;
        if (st > 0 && is_word((unsigned char)lit[st - 1]))
            continue;
        if (ipv4_full(lit + st, n - st)) {
            idx = (long)st;
            break;
        }
    }
    if (idx == 0)
        return BK_ADDR_DIAG_RFC5321_ADDRESSLITERAL;
    char a[BK_ADDR_INPUT_MAX + 8];
    size_t an;
    if (idx > 0) {
        memcpy(a, lit, (size_t)idx);
        memcpy(a + idx, "0:0", 3);
        an = (size_t)idx + 3;
    } else {
        memcpy(a, lit, n);
        an = n;
    }
    if (!bk__istarts(a, an, "IPv6:"))
        return BK_ADDR_DIAG_RFC5322_DOMAINLITERAL;
    const char *v6 = a + 5;
    size_t vn = an - 5;
    int result = BK_ADDR_DIAG_RFC5321_ADDRESSLITERAL, have = 0;
    size_t groups = 1;
    for (size_t i = 0; i < vn; i++)
        if (v6[i] == ':')
            groups++;
    long first2 = -1, last2 = -1;
    for (size_t i = 0; i + 1 < vn; i++)
        if (v6[i] == ':' && v6[i + 1] == ':') {
            if (first2 < 0)
                first2 = (long)i;
            last2 = (long)i;
        }
    size_t max_groups = 8;
    if (first2 < 0) {
        if (groups != max_groups) {
            result = BK_ADDR_DIAG_RFC5322_IPV6_GRPCOUNT;
            have = 1;
        }
    } else if (first2 != last2) {
        result = BK_ADDR_DIAG_RFC5322_IPV6_2X2XCOLON;
        have = 1;
    } else {
        if (first2 == 0 || (size_t)first2 == vn - 2)
            max_groups++;
        if (groups > max_groups) {
            result = BK_ADDR_DIAG_RFC5322_IPV6_MAXGRPS;
            have = 1;
        } else if (groups == max_groups) {
            result = BK_ADDR_DIAG_RFC5321_IPV6DEPRECATED;
            have = 1;
        }
    }
    /* is_email adds these after the group checks; the worst one wins. */
    int extra;
    if (vn >= 1 && v6[0] == ':' && (vn < 2 || v6[1] != ':'))
        extra = BK_ADDR_DIAG_RFC5322_IPV6_COLONSTRT;
    else if (vn >= 1 && v6[vn - 1] == ':' && (vn < 2 || v6[vn - 2] != ':'))
        extra = BK_ADDR_DIAG_RFC5322_IPV6_COLONEND;
    else {
        int bad = 0;
        size_t gl = 0;
        for (size_t i = 0; i <= vn; i++) {
            if (i == vn || v6[i] == ':') {
                if (gl > 4)
                    bad = 1;
                gl = 0;
            } else if (!is_hexdig((unsigned char)v6[i])) {
                bad = 1;
            } else {
                gl++;
            }
        }
        extra = bad ? BK_ADDR_DIAG_RFC5322_IPV6_BADCHAR : BK_ADDR_DIAG_RFC5321_ADDRESSLITERAL;
    }
    if (!have || extra > result)
        result = extra;
    return result;
}

/* Whether the content of a local part can be written as a dot-atom. */
static int content_is_dot_atom(const char *s, size_t n)
{
    if (n == 0 || s[0] == '.' || s[n - 1] == '.')
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            if (s[i + 1] == '.')
                return 0;
        } else if (c < 33 || c == 127 || (c < 128 && is_special(c))) {
            return 0;
        }
    }
    return 1;
}

static void fill_out(parser *p, bk_address *out)
{
    out->diagnosis = (bk_addr_diag)p->maxd;
    out->category = bk_addr_diag_category(out->diagnosis);
    out->control = p->control;
    out->smtputf8 = p->smtputf8;
    out->idn = p->idn;
}

int bk_address_check(const char *s, size_t len, bk_addr_profile profile, bk_address *out)
{
    if (out == NULL || (s == NULL && len > 0))
        return BK_EINVAL;
    if (profile != BK_ADDR_PROFILE_DEFAULT && profile != BK_ADDR_PROFILE_STRICT &&
        profile != BK_ADDR_PROFILE_LENIENT)
        return BK_EINVAL;
    memset(out, 0, offsetof(bk_address, local));
    out->local[0] = out->domain[0] = out->normalized[0] = '\0';
    out->domain_off = out->domain_len = out->local_off = out->local_len = 0;

    /* Where the parts are as typed: the last '@' splits them (a quoted
     * local part may hold '@' too; the domain may not). */
    for (size_t i = len; i > 0; i--)
        if (s[i - 1] == '@') {
            out->local_off = 0;
            out->local_len = i - 1;
            out->domain_off = i;
            out->domain_len = len - i;
            break;
        }

    parser *p = malloc(sizeof *p);
    if (p == NULL)
        return BK_ENOMEM;
    memset(p, 0, offsetof(parser, content));
    p->content.n = p->dom.n = p->lit.n = 0;
    p->local_quoted_any = 0;
    p->last_label = 0;
    p->s = (const unsigned char *)s;
    p->len = len;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            p->control = 1;
    }
    if (len > BK_ADDR_INPUT_MAX) {
        p->maxd = BK_ADDR_DIAG_ERR_TOOLONG_INPUT;
        fill_out(p, out);
        free(p);
        return BK_OK;
    }

    enum ctx context = C_LOCAL, context_prior = C_LOCAL;
    enum ctx stack[BK_ADDR_NEST_MAX + 8];
    size_t depth = 0;
    int token = 0, token_prior = 0;
    size_t element_count = 0, element_len = 0;
    int hyphen_flag = 0, end_or_die = 0;
    int crlf_count = -1; /* -1: unset */
    const unsigned char *e = p->s;

#define PUSH(newctx)                                                           \
    do {                                                                       \
        if (depth >= BK_ADDR_NEST_MAX) {                                       \
            add(p, BK_ADDR_DIAG_ERR_NESTING);                                  \
        } else {                                                               \
            stack[depth++] = context;                                          \
            context = (newctx);                                                \
        }                                                                      \
    } while (0)
#define POP() (depth > 0 ? stack[--depth] : C_LOCAL)

    size_t i = 0;
    while (i < len) {
        token = e[i];
        int reprocess = 0;
        switch (context) {
        case C_LOCAL:
            switch (token) {
            case '(':
                if (element_len == 0)
                    add(p, element_count == 0 ? BK_ADDR_DIAG_CFWS_COMMENT
                                              : BK_ADDR_DIAG_DEPREC_COMMENT);
                else {
                    add(p, BK_ADDR_DIAG_CFWS_COMMENT);
                    end_or_die = 1;
                }
                PUSH(C_COMMENT);
                break;
            case '.':
                if (element_len == 0)
                    add(p, element_count == 0 ? BK_ADDR_DIAG_ERR_DOT_START
                                              : BK_ADDR_DIAG_ERR_CONSECUTIVEDOTS);
                else if (end_or_die)
                    add(p, BK_ADDR_DIAG_DEPREC_LOCALPART);
                end_or_die = 0;
                element_len = 0;
                element_count++;
                p->local_raw++;
                sb_put(&p->content, '.');
                break;
            case '"':
                if (element_len == 0) {
                    add(p, element_count == 0 ? BK_ADDR_DIAG_RFC5321_QUOTEDSTRING
                                              : BK_ADDR_DIAG_DEPREC_LOCALPART);
                    p->local_raw++;
                    element_len++;
                    end_or_die = 1;
                    p->local_quoted_any = 1;
                    PUSH(C_QS);
                } else {
                    add(p, BK_ADDR_DIAG_ERR_EXPECTING_ATEXT);
                }
                break;
            case '\r':
            case ' ':
            case '\t':
                if (token == '\r' && (++i == len || e[i] != '\n')) {
                    add(p, BK_ADDR_DIAG_ERR_CR_NO_LF);
                    break;
                }
                if (element_len == 0)
                    add(p, element_count == 0 ? BK_ADDR_DIAG_CFWS_FWS : BK_ADDR_DIAG_DEPREC_FWS);
                else
                    end_or_die = 1;
                PUSH(C_FWS);
                token_prior = token;
                break;
            case '@':
                if (p->local_raw == 0)
                    add(p, BK_ADDR_DIAG_ERR_NOLOCALPART);
                else if (element_len == 0)
                    add(p, BK_ADDR_DIAG_ERR_DOT_END);
                else if (p->local_raw > LOCAL_MAX)
                    add(p, BK_ADDR_DIAG_RFC5322_LOCAL_TOOLONG);
                else if (context_prior == C_COMMENT || context_prior == C_FWS)
                    add(p, BK_ADDR_DIAG_DEPREC_CFWS_NEAR_AT);
                context = C_DOMAIN;
                depth = 0;
                element_count = 0;
                element_len = 0;
                end_or_die = 0;
                break;
            default:
                if (end_or_die) {
                    if (context_prior == C_COMMENT || context_prior == C_FWS)
                        add(p, BK_ADDR_DIAG_ERR_ATEXT_AFTER_CFWS);
                    else
                        add(p, BK_ADDR_DIAG_ERR_ATEXT_AFTER_QS);
                } else {
                    context_prior = context;
                    if (token >= 0x80) {
                        size_t n = utf8_seq(e, len, i);
                        if (n == 0) {
                            add(p, BK_ADDR_DIAG_ERR_EXPECTING_ATEXT);
                            break;
                        }
                        p->smtputf8 = 1;
                        sb_putn(&p->content, (const char *)e + i, n);
                        p->local_raw += n;
                        element_len += n;
                        i += n - 1;
                        break;
                    }
                    if (token < 33 || token > 126 || is_special(token))
                        add(p, BK_ADDR_DIAG_ERR_EXPECTING_ATEXT);
                    sb_put(&p->content, (char)token);
                    p->local_raw++;
                    element_len++;
                }
                break;
            }
            break;

        case C_DOMAIN:
            switch (token) {
            case '(':
                if (element_len == 0)
                    add(p, element_count == 0 ? BK_ADDR_DIAG_DEPREC_CFWS_NEAR_AT
                                              : BK_ADDR_DIAG_DEPREC_COMMENT);
                else {
                    add(p, BK_ADDR_DIAG_CFWS_COMMENT);
                    end_or_die = 1;
                }
                PUSH(C_COMMENT);
                break;
            case '.':
                if (element_len == 0)
                    add(p, element_count == 0 ? BK_ADDR_DIAG_ERR_DOT_START
                                              : BK_ADDR_DIAG_ERR_CONSECUTIVEDOTS);
                else if (hyphen_flag)
                    add(p, BK_ADDR_DIAG_ERR_DOMAINHYPHENEND);
                else if (element_len > LABEL_MAX)
                    add(p, BK_ADDR_DIAG_RFC5322_LABEL_TOOLONG);
                end_or_die = 0;
                element_len = 0;
                element_count++;
                sb_put(&p->dom, '.');
                p->last_label = p->dom.n;
                break;
            case '[':
                if (p->dom.n == 0) {
                    end_or_die = 1;
                    element_len++;
                    PUSH(C_LITERAL);
                    sb_put(&p->dom, '[');
                    p->lit.n = 0;
                } else {
                    add(p, BK_ADDR_DIAG_ERR_EXPECTING_ATEXT);
                }
                break;
            case '\r':
            case ' ':
            case '\t':
                if (token == '\r' && (++i == len || e[i] != '\n')) {
                    add(p, BK_ADDR_DIAG_ERR_CR_NO_LF);
                    break;
                }
                if (element_len == 0)
                    add(p, element_count == 0 ? BK_ADDR_DIAG_DEPREC_CFWS_NEAR_AT
                                              : BK_ADDR_DIAG_DEPREC_FWS);
                else {
                    add(p, BK_ADDR_DIAG_CFWS_FWS);
                    end_or_die = 1;
                }
                PUSH(C_FWS);
                token_prior = token;
                break;
            default:
                if (end_or_die) {
                    if (context_prior == C_COMMENT || context_prior == C_FWS)
                        add(p, BK_ADDR_DIAG_ERR_ATEXT_AFTER_CFWS);
                    else
                        add(p, BK_ADDR_DIAG_ERR_ATEXT_AFTER_DOMLIT);
                    break;
                }
                context_prior = context;
                hyphen_flag = 0;
                if (token >= 0x80) {
                    size_t n = utf8_seq(e, len, i);
                    if (n == 0) {
                        add(p, BK_ADDR_DIAG_ERR_EXPECTING_ATEXT);
                        break;
                    }
                    p->idn = 1;
                    sb_putn(&p->dom, (const char *)e + i, n);
                    element_len += n;
                    i += n - 1;
                    break;
                }
                if (token < 33 || token > 126 || is_special(token))
                    add(p, BK_ADDR_DIAG_ERR_EXPECTING_ATEXT);
                else if (token == '-') {
                    if (element_len == 0)
                        add(p, BK_ADDR_DIAG_ERR_DOMAINHYPHENSTART);
                    hyphen_flag = 1;
                } else if (!(bk__is_digit(token) || bk__is_alpha(token)))
                    add(p, BK_ADDR_DIAG_RFC5322_DOMAIN);
                sb_put(&p->dom, (char)token);
                element_len++;
                break;
            }
            break;

        case C_LITERAL:
            switch (token) {
            case ']':
                if (p->maxd < BK_ADDR_DEPREC)
                    add(p, judge_literal(p->lit.d, p->lit.n));
                else
                    add(p, BK_ADDR_DIAG_RFC5322_DOMAINLITERAL);
                sb_put(&p->dom, ']');
                element_len++;
                context_prior = context;
                context = POP();
                break;
            case '\\':
                add(p, BK_ADDR_DIAG_RFC5322_DOMLIT_OBSDTEXT);
                PUSH(C_QP);
                break;
            case '\r':
            case ' ':
            case '\t':
                if (token == '\r' && (++i == len || e[i] != '\n')) {
                    add(p, BK_ADDR_DIAG_ERR_CR_NO_LF);
                    break;
                }
                add(p, BK_ADDR_DIAG_CFWS_FWS);
                PUSH(C_FWS);
                token_prior = token;
                break;
            default:
                if (token > 127 || token == 0 || token == '[') {
                    add(p, BK_ADDR_DIAG_ERR_EXPECTING_DTEXT);
                    break;
                } else if (token < 33 || token == 127)
                    add(p, BK_ADDR_DIAG_RFC5322_DOMLIT_OBSDTEXT);
                sb_put(&p->lit, (char)token);
                sb_put(&p->dom, (char)token);
                element_len++;
                break;
            }
            break;

        case C_QS:
            switch (token) {
            case '\\':
                PUSH(C_QP);
                break;
            case '\r':
            case '\t':
                if (token == '\r' && (++i == len || e[i] != '\n')) {
                    add(p, BK_ADDR_DIAG_ERR_CR_NO_LF);
                    break;
                }
                p->local_raw++;
                sb_put(&p->content, ' ');
                element_len++;
                add(p, BK_ADDR_DIAG_CFWS_FWS);
                PUSH(C_FWS);
                token_prior = token;
                break;
            case '"':
                p->local_raw++;
                element_len++;
                context_prior = context;
                context = POP();
                break;
            default:
                if (token >= 0x80) {
                    size_t n = utf8_seq(e, len, i);
                    if (n == 0) {
                        add(p, BK_ADDR_DIAG_ERR_EXPECTING_QTEXT);
                        break;
                    }
                    p->smtputf8 = 1;
                    sb_putn(&p->content, (const char *)e + i, n);
                    p->local_raw += n;
                    element_len += n;
                    i += n - 1;
                    break;
                }
                if (token == 0 || token == '\n')
                    add(p, BK_ADDR_DIAG_ERR_EXPECTING_QTEXT);
                else if (token < 32 || token == 127)
                    add(p, BK_ADDR_DIAG_DEPREC_QTEXT);
                sb_put(&p->content, (char)token);
                p->local_raw++;
                element_len++;
                break;
            }
            break;

        case C_QP:
            if (token > 127)
                add(p, BK_ADDR_DIAG_ERR_EXPECTING_QPAIR);
            else if ((token < 31 && token != '\t') || token == 127)
                add(p, BK_ADDR_DIAG_DEPREC_QP);
            context_prior = context;
            context = POP();
            if (context == C_QS) {
                sb_put(&p->content, (char)token);
                p->local_raw += 2;
                element_len += 2;
            } else if (context == C_LITERAL) {
                sb_put(&p->dom, '\\');
                sb_put(&p->dom, (char)token);
                element_len += 2;
            }
            break;

        case C_COMMENT:
            switch (token) {
            case '(':
                PUSH(C_COMMENT);
                break;
            case ')':
                context_prior = context;
                context = POP();
                break;
            case '\\':
                PUSH(C_QP);
                break;
            case '\r':
            case ' ':
            case '\t':
                if (token == '\r' && (++i == len || e[i] != '\n')) {
                    add(p, BK_ADDR_DIAG_ERR_CR_NO_LF);
                    break;
                }
                add(p, BK_ADDR_DIAG_CFWS_FWS);
                PUSH(C_FWS);
                token_prior = token;
                break;
            default:
                if (token > 127 || token == 0 || token == '\n')
                    add(p, BK_ADDR_DIAG_ERR_EXPECTING_CTEXT);
                else if (token < 32 || token == 127)
                    add(p, BK_ADDR_DIAG_DEPREC_CTEXT);
                break;
            }
            break;

        case C_FWS:
            if (token_prior == '\r') {
                if (token == '\r') {
                    add(p, BK_ADDR_DIAG_ERR_FWS_CRLF_X2);
                    break;
                }
                if (crlf_count >= 0) {
                    if (++crlf_count > 1)
                        add(p, BK_ADDR_DIAG_DEPREC_FWS);
                } else {
                    crlf_count = 1;
                }
            }
            switch (token) {
            case '\r':
                if (++i == len || e[i] != '\n')
                    add(p, BK_ADDR_DIAG_ERR_CR_NO_LF);
                break;
            case ' ':
            case '\t':
                break;
            default:
                if (token_prior == '\r') {
                    add(p, BK_ADDR_DIAG_ERR_FWS_CRLF_END);
                    break;
                }
                crlf_count = -1;
                context_prior = context;
                context = POP();
                reprocess = 1;
                break;
            }
            token_prior = token;
            break;
        }
        if (p->maxd > BK_ADDR_RFC5322)
            break;
        if (!reprocess)
            i++;
    }
#undef PUSH
#undef POP

    /* Input that ends in folding white space ends in the context the
     * folding interrupted: "[1.2.3.4 " is an unclosed literal (is_email
     * itself misses this and calls it CFWS). */
    if (context == C_FWS && depth > 0)
        context = stack[depth - 1];
    if (p->maxd < BK_ADDR_RFC5322) {
        if (context == C_QS)
            add(p, BK_ADDR_DIAG_ERR_UNCLOSEDQUOTEDSTR);
        else if (context == C_QP)
            add(p, BK_ADDR_DIAG_ERR_BACKSLASHEND);
        else if (context == C_COMMENT)
            add(p, BK_ADDR_DIAG_ERR_UNCLOSEDCOMMENT);
        else if (context == C_LITERAL)
            add(p, BK_ADDR_DIAG_ERR_UNCLOSEDDOMLIT);
        else if (token == '\r')
            add(p, BK_ADDR_DIAG_ERR_FWS_CRLF_END);
        else if (p->dom.n == 0)
            add(p, BK_ADDR_DIAG_ERR_NODOMAIN);
        else if (element_len == 0)
            add(p, BK_ADDR_DIAG_ERR_DOT_END);
        else if (hyphen_flag)
            add(p, BK_ADDR_DIAG_ERR_DOMAINHYPHENEND);
        else if (p->dom.n > DOMAIN_MAX)
            add(p, BK_ADDR_DIAG_RFC5322_DOMAIN_TOOLONG);
        else if (p->local_raw + 1 + p->dom.n > MAILBOX_MAX)
            add(p, BK_ADDR_DIAG_RFC5322_TOOLONG);
        else if (element_len > LABEL_MAX)
            add(p, BK_ADDR_DIAG_RFC5322_LABEL_TOOLONG);
    }

    int literal = p->dom.n > 0 && p->dom.d[0] == '[';
    /* A U-label domain: convert to A-labels (UTS #46), then apply the
     * length limits to what DNS will see. */
    if (p->maxd < BK_ADDR_RFC5322 && p->idn && !literal) {
        char in[BK_ADDR_INPUT_MAX + 8];
        memcpy(in, p->dom.d, p->dom.n);
        in[p->dom.n] = '\0';
        char *res = NULL;
        int rc = idn2_to_ascii_8z(in, &res,
                                  IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT | IDN2_USE_STD3_ASCII_RULES);
        /* What comes out must be a host name: letters, digits, hyphens and
         * dots only (UTS #46 maps some spaces and symbols to ASCII). */
        for (size_t k = 0; rc == IDN2_OK && res != NULL && res[k] != '\0'; k++)
            if (!(bk__is_alpha((unsigned char)res[k]) || bk__is_digit((unsigned char)res[k]) ||
                  res[k] == '-' || res[k] == '.'))
                rc = IDN2_DISALLOWED;
        if (rc != IDN2_OK || res == NULL) {
            add(p, BK_ADDR_DIAG_ERR_IDNA);
            idn2_free(res);
        } else {
            size_t an = strlen(res);
            size_t lab = 0, lab_max = 0, labels = 1;
            for (size_t k = 0; k < an; k++) {
                if (res[k] == '.') {
                    labels++;
                    lab = 0;
                } else if (++lab > lab_max)
                    lab_max = lab;
            }
            if (an > DOMAIN_MAX)
                add(p, BK_ADDR_DIAG_RFC5322_DOMAIN_TOOLONG);
            else if (p->local_raw + 1 + an > MAILBOX_MAX)
                add(p, BK_ADDR_DIAG_RFC5322_TOOLONG);
            else if (lab_max > LABEL_MAX)
                add(p, BK_ADDR_DIAG_RFC5322_LABEL_TOOLONG);
            else if (an == 0 || res[an - 1] == '.' || res[0] == '.')
                add(p, BK_ADDR_DIAG_ERR_DOT_END);
            else {
                /* Mapping may have turned U+3002 and friends into dots. */
                element_count = labels - 1;
                p->last_label = 0;
                for (size_t k = 0; k < an; k++)
                    if (res[k] == '.')
                        p->last_label = k + 1;
                memcpy(p->dom.d, res, an);
                p->dom.n = an;
            }
            idn2_free(res);
        }
    }

    /* Offline, is_email flags one-label domains and numeric top labels
     * (its DNS check would have cleared a TLD with an MX record). */
    if (p->maxd < BK_ADDR_DNSWARN) {
        if (element_count == 0)
            add(p, BK_ADDR_DIAG_RFC5321_TLD);
        if (p->last_label < p->dom.n && bk__is_digit((unsigned char)p->dom.d[p->last_label]))
            add(p, BK_ADDR_DIAG_RFC5321_TLDNUMERIC);
    }

    fill_out(p, out);
    out->literal = literal;
    if (out->category < BK_ADDR_RFC5322) {
        /* Normalized form. */
        size_t cn = p->content.n;
        const char *cd = p->content.d;
        size_t o = 0;
        if (content_is_dot_atom(cd, cn)) {
            memcpy(out->local, cd, cn);
            o = cn;
        } else {
            out->quoted = 1;
            out->local[o++] = '"';
            for (size_t k = 0; k < cn && o + 3 < sizeof out->local; k++) {
                if (cd[k] == '"' || cd[k] == '\\')
                    out->local[o++] = '\\';
                out->local[o++] = cd[k];
            }
            out->local[o++] = '"';
        }
        out->local[o] = '\0';
        size_t dn = p->dom.n < sizeof out->domain - 1 ? p->dom.n : sizeof out->domain - 1;
        for (size_t k = 0; k < dn; k++)
            out->domain[k] = literal ? p->dom.d[k] : (char)bk__lower((unsigned char)p->dom.d[k]);
        out->domain[dn] = '\0';
        if (literal && bk__istarts(out->domain, dn, "[ipv6:"))
            memcpy(out->domain + 1, "IPv6", 4);
        size_t ln = strlen(out->local);
        memcpy(out->normalized, out->local, ln);
        out->normalized[ln] = '@';
        memcpy(out->normalized + ln + 1, out->domain, dn + 1);
    }
    out->valid = !out->control && bk_addr_profile_accepts(profile, out->category);
    free(p);
    return BK_OK;
}
