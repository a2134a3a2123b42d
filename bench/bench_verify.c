/*
 * bench_verify.c - the offline checks of "bouncekit verify" (syntax, typo
 * suggestion, disposable / role / free lists) over N generated addresses on
 * one thread.
 *
 *   bench_verify [N] [DATA_DIR]     (default 1000000, data/verify)
 *
 * The mix: 60% addresses at popular providers, 30% at 100,000 distinct
 * company domains, 5% typos of providers, 3% role addresses, 2% invalid.
 * Each address passes through bk_verify_offline() exactly as the CLI
 * does with --offline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bouncekit.h"

static unsigned long long rng = 88172645463325252ULL;
static unsigned long long next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static const char *const providers[] = {"gmail.com", "yahoo.com", "hotmail.com", "outlook.com",
                                        "icloud.com", "aol.com", "gmx.de", "web.de", "orange.fr",
                                        "mail.ru", "qq.com", "163.com", "naver.com", "libero.it",
                                        "yahoo.co.uk", "comcast.net", "t-online.de", "free.fr"};
static const char *const typos[] = {"gmial.com", "gmail.con", "gmailcom", "yaho.com",
                                    "hotmial.com", "outlok.com", "gmail,com", "gmai.com",
                                    "yahoo.co", "hotmail.co"};
static const char *const roles[] = {"info", "postmaster", "noreply", "sales", "support"};
static const char *const tlds[] = {"com", "net", "org", "de", "fr", "co.uk", "io", "nl"};
static const char *const invalid[] = {"jane.doe", "jane@", "@example.org", "ja ne@example.org",
                                      "jane..doe@example.org", "\"jane@example.org"};

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    const char *dir = argc > 2 ? argv[2] : "data/verify";
    bk_typo *t;
    bk_lists *l;
    if (bk_typo_create(&t) != BK_OK || bk_lists_create(&l) != BK_OK)
        return 1;
    if (bk_lists_load_dir(l, dir) != BK_OK) {
        fprintf(stderr, "bench_verify: cannot load lists from %s\n", dir);
        return 1;
    }
    /* Generate all addresses first: only the checks are timed. */
    char *buf = malloc(n * 64);
    size_t *off = malloc(n * sizeof *off), *len = malloc(n * sizeof *len);
    if (buf == NULL || off == NULL || len == NULL)
        return 1;
    size_t pos = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned r = (unsigned)(next() % 100);
        char *p = buf + pos;
        int k;
        unsigned long long x = next();
        if (r < 60)
            k = snprintf(p, 64, "user%llu@%s", x % 1000000,
                         providers[x % (sizeof providers / sizeof *providers)]);
        else if (r < 90)
            k = snprintf(p, 64, "first.last%llu@company%llu.%s", x % 1000, (x >> 20) % 100000,
                         tlds[(x >> 40) % (sizeof tlds / sizeof *tlds)]);
        else if (r < 95)
            k = snprintf(p, 64, "user%llu@%s", x % 1000000, typos[x % (sizeof typos / sizeof *typos)]);
        else if (r < 98)
            k = snprintf(p, 64, "%s@company%llu.com", roles[x % 5], (x >> 20) % 100000);
        else
            k = snprintf(p, 64, "%s", invalid[x % (sizeof invalid / sizeof *invalid)]);
        off[i] = pos;
        len[i] = (size_t)k;
        pos += (size_t)k;
    }
    unsigned long verdicts[4] = {0, 0, 0, 0}, suggestions = 0;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (size_t i = 0; i < n; i++) {
        bk_verify_result r;
        bk_verify_offline(t, l, BK_ADDR_PROFILE_DEFAULT, buf + off[i], len[i], &r);
        verdicts[r.verdict]++;
        if (r.suggestion[0])
            suggestions++;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    printf("offline checks: %zu addresses in %.3f s = %.0f addresses/s (one thread)\n", n, secs,
           (double)n / secs);
    printf("  deliverable %lu, undeliverable %lu, risky %lu, unknown %lu; %lu suggestions\n",
           verdicts[0], verdicts[1], verdicts[2], verdicts[3], suggestions);
    free(buf);
    free(off);
    free(len);
    bk_lists_free(l);
    bk_typo_free(t);
    return 0;
}
