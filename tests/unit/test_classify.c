/*
 * test_classify.c - the mechanics of the reply classifier: finding codes,
 * rejecting malformed input, status parsing, classes, the registry's codes
 * on their own, the SMTP-command context, and bk_reply_classify_parts().
 * (The knowledge - which text means what - is tested in test_replies.c.)
 */
#include <stdlib.h>
#include <string.h>

#include "bk_test.h"
#include "bouncekit.h"

static int classify(const char *s, bk_reply_info *r)
{
    return bk_reply_classify(s, strlen(s), r);
}

/* ---- code extraction -------------------------------------------------- */

typedef struct codes_case {
    const char *text;
    int reply_code;
    const char *status; /* "" when none */
} codes_case;

static const codes_case codes_cases[] = {
    {"550 5.1.1 User unknown", 550, "5.1.1"},
    {"550-5.1.1 The email account that you tried to reach does not exist.", 550, "5.1.1"},
    {"550", 550, ""},
    {"550 ", 550, ""},
    {"5.1.1", 0, "5.1.1"},
    {"  452 4.2.2 Mailbox full", 452, "4.2.2"},
    {"smtp; 550 5.1.1 <a@example.com>... User unknown", 550, "5.1.1"},
    {"SMTP;550 5.7.1 denied", 550, "5.7.1"},
    {"Sorry, no mailbox here by that name. (#5.1.1)", 0, "5.1.1"},
    {"550 Unrouteable address #5.1.2", 550, "5.1.2"},
    {"Message rejected (5.1.1) no such recipient", 0, "5.1.1"},
    {"554 [5.7.1] rejected", 554, "5.7.1"},
    {"host mx.example.com[192.0.2.1] said: 550 5.1.1 <a@example.com>: User unknown", 550, "5.1.1"},
    {"Remote host said: 550-5.1.1 no such user", 0, "5.1.1"},
    /* the enhanced code must agree with the basic code's class */
    {"550 4.4.7 Message expired <421 4.4.2 timeout> 5.4.7", 550, "5.4.7"},
    /* X.0.0 gives way to a specific code of the same class */
    {"550 5.0.0 <a@example.com>: 5.1.1 unknown", 550, "5.1.1"},
    /* IP addresses, versions and dates are not codes */
    {"Connected to 192.0.2.1 but sender was rejected", 0, ""},
    {"host mx (Exim 4.96.1) said: unavailable", 0, ""},
    {"2.5.10.1 is not a code", 0, ""},
    {"5.1.1.1 is not a code either", 0, ""},
    {"version 5.12", 0, ""},
    {"12550 is a number", 0, ""},
    {"X-Unix; 255", 0, ""},
    /* 6xx and 1xx are not reply codes */
    {"650 nothing", 0, ""},
    {"", 0, ""},
};

static void test_find_codes(void)
{
    for (size_t i = 0; i < sizeof codes_cases / sizeof codes_cases[0]; i++) {
        const codes_case *c = &codes_cases[i];
        int rc = -1, hs = -1;
        bk_status st;
        bk_reply_find_codes(c->text, strlen(c->text), &rc, &st, &hs);
        char got[16] = "";
        if (hs)
            bk_status_format(&st, got, sizeof got);
        if (rc != c->reply_code) {
            BK_CHECK_STR_AT(c->text, "reply code mismatch", "");
            BK_CHECK_INT(c->reply_code, rc);
        }
        BK_CHECK_STR_AT(c->text, c->status, got);
    }
    /* NULL text and NULL outputs are tolerated. */
    int rc = 1, hs = 1;
    bk_status st;
    bk_reply_find_codes(NULL, 10, &rc, &st, &hs);
    BK_CHECK_INT(0, rc);
    BK_CHECK_INT(0, hs);
    bk_reply_find_codes("550 5.1.1", 9, NULL, NULL, NULL);
}

/* ---- malformed input -------------------------------------------------- */

typedef struct bad_case {
    const char *text;
    size_t len; /* 0: strlen */
    int err;
} bad_case;

static void test_malformed(void)
{
    static const bad_case bad[] = {
        {"5..1", 0, BK_EBADCODE},
        {"5.1.", 0, BK_EBADCODE},
        {"99999", 0, BK_EBADCODE},
        {"5.1.1.1", 0, BK_EBADCODE},
        {"5.1000.1", 0, BK_EBADCODE},
        {"6.1.1", 0, BK_EBADCODE},
        {"5.01.1", 0, BK_EBADCODE},
        {"55", 0, BK_EBADCODE},
        {"550-5..1 text", 0, BK_EBADCODE},
        {"550 5.1. text", 0, BK_EBADCODE},
        {"", 0, BK_EEMPTY},
        {" \t\r\n ", 0, BK_EEMPTY},
        {"550 user\0unknown", 16, BK_ENUL},
        {"550 caf\xc3", 0, BK_EUTF8},
        {"550 \xc0\xaf overlong", 0, BK_EUTF8},
        {"550 \xed\xa0\x80 surrogate", 0, BK_EUTF8},
        {"550 \xff", 0, BK_EUTF8},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bk_reply_info r;
        memset(&r, 0xa5, sizeof r);
        size_t len = bad[i].len ? bad[i].len : strlen(bad[i].text);
        int err = bk_reply_classify(bad[i].text, len, &r);
        if (err != bad[i].err)
            BK_CHECK_STR_AT(bad[i].text, bk_strerror(bad[i].err), bk_strerror(err));
        /* On error the result is zeroed. */
        BK_CHECK_INT(0, r.reply_code);
        BK_CHECK_INT(BK_REASON_UNDEFINED, r.reason);
        BK_CHECK(r.provider == NULL);
    }
    /* Over 64 KiB. */
    size_t big = BK_REPLY_MAX + 1;
    char *p = malloc(big);
    BK_CHECK(p != NULL);
    if (p != NULL) {
        memset(p, 'a', big);
        memcpy(p, "550 5.1.1 ", 10);
        bk_reply_info r;
        BK_CHECK_INT(BK_ETOOBIG, bk_reply_classify(p, big, &r));
        /* Exactly the limit is accepted. */
        BK_CHECK_INT(BK_OK, bk_reply_classify(p, BK_REPLY_MAX, &r));
        BK_CHECK_INT(BK_REASON_USERUNKNOWN, r.reason);
        /* The parts form reads at most the limit and never fails on size. */
        BK_CHECK_INT(BK_OK, bk_reply_classify_parts(550, NULL, p, big, &r));
        free(p);
    }
    bk_reply_info r;
    BK_CHECK_INT(BK_EINVAL, bk_reply_classify(NULL, 3, &r));
    BK_CHECK_INT(BK_EINVAL, bk_reply_classify("550", 3, NULL));
    BK_CHECK_INT(BK_EINVAL, bk_reply_classify_parts(550, NULL, "x", 1, NULL));
    BK_CHECK_INT(BK_EINVAL, bk_text_reason("x", 1, NULL, NULL));
    /* Valid UTF-8 beyond ASCII is fine. */
    BK_CHECK_INT(BK_OK, classify("550 5.1.1 Адрес не найден — unknown user", &r));
    /* The input is read only within its length: no NUL needed. */
    char buf[9];
    memcpy(buf, "550 5.1.1", 9);
    BK_CHECK_INT(BK_OK, bk_reply_classify(buf, 9, &r));
    BK_CHECK_STR("5.1.1", r.status_text);
}

/* ---- status parsing and classes --------------------------------------- */

static void test_status_parse(void)
{
    bk_status st;
    BK_CHECK_INT(BK_OK, bk_status_parse("5.1.1", 5, &st));
    BK_CHECK_INT(5, st.cls);
    BK_CHECK_INT(1, st.subject);
    BK_CHECK_INT(1, st.detail);
    BK_CHECK_INT(BK_OK, bk_status_parse(" 4.7.650 ", 9, &st));
    BK_CHECK_INT(650, st.detail);
    BK_CHECK_INT(BK_OK, bk_status_parse("2.0.0", 5, &st));
    BK_CHECK_INT(BK_EEMPTY, bk_status_parse("", 0, &st));
    BK_CHECK_INT(BK_EEMPTY, bk_status_parse("  ", 2, &st));
    BK_CHECK_INT(BK_EBADCODE, bk_status_parse("5..1", 4, &st));
    BK_CHECK_INT(BK_EBADCODE, bk_status_parse("5.1.", 4, &st));
    BK_CHECK_INT(BK_EBADCODE, bk_status_parse("5.1.1.1", 7, &st));
    BK_CHECK_INT(BK_EBADCODE, bk_status_parse("3.1.1", 5, &st));
    BK_CHECK_INT(BK_EBADCODE, bk_status_parse("5.1.1x", 6, &st));
    BK_CHECK_INT(BK_EBADCODE, bk_status_parse("5.001.1", 7, &st));

    char buf[16];
    bk_status s2 = {5, 7, 606};
    BK_CHECK_INT(7, (long long)bk_status_format(&s2, buf, sizeof buf));
    BK_CHECK_STR("5.7.606", buf);
    char tiny[4];
    BK_CHECK_INT(3, (long long)bk_status_format(&s2, tiny, sizeof tiny));
    BK_CHECK_STR("5.7", tiny);
}

static void test_class(void)
{
    bk_reply_info r;
    BK_CHECK_INT(BK_OK, classify("450 4.2.1 try later", &r));
    BK_CHECK_INT(BK_CLASS_TRANSIENT, r.cls);
    BK_CHECK_INT(BK_OK, classify("550 no", &r));
    BK_CHECK_INT(BK_CLASS_PERMANENT, r.cls);
    BK_CHECK_INT(BK_OK, classify("250 2.0.0 Ok: queued as ABC", &r));
    BK_CHECK_INT(BK_CLASS_SUCCESS, r.cls);
    BK_CHECK_INT(BK_REASON_DELIVERED, r.reason);
    BK_CHECK_INT(BK_BOUNCE_NONE, r.bounce);
    BK_CHECK_INT(BK_OK, classify("Mailbox full", &r));
    BK_CHECK_INT(BK_CLASS_UNKNOWN, r.cls);
    BK_CHECK_INT(BK_REASON_MAILBOXFULL, r.reason);
    BK_CHECK_INT(BK_BASIS_TEXT, r.basis);
    /* The enhanced code decides the class when both are present. */
    BK_CHECK_INT(BK_OK, classify("5.2.2", &r));
    BK_CHECK_INT(BK_CLASS_PERMANENT, r.cls);
    /* A transient reply is never hard, whatever the reason. */
    BK_CHECK_INT(BK_OK, classify("450 4.1.1 <a@example.com>: Recipient address rejected: User unknown in local recipient table", &r));
    BK_CHECK_INT(BK_REASON_USERUNKNOWN, r.reason);
    BK_CHECK_INT(BK_BOUNCE_SOFT, r.bounce);
    BK_CHECK_INT(BK_DECISION_RETRY, r.decision);
    /* Without any code, a missing mailbox is hard. */
    BK_CHECK_INT(BK_OK, classify("Sorry, no mailbox here by that name.", &r));
    BK_CHECK_INT(BK_BOUNCE_HARD, r.bounce);
    BK_CHECK_INT(BK_DECISION_SUPPRESS, r.decision);
    /* Words no rule knows and no code: on hold (undecided), soft, retry. */
    BK_CHECK_INT(BK_OK, classify("something odd happened", &r));
    BK_CHECK_INT(BK_REASON_ONHOLD, r.reason);
    BK_CHECK_INT(BK_BASIS_NONE, r.basis);
    BK_CHECK_INT(BK_BOUNCE_SOFT, r.bounce);
    BK_CHECK_INT(BK_DECISION_RETRY, r.decision);
    /* A generic code and no words at all: undefined. */
    BK_CHECK_INT(BK_OK, classify("5.0.0", &r));
    BK_CHECK_INT(BK_REASON_UNDEFINED, r.reason);
}

/* ---- the registry's codes on their own -------------------------------- */

static void test_registry_codes(void)
{
    size_t n = bk_status_registry_count();
    BK_CHECK(n >= 60);
    for (size_t i = 0; i < n; i++) {
        bk_status_info info;
        BK_CHECK_INT(BK_OK, bk_status_registry_at(i, &info));
        char code[16];
        bk_status_format(&info.code, code, sizeof code);
        for (int cls = 4; cls <= 5; cls++) {
            code[0] = (char)('0' + cls);
            bk_reply_info r;
            int err = bk_reply_classify(code, strlen(code), &r);
            if (err != BK_OK) {
                BK_CHECK_STR_AT(code, "BK_OK", bk_strerror(err));
                continue;
            }
            BK_CHECK_INT(cls, r.cls);
            BK_CHECK_STR_AT(code, code, r.status_text);
            BK_CHECK_STR_AT(code, info.detail_name, r.detail_name);
            bk_status_info li;
            BK_CHECK_INT(BK_OK, bk_status_lookup(&r.status, &li));
            /* Decided by the code alone, as the registry mapping says. */
            BK_CHECK_STR_AT(code, bk_reason_name(li.reason), bk_reason_name(r.reason));
            if (li.reason != BK_REASON_UNDEFINED)
                BK_CHECK_INT(BK_BASIS_STATUS, r.basis);
            BK_CHECK_STR_AT(code, "", r.rule);
            if (cls == 4)
                BK_CHECK(r.bounce != BK_BOUNCE_HARD);
        }
        /* Every registered code of the permanent class names a reason,
         * except the "other" codes X.Y.0 and the informational ones. */
        if (info.code.detail != 0 && info.code.subject != 0 && info.reason == BK_REASON_UNDEFINED)
            BK_CHECK(info.code.subject == 1 || info.code.subject == 3 || info.code.subject == 6);
    }
    BK_CHECK_INT(BK_ENOTFOUND, bk_status_registry_at(n, &(bk_status_info){0}));
    /* Some mappings spelled out. */
    static const struct { const char *code; bk_reason reason; bk_bounce bounce; } spot[] = {
        {"5.1.1", BK_REASON_USERUNKNOWN, BK_BOUNCE_HARD},
        {"5.1.2", BK_REASON_HOSTUNKNOWN, BK_BOUNCE_HARD},
        {"5.1.6", BK_REASON_HASMOVED, BK_BOUNCE_HARD},
        {"5.1.10", BK_REASON_NOTACCEPT, BK_BOUNCE_HARD},
        {"5.2.1", BK_REASON_SUSPEND, BK_BOUNCE_SOFT},
        {"5.2.2", BK_REASON_MAILBOXFULL, BK_BOUNCE_SOFT},
        {"5.3.4", BK_REASON_MESGTOOBIG, BK_BOUNCE_SOFT},
        {"4.4.7", BK_REASON_EXPIRED, BK_BOUNCE_SOFT},
        {"4.1.1", BK_REASON_USERUNKNOWN, BK_BOUNCE_SOFT},
        {"5.7.1", BK_REASON_REJECTED, BK_BOUNCE_SOFT},
        {"5.7.26", BK_REASON_AUTHFAILURE, BK_BOUNCE_SOFT},
        {"5.7.25", BK_REASON_REQUIREPTR, BK_BOUNCE_SOFT},
        {"2.0.0", BK_REASON_DELIVERED, BK_BOUNCE_NONE},
    };
    for (size_t i = 0; i < sizeof spot / sizeof spot[0]; i++) {
        bk_reply_info r;
        BK_CHECK_INT(BK_OK, classify(spot[i].code, &r));
        BK_CHECK_STR_AT(spot[i].code, bk_reason_name(spot[i].reason), bk_reason_name(r.reason));
        BK_CHECK_STR_AT(spot[i].code, bk_bounce_name(spot[i].bounce), bk_bounce_name(r.bounce));
    }
}

/* ---- basic codes alone ------------------------------------------------ */

static void test_basic_codes(void)
{
    static const struct { const char *code; bk_reason reason; } basic[] = {
        {"421", BK_REASON_SYSTEMERROR}, {"451", BK_REASON_SYSTEMERROR},
        {"452", BK_REASON_SYSTEMFULL},  {"500", BK_REASON_SYNTAXERROR},
        {"503", BK_REASON_SYNTAXERROR}, {"521", BK_REASON_NOTACCEPT},
        {"530", BK_REASON_SECURITYERROR}, {"535", BK_REASON_SECURITYERROR},
        {"551", BK_REASON_HASMOVED},    {"552", BK_REASON_MAILBOXFULL},
        {"556", BK_REASON_NOTACCEPT},   {"250", BK_REASON_DELIVERED},
        /* 550, 553 and 554 alone say too little */
        {"550", BK_REASON_UNDEFINED},   {"553", BK_REASON_UNDEFINED},
        {"554", BK_REASON_UNDEFINED},
    };
    for (size_t i = 0; i < sizeof basic / sizeof basic[0]; i++) {
        bk_reply_info r;
        BK_CHECK_INT(BK_OK, classify(basic[i].code, &r));
        BK_CHECK_STR_AT(basic[i].code, bk_reason_name(basic[i].reason), bk_reason_name(r.reason));
        BK_CHECK_INT(atoi(basic[i].code), r.reply_code);
        BK_CHECK_INT(0, r.has_status);
    }
}

/* ---- text first, then the enhanced code, then the basic code ---------- */

static void test_order_of_evidence(void)
{
    bk_reply_info r;
    /* the text overrules the code */
    BK_CHECK_INT(BK_OK, classify("550 5.1.1 Mailbox full", &r));
    BK_CHECK_INT(BK_REASON_MAILBOXFULL, r.reason);
    BK_CHECK_INT(BK_BASIS_TEXT, r.basis);
    BK_CHECK(r.rule[0] != '\0');
    /* generic (weak) words do not overrule a specific code */
    BK_CHECK_INT(BK_OK, classify("552 5.2.2 policy", &r));
    BK_CHECK_INT(BK_REASON_MAILBOXFULL, r.reason);
    BK_CHECK_INT(BK_BASIS_STATUS, r.basis);
    /* ... but decide when the code is generic */
    BK_CHECK_INT(BK_OK, classify("550 5.0.0 policy", &r));
    BK_CHECK_INT(BK_REASON_POLICYVIOLATION, r.reason);
    /* a specific rule wins over a generic one wherever it sits */
    BK_CHECK_INT(BK_OK, classify("550 spam filter: no such mailbox", &r));
    BK_CHECK_INT(BK_REASON_USERUNKNOWN, r.reason);
    /* the enhanced code before the basic code */
    BK_CHECK_INT(BK_OK, classify("552 5.3.4 big", &r));
    BK_CHECK_INT(BK_REASON_MESGTOOBIG, r.reason);
    BK_CHECK_INT(BK_OK, classify("552 big", &r));
    BK_CHECK_INT(BK_REASON_MAILBOXFULL, r.reason);
    BK_CHECK_INT(BK_BASIS_REPLY_CODE, r.basis);
    /* a 2xx code means delivered whatever the words */
    BK_CHECK_INT(BK_OK, classify("250 2.1.5 user unknown but accepted", &r));
    BK_CHECK_INT(BK_REASON_DELIVERED, r.reason);
    BK_CHECK_STR("", r.rule);
}

/* ---- the SMTP command a reply answered -------------------------------- */

static void test_command_context(void)
{
    static const struct { const char *text; bk_reason reason; } ctx[] = {
        {"550 User unknown (in reply to RCPT TO command)", BK_REASON_USERUNKNOWN},
        {"550 User unknown (in reply to end of DATA command)", BK_REASON_FILTERED},
        {"550 User unknown (in reply to MAIL FROM command)", BK_REASON_REJECTED},
        {"SMTP error from remote mail server after RCPT TO:<a@example.com>: 550 unknown user", BK_REASON_USERUNKNOWN},
        {"SMTP error from remote mail server after end of data: 550 unknown user", BK_REASON_FILTERED},
        /* transcripts: the last command wins */
        {">>> MAIL From:<b@example.org>\n<<< 250 ok\n>>> RCPT To:<a@example.com>\n<<< 550 User unknown", BK_REASON_USERUNKNOWN},
        /* no command known: the code decides */
        {"550 5.1.1 User unknown", BK_REASON_USERUNKNOWN},
        {"550 5.1.0 User unknown", BK_REASON_USERUNKNOWN},
        /* X.2.1 (mailbox disabled) and generic codes do not confirm a
         * missing mailbox: without RCPT TO, a filter's refusal */
        {"550 5.2.1 User unknown", BK_REASON_FILTERED},
        {"550 5.0.0 User unknown", BK_REASON_FILTERED},
        {"550 5.2.0 Unknown user", BK_REASON_FILTERED},
        /* a basic code alone does not either */
        {"550 Unknown user a@example.com", BK_REASON_FILTERED},
        {"550 <a@example.com>... User unknown", BK_REASON_FILTERED},
        /* but naming the address before the words does */
        {"550 <a@example.com>: User unknown", BK_REASON_USERUNKNOWN},
        /* no code at all: the mail system's own words */
        {"Unknown user: a@example.com", BK_REASON_USERUNKNOWN},
        /* a mailbox code about the sender */
        {"SMTP error from remote mail server after MAIL FROM:<b@example.org>: 550 5.1.1 <b@example.org>... sorry", BK_REASON_REJECTED},
        /* the mailbox words about the sender */
        {"SMTP error from remote mail server after MAIL FROM:<b@example.org>: 550 mailbox unavailable", BK_REASON_REJECTED},
        /* a refusal without words at the greeting or MAIL FROM */
        {"SMTP error from remote mail server after initial connection: 554 go away", BK_REASON_BLOCKED},
        {"SMTP error from remote mail server after MAIL FROM:<b@example.org>: 550 no thanks", BK_REASON_REJECTED},
    };
    for (size_t i = 0; i < sizeof ctx / sizeof ctx[0]; i++) {
        bk_reply_info r;
        BK_CHECK_INT(BK_OK, classify(ctx[i].text, &r));
        BK_CHECK_STR_AT(ctx[i].text, bk_reason_name(ctx[i].reason), bk_reason_name(r.reason));
    }
}

/* The command given by the caller (bk_reply_classify_cmd). */
static void test_command_given(void)
{
    static const struct {
        const char *cmd;
        int rc;
        const char *status;
        const char *text;
        bk_reason reason;
        int err;
    } t[] = {
        {"RCPT", 550, NULL, "550 Unknown user a@example.com", BK_REASON_USERUNKNOWN, BK_OK},
        {"rcpt", 550, "5.2.1", "550 5.2.1 User unknown", BK_REASON_USERUNKNOWN, BK_OK},
        {"DATA", 550, NULL, "550 Unknown user a@example.com", BK_REASON_FILTERED, BK_OK},
        {"BDAT", 550, NULL, "550 no such user", BK_REASON_FILTERED, BK_OK},
        {"MAIL", 550, "5.1.1", "550 5.1.1 user unknown", BK_REASON_REJECTED, BK_OK},
        {"EHLO", 554, NULL, "554 go away", BK_REASON_BLOCKED, BK_OK},
        {NULL, 550, NULL, "550 Unknown user a@example.com", BK_REASON_FILTERED, BK_OK},
        {"", 550, NULL, "550 Unknown user a@example.com", BK_REASON_FILTERED, BK_OK},
        /* the text's own command wins over the caller's */
        {"DATA", 550, NULL, "550 User unknown (in reply to RCPT TO command)", BK_REASON_USERUNKNOWN, BK_OK},
        /* a command word the classifier does not know */
        {"RCPTX", 550, NULL, "550 user unknown", BK_REASON_UNDEFINED, BK_EINVAL},
        {"RCP", 550, NULL, "550 user unknown", BK_REASON_UNDEFINED, BK_EINVAL},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        bk_reply_info r;
        bk_status st, *sp = NULL;
        if (t[i].status != NULL) {
            BK_CHECK_INT(BK_OK, bk_status_parse(t[i].status, strlen(t[i].status), &st));
            sp = &st;
        }
        int rc = bk_reply_classify_cmd(t[i].rc, sp, t[i].cmd, t[i].text, strlen(t[i].text), &r);
        BK_CHECK_STR_AT(t[i].text, bk_strerror(t[i].err), bk_strerror(rc));
        if (rc == BK_OK)
            BK_CHECK_STR_AT(t[i].text, bk_reason_name(t[i].reason), bk_reason_name(r.reason));
    }
    BK_CHECK_INT(BK_EINVAL, bk_reply_classify_cmd(550, NULL, "RCPT", "x", 1, NULL));
}

/* ---- multi-line replies ----------------------------------------------- */

static void test_multiline(void)
{
    bk_reply_info r;
    /* a rule spanning the lines of a multi-line reply, CRLF or LF */
    const char *crlf = "452-4.2.2 The email account that you tried to reach is\r\n452-4.2.2 over quota.\r\n452 4.2.2 Please direct the recipient - gsmtp";
    BK_CHECK_INT(BK_OK, classify(crlf, &r));
    BK_CHECK_INT(BK_REASON_MAILBOXFULL, r.reason);
    BK_CHECK_STR("gmail", r.provider);
    BK_CHECK_INT(452, r.reply_code);
    BK_CHECK_STR("4.2.2", r.status_text);
    /* the line prefixes are dropped: a rule never sees "550-5.1.1" */
    const char *lf = "550-5.7.1 This message is not RFC 5322\n550-5.7.1 compliant.\n550 5.7.1 - gsmtp";
    BK_CHECK_INT(BK_OK, classify(lf, &r));
    BK_CHECK_INT(BK_REASON_NOTCOMPLIANTRFC, r.reason);
    /* upper case and runs of white space do not matter */
    BK_CHECK_INT(BK_OK, classify("550   MAILBOX\t\tFULL", &r));
    BK_CHECK_INT(BK_REASON_MAILBOXFULL, r.reason);
}

/* ---- bk_reply_classify_parts ------------------------------------------ */

static void test_parts(void)
{
    bk_reply_info r;
    bk_status st = {5, 0, 0};
    const char *t = "550 5.1.1 <a@example.com>... User Unknown";
    /* a generic Status (5.0.0) gives way to the code in the text */
    BK_CHECK_INT(BK_OK, bk_reply_classify_parts(0, &st, t, strlen(t), &r));
    BK_CHECK_STR("5.1.1", r.status_text);
    BK_CHECK_INT(550, r.reply_code);
    BK_CHECK_INT(BK_REASON_USERUNKNOWN, r.reason);
    /* a specific Status is kept */
    bk_status st2 = {5, 2, 2};
    BK_CHECK_INT(BK_OK, bk_reply_classify_parts(552, &st2, "", 0, &r));
    BK_CHECK_STR("5.2.2", r.status_text);
    BK_CHECK_INT(BK_REASON_MAILBOXFULL, r.reason);
    /* no text at all */
    BK_CHECK_INT(BK_OK, bk_reply_classify_parts(0, NULL, NULL, 0, &r));
    BK_CHECK_INT(BK_REASON_UNDEFINED, r.reason);
    BK_CHECK_INT(BK_BASIS_NONE, r.basis);
    BK_CHECK_INT(BK_CLASS_UNKNOWN, r.cls);
    BK_CHECK_STR("", r.provider);
    /* nonsense codes are ignored */
    bk_status bad = {7, 1, 1};
    BK_CHECK_INT(BK_OK, bk_reply_classify_parts(999, &bad, "Mailbox full", 12, &r));
    BK_CHECK_INT(0, r.reply_code);
    BK_CHECK_INT(0, r.has_status);
    BK_CHECK_INT(BK_REASON_MAILBOXFULL, r.reason);
    /* the parts form does not validate: NUL and bad UTF-8 are just bytes */
    BK_CHECK_INT(BK_OK, bk_reply_classify_parts(550, NULL, "user\0unknown \xff", 14, &r));
    /* the seed's Yahoo reply has no enhanced code and is still hard */
    const char *y = "554 delivery error: dd This user doesn't have a yahoo.com account (a@yahoo.com) [0] - mta1.mail.ne1.yahoo.com";
    BK_CHECK_INT(BK_OK, bk_reply_classify_parts(554, NULL, y, strlen(y), &r));
    BK_CHECK_INT(BK_REASON_USERUNKNOWN, r.reason);
    BK_CHECK_INT(BK_BOUNCE_HARD, r.bounce);
    BK_CHECK_INT(BK_DECISION_SUPPRESS, r.decision);
}

/* ---- long texts -------------------------------------------------------- */

static void test_long_text(void)
{
    /* A long diagnostic is matched on its opening part, without error. */
    size_t n = 20000;
    char *p = malloc(n);
    BK_CHECK(p != NULL);
    if (p == NULL)
        return;
    memset(p, ' ', n);
    memcpy(p, "550 5.7.1 ", 10);
    memcpy(p + 10, "Relay access denied", 19);
    bk_reply_info r;
    BK_CHECK_INT(BK_OK, bk_reply_classify(p, n, &r));
    BK_CHECK_INT(BK_REASON_NORELAYING, r.reason);
    /* many repeated pieces of many rules: still one verdict */
    size_t k = 0;
    while (k + 40 < n) {
        memcpy(p + k, "spam policy quota rbl user unknown ", 35);
        k += 35;
    }
    BK_CHECK_INT(BK_OK, bk_reply_classify(p, n, &r));
    BK_CHECK(r.reason != BK_REASON_UNDEFINED);
    free(p);
}

/* Many anchor hits in one text (more than the matcher queues while it
 * normalises): a context named after all of them still counts, as the
 * last context in the text wins. */
static void test_many_hits(void)
{
    static const char filler[] = " rcpt to";
    const size_t reps = 300;
    size_t n = 64 + reps * (sizeof filler - 1) + 64;
    char *p = malloc(n);
    BK_CHECK(p != NULL);
    if (p == NULL)
        return;
    for (int order = 0; order < 2; order++) {
        size_t k = 0;
        const char *head = order == 0 ? "550 User unknown" : "550 User unknown mail from:<a@example.org>";
        memcpy(p, head, strlen(head));
        k = strlen(head);
        for (size_t i = 0; i < reps; i++, k += sizeof filler - 1)
            memcpy(p + k, filler, sizeof filler - 1);
        if (order == 0) {
            memcpy(p + k, " mail from:<a@example.org>", 26);
            k += 26;
        }
        bk_reply_info r;
        BK_CHECK_INT(BK_OK, bk_reply_classify(p, k, &r));
        /* last MAIL FROM: the sender was refused; last RCPT TO: the mailbox */
        BK_CHECK_INT(order == 0 ? BK_REASON_REJECTED : BK_REASON_USERUNKNOWN, r.reason);
    }
    free(p);
}

/* The matcher walks long texts in pieces side by side: a phrase must be
 * found wherever it stands, across every place a piece could begin. */
static void test_phrase_anywhere(void)
{
    static const char phrase[] = "mailbox full";
    const size_t pl = sizeof phrase - 1;
    static const size_t lens[] = {40, 63, 64, 65, 67, 71, 100, 131, 257, 300};
    char buf[400];
    for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++) {
        size_t n = lens[li];
        for (size_t at = 4; at + pl <= n; at++) {
            memcpy(buf, "550 ", 4);
            for (size_t k = 4; k < n; k++)
                buf[k] = (k % 5 == 4) ? ' ' : 'z';
            memcpy(buf + at, phrase, pl);
            bk_reply_info r;
            BK_CHECK_INT(BK_OK, bk_reply_classify(buf, n, &r));
            if (r.reason != BK_REASON_MAILBOXFULL) {
                fprintf(stderr, "  length %zu, phrase at %zu\n", n, at);
                BK_CHECK_INT(BK_REASON_MAILBOXFULL, r.reason);
                return;
            }
        }
    }
}

/* More anchor hits inside one piece of the walk than are queued: the
 * last context of the text still decides, wherever it stands. */
static void test_dense_hits(void)
{
    static const char unit[] = "rcpt_to"; /* a hit every 7 bytes */
    static const char mail[] = " mail from:<a@example.org>";
    static const struct {
        int mail_after; /* units before the MAIL FROM context; -1: none after */
        int units;
        bk_reason want;
    } cases[] = {
        {131, 131, BK_REASON_REJECTED},  /* just past the queue, in the first piece */
        {300, 300, BK_REASON_REJECTED},  /* after all of them */
        {0, 300, BK_REASON_USERUNKNOWN}, /* before all of them */
    };
    size_t n = 4090;
    char *p = malloc(n + 64);
    BK_CHECK(p != NULL);
    if (p == NULL)
        return;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t k = 17;
        memcpy(p, "550 User unknown ", k);
        for (int i = 0; i <= cases[c].units; i++) {
            if (i == cases[c].mail_after) {
                memcpy(p + k, mail, sizeof mail - 1);
                k += sizeof mail - 1;
            }
            if (i < cases[c].units) {
                memcpy(p + k, unit, sizeof unit - 1);
                k += sizeof unit - 1;
            }
        }
        for (; k < n; k++)
            p[k] = (k % 5 == 4) ? ' ' : 'z';
        bk_reply_info r;
        BK_CHECK_INT(BK_OK, bk_reply_classify(p, k, &r));
        BK_CHECK_INT(cases[c].want, r.reason);
    }
    free(p);
}

static const bk_test_case tests[] = {
    {"classify_find_codes", test_find_codes},
    {"classify_malformed", test_malformed},
    {"classify_status_parse", test_status_parse},
    {"classify_class", test_class},
    {"classify_registry_codes", test_registry_codes},
    {"classify_basic_codes", test_basic_codes},
    {"classify_order_of_evidence", test_order_of_evidence},
    {"classify_command_context", test_command_context},
    {"classify_command_given", test_command_given},
    {"classify_multiline", test_multiline},
    {"classify_parts", test_parts},
    {"classify_long_text", test_long_text},
    {"classify_many_hits", test_many_hits},
    {"classify_phrase_anywhere", test_phrase_anywhere},
    {"classify_dense_hits", test_dense_hits},
    {NULL, NULL},
};
BK_TEST_MAIN(tests)
