/*
 * test_webhook.c - ESP webhook payloads (written for these tests after
 * each provider's documentation) into event records; the JSON reader.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bk_test.h"
#include "bouncekit.h"

static char *slurp(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/webhooks/%s", BK_TEST_DATA, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        *len = 0;
        return NULL;
    }
    char *buf = malloc(1 << 16);
    *len = fread(buf, 1, (1 << 16) - 1, f);
    fclose(f);
    return buf;
}

typedef struct want {
    bk_action action;
    const char *rcpt;
    const char *status;
    int reply;
    bk_reason reason; /* BK_REASON__COUNT: not checked (the classifier's call) */
    const char *message_id;
    const char *campaign;
    long long time;
} want;

static void check_file(const char *name, bk_esp esp, const want *w, size_t n)
{
    size_t len;
    char *body = slurp(name, &len);
    BK_CHECK(body != NULL);
    if (body == NULL)
        return;
    bk_events *b = NULL;
    BK_CHECK_INT(BK_OK, bk_events_new(&b));
    bk_esp got = BK_ESP_UNKNOWN;
    BK_CHECK_INT(BK_OK, bk_webhook_parse(body, len, b, &got));
    BK_CHECK_STR_AT(name, bk_esp_name(esp), bk_esp_name(got));
    BK_CHECK_INT(n, bk_events_count(b));
    for (size_t i = 0; i < n && i < bk_events_count(b); i++) {
        const bk_event *e = &bk_events_data(b)[i];
        BK_CHECK_STR_AT(name, bk_action_name(w[i].action), bk_action_name(e->action));
        BK_CHECK_STR_AT(name, w[i].rcpt, e->recipient);
        BK_CHECK_STR_AT(name, w[i].status, e->status);
        BK_CHECK_INT(w[i].reply, e->reply_code);
        if (w[i].reason != BK_REASON__COUNT)
            BK_CHECK_STR_AT(name, bk_reason_name(w[i].reason), bk_reason_name(e->reason));
        BK_CHECK_STR_AT(name, w[i].message_id, e->message_id);
        BK_CHECK_STR_AT(name, w[i].campaign, e->campaign);
        BK_CHECK_INT(w[i].time, e->time);
        BK_CHECK_STR_AT(name, bk_esp_name(esp), e->source);
        BK_CHECK(e->event_key[0] != '\0');
    }
    bk_events_free(b);
    free(body);
}

static void test_ses(void)
{
    const want bounce[] = {
        {BK_ACTION_FAILED, "ghost@example.org", "5.1.1", 550, BK_REASON_USERUNKNOWN, "0100018f-msg-0001",
         "<weekly.sender.example>", 1790843400},
        {BK_ACTION_FAILED, "Other.Ghost@Example.ORG", "5.1.1", 550, BK_REASON_USERUNKNOWN,
         "0100018f-msg-0001", "<weekly.sender.example>", 1790843400},
    };
    check_file("ses-bounce-sns.json", BK_ESP_SES, bounce, 2);
    const want complaint[] = {
        {BK_ACTION_COMPLAINT, "angry@example.net", "", 0, BK_REASON_FEEDBACK, "0100018f-msg-0002", "", 1790931600},
    };
    check_file("ses-complaint.json", BK_ESP_SES, complaint, 1);
    const want delivery[] = {
        {BK_ACTION_DELIVERED, "fine@example.net", "2.6.0", 250, BK_REASON_DELIVERED, "0100018f-msg-0003", "", 1790935200},
        {BK_ACTION_DELIVERED, "also.fine@example.net", "2.6.0", 250, BK_REASON_DELIVERED, "0100018f-msg-0003", "",
         1790935200},
    };
    check_file("ses-delivery.json", BK_ESP_SES, delivery, 2);
}

static void test_sendgrid(void)
{
    const want w[] = {
        {BK_ACTION_FAILED, "nobody@example.com", "5.1.1", 550, BK_REASON_USERUNKNOWN, "sg-msg-1.filter", "spring-sale",
         1790000000},
        {BK_ACTION_FAILED, "blocked@example.com", "5.7.1", 554, BK_REASON__COUNT, "sg-msg-2", "", 1790000001},
        {BK_ACTION_DELIVERED, "ok@example.com", "", 250, BK_REASON_DELIVERED, "sg-msg-3", "", 1790000002},
        {BK_ACTION_COMPLAINT, "spam@example.com", "", 0, BK_REASON_FEEDBACK, "", "", 1790000004},
        {BK_ACTION_DELAYED, "later@example.com", "4.2.2", 452, BK_REASON_MAILBOXFULL, "", "", 1790000005},
    };
    check_file("sendgrid-events.json", BK_ESP_SENDGRID, w, 5);
}

static void test_mailgun(void)
{
    const want w[] = {
        {BK_ACTION_FAILED, "gone@example.io", "5.1.1", 550, BK_REASON_USERUNKNOWN, "mg-msg-1@mg.sender.example",
         "onboarding", 1790000100},
    };
    check_file("mailgun-failed.json", BK_ESP_MAILGUN, w, 1);
    const want t[] = {
        {BK_ACTION_DELAYED, "busy@example.io", "4.2.2", 452, BK_REASON__COUNT, "", "", 1790000200},
    };
    check_file("mailgun-temporary.json", BK_ESP_MAILGUN, t, 1);
}

static void test_postmark(void)
{
    const want w[] = {
        {BK_ACTION_FAILED, "former@example.co", "5.1.1", 550, BK_REASON_USERUNKNOWN, "pm-msg-1", "welcome", 1791026553},
    };
    check_file("postmark-bounce.json", BK_ESP_POSTMARK, w, 1);
    const want c[] = {
        {BK_ACTION_COMPLAINT, "grumpy@example.co", "", 0, BK_REASON_FEEDBACK, "pm-msg-2", "", 1791028800},
    };
    check_file("postmark-complaint.json", BK_ESP_POSTMARK, c, 1);
}

static void test_sparkpost(void)
{
    const want w[] = {
        {BK_ACTION_FAILED, "void@example.dev", "5.1.1", 550, BK_REASON_USERUNKNOWN, "sp-msg-1", "autumn", 1790000300},
        {BK_ACTION_FAILED, "fine@example.dev", "", 554, BK_REASON__COUNT, "", "", 1790000301},
        {BK_ACTION_DELIVERED, "fine@example.dev", "", 0, BK_REASON_DELIVERED, "", "", 1790000302},
    };
    check_file("sparkpost-batch.json", BK_ESP_SPARKPOST, w, 3);
}

static void test_bad_input(void)
{
    static const struct {
        const char *body;
        int rc;
    } rows[] = {
        {"", BK_EEMPTY},
        {"   ", BK_EEMPTY},
        {"{", BK_EMALFORMED},
        {"{\"a\":}", BK_EMALFORMED},
        {"[1,2,]", BK_EMALFORMED},
        {"\"unterminated", BK_EMALFORMED},
        {"{\"a\":\"\\x\"}", BK_EMALFORMED},
        {"{\"a\":1} x", BK_EMALFORMED},
        {"{\"a\":01x}", BK_EMALFORMED},
        {"{\"hello\":\"world\"}", BK_ENOTFOUND},
        {"[{\"x\":1}]", BK_ENOTFOUND},
        {"[]", BK_OK},
        {"{\"Type\":\"Notification\",\"TopicArn\":\"t\",\"Message\":\"not json\"}", BK_EMALFORMED},
        {"{\"RecordType\":\"Open\",\"Email\":\"a@b.example\"}", BK_OK},
        {"{\"Type\":\"SubscriptionConfirmation\",\"TopicArn\":\"t\",\"Message\":\"You have chosen\"}", BK_ENOTFOUND},
        {"{\"RecordType\":\"Bounce\",\"Type\":\"HardBounce\",\"Email\":\"\\u00e9t\\u00e9@b.example\",\"ID\":1}", BK_OK},
        {"{\"RecordType\":\"Bounce\",\"Type\":\"HardBounce\",\"Email\":\"\\ud83d\\ude00@b.example\",\"ID\":2}", BK_OK},
    };
    bk_events *b = NULL;
    BK_CHECK_INT(BK_OK, bk_events_new(&b));
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int rc = bk_webhook_parse(rows[i].body, strlen(rows[i].body), b, NULL);
        if (rc != rows[i].rc)
            fprintf(stderr, "    row: %s\n", rows[i].body);
        BK_CHECK_INT(rows[i].rc, rc);
    }
    BK_CHECK_INT(2, bk_events_count(b));
    if (bk_events_count(b) == 2) {
        BK_CHECK_STR("\xc3\xa9t\xc3\xa9@b.example", bk_events_data(b)[0].recipient);
        BK_CHECK_STR("\xf0\x9f\x98\x80@b.example", bk_events_data(b)[1].recipient);
    }
    /* nesting is bounded */
    char deep[300];
    memset(deep, '[', sizeof deep);
    BK_CHECK_INT(BK_ELIMIT, bk_webhook_parse(deep, sizeof deep, b, NULL));
    bk_events_free(b);
}

static void test_shared_samples(void)
{
    /* The documented examples in shared/data, when present: each is read
     * and yields at least one event. */
    static const char *const files[] = {"ses.json", "sendgrid.json", "mailgun.json", "postmark.json",
                                        "sparkpost.json", "mailgun-suppress-bounce.json"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/data/webhooks/%s", BK_SHARED_DIR, files[i]);
        FILE *f = fopen(path, "rb");
        if (f == NULL) {
            printf("# skip: %s absent\n", path);
            continue;
        }
        char *buf = malloc(1 << 16);
        size_t len = fread(buf, 1, (1 << 16) - 1, f);
        fclose(f);
        bk_events *b = NULL;
        BK_CHECK_INT(BK_OK, bk_events_new(&b));
        BK_CHECK_INT(BK_OK, bk_webhook_parse(buf, len, b, NULL));
        if (bk_events_count(b) == 0)
            BK_CHECK_STR_AT(files[i], "at least one event", "none");
        bk_events_free(b);
        free(buf);
    }
}

static const bk_test_case tests[] = {
    {"ses", test_ses},
    {"sendgrid", test_sendgrid},
    {"mailgun", test_mailgun},
    {"postmark", test_postmark},
    {"sparkpost", test_sparkpost},
    {"bad_input", test_bad_input},
    {"shared_samples", test_shared_samples},
    {NULL, NULL},
};
BK_TEST_MAIN(tests)
