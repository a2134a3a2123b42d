/* bk_mbox_open_mem(): a mailbox in memory is split exactly as the same
 * bytes read from a file descriptor (messages, offsets, lengths, the end),
 * with line ends LF, CRLF and CR alone; views point into the caller's
 * bytes; oversized messages are skipped with BK_ETOOBIG. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bk_test.h"
#include "bouncekit.h"

typedef struct split {
    int rc[16];
    uint64_t off[16];
    size_t len[16];
    char *copy[16];
    int n;
} split;

static void split_free(split *s)
{
    for (int i = 0; i < s->n; i++)
        free(s->copy[i]);
}

/* Every answer of bk_mbox_next up to and including BK_EOF (or an error). */
static void run(bk_mbox *m, split *s)
{
    memset(s, 0, sizeof *s);
    for (;;) {
        const char *d = NULL;
        size_t len = 0;
        uint64_t off = 0;
        int rc = bk_mbox_next(m, &d, &len, &off);
        if (s->n == 16)
            break;
        s->rc[s->n] = rc;
        if (rc == BK_OK) {
            s->off[s->n] = off;
            s->len[s->n] = len;
            s->copy[s->n] = malloc(len + 1);
            if (s->copy[s->n] != NULL) {
                memcpy(s->copy[s->n], d, len);
                s->copy[s->n][len] = '\0';
            }
        }
        s->n++;
        if (rc != BK_OK && rc != BK_ETOOBIG)
            break;
    }
}

static const char *const MAILBOXES[] = {
    "",
    "From a@x Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody\n",
    "From a@x Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody\n\nFrom b@y Tue Jan  2 00:00:00 2024\nSubject: two\n\nFrom here on\n>From quoted\n",
    "From a@x\r\nSubject: crlf\r\n\r\nx\r\nFrom b@y\r\nSubject: 2\r\n\r\ny\r\n",
    "From a@x\rSubject: cr\r\rx\rFrom b@y\rSubject: 2\r\ry",
    "From a@x\nno newline at the end",
    "From \nFrom \nFrom \n",
    "Subject: no separator first\n\nFrom the start? no: mid-line From x\nFrom c@z\n\nlast\n",
    "From a@x\nFromage\nFrom\tb\nFrom b@y\n",
};

static void test_same_as_fd(void)
{
    for (size_t k = 0; k < sizeof MAILBOXES / sizeof MAILBOXES[0]; k++) {
        const char *mb = MAILBOXES[k];
        size_t n = strlen(mb);
        int fds[2];
        BK_CHECK(pipe(fds) == 0);
        BK_CHECK(write(fds[1], mb, n) == (ssize_t)n);
        close(fds[1]);
        bk_mbox *f = bk_mbox_open_fd(fds[0], 0);
        bk_mbox *m = bk_mbox_open_mem(mb, n, 0);
        BK_CHECK(f != NULL && m != NULL);
        if (f == NULL || m == NULL) {
            bk_mbox_close(f);
            bk_mbox_close(m);
            close(fds[0]);
            continue;
        }
        split a, b;
        run(f, &a);
        run(m, &b);
        char label[32];
        snprintf(label, sizeof label, "mailbox %zu", k);
        BK_CHECK_INT(a.n, b.n);
        for (int i = 0; i < a.n && i < b.n; i++) {
            BK_CHECK_INT(a.rc[i], b.rc[i]);
            BK_CHECK_INT(a.off[i], b.off[i]);
            BK_CHECK_INT(a.len[i], b.len[i]);
            if (a.rc[i] == BK_OK && b.rc[i] == BK_OK)
                BK_CHECK_STR_AT(label, a.copy[i], b.copy[i]);
        }
        BK_CHECK(b.n > 0 && b.rc[b.n - 1] == BK_EOF);
        split_free(&a);
        split_free(&b);
        bk_mbox_close(f);
        bk_mbox_close(m);
        close(fds[0]);
    }
}

/* The views point into the caller's bytes; messages offsets add up. */
static void test_views(void)
{
    const char *mb = MAILBOXES[2];
    size_t n = strlen(mb);
    bk_mbox *m = bk_mbox_open_mem(mb, n, 0);
    BK_CHECK(m != NULL);
    if (m == NULL)
        return;
    const char *d;
    size_t len, total = 0;
    uint64_t off;
    int msgs = 0;
    while (bk_mbox_next(m, &d, &len, &off) == BK_OK) {
        BK_CHECK(d == mb + off);
        BK_CHECK_INT(total, off);
        BK_CHECK(len >= 5 && memcmp(d, "From ", 5) == 0);
        total += len;
        msgs++;
    }
    BK_CHECK_INT(3, msgs); /* "From here on" at a line start is a separator too */
    BK_CHECK_INT(n, total);
    BK_CHECK_INT(BK_EOF, bk_mbox_next(m, &d, &len, &off));
    bk_mbox_close(m);
}

/* Too long: skipped with BK_ETOOBIG, the next message still comes. */
static void test_too_big(void)
{
    const char *mb = "From a@x\nshort\nFrom b@y\nthis one is rather longer than forty bytes\nFrom c@z\nok\n";
    bk_mbox *m = bk_mbox_open_mem(mb, strlen(mb), 40);
    BK_CHECK(m != NULL);
    if (m == NULL)
        return;
    split s;
    run(m, &s);
    BK_CHECK_INT(4, s.n);
    BK_CHECK_INT(BK_OK, s.rc[0]);
    BK_CHECK_INT(BK_ETOOBIG, s.rc[1]);
    BK_CHECK_INT(BK_OK, s.rc[2]);
    BK_CHECK_STR("From c@z\nok\n", s.copy[2]);
    BK_CHECK_INT(BK_EOF, s.rc[3]);
    split_free(&s);
    bk_mbox_close(m);
    BK_CHECK(bk_mbox_open_mem(NULL, 1, 0) == NULL);
    m = bk_mbox_open_mem(NULL, 0, 0);
    BK_CHECK(m != NULL);
    const char *d;
    size_t len;
    uint64_t off;
    BK_CHECK_INT(BK_EOF, bk_mbox_next(m, &d, &len, &off));
    bk_mbox_close(m);
}

static const bk_test_case tests[] = {
    {"same_as_fd", test_same_as_fd},
    {"views", test_views},
    {"too_big", test_too_big},
    {NULL, NULL},
};

BK_TEST_MAIN(tests)
