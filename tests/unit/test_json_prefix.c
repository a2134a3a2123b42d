/* The JSON reader on a value followed by other text (bk__jr_parse_prefix),
 * and the strict whole-document reading kept for webhooks and logs. */
#include <string.h>

#include "bk_test.h"
#include "bouncekit.h"
#include "json.h"

typedef struct prefix_case {
    const char *in;
    int rc;             /* of bk__jr_parse_prefix */
    size_t used;        /* where the value ends, when rc is BK_OK */
    int strict_rc;      /* of bk__jr_parse on the same text */
} prefix_case;

static const prefix_case CASES[] = {
    {"{\"a\":\"x\"}", BK_OK, 9, BK_OK},
    {"{\"a\":\"x\"}\n\n--\nfooter text", BK_OK, 9, BK_EMALFORMED},
    {"  [1,2] tail", BK_OK, 7, BK_EMALFORMED},
    {"{\"a\":1} {\"b\":2}", BK_OK, 7, BK_EMALFORMED},
    {"{\"a\":", BK_EMALFORMED, 0, BK_EMALFORMED},
    {"   ", BK_EEMPTY, 0, BK_EEMPTY},
    {"tail only", BK_EMALFORMED, 0, BK_EMALFORMED},
};

static void test_prefix(void)
{
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        const prefix_case *t = &CASES[i];
        bk__jrdoc d;
        size_t used = 99;
        int rc = bk__jr_parse_prefix(t->in, strlen(t->in), &d, &used);
        BK_CHECK_INT(t->rc, rc);
        BK_CHECK_INT(t->rc == BK_OK ? t->used : 0, used);
        if (rc == BK_OK) {
            BK_CHECK(bk__jr_root(&d) != NULL);
            bk__jr_free(&d);
        }
        rc = bk__jr_parse(t->in, strlen(t->in), &d);
        BK_CHECK_INT(t->strict_rc, rc);
        if (rc == BK_OK)
            bk__jr_free(&d);
    }
}

static void test_prefix_members(void)
{
    const char *in = "{\"notificationType\":\"Bounce\",\"n\":5,\"l\":[\"p@q.test\"]}\n-- \nsig";
    bk__jrdoc d;
    size_t used = 0;
    BK_CHECK_INT(BK_OK, bk__jr_parse_prefix(in, strlen(in), &d, &used));
    BK_CHECK_INT(strchr(in, '\n') - in, used);
    const bk__jrnode *root = bk__jr_root(&d);
    BK_CHECK_STR("Bounce", bk__jr_str(&d, root, "notificationType"));
    BK_CHECK_STR("5", bk__jr_str(&d, root, "n"));
    const bk__jrnode *e = bk__jr_first(&d, bk__jr_get(&d, root, "l"));
    BK_CHECK(e != NULL && e->type == BK__JR_STRING && strcmp(e->str, "p@q.test") == 0);
    bk__jr_free(&d);
}

static const bk_test_case tests[] = {
    {"prefix", test_prefix},
    {"prefix_members", test_prefix_members},
    {NULL, NULL},
};

BK_TEST_MAIN(tests)
