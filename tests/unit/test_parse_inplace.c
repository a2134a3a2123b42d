/*
 * test_parse_inplace.c - bk_parse_message() reads LF-only input where it
 * lies, without a copy: a result must hold nothing that points into the
 * caller's buffer, and the parser must not read past its length.  Every
 * fixture of tests/data/parse (and the shared corpus's bsd maildir when it
 * is there) is parsed from a buffer of exactly its size (the sanitizer
 * build reports a read past it), with LF, CRLF and CR line ends; the
 * buffer is then overwritten, and every string of the result must still
 * equal those of a second parse of an intact buffer.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bk_test.h"
#include "bouncekit.h"
#include "parse_fixtures.h"

/* A growable text: every string of a result, one after the other. */
typedef struct dump {
    char *s;
    size_t n, cap;
} dump;

static void put(dump *d, const char *s)
{
    if (s == NULL)
        s = "(null)";
    size_t l = strlen(s) + 1;
    if (d->n + l > d->cap) {
        size_t cap = (d->n + l) * 2;
        char *g = realloc(d->s, cap);
        if (g == NULL)
            abort();
        d->s = g;
        d->cap = cap;
    }
    memcpy(d->s + d->n, s, l);
    d->n += l;
    d->s[d->n - 1] = '|';
}

static void put_int(dump *d, long v)
{
    char b[32];
    snprintf(b, sizeof b, "%ld", v);
    put(d, b);
}

static void dump_result(dump *d, const bk_result *r)
{
    d->n = 0;
    put_int(d, (long)bk_result_count(r));
    for (size_t i = 0; i < bk_result_count(r); i++) {
        const bk_record *x = bk_result_record(r, i);
        put(d, x->recipient);
        put(d, x->original_recipient);
        put(d, x->sender);
        put(d, x->action);
        put(d, x->status);
        put_int(d, x->reply_code);
        put(d, x->diagnostic);
        put_int(d, (long)x->reason);
        put_int(d, (long)x->bounce);
        put_int(d, (long)x->decision);
        put_int(d, x->permanent);
        put(d, x->remote_mta);
        put(d, x->reporting_mta);
        put(d, x->smtp_command);
        put(d, x->date);
        put(d, x->message_id);
        put(d, x->subject);
        put(d, x->list_id);
        put(d, x->feedback_type);
        put(d, x->format);
    }
    size_t nh = bk_result_returned_header_count(r);
    put_int(d, (long)nh);
    for (size_t i = 0; i < nh; i++) {
        const char *name = NULL, *value = NULL;
        if (bk_result_returned_header_at(r, i, &name, &value) == BK_OK) {
            put(d, name);
            put(d, value);
        }
    }
    put(d, bk_result_returned_header(r, "Subject", 0));
    put(d, bk_result_returned_header(r, "Received", 1));
}

/* The bytes of s with each LF written as CRLF (mode 1) or CR (mode 2), or
 * as they are (mode 0), in a buffer of exactly *outlen bytes. */
static char *exact_copy(const char *s, size_t n, int mode, size_t *outlen)
{
    size_t m = n;
    if (mode == 1)
        for (size_t i = 0; i < n; i++)
            m += s[i] == '\n';
    char *d = malloc(m ? m : 1);
    if (d == NULL)
        abort();
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n' && mode != 0) {
            d[o++] = '\r';
            if (mode == 1)
                d[o++] = '\n';
        } else {
            d[o++] = s[i];
        }
    }
    *outlen = o;
    return d;
}

static size_t files_checked;

static void check_file(bk_parser *p, const char *path)
{
    size_t n = 0;
    char *m = bk_fx_slurp(path, &n);
    BK_CHECK(m != NULL);
    if (m == NULL)
        return;
    dump da = {0}, db = {0};
    for (int mode = 0; mode < 3; mode++) {
        size_t la, lb;
        char *a = exact_copy(m, n, mode, &la);
        char *b = exact_copy(m, n, mode, &lb);
        bk_result *ra = NULL, *rb = NULL;
        int ea = bk_parse_message(p, a, la, &ra);
        memset(a, 'Z', la); /* a result that kept a view into a now differs */
        free(a);
        int eb = bk_parse_message(p, b, lb, &rb);
        if (ea != eb) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    [%s mode %d] errors %d and %d\n", path, mode, ea, eb);
        } else if (ea == BK_OK) {
            dump_result(&db, rb);
            dump_result(&da, ra);
            if (da.n != db.n || memcmp(da.s, db.s, da.n) != 0) {
                bk_test_fail_(__FILE__, __LINE__);
                fprintf(stderr, "    [%s mode %d] result changed with its input:\n"
                                "    %.*s\n    %.*s\n",
                        path, mode, (int)(da.n < 400 ? da.n : 400), da.s,
                        (int)(db.n < 400 ? db.n : 400), db.s);
            }
        }
        bk_result_free(ra);
        bk_result_free(rb);
        free(b);
    }
    free(da.s);
    free(db.s);
    free(m);
    files_checked++;
}

/* Every regular file below dir whose name ends in suffix ("" for all). */
static void walk(bk_parser *p, const char *dir, const char *suffix, int depth)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth < 4)
                walk(p, path, suffix, depth + 1);
            continue;
        }
        size_t l = strlen(e->d_name), sl = strlen(suffix);
        if (S_ISREG(st.st_mode) && l >= sl && strcmp(e->d_name + l - sl, suffix) == 0)
            check_file(p, path);
    }
    closedir(d);
}

static void test_fixtures(void)
{
    bk_parser *p = bk_parser_new(NULL);
    BK_CHECK(p != NULL);
    if (p == NULL)
        return;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/parse", BK_TEST_DATA);
    files_checked = 0;
    walk(p, dir, ".eml", 0);
    fprintf(stderr, "# %zu fixtures\n", files_checked);
    BK_CHECK(files_checked > 100);
    bk_parser_free(p);
}

static void test_shared_corpus(void)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/corpus/sisimai/maildir/bsd", BK_SHARED_DIR);
    struct stat st;
    if (stat(dir, &st) != 0) {
        fprintf(stderr, "# skip shared_corpus: %s is absent\n", dir);
        return;
    }
    bk_parser *p = bk_parser_new(NULL);
    BK_CHECK(p != NULL);
    if (p == NULL)
        return;
    files_checked = 0;
    walk(p, dir, "", 0);
    fprintf(stderr, "# %zu corpus files\n", files_checked);
    BK_CHECK(files_checked > 0);
    bk_parser_free(p);
}

static const bk_test_case tests[] = {
    {"fixtures", test_fixtures},
    {"shared_corpus", test_shared_corpus},
    {NULL, NULL}
};

BK_TEST_MAIN(tests)
