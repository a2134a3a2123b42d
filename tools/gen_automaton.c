/*
 * gen_automaton.c - build-time tool: compiles the anchor (the first
 * BK_AC_ANCHOR_MAX bytes of the first piece) of every pattern of the reply,
 * provider and context rule tables into an Aho-Corasick automaton and
 * writes it as C source (const tables).
 *
 * usage: bk_gen_automaton OUTPUT.c
 *
 * It also checks the tables: patterns must be lower case and folded as the
 * normaliser folds text (utf8_fold.h), pieces non-empty, rule ids unique.
 * A bad table fails the build with a message.
 *
 * Bytes 0x80..0xFF (UTF-8 text) reach the automaton through 4 shared
 * classes, by their low two bits (see ac_byte()): a class per byte would
 * widen every row of the transition table for the few rules written in
 * other scripts, and a narrow table stays in the CPU's cache.  An anchor
 * that holds such bytes can then hit where other bytes stand, so the
 * matcher compares it in place (bk_ac_pattern.verify).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reply_rules.h"
#include "utf8_fold.h"

#define MAX_STATES 200000

typedef struct node {
    int next[256];
    int fail;
    int *out;
    int nout, capout;
} node;

static node *nodes;
static int nnodes;

static int new_node(void)
{
    if (nnodes >= MAX_STATES) {
        fprintf(stderr, "gen_automaton: too many states\n");
        exit(1);
    }
    node *n = &nodes[nnodes];
    memset(n, 0, sizeof *n);
    for (int i = 0; i < 256; i++)
        n->next[i] = -1;
    return nnodes++;
}

static void add_out(node *n, int id)
{
    for (int i = 0; i < n->nout; i++)
        if (n->out[i] == id)
            return;
    if (n->nout == n->capout) {
        n->capout = n->capout ? n->capout * 2 : 4;
        n->out = realloc(n->out, (size_t)n->capout * sizeof *n->out);
        if (n->out == NULL)
            exit(1);
    }
    n->out[n->nout++] = id;
}

/* Separator before the n-th element of a generated array. */
static const char *sep(long n, int per_line)
{
    if (n == 0)
        return "\n  ";
    return n % per_line ? "," : ",\n  ";
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int check_pattern(const char *what, const char *id, const char *p)
{
    size_t len = strlen(p);
    if (len == 0 || p[0] == '*' || p[len - 1] == '*' || strstr(p, "**") != NULL) {
        fprintf(stderr, "gen_automaton: %s %s: bad pattern \"%s\"\n", what, id, p);
        return 1;
    }
    for (size_t i = 0; i < len; i++) {
        if (p[i] >= 'A' && p[i] <= 'Z') {
            fprintf(stderr, "gen_automaton: %s %s: pattern not lower case \"%s\"\n", what, id, p);
            return 1;
        }
        if ((p[i] == ' ' && (i + 1 == len || p[i + 1] == ' ' || p[i + 1] == '*')) ||
            (p[i] == ' ' && i > 0 && p[i - 1] == '*') || (p[i] == ' ' && i == 0)) {
            fprintf(stderr, "gen_automaton: %s %s: stray space in \"%s\"\n", what, id, p);
            return 1;
        }
        if ((unsigned char)p[i] >= 0x80) {
            /* The normaliser folds the text (utf8_fold.h): a pattern must
             * be written in folded form, or it could never match. */
            unsigned char f[2];
            size_t flen;
            size_t used = bk__utf8_fold((const unsigned char *)p + i, len - i, f, &flen);
            if (used > 0) {
                fprintf(stderr, "gen_automaton: %s %s: \"%s\" holds a letter the normaliser folds "
                        "(write \"%.*s\" for \"%.*s\")\n", what, id, p, (int)flen, (const char *)f,
                        (int)used, p + i);
                return 1;
            }
        }
        if (p[i] == '\t' || p[i] == '\n' || p[i] == '\r') {
            fprintf(stderr, "gen_automaton: %s %s: white space other than ' ' in \"%s\"\n", what, id, p);
            return 1;
        }
    }
    return 0;
}

/* The pattern of a pattern id. */
static const char *pattern_of(size_t i)
{
    if (i < bk__reply_rules_count)
        return bk__reply_rules[i].pattern;
    if (i < bk__reply_rules_count + bk__provider_rules_count)
        return bk__provider_rules[i - bk__reply_rules_count].pattern;
    return bk__context_rules[i - bk__reply_rules_count - bk__provider_rules_count].pattern;
}

static size_t first_piece_len(const char *p)
{
    const char *star = strchr(p, '*');
    return star ? (size_t)(star - p) : strlen(p);
}

/* How many patterns' first pieces contain the n bytes at a. */
static int anchor_use(const char *a, size_t n, size_t npat)
{
    int uses = 0;
    for (size_t j = 0; j < npat; j++) {
        const char *q = pattern_of(j);
        size_t ql = first_piece_len(q);
        for (size_t k = 0; k + n <= ql; k++)
            if (memcmp(q + k, a, n) == 0) {
                uses++;
                break;
            }
    }
    return uses;
}

/* Pick the anchor of pattern i: the window of the first piece that the
 * fewest patterns share (the earliest among equals). */
static size_t pick_anchor(size_t i, size_t npat, size_t *len)
{
    const char *p = pattern_of(i);
    size_t first = first_piece_len(p);
    if (first <= BK_AC_ANCHOR_MAX) {
        *len = first;
        return 0;
    }
    *len = BK_AC_ANCHOR_MAX;
    size_t best = 0;
    int best_uses = -1;
    for (size_t off = 0; off + BK_AC_ANCHOR_MAX <= first; off++) {
        int u = anchor_use(p + off, BK_AC_ANCHOR_MAX, npat);
        if (best_uses < 0 || u < best_uses) {
            best = off;
            best_uses = u;
        }
        if (best_uses == 1)
            break;
    }
    return best;
}

/* The byte the automaton sees: ASCII as it is, 0x80..0xFF folded onto
 * 0x80..0x83 by their low two bits.  An anchor of other scripts then also
 * hits on other non-ASCII bytes of the same low bits (the matcher weeds
 * those out); English text, which holds almost none, is not slowed. */
static unsigned ac_byte(unsigned char c)
{
    return c < 0x80 ? c : 0x80u | (c & 0x03u);
}

static void insert(const char *p, size_t len, int id)
{
    int s = 0;
    for (size_t k = 0; k < len; k++) {
        unsigned ch = ac_byte((unsigned char)p[k]);
        if (nodes[s].next[ch] < 0) {
            int n = new_node();
            nodes[s].next[ch] = n;
        }
        s = nodes[s].next[ch];
    }
    add_out(&nodes[s], id);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bk_gen_automaton OUTPUT.c\n");
        return 2;
    }
    nodes = calloc(MAX_STATES, sizeof *nodes);
    if (nodes == NULL)
        return 1;
    int bad = 0;
    for (size_t i = 0; i < bk__reply_rules_count; i++) {
        const bk_reply_rule *r = &bk__reply_rules[i];
        if (r->id == NULL || r->pattern == NULL) {
            fprintf(stderr, "gen_automaton: rule %zu lacks id or pattern\n", i);
            bad = 1;
            continue;
        }
        bad |= check_pattern("rule", r->id, r->pattern);
        for (size_t k = 0; k < i; k++)
            if (strcmp(bk__reply_rules[k].id, r->id) == 0) {
                fprintf(stderr, "gen_automaton: duplicate rule id %s\n", r->id);
                bad = 1;
            }
        if ((unsigned)r->reason >= BK_REASON__COUNT) {
            fprintf(stderr, "gen_automaton: rule %s: bad reason\n", r->id);
            bad = 1;
        }
    }
    for (size_t i = 0; i < bk__provider_rules_count; i++)
        bad |= check_pattern("provider rule", bk__provider_rules[i].provider,
                             bk__provider_rules[i].pattern);
    for (size_t i = 0; i < bk__context_rules_count; i++)
        bad |= check_pattern("context rule", "-", bk__context_rules[i].pattern);
    if (bk__reply_rules_count > 4096) {
        fprintf(stderr, "gen_automaton: more than 4096 rules; raise MAX_RULES in classify.c\n");
        bad = 1;
    }
    /* Patterns may not hold bytes below 0x04: normalisation maps them away. */
    for (size_t i = 0; i < bk__reply_rules_count; i++)
        for (const char *c = bk__reply_rules[i].pattern; *c; c++)
            if ((unsigned char)*c < 4) {
                fprintf(stderr, "gen_automaton: rule %s: control byte in pattern\n",
                        bk__reply_rules[i].id);
                bad = 1;
            }
    if (bad)
        return 1;

    new_node(); /* root */
    size_t npat = bk__reply_rules_count + bk__provider_rules_count + bk__context_rules_count;
    size_t *anchor_off = calloc(npat, sizeof *anchor_off);
    size_t *anchor_len = calloc(npat, sizeof *anchor_len);
    if (anchor_off == NULL || anchor_len == NULL)
        return 1;
    for (size_t i = 0; i < npat; i++) {
        anchor_off[i] = pick_anchor(i, npat, &anchor_len[i]);
        insert(pattern_of(i) + anchor_off[i], anchor_len[i], (int)i);
    }

    /* Breadth-first: fail links and full transitions. */
    int *queue = malloc((size_t)nnodes * sizeof *queue);
    int qh = 0, qt = 0;
    if (queue == NULL)
        return 1;
    for (int c = 0; c < 256; c++) {
        int n = nodes[0].next[c];
        if (n < 0) {
            nodes[0].next[c] = 0;
        } else {
            nodes[n].fail = 0;
            queue[qt++] = n;
        }
    }
    while (qh < qt) {
        int s = queue[qh++];
        node *ns = &nodes[s];
        node *nf = &nodes[ns->fail];
        for (int i = 0; i < nf->nout; i++)
            add_out(ns, nf->out[i]);
        for (int c = 0; c < 256; c++) {
            int n = ns->next[c];
            if (n < 0) {
                ns->next[c] = nodes[ns->fail].next[c];
            } else {
                nodes[n].fail = nodes[ns->fail].next[c];
                queue[qt++] = n;
            }
        }
    }

    /* Byte classes: bytes that occur in no pattern share class 0. */
    int cls[256] = {0};
    int ncls = 1;
    for (int c = 0; c < 0xC0; c++) {
        int used = 0;
        for (int s = 0; s < nnodes && !used; s++)
            if (nodes[s].next[c] != 0)
                used = 1;
        if (used)
            cls[c] = ncls++;
    }
    /* every byte >= 0x80 takes the class of the byte it folds onto */
    for (int c = 0x80; c < 256; c++)
        cls[c] = cls[ac_byte((unsigned char)c)];

    FILE *out = fopen(argv[1], "w");
    if (out == NULL) {
        perror(argv[1]);
        return 1;
    }
    fprintf(out, "/* Generated by tools/gen_automaton.c from src/lib/reply_rules.c: do not edit. */\n");
    fprintf(out, "#include \"reply_rules.h\"\n\n");
    fprintf(out, "const uint32_t bk__ac_nstates = %d;\n", nnodes);
    /* Rows are padded to a power of two so that a row starts at
     * state << bk__ac_shift: a shift, not a multiply, on the matcher's
     * critical path. */
    int shift = 0;
    while ((1 << shift) < ncls)
        shift++;
    int row = 1 << shift;
    fprintf(out, "const uint32_t bk__ac_nclasses = %d;\n", ncls);
    fprintf(out, "const uint32_t bk__ac_shift = %d;\n", shift);
    fprintf(out, "const uint8_t bk__ac_class[256] = {");
    for (int c = 0; c < 256; c++)
        fprintf(out, "%s%d", sep(c, 32), cls[c]);
    fprintf(out, "\n};\n");
    if (nnodes >= (int)BK_AC_HAS_OUT) {
        fprintf(stderr, "gen_automaton: %d states do not fit 15-bit transitions\n", nnodes);
        return 1;
    }
    fprintf(out, "const uint16_t bk__ac_delta[] = {");
    long cnt = 0;
    for (int s = 0; s < nnodes; s++) {
        /* representative byte of each class */
        for (int k = 0; k < row; k++) {
            if (k >= ncls) {
                fprintf(out, "%s0", sep(cnt++, 24));
                continue;
            }
            int rep = -1;
            for (int c = 0; c < 256; c++)
                if (cls[c] == k) {
                    rep = c;
                    break;
                }
            int nx = nodes[s].next[rep];
            /* The high bit flags a target state that reports matches, so
             * the matcher touches bk__ac_states only then. */
            fprintf(out, "%s%d", sep(cnt++, 24), nx | (nodes[nx].nout > 0 ? (int)BK_AC_HAS_OUT : 0));
        }
    }
    fprintf(out, "\n};\n");
    long total = 0;
    fprintf(out, "const bk_ac_state bk__ac_states[] = {");
    for (int s = 0; s < nnodes; s++) {
        if (nodes[s].nout > 1)
            qsort(nodes[s].out, (size_t)nodes[s].nout, sizeof(int), cmp_int);
        fprintf(out, "%s{%ld,%d}", sep(s, 8), total, nodes[s].nout);
        total += nodes[s].nout;
    }
    fprintf(out, "\n};\n");
    fprintf(out, "const uint32_t bk__ac_out[] = {");
    cnt = 0;
    for (int s = 0; s < nnodes; s++)
        for (int i = 0; i < nodes[s].nout; i++)
            fprintf(out, "%s%d", sep(cnt++, 24), nodes[s].out[i]);
    if (cnt == 0)
        fprintf(out, "0");
    fprintf(out, "\n};\n");
    /* Anchor place and first-piece length of every pattern id. */
    fprintf(out, "const bk_ac_pattern bk__ac_patterns[] = {");
    for (size_t i = 0; i < npat; i++) {
        const char *p = pattern_of(i);
        size_t first = first_piece_len(p);
        if (first > 65535) {
            fprintf(stderr, "gen_automaton: pattern too long: %s\n", p);
            return 1;
        }
        int verify = 0;
        for (size_t k = 0; k < anchor_len[i]; k++)
            if ((unsigned char)p[anchor_off[i] + k] >= 0x80)
                verify = 1;
        fprintf(out, "%s{%zu,%zu,%d,%zu,%d}", sep((long)i, 6), anchor_off[i], anchor_len[i],
                strchr(p, '*') != NULL, first, verify);
    }
    fprintf(out, "\n};\n");
    free(anchor_off);
    free(anchor_len);
    free(queue);
    for (int s = 0; s < nnodes; s++)
        free(nodes[s].out);
    free(nodes);
    if (fclose(out) != 0)
        return 1;
    return 0;
}
