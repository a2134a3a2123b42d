/*
 * bench_read - the I/O floor of `bouncekit parse`: read every file below
 * the given paths (or the given files) into memory the way the parser's
 * command does (open, fstat, one read, close) and do nothing with them.
 * bench/parse_vs_sisimai.sh times it beside the parser: no parser reading
 * the same files on one thread can be faster than this.
 *
 * usage: bench_read PATH...   (prints files and bytes read)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    char *buf;
    size_t cap;
    unsigned long files;
    unsigned long long bytes;
} reader;

static int read_at(reader *r, int dir, const char *name)
{
    int fd = openat(dir, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *d = fdopendir(fd);
        if (d == NULL) {
            close(fd);
            return -1;
        }
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            read_at(r, dirfd(d), e->d_name);
        }
        closedir(d);
        return 0;
    }
    size_t need = (size_t)st.st_size + 1;
    if (need > r->cap) {
        char *nb = realloc(r->buf, need);
        if (nb == NULL) {
            close(fd);
            return -1;
        }
        r->buf = nb;
        r->cap = need;
    }
    ssize_t n = read(fd, r->buf, (size_t)st.st_size);
    close(fd);
    if (n < 0)
        return -1;
    r->files++;
    r->bytes += (unsigned long long)n;
    return 0;
}

int main(int argc, char **argv)
{
    reader r = {NULL, 0, 0, 0};
    if (argc < 2) {
        fprintf(stderr, "usage: bench_read PATH...\n");
        return 2;
    }
    for (int i = 1; i < argc; i++)
        if (read_at(&r, AT_FDCWD, argv[i]) != 0)
            fprintf(stderr, "bench_read: cannot read %s\n", argv[i]);
    printf("files=%lu bytes=%llu\n", r.files, r.bytes);
    free(r.buf);
    return 0;
}
