/*
 * fuzz_address.c - the address parser, the typo suggester and the offline
 * verifier on arbitrary bytes.  Invariants checked: a valid address has a
 * normalized form that parses to the same normalized form, never contains
 * a control character, and fits the RFC 5321 limits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bouncekit.h"

static bk_typo *typo;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (typo == NULL && bk_typo_create(&typo) != BK_OK)
        return 0;
    const char *s = (const char *)data;
    for (int p = 0; p < 3; p++) {
        bk_address a;
        if (bk_address_check(s, size, (bk_addr_profile)p, &a) != BK_OK)
            abort();
        if (a.valid) {
            size_t n = strlen(a.normalized);
            if (n == 0 || n > 254)
                abort();
            for (size_t i = 0; i < n; i++)
                if ((unsigned char)a.normalized[i] < 0x20 || a.normalized[i] == 0x7f)
                    abort();
            bk_address b;
            if (bk_address_check(a.normalized, n, (bk_addr_profile)p, &b) != BK_OK || !b.valid ||
                strcmp(a.normalized, b.normalized) != 0)
                abort();
        }
    }
    char out[256];
    int rc = bk_typo_suggest(typo, s, size, out, sizeof out);
    if (rc != 0 && rc != 1)
        abort();
    if (rc == 1 && strlen(out) == 0)
        abort();
    bk_verify_result r;
    if (bk_verify_offline(typo, NULL, BK_ADDR_PROFILE_DEFAULT, s, size, &r) != BK_OK)
        abort();
    if (r.suggestion[0] != '\0') {
        bk_address c;
        bk_address_check(r.suggestion, strlen(r.suggestion), BK_ADDR_PROFILE_DEFAULT, &c);
        if (!c.valid)
            abort();
    }
    bk_verify_result_clear(&r);
    return 0;
}
