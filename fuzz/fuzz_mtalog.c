/*
 * fuzz_mtalog.c - MTA log lines (Postfix, Exim, Sendmail) into events.
 * Every line of the input goes through each MTA's reader and detection.
 */
#include <stdint.h>
#include <string.h>

#include "bouncekit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bk_events *b = NULL;
    if (bk_events_new(&b) != BK_OK)
        return 0;
    const char *s = (const char *)data;
    size_t i = 0;
    while (i <= size) {
        const char *nl = i < size ? memchr(s + i, '\n', size - i) : NULL;
        size_t len = nl ? (size_t)(nl - (s + i)) : size - i;
        for (int m = BK_MTA_ANY; m <= BK_MTA_SENDMAIL; m++) {
            size_t before = bk_events_count(b);
            int rc = bk_mtalog_parse_line(s + i, len, (bk_mta)m, 1795000000, b);
            if (rc == BK_OK) {
                /* every event names a recipient and a valid action */
                for (size_t k = before; k < bk_events_count(b); k++) {
                    const bk_event *e = &bk_events_data(b)[k];
                    if (e->recipient == NULL || e->recipient[0] == '\0' ||
                        (unsigned)e->action >= BK_ACTION__COUNT)
                        __builtin_trap();
                }
            }
        }
        if (bk_events_count(b) > 1000)
            bk_events_clear(b);
        i += len + 1;
    }
    bk_events_free(b);
    return 0;
}
