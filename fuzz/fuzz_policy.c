/*
 * fuzz_policy.c - the policy file reader; a parsed policy formats to a
 * text that parses to the same policy.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bouncekit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bk_policy *p = NULL;
    char err[128];
    if (bk_policy_parse((const char *)data, size, &p, err, sizeof err) != BK_OK)
        return 0;
    char *t1 = NULL, *t2 = NULL;
    size_t l1 = 0, l2 = 0;
    bk_policy *q = NULL;
    if (bk_policy_format(p, &t1, &l1) == BK_OK && bk_policy_parse(t1, l1, &q, err, sizeof err) == BK_OK &&
        bk_policy_format(q, &t2, &l2) == BK_OK) {
        if (l1 != l2 || memcmp(t1, t2, l1) != 0)
            __builtin_trap();
    } else {
        __builtin_trap();
    }
    bk_event e;
    memset(&e, 0, sizeof e);
    e.recipient = "a@example.com";
    for (int a = 0; a < BK_ACTION__COUNT; a++) {
        e.action = (bk_action)a;
        e.reason = (bk_reason)((size + (size_t)a) % BK_REASON__COUNT);
        bk_policy_verdict v;
        bk_policy_match(p, &e, &v);
    }
    free(t1);
    free(t2);
    bk_policy_free(p);
    bk_policy_free(q);
    return 0;
}
