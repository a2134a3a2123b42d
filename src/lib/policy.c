/*
 * policy.c - suppression rules as data: the policy file format, the
 * built-in defaults, matching an event to a rule, and address folding.
 *
 * Format (documented in docs/store.md): an INI-like text, '#' comments,
 * an optional [addresses] section and ordered [rule NAME] sections; the
 * first rule that matches an event decides.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Policy text over this size is a mistake, not a policy. */
#define POLICY_TEXT_MAX (64u * 1024u)

typedef struct policy_rule {
    char name[BK_RULE_MAX + 1];
    unsigned actions;     /* bit per bk_action; 0 = any */
    uint64_t reasons;     /* bit per bk_reason; 0 = any */
    int cls;              /* 0 any, 4 transient, 5 permanent */
    unsigned bounces;     /* bit per bk_bounce; 0 = any */
    bk_rule_do act;
    int after;
    int64_t within;
    int64_t duration;
    int reset_on_delivery;
} policy_rule;

struct bk_policy {
    policy_rule rules[BK_POLICY_MAX_RULES];
    size_t n;
    bk_fold fold;
};

static const char default_policy[] =
    "# bouncekit suppression policy (the built-in defaults).\n"
    "# Rules are tried in order; the first that matches an event decides.\n"
    "\n"
    "[addresses]\n"
    "# exact: local part as written | lower: ASCII lower case |\n"
    "# provider: known providers' folding (gmail dots and +tags, ...)\n"
    "local-part = exact\n"
    "\n"
    "[rule auto-reply]\n"
    "# vacation notices and delivery reports are not failures\n"
    "reasons = vacation delivered\n"
    "do = none\n"
    "\n"
    "[rule complaint]\n"
    "on = complaint\n"
    "do = suppress\n"
    "for = permanent\n"
    "\n"
    "[rule manual]\n"
    "# suppressions added by hand or imported (their own expiry wins)\n"
    "on = suppress\n"
    "do = suppress\n"
    "for = permanent\n"
    "\n"
    "[rule hard-bounce]\n"
    "on = failed\n"
    "reasons = userunknown hostunknown hasmoved notaccept\n"
    "class = permanent\n"
    "do = suppress\n"
    "for = permanent\n"
    "\n"
    "[rule feedback]\n"
    "# ARF reports that arrive as bounce records\n"
    "on = failed\n"
    "reasons = feedback\n"
    "do = suppress\n"
    "for = permanent\n"
    "\n"
    "[rule soft-bounce]\n"
    "# failures of the address itself that may pass\n"
    "on = failed\n"
    "reasons = mailboxfull suspend expired exceedlimit userunknown hostunknown hasmoved notaccept\n"
    "do = suppress\n"
    "after = 3\n"
    "within = 14d\n"
    "for = 30d\n"
    "reset-on-delivery = yes\n"
    "\n"
    "[rule sender-side]\n"
    "# the recipient is fine: the sender must fix how it sends\n"
    "on = failed\n"
    "reasons = blocked spamdetected authfailure requireptr badreputation policyviolation "
    "speeding toomanyconn rejected norelaying securityerror failedstarttls virusdetected "
    "contenterror mesgtoobig notcompliantrfc syntaxerror\n"
    "do = sender\n"
    "\n"
    "[rule other-failure]\n"
    "on = failed\n"
    "do = count\n"
    "\n"
    "[rule no-action]\n"
    "on = delayed delivered\n"
    "do = none\n";

const char *bk_policy_default_text(void) { return default_policy; }

static const char *const action_names[BK_ACTION__COUNT] = {
    [BK_ACTION_FAILED] = "failed",       [BK_ACTION_DELAYED] = "delayed",
    [BK_ACTION_DELIVERED] = "delivered", [BK_ACTION_COMPLAINT] = "complaint",
    [BK_ACTION_SUPPRESS] = "suppress",
};

const char *bk_action_name(bk_action a)
{
    if ((unsigned)a >= BK_ACTION__COUNT)
        return "unknown";
    return action_names[a];
}

int bk_action_from_name(const char *s, size_t len, bk_action *out)
{
    if (s == NULL || out == NULL)
        return BK_EINVAL;
    for (int i = 0; i < BK_ACTION__COUNT; i++)
        if (bk__ieq(s, len, action_names[i])) {
            *out = (bk_action)i;
            return BK_OK;
        }
    return BK_ENOTFOUND;
}

static const char *const do_names[] = {"none", "suppress", "count", "sender"};

/* ---- parsing ----------------------------------------------------------- */

typedef struct pstate {
    bk_policy *p;
    char *err;
    size_t errsize;
    int line;
} pstate;

static int perr(pstate *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int perr(pstate *st, const char *fmt, ...)
{
    if (st->err != NULL && st->errsize > 0) {
        int n = snprintf(st->err, st->errsize, "line %d: ", st->line);
        if (n >= 0 && (size_t)n < st->errsize) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(st->err + n, st->errsize - (size_t)n, fmt, ap);
            va_end(ap);
        }
    }
    return BK_EMALFORMED;
}

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && bk__is_space((unsigned char)**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && bk__is_space((unsigned char)(*s)[*len - 1]))
        (*len)--;
}

/* "permanent" / "forever" / "never" -> 0; N with s m h d w suffix. */
static int parse_duration(const char *v, size_t n, int64_t *out)
{
    if (bk__ieq(v, n, "permanent") || bk__ieq(v, n, "forever") || bk__ieq(v, n, "0")) {
        *out = 0;
        return BK_OK;
    }
    int64_t x = 0;
    size_t i = 0;
    while (i < n && bk__is_digit((unsigned char)v[i])) {
        if (x > 100000000)
            return BK_EMALFORMED;
        x = x * 10 + (v[i] - '0');
        i++;
    }
    if (i == 0 || x == 0)
        return BK_EMALFORMED;
    int64_t mult = 86400; /* a bare number means days */
    if (i < n) {
        if (i + 1 != n)
            return BK_EMALFORMED;
        switch (bk__lower((unsigned char)v[i])) {
        case 's': mult = 1; break;
        case 'm': mult = 60; break;
        case 'h': mult = 3600; break;
        case 'd': mult = 86400; break;
        case 'w': mult = 7 * 86400; break;
        default: return BK_EMALFORMED;
        }
    }
    *out = x * mult;
    return BK_OK;
}

/* Call fn on each white-space or comma separated word of v. */
typedef int (*word_fn)(pstate *st, policy_rule *r, const char *w, size_t n);
static int each_word(pstate *st, policy_rule *r, const char *v, size_t n, word_fn fn)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && (bk__is_space((unsigned char)v[i]) || v[i] == ','))
            i++;
        size_t s = i;
        while (i < n && !bk__is_space((unsigned char)v[i]) && v[i] != ',')
            i++;
        if (i > s) {
            int rc = fn(st, r, v + s, i - s);
            if (rc != BK_OK)
                return rc;
        }
    }
    return BK_OK;
}

static int add_action(pstate *st, policy_rule *r, const char *w, size_t n)
{
    bk_action a;
    if (bk__ieq(w, n, "any") || bk__ieq(w, n, "*")) {
        r->actions = 0;
        return BK_OK;
    }
    if (bk_action_from_name(w, n, &a) != BK_OK)
        return perr(st, "unknown action '%.*s' (failed, delayed, delivered, complaint, suppress)",
                    (int)n, w);
    r->actions |= 1u << a;
    return BK_OK;
}

static int add_reason(pstate *st, policy_rule *r, const char *w, size_t n)
{
    bk_reason x;
    if (bk__ieq(w, n, "any") || bk__ieq(w, n, "*")) {
        r->reasons = 0;
        return BK_OK;
    }
    if (bk_reason_from_name(w, n, &x) != BK_OK)
        return perr(st, "unknown reason '%.*s'", (int)n, w);
    r->reasons |= (uint64_t)1 << x;
    return BK_OK;
}

static int add_bounce(pstate *st, policy_rule *r, const char *w, size_t n)
{
    static const char *const names[] = {"none", "soft", "hard"};
    if (bk__ieq(w, n, "any") || bk__ieq(w, n, "*")) {
        r->bounces = 0;
        return BK_OK;
    }
    for (unsigned i = 0; i < 3; i++)
        if (bk__ieq(w, n, names[i])) {
            r->bounces |= 1u << i;
            return BK_OK;
        }
    return perr(st, "unknown bounce kind '%.*s' (hard, soft, none, any)", (int)n, w);
}

static int parse_bool(const char *v, size_t n, int *out)
{
    if (bk__ieq(v, n, "yes") || bk__ieq(v, n, "true") || bk__ieq(v, n, "on") || bk__ieq(v, n, "1")) {
        *out = 1;
        return BK_OK;
    }
    if (bk__ieq(v, n, "no") || bk__ieq(v, n, "false") || bk__ieq(v, n, "off") || bk__ieq(v, n, "0")) {
        *out = 0;
        return BK_OK;
    }
    return BK_EMALFORMED;
}

static int rule_key(pstate *st, policy_rule *r, const char *k, size_t kl, const char *v, size_t vl)
{
    if (bk__ieq(k, kl, "on"))
        return each_word(st, r, v, vl, add_action);
    if (bk__ieq(k, kl, "reasons") || bk__ieq(k, kl, "reason"))
        return each_word(st, r, v, vl, add_reason);
    if (bk__ieq(k, kl, "bounce"))
        return each_word(st, r, v, vl, add_bounce);
    if (bk__ieq(k, kl, "class")) {
        if (bk__ieq(v, vl, "permanent") || bk__ieq(v, vl, "5xx"))
            r->cls = 5;
        else if (bk__ieq(v, vl, "transient") || bk__ieq(v, vl, "4xx"))
            r->cls = 4;
        else if (bk__ieq(v, vl, "any"))
            r->cls = 0;
        else
            return perr(st, "class must be permanent, transient or any");
        return BK_OK;
    }
    if (bk__ieq(k, kl, "do")) {
        for (unsigned i = 0; i < 4; i++)
            if (bk__ieq(v, vl, do_names[i])) {
                r->act = (bk_rule_do)i;
                return BK_OK;
            }
        return perr(st, "do must be suppress, count, sender or none");
    }
    if (bk__ieq(k, kl, "after")) {
        int x = 0;
        for (size_t i = 0; i < vl; i++) {
            if (!bk__is_digit((unsigned char)v[i]) || x > 100000)
                return perr(st, "after must be a count from 1 to 100000");
            x = x * 10 + (v[i] - '0');
        }
        if (x < 1)
            return perr(st, "after must be a count from 1 to 100000");
        r->after = x;
        return BK_OK;
    }
    if (bk__ieq(k, kl, "within")) {
        if (parse_duration(v, vl, &r->within) != BK_OK)
            return perr(st, "within: bad duration '%.*s' (e.g. 14d, 12h, permanent)", (int)vl, v);
        return BK_OK;
    }
    if (bk__ieq(k, kl, "for")) {
        if (parse_duration(v, vl, &r->duration) != BK_OK)
            return perr(st, "for: bad duration '%.*s' (e.g. 30d, permanent)", (int)vl, v);
        return BK_OK;
    }
    if (bk__ieq(k, kl, "reset-on-delivery")) {
        if (parse_bool(v, vl, &r->reset_on_delivery) != BK_OK)
            return perr(st, "reset-on-delivery must be yes or no");
        return BK_OK;
    }
    return perr(st, "unknown rule key '%.*s'", (int)kl, k);
}

int bk_policy_parse(const char *text, size_t len, bk_policy **out, char *err, size_t errsize)
{
    if (out == NULL || (text == NULL && len > 0))
        return BK_EINVAL;
    *out = NULL;
    if (err != NULL && errsize > 0)
        err[0] = '\0';
    if (len > POLICY_TEXT_MAX)
        return BK_ETOOBIG;
    bk_policy *p = calloc(1, sizeof *p);
    if (p == NULL)
        return BK_ENOMEM;
    pstate st = {p, err, errsize, 0};
    enum { SEC_NONE, SEC_ADDR, SEC_RULE } sec = SEC_NONE;
    policy_rule *cur = NULL;
    size_t i = 0;
    int rc = BK_OK;
    while (i < len && rc == BK_OK) {
        st.line++;
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        const char *l = text + i;
        size_t ll = e - i;
        i = e + 1;
        for (size_t k = 0; k < ll; k++)
            if (l[k] == '#') {
                ll = k;
                break;
            } else if (l[k] == '\0') {
                rc = perr(&st, "NUL byte");
                break;
            }
        if (rc != BK_OK)
            break;
        trim(&l, &ll);
        if (ll == 0)
            continue;
        if (l[0] == '[') {
            if (l[ll - 1] != ']') {
                rc = perr(&st, "section header without ']'");
                break;
            }
            const char *h = l + 1;
            size_t hl = ll - 2;
            trim(&h, &hl);
            if (bk__ieq(h, hl, "addresses")) {
                sec = SEC_ADDR;
                continue;
            }
            if (hl > 5 && bk__istarts(h, hl, "rule") && bk__is_space((unsigned char)h[4])) {
                const char *nm = h + 5;
                size_t nl = hl - 5;
                trim(&nm, &nl);
                if (nl == 0 || nl > BK_RULE_MAX) {
                    rc = perr(&st, "a rule name is 1 to %d characters", BK_RULE_MAX);
                    break;
                }
                for (size_t k = 0; k < nl; k++)
                    if (!(bk__is_alpha((unsigned char)nm[k]) || bk__is_digit((unsigned char)nm[k]) ||
                          nm[k] == '-' || nm[k] == '_' || nm[k] == '.')) {
                        rc = perr(&st, "a rule name has letters, digits, '-', '_', '.'");
                        break;
                    }
                if (rc != BK_OK)
                    break;
                for (size_t k = 0; k < p->n; k++)
                    if (strlen(p->rules[k].name) == nl && memcmp(p->rules[k].name, nm, nl) == 0) {
                        rc = perr(&st, "rule '%.*s' defined twice", (int)nl, nm);
                        break;
                    }
                if (rc != BK_OK)
                    break;
                if (p->n >= BK_POLICY_MAX_RULES) {
                    rc = perr(&st, "more than %d rules", BK_POLICY_MAX_RULES);
                    break;
                }
                cur = &p->rules[p->n++];
                memset(cur, 0, sizeof *cur);
                memcpy(cur->name, nm, nl);
                cur->after = 1;
                sec = SEC_RULE;
                continue;
            }
            rc = perr(&st, "unknown section '%.*s' ([addresses] or [rule NAME])", (int)hl, h);
            break;
        }
        const char *eq = memchr(l, '=', ll);
        if (eq == NULL) {
            rc = perr(&st, "expected 'key = value'");
            break;
        }
        const char *k = l, *v = eq + 1;
        size_t kl = (size_t)(eq - l), vl = ll - kl - 1;
        trim(&k, &kl);
        trim(&v, &vl);
        if (sec == SEC_ADDR) {
            if (!bk__ieq(k, kl, "local-part")) {
                rc = perr(&st, "unknown key '%.*s' in [addresses]", (int)kl, k);
                break;
            }
            if (bk__ieq(v, vl, "exact"))
                p->fold = BK_FOLD_EXACT;
            else if (bk__ieq(v, vl, "lower"))
                p->fold = BK_FOLD_LOWER;
            else if (bk__ieq(v, vl, "provider"))
                p->fold = BK_FOLD_PROVIDER;
            else
                rc = perr(&st, "local-part must be exact, lower or provider");
        } else if (sec == SEC_RULE) {
            rc = rule_key(&st, cur, k, kl, v, vl);
        } else {
            rc = perr(&st, "key outside a section");
        }
    }
    if (rc == BK_OK) {
        *out = p;
    } else {
        free(p);
    }
    return rc;
}

int bk_policy_default(bk_policy **out)
{
    return bk_policy_parse(default_policy, sizeof default_policy - 1, out, NULL, 0);
}

int bk_policy_load(const char *path, bk_policy **out, char *err, size_t errsize)
{
    if (path == NULL || out == NULL)
        return BK_EINVAL;
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        if (err != NULL && errsize > 0)
            snprintf(err, errsize, "%s: %s", path, strerror(errno));
        return BK_EIO;
    }
    char *buf = malloc(POLICY_TEXT_MAX + 1);
    if (buf == NULL) {
        fclose(f);
        return BK_ENOMEM;
    }
    size_t n = fread(buf, 1, POLICY_TEXT_MAX + 1, f);
    int rerr = ferror(f);
    fclose(f);
    int rc;
    if (rerr)
        rc = BK_EIO;
    else if (n > POLICY_TEXT_MAX)
        rc = BK_ETOOBIG;
    else
        rc = bk_policy_parse(buf, n, out, err, errsize);
    free(buf);
    return rc;
}

void bk_policy_free(bk_policy *p) { free(p); }

bk_fold bk_policy_fold(const bk_policy *p) { return p ? p->fold : BK_FOLD_EXACT; }

static void fmt_duration(bk_buf *b, int64_t d)
{
    if (d == 0)
        bk__buf_puts(b, "permanent");
    else if (d % (7 * 86400) == 0)
        bk__buf_printf(b, "%lldw", (long long)(d / (7 * 86400)));
    else if (d % 86400 == 0)
        bk__buf_printf(b, "%lldd", (long long)(d / 86400));
    else if (d % 3600 == 0)
        bk__buf_printf(b, "%lldh", (long long)(d / 3600));
    else if (d % 60 == 0)
        bk__buf_printf(b, "%lldm", (long long)(d / 60));
    else
        bk__buf_printf(b, "%llds", (long long)d);
}

int bk_policy_format(const bk_policy *p, char **out, size_t *len)
{
    static const char *const fold_names[] = {"exact", "lower", "provider"};
    static const char *const bounce_names[] = {"none", "soft", "hard"};
    if (p == NULL || out == NULL)
        return BK_EINVAL;
    bk_buf b;
    bk__buf_init(&b, POLICY_TEXT_MAX * 4);
    bk__buf_printf(&b, "[addresses]\nlocal-part = %s\n", fold_names[p->fold]);
    for (size_t i = 0; i < p->n; i++) {
        const policy_rule *r = &p->rules[i];
        bk__buf_printf(&b, "\n[rule %s]\n", r->name);
        if (r->actions) {
            bk__buf_puts(&b, "on =");
            for (int a = 0; a < BK_ACTION__COUNT; a++)
                if (r->actions & (1u << a))
                    bk__buf_printf(&b, " %s", action_names[a]);
            bk__buf_putc(&b, '\n');
        }
        if (r->reasons) {
            bk__buf_puts(&b, "reasons =");
            for (int x = 0; x < BK_REASON__COUNT; x++)
                if (r->reasons & ((uint64_t)1 << x))
                    bk__buf_printf(&b, " %s", bk_reason_name((bk_reason)x));
            bk__buf_putc(&b, '\n');
        }
        if (r->bounces) {
            bk__buf_puts(&b, "bounce =");
            for (int x = 0; x < 3; x++)
                if (r->bounces & (1u << x))
                    bk__buf_printf(&b, " %s", bounce_names[x]);
            bk__buf_putc(&b, '\n');
        }
        if (r->cls)
            bk__buf_printf(&b, "class = %s\n", r->cls == 5 ? "permanent" : "transient");
        bk__buf_printf(&b, "do = %s\n", do_names[r->act]);
        if (r->act == BK_RULE_SUPPRESS) {
            if (r->after > 1)
                bk__buf_printf(&b, "after = %d\n", r->after);
            if (r->within) {
                bk__buf_puts(&b, "within = ");
                fmt_duration(&b, r->within);
                bk__buf_putc(&b, '\n');
            }
            bk__buf_puts(&b, "for = ");
            fmt_duration(&b, r->duration);
            bk__buf_putc(&b, '\n');
            if (r->reset_on_delivery)
                bk__buf_puts(&b, "reset-on-delivery = yes\n");
        }
    }
    if (b.err) {
        int e = b.err;
        bk__buf_free(&b);
        return e;
    }
    *out = bk__buf_take(&b, len);
    return BK_OK;
}

/* The class of an event: its codes first, then its bounce kind. */
static int event_class(const bk_event *ev)
{
    if (ev->status != NULL && (ev->status[0] == '4' || ev->status[0] == '5'))
        return ev->status[0] - '0';
    if (ev->reply_code >= 400 && ev->reply_code < 600)
        return ev->reply_code / 100;
    if (ev->bounce == BK_BOUNCE_HARD)
        return 5;
    return 0;
}

void bk_policy_match(const bk_policy *p, const bk_event *ev, bk_policy_verdict *out)
{
    memset(out, 0, sizeof *out);
    out->rule = "";
    out->after = 1;
    if (p == NULL || ev == NULL)
        return;
    int cls = event_class(ev);
    for (size_t i = 0; i < p->n; i++) {
        const policy_rule *r = &p->rules[i];
        if (r->actions && ((unsigned)ev->action >= BK_ACTION__COUNT || !(r->actions & (1u << ev->action))))
            continue;
        if (r->reasons && ((unsigned)ev->reason >= BK_REASON__COUNT ||
                           !(r->reasons & ((uint64_t)1 << ev->reason))))
            continue;
        if (r->bounces && ((unsigned)ev->bounce > 2 || !(r->bounces & (1u << ev->bounce))))
            continue;
        if (r->cls && r->cls != cls)
            continue;
        out->rule = r->name;
        out->act = r->act;
        out->after = r->after < 1 ? 1 : r->after;
        out->within = r->within;
        out->duration = r->duration;
        out->reset_on_delivery = r->reset_on_delivery;
        return;
    }
}

/* ---- addresses --------------------------------------------------------- */

typedef struct fold_rule {
    const char *domain;
    const char *canonical; /* domain to store, or NULL to keep */
    unsigned char drop_dots, drop_plus;
} fold_rule;

/* Providers whose local parts are case-insensitive and ignore +tags (and,
 * for Gmail, dots).  Other domains keep the local part as written. */
static const fold_rule fold_rules[] = {
    {"gmail.com", NULL, 1, 1},     {"googlemail.com", "gmail.com", 1, 1},
    {"outlook.com", NULL, 0, 1},   {"hotmail.com", NULL, 0, 1},
    {"live.com", NULL, 0, 1},      {"msn.com", NULL, 0, 1},
    {"icloud.com", NULL, 0, 1},    {"me.com", NULL, 0, 1},
    {"mac.com", NULL, 0, 1},       {"fastmail.com", NULL, 0, 1},
    {"protonmail.com", NULL, 0, 1}, {"proton.me", NULL, 0, 1},
    {"yahoo.com", NULL, 0, 0},     {"aol.com", NULL, 0, 0},
    {"yandex.ru", NULL, 0, 1},     {"gmx.de", NULL, 0, 0},
    {"web.de", NULL, 0, 0},
};

int bk_address_normalize(const char *addr, size_t len, bk_fold fold, char *out, size_t size)
{
    if (addr == NULL || out == NULL || size < BK_ADDRESS_MAX + 1)
        return BK_EINVAL;
    out[0] = '\0';
    const char *s = addr;
    size_t n = len;
    trim(&s, &n);
    if (n >= 2 && s[0] == '<' && s[n - 1] == '>') {
        s++;
        n -= 2;
        trim(&s, &n);
    }
    if (n == 0)
        return BK_EEMPTY;
    if (n > BK_ADDRESS_MAX)
        return BK_ETOOBIG;
    const char *at = NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',')
            return BK_EMALFORMED;
        if (c == '@')
            at = s + i;
    }
    if (at == NULL || at == s || at == s + n - 1)
        return BK_EMALFORMED;
    size_t ll = (size_t)(at - s);
    const char *dom = at + 1;
    size_t dl = n - ll - 1;
    if (dl > 0 && dom[dl - 1] == '.')
        dl--;
    if (dl == 0 || dom[0] == '.')
        return BK_EMALFORMED;
    char dbuf[256];
    if (dl >= sizeof dbuf)
        return BK_ETOOBIG;
    for (size_t i = 0; i < dl; i++)
        dbuf[i] = (char)bk__lower((unsigned char)dom[i]);
    dbuf[dl] = '\0';
    if (!bk__utf8_valid((const unsigned char *)s, n))
        return BK_EUTF8;

    const fold_rule *fr = NULL;
    if (fold == BK_FOLD_PROVIDER)
        for (size_t i = 0; i < sizeof fold_rules / sizeof fold_rules[0]; i++)
            if (strcmp(dbuf, fold_rules[i].domain) == 0) {
                fr = &fold_rules[i];
                break;
            }
    size_t o = 0;
    int quoted = ll >= 2 && s[0] == '"';
    for (size_t i = 0; i < ll; i++) {
        char c = s[i];
        if (fr != NULL && !quoted) {
            if (fr->drop_plus && c == '+')
                break;
            if (fr->drop_dots && c == '.')
                continue;
        }
        if (fold == BK_FOLD_LOWER || fr != NULL)
            c = (char)bk__lower((unsigned char)c);
        out[o++] = c;
    }
    if (o == 0)
        return BK_EMALFORMED;
    const char *d = (fr != NULL && fr->canonical != NULL) ? fr->canonical : dbuf;
    size_t dn = strlen(d);
    if (o + 1 + dn > BK_ADDRESS_MAX)
        return BK_ETOOBIG;
    out[o++] = '@';
    memcpy(out + o, d, dn);
    out[o + dn] = '\0';
    return BK_OK;
}
