/*
 * test_parse.c - bk_parse_message() and the mailbox iterator: DSNs, the
 * text decoder, ARF, auto-replies, line ends, hostile input, limits.
 * Fixtures are bounces written for these tests (tests/data/parse/).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bk_test.h"
#include "bouncekit.h"

static char *slurp(const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/parse/%s", BK_TEST_DATA, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        *len = 0;
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *d = malloc((size_t)n + 1);
    size_t got = fread(d, 1, (size_t)n, f);
    fclose(f);
    d[got] = '\0';
    *len = got;
    return d;
}

/* Rewrite LF line ends as CRLF (crlf=1) or CR alone (crlf=0). */
static char *relined(const char *s, size_t n, int crlf, size_t *outlen)
{
    char *d = malloc(n * 2 + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') {
            d[o++] = '\r';
            if (crlf)
                d[o++] = '\n';
        } else {
            d[o++] = s[i];
        }
    }
    *outlen = o;
    return d;
}

static bk_result *parse_buf(bk_parser *p, const char *d, size_t n, int expect_err)
{
    bk_result *r = NULL;
    int err = bk_parse_message(p, d, n, &r);
    BK_CHECK_INT(expect_err, err);
    return r;
}

static bk_result *parse_file(bk_parser *p, const char *name)
{
    size_t n;
    char *d = slurp(name, &n);
    bk_result *r = d ? parse_buf(p, d, n, BK_OK) : NULL;
    free(d);
    return r;
}

static void test_dsn_two_recipients(void)
{
    bk_parser *p = bk_parser_new(NULL);
    bk_result *r = parse_file(p, "dsn-two.eml");
    BK_CHECK_INT(2, bk_result_count(r));
    const bk_record *a = bk_result_record(r, 0), *b = bk_result_record(r, 1);
    if (a != NULL && b != NULL) {
        BK_CHECK_STR("nobody@dest.test", a->recipient);
        BK_CHECK_STR("Nobody@dest.test", a->original_recipient);
        BK_CHECK_STR("failed", a->action);
        BK_CHECK_STR("5.1.1", a->status);
        BK_CHECK_INT(550, a->reply_code);
        BK_CHECK_INT(1, a->permanent);
        BK_CHECK_STR("mx.dest.test", a->remote_mta);
        BK_CHECK_STR("mx.sender.test", a->reporting_mta);
        BK_CHECK_STR("alice@sender.test", a->sender);
        BK_CHECK_STR("m1@sender.test", a->message_id);
        BK_CHECK_STR("R\xc3\xa9union de mars", a->subject);
        BK_CHECK_STR("Team news <news.sender.test>", a->list_id);
        BK_CHECK_STR("rfc3464", a->format);
        BK_CHECK(strstr(a->diagnostic, "no such user") != NULL);
        BK_CHECK(strchr(a->diagnostic, '\n') == NULL);
        BK_CHECK_STR("slow@other.test", b->recipient);
        BK_CHECK_STR("delayed", b->action);
        BK_CHECK_STR("4.4.1", b->status);
        BK_CHECK_INT(0, b->permanent);
        BK_CHECK(b->bounce != BK_BOUNCE_HARD);
        BK_CHECK_STR("2026-03-02T10:00:00+01:00", b->date);
    }
    BK_CHECK_STR("spring-42", bk_result_returned_header(r, "x-campaign-id", 0));
    BK_CHECK_STR("R\xc3\xa9union de mars", bk_result_returned_header(r, "Subject", 0));
    BK_CHECK(bk_result_returned_header(r, "X-Nothing", 0) == NULL);
    BK_CHECK(bk_result_returned_header_count(r) >= 6);
    bk_result_free(r);
    bk_parser_free(p);
}

typedef struct text_case {
    const char *file;
    size_t count;
    const char *recipient[2];
    const char *status[2];
    const char *action;
    bk_reason reason; /* checked when not UNDEFINED */
} text_case;

static const text_case TEXT_CASES[] = {
    {"qmail-style.eml", 2, {"gone@dest.test", "full@dest.test"}, {"5.1.1", "5.2.2"}, "failed", BK_REASON_UNDEFINED},
    {"exim-style.eml", 1, {"lost@dest.test", NULL}, {"5.1.1", NULL}, "failed", BK_REASON_UNDEFINED},
    {"arf-two.eml", 2, {"dave@isp.test", "erin@isp.test"}, {"", ""}, "", BK_REASON_FEEDBACK},
    {"vacation.eml", 1, {"frank@dest.test", NULL}, {"", NULL}, "", BK_REASON_VACATION},
    {"delivered.eml", 1, {"judy@dest.test", NULL}, {"2.0.0", NULL}, "delivered", BK_REASON_DELIVERED},
    {"ordinary.eml", 0, {NULL, NULL}, {NULL, NULL}, NULL, BK_REASON_UNDEFINED},
    {"forwarded.eml", 0, {NULL, NULL}, {NULL, NULL}, NULL, BK_REASON_UNDEFINED},
    {"ses-bounce.eml", 1, {"x@dest.test", NULL}, {"5.1.1", NULL}, "failed", BK_REASON_UNDEFINED},
    {"ses-complaint.eml", 1, {"ben@isp.test", NULL}, {"", NULL}, "", BK_REASON_FEEDBACK},
    {"ses-delivery.eml", 1, {"cleo@dest.test", NULL}, {"2.6.0", NULL}, "delivered", BK_REASON_DELIVERED},
    {"ses-footer.eml", 1, {"hugo@dest.test", NULL}, {"5.2.1", NULL}, "failed", BK_REASON_UNDEFINED},
    {"wrapped.eml", 1, {"adam@dest.test", NULL}, {"5.1.1", NULL}, "failed", BK_REASON_UNDEFINED},
    {"notice-not-bounce.eml", 0, {NULL, NULL}, {NULL, NULL}, NULL, BK_REASON_UNDEFINED},
    {"sendmail-old.eml", 1, {"jane@dest.test", NULL}, {"5.1.1", NULL}, "failed", BK_REASON_UNDEFINED},
    {"o365.eml", 1, {"pia@dest.test", NULL}, {"5.1.10", NULL}, "failed", BK_REASON_UNDEFINED},
    {"domino.eml", 1, {"rosa@dest.test", NULL}, {"", NULL}, "failed", BK_REASON_UNDEFINED},
    {"courier.eml", 1, {"tina@dest.test", NULL}, {"5.1.1", NULL}, "failed", BK_REASON_UNDEFINED},
    {"yahoo.eml", 1, {"vera@dest.test", NULL}, {"", NULL}, "failed", BK_REASON_UNDEFINED},
    /* Status 5.0.0 and "X-Unix; 75": the notice's transcript has the code */
    {"sendmail-mailer-exit.eml", 1, {"tickets@dest.test", NULL}, {"5.3.0", NULL}, "failed", BK_REASON_MAILERERROR},
    {"exim-delay.eml", 1, {"later@dest.test", NULL}, {"4.3.0", NULL}, "delayed", BK_REASON_UNDEFINED},
    {"list-loop.eml", 1, {"club@lists.test", NULL}, {"", NULL}, "failed", BK_REASON_SYSTEMERROR},
    {"list-post.eml", 0, {NULL, NULL}, {NULL, NULL}, NULL, BK_REASON_UNDEFINED},
    {"sendmail-relay.eml", 1, {"otto@far.test", NULL}, {"", NULL}, "failed", BK_REASON_NORELAYING},
    {"gmail-delay.eml", 1, {"xena@dest.test", NULL}, {"", NULL}, "delayed", BK_REASON_UNDEFINED},
    {"opensmtpd-delay.eml", 1, {"mia@dest.test", NULL}, {"4.4.2", NULL}, "delayed", BK_REASON_UNDEFINED},
    /* OpenSMTPD's queue expiry, labelled "delayed": the final report */
    {"opensmtpd-expire.eml", 1, {"omar@dest.test", NULL}, {"4.4.7", NULL}, "failed", BK_REASON_EXPIRED},
    /* Courier names a connection it could not make "Network is down" */
    {"courier-delay.eml", 1, {"nils@dest.test", NULL}, {"4.0.0", NULL}, "delayed", BK_REASON_EXPIRED},
};

static void check_case(const text_case *t, bk_result *r)
{
    BK_CHECK_INT(t->count, bk_result_count(r));
    for (size_t i = 0; i < t->count && i < bk_result_count(r); i++) {
        const bk_record *x = bk_result_record(r, i);
        BK_CHECK_STR_AT(t->file, t->recipient[i], x->recipient);
        BK_CHECK_STR_AT(t->file, t->status[i], x->status);
        BK_CHECK_STR_AT(t->file, t->action, x->action);
        if (t->reason != BK_REASON_UNDEFINED)
            BK_CHECK_STR_AT(t->file, bk_reason_name(t->reason), bk_reason_name(x->reason));
        if (x->reason == BK_REASON_FEEDBACK || x->reason == BK_REASON_VACATION ||
            x->reason == BK_REASON_DELIVERED)
            BK_CHECK_INT(BK_BOUNCE_NONE, x->bounce);
    }
}

static void test_text_formats(void)
{
    bk_parser *p = bk_parser_new(NULL);
    for (size_t i = 0; i < sizeof TEXT_CASES / sizeof TEXT_CASES[0]; i++) {
        bk_result *r = parse_file(p, TEXT_CASES[i].file);
        check_case(&TEXT_CASES[i], r);
        bk_result_free(r);
    }
    bk_parser_free(p);
}

/* What the notice says around a recipient's line reaches the record:
 * a short notice above the line is read by the classifier, a sentence
 * of the report mentioning "the attached returned message" does not end
 * the report before the recipient's block, and Sendmail's dialogue
 * above the line belongs to the recipient. */
static void test_notice_text(void)
{
    static const struct {
        const char *file, *recipient, *reason, *command;
        const char *has, *lacks; /* in the diagnostic */
    } C[] = {
        {"dsn-notice.eml", "ursula@dest.test", "suspend", "RCPT", "550 user unknown", NULL},
        {"postfix-data.eml", "yuri@dest.test", NULL, "DATA", "550 Message refused", NULL},
        /* the dialogue above the recipient's line is its cause; the next
         * line, about another host, is not */
        {"sendmail-relay.eml", "otto@far.test", "norelaying", "MAIL", "<<< 550 Relaying denied",
         "timed out"},
        /* OpenSMTPD: "addr: reason" on one line, the report's prose in
         * the next paragraph */
        {"opensmtpd-delay.eml", "mia@dest.test", NULL, "", "421 4.4.2 Too busy, come back later",
         "temporary failure report"},
        /* Sendmail's list of failed addresses, then the transcript: the
         * transcript's line is the diagnostic, not the list's heading */
        {"sendmail-expire.eml", "lena@dest.test", "expired", "", "Deferred: Connection timed out",
         "Transcript of session"},
        /* "(in reply to MAIL FROM" wrapped before "command)" */
        {"postfix-mailfrom-wrapped.eml", "xavier@dest.test", "rejected", "MAIL", "Domain of sender",
         NULL},
        /* "RCPT TO: <bare address>" in a listing of the message's details
         * names no command */
        {"details-listing.eml", "ramon@dest.test", "filtered", "", "no such user here", NULL},
        /* "email from <domain>" in the reply's prose names no command */
        {"dsn-prose-email-from.eml", "yann@dest.test", "authfailure", "", "Unauthenticated email",
         NULL},
        /* the words after the Status code back up a generic diagnostic
         * ("User unknown" with 5.2.1 and no command: mailbox disabled) and
         * are not copied into it */
        {"status-comment.eml", "quinn@dest.test", "suspend", "", "User unknown", "disabled"},
    };
    bk_parser *p = bk_parser_new(NULL);
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        bk_result *r = parse_file(p, C[i].file);
        BK_CHECK_INT(1, bk_result_count(r));
        const bk_record *x = bk_result_record(r, 0);
        if (x != NULL) {
            BK_CHECK_STR_AT(C[i].file, C[i].recipient, x->recipient);
            BK_CHECK_STR_AT(C[i].file, C[i].command, x->smtp_command);
            if (C[i].reason != NULL)
                BK_CHECK_STR_AT(C[i].file, C[i].reason, bk_reason_name(x->reason));
            BK_CHECK(strchr(x->diagnostic, '\n') == NULL);
            BK_CHECK(strstr(x->diagnostic, C[i].has) != NULL);
            if (C[i].lacks != NULL)
                BK_CHECK(strstr(x->diagnostic, C[i].lacks) == NULL);
        }
        bk_result_free(r);
    }
    bk_parser_free(p);
}

/* CRLF and CR-only copies read exactly like the LF original. */
static void test_line_ends(void)
{
    bk_parser *p = bk_parser_new(NULL);
    for (size_t i = 0; i < sizeof TEXT_CASES / sizeof TEXT_CASES[0]; i++) {
        size_t n;
        char *d = slurp(TEXT_CASES[i].file, &n);
        if (d == NULL)
            continue;
        for (int crlf = 0; crlf < 2; crlf++) {
            size_t m;
            char *e = relined(d, n, crlf, &m);
            bk_result *r = parse_buf(p, e, m, BK_OK);
            check_case(&TEXT_CASES[i], r);
            bk_result_free(r);
            free(e);
        }
        free(d);
    }
    bk_parser_free(p);
}

/* Recipients written without blank lines between them still part. */
static void test_dsn_one_block(void)
{
    const char *m = "From: MAILER-DAEMON@mx.sender.test\nSubject: Delivery Status Notification\n"
                    "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=q\n\n"
                    "--q\nContent-Type: message/delivery-status\n\n"
                    "Reporting-MTA: dns; mx.sender.test\n\n"
                    "Final-Recipient: rfc822; one@dest.test\nAction: failed\nStatus: 5.1.1\n"
                    "Final-Recipient: rfc822; two@dest.test\nAction: failed\nStatus: 5.2.2\n"
                    "--q--\n";
    bk_parser *p = bk_parser_new(NULL);
    bk_result *r = parse_buf(p, m, strlen(m), BK_OK);
    BK_CHECK_INT(2, bk_result_count(r));
    if (bk_result_count(r) == 2) {
        BK_CHECK_STR("one@dest.test", bk_result_record(r, 0)->recipient);
        BK_CHECK_STR("5.1.1", bk_result_record(r, 0)->status);
        BK_CHECK_STR("two@dest.test", bk_result_record(r, 1)->recipient);
        BK_CHECK_STR("5.2.2", bk_result_record(r, 1)->status);
    }
    bk_result_free(r);
    /* DSN fields in a part labelled text/plain */
    const char *t = "From: MAILER-DAEMON@mx.sender.test\nSubject: Undelivered Mail Returned to Sender\n"
                    "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=q\n\n"
                    "--q\nContent-Type: text/plain\n\nYour message could not be delivered.\n"
                    "--q\nContent-Type: text/plain\n\nReporting-MTA: dns; mx.sender.test\n\n"
                    "Final-Recipient: rfc822; three@dest.test\nAction: failed\nStatus: 5.1.1\n"
                    "--q--\n";
    r = parse_buf(p, t, strlen(t), BK_OK);
    BK_CHECK_INT(1, bk_result_count(r));
    if (bk_result_count(r) == 1) {
        BK_CHECK_STR("three@dest.test", bk_result_record(r, 0)->recipient);
        BK_CHECK_STR("5.1.1", bk_result_record(r, 0)->status);
    }
    bk_result_free(r);
    bk_parser_free(p);
}

static void test_verp(void)
{
    bk_parse_options o;
    bk_parse_options_init(&o);
    o.verp = "bounces+{local}={domain}@sender.test";
    bk_parser *p = bk_parser_new(&o);
    bk_result *r = parse_file(p, "verp.eml");
    BK_CHECK_INT(1, bk_result_count(r));
    if (bk_result_count(r) == 1) {
        BK_CHECK_STR("kate@dest.test", bk_result_record(r, 0)->recipient);
        BK_CHECK_STR("5.2.1", bk_result_record(r, 0)->status);
    }
    bk_result_free(r);
    bk_parser_free(p);
    /* Without the template the bounce names nobody. */
    p = bk_parser_new(NULL);
    r = parse_file(p, "verp.eml");
    BK_CHECK_INT(0, bk_result_count(r));
    bk_result_free(r);
    bk_parser_free(p);
}

static char *repeat(const char *head, const char *unit, size_t times, const char *tail, size_t *len)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *d = malloc(hl + ul * times + tl + 1);
    memcpy(d, head, hl);
    for (size_t i = 0; i < times; i++)
        memcpy(d + hl + i * ul, unit, ul);
    memcpy(d + hl + ul * times, tail, tl);
    *len = hl + ul * times + tl;
    d[*len] = '\0';
    return d;
}

static void test_hostile(void)
{
    bk_parser *p = bk_parser_new(NULL);
    size_t n;
    /* 10,000-deep nesting */
    char *d = malloc(10000 * 80 + 64);
    size_t o = 0;
    for (int i = 0; i < 10000; i++)
        o += (size_t)sprintf(d + o, "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n", i, i);
    bk_result *r = parse_buf(p, d, o, BK_ELIMIT);
    BK_CHECK(r == NULL);
    BK_CHECK_STR("MIME nesting too deep", bk_parser_error_detail(p));
    free(d);
    /* a million parts */
    d = repeat("Content-Type: multipart/mixed; boundary=q\n\n", "--q\n\n", 1000000, "", &n);
    r = parse_buf(p, d, n, BK_ELIMIT);
    free(d);
    /* a 4 MB header line */
    d = repeat("Subject: ", "x", (size_t)4 << 20, "\n\nbody\n", &n);
    r = parse_buf(p, d, n, BK_ELIMIT);
    free(d);
    /* empty and blank */
    r = parse_buf(p, "", 0, BK_EEMPTY);
    r = parse_buf(p, " \r\n\n", 4, BK_EEMPTY);
    /* a boundary that never closes still gives the DSN */
    const char *nc = "From: MAILER-DAEMON@x.test\nContent-Type: multipart/report; boundary=z\n\n"
                     "--z\nContent-Type: message/delivery-status\n\n"
                     "Final-Recipient: rfc822; u@b.test\nAction: failed\nStatus: 5.1.1\n";
    r = parse_buf(p, nc, strlen(nc), BK_OK);
    BK_CHECK_INT(1, bk_result_count(r));
    bk_result_free(r);
    /* NUL bytes, broken base64, binary garbage: no crash, no record */
    const char nul[] = "From: MAILER-DAEMON@x.test\nSubject: failure notice\n\n\0\0<\0@\0>\n550 \0\n";
    r = parse_buf(p, nul, sizeof nul - 1, BK_OK);
    bk_result_free(r);
    const char *b64 = "From: MAILER-DAEMON@x.test\nContent-Type: multipart/report; boundary=z\n\n"
                      "--z\nContent-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n\n"
                      "!!!*&^%$==\x01\x02\n--z--\n";
    r = parse_buf(p, b64, strlen(b64), BK_OK);
    BK_CHECK_INT(0, bk_result_count(r));
    bk_result_free(r);
    unsigned char *g = malloc(1 << 20);
    unsigned x = 12345;
    for (size_t i = 0; i < (1u << 20); i++) {
        x = x * 1103515245u + 12345u;
        g[i] = (unsigned char)(x >> 16);
    }
    r = parse_buf(p, (const char *)g, 1 << 20, BK_OK);
    bk_result_free(r);
    free(g);
    /* size limit */
    bk_parse_options opt;
    bk_parse_options_init(&opt);
    opt.limits.max_message = 16;
    bk_parser *small = bk_parser_new(&opt);
    r = parse_buf(small, "Subject: a long enough message\n\nx\n", 34, BK_ETOOBIG);
    bk_parser_free(small);
    BK_CHECK_INT(BK_EINVAL, bk_parse_message(p, "x", 1, NULL));
    bk_parser_free(p);
    (void)r;
}

static void test_mbox(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/parse/two.mbox", BK_TEST_DATA);
    for (int variant = 0; variant < 2; variant++) {
        int fd = open(path, O_RDONLY);
        BK_CHECK(fd >= 0);
        if (fd < 0)
            return;
        char tmpl[] = "/tmp/bk_mbox_XXXXXX";
        if (variant == 1) {
            /* a CR-only copy */
            size_t n;
            char *d = slurp("two.mbox", &n);
            size_t m;
            char *e = relined(d, n, 0, &m);
            int t = mkstemp(tmpl);
            BK_CHECK(write(t, e, m) == (ssize_t)m);
            lseek(t, 0, SEEK_SET);
            close(fd);
            fd = t;
            free(d);
            free(e);
        }
        bk_mbox *mb = bk_mbox_open_fd(fd, 0);
        bk_parser *p = bk_parser_new(NULL);
        const char *data;
        size_t len;
        uint64_t off;
        int msgs = 0;
        size_t recs = 0;
        uint64_t offs[4] = {0};
        while (bk_mbox_next(mb, &data, &len, &off) == BK_OK && msgs < 4) {
            offs[msgs++] = off;
            bk_result *r = NULL;
            if (bk_parse_message(p, data, len, &r) == BK_OK)
                recs += bk_result_count(r);
            bk_result_free(r);
        }
        BK_CHECK_INT(2, msgs);
        BK_CHECK_INT(3, recs);
        BK_CHECK_INT(0, offs[0]);
        BK_CHECK(offs[1] > 0);
        BK_CHECK_INT(BK_EOF, bk_mbox_next(mb, &data, &len, &off));
        bk_mbox_close(mb);
        bk_parser_free(p);
        close(fd);
        if (variant == 1)
            unlink(tmpl);
    }
}

/* Variants of one bounce that any MTA of its kind may write must decode
 * the same (bench/parse_perturb.py finds such variants in the corpus):
 * blanks at line ends, phrases wrapped at another width. */
typedef struct {
    const char *name, *msg;
    const char *recipient, *reason, *command; /* NULL: not checked */
    int reply_code;                            /* -1: not checked */
} variant_case;

static const variant_case VARIANT_CASES[] = {
    /* a Content-Type parameter line that lost its indentation after a ';'
     * followed by a blank: still the boundary of the multipart */
    {"semicolon-blank",
     "From: postmaster@relay.test\nTo: ann@sender.test\nSubject: Re: hello\n"
     "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"outer\"\n\n"
     "--outer\nContent-Type: multipart/alternative; \nboundary=\"inner\"\n\n"
     "--inner\nContent-Type: text/plain\n\nError: Invalid user address\n\n"
     "Error message below:\n550 - Requested action not taken: no such user here\n\n"
     "Message details:\n  MAIL FROM: ann@sender.test\n  RCPT TO: ben@dest.test\n\n"
     "--inner--\n\n--outer--\n",
     "ben@dest.test", "filtered", "", 550}, /* the listing's RCPT TO is no command */
    /* Postfix wraps its text at a blank: "(in reply to RCPT\n    TO command)" */
    {"wrapped-rcpt",
     "From: MAILER-DAEMON@mx.sender.test\nTo: ann@sender.test\n"
     "Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
     "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
     "--b\nContent-Type: text/plain\n\n"
     "<kim.lee+news@dest.test>: host mx.dest.test[192.0.2.1] said: 550 5.7.1\n"
     "    <kim.lee+news@dest.test>... Not allowed here (in reply to RCPT\n"
     "    TO command)\n\n"
     "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.sender.test\n\n"
     "Final-Recipient: rfc822; kim.lee+news@dest.test\nAction: failed\nStatus: 5.7.1\n\n--b--\n",
     "kim.lee+news@dest.test", NULL, "RCPT", 550},
    /* ... and "(in reply to MAIL\n    FROM command)" */
    {"wrapped-mail",
     "From: MAILER-DAEMON@mx.sender.test\nTo: ann@sender.test\n"
     "Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
     "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
     "--b\nContent-Type: text/plain\n\n"
     "<kim@dest.test>: host mx.dest.test[192.0.2.1] said: 553 5.7.1 Sender address\n"
     "    rejected: not permitted (in reply to MAIL\n    FROM command)\n\n"
     "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.sender.test\n\n"
     "Final-Recipient: rfc822; kim@dest.test\nAction: failed\nStatus: 5.7.1\n\n--b--\n",
     "kim@dest.test", NULL, "MAIL", 553},
    /* a queue-expiry sentence wrapped inside its phrase */
    {"wrapped-expiry",
     "From: Mail Delivery System <MAILER-DAEMON@mx.sender.test>\nTo: ann@sender.test\n"
     "Subject: Mail delivery failed: returning message to sender\n\n"
     "This message was created automatically by mail delivery software.\n\n"
     "A message that you sent could not be delivered to one or more of its\n"
     "recipients. This is a permanent error. The following address(es) failed:\n\n"
     "  zed@dest.test\n    This message could not be delivered\n    within 5 days of its submission.\n",
     "zed@dest.test", "expired", NULL, -1},
    /* a notice customised with a help desk's address (at the start of a
     * wrapped line) and phone number: neither a recipient nor a reply */
    {"notice-contact",
     "From: Mail Delivery System <Mailer-Daemon@mx.sender.test>\nTo: ann@sender.test\n"
     "Subject: Mail delivery failed: returning message to sender\n\n"
     "This message was created automatically by mail delivery software.\n\n"
     "If you need help, please contact our help desk at\n"
     "help.desk@support.sender.test or call +1 555 0100.\n\n"
     "A message that you sent could not be delivered to one or more of its\n"
     "recipients. This is a permanent error. The following address(es) failed:\n\n"
     "  zed@dest.test\n    mailbox is full\n",
     "zed@dest.test", "mailboxfull", NULL, 0},
    /* a gateway's disclaimer below the notice names an address to notify */
    {"disclaimer",
     "From: Mail Delivery System <Mailer-Daemon@mx.sender.test>\nTo: ann@sender.test\n"
     "Subject: Mail delivery failed: returning message to sender\nMIME-Version: 1.0\n"
     "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n"
     "Your message wasn't delivered to zed@dest.test because the mailbox is full.\n\n"
     "CONFIDENTIALITY NOTICE: If you received this e-mail in error, please notify\n"
     "us at it.security@sender.test (ref. 2024-551) and delete it.\n--b--\n",
     "zed@dest.test", "mailboxfull", NULL, 0},
    /* ... but contacting a host is no contact to ask */
    {"contact-host",
     "From: Mail Delivery System <Mailer-Daemon@mx.sender.test>\nTo: ann@sender.test\n"
     "Subject: Mail delivery failed: returning message to sender\n\n"
     "Unable to contact the mail server of kim@dest.test: connection timed out.\n",
     "kim@dest.test", NULL, NULL, -1},
    /* Sendmail's Final-Recipient "@host" with the returned message left
     * out: the notice's own list names the recipient */
    {"final-recipient-host",
     "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.sender.test>\nTo: <ann@sender.test>\n"
     "Subject: Returned mail: see transcript for details\nMIME-Version: 1.0\n"
     "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
     "--b\n\n   ----- The following addresses had permanent fatal errors -----\n"
     "<kim@dest.test>\n    (reason: 550 Host unknown)\n\n"
     "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.sender.test\n\n"
     "Final-Recipient: RFC822; @mx.dest.test\nAction: failed\nStatus: 5.1.2\n\n--b--\n",
     "kim@dest.test", "hostunknown", NULL, 550},
    /* mail to postmaster@ bounces too: alone on its line in the list of
     * failed addresses, it is the recipient */
    {"postmaster-recipient",
     "From: postmaster@relay.test\nTo: ann@sender.test\nSubject: Returned mail: Service unavailable\n\n"
     "   ----- The following addresses had delivery problems -----\npostmaster@dest.test\n\n"
     "   ----- Non-delivered information -----\n"
     "The number of messages in recipient's mailbox exceeded the local limit.\n",
     "postmaster@dest.test", NULL, NULL, -1},
    /* punctuation of non-Latin text glued to the address is not part of
     * it (U+060C ARABIC COMMA, U+300C/U+300D corner brackets) */
    {"arabic-comma",
     "From: Mail Delivery Subsystem <mailer-daemon@googlemail.test>\nTo: ann@sender.test\n"
     "Subject: Delivery Status Notification (Failure)\nMIME-Version: 1.0\n"
     "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n"
     "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd9\x8b\xd8\xa7 kim@dest.test\xd8\x8c\n\n"
     "550 5.1.1 The email account that you tried to reach does not exist.\n",
     "kim@dest.test", NULL, NULL, 550},
    {"corner-brackets",
     "From: Mail Delivery Subsystem <mailer-daemon@mx.sender.test>\nTo: ann@sender.test\n"
     "Subject: Returned mail: User unknown\nMIME-Version: 1.0\n"
     "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n"
     "\xe3\x80\x8ckim@dest.test\xe3\x80\x8d\n550 5.1.1 User unknown\n",
     "kim@dest.test", NULL, NULL, 550},
    /* Sendmail's lone recipient line and its transcript paragraph, parted
     * by two empty lines instead of one */
    {"doubled-blank-lines",
     "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.sender.test>\nTo: <ann@sender.test>\n"
     "Subject: Returned mail: see transcript for details\nMIME-Version: 1.0\n"
     "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
     "--b\n\n   ----- The following addresses had permanent fatal errors -----\n"
     "<kim@dest.test>\n\n\n   ----- Transcript of session follows -----\n"
     "550 5.1.2 <kim@dest.test>... Host unknown (Name server: dest.test: host not found)\n\n"
     "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.sender.test\n\n"
     "Final-Recipient: RFC822; kim@dest.test\nAction: failed\nStatus: 5.1.2\n\n--b--\n",
     "kim@dest.test", "hostunknown", NULL, 550},
    /* an HTML-only notice: source line ends are blanks, <br> ends a line,
     * <style> is not text */
    {"html-wrapped",
     "From: MAILER-DAEMON@mx.sender.test\nTo: ann@sender.test\n"
     "Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
     "Content-Type: multipart/mixed; boundary=\"b\"\n\n"
     "--b\nContent-Type: text/html; charset=us-ascii\n\n"
     "<html><head><style>p { margin: 0 } a@b.c { }</style></head><body>\n"
     "<p>I'm sorry to have to inform you that your message could not<br>\n"
     "be delivered to one or more recipients.</p>\n"
     "<p>&lt;kim@dest.test&gt;: host mx.dest.test[192.0.2.1] said: 550 5.7.1<br>\n"
     "    Not allowed here (in reply to RCPT<br>\n    TO command)</p>\n</body></html>\n"
     "--b--\n",
     "kim@dest.test", NULL, "RCPT", 550},
    /* the HTML notice comes first; the plain part after it (not its
     * alternative) is the returned message written out as text */
    {"html-first",
     "From: postmaster@relay.test\nTo: ann@sender.test\nSubject: Undeliverable: hello\n"
     "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n"
     "--b\nContent-Type: text/html\n\n<p>Delivery has failed to these recipients:</p>\n"
     "<p>kim@dest.test</p><p>550 5.1.1 User unknown</p>\n"
     "--b\nContent-Type: text/plain\n\nHi Bob,\nplease forward this to bob@else.test and "
     "carl@else.test.\n--b--\n",
     "kim@dest.test", "userunknown", NULL, 550},
    /* the address on a wrapped line's continuation: the reason on the
     * line it continues is its reason */
    {"wrapped-address",
     "From: MAILER-DAEMON@relay.test\nTo: <ann@sender.test>\nSubject: Returned mail: see below\n\n"
     "User's mailbox is full:\n    <kim.lee+news@DEST.TEST>\nUnable to deliver mail.\n",
     "kim.lee+news@dest.test", "mailboxfull", NULL, -1},
};

/* Exim's list with tab-indented reasons: a recipient's line indented
 * less than the tab above it starts the next recipient's block. */
static void test_tab_indented_list(void)
{
    const char *m =
        "From: Mail Delivery System <Mailer-Daemon@mx.sender.test>\nTo: ann@sender.test\n"
        "Subject: Mail delivery failed: returning message to sender\n\n"
        "A message that you sent could not be delivered to one or more of its\n"
        "recipients. This is a permanent error. The following address(es) failed:\n\n"
        "  kim@dest.test\n\tSMTP error from remote mail server after RCPT TO:<kim@dest.test>:\n"
        "\thost mx.dest.test [192.0.2.12]: 550 5.2.2 <kim@dest.test>... Mailbox Full\n"
        "  lee@dest.test\n\tSMTP error from remote mail server after RCPT TO:<lee@dest.test>:\n"
        "\thost mx.dest.test [192.0.2.12]: 550 5.1.1 <lee@dest.test>... User Unknown\n";
    bk_parser *p = bk_parser_new(NULL);
    bk_result *r = parse_buf(p, m, strlen(m), BK_OK);
    BK_CHECK_INT(2, bk_result_count(r));
    if (bk_result_count(r) == 2) {
        BK_CHECK_STR("kim@dest.test", bk_result_record(r, 0)->recipient);
        BK_CHECK_STR("mailboxfull", bk_reason_name(bk_result_record(r, 0)->reason));
        BK_CHECK_STR("lee@dest.test", bk_result_record(r, 1)->recipient);
        BK_CHECK_STR("userunknown", bk_reason_name(bk_result_record(r, 1)->reason));
        BK_CHECK(strstr(bk_result_record(r, 0)->diagnostic, "lee@") == NULL);
    }
    bk_result_free(r);
    bk_parser_free(p);
}

/* A list of recipients with one explanation after it: every recipient
 * of the list gets it, in the text decoder and in a DSN's text. */
static void test_shared_explanation(void)
{
    static const struct {
        const char *name, *msg, *reason;
    } C[] = {
        {"text",
         "From: postmaster@relay.test\nTo: ann@sender.test\nSubject: Undeliverable: hello\n\n"
         "Delivery has failed to these recipients or groups:\n\nkim@dest.test\n\nlee@dest.test\n\n"
         "The recipient mailbox is full and cannot accept messages now.\n",
         "mailboxfull"},
        {"dsn",
         "From: MAILER-DAEMON@mx.sender.test\nTo: ann@sender.test\n"
         "Subject: Delivery Status Notification (Delay)\nMIME-Version: 1.0\n"
         "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
         "--b\nContent-Type: text/plain\n\n"
         "The following recipients have not yet received your message:\n\n"
         "kim@dest.test; Action: Delayed\n\nlee@dest.test; Action: Delayed\n\n"
         "The mailbox is full; the server will keep trying for 2 days.\n\n"
         "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.sender.test\n\n"
         "Final-Recipient: rfc822; kim@dest.test\nAction: delayed\nStatus: 4.0.0\n\n"
         "Final-Recipient: rfc822; lee@dest.test\nAction: delayed\nStatus: 4.0.0\n\n--b--\n",
         "mailboxfull"},
    };
    bk_parser *p = bk_parser_new(NULL);
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        bk_result *r = parse_buf(p, C[i].msg, strlen(C[i].msg), BK_OK);
        BK_CHECK_INT(2, bk_result_count(r));
        for (size_t k = 0; k < bk_result_count(r); k++) {
            const bk_record *x = bk_result_record(r, k);
            BK_CHECK_STR_AT(C[i].name, k == 0 ? "kim@dest.test" : "lee@dest.test", x->recipient);
            BK_CHECK_STR_AT(C[i].name, C[i].reason, bk_reason_name(x->reason));
            BK_CHECK(strstr(x->diagnostic, k == 0 ? "lee@" : "kim@") == NULL);
        }
        bk_result_free(r);
    }
    bk_parser_free(p);
}

/* Recipients listed one paragraph each under one notice: each block ends
 * at the next recipient's line, and the notice is read for all of them. */
static void test_recipient_list(void)
{
    const char *m =
        "From: MAILER-DAEMON@mx.sender.test\nTo: ann@sender.test\n"
        "Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
        "--b\nContent-Type: text/plain\n\nThe user(s) account is disabled.\n\n\n"
        "<kim@dest.test>: 550 user unknown (in reply to RCPT TO command)\n\n"
        "<lee@dest.test>: 550 user unknown (in reply to RCPT TO command)\n\n"
        "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.sender.test\n\n"
        "Final-Recipient: rfc822; kim@dest.test\nAction: failed\nStatus: 5.0.0\n\n"
        "Final-Recipient: rfc822; lee@dest.test\nAction: failed\nStatus: 5.0.0\n\n--b--\n";
    bk_parser *p = bk_parser_new(NULL);
    bk_result *r = parse_buf(p, m, strlen(m), BK_OK);
    BK_CHECK_INT(2, bk_result_count(r));
    for (size_t i = 0; i < 2 && i < bk_result_count(r); i++) {
        const bk_record *x = bk_result_record(r, i);
        BK_CHECK_STR(i == 0 ? "kim@dest.test" : "lee@dest.test", x->recipient);
        BK_CHECK_STR("suspend", bk_reason_name(x->reason));
        BK_CHECK(strstr(x->diagnostic, i == 0 ? "lee@" : "kim@") == NULL);
    }
    bk_result_free(r);
    bk_parser_free(p);
}

static void test_variants(void)
{
    bk_parser *p = bk_parser_new(NULL);
    for (size_t i = 0; i < sizeof VARIANT_CASES / sizeof VARIANT_CASES[0]; i++) {
        const variant_case *t = &VARIANT_CASES[i];
        bk_result *r = parse_buf(p, t->msg, strlen(t->msg), BK_OK);
        BK_CHECK_INT(1, bk_result_count(r));
        const bk_record *x = bk_result_record(r, 0);
        if (x != NULL) {
            BK_CHECK_STR_AT(t->name, t->recipient, x->recipient);
            if (t->reason != NULL)
                BK_CHECK_STR_AT(t->name, t->reason, bk_reason_name(x->reason));
            if (t->command != NULL)
                BK_CHECK_STR_AT(t->name, t->command, x->smtp_command);
            if (t->reply_code >= 0)
                BK_CHECK_INT(t->reply_code, x->reply_code);
        }
        bk_result_free(r);
    }
    bk_parser_free(p);
}

static const bk_test_case tests[] = {
    {"dsn_two_recipients", test_dsn_two_recipients},
    {"text_formats", test_text_formats},
    {"notice_text", test_notice_text},
    {"line_ends", test_line_ends},
    {"dsn_one_block", test_dsn_one_block},
    {"verp", test_verp},
    {"hostile", test_hostile},
    {"mbox", test_mbox},
    {"variants", test_variants},
    {"recipient_list", test_recipient_list},
    {"shared_explanation", test_shared_explanation},
    {"tab_indented_list", test_tab_indented_list},
    {NULL, NULL}
};

BK_TEST_MAIN(tests)
