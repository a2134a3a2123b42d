/* The command-line tool's JSON Lines writer (src/cli/json.c): string
 * escaping (quotes, backslash, control bytes, DEL, UTF-8 copied as is,
 * invalid UTF-8 replaced by U+FFFD byte by byte), members of every type,
 * raw values after bk_json_key(), and strings longer than the writer's
 * internal chunks, on a FILE and on a memory buffer. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bk_test.h"
#include "cli.h"

/* Run bk_json_write_string on s[0..n) and return what it wrote (malloc'd). */
static char *escaped(const char *s, size_t n)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (f == NULL)
        return NULL;
    bk_json_write_string(f, s, n);
    fclose(f);
    return out;
}

typedef struct esc_case {
    const char *in;
    size_t n; /* 0: strlen(in) */
    const char *out;
} esc_case;

static const esc_case ESC[] = {
    {"", 0, "\"\""},
    {"plain text, 123 ~{}[]", 0, "\"plain text, 123 ~{}[]\""},
    {"a\"b\\c", 0, "\"a\\\"b\\\\c\""},
    {"\"", 0, "\"\\\"\""},
    {"\\", 0, "\"\\\\\""},
    {"line1\nline2\r\n\tend", 0, "\"line1\\nline2\\r\\n\\tend\""},
    /* other control bytes and DEL as \u00XX (lower-case hex), \b and \f too */
    {"\x01\x1f\x7f\b\f\x1b", 0, "\"\\u0001\\u001f\\u007f\\u0008\\u000c\\u001b\""},
    {"a\0b", 3, "\"a\\u0000b\""},
    /* valid UTF-8 is copied */
    {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e \xf4\x8f\xbf\xbf \xc2\x80", 0,
     "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e \xf4\x8f\xbf\xbf \xc2\x80\""},
    /* invalid UTF-8: every byte that starts no valid sequence is one U+FFFD */
    {"\x80", 0, "\"\\ufffd\""},
    {"a\xffz", 0, "\"a\\ufffdz\""},
    {"\xc0\xaf", 0, "\"\\ufffd\\ufffd\""},                     /* overlong lead byte */
    {"\xc1\xbf", 0, "\"\\ufffd\\ufffd\""},
    {"\xe0\x80\x80", 0, "\"\\ufffd\\ufffd\\ufffd\""},         /* overlong 3-byte */
    {"\xed\xa0\x80", 0, "\"\\ufffd\\ufffd\\ufffd\""},         /* surrogate */
    {"\xf4\x90\x80\x80", 0, "\"\\ufffd\\ufffd\\ufffd\\ufffd\""}, /* above U+10FFFF */
    {"\xf0\x80\x80\x80", 0, "\"\\ufffd\\ufffd\\ufffd\\ufffd\""}, /* overlong 4-byte */
    {"\xf5\x80", 0, "\"\\ufffd\\ufffd\""},
    {"\xe2\x82", 0, "\"\\ufffd\\ufffd\""},                    /* cut at the end */
    {"\xe2\x82x", 0, "\"\\ufffd\\ufffdx\""},                  /* cut by ASCII */
    {"\xc3\xc3\xa9", 0, "\"\\ufffd\xc3\xa9\""},               /* lead byte, then a sequence */
    {"\xe2\x82\xac\xac", 0, "\"\xe2\x82\xac\\ufffd\""},       /* stray continuation */
    {"\xf0\x9f\x98", 0, "\"\\ufffd\\ufffd\\ufffd\""},
};

static void test_escape_table(void)
{
    for (size_t i = 0; i < sizeof ESC / sizeof ESC[0]; i++) {
        const esc_case *t = &ESC[i];
        size_t n = t->n ? t->n : strlen(t->in);
        char *got = escaped(t->in, n);
        char label[32];
        snprintf(label, sizeof label, "row %zu", i);
        BK_CHECK_STR_AT(label, t->out, got);
        free(got);
    }
}

/* bk_json_escape() writes the same literal into memory, within its bound. */
static void test_escape_into_memory(void)
{
    for (size_t i = 0; i < sizeof ESC / sizeof ESC[0]; i++) {
        const esc_case *t = &ESC[i];
        size_t n = t->n ? t->n : strlen(t->in);
        size_t room = BK_JSON_ESCAPED_MAX(n);
        char *d = malloc(room + 1);
        BK_CHECK(d != NULL);
        if (d == NULL)
            return;
        size_t w = bk_json_escape(d, t->in, n);
        BK_CHECK(w <= room);
        d[w] = '\0';
        char label[32];
        snprintf(label, sizeof label, "row %zu", i);
        BK_CHECK_STR_AT(label, t->out, d);
        free(d);
    }
    /* the bound is reached: every byte a \u escape */
    char in[40], out[BK_JSON_ESCAPED_MAX(40)];
    memset(in, 0x01, sizeof in);
    BK_CHECK_INT(BK_JSON_ESCAPED_MAX(40), bk_json_escape(out, in, sizeof in));
}

/* Every single byte value, alone: the escaping of each one. */
static void test_escape_every_byte(void)
{
    for (unsigned c = 0; c < 256; c++) {
        char in = (char)c, want[16];
        if (c == '"' || c == '\\')
            snprintf(want, sizeof want, "\"\\%c\"", (char)c);
        else if (c == '\n')
            snprintf(want, sizeof want, "\"\\n\"");
        else if (c == '\r')
            snprintf(want, sizeof want, "\"\\r\"");
        else if (c == '\t')
            snprintf(want, sizeof want, "\"\\t\"");
        else if (c < 0x20 || c == 0x7f)
            snprintf(want, sizeof want, "\"\\u%04x\"", c);
        else if (c >= 0x80)
            snprintf(want, sizeof want, "\"\\ufffd\"");
        else
            snprintf(want, sizeof want, "\"%c\"", (char)c);
        char *got = escaped(&in, 1);
        char label[32];
        snprintf(label, sizeof label, "byte 0x%02x", c);
        BK_CHECK_STR_AT(label, want, got);
        free(got);
    }
}

/* Append s to a growing string (test helper). */
static void cat(char **buf, size_t *len, const char *s, size_t n)
{
    char *nb = realloc(*buf, *len + n + 1);
    if (nb == NULL)
        abort();
    memcpy(nb + *len, s, n);
    *len += n;
    nb[*len] = '\0';
    *buf = nb;
}

/* Long strings: runs of plain bytes, escapes and multi-byte sequences at
 * every offset around the writer's chunk boundaries. */
static void test_escape_long(void)
{
    static const char *const pieces[][2] = {
        {"ab", "ab"},
        {"\"", "\\\""},
        {"\xc3\xa9", "\xc3\xa9"},
        {"\x01", "\\u0001"},
        {"\xe2\x82\xac", "\xe2\x82\xac"},
        {"\xff", "\\ufffd"},
        {"\xf0\x9d\x84\x9e", "\xf0\x9d\x84\x9e"},
        {"\\", "\\\\"},
        {"\n", "\\n"},
    };
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    for (size_t prefix = 0; prefix < 1100; prefix += 7) {
        for (size_t p = 0; p < npieces; p++) {
            char *in = NULL, *want = NULL;
            size_t il = 0, wl = 0;
            cat(&want, &wl, "\"", 1);
            for (size_t k = 0; k < prefix; k++) {
                char c = (char)('a' + k % 26);
                cat(&in, &il, &c, 1);
                cat(&want, &wl, &c, 1);
            }
            /* the piece, then a long mixed tail */
            for (size_t r = 0; r < 400; r++) {
                const size_t q = (p + r) % npieces;
                cat(&in, &il, pieces[q][0], strlen(pieces[q][0]));
                cat(&want, &wl, pieces[q][1], strlen(pieces[q][1]));
            }
            cat(&want, &wl, "\"", 1);
            char *got = escaped(in, il);
            if (got == NULL || strcmp(got, want) != 0) {
                char label[48];
                snprintf(label, sizeof label, "prefix %zu piece %zu", prefix, p);
                BK_CHECK_STR_AT(label, want, got);
            }
            free(got);
            free(in);
            free(want);
        }
    }
}

/* One byte to escape at every position of short and medium strings
 * (the plain runs are found in blocks; the ends of blocks overlap). */
static void test_escape_positions(void)
{
    static const char *const special[][2] = {
        {"\"", "\\\""}, {"\\", "\\\\"}, {"\x01", "\\u0001"}, {"\x7f", "\\u007f"},
        {"\xff", "\\ufffd"}, {"\x80", "\\ufffd"}, {"\n", "\\n"},
    };
    for (size_t n = 1; n <= 48; n++) {
        for (size_t k = 0; k < n; k++) {
            for (size_t c = 0; c < sizeof special / sizeof special[0]; c++) {
                char in[64], want[128];
                size_t wl = 0;
                want[wl++] = '"';
                for (size_t i = 0; i < n; i++) {
                    if (i == k) {
                        in[i] = special[c][0][0];
                        size_t el = strlen(special[c][1]);
                        memcpy(want + wl, special[c][1], el);
                        wl += el;
                    } else {
                        in[i] = (char)('A' + (i * 7) % 58); /* 'A'..'z': plain, '\\' skipped below */
                        if (in[i] == '\\')
                            in[i] = '~';
                        want[wl++] = in[i];
                    }
                }
                want[wl++] = '"';
                want[wl] = '\0';
                char *got = escaped(in, n);
                if (got == NULL || strcmp(got, want) != 0) {
                    char label[48];
                    snprintf(label, sizeof label, "n %zu at %zu byte %zu", n, k, c);
                    BK_CHECK_STR_AT(label, want, got);
                }
                free(got);
            }
        }
    }
}

/* An object with members of every kind, as one line. */
static void write_object(bk_json *j)
{
    bk_json_str(j, "s", "x\"y");
    bk_json_str(j, "null_str", NULL);
    bk_json_strn(j, "n", "abcdef", 3);
    bk_json_strn(j, "n_null", NULL, 3);
    bk_json_str_or_null(j, "empty", "");
    bk_json_str_or_null(j, "nul", NULL);
    bk_json_str_or_null(j, "full", "v");
    bk_json_int(j, "zero", 0);
    bk_json_int(j, "neg", -42);
    bk_json_int(j, "min", LLONG_MIN);
    bk_json_int(j, "max", LLONG_MAX);
    bk_json_int_or_null(j, "absent", 7, 0);
    bk_json_int_or_null(j, "present", 7, 1);
    bk_json_bool(j, "t", 1);
    bk_json_bool(j, "f", 0);
    bk_json_null(j, "z");
    bk_json_array_begin(j, "arr");
    bk_json_array_str(j, "a");
    bk_json_array_str(j, NULL);
    bk_json_array_str(j, "\xff");
    bk_json_array_end(j);
    bk_json_array_begin(j, "empty_arr");
    bk_json_array_end(j);
    bk_json_array_begin(j, "objs");
    bk_json_object_begin(j, NULL);
    bk_json_int(j, "i", 1);
    bk_json_object_end(j);
    bk_json_object_begin(j, NULL);
    bk_json_object_end(j);
    bk_json_array_end(j);
    bk_json_object_begin(j, "obj");
    bk_json_str(j, "k\"ey\n\xc3\xa9", "v");
    bk_json_object_end(j);
}

static const char OBJECT_LINE[] =
    "{\"s\":\"x\\\"y\",\"null_str\":null,\"n\":\"abc\",\"n_null\":null,\"empty\":null,"
    "\"nul\":null,\"full\":\"v\",\"zero\":0,\"neg\":-42,\"min\":-9223372036854775808,"
    "\"max\":9223372036854775807,\"absent\":null,\"present\":7,\"t\":true,\"f\":false,"
    "\"z\":null,\"arr\":[\"a\",null,\"\\ufffd\"],\"empty_arr\":[],\"objs\":[{\"i\":1},{}],"
    "\"obj\":{\"k\\\"ey\\n\xc3\xa9\":\"v\"}}\n";

static void test_object(void)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    BK_CHECK(f != NULL);
    if (f == NULL)
        return;
    bk_json j;
    bk_json_begin(&j, f);
    write_object(&j);
    bk_json_end(&j);
    /* a second line on the same stream */
    bk_json_begin(&j, f);
    bk_json_end(&j);
    fclose(f);
    char want[sizeof OBJECT_LINE + 8];
    snprintf(want, sizeof want, "%s{}\n", OBJECT_LINE);
    BK_CHECK_STR(want, out);
    free(out);
}

/* After bk_json_key() the caller writes a value of its own to j.out. */
static void test_raw_value_after_key(void)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    BK_CHECK(f != NULL);
    if (f == NULL)
        return;
    bk_json j;
    bk_json_begin(&j, f);
    bk_json_str(&j, "a", "b");
    bk_json_key(&j, "rate");
    fputs("0.250000", j.out);
    bk_json_int(&j, "n", 3);
    bk_json_key(&j, "r2");
    fputs("1.5", j.out);
    bk_json_end(&j);
    fclose(f);
    BK_CHECK_STR("{\"a\":\"b\",\"rate\":0.250000,\"n\":3,\"r2\":1.5}\n", out);
    free(out);
}

/* A very long value and many members: the output goes through whole. */
static void test_long_members(void)
{
    size_t n = 200000;
    char *big = malloc(n + 1);
    BK_CHECK(big != NULL);
    if (big == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        big[i] = (i % 100 == 99) ? '"' : (char)('a' + i % 26);
    big[n] = '\0';
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    BK_CHECK(f != NULL);
    if (f == NULL) {
        free(big);
        return;
    }
    bk_json j;
    bk_json_begin(&j, f);
    for (int k = 0; k < 300; k++)
        bk_json_int(&j, "k", k);
    bk_json_str(&j, "big", big);
    bk_json_end(&j);
    fclose(f);
    /* 300 members, then the big string with one escape per 100 bytes */
    size_t want = 1 + 300 * 4 + (10 * 1 + 90 * 2 + 200 * 3) + 299 + 7 + n + n / 100 + 2 + 2;
    BK_CHECK_INT(want, len);
    BK_CHECK(len > 5 && memcmp(out + len - 5, "\\\"\"}\n", 5) == 0); /* ...\""}\n */
    BK_CHECK(strncmp(out, "{\"k\":0,\"k\":1,", 13) == 0);
    free(out);
    free(big);
}

/* Writing into a memory buffer gives the same bytes as a FILE, appended
 * after what the buffer held. */
static void test_memory_buffer(void)
{
    bk_cli_buf b = {NULL, 0, 0, 0};
    bk_cli_buf_put(&b, "head:", 5);
    bk_json j;
    bk_json_begin_buf(&j, &b);
    write_object(&j);
    bk_json_end(&j);
    BK_CHECK_INT(0, b.err);
    BK_CHECK_INT(5 + strlen(OBJECT_LINE), b.len);
    BK_CHECK(b.len >= 5 && memcmp(b.data, "head:", 5) == 0);
    BK_CHECK(b.len == 5 + strlen(OBJECT_LINE) && memcmp(b.data + 5, OBJECT_LINE, b.len - 5) == 0);
    /* a string far longer than one escaping step, on both kinds of writer */
    size_t n = 100000;
    char *big = malloc(n + 1);
    BK_CHECK(big != NULL);
    if (big != NULL) {
        for (size_t i = 0; i < n; i++)
            big[i] = (i % 37 == 0) ? '\x02' : (i % 41 == 0) ? '\xe9' : (char)('a' + i % 26);
        big[n] = '\0';
        b.len = 0;
        bk_json_begin_buf(&j, &b);
        bk_json_str(&j, "big", big);
        bk_json_end(&j);
        char *out = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&out, &len);
        BK_CHECK(f != NULL);
        if (f != NULL) {
            bk_json_begin(&j, f);
            bk_json_str(&j, "big", big);
            bk_json_end(&j);
            fclose(f);
            BK_CHECK_INT(len, b.len);
            BK_CHECK(len == b.len && memcmp(out, b.data, len) == 0);
        }
        free(out);
        free(big);
    }
    bk_cli_buf_free(&b);
    BK_CHECK(b.data == NULL && b.len == 0 && b.cap == 0);
}

static const bk_test_case tests[] = {
    {"escape_table", test_escape_table},
    {"escape_every_byte", test_escape_every_byte},
    {"escape_into_memory", test_escape_into_memory},
    {"escape_long", test_escape_long},
    {"escape_positions", test_escape_positions},
    {"object", test_object},
    {"raw_value_after_key", test_raw_value_after_key},
    {"long_members", test_long_members},
    {"memory_buffer", test_memory_buffer},
    {NULL, NULL},
};

BK_TEST_MAIN(tests)
