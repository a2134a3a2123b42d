/*
 * fuzz_mbox.c - the mbox splitter on arbitrary bytes: split in memory
 * (bk_mbox_open_mem) and read through a pipe (bk_mbox_open_fd), the two
 * must hand out the same messages at the same offsets.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bouncekit.h"

/* Inputs pushed through the pipe at most (one write, no reader thread). */
#define FUZZ_PIPE_MAX 32768

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bk_mbox *m = bk_mbox_open_mem((const char *)data, size, 0);
    if (m == NULL)
        return 0;
    int fds[2] = {-1, -1};
    bk_mbox *f = NULL;
    if (size < FUZZ_PIPE_MAX && pipe(fds) == 0) {
        if (write(fds[1], data, size) == (ssize_t)size)
            f = bk_mbox_open_fd(fds[0], 0);
        close(fds[1]);
    }
    size_t total = 0;
    for (;;) {
        const char *d, *e;
        size_t len, elen;
        uint64_t off, eoff;
        int rc = bk_mbox_next(m, &d, &len, &off);
        if (rc == BK_OK) {
            /* a view into the input, messages back to back */
            if (d != (const char *)data + off || off != total || len == 0 || len > size - off)
                abort();
            total += len;
        }
        if (f != NULL) {
            int rf = bk_mbox_next(f, &e, &elen, &eoff);
            if (rf != rc || (rc == BK_OK && (eoff != off || elen != len || memcmp(d, e, len) != 0)))
                abort();
        }
        if (rc != BK_OK)
            break;
    }
    if (total != size)
        abort(); /* every byte is in some message */
    bk_mbox_close(f);
    if (fds[0] >= 0)
        close(fds[0]);
    bk_mbox_close(m);
    return 0;
}
