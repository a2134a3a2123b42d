/*
 * test_policy.c - the policy file format, the default rules and address
 * folding.
 */
#include <string.h>

#include "bk_test.h"
#include "bouncekit.h"

static bk_event ev_of(bk_action a, bk_reason r, const char *status, int reply)
{
    bk_event e;
    memset(&e, 0, sizeof e);
    e.action = a;
    e.reason = r;
    e.status = status;
    e.reply_code = reply;
    e.recipient = "a@example.com";
    return e;
}

static void test_defaults(void)
{
    static const struct {
        bk_action action;
        bk_reason reason;
        const char *status;
        int reply;
        const char *rule;
        bk_rule_do act;
        int after;
        int64_t duration;
    } rows[] = {
        {BK_ACTION_FAILED, BK_REASON_USERUNKNOWN, "5.1.1", 550, "hard-bounce", BK_RULE_SUPPRESS, 1, 0},
        {BK_ACTION_FAILED, BK_REASON_HOSTUNKNOWN, "", 550, "hard-bounce", BK_RULE_SUPPRESS, 1, 0},
        {BK_ACTION_FAILED, BK_REASON_NOTACCEPT, "5.1.10", 0, "hard-bounce", BK_RULE_SUPPRESS, 1, 0},
        /* a transient "user unknown" is no hard bounce: counted as soft */
        {BK_ACTION_FAILED, BK_REASON_USERUNKNOWN, "4.1.1", 450, "soft-bounce", BK_RULE_SUPPRESS, 3, 30 * 86400},
        {BK_ACTION_FAILED, BK_REASON_MAILBOXFULL, "4.2.2", 452, "soft-bounce", BK_RULE_SUPPRESS, 3, 30 * 86400},
        {BK_ACTION_FAILED, BK_REASON_MAILBOXFULL, "5.2.2", 552, "soft-bounce", BK_RULE_SUPPRESS, 3, 30 * 86400},
        {BK_ACTION_FAILED, BK_REASON_EXPIRED, "4.4.7", 0, "soft-bounce", BK_RULE_SUPPRESS, 3, 30 * 86400},
        {BK_ACTION_FAILED, BK_REASON_BLOCKED, "5.7.1", 554, "sender-side", BK_RULE_SENDER, 1, 0},
        {BK_ACTION_FAILED, BK_REASON_SPAMDETECTED, "5.7.1", 550, "sender-side", BK_RULE_SENDER, 1, 0},
        {BK_ACTION_FAILED, BK_REASON_FAILEDSTARTTLS, "", 0, "sender-side", BK_RULE_SENDER, 1, 0},
        {BK_ACTION_FAILED, BK_REASON_SYSTEMERROR, "4.3.0", 451, "other-failure", BK_RULE_COUNT, 1, 0},
        {BK_ACTION_COMPLAINT, BK_REASON_FEEDBACK, "", 0, "complaint", BK_RULE_SUPPRESS, 1, 0},
        {BK_ACTION_FAILED, BK_REASON_FEEDBACK, "", 0, "feedback", BK_RULE_SUPPRESS, 1, 0},
        {BK_ACTION_DELAYED, BK_REASON_MAILBOXFULL, "4.2.2", 452, "no-action", BK_RULE_NONE, 1, 0},
        {BK_ACTION_DELIVERED, BK_REASON_DELIVERED, "2.0.0", 250, "auto-reply", BK_RULE_NONE, 1, 0},
        {BK_ACTION_FAILED, BK_REASON_VACATION, "", 0, "auto-reply", BK_RULE_NONE, 1, 0},
        {BK_ACTION_SUPPRESS, BK_REASON_UNDEFINED, "", 0, "manual", BK_RULE_SUPPRESS, 1, 0},
    };
    bk_policy *p = NULL;
    BK_CHECK_INT(BK_OK, bk_policy_default(&p));
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        bk_event e = ev_of(rows[i].action, rows[i].reason, rows[i].status, rows[i].reply);
        bk_policy_verdict v;
        bk_policy_match(p, &e, &v);
        BK_CHECK_STR_AT(bk_reason_name(rows[i].reason), rows[i].rule, v.rule);
        BK_CHECK_INT(rows[i].act, v.act);
        BK_CHECK_INT(rows[i].after, v.after);
        BK_CHECK_INT(rows[i].duration, v.duration);
    }
    bk_event e = ev_of(BK_ACTION_FAILED, BK_REASON_MAILBOXFULL, "", 0);
    bk_policy_verdict v;
    bk_policy_match(p, &e, &v);
    BK_CHECK_INT(14 * 86400, v.within);
    BK_CHECK_INT(1, v.reset_on_delivery);
    bk_policy_free(p);
}

static void test_custom(void)
{
    const char *text = "# mine\n"
                       "[addresses]\nlocal-part = provider\n"
                       "[rule strict-soft]\non = failed delayed\nreasons = mailboxfull\n"
                       "do = suppress\nafter = 2\nwithin = 12h\nfor = 2w\n"
                       "[rule rest]\ndo = count   # everything else\n";
    bk_policy *p = NULL;
    char err[128];
    BK_CHECK_INT(BK_OK, bk_policy_parse(text, strlen(text), &p, err, sizeof err));
    BK_CHECK_INT(BK_FOLD_PROVIDER, bk_policy_fold(p));
    bk_event e = ev_of(BK_ACTION_DELAYED, BK_REASON_MAILBOXFULL, "4.2.2", 0);
    bk_policy_verdict v;
    bk_policy_match(p, &e, &v);
    BK_CHECK_STR("strict-soft", v.rule);
    BK_CHECK_INT(2, v.after);
    BK_CHECK_INT(12 * 3600, v.within);
    BK_CHECK_INT(14 * 86400, v.duration);
    e = ev_of(BK_ACTION_FAILED, BK_REASON_USERUNKNOWN, "5.1.1", 550);
    bk_policy_match(p, &e, &v);
    BK_CHECK_STR("rest", v.rule);
    BK_CHECK_INT(BK_RULE_COUNT, v.act);
    /* format and parse again: same rules */
    char *txt = NULL;
    size_t len = 0;
    BK_CHECK_INT(BK_OK, bk_policy_format(p, &txt, &len));
    bk_policy *q = NULL;
    BK_CHECK_INT(BK_OK, bk_policy_parse(txt, len, &q, err, sizeof err));
    char *txt2 = NULL;
    size_t len2 = 0;
    BK_CHECK_INT(BK_OK, bk_policy_format(q, &txt2, &len2));
    BK_CHECK_STR(txt, txt2);
    BK_CHECK(strstr(txt, "within = 12h") != NULL);
    free(txt);
    free(txt2);
    bk_policy_free(p);
    bk_policy_free(q);
}

static void test_errors(void)
{
    static const struct {
        const char *text;
        const char *err;
    } rows[] = {
        {"[rule a]\ndo = explode\n", "line 2: do must be"},
        {"[rule a]\nreasons = nosuchreason\n", "line 2: unknown reason 'nosuchreason'"},
        {"\n\n[rule a]\nwithin = 3x\n", "line 4: within: bad duration"},
        {"key = value\n", "line 1: key outside a section"},
        {"[rule a]\n[rule a]\n", "line 2: rule 'a' defined twice"},
        {"[rules]\n", "line 1: unknown section"},
        {"[rule a\n", "line 1: section header without ']'"},
        {"[rule a]\nafter = 0\n", "line 2: after must be"},
        {"[addresses]\nlocal-part = shout\n", "line 2: local-part must be"},
        {"[rule a]\nflavour = x\n", "line 2: unknown rule key 'flavour'"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        bk_policy *p = NULL;
        char err[160] = "";
        BK_CHECK_INT(BK_EMALFORMED, bk_policy_parse(rows[i].text, strlen(rows[i].text), &p, err, sizeof err));
        BK_CHECK(p == NULL);
        if (strncmp(err, rows[i].err, strlen(rows[i].err)) != 0)
            BK_CHECK_STR_AT(rows[i].text, rows[i].err, err);
    }
}

static void test_normalize(void)
{
    static const struct {
        const char *in;
        bk_fold fold;
        int rc;
        const char *out;
    } rows[] = {
        {"John.Doe@Example.COM", BK_FOLD_EXACT, BK_OK, "John.Doe@example.com"},
        {"  <John.Doe@Example.COM.>  ", BK_FOLD_EXACT, BK_OK, "John.Doe@example.com"},
        {"John.Doe@Example.COM", BK_FOLD_LOWER, BK_OK, "john.doe@example.com"},
        {"John.Doe+news@GoogleMail.com", BK_FOLD_PROVIDER, BK_OK, "johndoe@gmail.com"},
        {"J.o.h.n@gmail.com", BK_FOLD_PROVIDER, BK_OK, "john@gmail.com"},
        {"Jane+x@Outlook.com", BK_FOLD_PROVIDER, BK_OK, "jane@outlook.com"},
        {"Jane.Doe+x@example.org", BK_FOLD_PROVIDER, BK_OK, "Jane.Doe+x@example.org"},
        {"\"a b\"@example.org", BK_FOLD_EXACT, BK_EMALFORMED, ""},
        {"no-at-sign", BK_FOLD_EXACT, BK_EMALFORMED, ""},
        {"@example.org", BK_FOLD_EXACT, BK_EMALFORMED, ""},
        {"user@", BK_FOLD_EXACT, BK_EMALFORMED, ""},
        {"   ", BK_FOLD_EXACT, BK_EEMPTY, ""},
        {"+tag@gmail.com", BK_FOLD_PROVIDER, BK_EMALFORMED, ""},
        {"user@ex\xff.com", BK_FOLD_EXACT, BK_EUTF8, ""},
        {"us\ter@example.com", BK_FOLD_EXACT, BK_EMALFORMED, ""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char out[BK_ADDRESS_MAX + 1];
        int rc = bk_address_normalize(rows[i].in, strlen(rows[i].in), rows[i].fold, out, sizeof out);
        BK_CHECK_INT(rows[i].rc, rc);
        if (rc == BK_OK)
            BK_CHECK_STR_AT(rows[i].in, rows[i].out, out);
    }
    char big[400];
    memset(big, 'a', sizeof big);
    big[10] = '@';
    char out[BK_ADDRESS_MAX + 1];
    BK_CHECK_INT(BK_ETOOBIG, bk_address_normalize(big, sizeof big, BK_FOLD_EXACT, out, sizeof out));
}

static const bk_test_case tests[] = {
    {"defaults", test_defaults},
    {"custom", test_custom},
    {"errors", test_errors},
    {"normalize", test_normalize},
    {NULL, NULL},
};
BK_TEST_MAIN(tests)
