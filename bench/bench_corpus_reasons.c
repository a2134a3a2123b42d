/*
 * bench_corpus_reasons.c - the C side of bench/corpus_reasons.py: classify
 * diagnostic texts given on standard input, one a line, and print the
 * verdict of each.
 *
 * Input lines (tab-separated):   KEY  REPLY_CODE  STATUS  TEXT
 *   REPLY_CODE and STATUS may be empty; TEXT has "\n", "\t" and "\\"
 *   escaped.  Each line goes through bk_reply_classify_parts(), the call a
 *   bounce decoder makes for one recipient.
 * Output lines (tab-separated):  KEY  REASON  BOUNCE  RULE  PROVIDER  CLASS
 *
 * With --time N it instead classifies the texts read N times over and
 * prints the rate (replies per second) on one thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bouncekit.h"

#define LINE_MAX_BYTES (1 << 20) /* one escaped text; the library reads at most BK_REPLY_MAX */
#define MAX_ITEMS 100000          /* texts kept for --time */

typedef struct item {
    char *key;
    int rc;
    int has_status;
    bk_status st;
    char *text;
    size_t len;
} item;

static size_t unescape(char *s)
{
    size_t o = 0;
    for (size_t i = 0; s[i] != '\0'; i++) {
        if (s[i] == '\\' && s[i + 1] != '\0') {
            i++;
            s[o++] = s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i] == 'r' ? '\r' : s[i];
        } else {
            s[o++] = s[i];
        }
    }
    s[o] = '\0';
    return o;
}

static int parse_line(char *line, item *it)
{
    size_t n = strlen(line);
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    char *f[4];
    f[0] = line;
    for (int k = 1; k < 4; k++) {
        char *t = strchr(f[k - 1], '\t');
        if (t == NULL)
            return -1;
        *t = '\0';
        f[k] = t + 1;
    }
    it->key = f[0];
    it->rc = atoi(f[1]);
    it->has_status = bk_status_parse(f[2], strlen(f[2]), &it->st) == BK_OK;
    it->text = f[3];
    it->len = unescape(f[3]);
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    long rounds = 0;
    if (argc == 3 && strcmp(argv[1], "--time") == 0)
        rounds = atol(argv[2]);
    else if (argc != 1) {
        fprintf(stderr, "usage: bench_corpus_reasons [--time ROUNDS] < INPUT.tsv\n");
        return 2;
    }
    char *line = malloc(LINE_MAX_BYTES);
    item *items = rounds > 0 ? calloc(MAX_ITEMS, sizeof *items) : NULL;
    size_t nitems = 0;
    if (line == NULL || (rounds > 0 && items == NULL))
        return 1;
    while (fgets(line, LINE_MAX_BYTES, stdin) != NULL) {
        item it;
        if (parse_line(line, &it) != 0)
            continue;
        if (rounds > 0) {
            if (nitems < MAX_ITEMS) {
                items[nitems] = it;
                items[nitems].key = NULL;
                items[nitems].text = malloc(it.len + 1);
                if (items[nitems].text == NULL)
                    return 1;
                memcpy(items[nitems].text, it.text, it.len + 1);
                nitems++;
            }
            continue;
        }
        bk_reply_info r;
        bk_reply_classify_parts(it.rc, it.has_status ? &it.st : NULL, it.text, it.len, &r);
        printf("%s\t%s\t%s\t%s\t%s\t%s\n", it.key, bk_reason_name(r.reason),
               bk_bounce_name(r.bounce), r.rule, r.provider, bk_class_name(r.cls));
    }
    if (rounds > 0 && nitems > 0) {
        unsigned long sink = 0;
        double t0 = now();
        for (long k = 0; k < rounds; k++)
            for (size_t i = 0; i < nitems; i++) {
                bk_reply_info r;
                bk_reply_classify_parts(items[i].rc, items[i].has_status ? &items[i].st : NULL,
                                        items[i].text, items[i].len, &r);
                sink += (unsigned long)r.reason;
            }
        double dt = now() - t0;
        double total = (double)rounds * (double)nitems;
        printf("%.0f replies in %.3f s: %.0f replies/s (checksum %lu)\n", total, dt, total / dt,
               sink);
    }
    for (size_t i = 0; i < nitems; i++)
        free(items[i].text);
    free(items);
    free(line);
    return 0;
}
