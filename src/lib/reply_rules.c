/*
 * reply_rules.c - the reply classifier's knowledge: text -> reason, and
 * text -> provider.  See reply_rules.h for the pattern syntax and priority.
 */
#include "reply_rules.h"

#define R(id, pat, reason, prov, flags, seen) {id, pat, BK_REASON_##reason, prov, flags, seen}

const bk_reply_rule bk__reply_rules[] = {
    R("gmail-no-such-account", "the email account that you tried to reach does not exist", USERUNKNOWN, "gmail", 0, "Gmail 550-5.1.1"),
    R("yahoo-dd-no-account", "dd this user doesn't have a*account", USERUNKNOWN, "yahoo", 0, "Yahoo 554 delivery error"),
    R("ms-recipient-not-found", "recipientnotfound", USERUNKNOWN, "microsoft", 0, "Microsoft 550 5.1.10"),
    R("generic-user-unknown", "user unknown", USERUNKNOWN, NULL, 0, "Sendmail, many MTAs"),
    R("generic-unknown-user", "unknown user", USERUNKNOWN, NULL, 0, "many MTAs"),
    R("generic-mailbox-full", "mailbox full", MAILBOXFULL, NULL, 0, "many MTAs"),
};
const size_t bk__reply_rules_count = sizeof bk__reply_rules / sizeof bk__reply_rules[0];

const bk_provider_rule bk__provider_rules[] = {
    {"gsmtp", "gmail"},
    {"yahoo.com", "yahoo"},
    {"resolver.adr", "microsoft"},
};
const size_t bk__provider_rules_count = sizeof bk__provider_rules / sizeof bk__provider_rules[0];
