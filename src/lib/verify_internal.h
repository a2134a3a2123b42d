/*
 * verify_internal.h - pieces shared by the address verifier's modules
 * (address.c, typo.c, lists.c, verify.c and src/net); no API promise.
 */
#ifndef BK_VERIFY_INTERNAL_H
#define BK_VERIFY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* Keys are domains or local parts: 255 octets at most in DNS, so a longer
 * key is never a real entry. */
#define BK_STRMAP_KEY_MAX 256
/* All keys of one map: 256 MiB holds several million domains. */
#define BK_STRMAP_ARENA_MAX ((size_t)256 << 20)

typedef struct bk__strmap_slot {
    uint64_t hash;
    uint32_t off; /* key offset in the arena */
    uint32_t len; /* key length + 1; 0 marks an empty slot */
    uint32_t val;
} bk__strmap_slot;

typedef struct bk__strmap {
    bk__strmap_slot *slots;
    uint64_t *bloom; /* one bit per hash, 4 bits per slot: most lookups of a
                        big list miss, and a miss then costs no cache miss */
    size_t cap; /* a power of two */
    size_t count;
    bk_buf keys;
} bk__strmap;

uint64_t bk__hash_bytes(const char *s, size_t n);
int bk__strmap_init(bk__strmap *m, size_t expected);
void bk__strmap_free(bk__strmap *m);
/* Insert; returns 0 when inserted, 1 when the key was there (its value in
 * *existing, unchanged), or a negative bk_err. */
int bk__strmap_put(bk__strmap *m, const char *k, size_t n, uint32_t val, uint32_t *existing);
/* 1 and *val when found, else 0. */
int bk__strmap_get(const bk__strmap *m, const char *k, size_t n, uint32_t *val);
/* The same with the key's bk__hash_bytes() already computed. */
int bk__strmap_get_h(const bk__strmap *m, const char *k, size_t n, uint64_t h, uint32_t *val);
/* Replace the value of an existing key: 1 when found, else 0. */
int bk__strmap_set(bk__strmap *m, const char *k, size_t n, uint32_t val);

/* The curated list of popular mailbox domains (typo_data.c). */
typedef struct bk__popular_domain {
    const char *domain;
    unsigned weight; /* rough relative share of mailboxes, 1..1000 */
} bk__popular_domain;
extern const bk__popular_domain bk__popular_domains[];
extern const size_t bk__popular_domain_count;


/* Set r->verdict from r->reasons (verify.c): undeliverable reasons first,
 * then risky ones, then any other reason makes it unknown. */
void bk__verify_decide(bk_verify_result *r);

#endif /* BK_VERIFY_INTERNAL_H */
