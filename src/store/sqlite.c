/*
 * sqlite.c - the default storage backend: one SQLite file in WAL mode,
 * a versioned schema with migrations, prepared statements kept for the
 * life of the handle.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "internal.h"

/* Each migration takes the schema from version i to i + 1 inside one
 * transaction.  Append only: a released migration is never edited. */
static const char *const migrations[] = {
    /* 1: events, suppressions, cursors */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
    "CREATE TABLE events("
    " id INTEGER PRIMARY KEY,"
    " ekey BLOB NOT NULL,"
    " time INTEGER NOT NULL, action TEXT NOT NULL, recipient TEXT NOT NULL,"
    " scope TEXT NOT NULL DEFAULT '', status TEXT, reply_code INTEGER,"
    " reason TEXT, bounce TEXT, decision TEXT, diagnostic TEXT, source TEXT,"
    " message_id TEXT, sender TEXT, campaign TEXT, note TEXT,"
    " rule TEXT, outcome TEXT);"
    /* One index serves idempotency (the key includes the recipient) and
     * every per-recipient query: one random B-tree per event, not two. */
    "CREATE UNIQUE INDEX events_key ON events(recipient, ekey);"
    "CREATE TABLE suppressions("
    " address TEXT NOT NULL, scope TEXT NOT NULL DEFAULT '',"
    " reason TEXT, rule TEXT, first_seen INTEGER, last_seen INTEGER,"
    " events INTEGER, expires INTEGER, source TEXT, note TEXT,"
    " PRIMARY KEY(address, scope)) WITHOUT ROWID;"
    "CREATE TABLE cursors(name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
    "INSERT INTO meta VALUES('created', strftime('%s','now'));",
    /* 2: reports scan events by time */
    "CREATE INDEX events_time ON events(time);",
};
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

enum {
    ST_INSERT,
    ST_COUNT,
    ST_LASTDEL,
    ST_SGET,
    ST_SPUT,
    ST_SDEL,
    ST_SDEL_ALL,
    ST_CGET,
    ST_CPUT,
    ST_BEGIN,
    ST_COMMIT,
    ST_ROLLBACK,
    ST__COUNT
};

static const char *const stmt_sql[ST__COUNT] = {
    [ST_INSERT] = "INSERT OR IGNORE INTO events(ekey, time, action, recipient, scope, status, reply_code,"
                  " reason, bounce, decision, diagnostic, source, message_id, sender, campaign,"
                  " note, rule, outcome) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,"
                  "?15,?16,?17,?18)",
    [ST_COUNT] = "SELECT count(*) FROM events WHERE recipient = ?1 AND time BETWEEN ?3 AND ?4"
                 " AND rule = ?2",
    [ST_LASTDEL] = "SELECT max(time) FROM events WHERE recipient = ?1 AND time <= ?2"
                   " AND action = 'delivered'",
    [ST_SGET] = "SELECT address, scope, reason, rule, first_seen, last_seen, events, expires,"
                " source, note FROM suppressions WHERE address = ?1 AND scope = ?2",
    [ST_SPUT] = "INSERT OR REPLACE INTO suppressions(address, scope, reason, rule, first_seen,"
                " last_seen, events, expires, source, note) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
    [ST_SDEL] = "DELETE FROM suppressions WHERE address = ?1 AND scope = ?2",
    [ST_SDEL_ALL] = "DELETE FROM suppressions WHERE address = ?1",
    [ST_CGET] = "SELECT value FROM cursors WHERE name = ?1",
    [ST_CPUT] = "INSERT OR REPLACE INTO cursors(name, value) VALUES(?1, ?2)",
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
};

typedef struct sq {
    sqlite3 *db;
    sqlite3_stmt *st[ST__COUNT];
    int version;
    char err[256];
} sq;

static int fail(sq *q, int rc, const char *what)
{
    snprintf(q->err, sizeof q->err, "%s: %s", what, q->db ? sqlite3_errmsg(q->db) : sqlite3_errstr(rc));
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return BK_EBUSY;
    if (rc == SQLITE_NOMEM)
        return BK_ENOMEM;
    return BK_ESTORE;
}

static int exec(sq *q, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(q->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        snprintf(q->err, sizeof q->err, "%s", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) ? BK_EBUSY : BK_ESTORE;
    }
    return BK_OK;
}

static int user_version(sq *q, int *v)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(q->db, "PRAGMA user_version", -1, &s, NULL);
    if (rc != SQLITE_OK)
        return fail(q, rc, "schema version");
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? BK_OK : fail(q, rc, "schema version");
}

static int migrate(sq *q)
{
    int v;
    int rc = user_version(q, &v);
    if (rc != BK_OK)
        return rc;
    if (v > SCHEMA_VERSION) {
        snprintf(q->err, sizeof q->err,
                 "the store has schema version %d; this bouncekit knows up to %d", v,
                 SCHEMA_VERSION);
        return BK_ESTORE;
    }
    while (v < SCHEMA_VERSION) {
        if ((rc = exec(q, "BEGIN IMMEDIATE")) != BK_OK)
            return rc;
        /* Someone else may have migrated while we waited for the lock. */
        int now;
        if ((rc = user_version(q, &now)) != BK_OK) {
            exec(q, "ROLLBACK");
            return rc;
        }
        if (now != v) {
            exec(q, "ROLLBACK");
            v = now;
            continue;
        }
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
        if ((rc = exec(q, migrations[v])) != BK_OK || (rc = exec(q, pragma)) != BK_OK) {
            char keep[256];
            memcpy(keep, q->err, sizeof keep);
            exec(q, "ROLLBACK");
            snprintf(q->err, sizeof q->err, "migration to version %d: %.200s", v + 1, keep);
            return rc;
        }
        if ((rc = exec(q, "COMMIT")) != BK_OK)
            return rc;
        v++;
    }
    q->version = v;
    return BK_OK;
}

static void sq_close(void *impl)
{
    sq *q = impl;
    if (q == NULL)
        return;
    for (int i = 0; i < ST__COUNT; i++)
        sqlite3_finalize(q->st[i]);
    sqlite3_close(q->db);
    free(q);
}

static int sq_open(const char *path, const bk_store_options *opt, void **impl, char *err,
                   size_t errsize)
{
    sq *q = calloc(1, sizeof *q);
    if (q == NULL)
        return BK_ENOMEM;
    int flags = opt->readonly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    flags |= SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path, &q->db, flags, NULL);
    int ret = BK_OK;
    if (rc != SQLITE_OK) {
        ret = fail(q, rc, path);
        goto out;
    }
    sqlite3_busy_timeout(q->db, opt->busy_timeout_ms > 0 ? opt->busy_timeout_ms : 5000);
    if (!opt->readonly) {
        if ((ret = exec(q, "PRAGMA journal_mode=WAL")) != BK_OK)
            goto out;
        if ((ret = exec(q, opt->sync_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL")) != BK_OK)
            goto out;
        if ((ret = migrate(q)) != BK_OK)
            goto out;
    } else {
        if ((ret = user_version(q, &q->version)) != BK_OK)
            goto out;
        if (q->version != SCHEMA_VERSION) {
            snprintf(q->err, sizeof q->err, "schema version %d, expected %d (open read-write to migrate)",
                     q->version, SCHEMA_VERSION);
            ret = BK_ESTORE;
            goto out;
        }
    }
    /* 256 MiB of page cache and reads through mmap: suppressions and the
     * event indexes are touched at random places, and at millions of rows
     * most of the time otherwise goes to pread(). */
    exec(q, "PRAGMA cache_size=-262144");
    exec(q, "PRAGMA mmap_size=4294967296");
    /* Checkpoint the WAL every 32 MiB rather than every 4 MiB: fewer
     * fsyncs while ingesting, a bounded WAL file all the same. */
    if (!opt->readonly)
        exec(q, "PRAGMA wal_autocheckpoint=8192");
    for (int i = 0; i < ST__COUNT; i++) {
        if (opt->readonly && (i == ST_INSERT || i == ST_SPUT || i == ST_SDEL || i == ST_SDEL_ALL ||
                              i == ST_CPUT || i == ST_BEGIN))
            continue;
        rc = sqlite3_prepare_v3(q->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &q->st[i], NULL);
        if (rc != SQLITE_OK) {
            ret = fail(q, rc, "prepare");
            goto out;
        }
    }
out:
    if (ret != BK_OK) {
        if (err != NULL && errsize > 0)
            snprintf(err, errsize, "%s", q->err);
        sq_close(q);
        return ret;
    }
    *impl = q;
    return BK_OK;
}

static const char *sq_errmsg(void *impl) { return ((sq *)impl)->err; }
static int sq_schema_version(void *impl) { return ((sq *)impl)->version; }

/* Step a statement that returns no rows, then reset it. */
static int step_done(sq *q, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc != SQLITE_DONE)
        return fail(q, rc, what);
    return BK_OK;
}

static int sq_begin(void *impl)
{
    sq *q = impl;
    if (q->st[ST_BEGIN] == NULL) {
        snprintf(q->err, sizeof q->err, "the store is open read-only");
        return BK_ESTORE;
    }
    return step_done(q, q->st[ST_BEGIN], "begin");
}
static int sq_commit(void *impl)
{
    sq *q = impl;
    return step_done(q, q->st[ST_COMMIT], "commit");
}
static void sq_rollback(void *impl)
{
    sq *q = impl;
    if (!sqlite3_get_autocommit(q->db))
        step_done(q, q->st[ST_ROLLBACK], "rollback");
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    sqlite3_bind_text(s, i, v ? v : "", -1, SQLITE_STATIC);
}

static void key_bytes(const bk__ekey *key, unsigned char out[16])
{
    for (int i = 0; i < 8; i++) {
        out[i] = (unsigned char)(key->hi >> (56 - 8 * i));
        out[8 + i] = (unsigned char)(key->lo >> (56 - 8 * i));
    }
}

static int sq_event_insert(void *impl, const bk__ekey *key, const bk_event *ev, const char *rule,
                           const char *outcome, int *inserted)
{
    sq *q = impl;
    sqlite3_stmt *s = q->st[ST_INSERT];
    unsigned char kb[16];
    key_bytes(key, kb);
    sqlite3_bind_blob(s, 1, kb, 16, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, ev->time);
    bind_text(s, 3, bk_action_name(ev->action));
    bind_text(s, 4, ev->recipient);
    bind_text(s, 5, ev->scope);
    bind_text(s, 6, ev->status);
    sqlite3_bind_int(s, 7, ev->reply_code);
    bind_text(s, 8, bk_reason_name(ev->reason));
    bind_text(s, 9, bk_bounce_name(ev->bounce));
    bind_text(s, 10, bk_decision_name(ev->decision));
    bind_text(s, 11, ev->diagnostic);
    bind_text(s, 12, ev->source);
    bind_text(s, 13, ev->message_id);
    bind_text(s, 14, ev->sender);
    bind_text(s, 15, ev->campaign);
    bind_text(s, 16, ev->note);
    bind_text(s, 17, rule);
    bind_text(s, 18, outcome);
    int rc = step_done(q, s, "event insert");
    *inserted = rc == BK_OK && sqlite3_changes(q->db) > 0;
    return rc;
}

static int sq_event_count(void *impl, const char *addr, const char *rule, int64_t since,
                          int64_t until, int64_t *count)
{
    sq *q = impl;
    sqlite3_stmt *s = q->st[ST_COUNT];
    bind_text(s, 1, addr);
    bind_text(s, 2, rule);
    sqlite3_bind_int64(s, 3, since);
    sqlite3_bind_int64(s, 4, until);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *count = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? BK_OK : fail(q, rc, "event count");
}

static int sq_last_delivery(void *impl, const char *addr, int64_t until, int64_t *t)
{
    sq *q = impl;
    sqlite3_stmt *s = q->st[ST_LASTDEL];
    bind_text(s, 1, addr);
    sqlite3_bind_int64(s, 2, until);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *t = sqlite3_column_int64(s, 0); /* NULL reads as 0 */
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? BK_OK : fail(q, rc, "last delivery");
}

static void copy_col(char *dst, size_t size, sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    size_t n = t ? (size_t)sqlite3_column_bytes(s, i) : 0;
    if (n >= size)
        n = size - 1;
    if (n)
        memcpy(dst, t, n);
    dst[n] = '\0';
}

static void row_suppression(sqlite3_stmt *s, bk_suppression *out)
{
    copy_col(out->address, sizeof out->address, s, 0);
    copy_col(out->scope, sizeof out->scope, s, 1);
    copy_col(out->reason, sizeof out->reason, s, 2);
    copy_col(out->rule, sizeof out->rule, s, 3);
    out->first_seen = sqlite3_column_int64(s, 4);
    out->last_seen = sqlite3_column_int64(s, 5);
    out->events = sqlite3_column_int64(s, 6);
    out->expires = sqlite3_column_int64(s, 7);
    copy_col(out->source, sizeof out->source, s, 8);
    copy_col(out->note, sizeof out->note, s, 9);
}

static int sq_supp_get(void *impl, const char *addr, const char *scope, bk_suppression *out)
{
    sq *q = impl;
    sqlite3_stmt *s = q->st[ST_SGET];
    bind_text(s, 1, addr);
    bind_text(s, 2, scope);
    int rc = sqlite3_step(s);
    int ret;
    if (rc == SQLITE_ROW) {
        row_suppression(s, out);
        ret = BK_OK;
    } else if (rc == SQLITE_DONE) {
        ret = BK_ENOTFOUND;
    } else {
        ret = fail(q, rc, "suppression lookup");
    }
    sqlite3_reset(s);
    return ret;
}

static int sq_supp_count(void *impl, int64_t *n)
{
    sq *q = impl;
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(q->db, "SELECT count(*) FROM suppressions", -1, &s, NULL);
    if (rc != SQLITE_OK)
        return fail(q, rc, "suppression count");
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? BK_OK : fail(q, rc, "suppression count");
}

static int sq_supp_put(void *impl, const bk_suppression *x)
{
    sq *q = impl;
    sqlite3_stmt *s = q->st[ST_SPUT];
    if (s == NULL)
        return BK_ESTORE;
    bind_text(s, 1, x->address);
    bind_text(s, 2, x->scope);
    bind_text(s, 3, x->reason);
    bind_text(s, 4, x->rule);
    sqlite3_bind_int64(s, 5, x->first_seen);
    sqlite3_bind_int64(s, 6, x->last_seen);
    sqlite3_bind_int64(s, 7, x->events);
    sqlite3_bind_int64(s, 8, x->expires);
    bind_text(s, 9, x->source);
    bind_text(s, 10, x->note);
    return step_done(q, s, "suppression write");
}

static int sq_supp_delete(void *impl, const char *addr, const char *scope, int *removed)
{
    sq *q = impl;
    sqlite3_stmt *s = q->st[scope ? ST_SDEL : ST_SDEL_ALL];
    if (s == NULL)
        return BK_ESTORE;
    bind_text(s, 1, addr);
    if (scope)
        bind_text(s, 2, scope);
    int rc = step_done(q, s, "suppression delete");
    if (rc == BK_OK && removed)
        *removed = sqlite3_changes(q->db);
    return rc;
}

static const char *col(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? (const char *)t : "";
}

static int sq_supp_scan_keys(void *impl,
                             int (*cb)(void *ctx, const char *addr, const char *scope, int64_t expires,
                                       const char *reason, const char *rule),
                             void *ctx)
{
    sq *q = impl;
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(q->db, "SELECT address, scope, expires, reason, rule FROM suppressions",
                                -1, &s, NULL);
    if (rc != SQLITE_OK)
        return fail(q, rc, "suppression scan");
    int ret = BK_OK;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if ((ret = cb(ctx, col(s, 0), col(s, 1), sqlite3_column_int64(s, 2), col(s, 3), col(s, 4))) != 0)
            break;
    if (ret == BK_OK && rc != SQLITE_DONE)
        ret = fail(q, rc, "suppression scan");
    sqlite3_finalize(s);
    return ret;
}

static int sq_supp_scan(void *impl, int include_expired, int64_t now, const char *after,
                        bk_suppression_cb cb, void *ctx)
{
    sq *q = impl;
    sqlite3_stmt *s;
    /* The primary key (address, scope) gives the order, and with "after"
     * a start: a page costs its own rows, not the rows before it.  The
     * BINARY collation orders as strcmp() does. */
#define SUPP_COLS                                                                            \
    "SELECT address, scope, reason, rule, first_seen, last_seen, events, expires, source," \
    " note FROM suppressions"
    static const char *const sql[2][2] = {
        {SUPP_COLS " WHERE (expires = 0 OR expires > ?1) ORDER BY address, scope",
         SUPP_COLS " WHERE address > ?2 AND (expires = 0 OR expires > ?1) ORDER BY address, scope"},
        {SUPP_COLS " ORDER BY address, scope",
         SUPP_COLS " WHERE address > ?2 ORDER BY address, scope"},
    };
#undef SUPP_COLS
    int rc = sqlite3_prepare_v2(q->db, sql[include_expired != 0][after != NULL], -1, &s, NULL);
    if (rc != SQLITE_OK)
        return fail(q, rc, "suppression scan");
    if (!include_expired)
        sqlite3_bind_int64(s, 1, now);
    if (after != NULL)
        bind_text(s, 2, after);
    int ret = BK_OK;
    bk_suppression row;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        row_suppression(s, &row);
        if ((ret = cb(ctx, &row)) != 0)
            break;
    }
    if (ret == BK_OK && rc != SQLITE_DONE)
        ret = fail(q, rc, "suppression scan");
    sqlite3_finalize(s);
    return ret;
}


static int sq_event_scan(void *impl, const char *addr, int64_t since, bk_event_cb cb, void *ctx)
{
    sq *q = impl;
    sqlite3_stmt *s;
    const char *sql = addr
        ? "SELECT id, time, action, recipient, scope, status, reply_code, reason, bounce, decision,"
          " diagnostic, source, message_id, sender, campaign, note, rule, outcome FROM events"
          " WHERE recipient = ?1 AND time >= ?2 ORDER BY time, id"
        : "SELECT id, time, action, recipient, scope, status, reply_code, reason, bounce, decision,"
          " diagnostic, source, message_id, sender, campaign, note, rule, outcome FROM events"
          " WHERE time >= ?2 ORDER BY time, id";
    int rc = sqlite3_prepare_v2(q->db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return fail(q, rc, "event scan");
    if (addr)
        bind_text(s, 1, addr);
    sqlite3_bind_int64(s, 2, since);
    int ret = BK_OK;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        bk_event_row r;
        memset(&r, 0, sizeof r);
        r.id = sqlite3_column_int64(s, 0);
        r.ev.time = sqlite3_column_int64(s, 1);
        const char *a = col(s, 2);
        if (bk_action_from_name(a, strlen(a), &r.ev.action) != BK_OK)
            r.ev.action = BK_ACTION_FAILED;
        r.ev.recipient = col(s, 3);
        r.ev.scope = col(s, 4);
        r.ev.status = col(s, 5);
        r.ev.reply_code = sqlite3_column_int(s, 6);
        const char *rs = col(s, 7);
        if (bk_reason_from_name(rs, strlen(rs), &r.ev.reason) != BK_OK)
            r.ev.reason = BK_REASON_UNDEFINED;
        const char *b = col(s, 8);
        r.ev.bounce = strcmp(b, "hard") == 0 ? BK_BOUNCE_HARD
                    : strcmp(b, "soft") == 0 ? BK_BOUNCE_SOFT : BK_BOUNCE_NONE;
        const char *d = col(s, 9);
        r.ev.decision = strcmp(d, "suppress") == 0     ? BK_DECISION_SUPPRESS
                      : strcmp(d, "retry") == 0        ? BK_DECISION_RETRY
                      : strcmp(d, "fix-sender") == 0   ? BK_DECISION_FIX_SENDER
                                                       : BK_DECISION_NONE;
        r.ev.diagnostic = col(s, 10);
        r.ev.source = col(s, 11);
        r.ev.message_id = col(s, 12);
        r.ev.sender = col(s, 13);
        r.ev.campaign = col(s, 14);
        r.ev.note = col(s, 15);
        r.ev.event_key = "";
        r.rule = col(s, 16);
        r.outcome = col(s, 17);
        if ((ret = cb(ctx, &r)) != 0)
            break;
    }
    if (ret == BK_OK && rc != SQLITE_DONE)
        ret = fail(q, rc, "event scan");
    sqlite3_finalize(s);
    return ret;
}

static int sq_cursor_get(void *impl, const char *name, char *buf, size_t size)
{
    sq *q = impl;
    sqlite3_stmt *s = q->st[ST_CGET];
    bind_text(s, 1, name);
    int rc = sqlite3_step(s);
    int ret;
    if (rc == SQLITE_ROW) {
        const char *v = col(s, 0);
        ret = strlen(v) < size ? BK_OK : BK_ETOOBIG;
        if (ret == BK_OK)
            memcpy(buf, v, strlen(v) + 1);
    } else if (rc == SQLITE_DONE) {
        ret = BK_ENOTFOUND;
    } else {
        ret = fail(q, rc, "cursor");
    }
    sqlite3_reset(s);
    return ret;
}

static int sq_cursor_put(void *impl, const char *name, const char *value)
{
    sq *q = impl;
    sqlite3_stmt *s = q->st[ST_CPUT];
    bind_text(s, 1, name);
    bind_text(s, 2, value);
    return step_done(q, s, "cursor");
}

const bk__store_ops bk__store_sqlite_ops = {
    "sqlite",          sq_open,        sq_close,      sq_errmsg,       sq_schema_version,
    sq_begin,          sq_commit,      sq_rollback,   sq_event_insert,
    sq_event_count,    sq_last_delivery, sq_supp_get, sq_supp_count,   sq_supp_put,
    sq_supp_delete,
    sq_supp_scan,      sq_supp_scan_keys, sq_event_scan,  sq_cursor_get, sq_cursor_put,
};
