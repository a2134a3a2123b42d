/*
 * bounce.c - bk_parse_message(): from one message to per-recipient records.
 *
 * Layers:
 *   1. the message layer (mime.c) gives headers and a MIME tree;
 *   2. the kind of message is decided from its structure: an ARF report
 *      (message/feedback-report; also X-ARF, SpamCop and plain abuse
 *      reports, and digests of reports), a DSN (message/delivery-status or
 *      message/global-delivery-status), an auto-reply (RFC 3834
 *      Auto-Submitted and kin), a bounce of another shape (recognised by
 *      sender, subject and wording), or ordinary mail (no record);
 *   3. a decoder turns it into records; the text decoder reads the human
 *      readable part of non-standard bounces: recipient addresses, the
 *      block of text about each, the codes inside;
 *   4. every record is classified by the shared reply classifier
 *      (bk_reply_classify_parts), the same one "bouncekit explain" uses.
 */
#include <stdlib.h>
#include <string.h>

#include "bounce_internal.h"
#include "json.h"

/* SSE2 (every x86-64) copies runs of plain bytes 16 at a time. */
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define BK_BOUNCE_SSE2 1
#else
#define BK_BOUNCE_SSE2 0
#endif

struct phrase_needles;

struct bk_parser {
    const char *detail;     /* what the last failed parse hit (static text) */
    bk_parse_options opt;
    char *verp;
    void *iconv;
    struct phrase_needles *needles; /* the phrase tables, prepared (read-only after creation) */
};

static struct phrase_needles *phrase_needles_new(void);

struct bk_result {
    bk__arena arena;
    bk_record *rec;
    size_t n, cap;
    bk__headers returned;
    bk_result *inner;   /* an embedded bounce whose strings the records use */
    int depth;          /* 0 for a message, 1 for a bounce inside one */
};

/* Text kept for one diagnostic: enough for any SMTP reply we meet. */
#define DIAG_MAX 2048
/* Lines of bounce text read by the text decoder. */
#define TEXT_MAX ((size_t)1 << 20)
/* Bytes of the whole text searched for codes when a recipient's own block
 * has none (the codes then stand in the opening paragraphs). */
#define FALLBACK_SCAN 65536
/* Searches of the bounce text for DSN recipients that lack a diagnostic. */
#define MAX_TEXT_LOOKUPS 256
/* Distinct candidate recipients in one bounce text. */
#define MAX_CANDIDATES 256

void bk_parse_options_init(bk_parse_options *opt)
{
    if (opt == NULL)
        return;
    memset(opt, 0, sizeof *opt);
    opt->limits.max_message = BK_PARSE_MAX_MESSAGE;
    opt->limits.max_header_bytes = BK_PARSE_MAX_HEADER_BYTES;
    opt->limits.max_headers = BK_PARSE_MAX_HEADERS;
    opt->limits.max_depth = BK_PARSE_MAX_DEPTH;
    opt->limits.max_parts = BK_PARSE_MAX_PARTS;
    opt->limits.max_records = BK_PARSE_MAX_RECORDS;
    opt->limits.max_arena = BK_PARSE_MAX_ARENA;
    opt->verp = NULL;
}

bk_parser *bk_parser_new(const bk_parse_options *opt)
{
    bk_parser *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    bk_parse_options_init(&p->opt);
    if (opt != NULL) {
        p->opt.limits = opt->limits;
        if (opt->verp != NULL) {
            p->verp = strdup(opt->verp);
            if (p->verp == NULL) {
                free(p);
                return NULL;
            }
        }
    }
    bk_parse_limits *l = &p->opt.limits;
    if (l->max_message == 0) l->max_message = BK_PARSE_MAX_MESSAGE;
    if (l->max_header_bytes == 0) l->max_header_bytes = BK_PARSE_MAX_HEADER_BYTES;
    if (l->max_headers == 0) l->max_headers = BK_PARSE_MAX_HEADERS;
    if (l->max_depth == 0) l->max_depth = BK_PARSE_MAX_DEPTH;
    if (l->max_parts == 0) l->max_parts = BK_PARSE_MAX_PARTS;
    if (l->max_records == 0) l->max_records = BK_PARSE_MAX_RECORDS;
    if (l->max_arena == 0) l->max_arena = BK_PARSE_MAX_ARENA;
    p->opt.verp = p->verp;
    p->iconv = bk__iconv_cache_new();
    p->needles = phrase_needles_new();
    if (p->iconv == NULL || p->needles == NULL) {
        bk__iconv_cache_free(p->iconv);
        free(p->needles);
        free(p->verp);
        free(p);
        return NULL;
    }
    return p;
}

const char *bk_parser_error_detail(const bk_parser *p)
{
    return (p != NULL && p->detail != NULL) ? p->detail : "";
}

void bk_parser_free(bk_parser *p)
{
    if (p == NULL)
        return;
    bk__iconv_cache_free(p->iconv);
    free(p->needles);
    free(p->verp);
    free(p);
}

size_t bk_result_count(const bk_result *r) { return r ? r->n : 0; }

const bk_record *bk_result_record(const bk_result *r, size_t i)
{
    return (r != NULL && i < r->n) ? &r->rec[i] : NULL;
}

void bk_result_free(bk_result *r)
{
    if (r == NULL)
        return;
    bk_result_free(r->inner);
    bk__arena a = r->arena;
    bk__arena_free(&a); /* r itself lives in its arena */
}

const char *bk_result_returned_header(const bk_result *r, const char *name, size_t n)
{
    if (r == NULL || name == NULL)
        return NULL;
    for (size_t i = 0; i < r->returned.n; i++)
        if (bk__ieq(r->returned.h[i].name, r->returned.h[i].nlen, name) && n-- == 0) {
            size_t l; /* (finished before the result was handed out) */
            return bk__header_val(&r->returned.h[i], &l);
        }
    return NULL;
}

size_t bk_result_returned_header_count(const bk_result *r) { return r ? r->returned.n : 0; }

int bk_result_returned_header_at(const bk_result *r, size_t i, const char **name,
                                 const char **value)
{
    if (r == NULL || i >= r->returned.n)
        return BK_ENOTFOUND;
    if (name)
        *name = r->returned.h[i].name;
    if (value) {
        size_t l; /* (finished before the result was handed out) */
        *value = bk__header_val(&r->returned.h[i], &l);
    }
    return BK_OK;
}

/* ------------------------------------------------------------------------
 * Decoding context
 * ---------------------------------------------------------------------- */

typedef struct ctx {
    bk_parser *p;
    bk_result *r;
    bk__message m;
    const bk__headers *top;
    char *inside;            /* per part: 1 when inside a returned message */
    /* from the returned message and the envelope */
    const char *sender, *message_id, *subject, *list_id, *date, *reporting_mta;
    const char *format;
    /* the human-readable text of the bounce, cut before the returned message */
    const char *text;
    size_t text_len;
    const char *full_text;   /* the same before the cut */
    size_t full_len;
    size_t text_lookups;      /* searches of the text for a DSN recipient */
    const char *bounce_from;  /* the bounce's own From and To addresses */
    const char *bounce_to;
    /* a lower-case copy of the opening of the text (OPENING_MAX bytes on
     * the caller's stack), made on first use and remade when the text or
     * its cut changes; low_src is NULL while it holds nothing */
    char *low;
    const char *low_src;
    size_t low_len;
    int err;
} ctx;

/* Fingerprints and the kind of notice are stated in the opening of a
 * bounce's text; searching only that keeps long texts cheap. */
#define OPENING_MAX 16384
static size_t opening(const ctx *c) { return c->text_len < OPENING_MAX ? c->text_len : OPENING_MAX; }

/* Does the opening of the text hold needle (case-insensitively)?  The
 * phrase tables search it many times: they search one lower-case copy. */
static size_t opening_low(ctx *c)
{
    size_t n = opening(c);
    if (n != 0 && (c->low_src != c->text || c->low_len != n)) {
        bk__lower_copy(c->low, c->text, n);
        c->low_src = c->text;
        c->low_len = n;
    }
    return n;
}

static int opening_has(ctx *c, const char *needle)
{
    size_t n = opening_low(c);
    return n != 0 && bk__lfind(c->low, n, needle) < n;
}

/* The same for a prepared needle (a phrase table's). */
static int opening_has_n(ctx *c, const bk__needle *nd)
{
    size_t n = opening_low(c);
    return n != 0 && bk__lfind_n(c->low, n, nd) < n;
}

/* Which phrases of a set the opening holds (bk__pset_find). */
static uint64_t opening_holds(ctx *c, const bk__pset *ps, int first)
{
    size_t n = opening_low(c);
    return n != 0 ? bk__pset_find(ps, c->low, n, ~(uint64_t)0, first) : 0;
}

static const char *dup(ctx *c, const char *s, size_t n)
{
    char *d = bk__arena_strndup(&c->r->arena, s, n);
    if (d == NULL) {
        c->err = c->r->arena.err ? c->r->arena.err : BK_ENOMEM;
        return "";
    }
    return d;
}

/* Collapse white space to single blanks and cap the length. */
static const char *one_line(ctx *c, const char *s, size_t n)
{
    if (n > DIAG_MAX * 4)
        n = DIAG_MAX * 4;
    char *d = bk__arena_alloc_raw(&c->r->arena, n + 1); /* every byte read is written first */
    if (d == NULL) {
        c->err = c->r->arena.err ? c->r->arena.err : BK_ENOMEM;
        return "";
    }
    size_t o = 0;
    int sp = 1;
    for (size_t i = 0; i < n && o < DIAG_MAX; i++) {
#if BK_BOUNCE_SSE2
        /* The run of bytes above ' ' (no white space, no NUL) from i is
         * copied 16 bytes at a time; the output never runs ahead of the
         * input, so the 16 bytes stored fit in d. */
        while (i + 16 <= n && o + 16 <= DIAG_MAX) {
            __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            unsigned plain = (unsigned)_mm_movemask_epi8(
                _mm_cmpeq_epi8(_mm_max_epu8(b, _mm_set1_epi8('!')), b)); /* b >= '!' */
            size_t run = plain == 0xFFFF ? 16 : (size_t)__builtin_ctz(~plain);
            if (run == 0)
                break;
            _mm_storeu_si128((__m128i *)(void *)(d + o), b);
            o += run;
            i += run;
            sp = 0;
        }
        if (i >= n || o >= DIAG_MAX)
            break;
#endif
        unsigned char ch = (unsigned char)s[i];
        if (bk__is_space(ch) || ch == 0) {
            if (!sp)
                d[o++] = ' ';
            sp = 1;
        } else {
            d[o++] = (char)ch;
            sp = 0;
        }
    }
    while (o > 0 && d[o - 1] == ' ')
        o--;
    /* Do not end inside a UTF-8 sequence after the cap. */
    while (o > 0 && ((unsigned char)d[o - 1] & 0xC0) == 0x80 && o >= DIAG_MAX)
        o--;
    d[o] = '\0';
    return d;
}

static bk_record *new_record(ctx *c)
{
    bk_result *r = c->r;
    if (r->n >= c->p->opt.limits.max_records)
        return NULL;
    if (r->n == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 4;
        bk_record *nr = bk__arena_alloc(&r->arena, ncap * sizeof *nr);
        if (nr == NULL) {
            c->err = r->arena.err ? r->arena.err : BK_ENOMEM;
            return NULL;
        }
        if (r->n)
            memcpy(nr, r->rec, r->n * sizeof *nr);
        r->rec = nr;
        r->cap = ncap;
    }
    bk_record *x = &r->rec[r->n++];
    x->recipient = x->original_recipient = x->action = x->status = x->diagnostic = "";
    x->remote_mta = x->smtp_command = x->feedback_type = "";
    x->sender = c->sender;
    x->reporting_mta = c->reporting_mta;
    x->date = c->date;
    x->message_id = c->message_id;
    x->subject = c->subject;
    x->list_id = c->list_id;
    x->format = c->format;
    x->reply_code = 0;
    x->reason = BK_REASON_UNDEFINED;
    x->bounce = BK_BOUNCE_NONE;
    x->decision = BK_DECISION_NONE;
    x->permanent = 0;
    return x;
}

/* ------------------------------------------------------------------------
 * Codes and classification
 * ---------------------------------------------------------------------- */

/* A basic reply code in the text: three digits 4xx/5xx, not glued to
 * other digits, dots or letters.  Like the enhanced code, the last one is
 * the innermost: a reporting MTA quotes the remote reply after its own
 * ("554 Remote protocol error 550 ..."). */
/* Does s start with an enhanced code ("5.1.1") or a reply code ("550")
 * that ends there? */
static int code_follows(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && i < 4 && bk__is_digit((unsigned char)s[i]))
        i++;
    if (i == 1 && i < n && s[i] == '.')
        return 1;
    return i == 3 && (i == n || !(bk__is_digit((unsigned char)s[i]) || s[i] == '.'));
}

static int find_reply_code_cls(const char *s, size_t n, int want)
{
    int last = 0;
    for (size_t i = 0; i + 3 <= n; i++) {
        i = bk__next_reply_code_at(s, n, i); /* '4' or '5', a digit up to '5', a digit */
        if (i + 3 > n)
            break;
        char c0 = s[i];
        if (i > 0) {
            unsigned char p = (unsigned char)s[i - 1];
            if (bk__is_digit(p) || bk__is_alpha(p) || p == '.' || p == '-' || p == '#' || p == '/' ||
                p == '_' || p == '=' || p == '+' || p == '@' || p == '$' || p == '%')
                continue;
        }
        if (i + 3 < n) {
            unsigned char q = (unsigned char)s[i + 3];
            if (!(q == ' ' || q == '-' || q == '\n' || q == '\t' || q == '"' || q == ')' || q == ']' ||
                  q == ':' || q == ',' || q == ';' || q == '.'))
                continue;
            if ((q == '-' || q == '.' || q == ':') && i + 4 < n && bk__is_digit((unsigned char)s[i + 4]) &&
                q != '-')
                continue; /* 550.5, 421:25 are numbers, not codes */
            if (q == '-' && i + 4 < n && !(bk__is_digit((unsigned char)s[i + 4]) ||
                                           bk__is_alpha((unsigned char)s[i + 4]) || s[i + 4] == ' '))
                continue;
            /* Digits after the code are an enhanced code or a repeated
             * reply code ("550 5.1.1", "550-5.1.1", "554 550 ..."); any
             * other number makes it a phone number or a count ("+1 555
             * 0100", "555-0100"). */
            if ((q == ' ' || q == '-') && i + 4 < n && bk__is_digit((unsigned char)s[i + 4]) &&
                !code_follows(s + i + 4, n - i - 4))
                continue;
        }
        if (want == 0)
            want = c0 - '0'; /* the class of the first code found */
        if (c0 - '0' == want)
            last = (c0 - '0') * 100 + (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
        i += 2;
    }
    return last;
}

/* The reply code of the class of the first one (or of the chosen status,
 * see reply_for_status). */
static int find_reply_code(const char *s, size_t n) { return find_reply_code_cls(s, n, 0); }

/* The innermost reply code that agrees with the status in class. */
static int reply_for_status(const char *s, size_t n, const bk_status *st, int has)
{
    int rc = has ? find_reply_code_cls(s, n, st->cls) : 0;
    return rc ? rc : find_reply_code(s, n);
}

/* The first enhanced code in the text; prefers a specific one (x.y.z with
 * y or z non-zero) of the same class over x.0.0 when both appear. */
/* An enhanced code at s[i] not glued to other digits or dots (IP
 * addresses, version numbers); sets *end past it. */
static int status_at(const char *s, size_t n, size_t i, bk_status *st, size_t *end)
{
    if (i > 0 && (bk__is_digit((unsigned char)s[i - 1]) || s[i - 1] == '.'))
        return 0;
    if (i + 4 >= n + 0 || (s[i] != '2' && s[i] != '4' && s[i] != '5') || s[i + 1] != '.')
        return 0;
    size_t k = i + 2, j = k;
    int sub = 0, det = 0;
    while (k < n && bk__is_digit((unsigned char)s[k]) && k - j < 4)
        sub = sub * 10 + (s[k++] - '0');
    if (k == j || k - j > 3 || k >= n || s[k] != '.')
        return 0;
    j = ++k;
    while (k < n && bk__is_digit((unsigned char)s[k]) && k - j < 4)
        det = det * 10 + (s[k++] - '0');
    if (k == j || k - j > 3)
        return 0;
    if (k < n && (bk__is_digit((unsigned char)s[k]) ||
                  (s[k] == '.' && k + 1 < n && bk__is_digit((unsigned char)s[k + 1]))))
        return 0;
    st->cls = s[i] - '0';
    st->subject = sub;
    st->detail = det;
    *end = k;
    return 1;
}

/* The enhanced code of a diagnostic.  A reporting MTA often wraps the
 * remote server's reply in its own words ("554 4.4.7 Message expired ...
 * <421 4.4.2 Connection timed out>"): the innermost, last code of the
 * same class is the most specific one.  x.0.0 codes give way to any
 * specific code of their class. */
static int find_status(const char *s, size_t n, bk_status *st)
{
    int has = 0;
    bk_status first = {0, 0, 0}, best = {0, 0, 0};
    for (size_t i = 0; i + 4 < n;) {
        size_t e;
        bk_status t;
        i = bk__next_status_at(s, n, i); /* '2', '4' or '5', then '.' */
        if (i + 4 >= n)
            break;
        if (status_at(s, n, i, &t, &e)) {
            if (!has || (first.cls == 2 && t.cls != 2)) {
                /* a failure's code, not the 2.x.x of an accepted command
                 * in a transcript quoted above it ("250 2.1.0 Ok") */
                first = best = t;
                has = 1;
            } else if (t.cls == first.cls && (t.subject || t.detail)) {
                best = t;
            }
            i = e;
            continue;
        }
        i++;
    }
    if (has)
        *st = best;
    return has;
}

/* Texts that say the message expired in the queue or was given up after
 * retries: the format itself states the reason (RFC 3464 "delayed" notices
 * that end in failure, queue lifetimes).  Each phrase holds one of the
 * words of EXPIRY_WORDS (its bit in `word`): a phrase is searched only
 * when its word is in the text. */
static const char *const EXPIRY_WORDS[] = {"retr", "expired", "within", "delivered for", "queue",
                                           "extended period"};
static const struct { const char *phrase; unsigned word; } EXPIRY_PHRASES[] = {
    {"retry timeout exceeded", 1},
    {"retry time not reached for any host after a long failure period", 1},
    {"message expired", 2},
    {"message has expired", 2},
    {"delivery time expired", 2},
    {"could not be delivered within", 4},
    {"was not delivered within", 4},
    {"has not been delivered for", 8},
    {"unable to deliver message after multiple retries", 1},
    {"too long in the queue", 16},
    {"queue lifetime", 16},
    {"delivery expired", 2},
    {"envelope expired", 2},
    {"retry limit exceeded", 1},
    /* Exchange 2000/2003: "Unable to deliver message to the following
     * recipients, due to being unavailable for an extended period of time
     * or a failure to communicate with the remote server" */
    {"unavailable for an extended period of time", 32},
};

static int says_expired(const char *s, size_t n)
{
    unsigned present = 0;
    for (size_t w = 0; w < sizeof EXPIRY_WORDS / sizeof EXPIRY_WORDS[0]; w++)
        if (bk__ifind(s, n, EXPIRY_WORDS[w]))
            present |= 1u << w;
    for (size_t i = 0; i < sizeof EXPIRY_PHRASES / sizeof EXPIRY_PHRASES[0] && present; i++)
        if ((present & EXPIRY_PHRASES[i].word) &&
            bk__ifind_phrase(s, n, EXPIRY_PHRASES[i].phrase, NULL))
            return 1;
    return 0;
}

/* After "mail from": does the text go on as the command does (":",
 * "<address>", "command") rather than as prose ("not accepting mail from
 * you")? */
static int names_command(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && bk__is_space((unsigned char)s[i]))
        i++;
    return i < n && (s[i] == ':' || s[i] == '<' || bk__istarts(s + i, n - i, "command"));
}

/* Is the phrase at [start, end) the name of a field in a listing of the
 * message's envelope ("  RCPT TO: a@example.com" on a line of its own,
 * the value a bare address), rather than the command of a dialogue
 * ("RCPT TO:<a@example.com>", ">>> RCPT To:<...>", "after RCPT TO:<...>")? */
static int envelope_listing(const char *s, size_t start, size_t end, size_t n)
{
    size_t b = start;
    while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == '\t'))
        b--;
    if (b > 0 && s[b - 1] != '\n')
        return 0; /* words before it on its line */
    if (end >= n || s[end] != ':')
        return 0;
    size_t v = end + 1;
    while (v < n && (s[v] == ' ' || s[v] == '\t'))
        v++;
    return v < n && s[v] != '<' && s[v] != '\n';
}

/* smtp_command_of() reads a text of up to CMD_SCAN_MAX bytes once for all
 * its words, keeping up to CMD_OCC_MAX places per word (diagnostics are
 * short: a few hundred bytes); a longer text, or a word found more often,
 * is searched word by word. */
#define CMD_SCAN_MAX 4096
#define CMD_OCC_MAX 16

static const char *smtp_command_of(const char *s, size_t n)
{
    /* The earliest of the phrases below names the command.  Every phrase
     * holds one of the words W: the places of the words are found first,
     * and the phrases are compared around each place a word occurs. */
    static const char *const W[] = {"data", "rcpt", "mail", "ehlo", "helo", "starttls",
                                    "connect", "greeting"};
    enum { DATA, RCPT, MAIL, EHLO, HELO, STLS, CONN, GREET, NWORDS };
    /* the words start with different letters: a word's index + 1 by the
     * first letter, either case */
    static const unsigned char FIRST[256] = {
        ['d'] = DATA + 1, ['D'] = DATA + 1, ['r'] = RCPT + 1,  ['R'] = RCPT + 1,
        ['m'] = MAIL + 1, ['M'] = MAIL + 1, ['e'] = EHLO + 1,  ['E'] = EHLO + 1,
        ['h'] = HELO + 1, ['H'] = HELO + 1, ['s'] = STLS + 1,  ['S'] = STLS + 1,
        ['c'] = CONN + 1, ['C'] = CONN + 1, ['g'] = GREET + 1, ['G'] = GREET + 1};
    size_t wlen[NWORDS];
    for (unsigned w = 0; w < NWORDS; w++)
        wlen[w] = strlen(W[w]);
    /* One pass: the places of every word, in order (all four bytes or
     * longer, so a place needs four bytes left). */
    uint16_t occ[NWORDS][CMD_OCC_MAX];
    unsigned nocc[NWORDS] = {0};
    int listed[NWORDS] = {0}; /* 1: occ holds every place of the word */
    if (n <= CMD_SCAN_MAX) {
        for (unsigned w = 0; w < NWORDS; w++)
            listed[w] = 1;
        size_t i = 0;
#if BK_BOUNCE_SSE2
        /* 16 places a step: those where the first two letters of a word
         * stand (the case bit set on both bytes: a few other bytes pass
         * too, and are ruled out below). */
        const __m128i fold = _mm_set1_epi8(0x20);
        __m128i c0[NWORDS], c1[NWORDS];
        for (unsigned w = 0; w < NWORDS; w++) {
            c0[w] = _mm_set1_epi8(W[w][0]);
            c1[w] = _mm_set1_epi8(W[w][1]);
        }
        for (; i + 17 <= n; i += 16) {
            __m128i b0 = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(s + i)), fold);
            __m128i b1 = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(s + i + 1)), fold);
            __m128i any = _mm_setzero_si128();
            for (unsigned w = 0; w < NWORDS; w++)
                any = _mm_or_si128(any, _mm_and_si128(_mm_cmpeq_epi8(b0, c0[w]), _mm_cmpeq_epi8(b1, c1[w])));
            for (unsigned m = (unsigned)_mm_movemask_epi8(any); m != 0; m &= m - 1) {
                size_t k = i + (size_t)__builtin_ctz(m);
                unsigned f = FIRST[(unsigned char)s[k]];
                if (f == 0 || !bk__istarts(s + k, n - k, W[f - 1]))
                    continue;
                if (nocc[f - 1] < CMD_OCC_MAX)
                    occ[f - 1][nocc[f - 1]++] = (uint16_t)k;
                else
                    listed[f - 1] = 0; /* too many: searched word by word */
            }
        }
#endif
        for (; i + 4 <= n; i++) {
            unsigned f = FIRST[(unsigned char)s[i]];
            if (f == 0)
                continue;
            unsigned w = f - 1;
            if (bk__lower((unsigned char)s[i + 1]) != W[w][1] || !bk__istarts(s + i, n - i, W[w]))
                continue;
            if (nocc[w] < CMD_OCC_MAX)
                occ[w][nocc[w]++] = (uint16_t)i;
            else
                listed[w] = 0; /* too many: searched word by word */
        }
    }
    static const struct { const char *phrase; const char *cmd; unsigned char word, at; } T[] = {
        /* at: where the word starts inside the phrase */
        {"end of data", "DATA", DATA, 7},  {"after data", "DATA", DATA, 6},
        {"final data", "DATA", DATA, 6},   {"data command", "DATA", DATA, 0},
        {">>> data", "DATA", DATA, 4},     {"[data]", "DATA", DATA, 1},
        {"rcpt to", "RCPT", RCPT, 0},      {">>> rcpt", "RCPT", RCPT, 4},
        {"[rcpt_to]", "RCPT", RCPT, 1},    {"after rcpt", "RCPT", RCPT, 6},
        {"mail from", "MAIL", MAIL, 0},    {">>> mail", "MAIL", MAIL, 4},
        {"[mail_from]", "MAIL", MAIL, 1},  {"after mail", "MAIL", MAIL, 6},
        {"ehlo", "EHLO", EHLO, 0},         {"helo", "HELO", HELO, 0},
        {"starttls", "STARTTLS", STLS, 0}, {"after initial connection", "CONN", CONN, 14},
        {"connect to", "CONN", CONN, 0},   {"greeting", "CONN", GREET, 0},
    };
    enum { RCPT_TO = 6, MAIL_FROM = 10 }; /* T[RCPT_TO] is "rcpt to", T[MAIL_FROM] "mail from" */
    const char *best = "";
    size_t bestpos = (size_t)-1;
    for (unsigned w = 0; w < NWORDS; w++) {
        size_t wl = wlen[w];
        size_t from = 0, next = 0; /* next: the index in occ[w] */
        while (from + wl <= n) {
            /* A word at bestpos + 24 or later starts no earlier phrase:
             * once a phrase is found, only the text before that is read. */
            size_t lim = bestpos != (size_t)-1 && bestpos + 24 + wl < n ? bestpos + 24 + wl : n;
            if (from + wl > lim)
                break;
            size_t at;
            if (listed[w]) { /* the next place, the first at or after from */
                if (next == nocc[w] || occ[w][next] + wl > lim)
                    break;
                at = occ[w][next++];
            } else {
                const char *h = bk__ifind(s + from, lim - from, W[w]);
                if (h == NULL)
                    break;
                at = (size_t)(h - s);
            }
            if (bestpos != (size_t)-1 && at >= bestpos + 24) /* none can start earlier */
                break;
            for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
                if (T[i].word != w || at < T[i].at)
                    continue;
                /* wrapped lines: a blank matches any white space */
                size_t start = bk__iphrase_before(s, at, T[i].phrase, T[i].at);
                size_t ml = start < bestpos ? bk__iphrase_len(s + at, n - at, T[i].phrase + T[i].at) : 0;
                /* "RCPT TO: addr" as a field of a listing of the message's
                 * details names no command */
                if (ml && (i != MAIL_FROM || names_command(s + at + ml, n - at - ml)) &&
                    !((i == RCPT_TO || i == MAIL_FROM) && envelope_listing(s, start, at + ml, n))) {
                    bestpos = start;
                    best = T[i].cmd;
                }
            }
            from = at + 1;
        }
    }
    return best;
}

static const char *status_text(ctx *c, const bk_status *st)
{
    char buf[16];
    size_t l = bk_status_format(st, buf, sizeof buf);
    return dup(c, buf, l);
}

/* Fill reason, bounce, decision and permanence from codes and text. */
static void classify(ctx *c, bk_record *x, const bk_status *st, int has_st, const char *text,
                     size_t tl)
{
    (void)c;
    bk_reply_info info;
    memset(&info, 0, sizeof info);
    if (bk__reply_verdict(x->reply_code, has_st ? st : NULL, x->smtp_command, text, tl, &info) ==
        BK_OK) {
        x->reason = info.reason;
        x->bounce = info.bounce;
        x->decision = info.decision;
    }
    int cls = has_st ? st->cls : (x->reply_code ? x->reply_code / 100 : 0);
    if (strcmp(x->action, "delivered") == 0 || strcmp(x->action, "relayed") == 0 ||
        strcmp(x->action, "expanded") == 0) {
        x->reason = BK_REASON_DELIVERED;
        x->bounce = BK_BOUNCE_NONE;
        x->decision = BK_DECISION_NONE;
        x->permanent = 0;
        return;
    }
    int queue_code = has_st && st->subject == 4 && st->detail == 7; /* x.4.7: delivery time expired */
    if ((x->reason == BK_REASON_UNDEFINED || info.basis == BK_BASIS_NONE ||
         info.basis == BK_BASIS_REPLY_CODE || queue_code) &&
        says_expired(text, tl)) {
        x->reason = BK_REASON_EXPIRED;
        x->bounce = bk_reason_bounce(BK_REASON_EXPIRED, (bk_class)cls);
        x->decision = bk_reason_decision(BK_REASON_EXPIRED, (bk_class)cls);
    }
    if (strcmp(x->action, "delayed") == 0) {
        /* a delay notice that names no cause: the message is waiting in
         * the queue (the reason its expiry would give) */
        if (x->reason == BK_REASON_UNDEFINED ||
            (x->reason == BK_REASON_ONHOLD && info.basis == BK_BASIS_NONE)) {
            x->reason = BK_REASON_EXPIRED;
            x->bounce = BK_BOUNCE_SOFT;
            x->decision = bk_reason_decision(BK_REASON_EXPIRED, (bk_class)cls);
        }
        x->permanent = 0;
        if (x->bounce == BK_BOUNCE_HARD)
            x->bounce = BK_BOUNCE_SOFT;
        if (x->decision == BK_DECISION_SUPPRESS)
            x->decision = BK_DECISION_RETRY;
        return;
    }
    if (cls == 5)
        x->permanent = 1;
    else if (cls == 0 && strcmp(x->action, "failed") == 0)
        x->permanent = x->bounce == BK_BOUNCE_HARD || x->reason == BK_REASON_UNDEFINED ||
                       x->reason == BK_REASON_EXPIRED;
    if (x->bounce == BK_BOUNCE_NONE && x->reason == BK_REASON_UNDEFINED &&
        strcmp(x->action, "failed") == 0)
        x->bounce = BK_BOUNCE_SOFT; /* a failure of unknown cause: not to be dropped silently */
}

/* ------------------------------------------------------------------------
 * Message-level facts
 * ---------------------------------------------------------------------- */

static const char *hval(const bk__headers *h, const char *name, size_t *len)
{
    return bk__header_value(h, name, len);
}

static const char *decoded_header(ctx *c, const bk__headers *h, const char *name)
{
    size_t l;
    const char *v = hval(h, name, &l);
    if (l == 0)
        return "";
    size_t ol;
    char *d = bk__decode_words(&c->m, v, l, &ol);
    if (d == NULL)
        return "";
    return one_line(c, d, ol);
}

/* The address of an address header (From, To, ...): the angle-addr of a
 * mailbox, else the first address outside quoted strings and comments,
 * so that a display name holding another address ("Help (old@x)"
 * <new@y>) does not stand in for it; else any address in the value. */
static const char *address_of(ctx *c, const char *v, size_t l)
{
    if (l == 0)
        return "";
    char *a = NULL;
    if (memchr(v, '"', l) == NULL && memchr(v, '(', l) == NULL) {
        /* No quoted strings or comments (the common case): the first
         * <angle-addr> that holds an address, else the whole value. */
        for (const char *lt = memchr(v, '<', l); lt != NULL && a == NULL;
             lt = memchr(lt + 1, '<', l - (size_t)(lt + 1 - v))) {
            const char *gt = memchr(lt, '>', l - (size_t)(lt - v));
            if (gt != NULL && gt > lt + 1)
                a = bk__clean_address(&c->r->arena, lt + 1, (size_t)(gt - lt) - 1);
            if (lt + 1 >= v + l)
                break;
        }
        if (a == NULL)
            a = bk__clean_address(&c->r->arena, v, l);
        return a ? a : "";
    }
    for (int pass = 0; pass < 2 && a == NULL; pass++) {
        int quoted = 0, depth = 0;
        size_t seg = 0;
        for (size_t i = 0; i <= l && a == NULL; i++) {
            char ch = i < l ? v[i] : '\0';
            if (quoted) {
                if (ch == '\\' && i + 1 < l)
                    i++;
                else if (ch == '"')
                    quoted = 0, seg = i + 1;
                continue;
            }
            if (depth) {
                if (ch == '\\' && i + 1 < l)
                    i++;
                else if (ch == '(')
                    depth++;
                else if (ch == ')' && --depth == 0)
                    seg = i + 1;
                continue;
            }
            if (pass == 0 && ch == '<') {
                const char *gt = memchr(v + i, '>', l - i);
                if (gt != NULL && gt > v + i + 1)
                    a = bk__clean_address(&c->r->arena, v + i + 1, (size_t)(gt - v) - i - 1);
            } else if (ch == '"' || ch == '(' || i == l) {
                if (pass == 1 && i > seg)
                    a = bk__clean_address(&c->r->arena, v + seg, i - seg);
                if (ch == '"')
                    quoted = 1;
                else if (ch == '(')
                    depth = 1;
            }
        }
    }
    if (a == NULL)
        a = bk__clean_address(&c->r->arena, v, l);
    return a ? a : "";
}

static const char *date_of(ctx *c, const char *v, size_t l)
{
    char buf[40];
    if (l && bk__date_rfc3339(v, l, buf, sizeof buf))
        return dup(c, buf, strlen(buf));
    return "";
}

/* A message id without its angle brackets (and anything after the first
 * one, as in "<a@b> (comment)"). */
static const char *bare_id(ctx *c, const char *v, size_t l)
{
    size_t a = 0;
    while (a < l && (v[a] == '<' || v[a] == ' '))
        a++;
    /* to the first '>' or blank after that (two memchr: ids are long) */
    const char *gt = a < l ? memchr(v + a, '>', l - a) : NULL;
    const char *sp = a < l ? memchr(v + a, ' ', l - a) : NULL;
    size_t b = gt ? (size_t)(gt - v) : l;
    if (sp != NULL && (size_t)(sp - v) < b)
        b = (size_t)(sp - v);
    return dup(c, v + a, b - a);
}

/* Does v hold "=?", the start of an RFC 2047 encoded word?  Found by its
 * '?', the rarer byte ('=' fills DKIM signatures and URLs). */
static int has_encoded_word_start(const char *v, size_t n)
{
    for (const char *q = n > 1 ? memchr(v + 1, '?', n - 1) : NULL; q != NULL;
         q = (size_t)(q + 1 - v) < n ? memchr(q + 1, '?', n - (size_t)(q + 1 - v)) : NULL)
        if (q[-1] == '=')
            return 1;
    return 0;
}

static void returned_facts(ctx *c)
{
    bk__headers *rh = &c->r->returned;
    size_t l;
    const char *v;
    /* The returned headers are handed out decoded: RFC 2047 words become
     * UTF-8 in copies, the fields themselves stay as they were. */
    if (rh->n > 0) {
        /* handed out by the result: every value finished first (then the
         * result's readers only read them) */
        for (size_t i = 0; i < rh->n; i++)
            bk__header_ready(&rh->h[i]);
        bk__header *copy = bk__arena_alloc_raw(&c->r->arena, rh->n * sizeof *copy);
        if (copy == NULL) {
            c->err = c->r->arena.err ? c->r->arena.err : BK_ENOMEM;
            return;
        }
        memcpy(copy, rh->h, rh->n * sizeof *copy);
        for (size_t i = 0; i < rh->n; i++) {
            size_t cl;
            const char *cv = bk__header_val(&copy[i], &cl);
            if (cl < 2 || !has_encoded_word_start(cv, cl))
                continue;
            size_t dl;
            char *d = bk__decode_words(&c->m, cv, cl, &dl);
            if (d != NULL) { /* a finished value of its own */
                copy[i].value_ = d;
                copy[i].vlen_ = dl;
            }
        }
        rh->h = copy;
    }
    if (rh->n > 0) {
        v = hval(rh, "Message-ID", &l);
        if (l)
            c->message_id = bare_id(c, v, l);
        c->subject = decoded_header(c, rh, "Subject");
        v = hval(rh, "List-Id", &l);
        if (l)
            c->list_id = one_line(c, v, l);
        v = hval(rh, "Return-Path", &l);
        if (!l)
            v = hval(rh, "From", &l);
        c->sender = address_of(c, v, l);
    }
}

/* ------------------------------------------------------------------------
 * Phrase tables searched for every message
 * ---------------------------------------------------------------------- */

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The fingerprints of family(): three passes, most telling first: the
 * bounce's own headers (From, X-*), then the wording of its text, then
 * the bottom-most Received field (the one the generating system wrote;
 * the others describe the way to the mailbox).  Within a pass the first
 * match wins.  HF: a row with its field name's length, known at compile
 * time. */
#define HF(field, needle, fam) {field, sizeof field - 1, needle, fam}
static const struct {
    const char *field;
    size_t flen;
    const char *needle;
    const char *fam;
} FAMILY_HEADERS[] = {
    HF("X-MS-Exchange-Organization-SCL", "", "office365"),
    HF("X-Mailer", "Sendmail", "sendmail"),
    HF("X-SES-Outgoing", "", "amazonses"),
    HF("X-Amz-SES", "", "amazonses"),
    HF("From", "amazonses.com", "amazonses"),
    HF("X-Failed-Recipients", "googlegroups.com", "googlegroups"),
    HF("From", "googlemail.com", "gmail"),
    HF("From", "mail.ru", "mailru"),
    HF("From", "gmx.", "gmx"),
    HF("From", "zoho", "zoho"),
    HF("From", "outlook.com", "outlook"),
    HF("From", "hotmail", "outlook"),
    HF("X-Google-Original-From", "", "googlegroups"),
    HF("List-Id", "googlegroups.com", "googlegroups"),
    HF("X-Gm-Message-State", "", "gmail"),
    HF("X-Google-Smtp-Source", "", "gsuite"),
    HF("From", "yahoo", "yahoo"),
    HF("X-MS-Exchange-Message-Is-Ndr", "", "office365"),
    HF("X-MS-Exchange-CrossTenant-Id", "", "office365"),
    HF("X-Mailer", "Microsoft Exchange", "exchange"),
    HF("From", "yandex", "yandex"),
    HF("X-Mailer", "Lotus Domino", "domino"),
    HF("X-Mailer", "Novell GroupWise", "groupwise"),
};
#undef HF
/* (A row holding an earlier row's phrase can never decide: "running
 * the Courier mail server", "This is the Postfix program" are not
 * rows for that reason.) */
static const struct { const char *needle; const char *fam; } FAMILY_TEXT[] = {
    {"qmail-send program", "qmail"},
    {"DragonFly Mail Agent", "dragonfly"},
    {"This message was created automatically by mail delivery software", "exim"},
    {"The Postfix program", "postfix"},
    {"This is the mail system at host", "postfix"},
    {"The original message was received at", "sendmail"},
    {"----- Transcript of session follows -----", "sendmail"},
    {"Google tried to deliver your message", "gmail"},
    {"Delivery to the following recipient failed permanently", "gmail"},
    {"Sorry, we were unable to deliver your message", "yahoo"},
    {"Courier mail server", "courier"},
    {"googlegroups.com", "googlegroups"},
    {"Diagnostic information for administrators", "office365"},
    {"Remote Server returned '", "exchange"},
    {"not listed in Domino Directory", "domino"},
    {"Mailer: Zoho", "zoho"},
    {"OpenSMTPD", "opensmtpd"},
    {"MAILER-DAEMON, please DO NOT REPLY", "opensmtpd"},
    {"Barracuda", "barracuda"},
    {"Mimecast", "mimecast"},
    {"MessageLabs", "messagelabs"},
    {"Trend Micro", "trendmicro"},
    {"McAfee", "mcafee"},
};
static const struct { const char *needle; const char *fam; } FAMILY_RECEIVED[] = {
    {"(Exim", "exim"},
    {"(Postfix", "postfix"},
    {"Microsoft SMTP Server", "exchange"},
    {"Sun Java(tm) System Messaging Server", "messagingserver"},
    {"Oracle Communications Messaging", "messagingserver"},
    {"(OpenSMTPD)", "opensmtpd"},
};

/* The words and phrases of says_delayed(): each phrase holds one of the
 * words (its bit), and is searched only when its word is in the text. */
static const char *const DELAY_WORDS[] = {"will",       "delay",      "trying",    "not yet",
                                          "could not send", "noch nicht", "versucht", "pas encore",
                                          "ancora stato", "ainda não", "todavía no", "пока не",
                                          "будут продолж"};
static const struct { const char *phrase; unsigned word; } DELAY_PHRASES[] = {
    {"will continue trying", 1}, {"will keep trying", 1}, {"will retry", 1},
    {"still trying", 4}, {"delivery is delayed", 2}, {"has been delayed", 2},
    {"not yet been delivered", 8}, {"delayed mail", 2}, {"warning: could not send", 16},
    {"delivery delayed", 2}, {"will be retried", 1}, {"(delay)", 2},
    {"delivery attempts will continue", 1},
    /* the same in the templates of German, French, Italian, Portuguese,
     * Spanish and Russian installations and providers */
    {"noch nicht zugestellt", 32}, {"noch nicht erhalten", 32},
    {"wird weiterhin versucht", 64}, {"es wird weiter versucht", 64},
    {"pas encore été délivré", 128}, {"pas encore été remis", 128},
    {"non è ancora stato consegnato", 256}, {"ainda não foi entregue", 512},
    {"todavía no se ha entregado", 1024}, {"пока не доставлено", 2048},
    {"будут продолжены", 4096}};

/* The words before an address that make it someone to ask, not a
 * recipient (after_contact_words()); not "contact" alone: "unable to
 * contact the host for <x>". */
static const char *const CONTACT_WORDS[] = {"please contact", "contact us", "contact our",
                                            "contact your", "contact:", "help desk", "helpdesk", "write to",
                                            "send mail to", "questions", "assistance", "notify",
                                            "inform us", "let us know", "email us", "e-mail us",
                                            "mail us", "reach us", "for more information",
                                            "for further information", NULL};

/* The words before the receiving host in a reply's text
 * (remote_in_text()), in the order they are tried; searched for every
 * record without a Remote-MTA field. */
static const char *const REMOTE_LEADS[] = {"host ", "host: ", "remote server at ", "connected to ",
                                           "while talking to ", "h\xc3\xb4te "};

/* The words one of which every line that introduces the returned
 * message holds (cut_text(), is_marker_line()). */
static const char *const MARKER_WORDS[] = {"message", "headers are attached"};

_Static_assert(NELEM(FAMILY_TEXT) <= BK_PSET_MAX && NELEM(DELAY_WORDS) <= 32, "phrase sets");

/* The needles of the tables above, prepared once per parser handle: the
 * tables are constant, and working out a needle's length and anchor at
 * every search cost about 70 instructions a search (some 36 searches a
 * message).  Written only by phrase_needles_new(), read-only after. */
struct phrase_needles {
    bk__needle fam_header[NELEM(FAMILY_HEADERS)];
    uint32_t fam_header_letters[NELEM(FAMILY_HEADERS)]; /* bk__letters() of each needle */
    bk__pset fam_text; /* FAMILY_TEXT's phrases */
    bk__needle fam_received[NELEM(FAMILY_RECEIVED)];
    uint32_t fam_firsts; /* FAMILY_HEADERS' first letters, by their low five bits */
    bk__pset delay_word; /* DELAY_WORDS */
    bk__pset contact;    /* CONTACT_WORDS */
    bk__needle delay_phrase[NELEM(DELAY_PHRASES)];
    bk__needle marker_word[NELEM(MARKER_WORDS)];
    bk__needle remote_lead[NELEM(REMOTE_LEADS)];
};

static struct phrase_needles *phrase_needles_new(void)
{
    struct phrase_needles *pn = calloc(1, sizeof *pn);
    if (pn == NULL)
        return NULL;
    for (size_t i = 0; i < NELEM(FAMILY_HEADERS); i++) {
        bk__needle_prep(&pn->fam_header[i], FAMILY_HEADERS[i].needle);
        pn->fam_header_letters[i] = bk__letters(FAMILY_HEADERS[i].needle, pn->fam_header[i].len);
        pn->fam_firsts |= 1u << (bk__lower((unsigned char)FAMILY_HEADERS[i].field[0]) & 31);
    }
    const char *ft[NELEM(FAMILY_TEXT)];
    for (size_t i = 0; i < NELEM(FAMILY_TEXT); i++)
        ft[i] = FAMILY_TEXT[i].needle;
    if (bk__pset_init(&pn->fam_text, ft, NELEM(ft)) != 0 ||
        bk__pset_init(&pn->delay_word, DELAY_WORDS, NELEM(DELAY_WORDS)) != 0 ||
        bk__pset_init(&pn->contact, CONTACT_WORDS, NELEM(CONTACT_WORDS) - 1) != 0) {
        free(pn);
        return NULL;
    }
    for (size_t i = 0; i < NELEM(FAMILY_RECEIVED); i++)
        bk__needle_prep(&pn->fam_received[i], FAMILY_RECEIVED[i].needle);
    for (size_t i = 0; i < NELEM(DELAY_PHRASES); i++)
        bk__needle_prep(&pn->delay_phrase[i], DELAY_PHRASES[i].phrase);
    for (size_t i = 0; i < NELEM(MARKER_WORDS); i++)
        bk__needle_prep(&pn->marker_word[i], MARKER_WORDS[i]);
    for (size_t i = 0; i < NELEM(REMOTE_LEADS); i++)
        bk__needle_prep(&pn->remote_lead[i], REMOTE_LEADS[i]);
    return pn;
}

/* The bounce's bottom-most Received field, where it entered the mail
 * (the fields above it describe the way to the mailbox), or NULL. */
static const bk__header *bottom_received(const ctx *c)
{
    const bk__header *last = NULL;
    for (size_t k = 0; k < c->top->n; k++)
        if (c->top->h[k].nlen == 8 && bk__ieq(c->top->h[k].name, 8, "Received"))
            last = &c->top->h[k];
    return last;
}

/* Decide the family of a message from its fingerprints (the tables
 * above).  The name only labels records; decoding does not depend on it. */
static const char *family(ctx *c)
{
    const struct phrase_needles *pn = c->p->needles;
    /* The headers are read once: each is compared with the rows of its
     * first letter (most headers start with none of them), and the
     * earliest row matched wins, as if the rows were tried in turn. */
    size_t nh = NELEM(FAMILY_HEADERS), best = nh;
    for (size_t k = 0; k < c->top->n && best > 0; k++) {
        const bk__header *h = &c->top->h[k];
        int h0 = bk__lower((unsigned char)h->name[0]);
        if (!((pn->fam_firsts >> (h0 & 31)) & 1))
            continue;
        /* the letters of the value, for the rows of its field with a
         * needle: most needles (the From field's domains) lack one of them
         * and are not searched */
        uint32_t letters = 0;
        int have_letters = 0;
        const char *v = NULL;
        size_t vl = 0;
        for (size_t i = 0; i < best; i++) {
            if (FAMILY_HEADERS[i].flen != h->nlen || bk__lower((unsigned char)FAMILY_HEADERS[i].field[0]) != h0 ||
                !bk__ieq(h->name, h->nlen, FAMILY_HEADERS[i].field))
                continue;
            if (FAMILY_HEADERS[i].needle[0] == '\0') {
                best = i;
                continue;
            }
            if (!have_letters) {
                v = bk__header_val(h, &vl);
                letters = bk__letters(v, vl);
                have_letters = 1;
            }
            if ((pn->fam_header_letters[i] & ~letters) == 0 && bk__ifind_n(v, vl, &pn->fam_header[i]))
                best = i;
        }
    }
    if (best < nh)
        return FAMILY_HEADERS[best].fam;
    if (c->text_len) {
        /* the first row the opening holds: one pass for all of them */
        uint64_t rows = opening_holds(c, &pn->fam_text, 1);
        for (size_t i = 0; rows != 0; i++, rows >>= 1)
            if (rows & 1)
                return FAMILY_TEXT[i].fam;
    }
    const bk__header *last_recv = bottom_received(c);
    if (last_recv != NULL) {
        size_t vl;
        const char *v = bk__header_val(last_recv, &vl);
        for (size_t i = 0; i < NELEM(FAMILY_RECEIVED); i++)
            if (bk__ifind_n(v, vl, &pn->fam_received[i]))
                return FAMILY_RECEIVED[i].fam;
    }
    return "";
}

/* ------------------------------------------------------------------------
 * The human-readable text and the returned message
 * ---------------------------------------------------------------------- */

/* Phrases of a line that introduces the returned message.  All but
 * "headers are attached" hold the word "message": MK gives such a phrase
 * with the offset of that word in it, known at compile time, so a line
 * is compared with the phrases only around the places of the word. */
typedef struct marker_phrase {
    const char *phrase;
    size_t len; /* strlen(phrase) */
    size_t at;  /* the offset of "message" in phrase */
} marker_phrase;
#define MK(before, after) {before "message" after, sizeof before "message" after - 1, sizeof before - 1}
static const marker_phrase RETURNED_MARKERS[] = {
    MK("below this line is a copy of the ", ""),
    MK("this is a copy of the ", ""),
    MK("", " headers follow"),
    MK("original ", " follows"),
    MK("original ", " headers"),
    MK("the original ", " was"),
    MK("headers of the original ", ""),
    MK("header of the original ", ""),
    MK("returned ", ""),
    MK("unsent ", " below"),
    MK("undelivered ", " attached"),
    MK("original ", ""),
    MK("the ", " header"),
    MK("copy of the ", ""),
    MK("text of the ", " follows"),
    MK("the ", " you sent"),
    MK("", " text follows"),
    MK("lines of the ", " follow"), /* SmarterMail: "-- The header and top 20 lines of the message follows --" */
    MK("old ", ":"),                /* IIS SMTPSVC */
};
/* the two that stand unframed in running text */
static const marker_phrase UNFRAMED_MARKERS[] = {
    MK("", " headers follow"),
    MK("below this line is a copy of the ", ""),
};
#undef MK

/* The pairs of adjacent bytes of a short text, as a set hashed into 1024
 * bits: a phrase one of whose first pairs is missing cannot be in the
 * text, and its search is skipped (a hash collision only costs that
 * search).  Built once, it answers for every phrase of a list. */
typedef struct pair_set {
    uint64_t bits[16];
} pair_set;

static inline unsigned pair_key(unsigned char a, unsigned char b)
{
    return ((unsigned)a << 5 ^ (unsigned)b) & 1023u;
}

static void pair_set_build(pair_set *ps, const char *low, size_t n)
{
    memset(ps->bits, 0, sizeof ps->bits);
    for (size_t i = 0; i + 1 < n; i++) {
        unsigned k = pair_key((unsigned char)low[i], (unsigned char)low[i + 1]);
        ps->bits[k >> 6] |= 1ull << (k & 63);
    }
}

/* Can the phrase (two bytes or more) be in the text: are its first three
 * pairs in the set? */
static int pair_set_may_hold(const pair_set *ps, const char *ph)
{
    for (size_t j = 0; j < 3 && ph[j + 1] != '\0'; j++) {
        unsigned k = pair_key((unsigned char)ph[j], (unsigned char)ph[j + 1]);
        if (!((ps->bits[k >> 6] >> (k & 63)) & 1))
            return 0;
    }
    return 1;
}

/* Does a short lower-case text hold one of the phrases (lower case, a
 * NULL-terminated list)?  ps is the text's pair set (pair_set_build), or
 * NULL for a list too short to pay for one.  memchr finds the places of
 * a phrase's first byte; the second byte rules most of them out before
 * the phrase is measured and compared. */
static int holds_any(const char *low, size_t n, const char *const *phrases, const pair_set *ps)
{
    const char *end = low + n;
    for (const char *const *p = phrases; *p; p++) {
        const char *ph = *p;
        if (ph[0] == '\0')
            return 1;
        if (ps != NULL && ph[1] != '\0' && !pair_set_may_hold(ps, ph))
            continue;
        for (const char *f = memchr(low, ph[0], n); f != NULL;
             f = f + 1 < end ? memchr(f + 1, ph[0], (size_t)(end - f - 1)) : NULL) {
            if (ph[1] == '\0')
                return 1;
            if (f + 1 == end || f[1] != ph[1])
                continue;
            size_t ml = strlen(ph);
            if ((size_t)(end - f) >= ml && memcmp(f + 2, ph + 2, ml - 2) == 0)
                return 1;
        }
    }
    return 0;
}

/* The lengths of a marker line (from its first non-blank byte): at least
 * the word "message", and short, a heading rather than a paragraph */
#define MARKER_LINE_MIN 7
#define MARKER_LINE_MAX 120
/* Bytes searched ahead at a time for the words of the markers */
#define KW_WINDOW 512

/* Does the short lower-case text hold one of the phrases (each holding
 * "message")?  An occurrence of a phrase has the word at its offset, so
 * trying every phrase at every place of the word finds them all. */
static int holds_marker(const char *low, size_t n, const marker_phrase *ph, size_t count)
{
    static const char WORD[] = "message";
    const size_t wl = sizeof WORD - 1;
    for (const char *f = memchr(low, 'm', n); f != NULL && (size_t)(f - low) + wl <= n;
         f = memchr(f + 1, 'm', n - (size_t)(f + 1 - low))) {
        size_t q = (size_t)(f - low);
        if (memcmp(f + 1, WORD + 1, wl - 1) != 0)
            continue;
        for (size_t i = 0; i < count; i++) {
            size_t st = q - ph[i].at; /* where the phrase would start */
            if (q >= ph[i].at && st + ph[i].len <= n && low[st] == ph[i].phrase[0] &&
                memcmp(low + st, ph[i].phrase, ph[i].len) == 0)
                return 1;
        }
    }
    return 0;
}

/* Is the line (which holds "message" or "headers are attached": every
 * marker holds one, and cut_text asks only about such lines) a marker? */
static int is_marker_line(const char *s, size_t n)
{
    if (n > MARKER_LINE_MAX || n < MARKER_LINE_MIN)
        return 0;
    /* A marker is short and usually framed by dashes or ends with a colon. */
    int framed = (n > 2 && (s[0] == '-' || s[0] == '=' || s[0] == '*' || s[0] == '_' || s[0] == ' ')) ||
                 (n > 0 && (s[n - 1] == ':' || s[n - 1] == '-' || s[n - 1] == '.'));
    /* Framed only by a closing '.', a line that starts in lower case
     * continues a sentence of the notice ("... from the attached returned
     * message."), it does not announce the returned message. */
    if (framed && s[n - 1] == '.' && s[0] >= 'a' && s[0] <= 'z')
        framed = 0;
    /* The line is short: search a lower-case copy for each marker (all
     * are written in lower case). */
    char low[MARKER_LINE_MAX];
    bk__lower_copy(low, s, n);
    if (!framed) /* two markers stand unframed in running text */
        return holds_marker(low, n, UNFRAMED_MARKERS, NELEM(UNFRAMED_MARKERS));
    /* A line that states the failure and introduces the failed addresses
     * is the notice ("The original message was not delivered to the
     * following address:", Mercury), not the returned message's heading. */
    static const char *const NOTICE[] = {"not delivered to", "not be delivered to",
                                         "following address", "following recipient", NULL};
    static const char *const ATTACHED[] = {"headers are attached", NULL};
    /* (the markers first: most lines that hold the word are neither) */
    if (!holds_marker(low, n, RETURNED_MARKERS, NELEM(RETURNED_MARKERS)) && !holds_any(low, n, ATTACHED, NULL))
        return 0;
    return !holds_any(low, n, NOTICE, NULL);
}

/* Is the line a header field typical of a message's start? */
static int is_returned_header_line(const char *s, size_t n)
{
    static const char *const H[] = {"Return-Path:", "Received:", "Message-ID:", "DKIM-Signature:",
                                    "X-Received:", "Authentication-Results:", NULL};
    /* their first letters, a quick no for most lines */
    int c0 = n > 0 ? bk__lower((unsigned char)s[0]) : 0;
    if (c0 != 'r' && c0 != 'm' && c0 != 'd' && c0 != 'x' && c0 != 'a')
        return 0;
    for (const char *const *p = H; *p; p++)
        if (bk__istarts(s, n, *p))
            return 1;
    return 0;
}

/* Cut c->text before the returned message and parse its headers when no
 * MIME part carried them. */
static void cut_text(ctx *c, int want_headers)
{
    const char *s = c->text;
    size_t n = c->text_len, pos = 0;
    /* Where the next "message" / "headers are attached" starts: only
     * lines holding one can be markers, and the text is searched for them
     * ahead of the lines instead of every line for every marker.  found[k]:
     * at[k] is the first place at or after the current line; else no place
     * starts before lim[k] (from the current line on).  The search looks
     * KW_WINDOW bytes ahead at a time, not to the end of the text: the text
     * is cut at its first marker, and what follows (often the returned
     * message) need not be read. */
    const bk__needle *kw = c->p->needles->marker_word;
    size_t at[NELEM(MARKER_WORDS)] = {0}, lim[NELEM(MARKER_WORDS)] = {0};
    int found[NELEM(MARKER_WORDS)] = {0};
    while (pos < n) {
        const char *lf = memchr(s + pos, '\n', n - pos);
        size_t le = lf ? (size_t)(lf - s) : n;
        size_t a = pos;
        while (a < le && (s[a] == ' ' || s[a] == '\t'))
            a++;
        int candidate = 0;
        /* is_marker_line() takes no line shorter or longer than these, and
         * the phrases hold no line end: a place before le is on the line */
        for (size_t k = 0; k < NELEM(MARKER_WORDS) && !candidate && le - a >= MARKER_LINE_MIN &&
                           le - a <= MARKER_LINE_MAX;
             k++) {
            if (found[k] && at[k] < pos) { /* passed: nothing known from here on */
                found[k] = 0;
                lim[k] = pos;
            }
            if (!found[k] && lim[k] < le) {
                size_t from = lim[k] > pos ? lim[k] : pos;
                size_t wend = from + KW_WINDOW > le ? from + KW_WINDOW : le;
                if (wend > n)
                    wend = n;
                const char *h = bk__ifind_n(s + from, wend - from, &kw[k]);
                if (h != NULL) {
                    found[k] = 1;
                    at[k] = (size_t)(h - s);
                } else {
                    /* wend < n only when wend - from >= KW_WINDOW, longer than the phrase */
                    lim[k] = wend == n ? n : wend - kw[k].len + 1;
                }
            }
            if (found[k] && at[k] < le)
                candidate = 1;
        }
        int marker = candidate && is_marker_line(s + a, le - a);
        int hdr = !marker && pos > 0 && is_returned_header_line(s + pos, le - pos);
        if (hdr) {
            /* A header line alone is not enough: the next line must be a
             * header or a continuation too. */
            size_t nx = lf ? le + 1 : n;
            const char *lf2 = nx < n ? memchr(s + nx, '\n', n - nx) : NULL;
            size_t le2 = lf2 ? (size_t)(lf2 - s) : n;
            int ok = nx < n && (s[nx] == ' ' || s[nx] == '\t' ||
                                memchr(s + nx, ':', le2 - nx) != NULL);
            hdr = ok;
        }
        if (marker || hdr) {
            c->text_len = pos;
            if (want_headers) {
                size_t h0 = marker ? (lf ? le + 1 : n) : pos;
                while (h0 < n && (s[h0] == '\n' || s[h0] == ' ' || s[h0] == '\t'))
                    h0++;
                size_t body;
                bk__headers rh;
                if (h0 < n && bk__headers_parse(&c->r->arena, &c->m.lim, s + h0, n - h0, &rh, &body) == 0 &&
                    rh.n > 0)
                    c->r->returned = rh;
            }
            return;
        }
        pos = lf ? le + 1 : n;
    }
}

/* Strip HTML tags and decode a few entities, for bounces that only have
 * an HTML part. */
static const char *html_to_text(ctx *c, const char *s, size_t n, size_t *outlen)
{
    /* HTML text: line ends and runs of blanks are one space (outside
     * <pre>); <br> ends a line, block elements (<p>, <div>, <tr>, <li>,
     * headings) end a paragraph; <style>, <script> and <head> contents
     * are not text. */
    char *d = bk__arena_alloc_raw(&c->r->arena, n + 1);
    if (d == NULL)
        return NULL;
    size_t o = 0;
    int intag = 0, pre = 0;
    for (size_t i = 0; i < n; i++) {
        if (intag) { /* to the end of the tag */
            const char *gt = memchr(s + i, '>', n - i);
            if (gt == NULL)
                break;
            i = (size_t)(gt - s);
            intag = 0;
            continue;
        }
        char ch = s[i];
        if (ch != '<' && ch != '&') { /* a run of text up to the next markup */
            size_t j = i + 1;
            while (j < n && s[j] != '<' && s[j] != '&')
                j++;
            for (size_t k = i; k < j; k++) {
                char t = s[k];
                if (!pre && (t == '\n' || t == '\r' || t == '\t' || t == ' ')) {
                    if (o > 0 && d[o - 1] != ' ' && d[o - 1] != '\n')
                        d[o++] = ' ';
                    continue;
                }
                d[o++] = t;
            }
            i = j - 1;
            continue;
        }
        if (ch == '<') {
            /* Keep <user@example.com>: it is text, not a tag. */
            size_t j = i + 1;
            while (j < n && j - i < 300 && s[j] != '>' && s[j] != '<' && s[j] != ' ' && s[j] != '\n')
                j++;
            if (j < n && s[j] == '>' && memchr(s + i, '@', j - i) != NULL) {
                memcpy(d + o, s + i, j - i + 1);
                o += j - i + 1;
                i = j;
                continue;
            }
            /* Elements whose content is not text: skip to their end tag. */
            static const char *const SKIP[][2] = {
                {"<style", "</style"}, {"<script", "</script"}, {"<head>", "</head"}, {"<head ", "</head"}};
            int skipped = 0;
            for (size_t k = 0; k < sizeof SKIP / sizeof SKIP[0] && !skipped; k++) {
                if (!bk__istarts(s + i, n - i, SKIP[k][0]))
                    continue;
                const char *e = bk__ifind(s + i, n - i, SKIP[k][1]);
                if (e == NULL)
                    break;
                i = (size_t)(e - s);
                skipped = 1;
            }
            if (skipped) {
                intag = 1;
                continue;
            }
            /* The tag's name, read once: "<p", "</div", "<h2" ... */
            size_t t = i + 1;
            int closing = t < n && s[t] == '/';
            if (closing)
                t++;
            char name[8];
            size_t nl = 0;
            while (t + nl < n && nl < sizeof name - 1 &&
                   (bk__is_alpha((unsigned char)s[t + nl]) || bk__is_digit((unsigned char)s[t + nl]))) {
                name[nl] = (char)bk__lower((unsigned char)s[t + nl]);
                nl++;
            }
            name[nl] = '\0';
            size_t after = t + nl;
            int ends = after < n && (s[after] == '>' || s[after] == ' ' || s[after] == '/' ||
                                     s[after] == '\n' || s[after] == '\t');
            int br = !closing && nl >= 2 && name[0] == 'b' && name[1] == 'r';
            /* block elements: p, div, tr, li (not </li>), h1-h3, table,
             * pre; told apart by length first (a compare with each name
             * was a tenth of this function's work) */
            int block = 0;
            if (ends) {
                switch (nl) {
                case 1: block = name[0] == 'p'; break;
                case 2:
                    block = (name[0] == 't' && name[1] == 'r') ||
                            (name[0] == 'l' && name[1] == 'i' && !closing) ||
                            (name[0] == 'h' && name[1] >= '1' && name[1] <= '3');
                    break;
                case 3: block = memcmp(name, "div", 3) == 0 || memcmp(name, "pre", 3) == 0; break;
                case 5: block = memcmp(name, "table", 5) == 0; break;
                default: break;
                }
            }
            if (nl >= 3 && memcmp(name, "pre", 3) == 0)
                pre = !closing;
            /* table cells of a row ("<th>To</th><td>x@y</td>") are words
             * apart */
            if (ends && nl == 2 && name[0] == 't' && (name[1] == 'd' || name[1] == 'h') && o > 0 &&
                d[o - 1] != ' ' && d[o - 1] != '\n')
                d[o++] = ' ';
            if (br || block) {
                while (o > 0 && d[o - 1] == ' ')
                    o--; /* no blank before a line end */
                /* a line end for <br>, an empty line between blocks */
                if (br) {
                    d[o++] = '\n';
                } else if (o > 0) {
                    if (d[o - 1] != '\n')
                        d[o++] = '\n';
                    if (o < 2 || d[o - 2] != '\n')
                        d[o++] = '\n';
                }
            }
            intag = 1;
            continue;
        }
        if (ch == '&') {
            static const struct { const char *e; char ch; } E[] = {
                {"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&nbsp;", ' '}, {"&quot;", '"'}, {"&#64;", '@'},
                {"&#39;", '\''}, {"&apos;", '\''}};
            int done = 0;
            for (size_t k = 0; k < sizeof E / sizeof E[0]; k++) {
                size_t el = strlen(E[k].e);
                if (n - i >= el && bk__istarts(s + i, n - i, E[k].e)) {
                    d[o++] = E[k].ch;
                    i += el - 1;
                    done = 1;
                    break;
                }
            }
            if (done)
                continue;
        }
        d[o++] = ch;
    }
    d[o] = '\0';
    *outlen = o;
    return d;
}

static void find_text(ctx *c)
{
    c->text = "";
    c->text_len = 0;
    int html = -1;
    for (size_t i = 0; i < c->m.nparts; i++) {
        bk__part *p = &c->m.parts[i];
        if (c->inside[i] || p->kind != BK__PART_LEAF)
            continue;
        if (strcmp(p->type, "text/plain") == 0) {
            /* A plain part after an HTML one is the notice's other form
             * only inside the same multipart/alternative; otherwise the
             * HTML part, first, is the notice (the plain one may be the
             * returned message written out as text). */
            if (html >= 0 && !(c->m.parts[html].parent == p->parent && p->parent >= 0 &&
                               strcmp(c->m.parts[p->parent].type, "multipart/alternative") == 0))
                break;
            if (bk__part_decode(&c->m, p) != 0)
                continue;
            size_t k = 0;
            while (k < p->text_len && bk__is_space((unsigned char)p->text[k]))
                k++;
            if (k == p->text_len)
                continue;
            c->text = p->text;
            c->text_len = p->text_len > TEXT_MAX ? TEXT_MAX : p->text_len;
            return;
        }
        if (html < 0 && strcmp(p->type, "text/html") == 0)
            html = (int)i;
    }
    if (html >= 0) {
        bk__part *p = &c->m.parts[html];
        if (bk__part_decode(&c->m, p) == 0) {
            size_t ol = 0;
            const char *t = html_to_text(c, p->text, p->text_len > TEXT_MAX ? TEXT_MAX : p->text_len, &ol);
            if (t) {
                c->text = t;
                c->text_len = ol;
            }
        }
    }
}

/* ------------------------------------------------------------------------
 * The text decoder: recipients and their blocks of text
 * ---------------------------------------------------------------------- */

/* The start of the logical line that the line at s0 belongs to: a line
 * indented deeper than a non-empty line above it continues that line
 * ("User's mailbox is full:\n    <addr>"); a line indented like the one
 * above or less (Exim's "  addr" after the previous recipient's
 * "    reason") starts its own. */
static size_t wrapped_line_start(const char *s, size_t s0)
{
    enum { WRAPPED_LINES_MAX = 3 };
    for (int k = 0; k < WRAPPED_LINES_MAX && s0 > 1; k++) {
        size_t ind = 0, i = s0; /* indentation in columns, tabs to 8 */
        for (; s[i] == ' ' || s[i] == '\t'; i++)
            ind = s[i] == '\t' ? (ind / 8 + 1) * 8 : ind + 1;
        if (ind == 0)
            break;
        size_t p = s0 - 1; /* the line end above */
        while (p > 0 && s[p - 1] != '\n')
            p--;
        size_t q = p, above = 0;
        for (; q < s0 - 1 && (s[q] == ' ' || s[q] == '\t'); q++)
            above = s[q] == '\t' ? (above / 8 + 1) * 8 : above + 1;
        if (q == s0 - 1 || above >= ind || s[q] == '-')
            break; /* empty, indented as deep, or a "----- ... -----" heading */
        s0 = p;
    }
    return s0;
}

static const char *entry_and_shared(ctx *c, size_t b0, size_t b1, size_t *len);

typedef struct cand {
    const char *addr;
    size_t line_start; /* offset of the line that first names it */
    size_t line_end;
    int strong;        /* the line is about it (it leads the line) */
    int sender;        /* the original sender's own address, or a
                        * postmaster-style one alone on its line: counts
                        * only when no one else is named */
    int moved;         /* its line was moved off a header listing */
} cand;

/* Does the address at offset a lead its line: only blanks, '<', '"', '(',
 * or a short label ending in ':' ("Recipient:", "RCPT TO:") before it? */
static int leads_line(const char *s, size_t n, size_t a)
{
    (void)n;
    size_t i = 0;
    while (i < a && (s[i] == ' ' || s[i] == '\t' || s[i] == '<' || s[i] == '"' || s[i] == '(' ||
                     s[i] == '*' || s[i] == '-'))
        i++;
    if (i == a)
        return 1;
    /* a label of at most three words, then ':' */
    size_t words = 1, j = i;
    while (j < a && s[j] != ':') {
        if (s[j] == ' ')
            words++;
        if (!(bk__is_alpha((unsigned char)s[j]) || s[j] == ' ' || s[j] == '-' || s[j] == '_'))
            return 0;
        j++;
    }
    if (j >= a || words > 3)
        return 0;
    j++;
    while (j < a && (s[j] == ' ' || s[j] == '\t' || s[j] == '<' || s[j] == '"'))
        j++;
    return j == a;
}

static int excluded_local(const char *a)
{
    static const char *const L[] = {"mailer-daemon@", "postmaster@", "mail-daemon@",
                                    "mailerdaemon@", "abuse@", "noreply-dmarc-support@", NULL};
    for (const char *const *p = L; *p; p++)
        if (bk__istarts(a, strlen(a), *p))
            return 1;
    return 0;
}

/* Lines whose addresses are never the failed recipient. */
static int skip_line(const char *s, size_t n)
{
    static const char *const P[] = {"From:", "Return-Path:", "Reply-To:", "Sender:", "Message-ID:",
                                    "Message-Id:", "In-Reply-To:", "References:", "Received:",
                                    "X-", "DKIM", "Envelope-From", "envelope-from", "(envelope-from",
                                    "by ", "id ", "Original-Sender", "Return-path", NULL};
    size_t a = 0;
    while (a < n && (s[a] == ' ' || s[a] == '\t' || s[a] == '>'))
        a++;
    for (const char *const *p = P; *p; p++)
        if (bk__istarts(s + a, n - a, *p))
            return 1;
    return 0;
}

/* Is the address at [a, a+l) of the line all the line says ("<x@y>:",
 * "  x@y", "RCPT TO:<x@y>")? */
static int address_alone(const char *s, size_t n, size_t a, size_t l)
{
    for (size_t i = 0; i < n; i++) {
        if (i >= a && i < a + l)
            continue;
        unsigned char ch = (unsigned char)s[i];
        if (ch == ' ' || ch == '\t' || ch == '<' || ch == '>' || ch == ':' || ch == '"' ||
            ch == '.' || ch == ',' || ch == ';')
            continue;
        return 0;
    }
    return 1;
}

/* Does the sentence before offset a (the same line or the one above, up
 * to a sentence end or a blank line) point the reader to someone to ask
 * ("please contact our help desk at <x>", "send mail to <x>")?  Such an
 * address, in a notice an administrator wrote, is not a recipient. */
#define CONTACT_LOOKBACK 160 /* about two lines of prose */
static int after_contact_words(const ctx *c, const char *s, size_t a)
{
    size_t b = a > CONTACT_LOOKBACK ? a - CONTACT_LOOKBACK : 0;
    for (size_t i = a; i > b; i--) {
        char ch = s[i - 1];
        char nx = i < a ? s[i] : ' ';
        if ((ch == '\n' && nx == '\n') || ((ch == '.' || ch == '!' || ch == '?') &&
                                           (nx == ' ' || nx == '\n'))) {
            b = i;
            break;
        }
    }
    /* The window, lower-cased with each run of white space made one
     * blank (as the phrases are written), searched for every phrase. */
    char low[CONTACT_LOOKBACK + 1];
    size_t ln = 0;
    for (size_t i = b; i < a; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (bk__is_space(ch)) {
            if (ln == 0 || low[ln - 1] != ' ')
                low[ln++] = ' ';
        } else {
            low[ln++] = (char)bk__lower(ch);
        }
    }
    /* one pass for all of them; without SSSE3 a screen by the window's
     * byte pairs, then a search for each phrase that passes it */
    const bk__pset *set = &c->p->needles->contact;
    if (set->vector)
        return bk__pset_find(set, low, ln, ~(uint64_t)0, 1) != 0;
    pair_set ps;
    pair_set_build(&ps, low, ln);
    return holds_any(low, ln, CONTACT_WORDS, &ps);
}

/* Is the line a field of a listing of the original message's headers
 * ("  To:      a@x; b@y", "*  To: a@x", "  Cc: ...")?  Its addresses are
 * the message's recipients, not a statement about one of them. */
static int header_listing_line(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '*'))
        i++;
    return bk__istarts(s + i, n - i, "to:") || bk__istarts(s + i, n - i, "cc:") ||
           bk__istarts(s + i, n - i, "bcc:");
}

/* Does the text of the line before offset a end in "Message-ID:" (a
 * listing of the message's details inside a transcript line, "Wed
 * 12:00:01: *  Message-ID: <id@host>")? */
static int after_message_id(const char *s, size_t line, size_t a)
{
    size_t b = a;
    while (b > line && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '<'))
        b--;
    if (b == line && line > 0) { /* the field's value wrapped onto this line */
        b = line - 1;
        while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == '\t'))
            b--;
        line = b;
        while (line > 0 && s[line - 1] != '\n')
            line--;
    }
    return b >= line + 11 && bk__istarts(s + b - 11, 11, "message-id:");
}

static int collect_candidates(ctx *c, cand *cs, size_t max)
{
    const char *s = c->text;
    size_t n = c->text_len, pos = 0, nc = 0;
    int moved = 0;
    while (pos < n && nc < max) {
        const char *lf = memchr(s + pos, '\n', n - pos);
        size_t le = lf ? (size_t)(lf - s) : n;
        /* A line without '@' names no address: skip_line is not asked. */
        if (memchr(s + pos, '@', le - pos) != NULL && !skip_line(s + pos, le - pos)) {
            size_t from = pos, a, l;
            while (nc < max && bk__find_address(s, le, from, &a, &l)) {
                from = a + l;
                /* Addresses inside a URL or a message id are not recipients. */
                if (a > pos && (s[a - 1] == '/' || s[a - 1] == '='))
                    continue;
                /* "from <x>" / "sender <x>" names the sender, not a recipient */
                if (a >= pos + 6) {
                    size_t b = a;
                    while (b > pos && (s[b - 1] == '<' || s[b - 1] == ' ' || s[b - 1] == ':'))
                        b--;
                    if ((b >= pos + 4 && bk__istarts(s + b - 4, 4, "from")) ||
                        (b >= pos + 6 && bk__istarts(s + b - 6, 6, "sender")))
                        continue;
                }
                if (after_contact_words(c, s, a) || after_message_id(s, pos, a))
                    continue;
                /* Paths and pipes ("/home/x/.forward", "|/bin/prog") are not
                 * addresses. */
                if (s[a] == '/' || s[a] == '|' || (a > pos && s[a - 1] == '|'))
                    continue;
                char *addr = bk__clean_address(&c->r->arena, s + a, l);
                if (addr == NULL)
                    break;
                if (bk__addr_eq(addr, c->bounce_from))
                    continue;
                /* The sender's own address only counts on a line that
                 * names nothing else, and only when no one else is named
                 * (mail to oneself bounces too); so does a postmaster's
                 * (mail to postmaster@ bounces too, and a list of failed
                 * addresses names it alone on its line). */
                int is_sender = bk__addr_eq(addr, c->bounce_to) || bk__addr_eq(addr, c->sender) ||
                                excluded_local(addr);
                if (is_sender && !address_alone(s + pos, le - pos, a - pos, l))
                    continue;
                int seen = 0;
                for (size_t k = 0; k < nc; k++)
                    if (bk__addr_eq(cs[k].addr, addr)) {
                        seen = 1;
                        /* first named in a listing of the message's
                         * headers, then on a line about it: that line is
                         * its entry */
                        size_t ls = cs[k].line_start;
                        if (!cs[k].moved && header_listing_line(s + ls, cs[k].line_end - ls) &&
                            !header_listing_line(s + pos, le - pos) && from == a + l &&
                            leads_line(s + pos, le - pos, a - pos)) {
                            cs[k].line_start = wrapped_line_start(s, pos);
                            cs[k].line_end = le;
                            cs[k].strong = 1;
                            cs[k].moved = 1;
                            moved = 1;
                        }
                    }
                if (seen)
                    continue;
                cs[nc].addr = addr;
                cs[nc].line_start = wrapped_line_start(s, pos);
                cs[nc].line_end = le;
                cs[nc].sender = is_sender;
                cs[nc].strong = from == a + l && leads_line(s + pos, le - pos, a - pos);
                cs[nc].moved = 0;
                nc++;
            }
        }
        pos = lf ? le + 1 : n;
    }
    /* Entries moved off a listing line: back in the order of their lines
     * (each block runs to the next recipient's line). */
    for (size_t k = 1; moved && k < nc; k++) {
        cand t = cs[k];
        size_t j = k;
        for (; j > 0 && cs[j - 1].line_start > t.line_start; j--)
            cs[j] = cs[j - 1];
        cs[j] = t;
    }
    /* Keep the strongest kind present: recipients that lead their lines
     * over addresses in prose ("please contact <help@...>"), anyone over
     * the sender's own address. */
    int any_strong = 0, any_other = 0;
    for (size_t k = 0; k < nc; k++) {
        if (!cs[k].sender)
            any_other = 1;
        if (cs[k].strong && !cs[k].sender)
            any_strong = 1;
    }
    size_t o = 0;
    for (size_t k = 0; k < nc; k++) {
        if (any_other && cs[k].sender)
            continue;
        if (any_strong && !cs[k].strong)
            continue;
        cs[o++] = cs[k];
    }
    return (int)o;
}

/* Does the line hold a failure's code (a 4xx/5xx reply or a 4.x.x/5.x.x
 * status; not a transcript's "250 2.1.0 Ok")? */
static int failure_line(const char *s, size_t n)
{
    bk_status st;
    return find_reply_code(s, n) || (find_status(s, n, &st) && st.cls != 2);
}

/* A session transcript in the block (MDaemon's "--> RCPT To:<x>" /
 * "<-- 550 ...", GroupWise's "In: ..." / "Out: ...", a log of the whole
 * dialogue): the command is the one named last before the first failing
 * reply (4xx/5xx), not the first one the dialogue shows ("EHLO", "MAIL
 * FROM" accepted with 250).  "" when the block names commands on fewer
 * than two lines before that reply: no dialogue, smtp_command_of() reads
 * the block. */
static const char *failing_command(const char *b, size_t bl)
{
    enum { DIALOGUE_LINES_MAX = 200 }; /* a transcript of one session */
    const char *last = "";
    int commands = 0;
    size_t pos = 0;
    for (int k = 0; k < DIALOGUE_LINES_MAX && pos < bl; k++) {
        const char *lf = memchr(b + pos, '\n', bl - pos);
        size_t le = lf ? (size_t)(lf - b) : bl;
        const char *cmd = smtp_command_of(b + pos, le - pos);
        if (failure_line(b + pos, le - pos))
            return commands >= 2 ? (cmd[0] ? cmd : last) : "";
        if (cmd[0]) {
            last = cmd;
            commands++;
        }
        pos = lf ? le + 1 : bl;
    }
    return "";
}

/* Fill a record's diagnostic, codes and command from a block of text. */
static void from_block(ctx *c, bk_record *x, const char *b, size_t bl, int fill_diag)
{
    bk_status st;
    int has = find_status(b, bl, &st);
    if (x->reply_code == 0)
        x->reply_code = reply_for_status(b, bl, &st, has);
    if (has && x->status[0] == '\0')
        x->status = status_text(c, &st);
    if (fill_diag && x->diagnostic[0] == '\0')
        x->diagnostic = one_line(c, b, bl);
    if (x->smtp_command[0] == '\0') {
        /* only a dialogue that shows accepted commands ("250 ...") can
         * name others before the one that failed */
        const char *fc = bk__ifind(b, bl, "250 ") ? failing_command(b, bl) : "";
        x->smtp_command = fc[0] ? fc : smtp_command_of(b, bl);
    }
}

/* Is this text about a delay rather than a failure? */
static int says_delayed(ctx *c)
{
    /* Each phrase holds one of the words (its bit): a phrase is searched
     * only when its word is in the text. */
    const struct phrase_needles *pn = c->p->needles;
    unsigned present = (unsigned)opening_holds(c, &pn->delay_word, 0); /* a bit a word */
    for (size_t i = 0; i < NELEM(DELAY_PHRASES) && present; i++)
        if ((present & DELAY_PHRASES[i].word) && opening_has_n(c, &pn->delay_phrase[i]))
            return 1;
    return 0;
}

/* The line holding the first SMTP reply (a 4xx/5xx code or an enhanced
 * code) in the text, with up to two following non-empty lines. */
static const char *error_lines(const char *s, size_t n, size_t *len)
{
    size_t pos = 0;
    while (pos < n) {
        const char *lf = memchr(s + pos, '\n', n - pos);
        size_t le = lf ? (size_t)(lf - s) : n;
        if (failure_line(s + pos, le - pos)) {
            size_t e = le;
            for (int k = 0; k < 2 && e < n; k++) {
                const char *lf2 = memchr(s + e + 1, '\n', n - e - 1);
                size_t le2 = lf2 ? (size_t)(lf2 - s) : n;
                if (le2 == e + 1)
                    break; /* an empty line ends the reply */
                e = le2;
            }
            *len = e - pos;
            return s + pos;
        }
        pos = lf ? le + 1 : n;
    }
    return NULL;
}

/* A recipient's block ends with the paragraph that holds the server's
 * reply: later paragraphs are the report's boilerplate (help texts,
 * footers) and must not colour the diagnostic. */
static size_t reply_paragraph(const char *s, size_t n)
{
    size_t pos = 0;
    int seen_code = 0;
    while (pos < n) {
        const char *lf = memchr(s + pos, '\n', n - pos);
        size_t le = lf ? (size_t)(lf - s) : n;
        int blank = 1;
        for (size_t i = pos; i < le && blank; i++)
            if (!bk__is_space((unsigned char)s[i]))
                blank = 0;
        if (blank && seen_code)
            return pos;
        bk_status st;
        if (!blank && (find_reply_code(s + pos, le - pos) || find_status(s + pos, le - pos, &st)))
            seen_code = 1;
        pos = lf ? le + 1 : n;
    }
    return n;
}

/* Sendmail writes the dialogue that failed (">>> MAIL From:<...>",
 * "<<< 550 ...") just above the line that names the recipient ("554
 * <rcpt>... Remote protocol error"): the recipient's block starts with
 * that dialogue, which holds the server's real reply.  Returns the start
 * of the ">>>"/"<<<" lines directly above offset `line`, or `line`. */
static size_t transcript_before(const char *s, size_t line)
{
    enum { TRANSCRIPT_MAX_LINES = 8 }; /* a command, its reply and continuations */
    size_t start = line;
    int seen_reply = 0;
    for (int k = 0; k < TRANSCRIPT_MAX_LINES && start > 0; k++) {
        size_t ls = start - 1; /* the '\n' ending the line above */
        while (ls > 0 && s[ls - 1] != '\n')
            ls--;
        size_t a = ls;
        while (a < start && (s[a] == ' ' || s[a] == '\t'))
            a++;
        if (start - a < 4)
            break;
        if (memcmp(s + a, "<<< ", 4) == 0)
            seen_reply = 1;
        else if (memcmp(s + a, ">>> ", 4) != 0)
            break;
        start = ls;
    }
    /* Only a dialogue that ends with the server's reply is the cause. */
    if (!seen_reply)
        return line;
    return start;
}

/* Sendmail reports each host it tried on a line of its own, "421
 * host (smtp)... Deferred: Connection timed out": such a line about a
 * host outside the recipient's domain, after the recipient's own line
 * (which starts at offset `own` of the block), is another delivery's and
 * ends the block.  Returns the block's length. */
static size_t other_host_line(const char *b, size_t bl, size_t own, const char *addr)
{
    const char *at = strrchr(addr, '@');
    if (at == NULL || own >= bl)
        return bl;
    const char *dom = at + 1;
    size_t dl = strlen(dom);
    const char *lf = memchr(b + own, '\n', bl - own);
    size_t pos = lf ? (size_t)(lf - b) + 1 : bl;
    while (pos < bl) {
        const char *e = memchr(b + pos, '\n', bl - pos);
        size_t le = e ? (size_t)(e - b) : bl;
        /* "NNN host (mailer)... " */
        size_t i = pos;
        if (le - i > 8 && bk__is_digit((unsigned char)b[i]) && bk__is_digit((unsigned char)b[i + 1]) &&
            bk__is_digit((unsigned char)b[i + 2]) && b[i + 3] == ' ') {
            size_t h0 = i + 4, h1 = h0;
            while (h1 < le && b[h1] != ' ' && b[h1] != '<')
                h1++;
            size_t m = h1 + 1;
            if (h1 > h0 && h1 < le && b[h1] == ' ' && m < le && b[m] == '(') {
                const char *close = memchr(b + m, ')', le - m);
                int dots = close != NULL && (size_t)(close - b) + 4 <= le && memcmp(close + 1, "...", 3) == 0;
                size_t hl = h1 - h0;
                /* the recipient's domain, or a host inside it */
                int ours = hl >= dl && bk__ieq(b + h1 - dl, dl, dom) &&
                           (hl == dl || b[h1 - dl - 1] == '.');
                if (dots && !ours)
                    return pos;
            }
        }
        pos = e ? le + 1 : bl;
    }
    return bl;
}

static size_t indent_of(const char *s, size_t n);
static const char *notice_and_block(ctx *c, const char *b, size_t bl, size_t *len);

/* The server's reply about addr further down the text, after offset
 * `after` (a transcript of the session below a list of recipients): the
 * first line naming addr that holds a failure's code, or the line after a
 * command naming it ("--> RCPT To:<addr>" then "<-- 550 ..."), with the
 * lines indented deeper below it.  NULL when there is none. */
static const char *reply_naming(ctx *c, const char *addr, size_t after, size_t *len)
{
    enum { OCCURRENCES_MAX = 16, CONTINUATION_LINES_MAX = 3 };
    const char *s = c->text;
    if (after >= c->text_len)
        return NULL;
    /* searched FALLBACK_SCAN bytes on: a transcript follows its list, and
     * each recipient's search stays bounded */
    size_t n = c->text_len - after > FALLBACK_SCAN ? after + FALLBACK_SCAN : c->text_len;
    size_t al = strlen(addr), from = after;
    for (int k = 0; k < OCCURRENCES_MAX && al > 0 && from < n; k++) {
        const char *h = bk__ifind(s + from, n - from, addr);
        if (h == NULL)
            break;
        size_t ls = (size_t)(h - s), le;
        while (ls > 0 && s[ls - 1] != '\n')
            ls--;
        const char *lf = memchr(h, '\n', n - (size_t)(h - s));
        le = lf ? (size_t)(lf - s) : n;
        from = lf ? le + 1 : n;
        size_t r0 = ls, r1 = le;
        if (failure_line(s + ls, le - ls)) {
            /* the command it answers, on the line above */
            if (ls > 1) {
                size_t p0 = ls - 1;
                while (p0 > 0 && s[p0 - 1] != '\n')
                    p0--;
                if (p0 >= after && smtp_command_of(s + p0, ls - 1 - p0)[0] &&
                    !failure_line(s + p0, ls - 1 - p0))
                    r0 = p0;
            }
        } else {
            if (!smtp_command_of(s + ls, le - ls)[0] || lf == NULL)
                continue;
            r0 = ls; /* the command and its reply */
            const char *lf2 = memchr(s + le + 1, '\n', n - le - 1);
            r1 = lf2 ? (size_t)(lf2 - s) : n;
            if (!failure_line(s + le + 1, r1 - le - 1))
                continue;
        }
        size_t rl = r1; /* the reply's line */
        while (rl > r0 && s[rl - 1] != '\n')
            rl--;
        size_t ind = indent_of(s + rl, r1 - rl);
        for (int m = 0; m < CONTINUATION_LINES_MAX && r1 < n; m++) {
            const char *lf3 = memchr(s + r1 + 1, '\n', n - r1 - 1);
            size_t e3 = lf3 ? (size_t)(lf3 - s) : n;
            size_t i3 = indent_of(s + r1 + 1, e3 - r1 - 1);
            if (e3 == r1 + 1 || i3 <= ind || i3 == e3 - r1 - 1)
                break;
            r1 = e3;
        }
        *len = r1 - r0;
        return s + r0;
    }
    return NULL;
}

/* Does [s, s+n) name a recipient of the list whose address is not cs[k]'s? */
static int names_another(const char *s, size_t n, const cand *cs, int nc, int k)
{
    for (int j = 0; j < nc; j++)
        if (j != k && !bk__addr_eq(cs[j].addr, cs[k].addr) && bk__ifind(s, n, cs[j].addr))
            return 1;
    return 0;
}

/* Does the block b (inside text) name, after its first line, the address
 * of a recipient other than cs[k]? */
static int names_other(const char *text, const char *b, size_t bl, const cand *cs, int nc, int k)
{
    enum { NAMES_OTHER_MAX = 16 }; /* a short list above a transcript; longer lists
                                    * keep their blocks (nc searches each) */
    if (b < text || nc > NAMES_OTHER_MAX)
        return 0;
    if (bl > FALLBACK_SCAN)
        bl = FALLBACK_SCAN;
    const char *lf = memchr(b, '\n', bl);
    if (lf == NULL)
        return 0;
    return names_another(lf, bl - (size_t)(lf - b), cs, nc, k);
}

/* Does [s, s+n) name another recipient of the list and not cs[k]
 * ("550 5.1.1 <a@x>: User unknown" below the entries a@x and b@x)?  Such
 * a reply is the other recipient's: b@x never borrows it. */
static int reply_of_other(const char *s, size_t n, const cand *cs, int nc, int k)
{
    return bk__ifind(s, n, cs[k].addr) == NULL && names_another(s, n, cs, nc, k);
}

/* The length of block [b, b+bl) up to the first line after its first that
 * holds a reply code and names another recipient (reply_of_other); bl
 * when there is none. */
static size_t cut_other_reply(const char *b, size_t bl, const cand *cs, int nc, int k)
{
    const char *lf = memchr(b, '\n', bl);
    while (lf != NULL) {
        const char *ls = lf + 1, *end = b + bl;
        if (ls >= end)
            break;
        const char *le = memchr(ls, '\n', (size_t)(end - ls));
        size_t n = le ? (size_t)(le - ls) : (size_t)(end - ls);
        if (find_reply_code(ls, n) && reply_of_other(ls, n, cs, nc, k))
            return (size_t)(ls - b);
        lf = le;
    }
    return bl;
}

/* Does a recipient's block say more than its first line (its entry)? */
static int says_more_than_entry(const char *b, size_t bl)
{
    const char *lf = memchr(b, '\n', bl);
    if (lf == NULL)
        return 0;
    for (const char *p = lf; p < b + bl; p++)
        if (!bk__is_space((unsigned char)*p))
            return 1;
    return 0;
}

/* Does offset off of the text lie in the block of a recipient other than
 * cs[k] (from its line to the next recipient's line)? */
static int in_other_block(const cand *cs, int nc, int k, size_t off)
{
    for (int j = 0; j < nc; j++) {
        if (cs[j].line_start == cs[k].line_start)
            continue;
        size_t end = (size_t)-1;
        for (int m = j + 1; m < nc; m++)
            if (cs[m].line_start > cs[j].line_start) {
                end = cs[m].line_start;
                break;
            }
        if (off >= cs[j].line_start && off < end)
            return 1;
    }
    return 0;
}

/* Is the line [s, s+n) an entry of a list of recipients: led by its
 * address, or by one short word ("SMTP <a@x>")? */
static int list_entry_line(const char *s, size_t n)
{
    enum { ENTRY_WORD_MAX = 8 };
    size_t a, l;
    if (memchr(s, '@', n) == NULL || !bk__find_address(s, n, 0, &a, &l))
        return 0;
    if (leads_line(s, n, a))
        return 1;
    size_t i = indent_of(s, n), w = i;
    while (w < n && bk__is_alpha((unsigned char)s[w]))
        w++;
    if (w == i || w - i > ENTRY_WORD_MAX || w >= n || s[w] != ' ')
        return 0;
    while (w < n && (s[w] == ' ' || s[w] == '<'))
        w++;
    return w == a;
}

/* The notice's words n[0..nl) and the recipient's paragraph b[0..bl)
 * joined by a blank line, in the arena (NUL-terminated); b itself when
 * memory runs out. */
static const char *join_paragraphs(ctx *c, const char *n, size_t nl, const char *b, size_t bl,
                                   size_t *len)
{
    char *t = bk__arena_alloc_raw(&c->r->arena, nl + 2 + bl + 1);
    if (t == NULL)
        return b;
    memcpy(t, n, nl);
    memcpy(t + nl, "\n\n", 2);
    memcpy(t + nl + 2, b, bl);
    t[nl + 2 + bl] = '\0';
    *len = nl + 2 + bl;
    return t;
}
/* A recipient's block that gives no code, in a list of recipients under a
 * short notice ("The user(s) account is temporarily over quota.\n\n<a@x>",
 * "... destination addresses were unknown ...:\n\nSMTP <a@x>\nSMTP <b@y>"):
 * the notice and the block, for the classifier; the block alone when no
 * notice stands above the list. */
static const char *notice_above_list(ctx *c, const char *b, size_t bl, size_t *len)
{
    enum { LIST_LINES_MAX = 256 };
    const char *s = c->text;
    size_t ls = (size_t)(b - s);
    *len = bl;
    const char *lf = memchr(b, '\n', bl);
    if (!list_entry_line(b, lf ? (size_t)(lf - b) : bl))
        return b;
    for (int k = 0; k < LIST_LINES_MAX && ls > 0; k++) {
        size_t p = ls - 1, q = p; /* the line above: [q, p) */
        while (q > 0 && s[q - 1] != '\n')
            q--;
        if (q == p || !list_entry_line(s + q, p - q))
            break;
        ls = q;
    }
    /* Up over empty lines and other recipients' paragraphs (each led by
     * its entry) to the paragraph above: a notice is a few lines. */
    enum { NOTICE_LINES_MAX = 4, PARAGRAPHS_MAX = 32 };
    size_t top = ls, n0 = 0, n1 = 0;
    for (int k = 0; k < PARAGRAPHS_MAX && n1 == 0; k++) {
        int gap = 0;
        while (top > 0) { /* the empty lines above */
            size_t p = top - 1, q = p;
            while (q > 0 && s[q - 1] != '\n')
                q--;
            if (indent_of(s + q, p - q) != p - q)
                break;
            top = q;
            gap = 1;
        }
        if (!gap || top == 0)
            return b;
        size_t pstart = top, lines = 0;
        while (pstart > 0 && lines <= NOTICE_LINES_MAX * 8) { /* the paragraph */
            size_t p = pstart - 1, q = p;
            while (q > 0 && s[q - 1] != '\n')
                q--;
            if (indent_of(s + q, p - q) == p - q)
                break;
            pstart = q;
            lines++;
        }
        const char *f = memchr(s + pstart, '\n', top - pstart);
        if (list_entry_line(s + pstart, f ? (size_t)(f - s) - pstart : top - pstart)) {
            top = pstart; /* another recipient's paragraph */
            continue;
        }
        if (lines > NOTICE_LINES_MAX)
            return b;
        n0 = pstart;
        n1 = top;
    }
    if (n1 == 0)
        return b;
    const char *n = s + n0;
    size_t nl = n1 - n0;
    return join_paragraphs(c, n, nl, b, bl, len);
}

static const char *admin_entry(ctx *c, const char *addr, size_t *len);
static const char *enhanced_error(ctx *c, size_t *len);

/* A sentence that ends with the recipient's address and says nothing
 * more about the failure ("There was an error delivering your mail to
 * <x>.", the DragonFly Mail Agent), a paragraph of its own at the top of
 * the block [b, b+bl), only leads in to the reason in the paragraph below
 * it: that paragraph is the diagnostic, not the report's sentence.
 * Returns its start (its length in *len), or NULL when the block does not
 * open so or the reason lies further down (a reply code or status below
 * the next paragraph): the block stays the diagnostic then. */
static const char *past_lead_in(const char *b, size_t bl, const char *addr, size_t *len)
{
    enum { LEAD_IN_WORDS_MIN = 3 }; /* a sentence, not a list entry ("To: <x>") */
    const char *end = b + bl, *lf = memchr(b, '\n', bl);
    if (lf == NULL)
        return NULL;
    size_t ll = (size_t)(lf - b), al = strlen(addr);
    const char *a = bk__ifind(b, ll, addr);
    if (a == NULL || failure_line(b, ll))
        return NULL;
    int words = 0;
    for (const char *p = b; p < a; p++)
        if (bk__is_alpha((unsigned char)*p) && (p == b || bk__is_space((unsigned char)p[-1])))
            words++;
    if (words < LEAD_IN_WORDS_MIN)
        return NULL;
    const char *w = a;
    while (w > b && (bk__is_space((unsigned char)w[-1]) || w[-1] == '<' || w[-1] == '"'))
        w--;
    if (w > b && w[-1] == ':')
        return NULL; /* a field's value ("target address: x"), not a sentence's object */
    for (const char *p = a + al; p < lf; p++)
        if (!bk__is_space((unsigned char)*p) && strchr(">.:;,)]\"'", *p) == NULL)
            return NULL; /* more words after the address */
    bk_reply_info info;
    memset(&info, 0, sizeof info);
    if (bk__reply_verdict(0, NULL, "", b, ll, &info) == BK_OK && info.basis != BK_BASIS_NONE)
        return NULL; /* the sentence gives a reason itself */
    /* empty lines, then the paragraph up to the next empty line */
    const char *p = lf + 1, *q;
    int gap = 0;
    for (;;) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        const char *le = e ? e : end;
        for (q = p; q < le && bk__is_space((unsigned char)*q); q++)
            ;
        if (q < le || e == NULL)
            break;
        gap = 1;
        p = e + 1;
    }
    if (!gap || q >= end)
        return NULL;
    const char *pe = p;
    for (;;) {
        const char *e = memchr(pe, '\n', (size_t)(end - pe));
        const char *le = e ? e : end;
        for (q = pe; q < le && bk__is_space((unsigned char)*q); q++)
            ;
        if (q == le && pe > p)
            break; /* an empty line ends the paragraph */
        pe = e ? e + 1 : end;
        if (e == NULL)
            break;
    }
    for (const char *r = pe; r < end;) {
        const char *e = memchr(r, '\n', (size_t)(end - r));
        const char *le = e ? e : end;
        if (failure_line(r, (size_t)(le - r)))
            return NULL;
        r = e ? e + 1 : end;
    }
    while (pe > p && bk__is_space((unsigned char)pe[-1]))
        pe--;
    *len = (size_t)(pe - p);
    return p;
}

static void text_decoder(ctx *c, const char *action)
{
    cand cs[MAX_CANDIDATES];
    int nc = collect_candidates(c, cs, MAX_CANDIDATES);
    size_t vl;
    if (nc == 0) {
        /* The text names nobody: the headers may. */
        const char *v = hval(c->top, "X-Failed-Recipients", &vl);
        if (vl) {
            size_t from = 0, a, l;
            while (nc < MAX_CANDIDATES && bk__find_address(v, vl, from, &a, &l)) {
                from = a + l;
                cs[nc].addr = bk__clean_address(&c->r->arena, v + a, l);
                if (cs[nc].addr == NULL)
                    break;
                cs[nc].line_start = cs[nc].line_end = 0;
                nc++;
            }
        }
    }
    if (nc == 0) {
        static const char *const H[] = {"To", "Delivered-To", "X-Original-To", "Envelope-To", NULL};
        for (const char *const *h = H; *h && nc == 0; h++) {
            const char *v = hval(&c->r->returned, *h, &vl);
            if (vl) {
                const char *a = address_of(c, v, vl);
                if (*a && !bk__addr_eq(a, c->bounce_to)) {
                    cs[0].addr = a;
                    cs[0].line_start = cs[0].line_end = 0;
                    nc = 1;
                }
            }
        }
    }
    if (nc == 0)
        return;
    int delayed = action == NULL && says_delayed(c);
    for (int k = 0; k < nc; k++) {
        bk_record *x = new_record(c);
        if (x == NULL)
            return;
        x->recipient = cs[k].addr;
        x->action = action ? action : (delayed ? "delayed" : "failed");
        /* The block: from this recipient's line to the next recipient on
         * another line; recipients listed together share what follows. */
        size_t b0 = cs[k].line_start, b1 = c->text_len;
        int next = k + 1;
        while (next < nc && cs[next].line_start == cs[k].line_start)
            next++;
        if (next < nc)
            b1 = cs[next].line_start;
        size_t r0 = b0;
        b0 = transcript_before(c->text, b0);
        const char *b = c->text + b0;
        size_t bl = reply_paragraph(b, b1 > b0 ? b1 - b0 : 0);
        bl = other_host_line(b, bl, r0 - b0, cs[k].addr);
        size_t jl = 0;
        const char *j = next < nc && b0 == r0 ? entry_and_shared(c, b0, b1, &jl) : NULL;
        if (j != NULL) {
            b = j;
            bl = jl;
        }
        /* A list entry whose block runs on into a transcript that names
         * other recipients: the reply naming this one is its own. */
        if (j == NULL && names_other(c->text, b, bl, cs, nc, k)) {
            size_t rl;
            const char *r = reply_naming(c, cs[k].addr, cs[k].line_end, &rl);
            if (r != NULL) {
                b = r;
                bl = rl;
            } else {
                bl = cut_other_reply(b, bl, cs, nc, k);
            }
        }
        size_t adl;
        const char *ad = admin_entry(c, cs[k].addr, &adl);
        if (ad == NULL && nc == 1)
            ad = enhanced_error(c, &adl);
        if (ad != NULL) {
            b = ad;
            bl = adl;
        }
        from_block(c, x, b, bl, 1);
        size_t pl;
        const char *past = past_lead_in(b, bl, cs[k].addr, &pl);
        if (past != NULL)
            x->diagnostic = one_line(c, past, pl);
        const char *ct = b;
        size_t ctl = bl;
        if (x->status[0] == '\0' && x->reply_code == 0) {
            /* The error may stand apart from the list of recipients (before
             * it, or in a paragraph of its own): the lines of the first
             * reply in the text are the diagnostic then. */
            size_t el;
            const char *e = reply_naming(c, cs[k].addr, b0 + bl, &el);
            int named = e != NULL;
            if (e == NULL) {
                e = error_lines(c->text, c->text_len > FALLBACK_SCAN ? FALLBACK_SCAN : c->text_len, &el);
                if (e != NULL && reply_of_other(e, el, cs, nc, k))
                    e = NULL; /* the reply names another recipient: it is theirs */
            }
            if (e != NULL && !named && says_more_than_entry(b, bl) &&
                in_other_block(cs, nc, k, (size_t)(e - c->text)))
                e = NULL; /* another recipient's reply; this one has its own words */
            if (e != NULL) {
                x->diagnostic = "";
                from_block(c, x, e, el, 1);
                ct = e;
                ctl = el;
            }
        }
        bk_status st;
        int has = x->status[0] && bk_status_parse(x->status, strlen(x->status), &st) == BK_OK;
        if (delayed && has && st.cls == 5)
            x->action = "failed";
        if (!has && x->reply_code == 0 && ct >= c->text && ct < c->text + c->text_len)
            ct = notice_above_list(c, ct, ctl, &ctl);
        classify(c, x, &st, has, ct, ctl);
    }
}

/* The length of the reply line [r, r+rl) with the lines below it that
 * are indented (a long reply wrapped by the notice's writer). */
static size_t with_indented_lines(const char *r, size_t rl, const char *end)
{
    enum { CONTINUATION_LINES_MAX = 4 };
    const char *e = r + rl;
    for (int k = 0; k < CONTINUATION_LINES_MAX && e < end && *e == '\n'; k++) {
        const char *n = e + 1;
        if (n >= end || (*n != ' ' && *n != '\t'))
            break;
        const char *q = n;
        while (q < end && (*q == ' ' || *q == '\t'))
            q++;
        if (q >= end || *q == '\n')
            break;
        const char *lf = memchr(q, '\n', (size_t)(end - q));
        e = lf ? lf : end;
    }
    return (size_t)(e - r);
}

/* The entry for addr in an Exchange 2007-2019 "Diagnostic information for
 * administrators" section: the address alone on its line, then its
 * reply on the next one ("#550 5.1.1 RESOLVER.ADR.RecipNotFound; not
 * found ##", "Remote Server returned '550 5.1.1 ...'").  The friendly
 * listing above the section names each recipient with a sentence of no
 * codes, and its last entry's block runs on into every recipient's reply:
 * the section's line is this recipient's own.  NULL when the text has no
 * such entry for addr. */
static const char *admin_entry(ctx *c, const char *addr, size_t *len)
{
    if (c->text_len == 0)
        return NULL;
    enum { OCCURRENCES_MAX = 8 };
    const char *s = c->text, *end = c->text + c->text_len;
    const char *sec = bk__ifind(s, c->text_len, "Diagnostic information for administrators");
    size_t al = strlen(addr);
    if (sec == NULL || al == 0)
        return NULL;
    const char *p = sec;
    for (int k = 0; k < OCCURRENCES_MAX && p < end; k++) {
        const char *h = bk__ifind(p, (size_t)(end - p), addr);
        if (h == NULL)
            return NULL;
        p = h + al;
        const char *ls = h;
        while (ls > s && ls[-1] != '\n')
            ls--;
        const char *lf = memchr(h, '\n', (size_t)(end - h));
        if (lf == NULL || !address_alone(ls, (size_t)(lf - ls), (size_t)(h - ls), al))
            continue;
        const char *r = lf + 1;
        while (r < end && (*r == ' ' || *r == '\t'))
            r++;
        const char *re = memchr(r, '\n', (size_t)(end - r));
        if (re == NULL)
            re = end;
        size_t rl = with_indented_lines(r, (size_t)(re - r), end);
        if (rl > 4 && r[0] == '#' && bk__is_digit((unsigned char)r[1])) {
            r++; /* "#550 5.1.1 ... ##": the reply without its marks */
            rl--;
            if (rl >= 2 && r[rl - 1] == '#' && r[rl - 2] == '#')
                rl -= 2;
        } else if (!(rl > 22 && bk__istarts(r, rl, "Remote Server"))) {
            continue;
        }
        *len = rl;
        return r;
    }
    return NULL;
}

/* The reply of an Exchange Online / Office 365 enhanced NDR for its one
 * recipient: the "Reported error:" (or "Error:") line under "Error
 * Details", below "More Info for Email Admins".  Its HTML copy puts each
 * label in a paragraph of its own, away from the recipient's sentence:
 * the line is read for the recipient.  NULL when the text has none. */
static const char *enhanced_error(ctx *c, size_t *len)
{
    const char *s = c->text, *end = c->text + c->text_len;
    const char *sec = bk__ifind(s, c->text_len, "More Info for Email Admins");
    if (sec == NULL)
        return NULL;
    static const char *const L[] = {"Reported error:", "Error:", NULL};
    for (const char *const *k = L; *k; k++) {
        const char *p = sec;
        size_t kl = strlen(*k);
        while ((p = bk__ifind(p, (size_t)(end - p), *k)) != NULL) {
            const char *ls = p;
            while (ls > s && (ls[-1] == ' ' || ls[-1] == '\t'))
                ls--;
            const char *r = p + kl;
            p = r;
            if (ls > s && ls[-1] != '\n')
                continue; /* the label leads its line */
            while (r < end && (*r == ' ' || *r == '\t'))
                r++;
            const char *re = memchr(r, '\n', (size_t)(end - r));
            size_t rl = re ? (size_t)(re - r) : (size_t)(end - r);
            if (rl > 3 && find_reply_code(r, rl)) {
                *len = with_indented_lines(r, rl, end);
                return r;
            }
        }
    }
    return NULL;
}

/* ------------------------------------------------------------------------
 * DSN (RFC 3464, RFC 6533)
 * ---------------------------------------------------------------------- */

static const char *dsn_field(const bk__headers *h, const char *name, size_t *len)
{
    return bk__header_value(h, name, len);
}

/* Whether the rest of a line, from p (just after an address), gives a
 * reason: ":" (after an optional ">"), then words. */
static int line_has_reason(const char *p, const char *end)
{
    if (p < end && *p == '>')
        p++;
    if (p >= end || *p != ':')
        return 0;
    for (; p < end && *p != '\n'; p++)
        if (bk__is_alpha((unsigned char)*p) || bk__is_digit((unsigned char)*p))
            return 1;
    return 0;
}

/* A recipient named in a list of addresses (each entry a line led by its
 * address, alone or with a word: "b@y; Action: Delayed"), with one
 * explanation after the list for all of them ("Delivery has failed to
 * these recipients:\n\na@x\n\nb@y\n\nThe mailbox is full."): when the
 * block [b0, b1) holds nothing but its entry, the entry joined (in the
 * arena) to the first paragraph after the list, if that paragraph names no
 * address (one that does gives each recipient its own details).  NULL
 * otherwise. */
static const char *entry_and_shared(ctx *c, size_t b0, size_t b1, size_t *len)
{
    enum { SHARED_LINES_MAX = 20, ENTRIES_MAX = 256 };
    const char *s = c->text;
    size_t n = c->text_len;
    const char *lf = memchr(s + b0, '\n', (b1 > b0 ? b1 : n) - b0);
    size_t le = lf ? (size_t)(lf - s) : b1, a, l;
    if (!bk__find_address(s, le, b0, &a, &l) || !leads_line(s + b0, le - b0, a - b0))
        return NULL;
    for (size_t i = le; i < b1; i++)
        if (!bk__is_space((unsigned char)s[i]))
            return NULL; /* the block says more than the entry */
    /* skip the other entries and empty lines */
    size_t pos = b1 > le ? b1 : le;
    for (int k = 0; k < ENTRIES_MAX && pos < n; k++) {
        const char *nl = memchr(s + pos, '\n', n - pos);
        size_t e = nl ? (size_t)(nl - s) : n;
        size_t i = pos;
        while (i < e && bk__is_space((unsigned char)s[i]))
            i++;
        if (i < e && !(bk__find_address(s, e, pos, &a, &l) && leads_line(s + pos, e - pos, a - pos)))
            break;
        pos = nl ? e + 1 : n;
    }
    if (pos >= n)
        return NULL;
    size_t p1 = pos;
    for (int para = 0; para < 2; para++) {
        size_t q0 = p1;
        for (int k = 0; k < SHARED_LINES_MAX && p1 < n; k++) {
            const char *nl = memchr(s + p1, '\n', n - p1);
            size_t e = nl ? (size_t)(nl - s) : n;
            size_t i = p1;
            while (i < e && bk__is_space((unsigned char)s[i]))
                i++;
            if (i == e)
                break;
            p1 = nl ? e + 1 : n;
        }
        /* A one-line heading ending in ':' ("because:", Lotus Domino)
         * introduces the explanation: the paragraph after it is read too. */
        size_t t = p1;
        while (t > q0 && bk__is_space((unsigned char)s[t - 1]))
            t--;
        if (para > 0 || t == q0 || s[t - 1] != ':' || memchr(s + q0, '\n', t - q0) != NULL)
            break;
        while (p1 < n && bk__is_space((unsigned char)s[p1]))
            p1++;
        while (p1 > q0 && s[p1 - 1] != '\n')
            p1--; /* from the start of the next paragraph's first line */
    }
    if (p1 == pos || memchr(s + pos, '@', p1 - pos) != NULL)
        return NULL;
    size_t el = le - b0, xl = p1 - pos;
    char *t = bk__arena_alloc_raw(&c->r->arena, el + 2 + xl + 1);
    if (t == NULL)
        return NULL;
    memcpy(t, s + b0, el);
    memcpy(t + el, "\n\n", 2);
    memcpy(t + el + 2, s + pos, xl);
    t[el + 2 + xl] = '\0';
    *len = el + 2 + xl;
    return t;
}

static size_t indent_of(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* Is the line another recipient's: led by an address other than addr and
 * the sender's, and not indented deeper than the block's first line (a
 * wrapped reply's continuation, "    <sender@x>... Domain of sender ...",
 * belongs to the block)? */
static int next_recipient_line(const ctx *c, const char *s, size_t n, const char *addr,
                               size_t first_indent)
{
    size_t a, l;
    if (memchr(s, '@', n) == NULL || indent_of(s, n) > first_indent ||
        !bk__find_address(s, n, 0, &a, &l) || !leads_line(s, n, a))
        return 0;
    const char *who[] = {addr, c->sender, c->bounce_to};
    for (size_t k = 0; k < sizeof who / sizeof who[0]; k++) {
        size_t wl = who[k] ? strlen(who[k]) : 0;
        if (wl && l == wl && bk__ieq(s + a, l, who[k]))
            return 0;
    }
    return 1;
}

/* The block of bounce text about addr, to supply a diagnostic a DSN lacks. */
static int text_block_for(ctx *c, const char *addr, const char **b, size_t *bl)
{
    /* Each lookup searches the whole text: bounded per message so a DSN
     * with thousands of recipients stays linear. */
    if (!c->text_len || !*addr || c->text_lookups >= MAX_TEXT_LOOKUPS)
        return 0;
    c->text_lookups++;
    const char *h = bk__ifind(c->text, c->text_len, addr);
    if (h == NULL)
        return 0;
    size_t s0 = (size_t)(h - c->text);
    while (s0 > 0 && c->text[s0 - 1] != '\n')
        s0--;
    /* A listing of the message's headers above the report ("  To: a@x")
     * names the address first: its entry below is the block. */
    const char *hl = memchr(h, '\n', c->text_len - (size_t)(h - c->text));
    if (hl != NULL && header_listing_line(c->text + s0, (size_t)(hl - c->text) - s0)) {
        const char *h2 = bk__ifind(hl, c->text_len - (size_t)(hl - c->text), addr);
        if (h2 != NULL) {
            h = h2;
            s0 = (size_t)(h - c->text);
            while (s0 > 0 && c->text[s0 - 1] != '\n')
                s0--;
        }
    }
    s0 = wrapped_line_start(c->text, s0);
    /* An entry of a list of addresses (the address alone on its line, an
     * empty line after it: Sendmail's "addresses had permanent fatal
     * errors") is not the explanation: the transcript below it, which
     * names the address again, is.  The block starts after the empty
     * lines and "----- ... -----" headings. */
    const char *eol = memchr(h, '\n', c->text_len - (size_t)(h - c->text));
    const char *end = c->text + c->text_len;
    if (eol != NULL && address_alone(c->text + s0, (size_t)(eol - c->text) - s0,
                                     (size_t)(h - c->text) - s0, strlen(addr))) {
        const char *nx = eol + 1;
        int gap = 0;
        while (nx < end) {
            const char *ln = nx;
            while (ln < end && *ln != '\n' && bk__is_space((unsigned char)*ln))
                ln++;
            const char *lf = memchr(ln, '\n', (size_t)(end - ln));
            const char *lend = lf ? lf : end;
            if (ln == lend)
                gap = 1;          /* an empty line */
            else if (!(gap && lend - ln >= 6 && memcmp(ln, "---", 3) == 0 && lend[-1] == '-'))
                break;            /* neither empty nor a heading after one */
            nx = lf ? lf + 1 : end;
        }
        if (gap && nx < end && bk__ifind(nx, (size_t)(end - nx), addr) != NULL)
            s0 = (size_t)(nx - c->text);
    }
    /* up to the next empty line after a non-empty one, at most 20 lines;
     * a line that gives the reason beside the address ("addr: reason",
     * OpenSMTPD, Courier) is a block of its own: the paragraph after it is
     * the report's prose. */
    size_t e = s0, lines = 0, text_lines = 0; /* blank lines do not count: */
    int seen_text = 0,                          /* "\n\n" and "\n\n\n" part alike */
        own = line_has_reason(h + strlen(addr), c->text + c->text_len);
    while (e < c->text_len && lines < 20) {
        const char *lf = memchr(c->text + e, '\n', c->text_len - e);
        size_t le = lf ? (size_t)(lf - c->text) : c->text_len;
        int blank = 1;
        for (size_t i = e; i < le && blank; i++)
            if (!bk__is_space((unsigned char)c->text[i]))
                blank = 0;
        if (blank && seen_text && (text_lines > 1 || own))
            break;
        /* a line led by another address is the next recipient's */
        if (!blank && lines > 0 &&
            next_recipient_line(c, c->text + e, le - e, addr, indent_of(c->text + s0, c->text_len - s0))) {
            size_t jl = 0;
            const char *j = text_lines == 1 ? entry_and_shared(c, s0, e, &jl) : NULL;
            if (j != NULL) {
                *b = j;
                *bl = jl;
                return 1;
            }
            break;
        }
        if (!blank) {
            seen_text = 1;
            text_lines++;
        }
        e = lf ? le + 1 : c->text_len;
        lines++;
    }
    *b = c->text + s0;
    *bl = e - s0;
    return 1;
}

/* The start of the short paragraph just before the block at b (a
 * notice such as "The user(s) account is disabled." set above the
 * recipient's line), or b itself when the block's line does not open a
 * paragraph or the paragraph before it is long (running boilerplate). */
static const char *notice_before(const ctx *c, const char *b);

/* The text the classifier reads for a recipient's block: the notice above
 * it and the block.  When other recipients' paragraphs stand between the
 * notice and the block (one notice above a list of recipients, each in a
 * paragraph of its own), the notice is joined to the block in the arena. */
static const char *notice_and_block(ctx *c, const char *b, size_t bl, size_t *len)
{
    enum { OTHER_PARAGRAPHS_MAX = 32 }; /* recipients listed under one notice */
    const char *s = c->text, *p = b;
    *len = bl;
    for (int k = 0; k < OTHER_PARAGRAPHS_MAX; k++) {
        const char *n = notice_before(c, p);
        if (n == p)
            return b;
        /* a short paragraph led by an address is another recipient's:
         * step over it */
        size_t ns = (size_t)(n - s), pe = (size_t)(p - s);
        const char *lf = memchr(n, '\n', pe - ns);
        size_t le = lf ? (size_t)(lf - s) : pe, a, l;
        if (bk__find_address(s, le, ns, &a, &l) && leads_line(n, le - ns, a - ns)) {
            p = n;
            continue;
        }
        if (p == b) {
            *len = bl + (size_t)(b - n);
            return n;
        }
        size_t nl = pe - ns;
        while (nl > 0 && n[nl - 1] == '\n')
            nl--;
        return join_paragraphs(c, n, nl, b, bl, len);
    }
    return b;
}

static const char *notice_before(const ctx *c, const char *b)
{
    enum { NOTICE_MAX_LINES = 2 }; /* a notice is a line or two, not the report's prose */
    const char *s = c->text;
    size_t i = (size_t)(b - s);
    if (i == 0 || s[i - 1] != '\n')
        return b;
    size_t e = i - 1; /* the line end before b */
    if (e == 0 || s[e - 1] != '\n')
        return b;     /* b does not follow an empty line */
    while (e > 0 && s[e - 1] == '\n')
        e--;          /* skip the empty lines */
    if (e == 0)
        return b;
    size_t p0 = e, lines = 0;
    for (;;) {
        size_t ls = p0;
        while (ls > 0 && s[ls - 1] != '\n')
            ls--;
        lines++;
        if (lines > NOTICE_MAX_LINES)
            return b;
        p0 = ls;
        if (ls == 0 || (ls >= 2 && s[ls - 2] == '\n'))
            break;    /* the paragraph's first line */
        p0 = ls - 1;
    }
    return s + p0;
}

/* Take cand over *st when *st is absent, or cand is specific (not x.0.0)
 * and differs: the code from the remote server is the most specific. */
static void prefer_status(bk_status *st, int *has, const bk_status *alt)
{
    if (!*has) {
        *st = *alt;
        *has = 1;
        return;
    }
    if (alt->subject == 0 && alt->detail == 0)
        return;
    if (st->cls == 2 && alt->cls != 2)
        return;
    *st = *alt;
}

static int dsn_fields(ctx *c, const char *s, size_t n);

static int dsn_decoder(ctx *c, bk__part *p)
{
    if (bk__part_decode(&c->m, p) != 0)
        return 0;
    return dsn_fields(c, p->text, p->text_len);
}

/* A DSN written into the text of a message that lost (or never had) its
 * MIME structure: the fields from the first Reporting-MTA or
 * Final-Recipient line at the start of a line. */
static int dsn_in_one_text(ctx *c, const char *s, size_t n);

static int dsn_in_text(ctx *c)
{
    int made = dsn_in_one_text(c, c->full_text, c->full_len);
    /* A DSN part mislabelled as text/plain (or an attachment of its own). */
    for (size_t i = 0; i < c->m.nparts && !made; i++) {
        bk__part *p = &c->m.parts[i];
        if (c->inside[i] || p->kind != BK__PART_LEAF || strncmp(p->type, "text/", 5) != 0)
            continue;
        if (bk__part_decode(&c->m, p) != 0 || p->text == c->full_text)
            continue;
        made = dsn_in_one_text(c, p->text, p->text_len > TEXT_MAX ? TEXT_MAX : p->text_len);
    }
    return made;
}

static int dsn_in_one_text(ctx *c, const char *s, size_t n)
{
    /* Only a line that starts with Final-Recipient: or Original-Recipient:
     * makes a block: a text without "recipient:" has none (one search
     * instead of a look at every line). */
    if (bk__ifind(s, n, "recipient:") == NULL)
        return 0;
    size_t pos = 0;
    size_t start = (size_t)-1;
    while (pos < n) {
        const char *lf = memchr(s + pos, '\n', n - pos);
        size_t le = lf ? (size_t)(lf - s) : n;
        /* The fields below start with r, o or f: other lines are passed by. */
        int c0 = le > pos ? bk__lower((unsigned char)s[pos]) : 0;
        if (c0 != 'r' && c0 != 'o' && c0 != 'f') {
            pos = lf ? le + 1 : n;
            continue;
        }
        if (start == (size_t)-1 && (bk__istarts(s + pos, le - pos, "Reporting-MTA:") ||
                                    bk__istarts(s + pos, le - pos, "Original-Envelope-Id:")))
            start = pos;
        if (bk__istarts(s + pos, le - pos, "Final-Recipient:") ||
            bk__istarts(s + pos, le - pos, "Original-Recipient:")) {
            if (start == (size_t)-1) {
                /* back to the start of this block */
                start = pos;
                while (start > 0) {
                    size_t q = start - 1; /* the LF ending the previous line */
                    size_t b = q;
                    while (b > 0 && s[b - 1] != '\n')
                        b--;
                    if (b == q)
                        break; /* an empty line */
                    start = b;
                }
            }
            return dsn_fields(c, s + start, n - start);
        }
        pos = lf ? le + 1 : n;
    }
    return 0;
}

/* A DSN recipient whose Final-Recipient is no address (Sendmail's
 * "@mx.dest.test", a spool path): the address the human-readable part
 * names, when it names one only, or one only whose domain that host is in
 * ("kim@dest.test" for "@mx.dest.test").  "" when none is sure. */
static const char *text_named_recipient(ctx *c, const char *v, size_t vl)
{
    if (c->text_len == 0)
        return "";
    cand cs[MAX_CANDIDATES];
    int nc = collect_candidates(c, cs, MAX_CANDIDATES);
    if (nc == 1)
        return cs[0].addr;
    const char *at = vl ? memchr(v, '@', vl) : NULL;
    if (nc < 2 || at == NULL)
        return "";
    const char *host = at + 1;
    size_t hl = vl - (size_t)(host - v);
    while (hl > 0 && (bk__is_space((unsigned char)host[hl - 1]) || host[hl - 1] == '>'))
        hl--;
    const char *hit = "";
    for (int k = 0; k < nc; k++) {
        const char *d = strrchr(cs[k].addr, '@');
        size_t dl = d ? strlen(d + 1) : 0;
        if (dl == 0 || dl > hl || !bk__ieq(host + hl - dl, dl, d + 1) ||
            (dl < hl && host[hl - dl - 1] != '.'))
            continue;
        if (*hit)
            return ""; /* two in that domain: not sure */
        hit = cs[k].addr;
    }
    return hit;
}

/* One recipient block of a DSN (fields as parsed). */
static int dsn_record(ctx *c, const bk__headers *hp)
{
    const bk__headers h = *hp;
    size_t fl, ol;
    const char *fr = dsn_field(&h, "Final-Recipient", &fl);
    const char *orr = dsn_field(&h, "Original-Recipient", &ol);
    if (fl == 0 && ol == 0)
        return 0;
    bk_record *x = new_record(c);
    if (x == NULL)
        return 0;
    size_t tl;
    const char *tv;
    if (fl) {
        tv = bk__strip_type(fr, fl, &tl);
        x->recipient = address_of(c, tv, tl);
    }
    if (ol) {
        tv = bk__strip_type(orr, ol, &tl);
        x->original_recipient = address_of(c, tv, tl);
        if (!*x->recipient)
        x->recipient = x->original_recipient;
    }
    size_t l;
    const char *v;
    if (!*x->recipient) {
        /* Final-Recipient without an address (a spool path, "@host"):
         * the headers of the bounce or the returned message name it. */
        static const char *const FB[] = {"X-Failed-Recipients", "To", "Delivered-To", NULL};
        for (const char *const *f = FB; *f && !*x->recipient; f++) {
        const bk__headers *hh = f == FB ? c->top : &c->r->returned;
        v = hval(hh, *f, &l);
        if (l)
            x->recipient = address_of(c, v, l);
        if (f == FB && !*x->recipient) /* then the notice's own words */
            x->recipient = text_named_recipient(c, fr, fl);
        }
    }
    v = dsn_field(&h, "Action", &l);
    if (l) {
        char act[16];
        size_t k = 0;
        while (k < l && k < sizeof act - 1 && bk__is_alpha((unsigned char)v[k])) {
            act[k] = (char)bk__lower((unsigned char)v[k]);
            k++;
        }
        act[k] = '\0';
        static const char *const A[] = {"failed", "delayed", "delivered", "relayed", "expanded", NULL};
        for (const char *const *a = A; *a; a++)
            if (strcmp(act, *a) == 0)
                x->action = *a;
        if (!*x->action && (strcmp(act, "failure") == 0 || strcmp(act, "fail") == 0))
            x->action = "failed";
    }
    v = dsn_field(&h, "Remote-MTA", &l);
    if (l) {
        tv = bk__strip_type(v, l, &tl);
        x->remote_mta = one_line(c, tv, tl);
    }
    v = dsn_field(&h, "Reporting-MTA", &l);
    if (l) {
        tv = bk__strip_type(v, l, &tl);
        x->reporting_mta = one_line(c, tv, tl);
    }
    v = dsn_field(&h, "Last-Attempt-Date", &l);
    if (l) {
        const char *d = date_of(c, v, l);
        if (*d)
        x->date = d;
    }
    const char *diag = "";
    size_t dl = 0;
    v = dsn_field(&h, "Diagnostic-Code", &l);
    const char *typed = NULL; /* the field with its type, "X-Unix; 255" */
    size_t typed_len = 0;
    int from_text = 0;        /* the diagnostic came from the human-readable part */
    if (l) {
        diag = bk__strip_type(v, l, &dl);
        x->diagnostic = one_line(c, diag, dl);
        typed = v;
        typed_len = l;
    }
    bk_status st;
    int has = 0;
    v = dsn_field(&h, "Status", &l);
    const char *note = NULL; /* "5.2.1 (mailbox disabled, ...)": the MTA's words */
    size_t note_len = 0;
    if (l) {
        size_t k = 0;
        while (k < l && !bk__is_space((unsigned char)v[k]) && v[k] != '(')
        k++;
        has = bk_status_parse(v, k, &st) == BK_OK;
        const char *o = memchr(v + k, '(', l - k);
        const char *e = o ? memchr(o, ')', (size_t)(v + l - o)) : NULL;
        if (has && e && e > o + 1) {
            note = o + 1;
            note_len = (size_t)(e - o - 1);
        }
    }
    /* The remote server's own code (in the diagnostic) wins over the
     * reporting MTA's summary, unless it says less (x.0.0). */
    bk_status ds;
    if (dl && find_status(diag, dl, &ds))
        prefer_status(&st, &has, &ds);
    x->reply_code = dl ? reply_for_status(diag, dl, &st, has) : 0;
    /* A DSN without diagnostic: the human-readable part may hold it. */
    const char *tb = NULL;
    size_t tbl = 0;
    if (dl == 0 && text_block_for(c, x->recipient, &tb, &tbl)) {
        x->diagnostic = one_line(c, tb, tbl);
        if (x->reply_code == 0)
        x->reply_code = find_reply_code(tb, tbl);
        bk_status ts;
        if (find_status(tb, tbl, &ts))
        prefer_status(&st, &has, &ts);
        /* The notice above the recipient's line is part of the
         * explanation the classifier reads. */
        diag = notice_and_block(c, tb, tbl, &dl);
        from_text = 1;
    } else if (dl > 0 && (!has || (st.subject == 0 && st.detail == 0))) {
        /* The diagnostic carries no enhanced code ("X-Unix; 255") and the
         * Status says little (x.0.0): the recipient's block of the notice
         * may hold the specific one ("554 5.3.0 unknown mailer error"). */
        const char *nb;
        size_t nbl;
        bk_status ts;
        if (text_block_for(c, x->recipient, &nb, &nbl) && find_status(nb, nbl, &ts)) {
            prefer_status(&st, &has, &ts);
            if (x->reply_code == 0 && has && st.subject == ts.subject && st.detail == ts.detail)
                x->reply_code = reply_for_status(nb, nbl, &st, has);
        }
    }
    if (has) {
        /* Status 4.x.x or 5.x.x; 2.x.x only with delivered/relayed */
        x->status = status_text(c, &st);
    }
    if (!*x->action)
        x->action = has && st.cls == 2 ? "delivered" : (has && st.cls == 4 ? "delayed" : "failed");
    /* A "delayed" report whose status says the delivery time expired
     * (x.4.7) and whose text says the message expired is the final one:
     * the MTA keeps the message no longer (OpenSMTPD reports its queue
     * expiry so). */
    if (strcmp(x->action, "delayed") == 0 && has && st.subject == 4 && st.detail == 7 &&
        says_expired(diag, dl))
        x->action = "failed";
    x->smtp_command = smtp_command_of(diag, dl);
    if (!*x->smtp_command && tb == NULL && text_block_for(c, x->recipient, &tb, &tbl))
        x->smtp_command = smtp_command_of(tb, tbl); /* "(in reply to RCPT TO command)" */
    /* The classifier reads the diagnostic type too ("X-Unix;" is a local
     * mailer's exit status, "smtp;" a server's reply). */
    const char *ct = diag;
    size_t ctl = dl;
    if (typed != NULL && dl > 0 && !from_text) {
        ct = typed;
        ctl = typed_len;
    }
    if (note_len) {
        /* The words after the Status code are the reporting MTA's own
         * explanation; they back up (never replace) the diagnostic. */
        char *t = bk__arena_alloc(&c->r->arena, ctl + note_len + 3);
        if (t != NULL) {
            memcpy(t, ct, ctl);
            memcpy(t + ctl, ctl ? "; " : "", ctl ? 2 : 0);
            memcpy(t + ctl + (ctl ? 2 : 0), note, note_len);
            ct = t;
            ctl += note_len + (ctl ? 2 : 0);
        }
    }
    classify(c, x, &st, has, ct, ctl);
    return 1;
}

static int dsn_fields(ctx *c, const char *s, size_t n)
{
    size_t pos = 0;
    /* Some DSNs indent their fields or start with blank lines. */
    int first = 1, made = 0;
    while (pos < n) {
        while (pos < n && (s[pos] == '\n' || s[pos] == ' ' || s[pos] == '\t'))
            pos++;
        if (pos >= n)
            break;
        bk__headers h;
        size_t body = 0;
        if (bk__headers_parse(&c->r->arena, &c->m.lim, s + pos, n - pos, &h, &body) != 0)
            break;
        if (body == 0) {
            /* not a field line: skip it */
            const char *lf = memchr(s + pos, '\n', n - pos);
            pos = lf ? (size_t)(lf - s) + 1 : n;
            continue;
        }
        pos += body;
        size_t fl, ol;
        dsn_field(&h, "Final-Recipient", &fl);
        dsn_field(&h, "Original-Recipient", &ol);
        if (first && fl == 0 && ol == 0) {
            first = 0;
            size_t l;
            const char *v = dsn_field(&h, "Reporting-MTA", &l);
            if (l) {
                size_t sl;
                const char *sv = bk__strip_type(v, l, &sl);
                c->reporting_mta = one_line(c, sv, sl);
            }
            v = dsn_field(&h, "X-Postfix-Sender", &l);
            if (l) {
                size_t sl;
                const char *sv = bk__strip_type(v, l, &sl);
                c->sender = address_of(c, sv, sl);
            }
            v = dsn_field(&h, "Arrival-Date", &l);
            if (l && !*c->date)
                c->date = date_of(c, v, l);
            continue;
        }
        first = 0;
        if (fl == 0 && ol == 0)
            continue;
        /* Several recipients in one block (no blank lines between them):
         * each Final-Recipient after the first starts a new one, and so
         * does a second Original-Recipient. */
        size_t g0 = 0;
        int has_final = 0, has_orig = 0;
        for (size_t i = 0; i <= h.n; i++) {
            int fin = i < h.n && bk__ieq(h.h[i].name, h.h[i].nlen, "Final-Recipient");
            int ori = i < h.n && bk__ieq(h.h[i].name, h.h[i].nlen, "Original-Recipient");
            if (i == h.n || (fin && has_final) || (ori && has_orig)) {
                bk__headers g = {h.h + g0, i - g0};
                made += dsn_record(c, &g);
                g0 = i;
                has_final = has_orig = 0;
            }
            has_final |= fin;
            has_orig |= ori;
        }
    }
    return made;
}

/* ------------------------------------------------------------------------
 * Complaints: whose complaint, and of what kind
 * ---------------------------------------------------------------------- */

static int verp_match(const char *tpl, const char *addr, char *out, size_t size);

/* Is the address a stand-in for one the reporter withheld ("redacted",
 * "[redacted]", "xxxxxxxx@isp", SpamCop's "x", "undisclosed-recipients")?
 * A complaint about such an address names no recipient. */
static int redacted_address(const char *a)
{
    const char *at = strchr(a, '@');
    size_t ll = at ? (size_t)(at - a) : strlen(a);
    if (at == NULL || ll == 0)
        return 1;
    static const char *const W[] = {"redacted", "undisclosed", "removed", "hidden", "anonymized",
                                    "anonymised", NULL};
    for (const char *const *w = W; *w; w++)
        if (bk__ifind(a, ll, *w) != NULL)
            return 1;
    size_t masked = 0, hex = 0;
    for (size_t i = 0; i < ll; i++) {
        masked += a[i] == 'x' || a[i] == 'X' || a[i] == '*' || a[i] == '#';
        hex += bk__is_digit((unsigned char)a[i]) || (a[i] >= 'a' && a[i] <= 'f');
    }
    /* masked ("xxxxxxxx"), or a digest of the address (32 or more hex
     * digits: MD5, SHA-1, SHA-256) */
    return (masked == ll && ll >= 3) || (hex == ll && ll >= 32);
}

/* The one address of an address header, or "" when it names none, more
 * than one or a redacted one. */
static const char *single_address(ctx *c, const char *v, size_t l)
{
    if (l == 0 || memchr(v, '@', l) == NULL)
        return "";
    /* two addresses: "a@x, b@y" (an '@' after a comma outside quotes) */
    int quoted = 0, comma = 0;
    for (size_t i = 0; i < l; i++) {
        if (v[i] == '"')
            quoted = !quoted;
        else if (v[i] == ',' && !quoted)
            comma = 1;
        else if (v[i] == '@' && comma && !quoted)
            return "";
    }
    const char *a = address_of(c, v, l);
    return *a && !redacted_address(a) ? a : "";
}

/* The recipient that the sender encoded in its own envelope sender (a
 * VERP template given): the report's Original-Mail-From, else the
 * reported message's Return-Path.  It survives redaction and forwarding,
 * and names the address the sender mailed.  "" when none decodes. */
static const char *complaint_verp(ctx *c, const char *mail_from, size_t ml)
{
    if (c->p->verp == NULL)
        return "";
    size_t l;
    const char *v = hval(&c->r->returned, "Return-Path", &l);
    const char *const src[2] = {mail_from, v};
    const size_t len[2] = {ml, l};
    for (int i = 0; i < 2; i++) {
        const char *a = address_of(c, src[i], len[i]);
        char out[520];
        if (*a && verp_match(c->p->verp, a, out, sizeof out))
            return dup(c, out, strlen(out));
    }
    return "";
}

/* The envelope recipient that a Received field of the reported message
 * records ("... with ESMTP id X for <user@isp>; date"), the topmost that
 * names one: written by the receiving system, like X-Original-To. */
static const char *received_for(ctx *c, const bk__headers *rh)
{
    for (size_t i = 0; i < rh->n; i++) {
        const bk__header *f = &rh->h[i];
        if (!bk__ieq(f->name, f->nlen, "Received"))
            continue;
        size_t vl;
        const char *v = bk__header_val(f, &vl);
        const char *p = bk__ifind(v, vl, " for ");
        if (p == NULL)
            continue;
        p += 5;
        size_t rest = vl - (size_t)(p - v), k = 0;
        while (k < rest && p[k] != ';' && p[k] != ' ' && p[k] != '\t')
            k++;
        const char *a = single_address(c, p, k);
        if (*a)
            return a;
    }
    return "";
}

/* The complainer's address from the headers of the reported message, when
 * the report itself names none: Microsoft's X-HmXmrOriginalRecipient,
 * the recipient's system's X-Original-To, Delivered-To, Envelope-To and
 * Received "for <addr>", then To when it names exactly one address.  ""
 * when none does. */
static const char *complaint_recipient(ctx *c, const bk__headers *rh)
{
    size_t l;
    const char *v = hval(rh, "X-HmXmrOriginalRecipient", &l);
    const char *a = single_address(c, v, l);
    if (*a)
        return a;
    static const char *const H[] = {"X-Original-To", "Delivered-To", "Envelope-To", NULL};
    for (const char *const *h = H; *h; h++) {
        v = hval(rh, *h, &l);
        a = single_address(c, v, l);
        if (*a)
            return a;
    }
    a = received_for(c, rh);
    if (*a)
        return a;
    v = hval(rh, "To", &l);
    return single_address(c, v, l);
}

/* When no address of the complainer is left: the stand-in the report put
 * in its place (the reported message's To, "redacted@isp.example",
 * "xxxxxxxx@isp.example"), kept as the report gives it so that the record
 * still tells which provider's user complained; "" when it is no address
 * at all (SpamCop's "To: x", "[redacted]"). */
static const char *complaint_standin(ctx *c, const bk__headers *rh)
{
    size_t l;
    const char *v = hval(rh, "To", &l);
    const char *a = address_of(c, v, l);
    const char *at = strchr(a, '@');
    return at != NULL && at > a && strchr(at, '.') != NULL ? a : "";
}

/* What a feedback report asks of the sender.  A complaint (abuse, fraud,
 * virus, other, opt-out, unsubscribe) stops mail to the complainer; an
 * authentication failure report (RFC 6591, a DMARC failure report) says
 * the sender's setup or a forger is at fault, not the recipient; a
 * "not-spam" report (RFC 6430) withdraws nothing and asks for nothing. */
static bk_decision feedback_decision(const char *type)
{
    if (strcmp(type, "auth-failure") == 0 || strcmp(type, "dmarc") == 0)
        return BK_DECISION_FIX_SENDER;
    if (strcmp(type, "not-spam") == 0)
        return BK_DECISION_NONE;
    return BK_DECISION_SUPPRESS;
}

/* ------------------------------------------------------------------------
 * ARF (RFC 5965) and auto-replies (RFC 3834)
 * ---------------------------------------------------------------------- */

static int feedback_record(ctx *c, const char *rcpt, const char *type)
{
    for (size_t i = 0; i < c->r->n; i++)
        if (bk__addr_eq(c->r->rec[i].recipient, rcpt))
            return 0;
    bk_record *x = new_record(c);
    if (x == NULL)
        return 0;
    x->recipient = rcpt;
    x->action = "";
    x->feedback_type = type;
    x->reason = BK_REASON_FEEDBACK;
    x->bounce = BK_BOUNCE_NONE;
    x->decision = feedback_decision(type);
    x->format = "arf";
    return 1;
}

/* Complaints that are not RFC 5965 reports but say so in their headers:
 * Microsoft's JMRP/SNDS complaints carry X-HmXmrOriginalRecipient in the
 * returned message; Apple Mail's one-click unsubscribe sets
 * X-Apple-Unsubscribe on a message from the subscriber. */
static int nonstandard_feedback(ctx *c)
{
    size_t l;
    const char *v = hval(&c->r->returned, "X-HmXmrOriginalRecipient", &l);
    if (l) {
        c->format = "arf";
        return feedback_record(c, address_of(c, v, l), "abuse");
    }
    v = hval(c->top, "X-Apple-Unsubscribe", &l);
    if (l && bk__istarts(v, l, "true")) {
        c->format = "arf";
        v = hval(c->top, "From", &l);
        return feedback_record(c, address_of(c, v, l), "opt-out");
    }
    return 0;
}

static int arf_decoder(ctx *c, bk__part *p)
{
    if (bk__part_decode(&c->m, p) != 0)
        return 0;
    bk__headers h;
    size_t body;
    const char *s = p->text;
    size_t n = p->text_len;
    while (n > 0 && (*s == '\n' || *s == ' ')) {
        s++;
        n--;
    }
    if (bk__headers_parse(&c->r->arena, &c->m.lim, s, n, &h, &body) != 0)
        return 0;
    size_t l;
    const char *ft = dsn_field(&h, "Feedback-Type", &l);
    char ftype[32];
    size_t k = 0;
    while (k < l && k < sizeof ftype - 1 && !bk__is_space((unsigned char)ft[k])) {
        ftype[k] = (char)bk__lower((unsigned char)ft[k]);
        k++;
    }
    ftype[k] = '\0';
    const char *v = dsn_field(&h, "Original-Mail-From", &l);
    const char *from = address_of(c, v, l);
    if (*from) /* "<>" leaves the reported message's Return-Path */
        c->sender = from;
    const char *verp = complaint_verp(c, v, l);
    v = dsn_field(&h, "Reporting-MTA", &l);
    if (l) {
        size_t sl;
        const char *sv = bk__strip_type(v, l, &sl);
        c->reporting_mta = one_line(c, sv, sl);
    }
    v = dsn_field(&h, "Arrival-Date", &l);
    if (!l)
        v = dsn_field(&h, "Received-Date", &l);
    if (l)
        c->date = date_of(c, v, l);
    /* The complained-about addresses: every Original-Rcpt-To and
     * Removal-Recipient that is not redacted, else the reported message's
     * headers (complaint_recipient()). */
    const char *fb = k ? dup(c, ftype, k) : "abuse";
    int by_verp = *verp && feedback_record(c, verp, fb);
    const char *standin = ""; /* a redacted address as the report gives it */
    int made = by_verp;
    for (size_t i = 0; i < h.n && !by_verp; i++) {
        const bk__header *f = &h.h[i];
        if (!bk__ieq(f->name, f->nlen, "Original-Rcpt-To") &&
            !bk__ieq(f->name, f->nlen, "Removal-Recipient"))
            continue;
        size_t vl;
        const char *fv = bk__header_val(f, &vl);
        const char *a = address_of(c, fv, vl);
        if (*a && redacted_address(a)) {
            if (!*standin && strchr(a, '@') != NULL)
                standin = a;
        } else if (*a && feedback_record(c, a, fb)) {
            made++;
        }
    }
    if (made == 0) {
        const char *a = complaint_recipient(c, &c->r->returned);
        if (!*a)
            a = *standin ? standin : complaint_standin(c, &c->r->returned);
        made += feedback_record(c, a, fb);
    }
    return made;
}

/* Does the subject start as a reply or a forward ("Re:", "AW:", "RV:",
 * "回复:", ...)? */
static int reply_prefix(const char *subj, size_t sl)
{
    static const char *const P[] = {"re:", "re :", "fw:", "fwd:", "fw :", "aw:", "tr:", "wg:",
                                    "sv:", "vs:", "antw:", "rv:", "r:", "res:", "enc:", "odp:",
                                    "ynt:", "回复", "答复", "转发", "回覆", "返信", "転送",
                                    "Ответ:", "Отв:", NULL};
    while (sl && bk__is_space((unsigned char)*subj))
        subj++, sl--;
    for (const char *const *p = P; *p; p++)
        if (bk__istarts(subj, sl, *p))
            return 1;
    return 0;
}

/* Does the subject start the way an automatic reply's does ("Automatic
 * reply: ...", "Abwesenheitsnotiz: ...", "[Auto-Reply] ...", "自動応答:
 * ...")?  Only at the start: "Team out of office day" is a person's. */
static int auto_reply_prefix(const char *subj, size_t sl)
{
    static const char *const P[] = {
        /* English */
        "out of office", "out of the office", "automatic reply", "auto reply", "autoreply",
        "auto-reply", "autoresponse", "auto response", "auto-response", "automatic response",
        "autoresponder", "auto:", "vacation reply", "vacation response", "away from the office",
        "away from office",
        /* German, French, Spanish, Italian, Dutch, Portuguese */
        "abwesenheitsnotiz", "automatische antwort", "réponse automatique", "reponse automatique",
        "absent du bureau", "message d'absence", "respuesta automática", "respuesta automatica",
        "fuera de la oficina", "risposta automatica", "automatisch antwoord",
        "resposta automática", "resposta automatica",
        /* Nordic, Finnish, Polish, Czech, Turkish, Hungarian, Romanian, Greek */
        "automatisk svar", "automaattinen vastaus", "automatyczna odpowied", "automatická odpověď",
        "otomatik yanıt", "automatikus válasz", "răspuns automat", "Αυτόματη απάντηση",
        "αυτόματη απάντηση",
        /* Japanese, Chinese, Korean, Russian (non-ASCII capitals spelt out) */
        "自動応答", "自動返信", "不在", "自动回复", "自動回覆", "自动答复", "자동 회신", "자동회신",
        "Автоматический ответ", "автоматический ответ", "Автоответ", "автоответ", NULL};
    while (sl && (bk__is_space((unsigned char)*subj) || *subj == '['))
        subj++, sl--;
    for (const char *const *p = P; *p; p++)
        if (bk__istarts(subj, sl, *p))
            return 1;
    /* Lotus Notes: "Jane Doe/Sales/Corp is out of the office." */
    return bk__ifind(subj, sl, "is out of the office") != NULL ||
           bk__ifind(subj, sl, "is out of office") != NULL;
}

/* List posts, newsletters and notifications carry list headers; their
 * subject or text may speak of an absence without being an answer. */
static int list_mail(ctx *c)
{
    static const char *const H[] = {"List-Id", "List-Unsubscribe", "List-Post", NULL};
    size_t l;
    for (const char *const *h = H; *h; h++) {
        hval(c->top, *h, &l);
        if (l)
            return 1;
    }
    return 0;
}

/* The answer's own text (before a quoted message) says it is automatic:
 * "This is an automatic reply", "Dies ist eine automatische Antwort", ...
 * A phrase naming an automated message ("This is an automated message,
 * do not reply") is what transactional mail says, and does not count. */
#define AUTO_BODY_SCAN 1024 /* the answer's opening: quoted text follows it */
static int body_says_auto_reply(ctx *c, int absence)
{
    const char *s = c->text;
    size_t n = c->text_len < AUTO_BODY_SCAN ? c->text_len : AUTO_BODY_SCAN, pos = 0;
    /* stop at the quoted message */
    while (pos < n) {
        const char *lf = memchr(s + pos, '\n', n - pos);
        size_t le = lf ? (size_t)(lf - s) : n;
        size_t a = pos;
        while (a < le && (s[a] == ' ' || s[a] == '\t'))
            a++;
        if (a < le && (s[a] == '>' || bk__istarts(s + a, le - a, "-----") ||
                       bk__istarts(s + a, le - a, "_____") || bk__istarts(s + a, le - a, "from:") ||
                       bk__ifind(s + a, le - a, "wrote:") || bk__ifind(s + a, le - a, "schrieb:") ||
                       bk__ifind(s + a, le - a, "a écrit")))
            break;
        pos = lf ? le + 1 : n;
    }
    n = pos;
    static const char *const P[] = {
        "this is an automatic reply", "this is an automated reply", "this is an auto-reply",
        "this is an autoreply", "this is an automatic response", "this is an automated response",
        "this is an auto-generated reply", "dies ist eine automatische antwort",
        "dies ist eine automatisch generierte antwort", "ceci est une réponse automatique",
        "esta es una respuesta automática", "questa è una risposta automatica",
        "dit is een automatisch antwoord", "dit is een automatisch gegenereerd antwoord",
        "esta é uma resposta automática", "自動返信", "自動応答", "自动回复", "自動回覆",
        "это автоматический ответ", "Это автоматический ответ", "автоответ", NULL};
    /* words of an absence, for answers already known to be automatic */
    static const char *const A[] = {
        "out of the office", "out of office", "on vacation", "on holiday", "on leave",
        "away from the office", "nicht im büro", "abwesend", "im urlaub", "absent du bureau",
        "je suis absent", "fuera de la oficina", "de vacaciones", "fuori ufficio", "fuori sede",
        "in ferie", "afwezig", "met vakantie", "ausente", "de férias", "不在", "休暇", "不在办公室",
        "休假", "в отпуске", "отсутствую", NULL};
    for (const char *const *p = absence ? A : P; *p; p++)
        if (bk__ifind(s, n, *p))
            return 1;
    return 0;
}

/* An automatic answer (RFC 3834): said by its headers; else by its
 * subject or its own text, unless it comes through a list. */
static int is_auto_reply(ctx *c)
{
    size_t l;
    const char *v = hval(c->top, "Auto-Submitted", &l);
    if (l && bk__istarts(v, l, "auto-replied"))
        return 1;
    static const char *const H[] = {"X-Autoreply", "X-Autorespond", "X-Autoresponder",
                                    "X-Autoreply-From", "X-Mail-Autoreply", "X-Vacation", NULL};
    for (const char *const *h = H; *h; h++) {
        hval(c->top, *h, &l);
        if (l)
            return 1;
    }
    /* iCloud's vacation reply; "X-Autogenerated: Reply" of some webmails */
    v = hval(c->top, "X-Apple-Action", &l);
    if (l && bk__istarts(v, l, "vacation"))
        return 1;
    v = hval(c->top, "X-Autogenerated", &l);
    if (l && bk__istarts(v, l, "reply"))
        return 1;
    v = hval(c->top, "Precedence", &l);
    if (l && (bk__istarts(v, l, "auto_reply") || bk__istarts(v, l, "auto-reply")))
        return 1;
    if (list_mail(c))
        return 0;
    const char *subj = c->m.parts[0].hdr.n ? decoded_header(c, c->top, "Subject") : "";
    size_t sl = strlen(subj);
    int reply = reply_prefix(subj, sl);
    size_t irt;
    hval(c->top, "In-Reply-To", &irt);
    const char *s0 = subj;
    while (*s0 == ' ' || *s0 == '\t')
        s0++;
    /* "Auto:" (Sieve's vacation) is also a word ("Auto: Termin"): it
     * counts for an answer to a message only. */
    if (!reply && auto_reply_prefix(subj, sl) && (irt || !bk__istarts(s0, strlen(s0), "auto:")))
        return 1;
    if (body_says_auto_reply(c, 0))
        return 1;
    /* Machine-made (Auto-Submitted: auto-generated), an answer to a
     * message (In-Reply-To, "Re:"), and its own text speaks of an absence:
     * an out-of-office reply that does not say it is one. */
    v = hval(c->top, "Auto-Submitted", &l);
    int generated = l && !bk__istarts(v, l, "no");
    return generated && (irt || reply) && body_says_auto_reply(c, 1);
}

/* A list's or a moderation system's notice that a message is held until
 * a moderator decides ("Your message to X awaits moderator approval"): not
 * a failure, as the message may still be delivered, and not an answer of
 * the recipient's. */
static int held_notice(ctx *c)
{
    /* the subject may say it briefly; the text must name the moderator
     * (an out-of-office text may well mention orders "pending approval") */
    static const char *const P[] = {"moderator approval", "moderator's approval", "held for moderation",
                                    "pending moderation", "awaiting moderation", "awaits moderation",
                                    "held until the list moderator", "held for approval",
                                    "pending approval", NULL};
    const size_t body_phrases = 7; /* the first 7 name moderation ("moderat") */
    const char *subj = decoded_header(c, c->top, "Subject");
    size_t sl = strlen(subj), n = c->text_len < AUTO_BODY_SCAN ? c->text_len : AUTO_BODY_SCAN;
    /* every phrase holds "moderat" or "approval": a subject with neither
     * is not read for each of them (nor for its prefixes) */
    if (sl && bk__ifind(subj, sl, "moderat") == NULL && bk__ifind(subj, sl, "approval") == NULL)
        sl = 0;
    /* "Automatic reply: Expense report pending approval" answers a
     * notice: its subject is the notice's */
    if (sl && (reply_prefix(subj, sl) || auto_reply_prefix(subj, sl)))
        sl = 0;
    /* every body phrase holds "moderat": without it the text is not read
     * for each of them */
    if (n && bk__ifind(c->text, n, "moderat") == NULL)
        n = 0;
    for (size_t i = 0; P[i]; i++)
        if ((sl && bk__ifind(subj, sl, P[i])) || (i < body_phrases && n && bk__ifind(c->text, n, P[i])))
            return 1;
    return 0;
}

static void vacation_record(ctx *c)
{
    size_t l;
    const char *v = hval(c->top, "From", &l);
    const char *a = address_of(c, v, l);
    if (!*a)
        return;
    bk_record *x = new_record(c);
    if (x == NULL)
        return;
    x->recipient = a;
    x->action = "";
    x->reason = BK_REASON_VACATION;
    x->bounce = BK_BOUNCE_NONE;
    x->decision = BK_DECISION_NONE;
    x->format = "rfc3834";
    /* The subject of an auto-reply is usually the original's, prefixed. */
    x->subject = decoded_header(c, c->top, "Subject");
    v = hval(c->top, "In-Reply-To", &l);
    if (l)
        x->message_id = bare_id(c, v, l);
}

/* ------------------------------------------------------------------------
 * JSON notifications (Amazon SES through SNS e-mail subscriptions)
 * ---------------------------------------------------------------------- */

/* An SNS notification mailed with the "email-json" protocol: the whole
 * SNS envelope ({"Type":"Notification", ..., "Message":"..."}), whose
 * Message member is the SES notification as a JSON string.  Parse the
 * envelope from the first '{' of s (line ends dropped as for a plain
 * notification) and then its Message into *doc. */
static const bk__jrnode *sns_envelope(ctx *c, const char *s, size_t n, bk__jrdoc *doc)
{
    const char *b = memchr(s, '{', n);
    if (b == NULL || bk__ifind(b, n - (size_t)(b - s), "\"Message\"") == NULL)
        return NULL;
    n -= (size_t)(b - s);
    char *d = bk__arena_alloc_raw(&c->r->arena, n + 1);
    if (d == NULL)
        return NULL;
    size_t o = 0;
    for (size_t k = 0; k < n; k++)
        if (b[k] != '\n')
            d[o++] = b[k];
    bk__jrdoc env;
    memset(&env, 0, sizeof env);
    if (bk__jr_parse_prefix(d, o, &env, NULL) != BK_OK)
        return NULL;
    const bk__jrnode *m = bk__jr_get(&env, bk__jr_root(&env), "Message");
    const bk__jrnode *root = NULL;
    if (m != NULL && m->type == BK__JR_STRING &&
        bk__jr_parse_prefix(m->str, m->len, doc, NULL) == BK_OK) {
        root = bk__jr_root(doc);
        if (root == NULL || root->type != BK__JR_OBJECT) {
            bk__jr_free(doc);
            root = NULL;
        }
    }
    bk__jr_free(&env);
    return root;
}

/* The notification's JSON value in *doc (freed by the caller when the
 * root is not NULL). */
static const bk__jrnode *find_notification(ctx *c, bk__jrdoc *doc)
{
    for (size_t i = 0; i < c->m.nparts; i++) {
        bk__part *p = &c->m.parts[i];
        if (c->inside[i] || p->kind != BK__PART_LEAF || strncmp(p->type, "text/", 5) != 0)
            continue;
        if (bk__part_decode(&c->m, p) != 0)
            continue;
        /* the value is an object: a text without '{' holds none (one
         * memchr instead of two phrase searches) */
        if (p->text_len == 0 || memchr(p->text, '{', p->text_len) == NULL)
            continue;
        /* Each key, quoted or escaped, holds its bare name: texts with
         * '{' that name neither (HTML with CSS) cost two searches, not four. */
        int nt = bk__ifind(p->text, p->text_len, "notificationType") != NULL;
        int et = bk__ifind(p->text, p->text_len, "eventType") != NULL;
        if (!nt && !et)
            continue;
        const char *h = nt ? bk__ifind(p->text, p->text_len, "\"notificationType\"") : NULL;
        if (h == NULL && et)
            h = bk__ifind(p->text, p->text_len, "\"eventType\"");
        if (h == NULL) {
            const bk__jrnode *e = NULL;
            if ((nt && bk__ifind(p->text, p->text_len, "\\\"notificationType\\\"") != NULL) ||
                (et && bk__ifind(p->text, p->text_len, "\\\"eventType\\\"") != NULL))
                e = sns_envelope(c, p->text, p->text_len, doc);
            if (e != NULL)
                return e;
            continue;
        }
        const char *b = h;
        while (b > p->text && *b != '{')
            b--;
        if (*b != '{')
            continue;
        /* Mail transport wraps the long line: drop the line ends (JSON text
         * has none of its own) and the "!" some gateways put before them. */
        size_t n = p->text_len - (size_t)(b - p->text);
        char *d = bk__arena_alloc_raw(&c->r->arena, n + 1);
        if (d == NULL)
            return NULL;
        size_t o = 0;
        for (size_t k = 0; k < n; k++) {
            if (b[k] == '!' && k + 2 < n && b[k + 1] == '\n' && b[k + 2] == ' ') {
                k += 2;
                continue;
            }
            if (b[k] == '\n')
                continue;
            d[o++] = b[k];
        }
        /* A signature or footer may follow the value. */
        if (bk__jr_parse_prefix(d, o, doc, NULL) == BK_OK)
            return bk__jr_root(doc);
    }
    return NULL;
}

static int json_notification(ctx *c)
{
    bk__jrdoc doc;
    const bk__jrnode *root = find_notification(c, &doc);
    if (root == NULL)
        return 0;
    const bk__jrdoc *d = &doc;
    const char *type = bk__jr_str(d, root, "notificationType");
    if (!*type)
        type = bk__jr_str(d, root, "eventType");
    const bk__jrnode *mail = bk__jr_get(d, root, "mail");
    const char *src = bk__jr_str(d, mail, "source");
    if (*src)
        c->sender = address_of(c, src, strlen(src));
    const char *mid = bk__jr_str(d, mail, "messageId");
    if (*mid)
        c->message_id = dup(c, mid, strlen(mid));
    const char *subj = bk__jr_str(d, bk__jr_get(d, mail, "commonHeaders"), "subject");
    if (*subj)
        c->subject = one_line(c, subj, strlen(subj));
    c->format = "amazonses";
    int made = 0;
    if (strcmp(type, "Bounce") == 0) {
        const bk__jrnode *b = bk__jr_get(d, root, "bounce");
        const char *rm = bk__jr_str(d, b, "reportingMTA");
        if (*rm) {
            size_t l;
            const char *v = bk__strip_type(rm, strlen(rm), &l);
            c->reporting_mta = one_line(c, v, l);
        }
        const char *ts = bk__jr_str(d, b, "timestamp");
        if (*ts)
            c->date = dup(c, ts, strlen(ts));
        int transient = strcmp(bk__jr_str(d, b, "bounceType"), "Transient") == 0;
        const bk__jrnode *list = bk__jr_get(d, b, "bouncedRecipients");
        for (const bk__jrnode *e = bk__jr_first(d, list); e; e = bk__jr_next(d, e)) {
            const char *a = bk__jr_str(d, e, "emailAddress");
            bk_record *x = new_record(c);
            if (x == NULL)
                break;
            made++;
            x->recipient = address_of(c, a, strlen(a));
            const char *act = bk__jr_str(d, e, "action");
            x->action = strcmp(act, "delayed") == 0 ? "delayed" : "failed";
            const char *diag = bk__jr_str(d, e, "diagnosticCode");
            size_t dl = 0;
            const char *dv = bk__strip_type(diag, strlen(diag), &dl);
            x->diagnostic = one_line(c, dv, dl);
            bk_status st;
            int has = 0;
            const char *sv = bk__jr_str(d, e, "status");
            if (*sv)
                has = bk_status_parse(sv, strlen(sv), &st) == BK_OK;
            bk_status ds;
            if (dl && find_status(dv, dl, &ds))
                prefer_status(&st, &has, &ds);
            x->reply_code = reply_for_status(dv, dl, &st, has);
            if (has)
                x->status = status_text(c, &st);
            x->smtp_command = smtp_command_of(dv, dl);
            classify(c, x, &st, has, dv, dl);
            if (transient && x->bounce == BK_BOUNCE_HARD)
                x->bounce = BK_BOUNCE_SOFT;
        }
    } else if (strcmp(type, "Complaint") == 0) {
        const bk__jrnode *b = bk__jr_get(d, root, "complaint");
        const char *ft = bk__jr_str(d, b, "complaintFeedbackType");
        const bk__jrnode *list = bk__jr_get(d, b, "complainedRecipients");
        for (const bk__jrnode *e = bk__jr_first(d, list); e; e = bk__jr_next(d, e)) {
            const char *a = bk__jr_str(d, e, "emailAddress");
            if (feedback_record(c, address_of(c, a, strlen(a)), *ft ? dup(c, ft, strlen(ft)) : "abuse"))
                made++;
        }
        for (size_t i = 0; i < c->r->n; i++)
            c->r->rec[i].format = "amazonses";
    } else if (strcmp(type, "Delivery") == 0) {
        const bk__jrnode *b = bk__jr_get(d, root, "delivery");
        const char *resp = bk__jr_str(d, b, "smtpResponse");
        const char *rm = bk__jr_str(d, b, "reportingMTA");
        if (*rm)
            c->reporting_mta = one_line(c, rm, strlen(rm));
        const bk__jrnode *list = bk__jr_get(d, b, "recipients");
        for (const bk__jrnode *e = bk__jr_first(d, list); e; e = bk__jr_next(d, e)) {
            if (e->type != BK__JR_STRING)
                continue;
            bk_record *x = new_record(c);
            if (x == NULL)
                break;
            made++;
            x->recipient = address_of(c, e->str, e->len);
            x->action = "delivered";
            size_t rl = strlen(resp);
            x->diagnostic = one_line(c, resp, rl);
            if (rl >= 3 && bk__is_digit((unsigned char)resp[0]) &&
                bk__is_digit((unsigned char)resp[1]) && bk__is_digit((unsigned char)resp[2]))
                x->reply_code = (resp[0] - '0') * 100 + (resp[1] - '0') * 10 + (resp[2] - '0');
            bk_status st;
            int has = find_status(resp, rl, &st);
            if (has)
                x->status = status_text(c, &st);
            classify(c, x, &st, has, resp, rl);
        }
    }
    int known = made > 0 || *type;
    bk__jr_free(&doc); /* every string kept was copied into the result */
    return known;
}

/* ------------------------------------------------------------------------
 * Is it a bounce at all?
 * ---------------------------------------------------------------------- */

/* A mailing-list manager's notice that a post was not distributed (fml:
 * "Loop Alert: Duplicated Message-ID", "fml system error message",
 * "reject your post").  The list server marks its mail with X-MLServer;
 * its notices come from the list's maintenance address with a subject
 * naming the error, and the subject is what the classifier reads first. */
static int list_notice(ctx *c)
{
    size_t l, fl;
    const char *srv = hval(c->top, "X-MLServer", &l);
    if (l == 0 || bk__ifind(srv, l, "fml") == NULL)
        return 0;
    const char *from = hval(c->top, "From", &fl);
    if (!bk__ifind(from, fl, "-admin") && !bk__ifind(from, fl, "-owner") &&
        !bk__ifind(from, fl, "-request") && !bk__ifind(from, fl, "fml"))
        return 0; /* a post distributed by the list, not a notice */
    const char *subj = decoded_header(c, c->top, "Subject");
    size_t sl = strlen(subj);
    static const char *const S[] = {"loop alert", "error", "reject", "not a member",
                                    "not member", NULL};
    int notice = 0;
    for (const char *const *k = S; *k && !notice; k++)
        notice = bk__ifind(subj, sl, *k) != NULL;
    if (!notice)
        return 0;
    c->format = "fml";
    /* The notice is the first paragraph; the returned post, quoted and
     * indented, follows it and names other addresses. */
    size_t p0 = 0;
    while (p0 < c->text_len && bk__is_space((unsigned char)c->text[p0]))
        p0++;
    const char *para = c->text_len ? bk__ifind(c->text + p0, c->text_len - p0, "\n\n") : NULL;
    if (para != NULL)
        c->text_len = (size_t)(para - c->text) + 1;
    size_t before = c->r->n;
    text_decoder(c, NULL);
    if (c->r->n == before) {
        /* The notice names nobody: the list's own address is the one
         * the post could not reach through. */
        bk_record *x = new_record(c);
        if (x == NULL)
            return 0;
        x->action = "failed";
    }
    /* The classifier reads the subject with the notice's opening. */
    size_t tl = c->text_len < FALLBACK_SCAN ? c->text_len : FALLBACK_SCAN;
    char *t = bk__arena_alloc_raw(&c->r->arena, sl + 1 + tl + 1);
    if (t == NULL)
        return 1;
    memcpy(t, subj, sl);
    t[sl] = '\n';
    memcpy(t + sl + 1, c->text, tl);
    t[sl + 1 + tl] = '\0';
    for (size_t i = before; i < c->r->n; i++) {
        bk_record *x = &c->r->rec[i];
        if (!*x->diagnostic)
            x->diagnostic = one_line(c, subj, sl);
        bk_status st;
        int has = *x->status && bk_status_parse(x->status, strlen(x->status), &st) == BK_OK;
        classify(c, x, &st, has, t, sl + 1 + tl);
    }
    return 1;
}

/* The length of the local part's list-role suffix ("-owner", "-request",
 * "-bounces", "-admin") of the address at [s, s+n), 0 when it has none. */
static size_t list_role_suffix(const char *s, size_t n)
{
    static const char *const SUF[] = {"-owner", "-request", "-bounces", "-admin", NULL};
    const char *at = memchr(s, '@', n);
    if (at == NULL)
        return 0;
    size_t ll = (size_t)(at - s);
    for (const char *const *k = SUF; *k; k++) {
        size_t kl = strlen(*k);
        if (ll > kl && bk__ieq(at - kl, kl, *k))
            return kl;
    }
    return 0;
}

/* A list manager's refusal of a post (Mailman 2 "You are not allowed to
 * post to this mailing list, and your message has been automatically
 * rejected", Mailman 3 "Your message to L was rejected: The message is
 * not from a list member", Sympa "Authorization denied ... you are not
 * allowed to send to list L", LISTSERV "You are not authorized to send
 * mail to the L list").  The notice comes from the list's owner or
 * request address or from the manager itself, never from the poster; the
 * post failed at the list's address, which is the record's recipient:
 * the first address of the subject and the notice that is neither the
 * poster's nor a role address, else a role address ("L-owner@",
 * "L-request@") without its suffix. */
static int list_refusal(ctx *c)
{
    enum { NOTICE_SCAN = 2048, ADDRESSES_MAX = 16 };
    size_t fl, l;
    const char *from = hval(c->top, "From", &fl);
    size_t fa = 0, fal = 0;
    if (fl == 0 || !bk__find_address(from, fl, 0, &fa, &fal))
        return 0;
    hval(c->top, "X-Mailman-Version", &l);
    int manager = list_role_suffix(from + fa, fal) > 0 || bk__istarts(from + fa, fal, "sympa@") ||
                  bk__istarts(from + fa, fal, "listserv@") ||
                  (l > 0 && bk__istarts(from + fa, fal, "mailman@"));
    if (!manager)
        return 0;
    const char *subj = decoded_header(c, c->top, "Subject");
    size_t sl = strlen(subj), tl = c->text_len < NOTICE_SCAN ? c->text_len : NOTICE_SCAN;
    static const char *const P[] = {"has been rejected", "was rejected", "automatically rejected",
                                    "not allowed to post", "not allowed to send", "not authorized to send",
                                    "authorization denied", "not from a list member", NULL};
    int refused = 0;
    for (const char *const *k = P; *k && !refused; k++)
        refused = bk__ifind(subj, sl, *k) != NULL || bk__ifind(c->text, tl, *k) != NULL;
    if (!refused)
        return 0;
    const char *list = NULL, *role = NULL;
    size_t rl = 0;
    const char *src[] = {subj, c->text};
    size_t srcl[] = {sl, tl};
    for (int i = 0; i < 2 && list == NULL; i++) {
        size_t pos = 0, a, al;
        for (int k = 0; k < ADDRESSES_MAX && list == NULL && bk__find_address(src[i], srcl[i], pos, &a, &al); k++) {
            pos = a + al;
            const char *ad = bk__clean_address(&c->r->arena, src[i] + a, al);
            if (ad == NULL || !*ad || bk__addr_eq(ad, c->bounce_to) || bk__addr_eq(ad, c->sender))
                continue;
            size_t sx = list_role_suffix(ad, strlen(ad));
            if (sx == 0 && after_contact_words(c, src[i], a))
                continue; /* "contact help.desk@x": someone to ask, not the list */
            if (sx > 0) {
                if (role == NULL) {
                    role = ad;
                    rl = sx;
                }
            } else if (!bk__istarts(ad, strlen(ad), "sympa@") && !bk__istarts(ad, strlen(ad), "listserv@")) {
                list = ad;
            }
        }
    }
    if (list == NULL && role == NULL && list_role_suffix(from + fa, fal) > 0) {
        role = bk__clean_address(&c->r->arena, from + fa, fal);
        rl = role ? list_role_suffix(role, strlen(role)) : 0;
    }
    if (list == NULL && role != NULL) {
        const char *at = strchr(role, '@');
        size_t n = strlen(role);
        char *d = bk__arena_alloc_raw(&c->r->arena, n - rl + 1);
        if (d == NULL || at == NULL)
            return 0;
        size_t ll = (size_t)(at - role) - rl;
        memcpy(d, role, ll);
        memcpy(d + ll, at, n - (size_t)(at - role) + 1);
        list = d;
    }
    if (list == NULL)
        return 0;
    bk_record *x = new_record(c);
    if (x == NULL)
        return 0;
    c->format = "listmanager";
    x->format = c->format;
    x->recipient = list;
    x->action = "failed";
    size_t p1 = 0;
    while (p1 < tl && bk__is_space((unsigned char)c->text[p1]))
        p1++;
    const char *para = bk__ifind(c->text + p1, tl - p1, "\n\n");
    size_t pl = para ? (size_t)(para - c->text) - p1 : tl - p1;
    if (para != NULL && pl > 0 && c->text[p1 + pl - 1] == ':') {
        /* "Your message to L was rejected:" introduces the cause */
        size_t q = p1 + pl;
        while (q < tl && bk__is_space((unsigned char)c->text[q]))
            q++;
        const char *p2 = bk__ifind(c->text + q, tl - q, "\n\n");
        pl = (p2 ? (size_t)(p2 - c->text) : tl) - p1;
    }
    x->diagnostic = one_line(c, c->text + p1, pl);
    /* Whatever the notice's words ("not a member", "not authorized"), the
     * list refused this poster: the sender was rejected, and the list's
     * address stays valid. */
    x->reason = BK_REASON_REJECTED;
    x->bounce = bk_reason_bounce(BK_REASON_REJECTED, BK_CLASS_PERMANENT);
    x->decision = bk_reason_decision(BK_REASON_REJECTED, BK_CLASS_PERMANENT);
    x->permanent = 1;
    return 1;
}

/* Signs that a message was written by a person or sent to a list, or is
 * an automatic answer: they outweigh a bounce-like subject or wording
 * (a reply or a ticket quoting a bounce, a list post or a notification
 * about failed mail), never a bounce's own structure or sender. */
static int person_or_list(ctx *c, const char *subj, size_t sl)
{
    static const char *const H[] = {"List-Id", "List-Unsubscribe", "List-Post", "In-Reply-To",
                                    "References", NULL};
    size_t l;
    for (const char *const *h = H; *h; h++) {
        hval(c->top, *h, &l);
        if (l)
            return 1;
    }
    /* the mail clients people write with (an MTA's own X-Mailer names a
     * server or a filter, and says nothing) */
    static const char *const MUA[] = {"thunderbird", "apple mail", "iphone mail", "ipad mail",
                                      "microsoft outlook", "outlook express", "microsoft office outlook",
                                      "mutt", "evolution", "roundcube", "k-9", "kmail", "claws mail",
                                      "sylpheed", "the bat!", "becky!", "windows live mail",
                                      "em client", "postbox", "airmail", "seamonkey", "alpine",
                                      "squirrelmail", "horde", "rainloop", "zimbrawebclient", "gnus",
                                      NULL};
    static const char *const UA[] = {"User-Agent", "X-Mailer", NULL};
    for (const char *const *h = UA; *h; h++) {
        const char *v = hval(c->top, *h, &l);
        for (const char *const *m = MUA; l && *m; m++)
            if (bk__ifind(v, l, *m))
                return 1;
    }
    /* "Re:", "Fwd:", ... and the prefixes of automatic replies */
    return reply_prefix(subj, sl) || auto_reply_prefix(subj, sl);
}

/* A bounce returns the message (attached, its headers, or below a marker
 * line in the text) or is sent with the null sender: what a bounce-like
 * subject or wording needs beside it. */
static int bounce_shaped(ctx *c)
{
    if (c->r->returned.n > 0 || c->full_len > c->text_len)
        return 1;
    for (size_t i = 1; i < c->m.nparts; i++)
        if (c->m.parts[i].kind == BK__PART_MESSAGE || strcmp(c->m.parts[i].type, "text/rfc822-headers") == 0)
            return 1;
    size_t l;
    const char *v = hval(c->top, "Return-Path", &l);
    while (l && bk__is_space((unsigned char)*v))
        v++, l--;
    if (l >= 2 && v[0] == '<' && v[1] == '>')
        return 1;
    return !*c->bounce_from; /* From: <> */
}

static int word_byte(int b) { return bk__is_alpha(b) || bk__is_digit(b); }

/* Does the line of the text's opening that holds phrase (its first
 * occurrence), or the line after it, name an e-mail address? */
static int failure_names_address(ctx *c, const char *phrase)
{
    size_t n = opening(c);
    size_t at = bk__lfind(c->low, n, phrase);
    if (at >= n)
        return 0;
    size_t e = at;
    for (int lines = 0; e < n && lines < 2; e++)
        if (c->text[e] == '\n')
            lines++;
    for (size_t i = at + 1; i + 1 < e; i++)
        if (c->text[i] == '@' && word_byte((unsigned char)c->text[i - 1]) &&
            word_byte((unsigned char)c->text[i + 1]))
            return 1;
    return 0;
}

/* Was the message sent with a sender (a Return-Path that is not "<>")?
 * Bounces go back with the null sender (RFC 5321, 4.5.5). */
static int sender_named(ctx *c)
{
    size_t l;
    const char *v = hval(c->top, "Return-Path", &l);
    while (l && bk__is_space((unsigned char)*v))
        v++, l--;
    return l > 0 && !(l >= 2 && v[0] == '<' && v[1] == '>') && memchr(v, '@', l) != NULL;
}

static int looks_like_bounce(ctx *c)
{
    size_t l, fl;
    const char *from = hval(c->top, "From", &fl);
    l = fl;
    static const char *const F[] = {"mailer-daemon", "postmaster", "mail delivery", "mail-daemon",
                                    "maildelivery", "mail administrator", "mailer daemon",
                                    "mail system", "mdaemon", "no-reply@amazonaws", "post_master",
                                    "post-master", NULL};
    int daemon = 0;
    for (const char *const *f = F; *f && !daemon; f++)
        daemon = bk__ifind(from, l, *f) != NULL;
    hval(c->top, "X-Failed-Recipients", &l);
    if (l)
        return 1;
    /* The rest is a bounce-like subject or wording, which people,
     * lists, trackers and parcel services write too: from anyone but a
     * mailer daemon or postmaster, it needs a returned message or the
     * null sender and no sign of a person or a list; a daemon's or
     * postmaster's message that returns nothing needs them too (a
     * quarantine digest or a quota warning is neither). */
    const char *subj = decoded_header(c, c->top, "Subject");
    size_t sl = strlen(subj);
    int shaped = bounce_shaped(c);
    if (daemon && shaped)
        return 1;
    if (!daemon && (person_or_list(c, subj, sl) || sender_named(c)))
        return 0;
    int reply = reply_prefix(subj, sl);
    static const char *const T[] = {"could not be delivered", "was not delivered",
                                    "delivery to the following recipient",
                                    "wasn't able to deliver", "unable to deliver",
                                    "permanent error", "undeliverable", "following address(es) failed",
                                    "delivery has failed", "delivery failed", "could not deliver",
                                    "there was an error delivering", "user unknown",
                                    "no such user", "mailbox unavailable", "mail delivery failed",
                                    "message could not be sent", "failed to deliver", NULL};
    if (!daemon && !shaped) {
        /* Nothing returned and a sender of its own: a no-reply mailbox
         * whose failure sentence names the address it failed for
         * ("Could not be delivered to: <x@y>"; a parcel's "could not be
         * delivered" names none). */
        static const char *const NR[] = {"no-reply", "noreply", "do-not-reply", "donotreply", NULL};
        int noreply = 0;
        for (const char *const *a = NR; *a && !noreply; a++)
            noreply = bk__ifind(c->bounce_from, strlen(c->bounce_from), *a) != NULL;
        for (const char *const *t = T; *t && noreply && c->text_len; t++)
            if (opening_has(c, *t) && failure_names_address(c, *t))
                return 1;
        return 0;
    }
    static const char *const S[] = {"undeliver", "delivery fail", "delivery status",
                                    "returned mail", "failure notice", "mail delivery",
                                    "not delivered", "could not be delivered", "delivery notification",
                                    "mail system error", "non remis", "failed delivery",
                                    "nondeliverable", "non-deliverable", "warning: could not send",
                                    "delayed mail", "delivery has failed", "returned to sender",
                                    "delivery failure", "message not delivered", "unzustellbar",
                                    "no se puede entregar", "non recapitabile", "mail could not",
                                    "aws notification", "your message could not", NULL};
    for (const char *const *s = S; *s && !reply; s++)
        if (bk__ifind(subj, sl, *s))
            return 1;
    /* Wording alone counts only for machine-sent mail, from an automated
     * sender or with an Auto-Submitted header. */
    static const char *const AUTO[] = {"no-reply", "noreply", "do-not-reply", "donotreply",
                                       "daemon", "system", "admin", "notify", "alert", NULL};
    int machine = daemon;
    hval(c->top, "Auto-Submitted", &l);
    machine |= l > 0;
    for (const char *const *a = AUTO; *a && !machine; a++)
        if (bk__ifind(from, fl, *a))
            machine = 1;
    if (!machine)
        return 0;
    for (const char *const *t = T; *t; t++)
        if (c->text_len && opening_has(c, *t))
            return 1;
    return 0;
}

/* ------------------------------------------------------------------------
 * VERP
 * ---------------------------------------------------------------------- */

/* Match addr against a template "pre{local}sep{domain}post"; on a match
 * write local@domain into out. */
static int verp_match(const char *tpl, const char *addr, char *out, size_t size)
{
    const char *lp = strstr(tpl, "{local}"), *dp = strstr(tpl, "{domain}");
    if (lp == NULL || dp == NULL || dp < lp)
        return 0;
    size_t pre = (size_t)(lp - tpl);
    const char *sep = lp + 7;
    size_t seplen = (size_t)(dp - sep);
    const char *post = dp + 8;
    size_t postlen = strlen(post), al = strlen(addr);
    if (al < pre + seplen + postlen + 2)
        return 0;
    if (!bk__istarts(addr, al, tpl) && pre > 0) {
        if (strncasecmp(addr, tpl, pre) != 0)
            return 0;
    }
    if (strncasecmp(addr, tpl, pre) != 0)
        return 0;
    if (strcasecmp(addr + al - postlen, post) != 0)
        return 0;
    const char *mid = addr + pre;
    size_t midlen = al - pre - postlen;
    /* the separator: the last occurrence within mid */
    const char *best = NULL;
    for (size_t i = 0; i + seplen <= midlen; i++)
        if (seplen && memcmp(mid + i, sep, seplen) == 0)
            best = mid + i;
    if (best == NULL || best == mid)
        return 0;
    size_t ll = (size_t)(best - mid), dl = midlen - ll - seplen;
    if (dl == 0 || ll + dl + 2 > size)
        return 0;
    memcpy(out, mid, ll);
    out[ll] = '@';
    memcpy(out + ll + 1, best + seplen, dl);
    out[ll + 1 + dl] = '\0';
    return 1;
}

static const char *verp_recipient(ctx *c)
{
    if (c->p->verp == NULL)
        return "";
    static const char *const H[] = {"To", "Delivered-To", "X-Original-To", "Envelope-To",
                                    "Return-Path", NULL};
    for (const char *const *h = H; *h; h++) {
        size_t l;
        const char *v = hval(c->top, *h, &l);
        if (!l)
            continue;
        const char *a = address_of(c, v, l);
        char out[520];
        if (*a && verp_match(c->p->verp, a, out, sizeof out))
            return dup(c, out, strlen(out));
    }
    return "";
}

/* ------------------------------------------------------------------------
 * Embedded bounces
 * ---------------------------------------------------------------------- */

/* Could the message part at index mp hold a DSN or ARF report?  Its
 * body is not split into parts here: a report's media type in it is the
 * sign, and embedded_bounce() parses it as a message of its own. */
static int embedded_report(ctx *c, int mp)
{
    const bk__part *p = &c->m.parts[mp];
    const char *body = p->decoded ? p->text : p->body;
    size_t len = p->decoded ? p->text_len : p->body_len;
    return bk__ifind(body, len, "message/delivery-status") != NULL ||
           bk__ifind(body, len, "message/global-delivery-status") != NULL ||
           bk__ifind(body, len, "message/feedback-report") != NULL;
}

/* ---- the receiving host named in a text reply ---------------------------- */

static int host_char(unsigned char ch)
{
    return bk__is_alpha(ch) || bk__is_digit(ch) || ch == '.' || ch == '-' || ch == '_';
}

/* A host name at s[i..): at least one dot and one letter; its length, 0
 * when there is none.  A final dot (a fully qualified "mx.example.com.")
 * is not part of it. */
static size_t host_name_at(const char *s, size_t n, size_t i)
{
    size_t j = i, dots = 0, alpha = 0;
    while (j < n && host_char((unsigned char)s[j]) && j - i < 255) {
        dots += s[j] == '.';
        alpha |= bk__is_alpha((unsigned char)s[j]) != 0;
        j++;
    }
    while (j > i && s[j - 1] == '.') {
        j--;
        dots--;
    }
    return dots > 0 && alpha && j > i && s[i] != '.' && s[i] != '-' ? j - i : 0;
}

/* An IP address at s[i..) in brackets or parentheses ("[192.0.2.1]",
 * "(192.0.2.1)", "[IPv6:2001:db8::1]"): the address's length, its start
 * in *at; 0 when there is none. */
static size_t bracketed_ip_at(const char *s, size_t n, size_t i, size_t *at)
{
    if (i >= n || (s[i] != '[' && s[i] != '('))
        return 0;
    char close = s[i] == '[' ? ']' : ')';
    size_t a = i + 1;
    if (n - a > 5 && bk__istarts(s + a, n - a, "ipv6:"))
        a += 5;
    size_t j = a;
    while (j < n && j - a < 46) {
        int lc = bk__lower((unsigned char)s[j]);
        if (!bk__is_digit(lc) && lc != '.' && lc != ':' && !(lc >= 'a' && lc <= 'f'))
            break;
        j++;
    }
    if (j == a || j >= n || s[j] != close)
        return 0;
    if (memchr(s + a, '.', j - a) == NULL && memchr(s + a, ':', j - a) == NULL)
        return 0;
    *at = a;
    return j - a;
}

/* The receiving host a text reply names, for a record whose report has no
 * Remote-MTA field: "host mx.example.com[192.0.2.1] said:" (Postfix),
 * "host mx.example.com [192.0.2.1]:" and "host: mx.example.com
 * (192.0.2.1)" (Exim), "mx.example.com [192.0.2.1] did not like our RCPT
 * TO" (dma), "Remote Server at mx.example.com (192.0.2.1) returned"
 * (Exchange), "Connected to 192.0.2.1 but" and "192.0.2.1 does not like
 * recipient" (qmail), "while talking to mx.example.com.:" (Sendmail),
 * "l'hote mx.example.com[192.0.2.1] a dit" with o circumflex (Postfix in
 * French).  The host's name, or its address when the text gives no name;
 * "" when it names none.  "Client host [192.0.2.1]" is the sending side,
 * not the receiving one. */
static const char *remote_in_text(ctx *c, const char *s, size_t n)
{
    const bk__needle *lead = c->p->needles->remote_lead; /* REMOTE_LEADS */
    for (size_t k = 0; k < NELEM(REMOTE_LEADS); k++) {
        size_t ll = lead[k].len;
        for (const char *f = bk__ifind_n(s, n, &lead[k]); f != NULL;
             f = bk__ifind_n(f + 1, n - (size_t)(f + 1 - s), &lead[k])) {
            size_t i = (size_t)(f - s) + ll;
            if ((k <= 1 || k == 5) && f - s >= 7 && bk__istarts(f - 7, 7, "client "))
                continue;
            size_t hl = host_name_at(s, n, i), at = 0, il;
            size_t b = i + hl;
            if (b < n && s[b] == ' ')
                b++;
            il = bracketed_ip_at(s, n, b, &at);
            if (k == 4 && hl > 0) /* Sendmail names the host alone */
                return one_line(c, s + i, hl);
            if (k == 3) { /* qmail: a bare address */
                size_t j = i;
                while (j < n && (bk__is_digit((unsigned char)s[j]) || s[j] == '.'))
                    j++;
                if (j > i && j + 4 <= n && memcmp(s + j, " but", 4) == 0)
                    return one_line(c, s + i, j - i);
                continue;
            }
            if (il == 0)
                continue;
            return hl > 0 ? one_line(c, s + i, hl) : one_line(c, s + at, il);
        }
    }
    /* dma: "HOST [IP] did not like our ..."; qmail: "IP does not like
     * recipient." -- the host opens the sentence */
    static const char *const tail[] = {" did not like our ", " does not like recipient",
                                       " does not like sender"};
    /* each holds "not like ": a text without it is not searched for them */
    size_t ntail = bk__ifind(s, n, "not like ") != NULL ? sizeof tail / sizeof tail[0] : 0;
    for (size_t k = 0; k < ntail; k++) {
        const char *d = bk__ifind(s, n, tail[k]);
        if (d == NULL)
            continue;
        size_t e = (size_t)(d - s);
        if (e > 0 && (s[e - 1] == ']' || s[e - 1] == ')')) {
            size_t o = e - 1;
            while (o > 0 && s[o] != '[' && s[o] != '(' && e - o < 48)
                o--;
            size_t at = 0, il = bracketed_ip_at(s, n, o, &at);
            if (il == 0)
                continue;
            size_t h = o > 0 && s[o - 1] == ' ' ? o - 1 : o;
            size_t st = h;
            while (st > 0 && host_char((unsigned char)s[st - 1]) && h - st < 255)
                st--;
            size_t hl = host_name_at(s, h, st);
            return hl > 0 && st + hl == h ? one_line(c, s + st, hl) : one_line(c, s + at, il);
        }
        size_t st = e; /* a bare IPv4 address */
        while (st > 0 && (bk__is_digit((unsigned char)s[st - 1]) || s[st - 1] == '.') && e - st < 16)
            st--;
        if (e - st >= 7 && (st == 0 || s[st - 1] == ' ') && memchr(s + st, '.', e - st) != NULL)
            return one_line(c, s + st, e - st);
    }
    return "";
}

/* ---- the host that wrote a bounce without Reporting-MTA ------------------ */

/* The host a non-standard bounce says wrote it: "This is the mail system
 * at host NAME." (Postfix), "This is the qmail-send program at NAME."
 * (qmail), "This is the DragonFly Mail Agent v0.13 at NAME." (dma); else
 * the "by" host of the bounce's bottom-most Received field, where the
 * bounce entered the mail (the fields above it are the way to the
 * mailbox).  "" when neither names one. */
static const char *reporting_in_text(ctx *c)
{
    static const char *const lead[] = {"this is the mail system at host ",
                                       "this is the qmail-send program at ",
                                       "this is the dragonfly mail agent "};
    enum { NLEAD = sizeof lead / sizeof lead[0] };
    size_t span = c->text_len < 2048 ? c->text_len : 2048;
    /* Each lead starts "this is the ": the first place of each is found
     * among the places of those words, in one search of the text. */
    const char *first[NLEAD] = {NULL};
    for (const char *t = c->text != NULL ? bk__ifind(c->text, span, "this is the ") : NULL; t != NULL;
         t = bk__ifind(t + 1, span - (size_t)(t + 1 - c->text), "this is the "))
        for (size_t k = 0; k < NLEAD; k++)
            if (first[k] == NULL && bk__istarts(t, span - (size_t)(t - c->text), lead[k]))
                first[k] = t;
    for (size_t k = 0; k < NLEAD; k++) {
        const char *f = first[k];
        if (f == NULL)
            continue;
        size_t i = (size_t)(f - c->text) + strlen(lead[k]);
        if (k == 2) { /* "v0.13 at NAME" */
            const char *at = bk__ifind(c->text + i, c->text_len - i < 40 ? c->text_len - i : 40, " at ");
            if (at == NULL)
                continue;
            i = (size_t)(at - c->text) + 4;
        }
        size_t hl = host_name_at(c->text, c->text_len, i);
        if (hl > 0)
            return one_line(c, c->text + i, hl);
    }
    const bk__header *last = bottom_received(c);
    if (last == NULL)
        return "";
    size_t vl;
    const char *v = bk__header_val(last, &vl);
    for (const char *by = bk__ifind(v, vl, "by "); by != NULL;
         by = bk__ifind(by + 1, vl - (size_t)(by + 1 - v), "by ")) {
        if (by != v && !bk__is_space((unsigned char)by[-1]))
            continue;
        size_t i = (size_t)(by - v) + 3;
        size_t hl = host_name_at(v, vl, i);
        return hl > 0 ? one_line(c, v + i, hl) : "";
    }
    return "";
}

static int parse_depth(bk_parser *p, const char *data, size_t len, int depth, bk_result **out);

static int embedded_bounce(ctx *c, int mp)
{
    bk__part *p = &c->m.parts[mp];
    const char *body = p->body;
    size_t len = p->body_len;
    if (p->decoded) { /* a transfer-encoded message part */
        body = p->text;
        len = p->text_len;
    }
    bk_result *inner = NULL;
    if (parse_depth(c->p, body, len, 1, &inner) != BK_OK || inner == NULL)
        return 0;
    if (inner->n == 0) {
        bk_result_free(inner);
        return 0;
    }
    c->r->inner = inner;
    for (size_t i = 0; i < inner->n; i++) {
        bk_record *x = new_record(c);
        if (x == NULL)
            break;
        *x = inner->rec[i];
    }
    c->r->returned = inner->returned;
    return (int)c->r->n;
}

/* A feedback report (multipart/report; report-type=feedback-report)
 * whose report part is labelled text/plain: the first text part outside
 * the returned message whose fields include Feedback-Type at the start of
 * a line.  Its index, or -1. */
static int mislabelled_arf(ctx *c)
{
    size_t l;
    const char *v = hval(c->top, "Content-Type", &l);
    if (strcmp(c->m.parts[0].type, "multipart/report") != 0 ||
        bk__ifind(v, l, "feedback-report") == NULL)
        return -1;
    for (size_t i = 1; i < c->m.nparts; i++) {
        bk__part *p = &c->m.parts[i];
        if (c->inside[i] || p->kind != BK__PART_LEAF || strcmp(p->type, "text/plain") != 0 ||
            bk__part_decode(&c->m, p) != 0)
            continue;
        const char *f = bk__ifind(p->text, p->text_len, "Feedback-Type:");
        if (f != NULL && (f == p->text || f[-1] == '\n'))
            return (int)i;
    }
    return -1;
}

/* ------------------------------------------------------------------------
 * Complaints without a report part of their own
 * ---------------------------------------------------------------------- */

/* An abuse report that is not an RFC 5965 report: X-ARF (the YAML report
 * of abuse desks, "X-ARF: yes"), SpamCop's text report, and the plain
 * "This is an email abuse report for an email message received from IP
 * ..." of feedback loops that never adopted the report part.  It must
 * return the reported message (attached, or its headers below the text)
 * and answer nothing (no In-Reply-To).  One record: the complainer from
 * the reported message's headers (complaint_recipient()), "" when they
 * are redacted, as SpamCop's "To: x" is. */
static int abuse_report(ctx *c)
{
    size_t l;
    hval(c->top, "In-Reply-To", &l);
    if (c->r->returned.n == 0 || l > 0)
        return 0;
    int yes = 0;
    const char *v = hval(c->top, "X-ARF", &l);
    if (l && bk__istarts(v, l, "yes"))
        yes = 1;
    v = hval(c->top, "Subject", &l);
    /* SpamCop's "[SpamCop (URL) id:N]...", Microsoft JMRP's "complaint
     * about message from IP" */
    if (!yes && l && (bk__istarts(v, l, "[SpamCop") || bk__istarts(v, l, "complaint about message from")))
        yes = 1;
    /* Each phrase holds one of the words W (its bit): a phrase is
     * searched only when its word is in the text (most texts hold
     * neither, and this runs for every message with returned headers). */
    static const char *const W[] = {"abuse report", "message as "};
    static const struct { const char *phrase; unsigned word; } P[] = {
        {"this is an email abuse report", 1}, {"this is an abuse report", 1},
        {"reported the attached message as spam", 2},
        {"reported the following message as spam", 2},
        {"marked the attached message as spam", 2},
        {"marked the attached message as junk", 2}};
    size_t tl = c->full_len < 4096 ? c->full_len : 4096;
    unsigned present = 0;
    for (size_t w = 0; !yes && tl && w < sizeof W / sizeof W[0]; w++)
        if (bk__ifind(c->full_text, tl, W[w]) != NULL)
            present |= 1u << w;
    for (size_t i = 0; !yes && present && i < sizeof P / sizeof P[0]; i++)
        if (present & P[i].word)
            yes = bk__ifind(c->full_text, tl, P[i].phrase) != NULL;
    if (!yes)
        return 0;
    c->format = "arf";
    const char *a = complaint_recipient(c, &c->r->returned);
    return feedback_record(c, *a ? a : complaint_standin(c, &c->r->returned), "abuse");
}

/* Part i is a message attached at the top level that holds a feedback
 * report; its body in *body, *len. */
static int attached_report(ctx *c, size_t i, const char **body, size_t *len)
{
    const bk__part *p = &c->m.parts[i];
    if (c->inside[i] || p->kind != BK__PART_MESSAGE)
        return 0;
    *body = p->decoded ? p->text : p->body;
    *len = p->decoded ? p->text_len : p->body_len;
    return bk__ifind(*body, *len, "message/feedback-report") != NULL;
}

/* A digest of feedback reports (multipart/digest, or two or more
 * attached messages each holding a message/feedback-report part): every
 * report is parsed as a message of its own and its records appended.  A
 * single forwarded report is a forward and gives none. */
static int feedback_digest(ctx *c)
{
    if (c->r->depth != 0)
        return 0;
    int digest = strcmp(c->m.parts[0].type, "multipart/digest") == 0;
    size_t reports = 0;
    const char *body;
    size_t len;
    for (size_t i = 1; i < c->m.nparts; i++)
        reports += attached_report(c, i, &body, &len) ? 1u : 0u;
    if (reports == 0 || (reports < 2 && !digest))
        return 0;
    int made = 0;
    for (size_t i = 1; i < c->m.nparts; i++) {
        if (!attached_report(c, i, &body, &len))
            continue;
        bk_result *inner = NULL;
        if (parse_depth(c->p, body, len, 1, &inner) != BK_OK || inner == NULL)
            continue;
        if (inner->n == 0) {
            bk_result_free(inner);
            continue;
        }
        /* the records' strings live in the inner result: keep it */
        inner->inner = c->r->inner;
        c->r->inner = inner;
        for (size_t k = 0; k < inner->n; k++) {
            bk_record *x = new_record(c);
            if (x == NULL)
                break;
            *x = inner->rec[k];
            made++;
        }
        if (c->r->returned.n == 0)
            c->r->returned = inner->returned;
    }
    return made;
}

/* ------------------------------------------------------------------------
 * bk_parse_message
 * ---------------------------------------------------------------------- */

int bk_parse_message(bk_parser *p, const char *data, size_t len, bk_result **out)
{
    return parse_depth(p, data, len, 0, out);
}

static int parse_depth(bk_parser *p, const char *data, size_t len, int depth, bk_result **out)
{
    if (out == NULL)
        return BK_EINVAL;
    *out = NULL;
    if (p == NULL || (data == NULL && len > 0))
        return BK_EINVAL;
    p->detail = "";
    size_t k = 0;
    while (k < len && bk__is_space((unsigned char)data[k]))
        k++;
    if (k == len) {
        p->detail = "empty input";
        return BK_EEMPTY;
    }
    if (len > p->opt.limits.max_message) {
        p->detail = "message bigger than max_message";
        return BK_ETOOBIG;
    }

    bk__arena ar;
    bk__arena_init(&ar, p->opt.limits.max_arena);
    bk_result *r = bk__arena_alloc(&ar, sizeof *r);
    if (r == NULL) {
        bk__arena_free(&ar);
        return BK_ENOMEM;
    }
    r->arena = ar;
    r->depth = depth;
    ctx c;
    char lowbuf[OPENING_MAX];
    memset(&c, 0, sizeof c);
    c.low = lowbuf;
    c.p = p;
    c.r = r;
    c.m.arena = &r->arena;
    c.m.iconv_cache = p->iconv;
    c.m.lim.max_header_bytes = p->opt.limits.max_header_bytes;
    c.m.lim.max_headers = p->opt.limits.max_headers;
    c.m.lim.max_depth = p->opt.limits.max_depth;
    c.m.lim.max_parts = p->opt.limits.max_parts;
    c.sender = c.message_id = c.subject = c.list_id = c.date = c.reporting_mta = "";
    c.format = "";
    int err = 0;
    /* LF-only input is read in place: nothing below writes into it or
     * reads past len, and what the result keeps is copied into its arena. */
    c.m.data = bk__normalise_eol(&r->arena, data, len, &c.m.len);
    if (c.m.data == NULL)
        err = r->arena.err ? r->arena.err : BK_ENOMEM;
    if (!err)
        err = bk__mime_parse(&c.m);
    if (!err && (c.inside = bk__arena_alloc(&r->arena, c.m.nparts + 1)) == NULL)
        err = r->arena.err ? r->arena.err : BK_ENOMEM;
    if (err) {
        p->detail = c.m.limit ? c.m.limit : r->arena.err == BK_ELIMIT ? "decoded data too big" : bk_strerror(err);
        bk_result_free(r);
        return err;
    }
    c.top = &c.m.parts[0].hdr;

    /* Parts inside a returned message are not the bounce's own. */
    int returned = -1;
    for (size_t i = 1; i < c.m.nparts; i++) {
        int par = c.m.parts[i].parent;
        c.inside[i] = (char)(par >= 0 && (c.inside[par] || c.m.parts[par].kind == BK__PART_MESSAGE));
        if (!c.inside[i] && c.m.parts[i].kind == BK__PART_MESSAGE && returned < 0)
            returned = (int)i;
    }
    if (returned >= 0 && (size_t)returned + 1 < c.m.nparts &&
        c.m.parts[returned + 1].parent == returned)
        r->returned = c.m.parts[returned + 1].hdr;

    size_t l;
    const char *v = hval(c.top, "From", &l);
    c.bounce_from = address_of(&c, v, l);
    v = hval(c.top, "To", &l);
    c.bounce_to = address_of(&c, v, l);
    v = hval(c.top, "Date", &l);
    c.date = date_of(&c, v, l);

    find_text(&c);
    c.full_text = c.text;
    c.full_len = c.text_len;
    cut_text(&c, r->returned.n == 0);
    returned_facts(&c);
    if (!*c.sender)
        c.sender = c.bounce_to;
    const char *fam = family(&c);

    /* ARF and DSN parts at the bounce's own level. */
    int arf = -1, dsn = -1, mdn = 0;
    for (size_t i = 0; i < c.m.nparts; i++) {
        if (c.inside[i])
            continue;
        const char *t = c.m.parts[i].type;
        if (t[0] != 'm') /* the types below are all message/... */
            continue;
        mdn |= strcmp(t, "message/disposition-notification") == 0;
        if (arf < 0 && strcmp(t, "message/feedback-report") == 0)
            arf = (int)i;
        if (dsn < 0 && (strcmp(t, "message/delivery-status") == 0 ||
                        strcmp(t, "message/global-delivery-status") == 0))
            dsn = (int)i;
    }
    if (arf < 0 && dsn < 0)
        arf = mislabelled_arf(&c);
    int made = 0;
    if (arf < 0 && dsn < 0 && returned >= 0 && r->depth == 0 && embedded_report(&c, returned) &&
        looks_like_bounce(&c)) {
        /* A bounce wrapped in a notice of another system (a relay or a
         * filter passing the bounce on): the report inside decides. */
        made = embedded_bounce(&c, returned);
    }
    if (made) {
        /* the records come from the embedded bounce */
    } else if (arf >= 0) {
        c.format = "arf";
        made = arf_decoder(&c, &c.m.parts[arf]);
    } else if (nonstandard_feedback(&c)) {
        made = 1;
    } else if (dsn < 0 && (abuse_report(&c) || feedback_digest(&c))) {
        made = 1;
    } else if (json_notification(&c)) {
        made = 1;
    } else if (dsn >= 0) {
        c.format = *fam ? fam : "rfc3464";
        made = dsn_decoder(&c, &c.m.parts[dsn]);
        if (!made)
            text_decoder(&c, NULL);
    } else if (list_notice(&c)) {
        made = 1;
    } else if (mdn || held_notice(&c)) {
        /* A read receipt (RFC 8098: the message was delivered and shown,
         * or deleted unread) or a notice that a message awaits a
         * moderator: no delivery failed, and nobody answered. */
        mdn = 1;
    } else if (list_refusal(&c)) {
        made = 1;
    } else if (looks_like_bounce(&c)) {
        c.format = *fam ? fam : "text";
        if (!dsn_in_text(&c))
            text_decoder(&c, NULL);
    } else if (is_auto_reply(&c)) {
        vacation_record(&c);
    }
    if (r->n == 0 && c.err == 0 && !mdn && (dsn >= 0 || looks_like_bounce(&c))) {
        const char *vr = verp_recipient(&c);
        if (*vr) {
            bk_record *x = new_record(&c);
            if (x) {
                x->recipient = vr;
                x->action = "failed";
                from_block(&c, x, c.text, c.text_len, 1);
                bk_status st;
                int has = *x->status && bk_status_parse(x->status, strlen(x->status), &st) == BK_OK;
                classify(&c, x, &st, has, c.text, c.text_len);
            }
        }
    }
    /* Records without a recipient take the VERP one. */
    for (size_t i = 0; i < r->n; i++)
        if (!*r->rec[i].recipient)
            r->rec[i].recipient = verp_recipient(&c);
    /* A bounce without Reporting-MTA: the host it says wrote it. */
    const char *rep = NULL;
    for (size_t i = 0; i < r->n; i++) {
        bk_record *x = &r->rec[i];
        if (*x->reporting_mta || x->action == NULL || !*x->action)
            continue;
        if (rep == NULL)
            rep = reporting_in_text(&c);
        x->reporting_mta = rep;
    }
    /* Records without a Remote-MTA field take the host their reply names. */
    for (size_t i = 0; i < r->n; i++) {
        bk_record *x = &r->rec[i];
        if (!*x->remote_mta && *x->diagnostic && x->action != NULL &&
            (strcmp(x->action, "failed") == 0 || strcmp(x->action, "delayed") == 0))
            x->remote_mta = remote_in_text(&c, x->diagnostic, strlen(x->diagnostic));
    }
    if (c.err) {
        bk_result_free(r);
        return c.err;
    }
    *out = r;
    return BK_OK;
}
