/*
 * fuzz_webhook.c - ESP webhook payloads (and so the JSON reader) into
 * events.
 */
#include <stdint.h>

#include "bouncekit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bk_events *b = NULL;
    if (bk_events_new(&b) != BK_OK)
        return 0;
    bk_esp esp;
    int rc = bk_webhook_parse((const char *)data, size, b, &esp);
    if (rc == BK_OK)
        for (size_t k = 0; k < bk_events_count(b); k++) {
            const bk_event *e = &bk_events_data(b)[k];
            if (e->recipient == NULL || e->recipient[0] == '\0' || (unsigned)e->action >= BK_ACTION__COUNT ||
                (unsigned)e->reason >= BK_REASON__COUNT)
                __builtin_trap();
        }
    bk_events_free(b);
    return 0;
}
