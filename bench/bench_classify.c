/*
 * bench_classify.c - reply classification throughput, one thread.
 *
 * usage: bench_classify FILE [ROUNDS]
 *
 * FILE holds one reply per line (bench/make_replies.sh builds a large one
 * from real replies).  All lines are loaded first; then every line is
 * classified with bk_reply_classify() ROUNDS times (default 1) and the
 * rate is printed as replies per second, with a histogram of reasons so
 * that the work cannot be optimised away.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bouncekit.h"

static double clock_seconds(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void) { return clock_seconds(CLOCK_MONOTONIC); }
/* CPU time of this thread: steadier than wall time on a shared machine. */
static double cpu_now(void) { return clock_seconds(CLOCK_THREAD_CPUTIME_ID); }

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_classify FILE [ROUNDS]\n");
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 1;
    if (rounds < 1)
        rounds = 1;
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) {
        perror(argv[1]);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (size <= 0) {
        fprintf(stderr, "bench_classify: %s is empty\n", argv[1]);
        fclose(f);
        return 1;
    }
    char *data = malloc((size_t)size + 1);
    if (data == NULL || fread(data, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "bench_classify: cannot read %s\n", argv[1]);
        fclose(f);
        return 1;
    }
    fclose(f);
    data[size] = '\0';
    size_t nlines = 0;
    for (long i = 0; i < size; i++)
        if (data[i] == '\n')
            nlines++;
    nlines++;
    const char **lines = malloc(nlines * sizeof *lines);
    size_t *lens = malloc(nlines * sizeof *lens);
    if (lines == NULL || lens == NULL)
        return 1;
    size_t n = 0;
    char *p = data, *end = data + size;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (len > 0)
            lines[n] = p, lens[n++] = len;
        p += len + 1;
    }
    size_t hist[BK_REASON__COUNT] = {0};
    size_t errors = 0, bytes = 0;
    bk_reply_info info;
    double t0 = now(), c0 = cpu_now();
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < n; i++) {
            if (bk_reply_classify(lines[i], lens[i], &info) == BK_OK)
                hist[info.reason]++;
            else
                errors++;
            bytes += lens[i];
        }
    }
    double dt = now() - t0, dc = cpu_now() - c0;
    double total = (double)n * rounds;
    printf("replies:        %.0f (%zu distinct lines x %d rounds), %zu rejected as malformed\n",
           total, n, rounds, errors / (size_t)rounds);
    printf("time:           %.3f s wall, %.3f s CPU\n", dt, dc);
    printf("throughput:     %.0f replies/s, %.1f MB/s (one thread, wall clock)\n", total / dt,
           (double)bytes / dt / 1e6);
    printf("per CPU second: %.0f replies/s\n", total / dc);
    printf("reasons:");
    for (int k = 0; k < BK_REASON__COUNT; k++)
        if (hist[k])
            printf(" %s=%zu", bk_reason_name((bk_reason)k), hist[k] / (size_t)rounds);
    printf("\n");
    free(lines);
    free(lens);
    free(data);
    return 0;
}
