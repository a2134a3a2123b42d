/*
 * mbox.c - a streaming mailbox splitter.  Messages are separated by lines
 * that start with "From " (mboxo/mboxrd); the buffer holds one message at
 * a time plus one read chunk, so memory follows the largest message, not
 * the mailbox.  A mailbox already in memory is split in place by the same
 * code (bk_mbox_open_mem: the whole of it is "read", nothing is copied).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* Bytes asked of read() at a time. */
#define MBOX_CHUNK ((size_t)1 << 20)
/* The first read is smaller (many mailboxes hold one short message). */
#define MBOX_FIRST ((size_t)64 << 10)
/* The buffer grows only when less than this is free, so reads stay big
 * and a short mailbox is never copied for a few bytes of room. */
#define MBOX_MIN_READ ((size_t)16 << 10)

struct bk_mbox {
    int fd;
    char *buf;
    size_t cap;
    size_t start;      /* offset in buf of the message being assembled */
    size_t len;        /* valid bytes in buf */
    size_t scan;       /* offset where the separator search resumes */
    uint64_t base;     /* file offset of buf[0] */
    size_t max;        /* largest message accepted */
    int eof;
    int skipping;      /* dropping an oversized message */
    int borrowed;      /* buf is the caller's (bk_mbox_open_mem): read only,
                        * never filled (eof from the start) nor freed */
};

bk_mbox *bk_mbox_open_fd(int fd, size_t max_message)
{
    if (fd < 0)
        return NULL;
    bk_mbox *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    m->fd = fd;
    m->max = max_message ? max_message : BK_PARSE_MAX_MESSAGE;
    m->scan = 1;
    return m;
}

bk_mbox *bk_mbox_open_mem(const char *data, size_t len, size_t max_message)
{
    if (data == NULL && len > 0)
        return NULL;
    bk_mbox *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    m->fd = -1;
    /* Not written through: only fill() and compact() write, and eof is
     * set, so neither runs. */
    m->buf = (char *)(uintptr_t)data;
    m->cap = m->len = len;
    m->max = max_message ? max_message : BK_PARSE_MAX_MESSAGE;
    m->scan = 1;
    m->eof = 1;
    m->borrowed = 1;
    return m;
}

void bk_mbox_close(bk_mbox *m)
{
    if (m == NULL)
        return;
    if (!m->borrowed)
        free(m->buf);
    free(m);
}

/* Move the message being assembled to the front of the buffer.  Done only
 * before a read, so each byte moves at most once per buffer fill. */
static void compact(bk_mbox *m)
{
    if (m->start == 0)
        return;
    memmove(m->buf, m->buf + m->start, m->len - m->start);
    m->len -= m->start;
    m->base += m->start;
    m->scan = m->scan > m->start ? m->scan - m->start : 1;
    m->start = 0;
}

static int fill(bk_mbox *m)
{
    compact(m);
    if (m->cap - m->len < MBOX_MIN_READ) {
        size_t ncap = m->len + (m->cap == 0 ? MBOX_FIRST : MBOX_CHUNK);
        char *nb = realloc(m->buf, ncap);
        if (nb == NULL)
            return BK_ENOMEM;
        m->buf = nb;
        m->cap = ncap;
    }
    for (;;) {
        ssize_t r = read(m->fd, m->buf + m->len, m->cap - m->len);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return BK_EIO;
        }
        if (r == 0)
            m->eof = 1;
        m->len += (size_t)r;
        return 0;
    }
}

/* Offset of the next separator after the message start, or 0: "From " at
 * the start of a line, where lines end in LF, CRLF or CR alone. */
static size_t find_sep(bk_mbox *m)
{
    size_t i = m->scan < m->start + 1 ? m->start + 1 : m->scan;
    while (i + 5 <= m->len) {
        char *f = memchr(m->buf + i, 'F', m->len - i - 4);
        if (f == NULL)
            break;
        size_t at = (size_t)(f - m->buf);
        if ((m->buf[at - 1] == '\n' || m->buf[at - 1] == '\r') &&
            memcmp(m->buf + at, "From ", 5) == 0)
            return at;
        i = at + 1;
    }
    /* Resume where a separator cut by the buffer end may begin. */
    m->scan = m->len > m->start + 5 ? m->len - 4 : m->start + 1;
    return 0;
}

int bk_mbox_next(bk_mbox *m, const char **data, size_t *len, uint64_t *offset)
{
    if (m == NULL || data == NULL || len == NULL)
        return BK_EINVAL;
    for (;;) {
        size_t sep = m->len > m->start ? find_sep(m) : 0;
        if (sep > 0 || (m->eof && m->len > m->start)) {
            size_t end = sep > 0 ? sep : m->len;
            size_t st = m->start;
            m->start = end;
            m->scan = end + 1;
            if (m->skipping) {
                m->skipping = 0;
                return BK_ETOOBIG;
            }
            /* In memory the whole message is at hand: too long is skipped
             * here (a stream's is dropped while it is read). */
            if (m->borrowed && end - st > m->max)
                return BK_ETOOBIG;
            *data = m->buf + st;
            *len = end - st;
            if (offset)
                *offset = m->base + st;
            return BK_OK;
        }
        if (m->eof)
            return BK_EOF;
        if (m->len - m->start > m->max) {
            /* Too big: keep only a tail long enough to find the separator. */
            m->skipping = 1;
            m->start = m->len - 8;
            m->scan = m->start + 1;
        }
        int err = fill(m);
        if (err)
            return err;
    }
}
