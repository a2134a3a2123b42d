/*
 * typo.c - suggest the domain a person meant to type.
 *
 * Two regimes, chosen by whether the typed domain could be real:
 *
 *  - strict: the domain is well-formed and its top-level label is in the
 *    Public Suffix List.  It may be a real domain, so only a single edit
 *    (insertion, deletion, substitution or transposition of neighbours) to
 *    a popular mailbox domain is suggested, only towards names of five or
 *    more letters (four-letter names such as live/love are too close to
 *    real words), and a change of suffix only when a generic suffix was cut
 *    short (gmail.co -> gmail.com), never between two country codes.
 *    Candidates come from a deletion index (every popular domain with each
 *    one letter removed), so the cost is a handful of hash lookups.
 *  - loose: the domain cannot be real as typed (unknown top-level label,
 *    a comma, no dot at all).  Every popular domain within two edits is a
 *    candidate, then a fix of the top-level label alone (.con -> .com).
 *
 * Candidates are ranked by a keyboard-aware distance (neighbouring keys and
 * doubled letters cost half an edit) and then by popularity.  A domain in
 * the popular list itself is never corrected.
 */
#include <stdlib.h>
#include <string.h>

#include <libpsl.h>

#include "verify_internal.h"

/* Domains longer than DNS allows are not typos of anything. */
#define TYPO_DOMAIN_MAX 253
/* Strict regime: shortest registrable label a correction may aim at. */
#define TYPO_STRICT_MIN_LABEL 5

struct bk_typo {
    const psl_ctx_t *psl;
    psl_ctx_t *psl_owned;
    bk__strmap popular; /* domain -> index */
    bk__strmap dotless; /* domain without dots -> index */
    bk__strmap deletes; /* domain with one letter removed -> posting head + 1 */
    uint32_t *post_idx;
    uint32_t *post_next; /* UINT32_MAX ends a list */
    size_t npost, cappost;
    uint64_t *del_bits;        /* a bit per hash of every deletes key: most
                                  lookups of real domains miss, and miss here */
    unsigned char *label_len;  /* length of the registrable label */
    unsigned char *suffix_off; /* offset of the public suffix */
};

/* ---- keyboard --------------------------------------------------------- */

/* Key positions on a QWERTY keyboard in quarter-key units, x + 1 (0: not
 * a key of the table) and row. */
static const unsigned char key_xy[128][2] = {
    [','] = {34, 3}, ['-'] = {41, 0}, ['.'] = {38, 3}, ['0'] = {37, 0}, ['1'] = {1, 0},
    ['2'] = {5, 0}, ['3'] = {9, 0}, ['4'] = {13, 0}, ['5'] = {17, 0}, ['6'] = {21, 0},
    ['7'] = {25, 0}, ['8'] = {29, 0}, ['9'] = {33, 0}, ['a'] = {4, 2}, ['b'] = {22, 3},
    ['c'] = {14, 3}, ['d'] = {12, 2}, ['e'] = {11, 1}, ['f'] = {16, 2}, ['g'] = {20, 2},
    ['h'] = {24, 2}, ['i'] = {31, 1}, ['j'] = {28, 2}, ['k'] = {32, 2}, ['l'] = {36, 2},
    ['m'] = {30, 3}, ['n'] = {26, 3}, ['o'] = {35, 1}, ['p'] = {39, 1}, ['q'] = {3, 1},
    ['r'] = {15, 1}, ['s'] = {8, 2}, ['t'] = {19, 1}, ['u'] = {27, 1}, ['v'] = {18, 3},
    ['w'] = {7, 1}, ['x'] = {10, 3}, ['y'] = {23, 1}, ['z'] = {6, 3},
};

static int keys_adjacent(int a, int b)
{
    if (a < 0 || a > 127 || b < 0 || b > 127 || key_xy[a][0] == 0 || key_xy[b][0] == 0)
        return 0;
    int ax = key_xy[a][0], ay = key_xy[a][1], bx = key_xy[b][0], by = key_xy[b][1];
    int dx = ax > bx ? ax - bx : bx - ax;
    int dy = ay > by ? ay - by : by - ay;
    return (dy == 0 && dx == 4) || (dy == 1 && dx <= 3);
}

/* ---- distances -------------------------------------------------------- */

#define DMAX (TYPO_DOMAIN_MAX + 2)

/* Optimal string alignment distance: edits counted as units (*edits), and
 * a keyboard-aware cost in half edits (*cost).  Stops early and returns 0
 * when the edit count surely exceeds limit. */
static int osa(const char *a, size_t an, const char *b, size_t bn, int limit, int *edits, int *cost)
{
    if (an >= DMAX || bn >= DMAX)
        return 0;
    if ((an > bn ? an - bn : bn - an) > (size_t)limit)
        return 0;
    /* Three rows for edit counts and three for costs. */
    int e0[DMAX], e1[DMAX], e2[DMAX], c0[DMAX], c1[DMAX], c2[DMAX];
    int *ep = e0, *ec = e1, *en = e2, *cp = c0, *cc = c1, *cn = c2;
    for (size_t j = 0; j <= bn; j++) {
        ec[j] = (int)j;
        cc[j] = 2 * (int)j;
    }
    for (size_t i = 1; i <= an; i++) {
        en[0] = (int)i;
        cn[0] = 2 * (int)i;
        int rowmin = en[0];
        for (size_t j = 1; j <= bn; j++) {
            int same = a[i - 1] == b[j - 1];
            /* deletion of a[i-1] (cheap when it doubles its neighbour) */
            int dcost = (i >= 2 && a[i - 1] == a[i - 2]) ? 1 : 2;
            int icost = (j >= 2 && b[j - 1] == b[j - 2]) ? 1 : 2;
            int scost = same ? 0 : (keys_adjacent(a[i - 1], b[j - 1]) ? 1 : 2);
            int e = ec[j] + 1, c = cc[j] + dcost;
            if (en[j - 1] + 1 < e || (en[j - 1] + 1 == e && cn[j - 1] + icost < c)) {
                e = en[j - 1] + 1;
                c = cn[j - 1] + icost;
            }
            int se = ec[j - 1] + (same ? 0 : 1), sc = cc[j - 1] + scost;
            if (se < e || (se == e && sc < c)) {
                e = se;
                c = sc;
            }
            if (i >= 2 && j >= 2 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && !same) {
                int te = ep[j - 2] + 1, tc = cp[j - 2] + 2;
                if (te < e || (te == e && tc < c)) {
                    e = te;
                    c = tc;
                }
            }
            en[j] = e;
            cn[j] = c;
            if (e < rowmin)
                rowmin = e;
        }
        if (rowmin > limit)
            return 0;
        int *t = ep;
        ep = ec;
        ec = en;
        en = t;
        t = cp;
        cp = cc;
        cc = cn;
        cn = t;
    }
    if (ec[bn] > limit)
        return 0;
    *edits = ec[bn];
    *cost = cc[bn];
    return 1;
}

/* ---- construction ----------------------------------------------------- */

/* 2^20 bits (128 KiB) against a few thousand keys: few false positives,
 * and small enough to stay in cache. */
#define DEL_BITS_LOG2 20
#define DEL_BIT(h) ((size_t)((h) >> 7) & (((size_t)1 << DEL_BITS_LOG2) - 1))

static int add_post(bk_typo *t, const char *k, size_t n, uint32_t idx)
{
    if (t->npost == t->cappost) {
        size_t nc = t->cappost ? t->cappost * 2 : 4096;
        uint32_t *a = realloc(t->post_idx, nc * sizeof *a);
        if (a == NULL)
            return BK_ENOMEM;
        t->post_idx = a;
        uint32_t *b = realloc(t->post_next, nc * sizeof *b);
        if (b == NULL)
            return BK_ENOMEM;
        t->post_next = b;
        t->cappost = nc;
    }
    uint32_t head;
    size_t bit = DEL_BIT(bk__hash_bytes(k, n));
    t->del_bits[bit / 64] |= (uint64_t)1 << (bit % 64);
    int rc = bk__strmap_put(&t->deletes, k, n, (uint32_t)t->npost + 1, &head);
    if (rc < 0)
        return rc;
    /* Skip a repeat of the same domain under the same key ("gmaill"). */
    if (rc == 1 && t->post_idx[head - 1] == idx)
        return BK_OK;
    t->post_idx[t->npost] = idx;
    t->post_next[t->npost] = rc == 1 ? head - 1 : UINT32_MAX;
    if (rc == 1)
        bk__strmap_set(&t->deletes, k, n, (uint32_t)t->npost + 1);
    t->npost++;
    return BK_OK;
}

void bk_typo_free(bk_typo *t)
{
    if (t == NULL)
        return;
    if (t->psl_owned != NULL)
        psl_free(t->psl_owned);
    bk__strmap_free(&t->popular);
    bk__strmap_free(&t->dotless);
    bk__strmap_free(&t->deletes);
    free(t->post_idx);
    free(t->post_next);
    free(t->label_len);
    free(t->suffix_off);
    free(t->del_bits);
    free(t);
}

int bk_typo_create(bk_typo **out)
{
    if (out == NULL)
        return BK_EINVAL;
    *out = NULL;
    bk_typo *t = calloc(1, sizeof *t);
    if (t == NULL)
        return BK_ENOMEM;
    /* The distribution's list when there is one (newer), else libpsl's
     * built-in copy. */
    t->psl_owned = psl_latest(NULL);
    t->psl = t->psl_owned != NULL ? t->psl_owned : psl_builtin();
    size_t n = bk__popular_domain_count;
    int rc = BK_ENOMEM;
    t->label_len = calloc(n, 1);
    t->suffix_off = calloc(n, 1);
    t->del_bits = calloc(((size_t)1 << DEL_BITS_LOG2) / 64, sizeof *t->del_bits);
    if (t->label_len == NULL || t->suffix_off == NULL || t->del_bits == NULL)
        goto fail;
    if ((rc = bk__strmap_init(&t->popular, n)) != BK_OK ||
        (rc = bk__strmap_init(&t->dotless, n)) != BK_OK ||
        (rc = bk__strmap_init(&t->deletes, n * 12)) != BK_OK)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        const char *d = bk__popular_domains[i].domain;
        size_t dl = strlen(d);
        if ((rc = bk__strmap_put(&t->popular, d, dl, (uint32_t)i, NULL)) < 0)
            goto fail;
        char tmp[DMAX];
        size_t k = 0;
        for (size_t j = 0; j < dl; j++)
            if (d[j] != '.')
                tmp[k++] = d[j];
        if ((rc = bk__strmap_put(&t->dotless, tmp, k, (uint32_t)i, NULL)) < 0)
            goto fail;
        /* The registrable label and the suffix, by the PSL. */
        const char *reg = t->psl ? psl_registrable_domain(t->psl, d) : NULL;
        if (reg == NULL)
            reg = d;
        const char *dot = strchr(reg, '.');
        size_t lab = dot ? (size_t)(dot - reg) : strlen(reg);
        t->label_len[i] = (unsigned char)(lab > 255 ? 255 : lab);
        t->suffix_off[i] = (unsigned char)(dot ? (size_t)(dot + 1 - d) : dl);
        if ((rc = add_post(t, d, dl, (uint32_t)i)) < 0)
            goto fail;
        for (size_t j = 0; j < dl; j++) {
            memcpy(tmp, d, j);
            memcpy(tmp + j, d + j + 1, dl - j - 1);
            if ((rc = add_post(t, tmp, dl - 1, (uint32_t)i)) < 0)
                goto fail;
        }
    }
    *out = t;
    return BK_OK;
fail:
    bk_typo_free(t);
    return rc < 0 ? rc : BK_ENOMEM;
}

/* ---- suggestion ------------------------------------------------------- */

static int ldh_ok(const char *d, size_t n)
{
    if (n == 0 || d[0] == '.' || d[n - 1] == '.')
        return 0;
    size_t lab = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || d[i] == '.') {
            if (lab == 0 || lab > 63 || d[i - 1] == '-' || d[i - lab] == '-')
                return 0;
            lab = 0;
        } else if (bk__is_alpha(d[i]) || bk__is_digit(d[i]) || d[i] == '-') {
            lab++;
        } else {
            return 0;
        }
    }
    return 1;
}

static int tld_known(const bk_typo *t, const char *d, size_t n)
{
    const char *dot = NULL;
    for (size_t i = n; i > 0; i--)
        if (d[i - 1] == '.') {
            dot = d + i - 1;
            break;
        }
    if (dot == NULL || t->psl == NULL)
        return 0;
    char tld[DMAX];
    size_t tl = n - (size_t)(dot + 1 - d);
    memcpy(tld, dot + 1, tl);
    tld[tl] = '\0';
    return psl_is_public_suffix2(t->psl, tld, PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

int bk_typo_is_popular(const bk_typo *t, const char *domain, size_t len)
{
    if (t == NULL || domain == NULL || len == 0 || len > TYPO_DOMAIN_MAX)
        return 0;
    char q[DMAX];
    for (size_t i = 0; i < len; i++)
        q[i] = (char)bk__lower((unsigned char)domain[i]);
    return bk__strmap_get(&t->popular, q, len, NULL);
}

typedef struct best {
    long idx;
    int edits, cost;
    unsigned weight;
} best;

static void consider(best *b, long idx, int edits, int cost)
{
    unsigned w = bk__popular_domains[idx].weight;
    if (b->idx < 0 || cost < b->cost || (cost == b->cost && w > b->weight)) {
        b->idx = idx;
        b->edits = edits;
        b->cost = cost;
        b->weight = w;
    }
}

static int emit(const char *s, size_t n, char *out, size_t size)
{
    if (n + 1 > size)
        return BK_ETOOBIG;
    memcpy(out, s, n);
    out[n] = '\0';
    return 1;
}

/* Candidates one edit away, from the deletion index.  strict applies the
 * rules for domains that may be real (see the top of this file). */
static void near_candidates(const bk_typo *t, const char *q, size_t n, int strict, best *b)
{
    char tmp[DMAX];
    /* The registrable label of the input, to tell a suffix-only change;
     * computed when first needed. */
    char qz[DMAX];
    int have_label = 0;
    size_t qlab_off = 0, qlab_len = 0;
    const char *qdot = NULL;
    /* FNV-1a of every prefix, so each variant's hash costs only its tail. */
    uint64_t pre[DMAX];
    pre[0] = 1469598103934665603ULL;
    for (size_t j = 0; j < n; j++)
        pre[j + 1] = (pre[j] ^ (unsigned char)q[j]) * 1099511628211ULL;
    for (size_t j = 0; j <= n; j++) {
        const char *key;
        size_t kl;
        uint64_t h;
        if (j == n) {
            key = q;
            kl = n;
            h = pre[n];
        } else {
            h = pre[j];
            for (size_t k = j + 1; k < n; k++)
                h = (h ^ (unsigned char)q[k]) * 1099511628211ULL;
            kl = n - 1;
            key = NULL;
        }
        size_t bit = DEL_BIT(h);
        if (!(t->del_bits[bit / 64] & ((uint64_t)1 << (bit % 64))))
            continue;
        if (key == NULL) {
            memcpy(tmp, q, j);
            memcpy(tmp + j, q + j + 1, n - j - 1);
            key = tmp;
        }
        uint32_t head;
        if (!bk__strmap_get_h(&t->deletes, key, kl, h, &head))
            continue;
        for (uint32_t p = head - 1; p != UINT32_MAX; p = t->post_next[p]) {
            uint32_t idx = t->post_idx[p];
            const char *cand = bk__popular_domains[idx].domain;
            size_t cl = strlen(cand);
            int edits, cost;
            if (!osa(q, n, cand, cl, 1, &edits, &cost) || edits != 1)
                continue;
            if (strict) {
                if (!have_label) {
                    memcpy(qz, q, n);
                    qz[n] = '\0';
                    const char *reg = psl_registrable_domain(t->psl, qz);
                    qlab_off = reg ? (size_t)(reg - qz) : 0;
                    qdot = strchr(qz + qlab_off, '.');
                    qlab_len = qdot ? (size_t)(qdot - (qz + qlab_off)) : n - qlab_off;
                    have_label = 1;
                }
                size_t soff = t->suffix_off[idx];
                size_t clab_off = soff >= (size_t)t->label_len[idx] + 1
                                      ? soff - t->label_len[idx] - 1 : 0;
                int same_label = qlab_len == t->label_len[idx] &&
                                 memcmp(qz + qlab_off, cand + clab_off, qlab_len) == 0;
                if (same_label) {
                    /* Only a generic suffix cut short: .co/.cm/.om for .com,
                     * and not for two-letter names (qq.co, me.co). */
                    const char *csuf = cand + soff;
                    const char *qsuf = qdot ? qdot + 1 : "";
                    if (!(strcmp(csuf, "com") == 0 || strcmp(csuf, "net") == 0 ||
                          strcmp(csuf, "org") == 0) || strlen(qsuf) != 2 || qlab_len < 3)
                        continue;
                } else if (t->label_len[idx] < TYPO_STRICT_MIN_LABEL) {
                    continue;
                }
            }
            consider(b, (long)idx, edits, cost);
        }
    }
}

/* Loose regime: every popular domain within the edit limit. */
static void loose_candidates(const bk_typo *t, const char *q, size_t n, best *b)
{
    (void)t;
    int limit = n >= 6 ? 2 : 1;
    for (size_t i = 0; i < bk__popular_domain_count; i++) {
        const char *cand = bk__popular_domains[i].domain;
        int edits, cost;
        if (osa(q, n, cand, strlen(cand), limit, &edits, &cost))
            consider(b, (long)i, edits, cost);
    }
}

/* Generic and common country suffixes, for fixing the top-level label of
 * any domain whose suffix does not exist. */
static const char *const common_tlds[] = {"com", "net", "org", "edu", "gov", "info", "biz", NULL};

int bk_typo_suggest(const bk_typo *t, const char *domain, size_t len, char *out, size_t size)
{
    if (t == NULL || (domain == NULL && len > 0) || out == NULL || size == 0)
        return BK_EINVAL;
    out[0] = '\0';
    if (len == 0 || len > TYPO_DOMAIN_MAX)
        return 0;
    /* Lower case, and tidy what people slip into domains: a comma or
     * semicolon for the dot, spaces, repeated or trailing dots. */
    char q[DMAX];
    size_t n = 0;
    int changed = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)domain[i];
        if (c >= 0x80)
            return 0; /* internationalised: no list to compare with */
        if (c == ',' || c == ';') {
            c = '.';
            changed = 1;
        }
        if (c == ' ' || c == '\t') {
            changed = 1;
            continue;
        }
        if (c == '.' && (n == 0 || q[n - 1] == '.')) {
            changed = 1;
            continue;
        }
        q[n++] = (char)bk__lower(c);
    }
    while (n > 0 && q[n - 1] == '.') {
        n--;
        changed = 1;
    }
    if (n == 0)
        return 0;
    if (bk__strmap_get(&t->popular, q, n, NULL))
        return changed ? emit(q, n, out, size) : 0;

    best b = {-1, 0, 0, 0};
    if (memchr(q, '.', n) == NULL) {
        uint32_t idx;
        if (bk__strmap_get(&t->dotless, q, n, &idx)) {
            const char *d = bk__popular_domains[idx].domain;
            return emit(d, strlen(d), out, size);
        }
    }
    int well_formed = ldh_ok(q, n);
    int known = well_formed && tld_known(t, q, n);
    if (known && !changed && t->psl != NULL) {
        near_candidates(t, q, n, 1, &b);
    } else {
        /* One edit first (cheap, from the index); two only if none. */
        near_candidates(t, q, n, 0, &b);
        if (b.idx < 0)
            loose_candidates(t, q, n, &b);
    }
    if (b.idx >= 0) {
        const char *d = bk__popular_domains[b.idx].domain;
        return emit(d, strlen(d), out, size);
    }
    if (!known && well_formed) {
        /* Fix the top-level label alone: example.con -> example.com. */
        const char *dot = NULL;
        for (size_t i = n; i > 0; i--)
            if (q[i - 1] == '.') {
                dot = q + i - 1;
                break;
            }
        if (dot != NULL) {
            const char *tld = dot + 1;
            size_t tl = n - (size_t)(tld - q);
            const char *fix = NULL;
            int fix_cost = 0, ambiguous = 0;
            for (const char *const *c = common_tlds; *c != NULL && tl >= 3; c++) {
                int e, cost;
                if (osa(tld, tl, *c, strlen(*c), 1, &e, &cost) && e == 1) {
                    if (fix == NULL || cost < fix_cost) {
                        fix = *c;
                        fix_cost = cost;
                        ambiguous = 0;
                    } else if (cost == fix_cost) {
                        ambiguous = 1;
                    }
                }
            }
            if (fix != NULL && !ambiguous) {
                char r[DMAX + 8];
                size_t pl = (size_t)(tld - q);
                size_t fl = strlen(fix);
                if (pl + fl < sizeof r) {
                    memcpy(r, q, pl);
                    memcpy(r + pl, fix, fl);
                    return emit(r, pl + fl, out, size);
                }
            }
        }
    }
    if (changed && well_formed && tld_known(t, q, n))
        return emit(q, n, out, size);
    return 0;
}
