/*
 * lists.c - the disposable-domain, role-address and free-provider lists.
 *
 * Each list is a hash set filled from text (one entry a line, '#'
 * comments).  Domains are folded to lower case; role local parts also lose
 * a "+tag" and the separators . - _ so "No-Reply+x" matches "noreply".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify_internal.h"

/* A list file bigger than this is not a list (the disposable list, the
 * largest, is about 2 MiB). */
#define LISTS_FILE_MAX ((size_t)256 << 20)

struct bk_lists {
    bk__strmap map[3];
};

int bk_lists_create(bk_lists **out)
{
    if (out == NULL)
        return BK_EINVAL;
    bk_lists *l = calloc(1, sizeof *l);
    if (l == NULL)
        return BK_ENOMEM;
    for (int i = 0; i < 3; i++)
        if (bk__strmap_init(&l->map[i], 1024) != BK_OK) {
            bk_lists_free(l);
            return BK_ENOMEM;
        }
    *out = l;
    return BK_OK;
}

void bk_lists_free(bk_lists *l)
{
    if (l == NULL)
        return;
    for (int i = 0; i < 3; i++)
        bk__strmap_free(&l->map[i]);
    free(l);
}

/* Fold an entry into its key; returns the key length (0: skip). */
static size_t fold(bk_list_kind kind, const char *s, size_t n, char *key)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < BK_STRMAP_KEY_MAX - 1; i++) {
        unsigned char c = (unsigned char)s[i];
        if (kind == BK_LIST_ROLE) {
            if (c == '+')
                break;
            if (c == '.' || c == '-' || c == '_')
                continue;
        }
        key[k++] = (char)bk__lower(c);
    }
    if (kind != BK_LIST_ROLE)
        while (k > 0 && key[k - 1] == '.')
            k--;
    return k;
}

int bk_lists_load(bk_lists *l, bk_list_kind kind, const char *data, size_t len)
{
    if (l == NULL || (data == NULL && len > 0) || (unsigned)kind > BK_LIST_FREE)
        return BK_EINVAL;
    size_t i = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && data[e] != '\n')
            e++;
        size_t a = i, b = e;
        const char *hash = memchr(data + a, '#', b - a);
        if (hash != NULL)
            b = (size_t)(hash - data);
        while (a < b && bk__is_space((unsigned char)data[a]))
            a++;
        while (b > a && bk__is_space((unsigned char)data[b - 1]))
            b--;
        if (b > a && b - a < BK_STRMAP_KEY_MAX) {
            char key[BK_STRMAP_KEY_MAX];
            size_t k = fold(kind, data + a, b - a, key);
            if (k > 0) {
                int rc = bk__strmap_put(&l->map[kind], key, k, 1, NULL);
                if (rc < 0)
                    return rc;
            }
        }
        i = e + 1;
    }
    return BK_OK;
}

int bk_lists_load_file(bk_lists *l, bk_list_kind kind, const char *path)
{
    if (l == NULL || path == NULL)
        return BK_EINVAL;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return BK_EIO;
    bk_buf b;
    bk__buf_init(&b, LISTS_FILE_MAX);
    char chunk[65536];
    size_t r;
    while ((r = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (bk__buf_append(&b, chunk, r) != 0)
            break;
    int rc = ferror(f) ? BK_EIO : b.err;
    fclose(f);
    if (rc == 0)
        rc = bk_lists_load(l, kind, b.data ? b.data : "", b.len);
    bk__buf_free(&b);
    return rc;
}

int bk_lists_load_dir(bk_lists *l, const char *dir)
{
    static const char *const names[3] = {"disposable.txt", "role.txt", "free.txt"};
    if (l == NULL || dir == NULL)
        return BK_EINVAL;
    for (int k = 0; k < 3; k++) {
        char path[4096];
        int n = snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        if (n < 0 || (size_t)n >= sizeof path)
            return BK_ETOOBIG;
        int rc = bk_lists_load_file(l, (bk_list_kind)k, path);
        if (rc != BK_OK)
            return rc;
    }
    return BK_OK;
}

size_t bk_lists_count(const bk_lists *l, bk_list_kind kind)
{
    if (l == NULL || (unsigned)kind > BK_LIST_FREE)
        return 0;
    return l->map[kind].count;
}

int bk_lists_contains(const bk_lists *l, bk_list_kind kind, const char *s, size_t len)
{
    if (l == NULL || s == NULL || (unsigned)kind > BK_LIST_FREE || len >= BK_STRMAP_KEY_MAX)
        return 0;
    char key[BK_STRMAP_KEY_MAX];
    size_t k = fold(kind, s, len, key);
    if (k == 0)
        return 0;
    const bk__strmap *m = &l->map[kind];
    if (kind != BK_LIST_DISPOSABLE)
        return bk__strmap_get(m, key, k, NULL);
    /* A disposable domain covers its subdomains: try each parent. */
    size_t off = 0;
    for (;;) {
        if (bk__strmap_get(m, key + off, k - off, NULL))
            return 1;
        const char *dot = memchr(key + off, '.', k - off);
        if (dot == NULL)
            return 0;
        off = (size_t)(dot - key) + 1;
        if (memchr(key + off, '.', k - off) == NULL)
            return 0; /* never match a bare top-level label */
    }
}
