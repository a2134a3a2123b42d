/*
 * test_server_json.c - the server's reader of JSON request bodies
 * (src/server/jsonin.c, compiled in: it needs nothing beyond libc).
 */
#include "bk_test.h"

#include "../../src/server/jsonin.c"

typedef struct row {
    const char *in;
    int rc;            /* srv_json_object's return */
    const char *key;   /* a member to look at, or NULL */
    srv_jtype type;
    const char *value; /* its decoded text (strings, numbers) */
} row;

static const row ROWS[] = {
    {"{\"reply\":\"550 5.1.1 User unknown\",\"command\":\"RCPT\"}", 0, "command", SRV_J_STRING, "RCPT"},
    {" \t\r\n{\"a\" : \"b\" } \n", 0, "a", SRV_J_STRING, "b"},
    {"{}", 0, NULL, SRV_J_NULL, NULL},
    {"\xEF\xBB\xBF{\"a\":1}", 0, "a", SRV_J_NUMBER, "1"},
    {"{\"n\":-12.5e+3}", 0, "n", SRV_J_NUMBER, "-12.5e+3"},
    {"{\"t\":true,\"f\":false,\"z\":null}", 0, "f", SRV_J_FALSE, NULL},
    {"{\"t\":true,\"f\":false,\"z\":null}", 0, "z", SRV_J_NULL, NULL},
    {"{\"nested\":{\"a\":[1,2,{\"b\":[]}]},\"x\":\"y\"}", 0, "nested", SRV_J_OBJECT, NULL},
    {"{\"nested\":{\"a\":[1,2,{\"b\":[]}]},\"x\":\"y\"}", 0, "x", SRV_J_STRING, "y"},
    {"{\"e\":\"q\\\"b\\\\s\\/n\\nt\\tu\\u00e9\"}", 0, "e", SRV_J_STRING, "q\"b\\s/n\nt\tu\xC3\xA9"},
    {"{\"e\":\"\\ud83d\\ude00\"}", 0, "e", SRV_J_STRING, "\xF0\x9F\x98\x80"},
    {"{\"e\":\"caf\xC3\xA9\"}", 0, "e", SRV_J_STRING, "caf\xC3\xA9"},
    {"{\"d\":1,\"d\":2}", 0, "d", SRV_J_NUMBER, "1"}, /* the first wins */
    /* not JSON */
    {"", -1, NULL, SRV_J_NULL, NULL},
    {"{\"reply\":", -1, NULL, SRV_J_NULL, NULL},
    {"{\"a\":1,}", -1, NULL, SRV_J_NULL, NULL},
    {"{\"a\" 1}", -1, NULL, SRV_J_NULL, NULL},
    {"{a:1}", -1, NULL, SRV_J_NULL, NULL},
    {"{\"a\":01}", -1, NULL, SRV_J_NULL, NULL},
    {"{\"a\":1.}", -1, NULL, SRV_J_NULL, NULL},
    {"{\"a\":tru}", -1, NULL, SRV_J_NULL, NULL},
    {"{\"a\":\"\\ud800\"}", -1, NULL, SRV_J_NULL, NULL},
    {"{\"a\":\"\\udc00x\"}", -1, NULL, SRV_J_NULL, NULL},
    {"{\"a\":\"\\x\"}", -1, NULL, SRV_J_NULL, NULL},
    {"{\"a\":\"\x01\"}", -1, NULL, SRV_J_NULL, NULL},
    {"{\"a\":\"\xC3\"}", -1, NULL, SRV_J_NULL, NULL},
    {"{\"a\":\"\xED\xA0\x80\"}", -1, NULL, SRV_J_NULL, NULL}, /* an encoded surrogate */
    {"{\"a\":1} x", -1, NULL, SRV_J_NULL, NULL},
    {"{\"a\":[1,2}", -1, NULL, SRV_J_NULL, NULL},
    /* JSON, not an object */
    {"[1,2]", -2, NULL, SRV_J_NULL, NULL},
    {"\"550 5.1.1\"", -2, NULL, SRV_J_NULL, NULL},
    {"42", -2, NULL, SRV_J_NULL, NULL},
    {NULL, 0, NULL, SRV_J_NULL, NULL},
};

static void test_table(void)
{
    for (const row *r = ROWS; r->in != NULL; r++) {
        srv_jobject o;
        char err[128];
        int rc = srv_json_object(r->in, strlen(r->in), &o, err, sizeof err);
        if (rc != r->rc) {
            BK_CHECK_INT(r->rc, rc);
            fprintf(stderr, "    input: %s (%s)\n", r->in, err);
            if (rc == 0)
                srv_json_free(&o);
            continue;
        }
        if (rc != 0) {
            BK_CHECK(o.n == 0);
            BK_CHECK(err[0] != '\0');
            continue;
        }
        if (r->key != NULL) {
            const srv_jmember *m = srv_json_get(&o, r->key);
            BK_CHECK(m != NULL);
            if (m != NULL) {
                BK_CHECK_INT(r->type, m->type);
                if (r->value != NULL) {
                    BK_CHECK_STR_AT(r->in, r->value, m->str);
                    BK_CHECK_INT(strlen(r->value), m->len);
                } else {
                    BK_CHECK(m->str == NULL);
                }
            }
        }
        srv_json_free(&o);
    }
}

/* A NUL escaped in a string is kept: the length tells, not strlen. */
static void test_embedded_nul(void)
{
    const char *in = "{\"reply\":\"550\\u0000x\"}";
    srv_jobject o;
    BK_CHECK_INT(0, srv_json_object(in, strlen(in), &o, NULL, 0));
    const srv_jmember *m = srv_json_get(&o, "reply");
    BK_CHECK(m != NULL && m->len == 5 && memcmp(m->str, "550\0x", 5) == 0);
    srv_json_free(&o);
}

/* Nesting deeper than SRV_JSON_MAX_DEPTH is refused, shallower accepted. */
static void test_depth(void)
{
    char buf[2 * SRV_JSON_MAX_DEPTH + 64];
    for (int depth = SRV_JSON_MAX_DEPTH - 2; depth <= SRV_JSON_MAX_DEPTH + 2; depth++) {
        size_t o = 0;
        o += (size_t)snprintf(buf + o, sizeof buf - o, "{\"a\":");
        for (int i = 0; i < depth; i++)
            buf[o++] = '[';
        for (int i = 0; i < depth; i++)
            buf[o++] = ']';
        buf[o++] = '}';
        buf[o] = '\0';
        srv_jobject obj;
        int rc = srv_json_object(buf, o, &obj, NULL, 0);
        /* the object is level 0, its member value level 1 */
        BK_CHECK_INT(depth < SRV_JSON_MAX_DEPTH ? 0 : -1, rc);
        if (rc == 0)
            srv_json_free(&obj);
    }
}

/* More than SRV_JSON_MAX_MEMBERS members: refused (-3), nothing kept. */
static void test_member_limit(void)
{
    char buf[SRV_JSON_MAX_MEMBERS * 16 + 16];
    for (int n = SRV_JSON_MAX_MEMBERS; n <= SRV_JSON_MAX_MEMBERS + 1; n++) {
        size_t o = 0;
        buf[o++] = '{';
        for (int i = 0; i < n; i++)
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%s\"k%d\":%d", i ? "," : "", i, i);
        buf[o++] = '}';
        srv_jobject obj;
        int rc = srv_json_object(buf, o, &obj, NULL, 0);
        BK_CHECK_INT(n <= SRV_JSON_MAX_MEMBERS ? 0 : -3, rc);
        if (rc == 0) {
            BK_CHECK_INT(n, obj.n);
            srv_json_free(&obj);
        } else {
            BK_CHECK_INT(0, obj.n);
        }
    }
}

static const bk_test_case tests[] = {
    {"table", test_table},
    {"embedded_nul", test_embedded_nul},
    {"depth", test_depth},
    {"member_limit", test_member_limit},
    {NULL, NULL},
};
BK_TEST_MAIN(tests)
