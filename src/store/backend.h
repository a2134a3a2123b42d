/*
 * backend.h - the storage interface behind bk_store.  The policy logic in
 * store.c talks only to these operations, so another backend (a server
 * database) is one more table of function pointers; callers never change.
 *
 * Strings are NUL-terminated.  Operations return BK_OK or a negative
 * bk_err; details go to errmsg().
 */
#ifndef BK_STORE_BACKEND_H
#define BK_STORE_BACKEND_H

#include <stdint.h>

#include "bouncekit.h"

/* The idempotency key of an event: 128 bits of hash. */
typedef struct bk__ekey {
    uint64_t hi, lo;
} bk__ekey;

typedef struct bk__store_ops {
    const char *name;
    int (*open)(const char *path, const bk_store_options *opt, void **impl, char *err,
                size_t errsize);
    void (*close)(void *impl);
    const char *(*errmsg)(void *impl);
    int (*schema_version)(void *impl);
    /* One write transaction at a time; begin takes the write lock. */
    int (*begin)(void *impl);
    int (*commit)(void *impl);
    void (*rollback)(void *impl);
    /* Store an event unless its key is stored already (*inserted 0 then).
     * ev->recipient is normalised, ev->time set. */
    int (*event_insert)(void *impl, const bk__ekey *key, const bk_event *ev, const char *rule,
                        const char *outcome, int *inserted);
    /* Events of addr with this rule and since <= time <= until. */
    int (*event_count)(void *impl, const char *addr, const char *rule, int64_t since,
                       int64_t until, int64_t *count);
    /* Time of the last delivered event of addr at or before until (0 none). */
    int (*last_delivery)(void *impl, const char *addr, int64_t until, int64_t *t);
    /* BK_ENOTFOUND when there is none. */
    int (*supp_get)(void *impl, const char *addr, const char *scope, bk_suppression *out);
    int (*supp_count)(void *impl, int64_t *n);             /* all, expired too */
    int (*supp_put)(void *impl, const bk_suppression *s); /* insert or replace */
    int (*supp_delete)(void *impl, const char *addr, const char *scope /* NULL: all */,
                       int *removed);
    /* In (address, scope) order; after: only addresses above it (NULL: all). */
    int (*supp_scan)(void *impl, int include_expired, int64_t now, const char *after,
                     bk_suppression_cb cb, void *ctx);
    /* Every suppression, expired too, in any order, with only what the
     * in-memory index keeps (strings valid during the callback). */
    int (*supp_scan_keys)(void *impl,
                          int (*cb)(void *ctx, const char *addr, const char *scope, int64_t expires,
                                    const char *reason, const char *rule),
                          void *ctx);
    /* Events in time order; addr NULL for all. */
    int (*event_scan)(void *impl, const char *addr, int64_t since, bk_event_cb cb, void *ctx);
    int (*cursor_get)(void *impl, const char *name, char *buf, size_t size);
    int (*cursor_put)(void *impl, const char *name, const char *value);
} bk__store_ops;

extern const bk__store_ops bk__store_sqlite_ops;

#endif /* BK_STORE_BACKEND_H */
