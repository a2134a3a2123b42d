/*
 * test_verify.c - lists, the offline verifier and the verdict rules.
 */
#include <string.h>

#include "bk_test.h"
#include "bouncekit.h"

static const char disposable[] = "# test list\nmailinator.com\n  trash.example  # comment\n\nGMAI.COM\n";
static const char roles[] = "postmaster\nno-reply\ninfo\n";
static const char frees[] = "gmail.com\nyahoo.com\n";

static bk_lists *make_lists(void)
{
    bk_lists *l = NULL;
    BK_CHECK_INT(BK_OK, bk_lists_create(&l));
    BK_CHECK_INT(BK_OK, bk_lists_load(l, BK_LIST_DISPOSABLE, disposable, strlen(disposable)));
    BK_CHECK_INT(BK_OK, bk_lists_load(l, BK_LIST_ROLE, roles, strlen(roles)));
    BK_CHECK_INT(BK_OK, bk_lists_load(l, BK_LIST_FREE, frees, strlen(frees)));
    return l;
}

static void test_lists(void)
{
    bk_lists *l = make_lists();
    BK_CHECK_INT(3, bk_lists_count(l, BK_LIST_DISPOSABLE));
    BK_CHECK_INT(1, bk_lists_contains(l, BK_LIST_DISPOSABLE, "mailinator.com", 14));
    BK_CHECK_INT(1, bk_lists_contains(l, BK_LIST_DISPOSABLE, "MailInator.COM", 14));
    BK_CHECK_INT(1, bk_lists_contains(l, BK_LIST_DISPOSABLE, "x.y.mailinator.com", 18));
    BK_CHECK_INT(1, bk_lists_contains(l, BK_LIST_DISPOSABLE, "trash.example", 13));
    BK_CHECK_INT(0, bk_lists_contains(l, BK_LIST_DISPOSABLE, "example", 7));
    BK_CHECK_INT(0, bk_lists_contains(l, BK_LIST_DISPOSABLE, "notmailinator.com", 17));
    BK_CHECK_INT(0, bk_lists_contains(l, BK_LIST_DISPOSABLE, "com", 3));
    BK_CHECK_INT(1, bk_lists_contains(l, BK_LIST_ROLE, "PostMaster", 10));
    BK_CHECK_INT(1, bk_lists_contains(l, BK_LIST_ROLE, "noreply", 7));
    BK_CHECK_INT(1, bk_lists_contains(l, BK_LIST_ROLE, "no_reply+x", 10));
    BK_CHECK_INT(1, bk_lists_contains(l, BK_LIST_ROLE, "info+news", 9));
    BK_CHECK_INT(0, bk_lists_contains(l, BK_LIST_ROLE, "jane", 4));
    BK_CHECK_INT(1, bk_lists_contains(l, BK_LIST_FREE, "GMAIL.com", 9));
    BK_CHECK_INT(0, bk_lists_contains(l, BK_LIST_FREE, "mail.gmail.com", 14));
    BK_CHECK_INT(BK_EIO, bk_lists_load_file(l, BK_LIST_FREE, "/nonexistent/free.txt"));
    BK_CHECK_INT(BK_EINVAL, bk_lists_load(l, (bk_list_kind)7, "x", 1));
    bk_lists_free(l);
}

static void test_shipped_lists(void)
{
    bk_lists *l = NULL;
    BK_CHECK_INT(BK_OK, bk_lists_create(&l));
    BK_CHECK_INT(BK_OK, bk_lists_load_dir(l, BK_TEST_DATA "/../../data/verify"));
    BK_CHECK(bk_lists_count(l, BK_LIST_DISPOSABLE) > 100000);
    BK_CHECK(bk_lists_count(l, BK_LIST_ROLE) > 50);
    BK_CHECK(bk_lists_count(l, BK_LIST_FREE) > 300);
    BK_CHECK_INT(1, bk_lists_contains(l, BK_LIST_DISPOSABLE, "mailinator.com", 14));
    BK_CHECK_INT(0, bk_lists_contains(l, BK_LIST_DISPOSABLE, "gmail.com", 9));
    BK_CHECK_INT(1, bk_lists_contains(l, BK_LIST_FREE, "web.de", 6));
    BK_CHECK_INT(1, bk_lists_contains(l, BK_LIST_ROLE, "postmaster", 10));
    bk_lists_free(l);
}

typedef struct vrow {
    const char *addr;
    const char *verdict;
    unsigned reasons;
    const char *suggestion;
} vrow;

static void test_offline(void)
{
    bk_typo *t = NULL;
    BK_CHECK_INT(BK_OK, bk_typo_create(&t));
    bk_lists *l = make_lists();
    static const vrow rows[] = {
        {"jane@example.org", "unknown", BK_VR_OFFLINE, ""},
        {"jane@gmial.com", "risky", BK_VR_TYPO_SUGGESTED | BK_VR_OFFLINE, "jane@gmail.com"},
        /* Typo first: gmai.com is in the disposable list, but it is a typo. */
        {"jane@gmai.com", "risky", BK_VR_TYPO_SUGGESTED | BK_VR_OFFLINE, "jane@gmail.com"},
        {"jane@gmail,com", "undeliverable", BK_VR_SYNTAX_ERROR | BK_VR_TYPO_SUGGESTED | BK_VR_OFFLINE,
         "jane@gmail.com"},
        {"Jane.Doe@GMAILCOM", "risky", BK_VR_TYPO_SUGGESTED | BK_VR_OFFLINE, "Jane.Doe@gmail.com"},
        {"jane@mailinator.com", "risky", BK_VR_DISPOSABLE | BK_VR_OFFLINE, ""},
        {"no-reply@example.org", "risky", BK_VR_ROLE | BK_VR_OFFLINE, ""},
        {"jane", "undeliverable", BK_VR_SYNTAX_ERROR | BK_VR_OFFLINE, ""},
        {"", "undeliverable", BK_VR_SYNTAX_ERROR | BK_VR_OFFLINE, ""},
        {NULL, NULL, 0, NULL},
    };
    for (const vrow *r = rows; r->addr != NULL; r++) {
        bk_verify_result res;
        BK_CHECK_INT(BK_OK, bk_verify_offline(t, l, BK_ADDR_PROFILE_DEFAULT, r->addr,
                                              strlen(r->addr), &res));
        BK_CHECK_STR_AT(r->addr, r->verdict, bk_verdict_name(res.verdict));
        BK_CHECK_STR_AT(r->addr, r->suggestion, res.suggestion);
        if (res.reasons != r->reasons) {
            char want[32], got[32];
            snprintf(want, sizeof want, "0x%x", r->reasons);
            snprintf(got, sizeof got, "0x%x", (unsigned)res.reasons);
            BK_CHECK_STR_AT(r->addr, want, got);
        }
        bk_verify_result_clear(&res);
    }
    bk_verify_result res;
    bk_verify_offline(t, l, BK_ADDR_PROFILE_DEFAULT, "jane@gmail.com", 14, &res);
    BK_CHECK_INT(1, res.free_provider);
    BK_CHECK_INT(0, res.disposable);
    BK_CHECK_INT(-1, res.domain_exists);
    BK_CHECK_INT(BK_EINVAL, bk_verify_offline(t, l, BK_ADDR_PROFILE_DEFAULT, "x", 1, NULL));
    bk_lists_free(l);
    bk_typo_free(t);
}

static void test_names(void)
{
    BK_CHECK_STR("syntax_error", bk_verify_reason_name(BK_VR_SYNTAX_ERROR));
    BK_CHECK_STR("catch_all", bk_verify_reason_name(BK_VR_CATCH_ALL));
    BK_CHECK_STR("offline", bk_verify_reason_name(BK_VR_OFFLINE));
    BK_CHECK_STR("", bk_verify_reason_name(3));
    BK_CHECK_STR("", bk_verify_reason_name(1u << 30));
    BK_CHECK_STR("risky", bk_verdict_name(BK_VERDICT_RISKY));
    for (unsigned b = 0; b < BK_VR__COUNT; b++)
        BK_CHECK(bk_verify_reason_name(1u << b)[0] != '\0');
}

static void test_verifier_offline_batch(void)
{
    bk_verify_options o;
    bk_verify_options_init(&o);
    BK_CHECK_INT(25, o.smtp_port);
    o.offline = 1;
    bk_verifier *v = NULL;
    BK_CHECK_INT(BK_OK, bk_verifier_create(&o, &v));
    BK_CHECK(bk_verifier_typo(v) != NULL);
    bk_lists *l = bk_verifier_lists(v);
    BK_CHECK_INT(BK_OK, bk_lists_load(l, BK_LIST_ROLE, roles, strlen(roles)));
    bk_verify_input in[3] = {{"info@example.org", 16}, {"jane@yaho.com", 13}, {"x@@y", 4}};
    bk_verify_result out[3];
    BK_CHECK_INT(BK_OK, bk_verify_batch(v, in, 3, out));
    BK_CHECK_STR("risky", bk_verdict_name(out[0].verdict));
    BK_CHECK_INT(1, out[0].role);
    BK_CHECK_STR("jane@yahoo.com", out[1].suggestion);
    BK_CHECK_STR("undeliverable", bk_verdict_name(out[2].verdict));
    for (int i = 0; i < 3; i++) {
        BK_CHECK_INT(0, out[i].domain_checked);
        BK_CHECK_INT(0, out[i].smtp.attempted);
        bk_verify_result_clear(&out[i]);
    }
    BK_CHECK_INT(BK_EINVAL, bk_verify_batch(NULL, in, 1, out));
    bk_verifier_free(v);
    /* SMTP words that could inject commands are refused. */
    o.mail_from = "a@b.example>\r\nDATA";
    BK_CHECK_INT(BK_EINVAL, bk_verifier_create(&o, &v));
    o.mail_from = "";
    o.helo_name = "a b";
    BK_CHECK_INT(BK_EINVAL, bk_verifier_create(&o, &v));
    o.helo_name = "probe.example";
    BK_CHECK_INT(BK_OK, bk_verifier_create(&o, &v));
    bk_verifier_free(v);
    /* A DNS server that is not an address is refused at creation. */
    o.offline = 0;
    o.dns_server = "not-an-ip";
    BK_CHECK_INT(BK_ENET, bk_verifier_create(&o, &v));
}

static const bk_test_case tests[] = {
    {"lists", test_lists},
    {"shipped_lists", test_shipped_lists},
    {"offline", test_offline},
    {"names", test_names},
    {"verifier_offline_batch", test_verifier_offline_batch},
    {NULL, NULL},
};

BK_TEST_MAIN(tests)
