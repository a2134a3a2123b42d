/*
 * fuzz_message.c - fuzz target for the message parser: bk_parse_message()
 * on arbitrary bytes (MIME, headers, DSN, ARF, JSON notifications, the
 * text decoder), with small limits so deep structures hit them quickly,
 * and the mailbox splitter over the same bytes.
 */
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "bouncekit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_result(const bk_result *r)
{
    for (size_t i = 0; i < bk_result_count(r); i++) {
        const bk_record *x = bk_result_record(r, i);
        /* Every string is set; a delay is never a hard bounce. */
        if (x->recipient == NULL || x->status == NULL || x->diagnostic == NULL ||
            x->action == NULL || x->format == NULL || x->date == NULL)
            __builtin_trap();
        if (strcmp(x->action, "delayed") == 0 && x->bounce == BK_BOUNCE_HARD)
            __builtin_trap();
        (void)strlen(x->diagnostic);
    }
    const char *name, *value;
    for (size_t i = 0; i < bk_result_returned_header_count(r); i++)
        if (bk_result_returned_header_at(r, i, &name, &value) != BK_OK || name == NULL || value == NULL)
            __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bk_parse_options opt;
    bk_parse_options_init(&opt);
    opt.limits.max_depth = 8;
    opt.limits.max_parts = 64;
    opt.limits.max_header_bytes = 16384;
    opt.verp = "b+{local}={domain}@x.test";
    bk_parser *p = bk_parser_new(&opt);
    if (p == NULL)
        return 0;
    bk_result *r = NULL;
    if (bk_parse_message(p, (const char *)data, size, &r) == BK_OK)
        check_result(r);
    bk_result_free(r);

    /* The same bytes as a mailbox, through a pipe when they fit. */
    int fds[2];
    if (size < 32768 && pipe(fds) == 0) {
        ssize_t w = write(fds[1], data, size);
        close(fds[1]);
        if (w == (ssize_t)size) {
            bk_mbox *mb = bk_mbox_open_fd(fds[0], 1 << 20);
            const char *d;
            size_t len;
            uint64_t off;
            while (mb != NULL && bk_mbox_next(mb, &d, &len, &off) == BK_OK) {
                bk_result *r2 = NULL;
                if (bk_parse_message(p, d, len, &r2) == BK_OK)
                    check_result(r2);
                bk_result_free(r2);
            }
            bk_mbox_close(mb);
        }
        close(fds[0]);
    }
    bk_parser_free(p);
    return 0;
}
