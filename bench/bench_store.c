/*
 * bench_store.c - ingest rate and lookup rate of the suppression store.
 *
 *   bench_store [--db PATH] [--suppressions N] [--events M] [--lookups K]
 *
 * Builds (once; kept at PATH) a store holding N suppressions, then measures
 *  - ingest: M mixed events (hard and soft bounces, deliveries, deferrals)
 *    through bk_store_ingest() in transactions of 10000, policy applied;
 *  - lookups: bk_store_check() on K addresses (10% suppressed) with the
 *    in-memory index, and on fewer without it (SQLite point queries).
 * Prints one line per figure.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bouncekit.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Wall-clock and CPU-time rates: on a shared machine the second says what
 * one core does, the first what this run got. */
static void rate_line(const char *what, long long n, double wall, double cpu, const char *extra)
{
    printf("%s: %lld in %.2f s = %.0f/s (CPU %.2f s = %.0f/s per core)%s\n", what, n, wall,
           (double)n / wall, cpu, (double)n / cpu, extra);
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void addr_of(uint64_t i, char *buf, size_t size)
{
    snprintf(buf, size, "user%llu@d%llu.example", (unsigned long long)i, (unsigned long long)(i % 50000));
}

/* Fill the suppressions table directly: the setup, not what is measured. */
static int build(const char *path, long long n)
{
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK)
        return -1;
    sqlite3_stmt *q;
    long long have = 0;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM suppressions", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        have = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    if (have >= n) {
        sqlite3_close(db);
        printf("store: %lld suppressions already present\n", have);
        return 0;
    }
    double t0 = now_s();
    sqlite3_exec(db, "PRAGMA synchronous=OFF; BEGIN", NULL, NULL, NULL);
    sqlite3_prepare_v2(db,
                       "INSERT OR IGNORE INTO suppressions VALUES(?1,'','userunknown','hard-bounce',"
                       "1790000000,1790000000,1,0,'bench','')",
                       -1, &q, NULL);
    char a[128];
    for (long long i = have; i < n; i++) {
        addr_of((uint64_t)i, a, sizeof a);
        sqlite3_bind_text(q, 1, a, -1, SQLITE_STATIC);
        sqlite3_step(q);
        sqlite3_reset(q);
        if (i % 1000000 == 999999) {
            sqlite3_exec(db, "COMMIT; BEGIN", NULL, NULL, NULL);
            fprintf(stderr, "  %lld\n", i + 1);
        }
    }
    sqlite3_finalize(q);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(db);
    printf("store: built %lld suppressions in %.1f s (setup)\n", n - have, now_s() - t0);
    return 0;
}

int main(int argc, char **argv)
{
    const char *path = "/tmp/bk-bench-store.db";
    long long nsupp = 10000000, nevents = 1000000, nlook = 10000000, batch = 10000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--db") == 0)
            path = argv[i + 1];
        else if (strcmp(argv[i], "--suppressions") == 0)
            nsupp = atoll(argv[i + 1]);
        else if (strcmp(argv[i], "--events") == 0)
            nevents = atoll(argv[i + 1]);
        else if (strcmp(argv[i], "--lookups") == 0)
            nlook = atoll(argv[i + 1]);
        else if (strcmp(argv[i], "--batch") == 0)
            batch = atoll(argv[i + 1]);
        else {
            fprintf(stderr, "usage: bench_store [--db PATH] [--suppressions N] [--events M] [--lookups K] [--batch B]\n");
            return 2;
        }
    }
    char err[256];
    bk_store *s;
    if (bk_store_open(path, NULL, &s, err, sizeof err) != BK_OK) {
        fprintf(stderr, "open %s: %s\n", path, err);
        return 1;
    }
    bk_store_close(s); /* schema created */
    if (build(path, nsupp) != 0)
        return 1;
    if (bk_store_open(path, NULL, &s, err, sizeof err) != BK_OK) {
        fprintf(stderr, "open %s: %s\n", path, err);
        return 1;
    }

    /* ---- ingest ---- */
    if (batch < 1 || batch > BK_EVENTS_MAX)
        batch = 10000;
    const long long BATCH = batch;
    bk_event *ev = calloc((size_t)BATCH, sizeof *ev);
    char (*addrs)[64] = calloc((size_t)BATCH, 64);
    char (*diags)[96] = calloc((size_t)BATCH, 96);
    static const struct {
        bk_action a;
        bk_reason r;
        bk_bounce b;
        const char *status;
        int code;
        const char *text;
    } kinds[6] = {
        {BK_ACTION_FAILED, BK_REASON_USERUNKNOWN, BK_BOUNCE_HARD, "5.1.1", 550, "550 5.1.1 no such user"},
        {BK_ACTION_FAILED, BK_REASON_USERUNKNOWN, BK_BOUNCE_HARD, "5.1.1", 550, "550 5.1.1 no such user"},
        {BK_ACTION_DELIVERED, BK_REASON_DELIVERED, BK_BOUNCE_NONE, "2.0.0", 250, "250 2.0.0 Ok"},
        {BK_ACTION_DELIVERED, BK_REASON_DELIVERED, BK_BOUNCE_NONE, "2.0.0", 250, "250 2.0.0 Ok"},
        {BK_ACTION_FAILED, BK_REASON_MAILBOXFULL, BK_BOUNCE_SOFT, "5.2.2", 552, "552 5.2.2 mailbox full"},
        {BK_ACTION_DELAYED, BK_REASON_MAILBOXFULL, BK_BOUNCE_NONE, "4.2.2", 452, "452 4.2.2 mailbox full"},
    };
    uint64_t base = (uint64_t)nsupp + (uint64_t)time(NULL) * 1000; /* new addresses each run */
    double t0 = now_s(), c0 = cpu_s();
    long long done = 0, suppressed = 0;
    int64_t t = 1790000000;
    while (done < nevents) {
        size_t n = (size_t)(nevents - done < BATCH ? nevents - done : BATCH);
        for (size_t i = 0; i < n; i++) {
            int k = (int)(next_rand() % 6);
            /* soft bounces repeat over a small set so thresholds are reached */
            uint64_t who = k == 4 ? base + next_rand() % 20000 : base + (uint64_t)(done + (long long)i);
            addr_of(who, addrs[i], sizeof addrs[i]);
            snprintf(diags[i], sizeof diags[i], "%s (bench %lld)", kinds[k].text, done + (long long)i);
            memset(&ev[i], 0, sizeof ev[i]);
            ev[i].time = t++;
            ev[i].action = kinds[k].a;
            ev[i].recipient = addrs[i];
            ev[i].status = kinds[k].status;
            ev[i].reply_code = kinds[k].code;
            ev[i].reason = kinds[k].r;
            ev[i].bounce = kinds[k].b;
            ev[i].diagnostic = diags[i];
            ev[i].source = "bench";
            ev[i].message_id = "bench";
        }
        bk_ingest_stats st;
        int rc = bk_store_ingest(s, NULL, ev, n, "bench", "pos", &st);
        if (rc != BK_OK) {
            fprintf(stderr, "ingest: %s\n", bk_store_errmsg(s));
            return 1;
        }
        suppressed += (long long)st.suppressed;
        done += (long long)n;
    }
    double dt = now_s() - t0;
    char extra[160];
    snprintf(extra, sizeof extra, " [events; batches of %lld, policy applied, %lld suppressions made; store of %lld suppressions]",
             BATCH, suppressed, nsupp);
    rate_line("ingest", done, dt, cpu_s() - c0, extra);

    if (nlook == 0) {
        bk_store_close(s);
        return 0;
    }
    /* ---- lookups ---- */
    t0 = now_s();
    double ci = cpu_s();
    if (bk_store_index_load(s) != BK_OK) {
        fprintf(stderr, "index: %s\n", bk_store_errmsg(s));
        return 1;
    }
    printf("index: loaded in %.2f s (CPU %.2f s)\n", now_s() - t0, cpu_s() - ci);
    /* Addresses are made before the clock starts: 1M of them (10% of
     * them suppressed) and 1M never suppressed, each list cycled. */
    enum { NADDR = 1000000 };
    char (*mixed)[40] = malloc((size_t)NADDR * 40), (*misses)[40] = malloc((size_t)NADDR * 40);
    size_t *mlen = malloc(NADDR * sizeof *mlen), *xlen = malloc(NADDR * sizeof *xlen);
    if (!mixed || !misses || !mlen || !xlen)
        return 1;
    for (size_t i = 0; i < NADDR; i++) {
        uint64_t r = next_rand();
        uint64_t who = r % 10 == 0 ? (r >> 8) % (uint64_t)nsupp : (uint64_t)nsupp * 4 + (r >> 8) % 100000000;
        addr_of(who, mixed[i], sizeof mixed[i]);
        mlen[i] = strlen(mixed[i]);
        addr_of((uint64_t)nsupp * 4 + next_rand() % 100000000, misses[i], sizeof misses[i]);
        xlen[i] = strlen(misses[i]);
    }
    long long hits = 0;
    t0 = now_s();
    double c1 = cpu_s();
    for (long long i = 0; i < nlook; i++) {
        size_t k = (size_t)(i % NADDR);
        bk_check_result res;
        if (bk_store_check(s, NULL, mixed[k], mlen[k], NULL, 1800000000, &res) != BK_OK)
            return 1;
        hits += res.suppressed;
    }
    dt = now_s() - t0;
    snprintf(extra, sizeof extra, " [10%% suppressed: %lld]", hits);
    rate_line("lookup (index)", nlook, dt, cpu_s() - c1, extra);
    t0 = now_s();
    c1 = cpu_s();
    for (long long i = 0; i < nlook; i++) {
        size_t k = (size_t)(i % NADDR);
        bk_check_result res;
        bk_store_check(s, NULL, misses[k], xlen[k], NULL, 1800000000, &res);
        hits += res.suppressed;
    }
    dt = now_s() - t0;
    rate_line("lookup (index, none suppressed)", nlook, dt, cpu_s() - c1, "");
    bk_store_close(s);

    /* without the index: SQLite point queries */
    if (bk_store_open(path, NULL, &s, err, sizeof err) != BK_OK)
        return 1;
    long long nq = nlook / 10;
    t0 = now_s();
    c1 = cpu_s();
    hits = 0;
    for (long long i = 0; i < nq; i++) {
        size_t k = (size_t)(i % NADDR);
        bk_check_result res;
        bk_store_check(s, NULL, mixed[k], mlen[k], NULL, 1800000000, &res);
        hits += res.suppressed;
    }
    dt = now_s() - t0;
    snprintf(extra, sizeof extra, " [10%% suppressed: %lld]", hits);
    rate_line("lookup (SQLite, no index)", nq, dt, cpu_s() - c1, extra);
    bk_store_close(s);
    free(ev);
    free(addrs);
    free(diags);
    free(mixed);
    free(misses);
    free(mlen);
    free(xlen);
    return 0;
}
