/*
 * test_mtalog.c - delivery records from Postfix, Exim and Sendmail log
 * lines (lines written for these tests in each MTA's documented format).
 */
#include <string.h>

#include "bk_test.h"
#include "bouncekit.h"

#define NOW 1795000000 /* 2026-11-18 (UTC) */

static const struct {
    const char *line;
    int rc;
    bk_action action;
    const char *rcpt;
    const char *status;
    int reply;
    bk_reason reason;
    const char *source;
    const char *qid;
    long long time;
} rows[] = {
    {"Nov 17 10:00:01 mx1 postfix/smtp[2211]: 4AbC1x2y: to=<jane@example.com>, relay=mx.example.com[192.0.2.1]:25, "
     "delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 "
     "<jane@example.com>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))",
     BK_OK, BK_ACTION_FAILED, "jane@example.com", "5.1.1", 550, BK_REASON_USERUNKNOWN, "postfix", "4AbC1x2y", 1794909601},
    {"Nov  3 08:15:00 mx1 postfix/smtp[2211]: 5B: to=<full@example.net>, relay=mx.example.net[198.51.100.7]:25, "
     "delay=3, dsn=4.2.2, status=deferred (host mx.example.net[198.51.100.7] said: 452 4.2.2 Mailbox full (in reply to RCPT TO command))",
     BK_OK, BK_ACTION_DELAYED, "full@example.net", "4.2.2", 452, BK_REASON_MAILBOXFULL, "postfix", "5B", 1793693700},
    {"2026-11-17T12:00:00.123456+01:00 mx1 postfix/smtp[99]: 6C: to=<ok@example.org>, relay=mx[203.0.113.5]:25, "
     "delay=0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 77D)",
     BK_OK, BK_ACTION_DELIVERED, "ok@example.org", "2.0.0", 250, BK_REASON_DELIVERED, "postfix", "6C", 1794913200},
    {"Nov 17 10:00:02 mx1 postfix/smtp[2211]: 7D: to=<x@nosuch.example>, relay=none, delay=0.1, dsn=5.4.4, "
     "status=bounced (Host or domain name not found. Name service error for name=nosuch.example type=A: Host not found)",
     BK_OK, BK_ACTION_FAILED, "x@nosuch.example", "5.4.4", 0, BK_REASON_HOSTUNKNOWN, "postfix", "7D", 1794909602},
    {"Nov 17 10:00:03 mx1 postfix/qmgr[2200]: 7D: from=<sender@example.com>, size=1234, nrcpt=1 (queue active)",
     BK_ENOTFOUND, BK_ACTION_FAILED, "", "", 0, BK_REASON_UNDEFINED, "", "", 0},
    {"Nov 17 10:00:04 mx1 postfix/smtp[2211]: 8E: to=<b@example.com>, relay=mx[192.0.2.9]:25, dsn=5.7.1, "
     "status=bounced (host mx[192.0.2.9] said: 554 5.7.1 Service unavailable; Client host [198.51.100.1] blocked using "
     "zen.spamhaus.org (in reply to RCPT TO command))",
     /* the reason is the classifier's business: BK_REASON__COUNT means "as
      * bk_reply_classify says for the extracted reply" */
     BK_OK, BK_ACTION_FAILED, "b@example.com", "5.7.1", 554, BK_REASON__COUNT, "postfix", "8E", 1794909604},
    /* Exim main log */
    {"2026-11-17 10:00:00 1vKxYz-0001Ab-Cd ** gone@example.com R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.1]: "
     "SMTP error from remote mail server after RCPT TO:<gone@example.com>: 550 5.1.1 The email account that you tried to reach does not exist",
     BK_OK, BK_ACTION_FAILED, "gone@example.com", "5.1.1", 550, BK_REASON_USERUNKNOWN, "exim", "1vKxYz-0001Ab-Cd", 1794909600},
    {"2026-11-17 10:05:00 [1234] 1vKxYz-0001Ab-Cd == slow@example.com R=dnslookup T=remote_smtp defer (-44) H=mx.example.com "
     "[192.0.2.1]: SMTP error from remote mail server after RCPT TO:<slow@example.com>: 452 4.2.2 Mailbox full",
     BK_OK, BK_ACTION_DELAYED, "slow@example.com", "4.2.2", 452, BK_REASON_MAILBOXFULL, "exim", "1vKxYz-0001Ab-Cd", 1794909900},
    {"2026-11-17 10:06:00 1vKxYz-0001Ab-Cd => fine@example.com R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.1] "
     "C=\"250 2.0.0 OK id=1vKxZa-0002\"",
     BK_OK, BK_ACTION_DELIVERED, "fine@example.com", "2.0.0", 250, BK_REASON_DELIVERED, "exim", "1vKxYz-0001Ab-Cd", 1794909960},
    {"2026-11-17 10:06:00 1vKxYz-0001Ab-Cd <= sender@example.com H=localhost [127.0.0.1] P=esmtp S=1234",
     BK_ENOTFOUND, BK_ACTION_FAILED, "", "", 0, BK_REASON_UNDEFINED, "", "", 0},
    /* Sendmail */
    {"Nov 17 10:00:00 mx2 sm-mta[4321]: 5AHA00a1004321: to=<who@example.com>, delay=00:00:01, xdelay=00:00:01, "
     "mailer=esmtp, pri=120000, relay=mx.example.com. [192.0.2.1], dsn=5.1.1, stat=User unknown",
     BK_OK, BK_ACTION_FAILED, "who@example.com", "5.1.1", 0, BK_REASON_USERUNKNOWN, "sendmail", "5AHA00a1004321", 1794909600},
    {"Nov 17 10:00:00 mx2 sendmail[4321]: 5AHA00a1004322: to=<sent@example.com>, delay=00:00:01, mailer=esmtp, "
     "pri=120000, relay=mx.example.com. [192.0.2.1], dsn=2.0.0, stat=Sent (OK id=abc)",
     BK_OK, BK_ACTION_DELIVERED, "sent@example.com", "2.0.0", 0, BK_REASON_DELIVERED, "sendmail", "5AHA00a1004322", 1794909600},
    {"Nov 17 10:00:00 mx2 sm-mta[4321]: 5AHA00a1004323: to=<later@example.com>, delay=00:00:01, mailer=esmtp, "
     "pri=120000, relay=mx.example.com. [192.0.2.1], dsn=4.2.2, stat=Deferred: 452 4.2.2 Mailbox full",
     BK_OK, BK_ACTION_DELAYED, "later@example.com", "4.2.2", 452, BK_REASON_MAILBOXFULL, "sendmail", "5AHA00a1004323", 1794909600},
    /* not delivery records */
    {"hello world", BK_ENOTFOUND, BK_ACTION_FAILED, "", "", 0, BK_REASON_UNDEFINED, "", "", 0},
    {"Nov 17 10:00:00 host kernel: eth0 up", BK_ENOTFOUND, BK_ACTION_FAILED, "", "", 0, BK_REASON_UNDEFINED, "", "", 0},
    {"", BK_EEMPTY, BK_ACTION_FAILED, "", "", 0, BK_REASON_UNDEFINED, "", "", 0},
};

static void test_lines(void)
{
    bk_events *b = NULL;
    BK_CHECK_INT(BK_OK, bk_events_new(&b));
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        bk_events_clear(b);
        int rc = bk_mtalog_parse_line(rows[i].line, strlen(rows[i].line), BK_MTA_ANY, NOW, b);
        if (rc != rows[i].rc)
            fprintf(stderr, "row %zu: %s\n", i, rows[i].line);
        BK_CHECK_INT(rows[i].rc, rc);
        if (rc != BK_OK)
            continue;
        BK_CHECK_INT(1, bk_events_count(b));
        const bk_event *e = bk_events_data(b);
        BK_CHECK_INT(rows[i].action, e->action);
        BK_CHECK_STR_AT(rows[i].line, rows[i].rcpt, e->recipient);
        BK_CHECK_STR_AT(rows[i].line, rows[i].status, e->status);
        BK_CHECK_INT(rows[i].reply, e->reply_code);
        bk_reason want = rows[i].reason;
        if (want == BK_REASON__COUNT) {
            bk_reply_info ri;
            BK_CHECK_INT(BK_OK, bk_reply_classify(e->diagnostic, strlen(e->diagnostic), &ri));
            want = ri.reason;
            BK_CHECK(strncmp(e->diagnostic, "554 5.7.1 Service unavailable;", 30) == 0);
            BK_CHECK(strstr(e->diagnostic, "in reply to") == NULL);
        }
        BK_CHECK_STR_AT(rows[i].line, bk_reason_name(want), bk_reason_name(e->reason));
        BK_CHECK_STR_AT(rows[i].line, rows[i].source, e->source);
        BK_CHECK_STR_AT(rows[i].line, rows[i].qid, e->message_id);
        BK_CHECK_INT(rows[i].time, e->time);
    }
    bk_events_free(b);
}

static void test_sendmail_many(void)
{
    const char *l = "Nov 17 10:00:00 mx2 sm-mta[1]: 5AHA: to=<a@example.com>,<b@example.com>, delay=00:00:01, "
                    "mailer=esmtp, dsn=5.1.1, stat=User unknown";
    bk_events *b = NULL;
    BK_CHECK_INT(BK_OK, bk_events_new(&b));
    BK_CHECK_INT(BK_OK, bk_mtalog_parse_line(l, strlen(l), BK_MTA_ANY, NOW, b));
    BK_CHECK_INT(2, bk_events_count(b));
    if (bk_events_count(b) == 2) {
        BK_CHECK_STR("a@example.com", bk_events_data(b)[0].recipient);
        BK_CHECK_STR("b@example.com", bk_events_data(b)[1].recipient);
    }
    bk_events_free(b);
}

static void test_year(void)
{
    /* a December line read in January belongs to the year before */
    const char *l = "Dec 31 23:59:59 mx postfix/smtp[1]: Q: to=<a@example.com>, dsn=2.0.0, status=sent (250 ok)";
    bk_events *b = NULL;
    BK_CHECK_INT(BK_OK, bk_events_new(&b));
    BK_CHECK_INT(BK_OK, bk_mtalog_parse_line(l, strlen(l), BK_MTA_ANY, 1798761600 /* 2027-01-01 */, b));
    BK_CHECK_INT(1798761599, bk_events_data(b)[0].time);
    char big[BK_MTALOG_LINE_MAX + 2];
    memset(big, 'a', sizeof big);
    BK_CHECK_INT(BK_ETOOBIG, bk_mtalog_parse_line(big, sizeof big, BK_MTA_ANY, NOW, b));
    bk_events_free(b);
}

static const bk_test_case tests[] = {
    {"lines", test_lines},
    {"sendmail_many", test_sendmail_many},
    {"year", test_year},
    {NULL, NULL},
};
BK_TEST_MAIN(tests)
