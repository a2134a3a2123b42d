/*
 * classify.c - the reply classifier: finds the codes in an SMTP reply,
 * decides the reason (text first, then the enhanced code, then the basic
 * code), and derives bounce kind, decision and explanation.
 *
 * The text is matched against the rule table of reply_rules.c through the
 * automaton generated at build time, walked over a normalised copy kept on
 * the stack (no allocation on any path); the anchor hits are verified on
 * that copy.
 */
#include <string.h>

#include "explain_data.h"
#include "internal.h"
#include "reply_rules.h"
#include "utf8_fold.h"

/* Text beyond this many normalised bytes is not matched: rules describe
 * the opening words of a reply, and the bound keeps the stack copy small.
 * Longer diagnostics are matched on their first NORM_MAX bytes. */
#define NORM_MAX 4096
/* Distinct rules whose first piece may hit in one text; more are ignored
 * (the table order still decides among those kept). */
#define MAX_HITS 256
/* Rules the matcher can track (a bit each); reply_rules.c stays below it,
 * which tools/gen_automaton.c checks. */
#define MAX_RULES 4096

/* ------------------------------------------------------------------------
 * Codes
 * ---------------------------------------------------------------------- */

static int valid_basic(const char *p)
{
    return p[0] >= '2' && p[0] <= '5' && p[1] >= '0' && p[1] <= '5' && bk__is_digit((unsigned char)p[2]);
}

/* Try to read an enhanced code at s[i]; on success set *st, *end. The code
 * must not be glued to other digits or dots (IP addresses, versions). */
static int status_at(const char *s, size_t len, size_t i, int any_subject, bk_status *st,
                     size_t *end)
{
    if (i > 0) {
        unsigned char p = (unsigned char)s[i - 1];
        if (bk__is_digit(p) || p == '.')
            return 0;
    }
    if (i >= len || (s[i] != '2' && s[i] != '4' && s[i] != '5'))
        return 0;
    size_t j = i + 1;
    if (j >= len || s[j] != '.')
        return 0;
    j++;
    int sub = 0, det = 0;
    size_t k = j;
    while (k < len && bk__is_digit((unsigned char)s[k]) && k - j < 4)
        sub = sub * 10 + (s[k++] - '0');
    /* In running text only the defined subjects 0..7 count: "Exim 4.96.1"
     * is a version, not a status code.  Where the reply's own code stands
     * (at the start, or right after the basic code) any subject does. */
    if (k == j || k - j > 3 || k >= len || s[k] != '.' || (sub > 7 && !any_subject))
        return 0;
    j = ++k;
    while (k < len && bk__is_digit((unsigned char)s[k]) && k - j < 4)
        det = det * 10 + (s[k++] - '0');
    if (k == j || k - j > 3)
        return 0;
    if (k < len && (bk__is_digit((unsigned char)s[k]) ||
                    (s[k] == '.' && k + 1 < len && bk__is_digit((unsigned char)s[k + 1]))))
        return 0;
    st->cls = s[i] - '0';
    st->subject = sub;
    st->detail = det;
    *end = k;
    return 1;
}

/* Skip a diagnostic-type prefix such as "smtp;" or "SMTP; ". */
static size_t skip_diag_type(const char *s, size_t len, size_t i)
{
    size_t j = i;
    while (j < len && j - i < 16 && (bk__is_alpha((unsigned char)s[j]) || s[j] == '-'))
        j++;
    if (j > i && j < len && s[j] == ';') {
        j++;
        while (j < len && bk__is_space((unsigned char)s[j]))
            j++;
        return j;
    }
    return i;
}

void bk_reply_find_codes(const char *text, size_t len, int *reply_code, bk_status *status,
                         int *has_status)
{
    int rc = 0, hs = 0;
    bk_status st = {0, 0, 0};
    if (text == NULL)
        len = 0;
    size_t i = 0;
    while (i < len && bk__is_space((unsigned char)text[i]))
        i++;
    size_t after_type = skip_diag_type(text, len, i);
    /* "X-Unix; 255": the number is a program's exit status, not a reply. */
    int unix_type = after_type > i && bk__istarts(text + i, len - i, "x-unix;");
    i = after_type;
    /* A leading basic code: "550 ", "550-", or "550" alone. */
    size_t own = i; /* where the reply's own enhanced code would stand */
    if (!unix_type && i + 3 <= len && valid_basic(text + i) &&
        (i + 3 == len || text[i + 3] == ' ' || text[i + 3] == '-' || text[i + 3] == '\t' ||
         text[i + 3] == '\r' || text[i + 3] == '\n')) {
        rc = (text[i] - '0') * 100 + (text[i + 1] - '0') * 10 + (text[i + 2] - '0');
        own = i + 4;
        while (own < len && (text[own] == ' ' || text[own] == '\t'))
            own++;
    }
    /* Enhanced codes anywhere: prefer one whose class agrees with the basic
     * code, and a specific one over X.0.0. */
    size_t scan = len < BK_REPLY_MAX ? len : BK_REPLY_MAX;
    /* A code is a class digit followed by a dot: visit the dots (memchr is
     * much faster than a test of every byte) in order, as a byte-by-byte
     * scan would visit the digits before them. */
    size_t from = 1; /* where to look for the next dot */
    while (from < scan) {
        const char *dot = memchr(text + from, '.', scan - from);
        if (dot == NULL)
            break;
        size_t k = (size_t)(dot - text) - 1;
        from = k + 2;
        char c = text[k];
        if (c != '2' && c != '4' && c != '5')
            continue;
        bk_status cand;
        size_t end;
        if (!status_at(text, scan, k, k == i || k == own, &cand, &end))
            continue;
        /* The next code starts at end or later: its dot at end + 1. */
        from = end + 1;
        if (rc != 0 && cand.cls != rc / 100)
            continue;
        if (!hs) {
            st = cand;
            hs = 1;
        } else if (st.subject == 0 && st.detail == 0 && (cand.subject != 0 || cand.detail != 0) &&
                   cand.cls == st.cls) {
            st = cand;
        }
        if (hs && (st.subject != 0 || st.detail != 0))
            break;
    }
    /* No leading code: a basic code right before the enhanced one, as in
     * "host x said: 550 5.1.1 ...". */
    if (rc == 0 && hs) {
        for (size_t k = 0; k + 4 <= scan; k++) {
            if (valid_basic(text + k) && text[k] - '0' == st.cls && text[k + 3] == ' ' &&
                (k == 0 || !bk__is_digit((unsigned char)text[k - 1])) && k + 4 < scan &&
                text[k + 4] == (char)('0' + st.cls) && k + 5 < scan && text[k + 5] == '.') {
                rc = (text[k] - '0') * 100 + (text[k + 1] - '0') * 10 + (text[k + 2] - '0');
                break;
            }
        }
    }
    if (reply_code != NULL)
        *reply_code = rc;
    if (status != NULL)
        *status = st;
    if (has_status != NULL)
        *has_status = hs;
}

/* ------------------------------------------------------------------------
 * Normalisation and matching
 * ---------------------------------------------------------------------- */

/* Whether s[i..] starts a continuation prefix "NNN-" / "NNN " (with an
 * optional enhanced code after it) at the start of a line. */
static size_t line_prefix_len(const char *s, size_t len, size_t i, int rc, const bk_status *st,
                              int hs)
{
    if (rc == 0 || i + 4 > len || !valid_basic(s + i))
        return 0;
    int code = (s[i] - '0') * 100 + (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
    if (code != rc || (s[i + 3] != '-' && s[i + 3] != ' '))
        return 0;
    size_t j = i + 4;
    if (hs) {
        bk_status c;
        size_t end;
        if (status_at(s, len, j, 1, &c, &end) && c.cls == st->cls && c.subject == st->subject &&
            c.detail == st->detail)
            j = end;
    }
    return j - i;
}

/* normalise()'s view of a byte: 0 white space, 1 line end, 2 the lead
 * byte of a UTF-8 sequence that bk__utf8_fold() may change, else the byte
 * itself lower-cased.  Bytes 0x00..0x02 (which no pattern contains) stand
 * in as 0x03. */
#define NL_ 1
#define MB_ 2
#define LOWER4(b) (uint8_t)(b), (uint8_t)((b) + 1), (uint8_t)((b) + 2), (uint8_t)((b) + 3)
#define LOWER16(b) LOWER4(b), LOWER4((b) + 4), LOWER4((b) + 8), LOWER4((b) + 12)
#define LEAD1(b) (uint8_t)(BK_UTF8_FOLD_LEAD(b) ? MB_ : (b))
#define LEAD4(b) LEAD1(b), LEAD1((b) + 1), LEAD1((b) + 2), LEAD1((b) + 3)
#define LEAD16(b) LEAD4(b), LEAD4((b) + 4), LEAD4((b) + 8), LEAD4((b) + 12)
static const uint8_t norm_byte[256] = {
    3, 3, 3, 3, 4, 5, 6, 7, 8, 0, NL_, 0, 0, NL_, 14, 15,
    LOWER16(16),
    0, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,
    LOWER16(48),
    64, LOWER4('a'), LOWER4('e'), LOWER4('i'), LOWER4('m'), 'q', 'r', 's', 't', 'u', 'v', 'w',
    'x', 'y', 'z', 91, 92, 93, 94, 95,
    LOWER16(96), LOWER16(112), LOWER16(128), LOWER16(144), LOWER16(160), LOWER16(176),
    LEAD16(0xC0), LEAD16(0xD0), LEAD16(0xE0), LEAD16(0xF0),
};

/* Anchor hits of the automaton's walk: the state after a byte and
 * the normalised length up to it, packed as state << EV_POS_BITS | pos.
 * Beyond MAX_EVENTS they are not kept: the matcher then walks the
 * normalised copy again from the first one left out. */
#define MAX_EVENTS 128
#define EV_POS_BITS 13 /* holds positions up to NORM_MAX */
#define EV_POS_MASK ((1u << EV_POS_BITS) - 1)
_Static_assert(NORM_MAX <= EV_POS_MASK, "normalised positions must fit an event");

typedef struct scan_events {
    uint32_t ev[MAX_EVENTS];
    size_t n;
    int overflow;    /* events were left out */
    uint32_t resume; /* the first one left out */
} scan_events;

static inline void record_event(scan_events *e, uint32_t state, size_t pos)
{
    uint32_t v = state << EV_POS_BITS | (uint32_t)pos;
    if (e->n < MAX_EVENTS)
        e->ev[e->n++] = v;
    else if (!e->overflow) {
        e->overflow = 1;
        e->resume = v;
    }
}

/* The automaton's transition from state st on byte c (with its flag). */
#define AC_NEXT(st, c) ((uint32_t)bk__ac_delta[((size_t)(st) << shift) + bk__ac_class[(uint8_t)(c)]])

/* Below this length the normalised text is walked as one stream. */
#define AC_SPLIT_MIN 64
#define AC_STREAMS 4
/* The automaton's trie is at most BK_AC_ANCHOR_MAX bytes deep, so its
 * state after a byte depends only on the BK_AC_ANCHOR_MAX bytes up to it:
 * a walk started from the root that many bytes before a position is in
 * the same state there as the walk from the start of the text. */
#define AC_WARMUP BK_AC_ANCHOR_MAX

/* Walk the automaton over the normalised text and note its anchor hits in
 * evs.  Each step waits for the table load of the one before (the row
 * depends on the state), so a single walk is bound by load latency, not
 * by work: long texts are cut into AC_STREAMS pieces walked side by side,
 * each piece but the first started AC_WARMUP bytes early (see there), so
 * the loads of the pieces overlap.  The hits are then put back in text
 * order; the result is the one walk's, bit for bit. */
static void ac_walk(const char *norm, size_t nlen, scan_events *evs)
{
    const uint32_t shift = bk__ac_shift;
    const uint8_t *u = (const uint8_t *)norm;
    evs->n = 0;
    evs->overflow = 0;
    evs->resume = 0;
    if (nlen < AC_SPLIT_MIN) {
        uint32_t st = 0;
        for (size_t i = 0; i < nlen; i++) {
            uint32_t t = AC_NEXT(st, u[i]);
            st = t & ~BK_AC_HAS_OUT;
            if (t & BK_AC_HAS_OUT)
                record_event(evs, st, i + 1);
        }
        return;
    }
    _Static_assert(AC_STREAMS == 4, "the loop below walks four streams");
    _Static_assert(AC_SPLIT_MIN / AC_STREAMS > AC_WARMUP, "pieces longer than the warm-up");
    size_t len = nlen / AC_STREAMS; /* the last piece also takes the rest */
    size_t b1 = len, b2 = 2 * len, b3 = 3 * len;
    uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (size_t k = AC_WARMUP; k > 0; k--) {
        s1 = AC_NEXT(s1, u[b1 - k]) & ~BK_AC_HAS_OUT;
        s2 = AC_NEXT(s2, u[b2 - k]) & ~BK_AC_HAS_OUT;
        s3 = AC_NEXT(s3, u[b3 - k]) & ~BK_AC_HAS_OUT;
    }
    scan_events se[AC_STREAMS];
    for (int j = 0; j < AC_STREAMS; j++) {
        se[j].n = 0;
        se[j].overflow = 0;
        se[j].resume = 0;
    }
    for (size_t i = 0; i < len; i++) {
        uint32_t t0 = AC_NEXT(s0, u[i]);
        uint32_t t1 = AC_NEXT(s1, u[b1 + i]);
        uint32_t t2 = AC_NEXT(s2, u[b2 + i]);
        uint32_t t3 = AC_NEXT(s3, u[b3 + i]);
        s0 = t0 & ~BK_AC_HAS_OUT;
        s1 = t1 & ~BK_AC_HAS_OUT;
        s2 = t2 & ~BK_AC_HAS_OUT;
        s3 = t3 & ~BK_AC_HAS_OUT;
        if ((t0 | t1 | t2 | t3) & BK_AC_HAS_OUT) {
            if (t0 & BK_AC_HAS_OUT)
                record_event(&se[0], s0, i + 1);
            if (t1 & BK_AC_HAS_OUT)
                record_event(&se[1], s1, b1 + i + 1);
            if (t2 & BK_AC_HAS_OUT)
                record_event(&se[2], s2, b2 + i + 1);
            if (t3 & BK_AC_HAS_OUT)
                record_event(&se[3], s3, b3 + i + 1);
        }
    }
    for (size_t i = b3 + len; i < nlen; i++) {
        uint32_t t = AC_NEXT(s3, u[i]);
        s3 = t & ~BK_AC_HAS_OUT;
        if (t & BK_AC_HAS_OUT)
            record_event(&se[3], s3, i + 1);
    }
    /* Text order: the first MAX_EVENTS hits are kept and the one after
     * them is where the matcher resumes walking.  A piece that dropped
     * hits ends the list there: its first dropped hit is the next one. */
    for (int j = 0; j < AC_STREAMS; j++) {
        for (size_t k = 0; k < se[j].n; k++) {
            if (evs->n < MAX_EVENTS)
                evs->ev[evs->n++] = se[j].ev[k];
            else {
                evs->overflow = 1;
                evs->resume = se[j].ev[k];
                return;
            }
        }
        if (se[j].overflow) {
            evs->overflow = 1;
            evs->resume = se[j].resume;
            return;
        }
    }
}

/* Lower-case ASCII, fold accented Latin letters and Cyrillic / Greek
 * capitals (utf8_fold.h), collapse white space and drop repeated line
 * prefixes of a multi-line reply.  Returns the normalised length (at most
 * NORM_MAX).  The fold never writes more bytes than it reads, so the copy
 * is never longer than the text read. */
static size_t normalise(const char *s, size_t len, int rc, const bk_status *st, int hs,
                        char *out)
{
    size_t o = 0, i = 0;
    int pending_space = 0;
    /* Every line's "550-5.1.1 " prefix is dropped, the first one's too. */
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    i += line_prefix_len(s, len, i, rc, st, hs);
    const unsigned char *u = (const unsigned char *)s;
    while (i < len) {
        uint8_t b = norm_byte[u[i++]];
        if (b > MB_) {
            if (pending_space) {
                if (o + 1 >= NORM_MAX)
                    break;
                out[o++] = ' ';
                pending_space = 0;
            }
            /* Copy the rest of the word in a tight loop: source and
             * destination advance together, so pointers stand for i, o. */
            size_t lim = len;
            /* The copy is never longer than what it has read (o <= i), so
             * only a text of NORM_MAX bytes or more can fill it. */
            if (len >= NORM_MAX) {
                size_t room = NORM_MAX - o;
                lim = len - i > room - 1 ? i + (room - 1) : len;
            }
            out[o++] = (char)b;
            const unsigned char *p = u + i, *pend = u + lim;
            char *w = out + o;
            while (p < pend && (b = norm_byte[*p]) > MB_) {
                *w++ = (char)b;
                p++;
            }
            i = (size_t)(p - u);
            o = (size_t)(w - out);
            if (o >= NORM_MAX)
                break;
            continue;
        }
        if (b == MB_) {
            /* A letter to fold (é -> e, Д -> д, ...), or a lead byte the
             * fold leaves alone, copied as it is (its continuation bytes
             * then go the word's way).  The copy stays below NORM_MAX, as
             * the word's path above needs. */
            unsigned char f[2];
            size_t flen = 0;
            size_t used = bk__utf8_fold(u + i - 1, len - (i - 1), f, &flen);
            if (used == 0) {
                f[0] = u[i - 1];
                flen = 1;
                used = 1;
            } else if (flen == 1 && f[0] == ' ') {
                i += used - 1;
                pending_space = o > 0;
                continue;
            }
            i += used - 1;
            if (flen == 0)
                continue;
            if (pending_space) {
                if (o + 1 >= NORM_MAX)
                    break;
                out[o++] = ' ';
                pending_space = 0;
            }
            if (o + flen >= NORM_MAX)
                break;
            for (size_t k = 0; k < flen; k++)
                out[o++] = (char)f[k];
            continue;
        }
        pending_space = o > 0;
        if (b == NL_) {
            /* A new line: skip its indentation and a repeated "550-5.1.1 ". */
            while (i < len && (s[i] == ' ' || s[i] == '\t'))
                i++;
            i += line_prefix_len(s, len, i, rc, st, hs);
        }
    }
    return o;
}

typedef struct hit {
    uint32_t id;
    uint32_t end; /* end of the first occurrence of the first piece */
} hit;

/* Check the pieces after the first one, in order, after position from. */
/* Find a piece in the normalised text; both are lower case already. */
static const char *find_piece(const char *hay, size_t hlen, const char *piece, size_t plen)
{
    if (plen == 0)
        return hay;
    while (hlen >= plen) {
        const char *c = memchr(hay, piece[0], hlen - plen + 1);
        if (c == NULL)
            return NULL;
        if (memcmp(c + 1, piece + 1, plen - 1) == 0)
            return c;
        hlen -= (size_t)(c + 1 - hay);
        hay = c + 1;
    }
    return NULL;
}

/* star: the pattern's first '*' (at its first piece's length). */
static int rest_matches(const char *norm, size_t nlen, const char *star, size_t from)
{
    const char *p = star;
    while (p != NULL) {
        const char *piece = p + 1;
        const char *next = strchr(piece, '*');
        size_t plen = next ? (size_t)(next - piece) : strlen(piece);
        if (from > nlen)
            return 0;
        const char *found = find_piece(norm + from, nlen - from, piece, plen);
        if (found == NULL)
            return 0;
        from = (size_t)(found - norm) + plen;
        p = next;
    }
    return 1;
}

typedef struct text_match {
    int rule;          /* index into bk__reply_rules, or -1 */
    int provider_rule; /* index into bk__provider_rules, or -1 */
    bk_smtp_cmd cmd;   /* the command the text says the reply answered */
} text_match;

static int rule_allowed(const bk_reply_rule *r, bk_class cls, int code_is_specific)
{
    if ((r->flags & BK_RULE_WEAK) && code_is_specific)
        return 0;
    if ((r->flags & BK_RULE_TRANSIENT_ONLY) && cls != BK_CLASS_TRANSIENT)
        return 0;
    if ((r->flags & BK_RULE_PERMANENT_ONLY) && cls == BK_CLASS_TRANSIENT)
        return 0;
    return 1;
}

static const char *pattern_of(uint32_t id)
{
    const uint32_t nrules = (uint32_t)bk__reply_rules_count;
    const uint32_t nprov = (uint32_t)bk__provider_rules_count;
    if (id < nrules)
        return bk__reply_rules[id].pattern;
    if (id < nrules + nprov)
        return bk__provider_rules[id - nrules].pattern;
    return bk__context_rules[id - nrules - nprov].pattern;
}

/* Advance the automaton from position i until a state that reports
 * matches (returns the position after it) or the end of the text.  Kept
 * apart so that its loop holds only a few registers. */
static size_t scan_to_match(const char *norm, size_t i, size_t nlen, uint32_t *state)
{
    uint32_t st = *state;
    const uint32_t shift = bk__ac_shift;
    const unsigned char *p = (const unsigned char *)norm;
    while (i < nlen) {
        uint32_t t = bk__ac_delta[(st << shift) + bk__ac_class[p[i++]]];
        st = t & ~BK_AC_HAS_OUT;
        if (t & BK_AC_HAS_OUT)
            break;
    }
    *state = st;
    return i;
}

/* Whether a[0..n) and b[0..n) are equal; eight bytes a step. */
static inline int same_bytes(const char *a, const char *b, size_t n)
{
    size_t q = 0;
    for (; q + 8 <= n; q += 8) {
        uint64_t x, y;
        memcpy(&x, a + q, 8);
        memcpy(&y, b + q, 8);
        if (x != y)
            return 0;
    }
    for (; q < n; q++)
        if (a[q] != b[q])
            return 0;
    return 1;
}

static text_match match_text(const char *norm, size_t nlen, const scan_events *evs,
                             bk_class cls, int code_is_specific)
{
    text_match m = {-1, -1, BK_CMD_NONE};
    hit hits[MAX_HITS];
    size_t nhits = 0;
    /* One bit per reply rule: already among the hits. */
    uint8_t seen[(MAX_RULES + 7) / 8];
    /* Only the reply rules' bits are read (the generator keeps their
     * count below MAX_RULES). */
    memset(seen, 0, (bk__reply_rules_count + 7) / 8 < sizeof seen ? (bk__reply_rules_count + 7) / 8
                                                                   : sizeof seen);
    uint32_t state = 0;
    const uint32_t nrules = (uint32_t)bk__reply_rules_count;
    const uint32_t nprov = (uint32_t)bk__provider_rules_count;
    size_t pos = 0;
    /* The hits normalise() met, then, if some were left out, the rest of
     * the walk from the first of those. */
    size_t e = 0;
    int resume = evs->overflow;
    for (;;) {
        if (e < evs->n || resume) {
            uint32_t v;
            if (e < evs->n)
                v = evs->ev[e++];
            else {
                v = evs->resume;
                resume = 0;
            }
            state = v >> EV_POS_BITS;
            pos = v & EV_POS_MASK;
        } else if (evs->overflow && pos < nlen) {
            pos = scan_to_match(norm, pos, nlen, &state);
        } else
            break;
        if (state == 0 || !(bk__ac_states[state].out_count))
            continue;
        size_t i = pos - 1; /* the anchor's last byte */
        const bk_ac_state *s = &bk__ac_states[state];
        for (uint32_t k = 0; k < s->out_count; k++) {
            uint32_t id = bk__ac_out[s->out_first + k];
            if (id < nrules && (seen[id >> 3] & (1u << (id & 7))))
                continue; /* only a rule's first occurrence counts */
            /* The anchor ends at i: compare the rest of the first piece,
             * before and after the anchor. */
            const bk_ac_pattern *ap = &bk__ac_patterns[id];
            size_t lead = (size_t)ap->anchor_off + ap->anchor_len;
            if (i + 1 < lead)
                continue;
            size_t start = i + 1 - lead;
            size_t end = start + ap->first_len;
            if (end > nlen)
                continue;
            /* The automaton vouches for the anchor, unless it holds bytes
             * >= 0x80 (they share classes): compare the rest. */
            size_t sure = ap->anchor_off + (ap->verify ? 0u : ap->anchor_len);
            if (ap->first_len > sure - ap->anchor_off) {
                const char *want = pattern_of(id);
                if (!same_bytes(norm + start, want, ap->anchor_off) ||
                    !same_bytes(norm + start + sure, want + sure, ap->first_len - sure))
                    continue;
            }
            if (id >= nrules + nprov) {
                /* A context rule: the last one in the text wins. */
                if (!ap->more || rest_matches(norm, nlen, pattern_of(id) + ap->first_len, end))
                    m.cmd = bk__context_rules[id - nrules - nprov].cmd;
                continue;
            }
            if (id >= nrules) {
                int pr = (int)(id - nrules);
                if ((m.provider_rule < 0 || pr < m.provider_rule) &&
                    (!ap->more || rest_matches(norm, nlen, pattern_of(id) + ap->first_len, end)))
                    m.provider_rule = pr;
                continue;
            }
            if (nhits < MAX_HITS) {
                seen[id >> 3] = (uint8_t)(seen[id >> 3] | (1u << (id & 7)));
                hits[nhits].id = id;
                hits[nhits].end = (uint32_t)end;
                nhits++;
            }
        }
    }
    /* The first rule in table order wins, but a WEAK rule (generic words)
     * only when no other rule matches, and a notice's fixed words (reason
     * undefined) only when nothing else does. */
    int weak = -1, notice = -1;
    for (size_t h = 0; h < nhits; h++) {
        uint32_t id = hits[h].id;
        const bk_reply_rule *r = &bk__reply_rules[id];
        int is_notice = r->reason == BK_REASON_UNDEFINED;
        int is_weak = (r->flags & BK_RULE_WEAK) != 0;
        int best = is_notice ? notice : is_weak ? weak : m.rule;
        if (best >= 0 && (int)id > best)
            continue;
        if (!rule_allowed(r, cls, code_is_specific))
            continue;
        if (bk__ac_patterns[id].more && !rest_matches(norm, nlen, r->pattern + bk__ac_patterns[id].first_len, hits[h].end))
            continue;
        if (is_notice)
            notice = (int)id;
        else if (is_weak)
            weak = (int)id;
        else
            m.rule = (int)id;
    }
    if (m.rule < 0)
        m.rule = weak >= 0 ? weak : notice;
    return m;
}

/* Reasons that describe the recipient's mailbox or domain: said in reply
 * to MAIL FROM they describe the sender instead. */
static int recipient_reason(bk_reason r)
{
    return r == BK_REASON_USERUNKNOWN || r == BK_REASON_HOSTUNKNOWN ||
           r == BK_REASON_HASMOVED || r == BK_REASON_MAILBOXFULL || r == BK_REASON_SUSPEND ||
           r == BK_REASON_FILTERED;
}

/* The reason of a generic "user unknown" text (BK_RULE_ADDR): it depends
 * on the command the reply answered and on what the enhanced code says. */
static bk_reason addr_reason(bk_smtp_cmd cmd, int rc, const bk_status *st, int hs)
{
    switch (cmd) {
    case BK_CMD_RCPT: return BK_REASON_USERUNKNOWN;
    case BK_CMD_DATA: return BK_REASON_FILTERED;
    case BK_CMD_MAIL: return BK_REASON_REJECTED;
    case BK_CMD_CONN:
    case BK_CMD_NONE: break;
    }
    if (hs && st->subject == 1)
        return BK_REASON_USERUNKNOWN;
    /* No enhanced code: the words are the mail system's own (a local
     * delivery agent, a provider's notice) or a plain RCPT refusal such
     * as Sendmail's "550 <x>... User unknown"; only an explicit generic
     * code (X.0.0, X.2.0, X.3.x) marks a filter's refusal. */
    if (!hs && rc == 0)
        return BK_REASON_USERUNKNOWN;
    return BK_REASON_FILTERED;
}

/* Whether a normalised text holds words (letters), beyond codes. */
static int has_words(const char *norm, size_t nlen)
{
    for (size_t i = 0; i < nlen; i++) {
        unsigned char c = (unsigned char)norm[i];
        if (bk__is_alpha(c) || c >= 0x80)
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * The reason a basic code alone suggests (RFC 5321 section 4.2.3).
 * ---------------------------------------------------------------------- */
static bk_reason basic_reason(int rc)
{
    switch (rc) {
    case 421: return BK_REASON_SYSTEMERROR;
    case 450: return BK_REASON_UNDEFINED;
    case 451: return BK_REASON_SYSTEMERROR;
    case 452: return BK_REASON_SYSTEMFULL;
    case 455: return BK_REASON_SYNTAXERROR;
    case 500: case 501: case 502: case 503: case 504: case 555:
        return BK_REASON_SYNTAXERROR;
    case 521: case 556: return BK_REASON_NOTACCEPT;
    case 530: return BK_REASON_SECURITYERROR;
    case 535: return BK_REASON_SECURITYERROR; /* SMTP AUTH refused (RFC 4954) */
    /* 550, 553 and 554 say only that the request failed: the mailbox,
     * the sender, the host or the content may be at fault. */
    case 551: return BK_REASON_HASMOVED;
    case 552: return BK_REASON_MAILBOXFULL;
    default: break;
    }
    if (rc >= 200 && rc < 300)
        return BK_REASON_DELIVERED;
    return BK_REASON_UNDEFINED;
}

/* ------------------------------------------------------------------------
 * Explanations
 * ---------------------------------------------------------------------- */

static const char *const no_items[] = {NULL};

/* Score how well an entry's code fits; -1 when it does not fit. */
static int code_fit(const char *code, int hs, const bk_status *st)
{
    if (code == NULL)
        return 0;
    if (!hs)
        return -1;
    /* code is "C.S.D", "X.S.D", "C.S" or "X.S" */
    int any_class = code[0] == 'X';
    if (!any_class && code[0] - '0' != st->cls)
        return -1;
    const char *p = code + 1;
    if (*p != '.')
        return -1;
    p++;
    int sub = 0;
    while (bk__is_digit((unsigned char)*p))
        sub = sub * 10 + (*p++ - '0');
    if (sub != st->subject)
        return -1;
    if (*p == '\0')
        return any_class ? 1 : 2;
    if (*p != '.')
        return -1;
    p++;
    int det = 0;
    while (bk__is_digit((unsigned char)*p))
        det = det * 10 + (*p++ - '0');
    if (det != st->detail)
        return -1;
    return any_class ? 3 : 4;
}

static void explain(bk_reply_info *out)
{
    const bk_explanation *best = NULL;
    int best_score = -1;
    unsigned r = (unsigned)out->reason < BK_REASON__COUNT ? (unsigned)out->reason : 0;
    for (unsigned k = bk__explain_index_first[r]; k < bk__explain_index_first[r + 1]; k++) {
        const bk_explanation *e = &bk__explanations[bk__explain_index[k]];
        int score = 0;
        if (e->code != NULL) {
            int f = code_fit(e->code, out->has_status, &out->status);
            if (f < 0)
                continue;
            score += f * 4;
        }
        if (e->provider != NULL) {
            if (out->provider[0] == '\0' || strcmp(e->provider, out->provider) != 0)
                continue;
            score += 2;
        }
        if (e->reason != BK_REASON__COUNT)
            score += 1;
        if (score > best_score) {
            best = e;
            best_score = score;
        }
    }
    if (best == NULL) {
        out->summary = bk_reason_describe(out->reason);
        out->causes = no_items;
        out->fixes = no_items;
        return;
    }
    out->summary = best->summary;
    out->causes = best->causes;
    out->fixes = best->fixes;
    for (out->n_causes = 0; best->causes[out->n_causes] != NULL; out->n_causes++)
        ;
    for (out->n_fixes = 0; best->fixes[out->n_fixes] != NULL; out->n_fixes++)
        ;
}

/* ------------------------------------------------------------------------
 * Putting it together
 * ---------------------------------------------------------------------- */

static void decide(int rc, const bk_status *st, int hs, const char *text, size_t len,
                   bk_smtp_cmd given, int with_explanation, bk_reply_info *out)
{
    memset(out, 0, sizeof *out);
    out->reply_code = rc;
    out->has_status = hs;
    out->subject_name = "";
    out->detail_name = "";
    out->provider = "";
    out->rule = "";
    out->summary = "";
    out->causes = no_items;
    out->fixes = no_items;

    bk_status_info info;
    int have_info = 0;
    if (hs) {
        out->status = *st;
        bk_status_format(st, out->status_text, sizeof out->status_text);
        if (bk_status_lookup(st, &info) == BK_OK) {
            have_info = 1;
            out->subject_name = info.subject_name;
            out->detail_name = info.detail_name;
        }
    }
    if (hs)
        out->cls = (bk_class)st->cls;
    else if (rc != 0)
        out->cls = (bk_class)(rc / 100);
    if (out->cls != BK_CLASS_SUCCESS && out->cls != BK_CLASS_TRANSIENT &&
        out->cls != BK_CLASS_PERMANENT)
        out->cls = BK_CLASS_UNKNOWN;

    /* The code names a specific reason unless it is X.0.x, an "other"
     * code X.Y.0, or unregistered with an undefined reason. */
    int code_is_specific = have_info && st->subject != 0 && st->detail != 0 &&
                           info.reason != BK_REASON_UNDEFINED;

    char norm[NORM_MAX];
    scan_events evs;
    size_t nlen = normalise(text, len, rc, st, hs, norm);
    ac_walk(norm, nlen, &evs);
    text_match m = match_text(norm, nlen, &evs, out->cls, code_is_specific);
    if (m.cmd == BK_CMD_NONE)
        m.cmd = given;
    if (m.provider_rule >= 0)
        out->provider = bk__provider_rules[m.provider_rule].provider;

    /* A rule whose reason is undefined marks words that say nothing (a
     * notice's fixed text): it decides only where "onhold" would. */
    int notice = m.rule >= 0 && bk__reply_rules[m.rule].reason == BK_REASON_UNDEFINED;
    if (m.rule >= 0 && !notice) {
        const bk_reply_rule *r = &bk__reply_rules[m.rule];
        out->reason = r->reason;
        if (r->flags & BK_RULE_ADDR)
            out->reason = addr_reason(m.cmd, rc, st, hs);
        out->basis = BK_BASIS_TEXT;
        out->rule = r->id;
        if (r->provider != NULL && out->provider[0] == '\0')
            out->provider = r->provider;
    } else if (have_info && info.reason != BK_REASON_UNDEFINED &&
               (code_is_specific || m.cmd == BK_CMD_NONE || m.cmd == BK_CMD_RCPT)) {
        out->reason = info.reason;
        out->basis = BK_BASIS_STATUS;
    } else if (m.cmd == BK_CMD_MAIL && out->cls != BK_CLASS_SUCCESS) {
        /* Refused in reply to MAIL FROM: the sender was refused. */
        out->reason = BK_REASON_REJECTED;
        out->basis = BK_BASIS_TEXT;
    } else if (m.cmd == BK_CMD_CONN && out->cls != BK_CLASS_SUCCESS) {
        /* Refused at the greeting or HELO: the sending host was refused. */
        out->reason = BK_REASON_BLOCKED;
        out->basis = BK_BASIS_TEXT;
    } else if (have_info && info.reason != BK_REASON_UNDEFINED) {
        out->reason = info.reason;
        out->basis = BK_BASIS_STATUS;
    } else if (rc != 0 && basic_reason(rc) != BK_REASON_UNDEFINED) {
        out->reason = basic_reason(rc);
        out->basis = BK_BASIS_REPLY_CODE;
    } else if (notice) {
        out->reason = BK_REASON_UNDEFINED;
        out->basis = BK_BASIS_TEXT;
        out->rule = bk__reply_rules[m.rule].id;
    } else if (has_words(norm, nlen)) {
        /* Words that no rule knows and no code to go by: the reply says
         * something, but not what (Sisimai's "onhold"). */
        out->reason = BK_REASON_ONHOLD;
        out->basis = BK_BASIS_NONE;
    } else {
        out->reason = BK_REASON_UNDEFINED;
        out->basis = BK_BASIS_NONE;
    }
    /* A recipient refused only after the message was sent (end of DATA)
     * was accepted at RCPT: the server filtered the message, the address
     * exists (Sisimai's "filtered"). */
    if (m.cmd == BK_CMD_DATA && out->reason == BK_REASON_USERUNKNOWN)
        out->reason = BK_REASON_FILTERED;
    /* Said in reply to MAIL FROM, words or codes about a mailbox describe
     * the sender's address, not the recipient's: never suppress the
     * recipient for them. */
    if (m.cmd == BK_CMD_MAIL && recipient_reason(out->reason))
        out->reason = BK_REASON_REJECTED;
    /* Refused at the greeting or HELO, before any recipient was named:
     * the sending host was refused, whatever mailbox words follow. */
    if (m.cmd == BK_CMD_CONN && recipient_reason(out->reason) && out->cls != BK_CLASS_SUCCESS)
        out->reason = BK_REASON_BLOCKED;
    /* A success code means delivered, whatever the words say, unless the
     * words identify an auto-reply or a complaint. */
    if (out->cls == BK_CLASS_SUCCESS && out->reason != BK_REASON_VACATION &&
        out->reason != BK_REASON_FEEDBACK) {
        out->reason = BK_REASON_DELIVERED;
        if (out->basis == BK_BASIS_TEXT) {
            out->basis = hs ? BK_BASIS_STATUS : BK_BASIS_REPLY_CODE;
            out->rule = "";
        }
    }
    out->bounce = bk_reason_bounce(out->reason, out->cls);
    out->decision = bk_reason_decision(out->reason, out->cls);
    if (with_explanation)
        explain(out);
}

/* The command word a caller names, as the classifier counts it. */
static int command_of(const char *w, bk_smtp_cmd *cmd)
{
    static const struct { const char *word; bk_smtp_cmd cmd; } T[] = {
        {"rcpt", BK_CMD_RCPT}, {"data", BK_CMD_DATA}, {"bdat", BK_CMD_DATA},
        {"mail", BK_CMD_MAIL}, {"ehlo", BK_CMD_CONN}, {"helo", BK_CMD_CONN},
        {"lhlo", BK_CMD_CONN}, {"starttls", BK_CMD_CONN}, {"auth", BK_CMD_CONN},
        {"conn", BK_CMD_CONN}, {"connect", BK_CMD_CONN},
    };
    *cmd = BK_CMD_NONE;
    if (w == NULL || w[0] == '\0')
        return BK_OK;
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        size_t k = 0;
        while (T[i].word[k] != '\0' && bk__lower((unsigned char)w[k]) == T[i].word[k])
            k++;
        if (T[i].word[k] == '\0' && w[k] == '\0') {
            *cmd = T[i].cmd;
            return BK_OK;
        }
    }
    return BK_EINVAL;
}

static int classify_parts(int reply_code, const bk_status *status, bk_smtp_cmd given,
                          int with_explanation, const char *text, size_t len,
                          bk_reply_info *out);

int bk_reply_classify_parts(int reply_code, const bk_status *status, const char *text,
                            size_t len, bk_reply_info *out)
{
    return classify_parts(reply_code, status, BK_CMD_NONE, 1, text, len, out);
}

/* An unknown command word is an error when strict, else no command. */
static int classify_with_command(int reply_code, const bk_status *status, const char *command,
                                 int strict, int with_explanation, const char *text, size_t len,
                                 bk_reply_info *out)
{
    if (out == NULL)
        return BK_EINVAL;
    bk_smtp_cmd given;
    if (command_of(command, &given) != BK_OK) {
        if (strict) {
            memset(out, 0, sizeof *out);
            return BK_EINVAL;
        }
        given = BK_CMD_NONE;
    }
    return classify_parts(reply_code, status, given, with_explanation, text, len, out);
}

int bk_reply_classify_cmd(int reply_code, const bk_status *status, const char *command,
                          const char *text, size_t len, bk_reply_info *out)
{
    return classify_with_command(reply_code, status, command, 1, 1, text, len, out);
}

int bk__reply_verdict(int reply_code, const bk_status *status, const char *command,
                      const char *text, size_t len, bk_reply_info *out)
{
    return classify_with_command(reply_code, status, command, 0, 0, text, len, out);
}

static int classify_parts(int reply_code, const bk_status *status, bk_smtp_cmd given,
                          int with_explanation, const char *text, size_t len,
                          bk_reply_info *out)
{
    if (out == NULL)
        return BK_EINVAL;
    if (text == NULL)
        len = 0;
    if (len > BK_REPLY_MAX)
        len = BK_REPLY_MAX;
    bk_status st = {0, 0, 0};
    int hs = 0;
    if (status != NULL && (status->cls == 2 || status->cls == 4 || status->cls == 5)) {
        st = *status;
        hs = 1;
    }
    if (reply_code < 200 || reply_code > 599)
        reply_code = 0;
    if (text != NULL && (reply_code == 0 || !hs || (st.subject == 0 && st.detail == 0))) {
        /* Fill in what the caller lacks from the text: a DSN's Status field
         * often says only 5.0.0 while the reply inside says 5.1.1. */
        int trc, ths;
        bk_status tst;
        bk_reply_find_codes(text, len, &trc, &tst, &ths);
        if (ths && (!hs || (tst.cls == st.cls && (tst.subject != 0 || tst.detail != 0)))) {
            st = tst;
            hs = 1;
        }
        if (reply_code == 0 && trc != 0 && (!hs || trc / 100 == st.cls))
            reply_code = trc;
    }
    decide(reply_code, &st, hs, text ? text : "", len, given, with_explanation, out);
    return BK_OK;
}

/* Whether a token looks like a would-be code: only digits and dots, and
 * either no dot at all ("99999") or a single digit before the first dot
 * ("5..1", "5.1.1.1").  "192.0.2.1" (an IP address opening a qmail or
 * Exim line) is text, not a malformed code. */
static int code_shaped(const char *s, size_t len)
{
    int digit = 0;
    size_t first_dot = len;
    for (size_t i = 0; i < len; i++) {
        if (bk__is_digit((unsigned char)s[i]))
            digit = 1;
        else if (s[i] == '.') {
            if (first_dot == len)
                first_dot = i;
        } else
            return 0;
    }
    return digit && (first_dot == len || first_dot <= 1);
}

int bk_reply_classify(const char *text, size_t len, bk_reply_info *out)
{
    if (out == NULL)
        return BK_EINVAL;
    memset(out, 0, sizeof *out);
    if (text == NULL)
        return BK_EINVAL;
    if (len > BK_REPLY_MAX)
        return BK_ETOOBIG;
    /* One pass over the ASCII bulk, eight bytes at a time: stop at the
     * first byte that is NUL or not ASCII, and validate from there. */
    size_t a = 0;
    while (a + 8 <= len) {
        uint64_t w;
        memcpy(&w, text + a, 8);
        const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
        if (((w - ones) & ~w & highs) != 0 || (w & highs) != 0)
            break;
        a += 8;
    }
    if (memchr(text + a, '\0', len - a) != NULL)
        return BK_ENUL;
    if (!bk__utf8_valid((const unsigned char *)text + a, len - a))
        return BK_EUTF8;
    size_t b = 0;
    while (b < len && bk__is_space((unsigned char)text[b]))
        b++;
    if (b == len)
        return BK_EEMPTY;
    /* The first token, up to white space or the '-' of a continuation. */
    size_t e = b;
    while (e < len && !bk__is_space((unsigned char)text[e]))
        e++;
    size_t tok_end = e;
    if (e - b > 4 && valid_basic(text + b) && text[b + 3] == '-') {
        /* "550-5.1.1": the basic code is the first three characters. */
        tok_end = b + 3;
    }
    if (code_shaped(text + b, tok_end - b)) {
        size_t tl = tok_end - b;
        int is_basic = tl == 3 && valid_basic(text + b);
        bk_status tmp;
        int is_status = bk_status_parse(text + b, tl, &tmp) == BK_OK;
        if (!is_basic && !is_status)
            return BK_EBADCODE;
        if (is_basic && tok_end < len && text[tok_end] == '-') {
            /* "550-5.1.1 ...": the code after the dash must be sound too. */
            size_t s2 = tok_end + 1, e2 = s2;
            while (e2 < len && !bk__is_space((unsigned char)text[e2]))
                e2++;
            if (code_shaped(text + s2, e2 - s2) && bk_status_parse(text + s2, e2 - s2, &tmp) != BK_OK)
                return BK_EBADCODE;
        } else if (is_basic && tok_end < len) {
            size_t s2 = tok_end;
            while (s2 < len && bk__is_space((unsigned char)text[s2]))
                s2++;
            size_t e2 = s2;
            while (e2 < len && !bk__is_space((unsigned char)text[e2]))
                e2++;
            if (e2 > s2 && code_shaped(text + s2, e2 - s2) && memchr(text + s2, '.', e2 - s2) &&
                bk_status_parse(text + s2, e2 - s2, &tmp) != BK_OK)
                return BK_EBADCODE;
        }
    }
    int rc, hs;
    bk_status st;
    bk_reply_find_codes(text, len, &rc, &st, &hs);
    decide(rc, &st, hs, text, len, BK_CMD_NONE, 1, out);
    return BK_OK;
}

int bk_text_reason(const char *text, size_t len, bk_reason *reason, const char **provider)
{
    if (reason == NULL)
        return BK_EINVAL;
    *reason = BK_REASON_UNDEFINED;
    if (provider != NULL)
        *provider = "";
    if (text == NULL)
        return BK_OK;
    char norm[NORM_MAX];
    bk_status none = {0, 0, 0};
    scan_events evs;
    size_t nlen = normalise(text, len, 0, &none, 0, norm);
    ac_walk(norm, nlen, &evs);
    text_match m = match_text(norm, nlen, &evs, BK_CLASS_UNKNOWN, 0);
    if (m.rule >= 0) {
        /* The same reading of the words as bk_reply_classify(), without
         * codes: the command the text names still counts. */
        const bk_reply_rule *r = &bk__reply_rules[m.rule];
        *reason = r->reason;
        if (r->flags & BK_RULE_ADDR)
            *reason = addr_reason(m.cmd, 0, &none, 0);
        else if (m.cmd == BK_CMD_MAIL && recipient_reason(r->reason))
            *reason = BK_REASON_REJECTED;
    }
    if (provider != NULL) {
        if (m.provider_rule >= 0)
            *provider = bk__provider_rules[m.provider_rule].provider;
        else if (m.rule >= 0 && bk__reply_rules[m.rule].provider != NULL)
            *provider = bk__reply_rules[m.rule].provider;
    }
    return BK_OK;
}
