/*
 * fuzz_reply.c - fuzz target for the reply parser and classifier:
 * bk_reply_classify, bk_reply_find_codes, bk_status_parse and
 * bk_reply_classify_parts on arbitrary bytes.
 */
#include <stdint.h>
#include <string.h>

#include "bouncekit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    bk_reply_info info;
    if (bk_reply_classify(s, size, &info) == BK_OK) {
        /* Results must be self-consistent. */
        if (info.summary == NULL || info.provider == NULL || info.rule == NULL)
            __builtin_trap();
        if (info.bounce == BK_BOUNCE_HARD && info.cls == BK_CLASS_TRANSIENT)
            __builtin_trap();
        for (size_t i = 0; i < info.n_causes; i++)
            if (info.causes[i] == NULL)
                __builtin_trap();
    }
    int rc = 0, hs = 0;
    bk_status st;
    bk_reply_find_codes(s, size, &rc, &st, &hs);
    bk_reply_classify_parts(rc, hs ? &st : NULL, s, size, &info);
    if (bk_status_parse(s, size, &st) == BK_OK) {
        char buf[16];
        bk_status_format(&st, buf, sizeof buf);
        bk_status_info si;
        bk_status_lookup(&st, &si);
    }
    bk_reason r;
    const char *prov;
    bk_text_reason(s, size, &r, &prov);
    return 0;
}
