/*
 * store.c - bk_store: the policy applied to events, suppressions, checks
 * and the in-memory index, written against the backend interface of
 * backend.h (SQLite by default).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend.h"
#include "internal.h"

/* ---- hashing ------------------------------------------------------------ */

typedef struct hstate {
    uint64_t a, b;
} hstate;

static void h_init(hstate *h, uint64_t seed)
{
    h->a = 0xcbf29ce484222325ULL ^ seed;
    h->b = 0x9E3779B97F4A7C15ULL + seed;
}

static void h_bytes(hstate *h, const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t a = h->a, b = h->b;
    for (size_t i = 0; i < n; i++) {
        a = (a ^ s[i]) * 0x100000001b3ULL;
        b = (b + s[i]) * 0xff51afd7ed558ccdULL;
        b ^= b >> 29;
    }
    h->a = a;
    h->b = b;
}

static void h_str(hstate *h, const char *s)
{
    if (s != NULL)
        h_bytes(h, s, strlen(s));
    unsigned char sep = 0xff; /* never in UTF-8: fields cannot run together */
    h_bytes(h, &sep, 1);
}

static void h_int(hstate *h, int64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)((uint64_t)v >> (8 * i));
    h_bytes(h, b, 8);
}

static uint64_t fmix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

/* Mix a string 8 bytes at a time (the index is on the lookup path). */
static uint64_t mix_str(uint64_t h, const char *s)
{
    size_t n = strlen(s), i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ fmix(w)) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 31;
    }
    uint64_t tail = 0;
    memcpy(&tail, s + i, n - i);
    h = (h ^ fmix(tail ^ ((uint64_t)n << 56))) * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
}

/* The index fingerprint of (scope, address); never 0 (0 marks an empty slot). */
static uint64_t addr_hash(const char *scope, const char *addr)
{
    uint64_t x = fmix(mix_str(mix_str(0x5eed, scope), addr));
    return x ? x : 1;
}

/* ---- the in-memory index: open addressing over 64-bit fingerprints ---- */

typedef struct idx_slot {
    uint64_t h;       /* 0: empty */
    int64_t expires;  /* 0 permanent, > 0 until, -1 removed */
} idx_slot;

/* The (reason, rule) pairs of the index: a suppression's pair id is kept
 * beside its slot, so a hit is answered without the store.  Id 0 means
 * "not interned" (more distinct pairs than fit): such hits ask the store. */
#define IDX_PAIRS 255

typedef struct idx {
    idx_slot *slots;
    uint8_t *pair;   /* pair id per slot */
    size_t mask;
    size_t used;
    char reason[IDX_PAIRS][32];
    char rule[IDX_PAIRS][BK_RULE_MAX + 1];
    size_t npairs;   /* ids 1..npairs are in use */
} idx;

static uint8_t idx_intern(idx *x, const char *reason, const char *rule)
{
    for (size_t i = 1; i <= x->npairs; i++)
        if (strcmp(x->reason[i - 1], reason) == 0 && strcmp(x->rule[i - 1], rule) == 0)
            return (uint8_t)i;
    if (x->npairs >= IDX_PAIRS - 1 || strlen(reason) >= 32 || strlen(rule) > BK_RULE_MAX)
        return 0;
    memcpy(x->reason[x->npairs], reason, strlen(reason) + 1);
    memcpy(x->rule[x->npairs], rule, strlen(rule) + 1);
    x->npairs++;
    return (uint8_t)x->npairs;
}

static int idx_grow(idx *x, size_t want)
{
    size_t cap = 1024;
    while (cap < want + want / 2 + 16)
        cap *= 2;
    idx_slot *ns = calloc(cap, sizeof *ns);
    uint8_t *np = calloc(cap, 1);
    if (ns == NULL || np == NULL) {
        free(ns);
        free(np);
        return BK_ENOMEM;
    }
    if (x->slots != NULL) {
        for (size_t i = 0; i <= x->mask; i++) {
            if (x->slots[i].h == 0)
                continue;
            size_t j = x->slots[i].h & (cap - 1);
            while (ns[j].h != 0)
                j = (j + 1) & (cap - 1);
            ns[j] = x->slots[i];
            np[j] = x->pair[i];
        }
        free(x->slots);
        free(x->pair);
    }
    x->slots = ns;
    x->pair = np;
    x->mask = cap - 1;
    return BK_OK;
}

static int idx_put(idx *x, uint64_t h, int64_t expires, uint8_t pair)
{
    if (x->slots == NULL || (x->used + 1) * 10 > (x->mask + 1) * 7) {
        int rc = idx_grow(x, (x->used + 1) * 2);
        if (rc != BK_OK)
            return rc;
    }
    size_t j = h & x->mask;
    while (x->slots[j].h != 0 && x->slots[j].h != h)
        j = (j + 1) & x->mask;
    if (x->slots[j].h == 0)
        x->used++;
    x->slots[j].h = h;
    x->slots[j].expires = expires;
    x->pair[j] = pair;
    return BK_OK;
}

static const idx_slot *idx_find(const idx *x, uint64_t h)
{
    size_t j = h & x->mask;
    while (x->slots[j].h != 0) {
        if (x->slots[j].h == h)
            return &x->slots[j];
        j = (j + 1) & x->mask;
    }
    return NULL;
}

static const idx_slot *idx_active(const idx *x, uint64_t h, int64_t now)
{
    const idx_slot *s = idx_find(x, h);
    if (s != NULL && s->expires >= 0 && (s->expires == 0 || s->expires > now))
        return s;
    return NULL;
}

static void idx_free(idx *x)
{
    if (x != NULL) {
        free(x->slots);
        free(x->pair);
        free(x);
    }
}

/* ---- the handle --------------------------------------------------------- */

typedef struct pending {
    uint64_t h;
    int64_t expires;
    char reason[32];
    char rule[BK_RULE_MAX + 1];
} pending;

struct bk_store {
    const bk__store_ops *ops;
    void *impl;
    bk_policy *defpol;
    idx *index;           /* NULL until bk_store_index_load */
    pending *pend;        /* index updates waiting for the commit */
    size_t npend, cappend;
    char err[256];
};

int bk_store_default_path(char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return BK_EINVAL;
    const char *env = getenv("BOUNCEKIT_DB");
    int n;
    if (env != NULL && env[0] != '\0') {
        n = snprintf(buf, size, "%s", env);
    } else {
        const char *xdg = getenv("XDG_DATA_HOME");
        const char *home = getenv("HOME");
        if (xdg != NULL && xdg[0] == '/')
            n = snprintf(buf, size, "%s/bouncekit/bouncekit.db", xdg);
        else if (home != NULL && home[0] != '\0')
            n = snprintf(buf, size, "%s/.local/share/bouncekit/bouncekit.db", home);
        else
            n = snprintf(buf, size, "bouncekit.db");
    }
    if (n < 0 || (size_t)n >= size)
        return BK_ETOOBIG;
    return BK_OK;
}

int bk_store_open(const char *path, const bk_store_options *opt, bk_store **out, char *err,
                  size_t errsize)
{
    if (path == NULL || out == NULL)
        return BK_EINVAL;
    *out = NULL;
    bk_store_options o = {NULL, 0, 0, 0};
    if (opt != NULL)
        o = *opt;
    const bk__store_ops *ops = &bk__store_sqlite_ops;
    if (o.backend != NULL && strcmp(o.backend, "sqlite") != 0) {
        if (err != NULL && errsize > 0)
            snprintf(err, errsize, "unknown store backend '%s'", o.backend);
        return BK_EINVAL;
    }
    bk_store *s = calloc(1, sizeof *s);
    if (s == NULL)
        return BK_ENOMEM;
    s->ops = ops;
    int rc = bk_policy_default(&s->defpol);
    if (rc == BK_OK)
        rc = ops->open(path, &o, &s->impl, err, errsize);
    if (rc != BK_OK) {
        bk_policy_free(s->defpol);
        free(s);
        return rc;
    }
    *out = s;
    return BK_OK;
}

void bk_store_close(bk_store *s)
{
    if (s == NULL)
        return;
    s->ops->close(s->impl);
    bk_policy_free(s->defpol);
    idx_free(s->index);
    free(s->pend);
    free(s);
}

const char *bk_store_errmsg(const bk_store *s)
{
    if (s == NULL)
        return "no store";
    if (s->err[0] != '\0')
        return s->err;
    return s->ops->errmsg(s->impl);
}

int bk_store_schema_version(const bk_store *s) { return s ? s->ops->schema_version(s->impl) : 0; }

static int64_t now_or(int64_t t) { return t ? t : (int64_t)time(NULL); }

/* ---- ingest ------------------------------------------------------------- */

static bk__ekey event_key(const bk_event *ev, const char *addr, int64_t t)
{
    hstate h;
    h_init(&h, 0x1d);
    if (ev->event_key != NULL && ev->event_key[0] != '\0') {
        /* The source's own id: unique per source, whatever else differs.
         * The recipient joins it because one webhook event id may cover
         * several recipients (SES). */
        h_str(&h, "id");
        h_str(&h, ev->source);
        h_str(&h, ev->event_key);
        h_str(&h, addr);
    } else {
        h_str(&h, "content");
        h_str(&h, ev->source);
        h_str(&h, addr);
        h_int(&h, t);
        h_int(&h, ev->action);
        h_str(&h, ev->status);
        h_int(&h, ev->reply_code);
        h_str(&h, ev->diagnostic);
        h_str(&h, ev->message_id);
        h_str(&h, ev->scope);
        h_str(&h, ev->note);
    }
    bk__ekey k = {fmix(h.a), fmix(h.b ^ h.a)};
    return k;
}

static int pend_add(bk_store *s, const char *scope, const char *addr, int64_t expires,
                    const char *reason, const char *rule)
{
    if (s->index == NULL)
        return BK_OK;
    if (s->npend == s->cappend) {
        size_t nc = s->cappend ? s->cappend * 2 : 64;
        pending *np = realloc(s->pend, nc * sizeof *np);
        if (np == NULL)
            return BK_ENOMEM;
        s->pend = np;
        s->cappend = nc;
    }
    s->pend[s->npend].h = addr_hash(scope, addr);
    s->pend[s->npend].expires = expires;
    snprintf(s->pend[s->npend].reason, sizeof s->pend[0].reason, "%s", reason);
    snprintf(s->pend[s->npend].rule, sizeof s->pend[0].rule, "%s", rule);
    s->npend++;
    return BK_OK;
}

static void pend_apply(bk_store *s)
{
    if (s->index != NULL)
        for (size_t i = 0; i < s->npend; i++)
            if (idx_put(s->index, s->pend[i].h, s->pend[i].expires,
                        idx_intern(s->index, s->pend[i].reason, s->pend[i].rule)) != BK_OK) {
                /* Out of memory: an index that misses entries would answer
                 * "may mail" wrongly, so drop it and fall back to the store. */
                idx_free(s->index);
                s->index = NULL;
                break;
            }
    s->npend = 0;
}

static void set_str(char *dst, size_t size, const char *v)
{
    snprintf(dst, size, "%s", v ? v : "");
}

/* Create or renew the suppression an event calls for. */
static int apply_suppression(bk_store *s, const bk_event *e, const bk_policy_verdict *v,
                             const char *reason, int64_t count)
{
    const char *scope = e->scope ? e->scope : "";
    int manual = e->action == BK_ACTION_SUPPRESS;
    int64_t t = e->time;
    int64_t expires = manual ? e->expires : (v->duration ? t + v->duration : 0);
    bk_suppression x;
    int rc = s->ops->supp_get(s->impl, e->recipient, scope, &x);
    if (rc != BK_OK && rc != BK_ENOTFOUND)
        return rc;
    int active = rc == BK_OK && (x.expires == 0 || x.expires > t);
    if (active && !manual) {
        if (t > x.last_seen)
            x.last_seen = t;
        if (t < x.first_seen)
            x.first_seen = t;
        x.events++;
        if (x.expires != 0 && (expires == 0 || expires > x.expires)) {
            if (expires == 0) {
                set_str(x.rule, sizeof x.rule, v->rule);
                set_str(x.reason, sizeof x.reason, reason);
            }
            x.expires = expires;
        }
    } else {
        int64_t prior = active ? x.events : 0;
        int64_t first = active ? x.first_seen : t;
        memset(&x, 0, sizeof x);
        set_str(x.address, sizeof x.address, e->recipient);
        set_str(x.scope, sizeof x.scope, scope);
        x.first_seen = first < t ? first : t;
        x.last_seen = t;
        x.events = manual ? prior : count;
        x.expires = expires;
        set_str(x.rule, sizeof x.rule, v->rule);
        set_str(x.reason, sizeof x.reason, reason);
        set_str(x.source, sizeof x.source, e->source);
        set_str(x.note, sizeof x.note, e->note);
    }
    rc = s->ops->supp_put(s->impl, &x);
    if (rc == BK_OK)
        rc = pend_add(s, scope, e->recipient, x.expires, x.reason, x.rule);
    return rc;
}

static int ingest_one(bk_store *s, const bk_policy *pol, const bk_event *ev, int64_t now,
                      const char *reason_text, bk_ingest_stats *st)
{
    char addr[BK_ADDRESS_MAX + 1];
    const char *r = ev->recipient ? ev->recipient : "";
    if (bk_address_normalize(r, strlen(r), bk_policy_fold(pol), addr, sizeof addr) != BK_OK ||
        (ev->scope != NULL && strlen(ev->scope) > BK_SCOPE_MAX) ||
        (unsigned)ev->action >= BK_ACTION__COUNT) {
        st->invalid++;
        return BK_OK;
    }
    bk_event e = *ev;
    e.recipient = addr;
    e.time = ev->time ? ev->time : now;
    if (e.scope == NULL)
        e.scope = "";

    bk_policy_verdict v;
    bk_policy_match(pol, &e, &v);
    if (e.action == BK_ACTION_SUPPRESS && v.act != BK_RULE_SUPPRESS) {
        /* A suppression added by hand is one whatever the rules say. */
        v.rule = "manual";
        v.act = BK_RULE_SUPPRESS;
        v.after = 1;
    }
    char outcome[48];
    int suppress = 0;
    int64_t count = 1;
    int rc;
    switch (v.act) {
    case BK_RULE_NONE: snprintf(outcome, sizeof outcome, "none"); break;
    case BK_RULE_COUNT: snprintf(outcome, sizeof outcome, "counted"); break;
    case BK_RULE_SENDER: snprintf(outcome, sizeof outcome, "sender"); break;
    case BK_RULE_SUPPRESS:
        if (v.after > 1) {
            int64_t since = v.within ? e.time - v.within + 1 : 0;
            int64_t prior = 0;
            if ((rc = s->ops->event_count(s->impl, addr, v.rule, since, e.time, &prior)) != BK_OK)
                return rc;
            /* A delivery can only lower the count: look for one only when
             * the count would reach the threshold. */
            if (prior + 1 >= v.after && v.reset_on_delivery) {
                int64_t ld = 0;
                if ((rc = s->ops->last_delivery(s->impl, addr, e.time, &ld)) != BK_OK)
                    return rc;
                if (ld != 0 && ld + 1 > since &&
                    (rc = s->ops->event_count(s->impl, addr, v.rule, ld + 1, e.time, &prior)) != BK_OK)
                    return rc;
            }
            count = prior + 1;
        }
        if (count >= v.after) {
            suppress = 1;
            snprintf(outcome, sizeof outcome, "suppressed");
        } else {
            snprintf(outcome, sizeof outcome, "counted %lld/%d", (long long)count, v.after);
        }
        break;
    }
    bk__ekey key = event_key(&e, addr, e.time);
    int inserted = 0;
    if ((rc = s->ops->event_insert(s->impl, &key, &e, v.rule, outcome, &inserted)) != BK_OK)
        return rc;
    if (!inserted) {
        st->duplicates++;
        return BK_OK;
    }
    st->events++;
    if (!suppress) {
        if (v.act == BK_RULE_COUNT || v.act == BK_RULE_SENDER || v.act == BK_RULE_SUPPRESS)
            st->counted++;
        return BK_OK;
    }
    const char *reason = reason_text;
    if (reason == NULL)
        reason = e.action == BK_ACTION_COMPLAINT ? "complaint"
               : (e.action == BK_ACTION_SUPPRESS && e.reason == BK_REASON_UNDEFINED)
                   ? "manual"
                   : bk_reason_name(e.reason);
    if ((rc = apply_suppression(s, &e, &v, reason, count)) != BK_OK)
        return rc;
    st->suppressed++;
    return BK_OK;
}

static int ingest_batch(bk_store *s, const bk_policy *policy, const bk_event *events, size_t n,
                        const char *reason_text, const char *cursor_name,
                        const char *cursor_value, bk_ingest_stats *stats)
{
    bk_ingest_stats st;
    memset(&st, 0, sizeof st);
    const bk_policy *pol = policy ? policy : s->defpol;
    int64_t now = (int64_t)time(NULL);
    s->err[0] = '\0';
    s->npend = 0;
    int rc = s->ops->begin(s->impl);
    if (rc != BK_OK)
        return rc;
    for (size_t i = 0; i < n && rc == BK_OK; i++)
        rc = ingest_one(s, pol, &events[i], now, reason_text, &st);
    if (rc == BK_OK && cursor_name != NULL)
        rc = s->ops->cursor_put(s->impl, cursor_name, cursor_value ? cursor_value : "");
    if (rc == BK_OK)
        rc = s->ops->commit(s->impl);
    if (rc != BK_OK) {
        s->ops->rollback(s->impl);
        s->npend = 0;
        return rc;
    }
    pend_apply(s);
    if (stats != NULL)
        *stats = st;
    return BK_OK;
}

int bk_store_ingest(bk_store *s, const bk_policy *policy, const bk_event *events, size_t n,
                    const char *cursor_name, const char *cursor_value, bk_ingest_stats *stats)
{
    if (s == NULL || (events == NULL && n > 0))
        return BK_EINVAL;
    return ingest_batch(s, policy, events, n, NULL, cursor_name, cursor_value, stats);
}

int bk_store_cursor_get(bk_store *s, const char *name, char *buf, size_t size)
{
    if (s == NULL || name == NULL || buf == NULL || size == 0)
        return BK_EINVAL;
    return s->ops->cursor_get(s->impl, name, buf, size);
}

/* ---- suppressions ------------------------------------------------------- */

static int active_at(const bk_suppression *x, int64_t now)
{
    return x->expires == 0 || x->expires > now;
}

int bk_store_check(bk_store *s, const bk_policy *policy, const char *addr, size_t len,
                   const char *scope, int64_t now, bk_check_result *out)
{
    if (s == NULL || addr == NULL || out == NULL)
        return BK_EINVAL;
    out->suppressed = 0;
    const bk_policy *pol = policy ? policy : s->defpol;
    char a[BK_ADDRESS_MAX + 1];
    int rc = bk_address_normalize(addr, len, bk_policy_fold(pol), a, sizeof a);
    if (rc != BK_OK)
        return rc;
    now = now_or(now);
    if (scope != NULL && scope[0] == '\0')
        scope = NULL;
    out->detailed = 1;
    if (s->index != NULL) {
        /* Answered from memory; only a pair the index could not intern
         * sends a hit to the store. */
        const char *hscope = "";
        const idx_slot *hit = idx_active(s->index, addr_hash("", a), now);
        if (hit == NULL && scope != NULL) {
            hit = idx_active(s->index, addr_hash(scope, a), now);
            hscope = scope;
        }
        uint8_t pair = hit ? s->index->pair[hit - s->index->slots] : 0;
        if (hit == NULL || pair != 0) {
            memset(&out->entry, 0, sizeof out->entry);
            memcpy(out->entry.address, a, strlen(a) + 1);
            if (hit != NULL) {
                out->suppressed = 1;
                out->detailed = 0;
                snprintf(out->entry.scope, sizeof out->entry.scope, "%s", hscope);
                memcpy(out->entry.reason, s->index->reason[pair - 1], sizeof out->entry.reason);
                memcpy(out->entry.rule, s->index->rule[pair - 1], sizeof out->entry.rule);
                out->entry.expires = hit->expires;
            }
            return BK_OK;
        }
    }
    for (int pass = 0; pass < (scope ? 2 : 1); pass++) {
        rc = s->ops->supp_get(s->impl, a, pass == 0 ? "" : scope, &out->entry);
        if (rc == BK_OK && active_at(&out->entry, now)) {
            out->suppressed = 1;
            return BK_OK;
        }
        if (rc != BK_OK && rc != BK_ENOTFOUND)
            return rc;
    }
    memset(&out->entry, 0, sizeof out->entry);
    memcpy(out->entry.address, a, strlen(a) + 1);
    return BK_OK;
}

static int index_cb(void *ctx, const char *addr, const char *scope, int64_t expires,
                    const char *reason, const char *rule)
{
    idx *ix = ctx;
    return idx_put(ix, addr_hash(scope, addr), expires, idx_intern(ix, reason, rule));
}

int bk_store_index_load(bk_store *s)
{
    if (s == NULL)
        return BK_EINVAL;
    idx *x = calloc(1, sizeof *x);
    if (x == NULL)
        return BK_ENOMEM;
    int64_t n = 0;
    int rc = s->ops->supp_count(s->impl, &n);
    if (rc == BK_OK)
        rc = idx_grow(x, (size_t)(n + n / 4 + 1024)); /* room to grow before a rehash */
    if (rc == BK_OK)
        rc = s->ops->supp_scan_keys(s->impl, index_cb, x);
    if (rc != BK_OK) {
        idx_free(x);
        return rc;
    }
    idx_free(s->index);
    s->index = x;
    return BK_OK;
}

int bk_store_suppression_add(bk_store *s, const bk_policy *policy, const bk_suppression *entry)
{
    if (s == NULL || entry == NULL)
        return BK_EINVAL;
    bk_event ev;
    memset(&ev, 0, sizeof ev);
    ev.action = BK_ACTION_SUPPRESS;
    ev.recipient = entry->address;
    ev.time = entry->first_seen;
    ev.scope = entry->scope;
    ev.source = entry->source[0] ? entry->source : "manual";
    ev.note = entry->note;
    ev.expires = entry->expires;
    ev.decision = BK_DECISION_SUPPRESS;
    const char *reason = entry->reason[0] ? entry->reason : "manual";
    bk_reason r;
    if (bk_reason_from_name(reason, strlen(reason), &r) == BK_OK)
        ev.reason = r;
    bk_ingest_stats st;
    int rc = ingest_batch(s, policy, &ev, 1, reason, NULL, NULL, &st);
    if (rc == BK_OK && st.invalid)
        return BK_EMALFORMED;
    return rc;
}

int bk_store_suppression_remove(bk_store *s, const bk_policy *policy, const char *addr,
                                size_t len, const char *scope, int *removed)
{
    if (s == NULL || addr == NULL)
        return BK_EINVAL;
    const bk_policy *pol = policy ? policy : s->defpol;
    char a[BK_ADDRESS_MAX + 1];
    int rc = bk_address_normalize(addr, len, bk_policy_fold(pol), a, sizeof a);
    if (rc != BK_OK)
        return rc;
    int n = 0;
    if ((rc = s->ops->begin(s->impl)) != BK_OK)
        return rc;
    rc = s->ops->supp_delete(s->impl, a, scope, &n);
    if (rc == BK_OK)
        rc = s->ops->commit(s->impl);
    if (rc != BK_OK) {
        s->ops->rollback(s->impl);
        return rc;
    }
    if (s->index != NULL) {
        if (scope != NULL) {
            idx_put(s->index, addr_hash(scope, a), -1, 0);
        } else {
            /* Scopes of the address are unknown here: reload is exact. */
            bk_store_index_load(s);
        }
    }
    if (removed)
        *removed = n;
    return BK_OK;
}

int bk_store_suppressions(bk_store *s, int include_expired, int64_t now, bk_suppression_cb cb,
                          void *ctx)
{
    if (s == NULL || cb == NULL)
        return BK_EINVAL;
    return s->ops->supp_scan(s->impl, include_expired, now_or(now), NULL, cb, ctx);
}

int bk_store_suppressions_after(bk_store *s, int include_expired, int64_t now, const char *after,
                                bk_suppression_cb cb, void *ctx)
{
    if (s == NULL || cb == NULL)
        return BK_EINVAL;
    return s->ops->supp_scan(s->impl, include_expired, now_or(now), after, cb, ctx);
}

int bk_store_events(bk_store *s, const bk_policy *policy, const char *addr, size_t len,
                    int64_t since, bk_event_cb cb, void *ctx)
{
    if (s == NULL || cb == NULL)
        return BK_EINVAL;
    if (addr == NULL)
        return s->ops->event_scan(s->impl, NULL, since, cb, ctx);
    const bk_policy *pol = policy ? policy : s->defpol;
    char a[BK_ADDRESS_MAX + 1];
    int rc = bk_address_normalize(addr, len, bk_policy_fold(pol), a, sizeof a);
    if (rc != BK_OK)
        return rc;
    return s->ops->event_scan(s->impl, a, since, cb, ctx);
}
