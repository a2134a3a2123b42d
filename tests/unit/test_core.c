/*
 * test_core.c - the library's foundations: bk_buf, UTF-8 validation,
 * error strings, vocabulary names, reason -> bounce/decision, status codes.
 */
#include <string.h>

#include "bk_test.h"
#include "bouncekit.h"
#include "internal.h"

static void test_buf_cap_and_sticky_error(void)
{
    bk_buf b;
    bk__buf_init(&b, 10);
    BK_CHECK_INT(0, bk__buf_puts(&b, "hello"));
    BK_CHECK_INT(0, bk__buf_printf(&b, "%d", 1234));
    BK_CHECK_STR("hello1234", b.data);
    BK_CHECK_INT(BK_ETOOBIG, bk__buf_puts(&b, "xx"));
    /* The error is sticky: a small append fails too, contents unchanged. */
    BK_CHECK_INT(BK_ETOOBIG, bk__buf_putc(&b, 'x'));
    BK_CHECK_STR("hello1234", b.data);
    bk__buf_reset(&b);
    BK_CHECK_INT(0, b.err);
    BK_CHECK_INT(0, bk__buf_printf(&b, "%s", "0123456789"));
    BK_CHECK_INT(10, b.len);
    size_t len;
    char *p = bk__buf_take(&b, &len);
    BK_CHECK_STR("0123456789", p);
    BK_CHECK_INT(10, len);
    BK_CHECK(b.data == NULL);
    free(p);
    bk__buf_free(&b);
}

static void test_buf_long_printf(void)
{
    bk_buf b;
    bk__buf_init(&b, 100000);
    char big[1000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    BK_CHECK_INT(0, bk__buf_printf(&b, "<%s>", big));
    BK_CHECK_INT(1001, b.len);
    BK_CHECK_INT('>', b.data[1000]);
    bk__buf_free(&b);
}

static void test_array_grow(void)
{
    size_t cap = 0;
    int *a = bk__array_grow(NULL, &cap, sizeof *a, 4);
    BK_CHECK(a != NULL);
    BK_CHECK_INT(4, cap);
    a[3] = 7;
    int *b = bk__array_grow(a, &cap, sizeof *b, 4);
    BK_CHECK(b != NULL);
    BK_CHECK_INT(8, cap);
    BK_CHECK_INT(7, b[3]);
    /* A size that would overflow fails and leaves the array and cap alone. */
    size_t huge = SIZE_MAX / 2 + 1;
    BK_CHECK(bk__array_grow(b, &huge, 2, 4) == NULL);
    BK_CHECK(huge == SIZE_MAX / 2 + 1);
    BK_CHECK_INT(7, b[3]);
    free(b);
}

static void test_utf8(void)
{
    static const struct {
        const char *s;
        int valid;
    } cases[] = {
        {"plain ascii", 1},
        {"caf\xc3\xa9", 1},
        {"\xe6\x97\xa5\xe6\x9c\xac", 1},
        {"\xf0\x9f\x98\x80", 1},
        {"\xc0\xaf", 0},         /* overlong '/' */
        {"\xe0\x80\xaf", 0},     /* overlong */
        {"\xed\xa0\x80", 0},     /* surrogate */
        {"\xf4\x90\x80\x80", 0}, /* above U+10FFFF */
        {"\xc3", 0},             /* truncated */
        {"\x80", 0},             /* stray continuation */
        {"\xff", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        BK_CHECK_INT(cases[i].valid,
                     bk__utf8_valid((const unsigned char *)cases[i].s, strlen(cases[i].s)));
}

static void test_strerror_names_every_code(void)
{
    for (int e = 0; e >= BK_ETIMEOUT; e--) {
        const char *s = bk_strerror(e);
        BK_CHECK(s != NULL);
        BK_CHECK(strcmp(s, "unknown error") != 0);
    }
    BK_CHECK_STR("unknown error", bk_strerror(-9999));
}

static void test_reason_names_round_trip(void)
{
    for (int r = 0; r < BK_REASON__COUNT; r++) {
        const char *name = bk_reason_name((bk_reason)r);
        bk_reason back;
        BK_CHECK_INT(BK_OK, bk_reason_from_name(name, strlen(name), &back));
        BK_CHECK_INT(r, back);
    }
    bk_reason x;
    BK_CHECK_INT(BK_ENOTFOUND, bk_reason_from_name("nosuchreason", 12, &x));
    BK_CHECK_INT(BK_OK, bk_reason_from_name("UserUnknown", 11, &x));
    BK_CHECK_INT(BK_REASON_USERUNKNOWN, x);
    BK_CHECK_STR("undefined", bk_reason_name((bk_reason)999));
}

static void test_bounce_and_decision(void)
{
    static const struct {
        bk_reason r;
        bk_class c;
        const char *bounce, *decision;
    } cases[] = {
        {BK_REASON_USERUNKNOWN, BK_CLASS_PERMANENT, "hard", "suppress"},
        {BK_REASON_USERUNKNOWN, BK_CLASS_UNKNOWN, "hard", "suppress"},
        {BK_REASON_USERUNKNOWN, BK_CLASS_TRANSIENT, "soft", "retry"},
        {BK_REASON_HOSTUNKNOWN, BK_CLASS_PERMANENT, "hard", "suppress"},
        {BK_REASON_HASMOVED, BK_CLASS_PERMANENT, "hard", "suppress"},
        {BK_REASON_NOTACCEPT, BK_CLASS_PERMANENT, "hard", "suppress"},
        {BK_REASON_NOTACCEPT, BK_CLASS_TRANSIENT, "soft", "retry"},
        {BK_REASON_MAILBOXFULL, BK_CLASS_PERMANENT, "soft", "retry"},
        {BK_REASON_SUSPEND, BK_CLASS_PERMANENT, "soft", "retry"},
        {BK_REASON_EXPIRED, BK_CLASS_TRANSIENT, "soft", "retry"},
        {BK_REASON_BLOCKED, BK_CLASS_PERMANENT, "soft", "fix-sender"},
        {BK_REASON_AUTHFAILURE, BK_CLASS_PERMANENT, "soft", "fix-sender"},
        {BK_REASON_SPEEDING, BK_CLASS_TRANSIENT, "soft", "fix-sender"},
        {BK_REASON_DELIVERED, BK_CLASS_SUCCESS, "none", "none"},
        {BK_REASON_VACATION, BK_CLASS_UNKNOWN, "none", "none"},
        {BK_REASON_FEEDBACK, BK_CLASS_UNKNOWN, "none", "suppress"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *label = bk_reason_name(cases[i].r);
        BK_CHECK_STR_AT(label, cases[i].bounce, bk_bounce_name(bk_reason_bounce(cases[i].r, cases[i].c)));
        BK_CHECK_STR_AT(label, cases[i].decision,
                        bk_decision_name(bk_reason_decision(cases[i].r, cases[i].c)));
    }
}

static void test_status_parse(void)
{
    static const struct {
        const char *in;
        int err;
        int c, s, d;
    } cases[] = {
        {"5.1.1", BK_OK, 5, 1, 1},
        {" 4.7.0 ", BK_OK, 4, 7, 0},
        {"2.0.0", BK_OK, 2, 0, 0},
        {"5.1.10", BK_OK, 5, 1, 10},
        {"5.999.999", BK_OK, 5, 999, 999},
        {"5..1", BK_EBADCODE, 0, 0, 0},
        {"5.1.", BK_EBADCODE, 0, 0, 0},
        {"5.1.1.1", BK_EBADCODE, 0, 0, 0},
        {"3.1.1", BK_EBADCODE, 0, 0, 0},
        {"5.1000.1", BK_EBADCODE, 0, 0, 0},
        {"5.01.1", BK_EBADCODE, 0, 0, 0},
        {"5.1.1x", BK_EBADCODE, 0, 0, 0},
        {"", BK_EEMPTY, 0, 0, 0},
        {"  ", BK_EEMPTY, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bk_status st = {0, 0, 0};
        int err = bk_status_parse(cases[i].in, strlen(cases[i].in), &st);
        BK_CHECK_INT(cases[i].err, err);
        if (err == BK_OK) {
            BK_CHECK_INT(cases[i].c, st.cls);
            BK_CHECK_INT(cases[i].s, st.subject);
            BK_CHECK_INT(cases[i].d, st.detail);
        }
    }
}

static void test_status_registry(void)
{
    size_t n = bk_status_registry_count();
    BK_CHECK(n >= 80);
    int saw_null_mx = 0, saw_deprecated = 0;
    for (size_t i = 0; i < n; i++) {
        bk_status_info info;
        BK_CHECK_INT(BK_OK, bk_status_registry_at(i, &info));
        BK_CHECK_INT(1, info.registered);
        BK_CHECK(info.subject_name[0] != '\0');
        if (!info.deprecated)
            BK_CHECK(info.detail_name[0] != '\0');
        else
            saw_deprecated = 1;
        if (info.code.subject == 1 && info.code.detail == 10)
            saw_null_mx = strcmp(info.detail_name, "Recipient address has null MX") == 0;
    }
    BK_CHECK(saw_null_mx);
    BK_CHECK(saw_deprecated);
    bk_status_info info;
    BK_CHECK_INT(BK_ENOTFOUND, bk_status_registry_at(n, &info));
    bk_status st = {5, 1, 99};
    BK_CHECK_INT(BK_OK, bk_status_lookup(&st, &info));
    BK_CHECK_INT(0, info.registered);
    BK_CHECK_STR("Addressing Status", info.subject_name);
    BK_CHECK_STR("", info.detail_name);
    BK_CHECK_STR("Permanent Failure", info.class_name);
    bk_status st2 = {4, 9, 1};
    BK_CHECK_INT(BK_OK, bk_status_lookup(&st2, &info));
    BK_CHECK_STR("", info.subject_name);
    char buf[16];
    BK_CHECK_INT(6, bk_status_format(&(bk_status){5, 1, 10}, buf, sizeof buf));
    BK_CHECK_STR("5.1.10", buf);
}

static const bk_test_case tests[] = {
    {"buf_cap_and_sticky_error", test_buf_cap_and_sticky_error},
    {"buf_long_printf", test_buf_long_printf},
    {"array_grow", test_array_grow},
    {"utf8", test_utf8},
    {"strerror_names_every_code", test_strerror_names_every_code},
    {"reason_names_round_trip", test_reason_names_round_trip},
    {"bounce_and_decision", test_bounce_and_decision},
    {"status_parse", test_status_parse},
    {"status_registry", test_status_registry},
    {NULL, NULL},
};

BK_TEST_MAIN(tests)
