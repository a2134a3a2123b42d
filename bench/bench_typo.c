/*
 * bench_typo.c - the typo suggester on a list of domains.
 *
 *   bench_typo FILE [REPEAT]
 *
 * FILE: one domain a line (a TAB and anything after it is ignored, '#'
 * lines are comments).  Prints "domain<TAB>suggestion" ("-" for none) for
 * each, then the time of REPEAT passes over the list on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bouncekit.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_typo FILE [REPEAT]\n");
        return 2;
    }
    long repeat = argc > 2 ? strtol(argv[2], NULL, 10) : 1000;
    FILE *f = fopen(argv[1], "r");
    if (f == NULL)
        return 2;
    char line[512];
    char **dom = NULL;
    size_t n = 0, cap = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\t\r\n")] = '\0';
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            dom = realloc(dom, cap * sizeof *dom);
            if (dom == NULL)
                return 1;
        }
        dom[n++] = strdup(line);
    }
    fclose(f);
    bk_typo *t;
    if (bk_typo_create(&t) != BK_OK)
        return 1;
    char out[256];
    for (size_t i = 0; i < n; i++) {
        int rc = bk_typo_suggest(t, dom[i], strlen(dom[i]), out, sizeof out);
        printf("%s\t%s\n", dom[i], rc == 1 ? out : "-");
    }
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    unsigned long found = 0;
    for (long r = 0; r < repeat; r++)
        for (size_t i = 0; i < n; i++)
            found += bk_typo_suggest(t, dom[i], strlen(dom[i]), out, sizeof out) == 1;
    clock_gettime(CLOCK_MONOTONIC, &b);
    double secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    fprintf(stderr, "bouncekit: %lu lookups in %.3f s = %.0f domains/s\n",
            (unsigned long)repeat * n, secs, (double)repeat * (double)n / secs);
    (void)found;
    for (size_t i = 0; i < n; i++)
        free(dom[i]);
    free(dom);
    bk_typo_free(t);
    return 0;
}
