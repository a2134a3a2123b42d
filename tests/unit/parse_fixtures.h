/*
 * parse_fixtures.h - the shared harness of the parser's fixture tables
 * (test_parse_formats.c, test_parse_modern.c) and the file helpers of
 * the other parse tests.  Every file of a fixture folder is parsed as it
 * is and with CRLF line ends; its records must be exactly the table's rows
 * for that file, in order (a file whose one row has a NULL recipient must
 * give no record); a file without rows, or a row without its file, fails.
 */
#ifndef BK_TEST_PARSE_FIXTURES_H
#define BK_TEST_PARSE_FIXTURES_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bk_test.h"
#include "bouncekit.h"

typedef struct bk_fx_row {
    const char *file;
    const char *recipient; /* NULL: the file gives no record */
    const char *status;    /* "" when the notice carries none */
    int reply_code;
    const char *action;
    const char *reason;    /* NULL: not checked */
    const char *bounce;    /* hard, soft, none; NULL: not checked */
} bk_fx_row;

/* The SMTP command of a file's first record. */
typedef struct bk_fx_command {
    const char *file, *command;
} bk_fx_command;

typedef struct bk_fx_table {
    const char *dir; /* below BK_TEST_DATA */
    const bk_fx_row *rows;
    size_t nrows;
    const bk_fx_command *commands;
    size_t ncommands;
} bk_fx_table;

/* A whole file, malloc'd; NULL when it cannot be read. */
static inline char *bk_fx_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0, got;
    char *d = malloc(cap);
    while (d != NULL && (got = fread(d + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *g = realloc(d, cap * 2);
            if (g == NULL) {
                free(d);
                d = NULL;
                break;
            }
            d = g;
            cap *= 2;
        }
    }
    fclose(f);
    *len = n;
    return d;
}

/* A malloc'd copy with CRLF line ends. */
static inline char *bk_fx_crlf(const char *s, size_t n, size_t *outlen)
{
    char *d = malloc(n * 2 + 1);
    size_t o = 0;
    for (size_t i = 0; d != NULL && i < n; i++) {
        if (s[i] == '\n')
            d[o++] = '\r';
        d[o++] = s[i];
    }
    *outlen = o;
    return d;
}

static inline const char *bk_fx_bounce_name(bk_bounce b)
{
    return b == BK_BOUNCE_HARD ? "hard" : b == BK_BOUNCE_SOFT ? "soft" : "none";
}

static inline void bk_fx_check_file(const bk_fx_table *t, const char *label, const char *file,
                                    const bk_result *r)
{
    size_t want = 0, first = t->nrows;
    for (size_t i = 0; i < t->nrows; i++)
        if (strcmp(t->rows[i].file, file) == 0) {
            if (first == t->nrows)
                first = i;
            if (t->rows[i].recipient != NULL)
                want++;
        }
    if (first == t->nrows) {
        bk_test_fail_(__FILE__, __LINE__);
        fprintf(stderr, "    [%s] no rows in the table\n", label);
        return;
    }
    size_t n = bk_result_count(r);
    if (n != want) {
        bk_test_fail_(__FILE__, __LINE__);
        fprintf(stderr, "    [%s] expected %zu records, got %zu\n", label, want, n);
        for (size_t k = 0; k < n; k++)
            fprintf(stderr, "      got %s\n", bk_result_record(r, k)->recipient);
        return;
    }
    for (size_t k = 0; k < n; k++) {
        const bk_fx_row *w = &t->rows[first + k];
        const bk_record *x = bk_result_record(r, k);
        char at[1200];
        snprintf(at, sizeof at, "%s #%zu", label, k);
        BK_CHECK_STR_AT(at, w->recipient, x->recipient);
        BK_CHECK_STR_AT(at, w->status, x->status);
        if (w->reply_code != x->reply_code) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    [%s] reply code %d, expected %d\n", at, x->reply_code,
                    w->reply_code);
        }
        BK_CHECK_STR_AT(at, w->action, x->action);
        if (w->reason != NULL)
            BK_CHECK_STR_AT(at, w->reason, bk_reason_name(x->reason));
        if (w->bounce != NULL)
            BK_CHECK_STR_AT(at, w->bounce, bk_fx_bounce_name(x->bounce));
        if (strcmp(x->action, "delayed") == 0)
            BK_CHECK_INT(0, x->permanent);
    }
    for (size_t k = 0; n > 0 && k < t->ncommands; k++)
        if (strcmp(t->commands[k].file, file) == 0)
            BK_CHECK_STR_AT(label, t->commands[k].command, bk_result_record(r, 0)->smtp_command);
}

/* What checks one parsed fixture: label names the file and pass. */
typedef void (*bk_fx_check_fn)(void *ctx, const char *label, const char *file,
                               const bk_result *r);

/* Parse the fixture at path (named file) as written and with CRLF line
 * ends, and hand each result to check. */
static inline void bk_fx_parse_both(bk_parser *p, const char *path, const char *file,
                                    bk_fx_check_fn check, void *ctx)
{
    char label[400];
    size_t len = 0;
    char *m = bk_fx_slurp(path, &len);
    BK_CHECK(m != NULL && len > 0);
    if (m == NULL)
        return;
    for (int pass = 0; pass < 2; pass++) {
        size_t l2 = len;
        char *c = pass ? bk_fx_crlf(m, len, &l2) : m;
        snprintf(label, sizeof label, "%s%s", file, pass ? " (CRLF)" : "");
        bk_result *r = NULL;
        int err = c != NULL ? bk_parse_message(p, c, l2, &r) : BK_ENOMEM;
        if (err != BK_OK) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    [%s] parse error %d\n", label, err);
        } else {
            check(ctx, label, file, r);
        }
        bk_result_free(r);
        if (pass)
            free(c);
    }
    free(m);
}

static inline void bk_fx_check_table(void *t, const char *label, const char *file,
                                     const bk_result *r)
{
    bk_fx_check_file((const bk_fx_table *)t, label, file, r);
}

static inline int bk_fx_cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Parse every .eml of the table's folder, LF and CRLF, against its rows. */
static inline void bk_fx_run(const bk_fx_table *t)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/%s", BK_TEST_DATA, t->dir);
    DIR *d = opendir(dir);
    BK_CHECK(d != NULL);
    if (d == NULL)
        return;
    enum { FILES_MAX = 512 };
    static char names[FILES_MAX][256];
    char *sorted[FILES_MAX];
    size_t nf = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && nf < FILES_MAX) {
        size_t l = strlen(e->d_name);
        if (l < 5 || l >= sizeof names[0] || strcmp(e->d_name + l - 4, ".eml") != 0)
            continue;
        memcpy(names[nf], e->d_name, l + 1);
        sorted[nf] = names[nf];
        nf++;
    }
    closedir(d);
    qsort(sorted, nf, sizeof sorted[0], bk_fx_cmp_names);

    bk_parser *p = bk_parser_new(NULL);
    BK_CHECK(p != NULL);
    for (size_t i = 0; p != NULL && i < nf; i++) {
        char path[1400];
        snprintf(path, sizeof path, "%s/%s", dir, sorted[i]);
        bk_fx_parse_both(p, path, sorted[i], bk_fx_check_table, (void *)t);
    }
    bk_parser_free(p);

    /* every row's file exists */
    for (size_t k = 0; k < t->nrows; k++) {
        int found = 0;
        for (size_t i = 0; i < nf && !found; i++)
            found = strcmp(sorted[i], t->rows[k].file) == 0;
        if (!found) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    row for missing file %s\n", t->rows[k].file);
        }
    }
}

#endif
