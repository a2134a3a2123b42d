/*
 * util.c - small helpers of the command-line tool.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"

char *bk_cli_read_all(FILE *f, size_t max, size_t *len, int *err)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    if (buf == NULL) {
        *err = BK_ENOMEM;
        return NULL;
    }
    for (;;) {
        if (n == cap) {
            if (cap >= max) {
                /* One more byte tells whether the input is over the limit. */
                int c = getc(f);
                if (c == EOF)
                    break;
                free(buf);
                *err = BK_ETOOBIG;
                return NULL;
            }
            size_t ncap = cap * 2 > max ? max : cap * 2;
            char *nb = realloc(buf, ncap + 1);
            if (nb == NULL) {
                free(buf);
                *err = BK_ENOMEM;
                return NULL;
            }
            buf = nb;
            cap = ncap;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        if (r == 0) {
            if (ferror(f)) {
                free(buf);
                *err = BK_EIO;
                return NULL;
            }
            break;
        }
        n += r;
    }
    buf[n] = '\0';
    *len = n;
    *err = 0;
    return buf;
}

int bk_cli_stdout_is_tty(void) { return isatty(STDOUT_FILENO); }
