/*
 * test_store.c - the SQLite store: the default policy applied to events,
 * idempotency, thresholds, expiry, manual entries, the index, cursors and
 * schema versions.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bk_test.h"
#include "bouncekit.h"

#define DAY 86400
#define T0 1800000000 /* a fixed point in time: 2027-01-15 */

static char dir[64];
static int dbn;

static bk_store *fresh(void)
{
    char path[128];
    if (dir[0] == '\0') {
        snprintf(dir, sizeof dir, "/tmp/bk-test-store-XXXXXX");
        if (mkdtemp(dir) == NULL)
            abort();
    }
    snprintf(path, sizeof path, "%s/s%d.db", dir, dbn++);
    bk_store *s = NULL;
    char err[256];
    int rc = bk_store_open(path, NULL, &s, err, sizeof err);
    BK_CHECK_INT(BK_OK, rc);
    if (rc != BK_OK)
        fprintf(stderr, "open: %s\n", err);
    return s;
}

static bk_event ev(const char *rcpt, bk_action a, bk_reason r, const char *status, int64_t t)
{
    bk_event e;
    memset(&e, 0, sizeof e);
    e.recipient = rcpt;
    e.action = a;
    e.reason = r;
    e.status = status;
    e.time = t;
    e.source = "test";
    return e;
}

static int suppressed_at(bk_store *s, const char *addr, const char *scope, int64_t now,
                         bk_check_result *r)
{
    bk_check_result tmp;
    if (r == NULL)
        r = &tmp;
    int rc = bk_store_check(s, NULL, addr, strlen(addr), scope, now, r);
    BK_CHECK_INT(BK_OK, rc);
    return r->suppressed;
}

static void test_hard_bounce(void)
{
    bk_store *s = fresh();
    bk_event e = ev("Jane@Example.COM", BK_ACTION_FAILED, BK_REASON_USERUNKNOWN, "5.1.1", T0);
    e.reply_code = 550;
    e.diagnostic = "550 5.1.1 no such user";
    bk_ingest_stats st;
    BK_CHECK_INT(BK_OK, bk_store_ingest(s, NULL, &e, 1, NULL, NULL, &st));
    BK_CHECK_INT(1, st.events);
    BK_CHECK_INT(1, st.suppressed);
    bk_check_result r;
    BK_CHECK_INT(1, suppressed_at(s, "Jane@example.com", NULL, T0 + 1, &r));
    BK_CHECK_STR("hard-bounce", r.entry.rule);
    BK_CHECK_STR("userunknown", r.entry.reason);
    BK_CHECK_INT(0, r.entry.expires);
    BK_CHECK_INT(1, r.entry.events);
    BK_CHECK_INT(T0, r.entry.first_seen);
    /* the local part is compared as written by default */
    BK_CHECK_INT(0, suppressed_at(s, "jane@example.com", NULL, T0 + 1, NULL));
    /* permanent: still suppressed years later */
    BK_CHECK_INT(1, suppressed_at(s, "Jane@EXAMPLE.com", NULL, T0 + 3000 * DAY, NULL));
    /* a transient user unknown is no hard bounce */
    bk_event t = ev("tom@example.com", BK_ACTION_FAILED, BK_REASON_USERUNKNOWN, "4.1.1", T0);
    BK_CHECK_INT(BK_OK, bk_store_ingest(s, NULL, &t, 1, NULL, NULL, &st));
    BK_CHECK_INT(0, suppressed_at(s, "tom@example.com", NULL, T0 + 1, NULL));
    bk_store_close(s);
}

static void test_idempotent(void)
{
    bk_store *s = fresh();
    bk_event e[3] = {
        ev("a@example.com", BK_ACTION_FAILED, BK_REASON_USERUNKNOWN, "5.1.1", T0),
        ev("a@example.com", BK_ACTION_FAILED, BK_REASON_USERUNKNOWN, "5.1.1", T0 + 60),
        ev("b@example.com", BK_ACTION_COMPLAINT, BK_REASON_FEEDBACK, "", T0),
    };
    e[2].event_key = "complaint-1";
    bk_ingest_stats st;
    BK_CHECK_INT(BK_OK, bk_store_ingest(s, NULL, e, 3, NULL, NULL, &st));
    BK_CHECK_INT(3, st.events);
    BK_CHECK_INT(0, st.duplicates);
    for (int round = 0; round < 2; round++) {
        BK_CHECK_INT(BK_OK, bk_store_ingest(s, NULL, e, 3, NULL, NULL, &st));
        BK_CHECK_INT(0, st.events);
        BK_CHECK_INT(3, st.duplicates);
        BK_CHECK_INT(0, st.suppressed);
    }
    /* an event key is the source's id: other content, same event */
    e[2].time = T0 + 5;
    BK_CHECK_INT(BK_OK, bk_store_ingest(s, NULL, &e[2], 1, NULL, NULL, &st));
    BK_CHECK_INT(1, st.duplicates);
    bk_check_result r;
    BK_CHECK_INT(1, suppressed_at(s, "a@example.com", NULL, T0 + 100, &r));
    BK_CHECK_INT(2, r.entry.events);
    BK_CHECK_INT(T0 + 60, r.entry.last_seen);
    BK_CHECK_INT(1, suppressed_at(s, "b@example.com", NULL, T0 + 100, &r));
    BK_CHECK_STR("complaint", r.entry.rule);
    BK_CHECK_STR("complaint", r.entry.reason);
    BK_CHECK_INT(1, r.entry.events);
    bk_store_close(s);
}

static void test_soft_threshold(void)
{
    bk_store *s = fresh();
    bk_ingest_stats st;
    /* two soft bounces: counted, not suppressed */
    bk_event e[2] = {
        ev("soft@example.com", BK_ACTION_FAILED, BK_REASON_MAILBOXFULL, "4.2.2", T0),
        ev("soft@example.com", BK_ACTION_FAILED, BK_REASON_MAILBOXFULL, "4.2.2", T0 + 5 * DAY),
    };
    BK_CHECK_INT(BK_OK, bk_store_ingest(s, NULL, e, 2, NULL, NULL, &st));
    BK_CHECK_INT(2, st.counted);
    BK_CHECK_INT(0, suppressed_at(s, "soft@example.com", NULL, T0 + 6 * DAY, NULL));
    /* the third within 14 days suppresses for 30 days */
    bk_event third = ev("soft@example.com", BK_ACTION_FAILED, BK_REASON_SUSPEND, "", T0 + 13 * DAY);
    BK_CHECK_INT(BK_OK, bk_store_ingest(s, NULL, &third, 1, NULL, NULL, &st));
    BK_CHECK_INT(1, st.suppressed);
    bk_check_result r;
    BK_CHECK_INT(1, suppressed_at(s, "soft@example.com", NULL, T0 + 14 * DAY, &r));
    BK_CHECK_STR("soft-bounce", r.entry.rule);
    BK_CHECK_INT(T0 + 43 * DAY, r.entry.expires);
    BK_CHECK_INT(3, r.entry.events);
    BK_CHECK_INT(0, suppressed_at(s, "soft@example.com", NULL, T0 + 44 * DAY, NULL));

    /* spread over more than 14 days: never three in a window */
    for (int i = 0; i < 5; i++) {
        bk_event x = ev("spread@example.com", BK_ACTION_FAILED, BK_REASON_MAILBOXFULL, "",
                        T0 + (int64_t)i * 8 * DAY);
        BK_CHECK_INT(BK_OK, bk_store_ingest(s, NULL, &x, 1, NULL, NULL, &st));
        BK_CHECK_INT(0, st.suppressed);
    }
    /* a delivery in between resets the count */
    bk_event d[5] = {
        ev("reset@example.com", BK_ACTION_FAILED, BK_REASON_MAILBOXFULL, "", T0),
        ev("reset@example.com", BK_ACTION_FAILED, BK_REASON_MAILBOXFULL, "", T0 + DAY),
        ev("reset@example.com", BK_ACTION_DELIVERED, BK_REASON_DELIVERED, "2.0.0", T0 + 2 * DAY),
        ev("reset@example.com", BK_ACTION_FAILED, BK_REASON_MAILBOXFULL, "", T0 + 3 * DAY),
        ev("reset@example.com", BK_ACTION_FAILED, BK_REASON_MAILBOXFULL, "", T0 + 4 * DAY),
    };
    BK_CHECK_INT(BK_OK, bk_store_ingest(s, NULL, d, 5, NULL, NULL, &st));
    BK_CHECK_INT(0, st.suppressed);
    bk_event d6 = ev("reset@example.com", BK_ACTION_FAILED, BK_REASON_MAILBOXFULL, "", T0 + 5 * DAY);
    BK_CHECK_INT(BK_OK, bk_store_ingest(s, NULL, &d6, 1, NULL, NULL, &st));
    BK_CHECK_INT(1, st.suppressed);
    bk_store_close(s);
}

static void test_no_suppression(void)
{
    bk_store *s = fresh();
    bk_ingest_stats st;
    bk_event e[6] = {
        ev("x@example.com", BK_ACTION_FAILED, BK_REASON_BLOCKED, "5.7.1", T0),
        ev("x@example.com", BK_ACTION_FAILED, BK_REASON_SPAMDETECTED, "5.7.1", T0 + 1),
        ev("x@example.com", BK_ACTION_FAILED, BK_REASON_AUTHFAILURE, "5.7.26", T0 + 2),
        ev("x@example.com", BK_ACTION_DELAYED, BK_REASON_MAILBOXFULL, "4.2.2", T0 + 3),
        ev("x@example.com", BK_ACTION_DELAYED, BK_REASON_MAILBOXFULL, "4.2.2", T0 + 4),
        ev("x@example.com", BK_ACTION_FAILED, BK_REASON_VACATION, "", T0 + 5),
    };
    BK_CHECK_INT(BK_OK, bk_store_ingest(s, NULL, e, 6, NULL, NULL, &st));
    BK_CHECK_INT(6, st.events);
    BK_CHECK_INT(0, st.suppressed);
    BK_CHECK_INT(3, st.counted);
    BK_CHECK_INT(0, suppressed_at(s, "x@example.com", NULL, T0 + 10, NULL));
    /* an unusable recipient is skipped, not an error */
    bk_event bad = ev("not an address", BK_ACTION_FAILED, BK_REASON_USERUNKNOWN, "5.1.1", T0);
    BK_CHECK_INT(BK_OK, bk_store_ingest(s, NULL, &bad, 1, NULL, NULL, &st));
    BK_CHECK_INT(1, st.invalid);
    BK_CHECK_INT(0, st.events);
    bk_store_close(s);
}

static int count_cb(void *ctx, const bk_suppression *x)
{
    (void)x;
    (*(int *)ctx)++;
    return 0;
}

typedef struct why_ctx {
    int n;
    char rules[8][BK_RULE_MAX + 1];
    char outcomes[8][48];
} why_ctx;

static int why_cb(void *ctx, const bk_event_row *row)
{
    why_ctx *w = ctx;
    if (w->n < 8) {
        snprintf(w->rules[w->n], sizeof w->rules[0], "%s", row->rule);
        snprintf(w->outcomes[w->n], sizeof w->outcomes[0], "%s", row->outcome);
    }
    w->n++;
    return 0;
}

static void test_manual_scope_index(void)
{
    bk_store *s = fresh();
    bk_suppression x;
    memset(&x, 0, sizeof x);
    snprintf(x.address, sizeof x.address, "list@example.com");
    snprintf(x.scope, sizeof x.scope, "newsletter");
    snprintf(x.note, sizeof x.note, "asked by phone");
    x.first_seen = T0;
    BK_CHECK_INT(BK_OK, bk_store_suppression_add(s, NULL, &x));
    memset(&x, 0, sizeof x);
    snprintf(x.address, sizeof x.address, "temp@example.com");
    snprintf(x.reason, sizeof x.reason, "complaint");
    x.first_seen = T0;
    x.expires = T0 + 10;
    BK_CHECK_INT(BK_OK, bk_store_suppression_add(s, NULL, &x));
    snprintf(x.address, sizeof x.address, "not-an-address");
    BK_CHECK_INT(BK_EMALFORMED, bk_store_suppression_add(s, NULL, &x));

    for (int pass = 0; pass < 2; pass++) {
        bk_check_result r;
        BK_CHECK_INT(0, suppressed_at(s, "list@example.com", NULL, T0 + 1, NULL));
        BK_CHECK_INT(1, suppressed_at(s, "list@example.com", "newsletter", T0 + 1, &r));
        BK_CHECK_STR("manual", r.entry.rule);
        BK_CHECK_STR("manual", r.entry.reason);
        /* from the store every field; from the index the answer fields */
        BK_CHECK_INT(pass == 0, r.detailed);
        BK_CHECK_STR(pass == 0 ? "asked by phone" : "", r.entry.note);
        BK_CHECK_STR("newsletter", r.entry.scope);
        BK_CHECK_INT(0, suppressed_at(s, "list@example.com", "billing", T0 + 1, NULL));
        BK_CHECK_INT(1, suppressed_at(s, "temp@example.com", "billing", T0 + 1, &r));
        BK_CHECK_STR("complaint", r.entry.reason);
        BK_CHECK_INT(0, suppressed_at(s, "temp@example.com", NULL, T0 + 10, NULL));
        BK_CHECK_INT(0, suppressed_at(s, "nobody@example.com", NULL, T0, NULL));
        BK_CHECK_INT(BK_OK, bk_store_index_load(s)); /* second pass: from the index */
    }
    int n = 0;
    BK_CHECK_INT(BK_OK, bk_store_suppressions(s, 0, T0 + 5, count_cb, &n));
    BK_CHECK_INT(2, n);
    n = 0;
    BK_CHECK_INT(BK_OK, bk_store_suppressions(s, 0, T0 + 50, count_cb, &n));
    BK_CHECK_INT(1, n);
    n = 0;
    BK_CHECK_INT(BK_OK, bk_store_suppressions(s, 1, T0 + 50, count_cb, &n));
    BK_CHECK_INT(2, n);
    /* from an address on: only those above it */
    n = 0;
    BK_CHECK_INT(BK_OK, bk_store_suppressions_after(s, 1, T0 + 50, "temp@example.com", count_cb, &n));
    BK_CHECK_INT(0, n);
    n = 0; /* strictly above: list@ itself is left out */
    BK_CHECK_INT(BK_OK, bk_store_suppressions_after(s, 1, T0 + 50, "list@example.com", count_cb, &n));
    BK_CHECK_INT(1, n);
    n = 0;
    BK_CHECK_INT(BK_OK, bk_store_suppressions_after(s, 1, T0 + 50, "a@example.com", count_cb, &n));
    BK_CHECK_INT(2, n);
    n = 0;
    BK_CHECK_INT(BK_OK, bk_store_suppressions_after(s, 0, T0 + 50, "a@example.com", count_cb, &n));
    BK_CHECK_INT(1, n);
    n = 0;
    BK_CHECK_INT(BK_OK, bk_store_suppressions_after(s, 1, T0 + 50, NULL, count_cb, &n));
    BK_CHECK_INT(2, n);

    /* the index stays current with ingest and remove through this handle */
    bk_event e = ev("new@example.com", BK_ACTION_FAILED, BK_REASON_HOSTUNKNOWN, "5.1.2", T0);
    BK_CHECK_INT(BK_OK, bk_store_ingest(s, NULL, &e, 1, NULL, NULL, NULL));
    BK_CHECK_INT(1, suppressed_at(s, "new@example.com", NULL, T0 + 1, NULL));
    int removed = 0;
    BK_CHECK_INT(BK_OK, bk_store_suppression_remove(s, NULL, "new@example.com", 15, NULL, &removed));
    BK_CHECK_INT(1, removed);
    BK_CHECK_INT(0, suppressed_at(s, "new@example.com", NULL, T0 + 1, NULL));
    BK_CHECK_INT(BK_OK, bk_store_suppression_remove(s, NULL, "list@example.com", 16, "newsletter", &removed));
    BK_CHECK_INT(1, removed);
    BK_CHECK_INT(0, suppressed_at(s, "list@example.com", "newsletter", T0 + 1, NULL));

    /* the story of an address */
    bk_event soft[3] = {
        ev("story@example.com", BK_ACTION_FAILED, BK_REASON_MAILBOXFULL, "4.2.2", T0),
        ev("story@example.com", BK_ACTION_FAILED, BK_REASON_MAILBOXFULL, "4.2.2", T0 + DAY),
        ev("story@example.com", BK_ACTION_FAILED, BK_REASON_MAILBOXFULL, "4.2.2", T0 + 2 * DAY),
    };
    BK_CHECK_INT(BK_OK, bk_store_ingest(s, NULL, soft, 3, NULL, NULL, NULL));
    why_ctx w;
    memset(&w, 0, sizeof w);
    BK_CHECK_INT(BK_OK, bk_store_events(s, NULL, "story@EXAMPLE.com", 17, 0, why_cb, &w));
    BK_CHECK_INT(3, w.n);
    BK_CHECK_STR("soft-bounce", w.rules[0]);
    BK_CHECK_STR("counted 1/3", w.outcomes[0]);
    BK_CHECK_STR("counted 2/3", w.outcomes[1]);
    BK_CHECK_STR("suppressed", w.outcomes[2]);
    bk_store_close(s);
}

static void test_cursor_and_rollback(void)
{
    bk_store *s = fresh();
    char buf[64];
    BK_CHECK_INT(BK_ENOTFOUND, bk_store_cursor_get(s, "log:/var/log/mail.log", buf, sizeof buf));
    bk_event e = ev("c@example.com", BK_ACTION_DELIVERED, BK_REASON_DELIVERED, "2.0.0", T0);
    BK_CHECK_INT(BK_OK, bk_store_ingest(s, NULL, &e, 1, "log:/var/log/mail.log", "42 1234", NULL));
    BK_CHECK_INT(BK_OK, bk_store_cursor_get(s, "log:/var/log/mail.log", buf, sizeof buf));
    BK_CHECK_STR("42 1234", buf);
    BK_CHECK_INT(BK_ETOOBIG, bk_store_cursor_get(s, "log:/var/log/mail.log", buf, 3));
    bk_store_close(s);
}

static void test_schema(void)
{
    char path[160];
    bk_store *s = fresh();
    BK_CHECK_INT(2, bk_store_schema_version(s));
    bk_store_close(s);
    snprintf(path, sizeof path, "%s/s%d.db", dir, dbn - 1);
    /* reopen: no migration needed, still version 2 */
    char err[256];
    BK_CHECK_INT(BK_OK, bk_store_open(path, NULL, &s, err, sizeof err));
    BK_CHECK_INT(2, bk_store_schema_version(s));
    bk_store_close(s);
    /* a store from a newer bouncekit is refused, not damaged */
    sqlite3 *db;
    BK_CHECK_INT(SQLITE_OK, sqlite3_open(path, &db));
    BK_CHECK_INT(SQLITE_OK, sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL));
    sqlite3_close(db);
    s = NULL;
    BK_CHECK_INT(BK_ESTORE, bk_store_open(path, NULL, &s, err, sizeof err));
    BK_CHECK(s == NULL);
    BK_CHECK(strstr(err, "schema version 99") != NULL);
    /* a version 1 store is migrated to 2 */
    snprintf(path, sizeof path, "%s/v1.db", dir);
    BK_CHECK_INT(SQLITE_OK, sqlite3_open(path, &db));
    BK_CHECK_INT(SQLITE_OK,
                 sqlite3_exec(db,
                              "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
                              "CREATE TABLE events(id INTEGER PRIMARY KEY, ekey BLOB NOT NULL,"
                              " time INTEGER NOT NULL, action TEXT NOT NULL, recipient TEXT NOT NULL,"
                              " scope TEXT NOT NULL DEFAULT '', status TEXT, reply_code INTEGER,"
                              " reason TEXT, bounce TEXT, decision TEXT, diagnostic TEXT, source TEXT,"
                              " message_id TEXT, sender TEXT, campaign TEXT, note TEXT, rule TEXT, outcome TEXT);"
                              "CREATE UNIQUE INDEX events_key ON events(recipient, ekey);"
                              "CREATE TABLE suppressions(address TEXT NOT NULL, scope TEXT NOT NULL DEFAULT '',"
                              " reason TEXT, rule TEXT, first_seen INTEGER, last_seen INTEGER,"
                              " events INTEGER, expires INTEGER, source TEXT, note TEXT,"
                              " PRIMARY KEY(address, scope)) WITHOUT ROWID;"
                              "CREATE TABLE cursors(name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
                              "INSERT INTO suppressions VALUES('old@example.com','','userunknown',"
                              "'hard-bounce',1,1,1,0,'test','');"
                              "PRAGMA user_version = 1;",
                              NULL, NULL, NULL));
    sqlite3_close(db);
    BK_CHECK_INT(BK_OK, bk_store_open(path, NULL, &s, err, sizeof err));
    BK_CHECK_INT(2, bk_store_schema_version(s));
    BK_CHECK_INT(1, suppressed_at(s, "old@example.com", NULL, T0, NULL));
    bk_store_close(s);
}

static void cleanup(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (dir[0] != '\0' && system(cmd) != 0)
        fprintf(stderr, "cleanup failed\n");
}

static void test_zz_cleanup(void) { cleanup(); }

static const bk_test_case tests[] = {
    {"hard_bounce", test_hard_bounce},
    {"idempotent", test_idempotent},
    {"soft_threshold", test_soft_threshold},
    {"no_suppression", test_no_suppression},
    {"manual_scope_index", test_manual_scope_index},
    {"cursor_and_rollback", test_cursor_and_rollback},
    {"schema", test_schema},
    {"zz_cleanup", test_zz_cleanup},
    {NULL, NULL},
};
BK_TEST_MAIN(tests)
