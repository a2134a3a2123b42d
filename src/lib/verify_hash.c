/*
 * verify_hash.c - a string-to-integer hash map for the verifier's tables
 * (popular domains, typo index, disposable / role / free lists, caches).
 *
 * Open addressing with linear probing; keys are copied into one arena so a
 * table of 100,000 domains is two allocations.  Keys are compared as bytes:
 * callers fold case before they insert or look up.
 */
#include <stdlib.h>
#include <string.h>

#include "verify_internal.h"

uint64_t bk__hash_bytes(const char *s, size_t n)
{
    /* FNV-1a, 64 bit: short keys, good spread, no state. */
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

int bk__strmap_init(bk__strmap *m, size_t expected)
{
    memset(m, 0, sizeof *m);
    size_t cap = 64;
    while (cap < expected * 2 && cap < ((size_t)1 << 30))
        cap <<= 1;
    m->slots = calloc(cap, sizeof *m->slots);
    m->bloom = calloc(cap / 16, sizeof *m->bloom);
    if (m->slots == NULL || m->bloom == NULL) {
        free(m->slots);
        free(m->bloom);
        return BK_ENOMEM;
    }
    m->cap = cap;
    bk__buf_init(&m->keys, BK_STRMAP_ARENA_MAX);
    return BK_OK;
}

/* The bloom bit of a hash for a table of cap slots (cap * 4 bits). */
static size_t bloom_bit(uint64_t h, size_t cap) { return (size_t)(h >> 24) & (cap * 4 - 1); }

void bk__strmap_free(bk__strmap *m)
{
    free(m->slots);
    free(m->bloom);
    bk__buf_free(&m->keys);
    memset(m, 0, sizeof *m);
}

static bk__strmap_slot *find_slot(const bk__strmap *m, const char *k, size_t n, uint64_t h)
{
    size_t mask = m->cap - 1;
    size_t i = (size_t)h & mask;
    for (;;) {
        bk__strmap_slot *s = &m->slots[i];
        if (s->len == 0)
            return s;
        if (s->hash == h && s->len == n + 1 && memcmp(m->keys.data + s->off, k, n) == 0)
            return s;
        i = (i + 1) & mask;
    }
}

static int grow(bk__strmap *m)
{
    size_t ncap = m->cap * 2;
    bk__strmap_slot *ns = calloc(ncap, sizeof *ns);
    uint64_t *nb = calloc(ncap / 16, sizeof *nb);
    if (ns == NULL || nb == NULL) {
        free(ns);
        free(nb);
        return BK_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++) {
        bk__strmap_slot *s = &m->slots[i];
        if (s->len == 0)
            continue;
        size_t j = (size_t)s->hash & (ncap - 1);
        while (ns[j].len != 0)
            j = (j + 1) & (ncap - 1);
        ns[j] = *s;
        size_t bb = bloom_bit(s->hash, ncap);
        nb[bb / 64] |= (uint64_t)1 << (bb % 64);
    }
    free(m->slots);
    free(m->bloom);
    m->slots = ns;
    m->bloom = nb;
    m->cap = ncap;
    return BK_OK;
}

int bk__strmap_put(bk__strmap *m, const char *k, size_t n, uint32_t val, uint32_t *existing)
{
    if (n >= BK_STRMAP_KEY_MAX)
        return BK_ETOOBIG;
    if ((m->count + 1) * 4 > m->cap * 3) {
        int rc = grow(m);
        if (rc != BK_OK)
            return rc;
    }
    uint64_t h = bk__hash_bytes(k, n);
    bk__strmap_slot *s = find_slot(m, k, n, h);
    if (s->len != 0) {
        if (existing != NULL)
            *existing = s->val;
        return 1;
    }
    size_t off = m->keys.len;
    if (bk__buf_append(&m->keys, k, n) != 0 || bk__buf_putc(&m->keys, 0) != 0)
        return m->keys.err ? m->keys.err : BK_ENOMEM;
    size_t bb = bloom_bit(h, m->cap);
    m->bloom[bb / 64] |= (uint64_t)1 << (bb % 64);
    s->hash = h;
    s->off = (uint32_t)off;
    s->len = (uint32_t)n + 1;
    s->val = val;
    m->count++;
    return 0;
}

int bk__strmap_get(const bk__strmap *m, const char *k, size_t n, uint32_t *val)
{
    return bk__strmap_get_h(m, k, n, bk__hash_bytes(k, n), val);
}

int bk__strmap_get_h(const bk__strmap *m, const char *k, size_t n, uint64_t h, uint32_t *val)
{
    if (m->cap == 0 || n >= BK_STRMAP_KEY_MAX)
        return 0;
    size_t bb = bloom_bit(h, m->cap);
    if (!(m->bloom[bb / 64] & ((uint64_t)1 << (bb % 64))))
        return 0;
    bk__strmap_slot *s = find_slot(m, k, n, h);
    if (s->len == 0)
        return 0;
    if (val != NULL)
        *val = s->val;
    return 1;
}

int bk__strmap_set(bk__strmap *m, const char *k, size_t n, uint32_t val)
{
    if (m->cap == 0 || n >= BK_STRMAP_KEY_MAX)
        return 0;
    bk__strmap_slot *s = find_slot(m, k, n, bk__hash_bytes(k, n));
    if (s->len == 0)
        return 0;
    s->val = val;
    return 1;
}
