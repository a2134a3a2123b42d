/*
 * fuzz_server_json.c - the server's reader of JSON request bodies
 * (src/server/jsonin.c), compiled in whole: it has no dependency beyond
 * libc.  Invariants: a success gives keys and string values that are
 * NUL-terminated at their length; a failure leaves nothing allocated.
 */
#include <stdint.h>
#include <string.h>

#include "../src/server/jsonin.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    srv_jobject o;
    char err[128];
    int rc = srv_json_object((const char *)data, size, &o, err, sizeof err);
    if (rc == 0) {
        if (o.n > SRV_JSON_MAX_MEMBERS)
            __builtin_trap();
        for (size_t k = 0; k < o.n; k++) {
            const srv_jmember *m = &o.m[k];
            if (m->key == NULL || srv_json_get(&o, m->key) != m)
                __builtin_trap();
            if ((m->type == SRV_J_STRING || m->type == SRV_J_NUMBER) &&
                (m->str == NULL || m->str[m->len] != '\0' || m->len > size))
                __builtin_trap();
            if (m->type == SRV_J_NUMBER && strlen(m->str) != m->len)
                __builtin_trap();
        }
        srv_json_free(&o);
    } else if (o.n != 0 || (rc == -1 && err[0] == '\0')) {
        __builtin_trap();
    }
    return 0;
}
