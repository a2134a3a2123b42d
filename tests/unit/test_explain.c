/*
 * test_explain.c - the explanation table behind "bouncekit explain": its
 * coverage (every reason, every registry code in classes 4 and 5, every
 * subject), its shape (limits, keys), and the advice it gives for the
 * replies users look up most.
 */
#include <stdio.h>
#include <string.h>

#include "bk_test.h"
#include "bouncekit.h"
#include "explain_data.h"

#define ANY BK_REASON__COUNT

/* The provider names the classifier reports. */
static const char *const providers[] = {"gmail",  "microsoft", "yahoo",  "aol", "icloud",
                                        "comcast", "gmx",      "webde",  "mailru", "yandex",
                                        "qq"};

static size_t count_items(const char *const *items)
{
    size_t n = 0;
    while (n <= BK_EXPLAIN_MAX_ITEMS && items[n] != NULL)
        n++;
    return n;
}

static int any_item_contains(const char *const *items, size_t n, const char *needle)
{
    for (size_t i = 0; i < n; i++)
        if (items[i] != NULL && strstr(items[i], needle) != NULL)
            return 1;
    return 0;
}

static int streq(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

/* The entry keyed exactly by (reason, code, provider), or NULL. */
static const bk_explanation *find_entry(bk_reason reason, const char *code, const char *provider)
{
    for (size_t i = 0; i < bk__explanations_count; i++) {
        const bk_explanation *e = &bk__explanations[i];
        if (e->reason == reason && streq(e->code, code) && streq(e->provider, provider))
            return e;
    }
    return NULL;
}

/* Whether a code key has one of the supported forms: "C.S.D", "C.S" with C
 * one of 2, 4, 5 or X, and S, D of 1 to 3 digits. */
static int code_key_ok(const char *code)
{
    if (code[0] != '2' && code[0] != '4' && code[0] != '5' && code[0] != 'X')
        return 0;
    const char *p = code + 1;
    int parts = 0;
    while (*p != '\0') {
        if (*p != '.')
            return 0;
        p++;
        int digits = 0;
        while (*p >= '0' && *p <= '9') {
            p++;
            digits++;
        }
        if (digits < 1 || digits > 3)
            return 0;
        parts++;
    }
    return parts == 1 || parts == 2;
}

static bk_reply_info classify(const char *text)
{
    bk_reply_info r;
    int err = bk_reply_classify(text, strlen(text), &r);
    if (err != BK_OK) {
        fprintf(stderr, "    classify(\"%s\") failed: %s\n", text, bk_strerror(err));
        BK_CHECK_INT(BK_OK, err);
    }
    return r;
}

/* ------------------------------------------------------------------------
 * (a) Every registry code, in class 4 and class 5, has an entry of its own.
 * ---------------------------------------------------------------------- */
static void test_registry_codes_have_entries(void)
{
    size_t n = bk_status_registry_count();
    BK_CHECK(n >= 70);
    for (size_t i = 0; i < n; i++) {
        bk_status_info row;
        BK_CHECK_INT(BK_OK, bk_status_registry_at(i, &row));
        for (int cls = 4; cls <= 5; cls++) {
            char exact[32], any_class[32];
            snprintf(exact, sizeof exact, "%d.%d.%d", cls, row.code.subject, row.code.detail);
            snprintf(any_class, sizeof any_class, "X.%d.%d", row.code.subject, row.code.detail);
            bk_status st = {cls, row.code.subject, row.code.detail};
            bk_status_info info;
            BK_CHECK_INT(BK_OK, bk_status_lookup(&st, &info));

            /* The table: an entry keyed by this code and the code's reason. */
            const bk_explanation *want = find_entry(info.reason, exact, NULL);
            if (want == NULL)
                want = find_entry(info.reason, any_class, NULL);
            if (want == NULL) {
                bk_test_fail_(__FILE__, __LINE__);
                fprintf(stderr, "    no entry for %s (reason %s)\n", exact,
                        bk_reason_name(info.reason));
                continue;
            }
            /* The classifier: the code alone selects that entry. */
            bk_reply_info r = classify(exact);
            BK_CHECK_STR_AT(exact, bk_reason_name(info.reason), bk_reason_name(r.reason));
            BK_CHECK_STR_AT(exact, want->summary, r.summary);
            BK_CHECK_INT(count_items(want->fixes), r.n_fixes);
        }
    }
}

/* Spot checks: a code's entry talks about that code's subject matter. */
static void test_codes_say_what_they_mean(void)
{
    static const struct {
        const char *code;
        const char *word; /* in the summary, causes or fixes */
    } rows[] = {
        {"5.7.23", "SPF"},        {"4.7.24", "SPF"},        {"5.7.20", "DKIM"},
        {"5.7.22", "From"},       {"5.7.25", "PTR"},        {"5.7.26", "DMARC"},
        {"5.2.2", "full"},        {"4.2.2", "full"},        {"5.1.10", "null MX"},
        {"4.7.1", "reylisting"},  {"5.3.4", "larger"},      {"5.7.28", "flood"},
        {"5.4.7", "retry period"}, {"5.7.8", "password"},   {"5.7.10", "STARTTLS"},
        {"5.6.7", "SMTPUTF8"},    {"5.5.3", "recipients"},  {"5.1.8", "domain"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        bk_reply_info r = classify(rows[i].code);
        int found = strstr(r.summary, rows[i].word) != NULL ||
                    any_item_contains(r.causes, r.n_causes, rows[i].word) ||
                    any_item_contains(r.fixes, r.n_fixes, rows[i].word);
        if (!found) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    %s: explanation does not mention \"%s\"\n", rows[i].code,
                    rows[i].word);
        }
    }
}

/* The address reasons change advice with the class: a 5.x.x is removed at
 * once, a 4.x.x is retried.  Entries keyed by class say so. */
static void test_class_specific_advice(void)
{
    static const char *const hard_codes[] = {"1.1", "1.2", "1.3", "1.6", "1.10", "4.4",
                                             "7.17", "7.18"};
    for (size_t i = 0; i < sizeof hard_codes / sizeof hard_codes[0]; i++) {
        char perm[32], temp[32];
        snprintf(perm, sizeof perm, "5.%s", hard_codes[i]);
        snprintf(temp, sizeof temp, "4.%s", hard_codes[i]);
        bk_reply_info p = classify(perm), t = classify(temp);
        BK_CHECK_STR_AT(perm, "hard", bk_bounce_name(p.bounce));
        BK_CHECK_STR_AT(temp, "soft", bk_bounce_name(t.bounce));
        BK_CHECK_STR_AT(temp, "retry", bk_decision_name(t.decision));
        if (!any_item_contains(p.fixes, p.n_fixes, "never retry")) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    %s: no fix says \"never retry\"\n", perm);
        }
        if (any_item_contains(t.fixes, t.n_fixes, "never retry") ||
            !any_item_contains(t.fixes, t.n_fixes, "retry")) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    %s: fixes should let the retry run\n", temp);
        }
        if (strcmp(p.summary, t.summary) == 0) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    %s and %s share a summary\n", perm, temp);
        }
    }
}

/* Advice must fit the decision: nothing that fixes the sender side tells
 * the user to drop the recipient, and every entry whose reason is
 * suppressed on a permanent reply says to remove or stop. */
static void test_advice_fits_decision(void)
{
    for (size_t i = 0; i < bk__explanations_count; i++) {
        const bk_explanation *e = &bk__explanations[i];
        if (e->reason == ANY)
            continue;
        bk_class cls = BK_CLASS_PERMANENT;
        if (e->code != NULL && e->code[0] == '4')
            cls = BK_CLASS_TRANSIENT;
        if (e->code != NULL && e->code[0] == '2')
            cls = BK_CLASS_SUCCESS;
        bk_decision d = bk_reason_decision(e->reason, cls);
        size_t nf = count_items(e->fixes);
        char label[96];
        snprintf(label, sizeof label, "%s %s %s", bk_reason_name(e->reason),
                 e->code ? e->code : "-", e->provider ? e->provider : "-");
        if (d == BK_DECISION_FIX_SENDER && (any_item_contains(e->fixes, nf, "Remove the address") ||
                                            any_item_contains(e->fixes, nf, "never retry"))) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    [%s] fix-sender entry tells to drop the recipient\n", label);
        }
        if (d == BK_DECISION_SUPPRESS && !any_item_contains(e->fixes, nf, "Remove") &&
            !any_item_contains(e->fixes, nf, "Stop mailing")) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    [%s] suppress entry does not say to remove the address\n", label);
        }
        if (cls == BK_CLASS_TRANSIENT && any_item_contains(e->fixes, nf, "never retry")) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    [%s] transient entry says never retry\n", label);
        }
    }
}

/* ------------------------------------------------------------------------
 * (b) Every reason has a description and a reason-level entry.
 * ---------------------------------------------------------------------- */
static void test_every_reason_explained(void)
{
    for (int r = 0; r < BK_REASON__COUNT; r++) {
        const char *name = bk_reason_name((bk_reason)r);
        const char *desc = bk_reason_describe((bk_reason)r);
        BK_CHECK(desc != NULL);
        if (desc == NULL || strlen(desc) < 20 || desc[strlen(desc) - 1] != '.') {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    reason %s: missing or short description\n", name);
        }
        const bk_explanation *e = find_entry((bk_reason)r, NULL, NULL);
        if (e == NULL) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    reason %s: no reason-level entry\n", name);
            continue;
        }
        BK_CHECK(count_items(e->causes) >= 1);
        BK_CHECK(count_items(e->fixes) >= 1);
        /* Failures get a fuller picture than non-failures. */
        if (r != BK_REASON_DELIVERED && r != BK_REASON_VACATION) {
            if (count_items(e->causes) < 2 || count_items(e->fixes) < 2) {
                bk_test_fail_(__FILE__, __LINE__);
                fprintf(stderr, "    reason %s: fewer than 2 causes or fixes\n", name);
            }
        }
    }
    /* A basic code alone (no enhanced code, no words) selects the
     * reason-level entry of whatever reason the classifier gives it. */
    static const char *const basic[] = {"550", "552", "551", "521", "452", "421",
                                        "535", "500", "554", "450", "451"};
    for (size_t i = 0; i < sizeof basic / sizeof basic[0]; i++) {
        bk_reply_info r = classify(basic[i]);
        const bk_explanation *e = find_entry(r.reason, NULL, NULL);
        BK_CHECK(e != NULL);
        if (e != NULL)
            BK_CHECK_STR_AT(basic[i], e->summary, r.summary);
    }
}

/* ------------------------------------------------------------------------
 * (c) The seed page's replies: user unknown at Gmail, Yahoo, Microsoft.
 * ---------------------------------------------------------------------- */
static void test_seed_user_unknown(void)
{
    static const struct {
        const char *reply;
        const char *provider;
    } seed[] = {
        {"550-5.1.1 The email account that you tried to reach does not exist. Please try "
         "double-checking the recipient's email address for typos or unnecessary spaces.",
         "gmail"},
        {"554 delivery error: dd This user doesn't have a yahoo.com account", "yahoo"},
        {"550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
         "microsoft"},
    };
    for (size_t i = 0; i < sizeof seed / sizeof seed[0]; i++) {
        bk_reply_info r = classify(seed[i].reply);
        const char *label = seed[i].provider;
        BK_CHECK_STR_AT(label, "userunknown", bk_reason_name(r.reason));
        BK_CHECK_STR_AT(label, "hard", bk_bounce_name(r.bounce));
        BK_CHECK_STR_AT(label, "suppress", bk_decision_name(r.decision));
        BK_CHECK_STR_AT(label, "permanent", bk_class_name(r.cls));
        BK_CHECK_STR_AT(label, seed[i].provider, r.provider);
        BK_CHECK(r.summary != NULL && r.summary[0] != '\0');
        BK_CHECK(r.n_causes >= 2);
        if (!any_item_contains(r.fixes, r.n_fixes, "never retry") ||
            !any_item_contains(r.fixes, r.n_fixes, "Remove the address from your list now")) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    [%s] fixes must say: remove now, never retry\n", label);
        }
        if (!any_item_contains(r.fixes, r.n_fixes, "typo")) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    [%s] fixes must mention typos\n", label);
        }
        /* The provider's own entry is the one chosen. */
        int found = 0;
        for (size_t k = 0; k < bk__explanations_count; k++) {
            const bk_explanation *e = &bk__explanations[k];
            if (e->summary == r.summary && streq(e->provider, seed[i].provider) &&
                e->reason == BK_REASON_USERUNKNOWN)
                found = 1;
        }
        if (!found) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    [%s] the provider's user-unknown entry was not chosen\n", label);
        }
    }
    /* Without a provider, 5.1.1 gives the seed page's general advice. */
    bk_reply_info r = classify("550 5.1.1 <nobody@example.org>: Recipient address rejected");
    BK_CHECK_STR("userunknown", bk_reason_name(r.reason));
    BK_CHECK(any_item_contains(r.fixes, r.n_fixes, "gmial.com"));
    BK_CHECK(any_item_contains(r.fixes, r.n_fixes, "double opt-in"));
    BK_CHECK(any_item_contains(r.fixes, r.n_fixes, "never retry"));
}

/* Provider entries are chosen when the reply names the provider. */
static void test_provider_entries_chosen(void)
{
    static const struct {
        const char *reply;
        const char *reason;
        const char *code; /* the key of the entry expected */
        const char *provider;
    } rows[] = {
        {"550-5.2.1 The email account that you tried to reach is disabled. - gsmtp", "suspend",
         "5.2.1", "gmail"},
        {"452-4.2.2 The email account that you tried to reach is over quota. - gsmtp",
         "mailboxfull", "X.2.2", "gmail"},
        {"550-5.7.26 This mail has been blocked because the sender is unauthenticated. - gsmtp",
         "authfailure", "X.7.26", "gmail"},
        {"550-5.7.25 The IP address sending this message does not have a PTR record. - gsmtp",
         "requireptr", "X.7.25", "gmail"},
        {"421-4.7.28 Our system has detected an unusual rate of mail from your IP. - gsmtp",
         "speeding", "X.7.28", "gmail"},
        {"550 5.1.1 RESOLVER.ADR.RecipNotFound; not found", "userunknown", "5.1.1", "microsoft"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        bk_reply_info r = classify(rows[i].reply);
        BK_CHECK_STR_AT(rows[i].reply, rows[i].reason, bk_reason_name(r.reason));
        BK_CHECK_STR_AT(rows[i].reply, rows[i].provider, r.provider);
        bk_reason reason;
        BK_CHECK_INT(BK_OK, bk_reason_from_name(rows[i].reason, strlen(rows[i].reason), &reason));
        const bk_explanation *e = find_entry(reason, rows[i].code, rows[i].provider);
        BK_CHECK(e != NULL);
        if (e != NULL)
            BK_CHECK_STR_AT(rows[i].reply, e->summary, r.summary);
    }
}

/* ------------------------------------------------------------------------
 * (d) Well-formed codes the registry does not list: subject-level entries.
 * ---------------------------------------------------------------------- */
static void test_unregistered_codes(void)
{
    static const char *const codes[] = {"5.1.99", "4.1.99", "5.2.50", "4.3.77", "5.4.20",
                                        "4.5.9",  "5.6.42", "4.7.999", "5.7.606", "5.0.1"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        bk_reply_info r = classify(codes[i]);
        BK_CHECK_INT(1, r.has_status);
        char cls_key[16], any_key[16];
        snprintf(cls_key, sizeof cls_key, "%d.%d", r.status.cls, r.status.subject);
        snprintf(any_key, sizeof any_key, "X.%d", r.status.subject);
        const bk_explanation *e = find_entry(r.reason, cls_key, NULL);
        if (e == NULL)
            e = find_entry(r.reason, any_key, NULL);
        if (e == NULL) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    %s: no subject entry for reason %s\n", codes[i],
                    bk_reason_name(r.reason));
            continue;
        }
        BK_CHECK_STR_AT(codes[i], e->summary, r.summary);
        BK_CHECK(r.n_fixes >= 1);
    }
    /* Subject 1 follows the class: hard when permanent, retried when not. */
    bk_reply_info p = classify("5.1.99"), t = classify("4.1.99");
    BK_CHECK_STR("suppress", bk_decision_name(p.decision));
    BK_CHECK_STR("retry", bk_decision_name(t.decision));
    BK_CHECK(strcmp(p.summary, t.summary) != 0);
}

/* ------------------------------------------------------------------------
 * (e) Shape of the table.
 * ---------------------------------------------------------------------- */
static void test_table_shape(void)
{
    BK_CHECK(bk__explanations_count >= 200);
    for (size_t i = 0; i < bk__explanations_count; i++) {
        const bk_explanation *e = &bk__explanations[i];
        char label[96];
        snprintf(label, sizeof label, "#%zu %s %s %s", i, bk_reason_name(e->reason),
                 e->code ? e->code : "-", e->provider ? e->provider : "-");
        BK_CHECK((unsigned)e->reason <= (unsigned)BK_REASON__COUNT);
        if (e->summary == NULL || strlen(e->summary) < 20) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    [%s] empty or short summary\n", label);
        }
        /* The lists end within their arrays. */
        BK_CHECK(e->causes[BK_EXPLAIN_MAX_ITEMS] == NULL);
        BK_CHECK(e->fixes[BK_EXPLAIN_MAX_ITEMS] == NULL);
        size_t nc = count_items(e->causes), nf = count_items(e->fixes);
        BK_CHECK(nc <= BK_EXPLAIN_MAX_ITEMS && nf <= BK_EXPLAIN_MAX_ITEMS);
        if (nf == 0) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    [%s] no fixes\n", label);
        }
        for (size_t k = 0; k < nc; k++)
            BK_CHECK(e->causes[k][0] != '\0' && strlen(e->causes[k]) < 120);
        for (size_t k = 0; k < nf; k++)
            BK_CHECK(e->fixes[k][0] != '\0' && strlen(e->fixes[k]) < 120);
        if (e->code != NULL && !code_key_ok(e->code)) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    [%s] malformed code key\n", label);
        }
        if (e->provider != NULL) {
            int known = 0;
            for (size_t p = 0; p < sizeof providers / sizeof providers[0]; p++)
                known |= strcmp(e->provider, providers[p]) == 0;
            if (!known) {
                bk_test_fail_(__FILE__, __LINE__);
                fprintf(stderr, "    [%s] unknown provider name\n", label);
            }
        }
        /* No two entries share a key: the second could never be chosen. */
        for (size_t j = 0; j < i; j++) {
            const bk_explanation *o = &bk__explanations[j];
            if (o->reason == e->reason && streq(o->code, e->code) &&
                streq(o->provider, e->provider)) {
                bk_test_fail_(__FILE__, __LINE__);
                fprintf(stderr, "    [%s] duplicates entry #%zu\n", label, j);
            }
        }
    }
    /* The fallback for any reason exists and comes last. */
    const bk_explanation *last = &bk__explanations[bk__explanations_count - 1];
    BK_CHECK_INT(ANY, last->reason);
    BK_CHECK(last->code == NULL && last->provider == NULL);
    /* Every provider has at least a user-unknown or block explanation. */
    for (size_t p = 0; p < sizeof providers / sizeof providers[0]; p++) {
        size_t n = 0;
        for (size_t i = 0; i < bk__explanations_count; i++)
            n += bk__explanations[i].provider != NULL &&
                 strcmp(bk__explanations[i].provider, providers[p]) == 0;
        if (n < 3) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    provider %s has only %zu entries\n", providers[p], n);
        }
    }
}

/* Success codes are explained as such, not as failures. */
static void test_success_codes(void)
{
    static const char *const codes[] = {"250 2.0.0 OK", "250 2.1.5 Recipient ok", "2.6.4",
                                        "250 2.1.0 Sender ok"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        bk_reply_info r = classify(codes[i]);
        BK_CHECK_STR_AT(codes[i], "delivered", bk_reason_name(r.reason));
        BK_CHECK_STR_AT(codes[i], "none", bk_decision_name(r.decision));
        BK_CHECK_STR_AT(codes[i], "none", bk_bounce_name(r.bounce));
        /* The summary comes from an entry for delivered mail. */
        int from_delivered = 0;
        for (size_t k = 0; k < bk__explanations_count; k++)
            from_delivered |= bk__explanations[k].summary == r.summary &&
                              bk__explanations[k].reason == BK_REASON_DELIVERED;
        BK_CHECK(from_delivered);
    }
}

static const bk_test_case tests[] = {
    {"registry_codes_have_entries", test_registry_codes_have_entries},
    {"codes_say_what_they_mean", test_codes_say_what_they_mean},
    {"class_specific_advice", test_class_specific_advice},
    {"advice_fits_decision", test_advice_fits_decision},
    {"every_reason_explained", test_every_reason_explained},
    {"seed_user_unknown", test_seed_user_unknown},
    {"provider_entries_chosen", test_provider_entries_chosen},
    {"unregistered_codes", test_unregistered_codes},
    {"table_shape", test_table_shape},
    {"success_codes", test_success_codes},
    {NULL, NULL},
};
BK_TEST_MAIN(tests)
