/*
 * cmd_report.c - "bouncekit report": bounce and complaint rates per
 * recipient domain, provider, reason and day, against the thresholds that
 * providers enforce; a terminal table, JSON Lines, or an SVG chart.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "store_cli.h"

/* Thresholds providers publish (as rates, not percent). */
#define SES_BOUNCE_REVIEW 0.05      /* SES reviews accounts at 5% bounces */
#define SES_COMPLAINT_REVIEW 0.001  /* ... and at 0.1% complaints */
#define GMAIL_YAHOO_COMPLAINT 0.003 /* Gmail and Yahoo: stay under 0.3% */

#define DAY 86400
#define MAX_DAYS 36600 /* a century of daily rows at most (2.3 MB of counts) */

typedef struct counts {
    long long delivered, bounced, hard, hard511, soft, sender, complaints, delayed;
} counts;

typedef struct group {
    char *key;
    counts c;
} group;

/* A small string-keyed table (open addressing) of groups. */
typedef struct table {
    group *g;
    size_t n, cap;
} table;

static uint64_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static counts *table_get(table *t, const char *key)
{
    if (t->n * 2 >= t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 64;
        group *ng = calloc(nc, sizeof *ng);
        if (ng == NULL)
            return NULL;
        for (size_t i = 0; i < t->cap; i++)
            if (t->g[i].key) {
                size_t j = str_hash(t->g[i].key) & (nc - 1);
                while (ng[j].key)
                    j = (j + 1) & (nc - 1);
                ng[j] = t->g[i];
            }
        free(t->g);
        t->g = ng;
        t->cap = nc;
    }
    size_t j = str_hash(key) & (t->cap - 1);
    while (t->g[j].key) {
        if (strcmp(t->g[j].key, key) == 0)
            return &t->g[j].c;
        j = (j + 1) & (t->cap - 1);
    }
    t->g[j].key = strdup(key);
    if (t->g[j].key == NULL)
        return NULL;
    t->n++;
    return &t->g[j].c;
}

static void table_free(table *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->g[i].key);
    free(t->g);
}

static long long attempts(const counts *c) { return c->delivered + c->bounced; }
static double rate(long long x, long long of) { return of > 0 ? (double)x / (double)of : 0.0; }

typedef struct report {
    int64_t since, until;
    counts total;
    table domain, provider, reason;
    counts *days; /* one per day from since */
    size_t ndays;
    int oom;
} report;

static const char *provider_of(const char *domain, const char *diag)
{
    static const struct {
        const char *domain, *provider;
    } map[] = {
        {"gmail.com", "gmail"},        {"googlemail.com", "gmail"},   {"yahoo.com", "yahoo"},
        {"ymail.com", "yahoo"},        {"rocketmail.com", "yahoo"},   {"aol.com", "yahoo"},
        {"yahoo.co.uk", "yahoo"},      {"yahoo.co.jp", "yahoo"},      {"yahoo.fr", "yahoo"},
        {"outlook.com", "microsoft"},  {"hotmail.com", "microsoft"},  {"live.com", "microsoft"},
        {"msn.com", "microsoft"},      {"hotmail.co.uk", "microsoft"}, {"outlook.fr", "microsoft"},
        {"icloud.com", "apple"},       {"me.com", "apple"},           {"mac.com", "apple"},
        {"gmx.de", "gmx"},             {"gmx.net", "gmx"},            {"web.de", "gmx"},
        {"yandex.ru", "yandex"},       {"mail.ru", "mailru"},         {"proton.me", "proton"},
        {"protonmail.com", "proton"},  {"comcast.net", "comcast"},    {"fastmail.com", "fastmail"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(domain, map[i].domain) == 0)
            return map[i].provider;
    /* a hosted domain: the reply text may name its provider */
    if (diag != NULL && diag[0] != '\0') {
        bk_reason r;
        const char *p = NULL;
        if (bk_text_reason(diag, strlen(diag), &r, &p) == BK_OK && p != NULL && p[0] != '\0')
            return p;
    }
    return "other";
}

static void add(counts *c, const bk_event_row *r)
{
    const bk_event *e = &r->ev;
    switch (e->action) {
    case BK_ACTION_DELIVERED: c->delivered++; break;
    case BK_ACTION_DELAYED: c->delayed++; break;
    case BK_ACTION_COMPLAINT: c->complaints++; break;
    case BK_ACTION_FAILED:
        if (e->reason == BK_REASON_VACATION || e->reason == BK_REASON_DELIVERED)
            break; /* auto-replies are no bounces */
        if (e->reason == BK_REASON_FEEDBACK) {
            c->complaints++;
            break;
        }
        c->bounced++;
        if (strcmp(r->outcome, "sender") == 0)
            c->sender++;
        else if (e->bounce == BK_BOUNCE_HARD)
            c->hard++;
        else
            c->soft++;
        if (strcmp(e->status, "5.1.1") == 0)
            c->hard511++;
        break;
    default: break;
    }
}

static int report_cb(void *ctx, const bk_event_row *r)
{
    report *rp = ctx;
    if (r->ev.time > rp->until || r->ev.action == BK_ACTION_SUPPRESS)
        return 0;
    const char *at = strrchr(r->ev.recipient, '@');
    const char *domain = at ? at + 1 : "";
    add(&rp->total, r);
    counts *c;
    if ((c = table_get(&rp->domain, domain)) == NULL ||
        (c = (add(c, r), table_get(&rp->provider, provider_of(domain, r->ev.diagnostic)))) == NULL) {
        rp->oom = 1;
        return 1;
    }
    add(c, r);
    if (r->ev.action == BK_ACTION_FAILED) {
        if ((c = table_get(&rp->reason, bk_reason_name(r->ev.reason))) == NULL) {
            rp->oom = 1;
            return 1;
        }
        add(c, r);
    }
    size_t d = (size_t)((r->ev.time - rp->since) / DAY);
    if (d < rp->ndays)
        add(&rp->days[d], r);
    return 0;
}

/* The time of the first event (the scan is in time order: stop there). */
static int first_cb(void *ctx, const bk_event_row *r)
{
    *(int64_t *)ctx = r->ev.time;
    return 1;
}

/* ---- output ------------------------------------------------------------- */

static int cmp_groups(const void *a, const void *b)
{
    const group *x = *(const group *const *)a, *y = *(const group *const *)b;
    long long ax = attempts(&x->c) + x->c.complaints, ay = attempts(&y->c) + y->c.complaints;
    if (ax != ay)
        return ax < ay ? 1 : -1;
    return strcmp(x->key, y->key);
}

static group **sorted(const table *t)
{
    group **v = malloc((t->n + 1) * sizeof *v);
    if (v == NULL)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < t->cap; i++)
        if (t->g[i].key)
            v[k++] = &t->g[i];
    qsort(v, k, sizeof *v, cmp_groups);
    return v;
}

static void json_counts(bk_json *j, const counts *c)
{
    long long a = attempts(c);
    bk_json_int(j, "sent", a);
    bk_json_int(j, "delivered", c->delivered);
    bk_json_int(j, "bounced", c->bounced);
    bk_json_int(j, "hard", c->hard);
    bk_json_int(j, "hard_5_1_1", c->hard511);
    bk_json_int(j, "soft", c->soft);
    bk_json_int(j, "sender_side", c->sender);
    bk_json_int(j, "complaints", c->complaints);
    bk_json_int(j, "delayed", c->delayed);
    char buf[32];
    snprintf(buf, sizeof buf, "%.6f", rate(c->bounced, a));
    bk_json_key(j, "bounce_rate");
    fputs(buf, j->out);
    snprintf(buf, sizeof buf, "%.6f", rate(c->hard, a));
    bk_json_key(j, "hard_rate");
    fputs(buf, j->out);
    snprintf(buf, sizeof buf, "%.6f", rate(c->hard511, a));
    bk_json_key(j, "hard_5_1_1_rate");
    fputs(buf, j->out);
    snprintf(buf, sizeof buf, "%.6f", rate(c->complaints, c->delivered));
    bk_json_key(j, "complaint_rate");
    fputs(buf, j->out);
}

typedef struct threshold {
    const char *name;
    double limit;
    double value;
} threshold;

static void thresholds(const counts *c, threshold *t)
{
    long long a = attempts(c);
    /* SES counts hard bounces only in the rate it reviews */
    t[0] = (threshold){"ses-bounce-review", SES_BOUNCE_REVIEW, rate(c->hard, a)};
    t[1] = (threshold){"ses-complaint-review", SES_COMPLAINT_REVIEW, rate(c->complaints, c->delivered)};
    t[2] = (threshold){"gmail-yahoo-complaints", GMAIL_YAHOO_COMPLAINT, rate(c->complaints, c->delivered)};
}

static void print_json(const report *rp)
{
    char t1[32], t2[32];
    bk_store_cli_time(rp->since, t1, sizeof t1);
    bk_store_cli_time(rp->until, t2, sizeof t2);
    bk_json j;
    bk_json_begin(&j, stdout);
    bk_json_str(&j, "group", "total");
    bk_json_null(&j, "key");
    bk_json_str(&j, "since", t1);
    bk_json_str(&j, "until", t2);
    json_counts(&j, &rp->total);
    threshold th[3];
    thresholds(&rp->total, th);
    bk_json_array_begin(&j, "thresholds");
    for (int i = 0; i < 3; i++) {
        char buf[32];
        bk_json_object_begin(&j, NULL);
        bk_json_str(&j, "name", th[i].name);
        snprintf(buf, sizeof buf, "%.4f", th[i].limit);
        bk_json_key(&j, "limit");
        fputs(buf, stdout);
        snprintf(buf, sizeof buf, "%.6f", th[i].value);
        bk_json_key(&j, "value");
        fputs(buf, stdout);
        bk_json_bool(&j, "over", th[i].value >= th[i].limit);
        bk_json_object_end(&j);
    }
    bk_json_array_end(&j);
    bk_json_end(&j);
    const struct {
        const char *name;
        const table *t;
    } groups[] = {{"provider", &rp->provider}, {"domain", &rp->domain}, {"reason", &rp->reason}};
    for (size_t g = 0; g < 3; g++) {
        group **v = sorted(groups[g].t);
        for (size_t i = 0; v && i < groups[g].t->n; i++) {
            bk_json_begin(&j, stdout);
            bk_json_str(&j, "group", groups[g].name);
            bk_json_str(&j, "key", v[i]->key);
            json_counts(&j, &v[i]->c);
            bk_json_end(&j);
        }
        free(v);
    }
    for (size_t d = 0; d < rp->ndays; d++) {
        const counts *c = &rp->days[d];
        if (attempts(c) + c->complaints + c->delayed == 0)
            continue;
        char day[32];
        bk_store_cli_time(rp->since + (int64_t)d * DAY, day, sizeof day);
        day[10] = '\0';
        bk_json_begin(&j, stdout);
        bk_json_str(&j, "group", "day");
        bk_json_str(&j, "key", day);
        json_counts(&j, c);
        bk_json_end(&j);
    }
}

static void row(const char *key, const counts *c, int color)
{
    long long a = attempts(c);
    double hr = rate(c->hard511, a) * 100;
    const char *on = color && hr > 0 ? "\033[1;31m" : "", *off = color && hr > 0 ? "\033[0m" : "";
    printf("  %-24.24s %8lld %7lld %6.2f%% %6lld %s%6.2f%%%s %6lld %6lld %6lld %7.3f%%\n", key, a,
           c->bounced, rate(c->bounced, a) * 100, c->hard, on, hr, off, c->soft, c->sender,
           c->complaints, rate(c->complaints, c->delivered) * 100);
}

static void header(const char *title)
{
    printf("\n%s\n  %-24s %8s %7s %7s %6s %7s %6s %6s %6s %8s\n", title, "", "sent", "bounced", "rate",
           "hard", "5.1.1", "soft", "sender", "compl", "compl%");
}

static void print_table(const report *rp, size_t top)
{
    int color = bk_cli_stdout_is_tty();
    char t1[32], t2[32];
    bk_store_cli_time(rp->since, t1, sizeof t1);
    bk_store_cli_time(rp->until, t2, sizeof t2);
    printf("Bounce report %s .. %s\n", t1, t2);
    printf("(sent = delivered + bounced; 5.1.1 = hard bounces for unknown mailboxes;\n"
           " sender = failures that are the sender's problem; compl%% = complaints / delivered)\n");
    header("Total");
    row("all", &rp->total, color);
    threshold th[3];
    thresholds(&rp->total, th);
    printf("\nThresholds\n");
    static const char *const label[] = {"SES bounce review (5%, hard)", "SES complaint review (0.1%)",
                                        "Gmail/Yahoo complaints (<0.3%)"};
    for (int i = 0; i < 3; i++) {
        int over = th[i].value >= th[i].limit;
        printf("  %-32s %7.3f%%  %s%s%s\n", label[i], th[i].value * 100,
               over && color ? "\033[1;31m" : "", over ? "OVER" : "ok", over && color ? "\033[0m" : "");
    }
    const struct {
        const char *name;
        const table *t;
    } groups[] = {{"By provider", &rp->provider}, {"By recipient domain", &rp->domain},
                  {"By reason (failures)", &rp->reason}};
    for (size_t g = 0; g < 3; g++) {
        header(groups[g].name);
        group **v = sorted(groups[g].t);
        for (size_t i = 0; v && i < groups[g].t->n && i < top; i++)
            row(v[i]->key, &v[i]->c, color);
        if (groups[g].t->n > top)
            printf("  ... %zu more (--top N)\n", groups[g].t->n - top);
        free(v);
    }
    header("By day");
    for (size_t d = 0; d < rp->ndays; d++) {
        const counts *c = &rp->days[d];
        if (attempts(c) + c->complaints + c->delayed == 0)
            continue;
        char day[32];
        bk_store_cli_time(rp->since + (int64_t)d * DAY, day, sizeof day);
        day[10] = '\0';
        row(day, c, color);
    }
}

/* An SVG line chart of the daily bounce and complaint rates with the
 * provider thresholds drawn across. */
static int write_chart(const report *rp, const char *path)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        return BK_EX_CANTCREAT;
    }
    const double W = 900, H = 420, L = 70, R = 20, T = 40, B = 60;
    double maxr = 0.06;
    for (size_t d = 0; d < rp->ndays; d++) {
        double br = rate(rp->days[d].bounced, attempts(&rp->days[d]));
        if (br > maxr)
            maxr = br;
    }
    maxr = maxr * 1.1;
    double pw = W - L - R, ph = H - T - B;
    size_t nd = rp->ndays > 1 ? rp->ndays : 2;
#define X(d) (L + pw * (double)(d) / (double)(nd - 1))
#define Y(r) (T + ph * (1.0 - (r) / maxr))
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
               "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n",
            W, H, W, H);
    fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
    char t1[32], t2[32];
    bk_store_cli_time(rp->since, t1, sizeof t1);
    bk_store_cli_time(rp->until, t2, sizeof t2);
    t1[10] = t2[10] = '\0';
    fprintf(f, "<text x=\"%.0f\" y=\"22\" font-size=\"15\">Daily bounce and complaint rates, %s to %s</text>\n",
            L, t1, t2);
    /* axes and grid */
    for (int i = 0; i <= 5; i++) {
        double r = maxr * i / 5;
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", L, Y(r),
                W - R, Y(r));
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.1f%%</text>\n", L - 6, Y(r) + 4,
                r * 100);
    }
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n", L, T + ph,
            W - R, T + ph);
    size_t step = rp->ndays / 10 + 1;
    for (size_t d = 0; d < rp->ndays; d += step) {
        char day[32];
        bk_store_cli_time(rp->since + (int64_t)d * DAY, day, sizeof day);
        day[10] = '\0';
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n", X(d), T + ph + 18,
                day + 5);
    }
    /* thresholds */
    const struct {
        double r;
        const char *label, *color;
    } th[] = {{SES_BOUNCE_REVIEW, "SES bounce review 5%", "#d62728"},
              {GMAIL_YAHOO_COMPLAINT, "Gmail/Yahoo complaints 0.3%", "#9467bd"},
              {SES_COMPLAINT_REVIEW, "SES complaint review 0.1%", "#ff7f0e"}};
    for (size_t i = 0; i < 3; i++)
        if (th[i].r <= maxr) {
            fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                       "stroke-dasharray=\"6 4\"/>\n",
                    L, Y(th[i].r), W - R, Y(th[i].r), th[i].color);
            /* the two complaint lines lie close together: label one on the left */
            int left = i == 2;
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\">%s</text>\n",
                    left ? L + 4 : W - R - 4, Y(th[i].r) - 4, left ? "start" : "end", th[i].color,
                    th[i].label);
        }
    /* series: bounce rate, hard (5.1.1) rate, complaint rate */
    const struct {
        const char *name, *color;
        int which;
    } series[] = {{"bounce rate", "#1f77b4", 0}, {"hard 5.1.1 rate", "#d62728", 1},
                  {"complaint rate", "#2ca02c", 2}};
    for (size_t s = 0; s < 3; s++) {
        fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", series[s].color);
        for (size_t d = 0; d < rp->ndays; d++) {
            const counts *c = &rp->days[d];
            if (series[s].which == 2 ? c->delivered == 0 : attempts(c) == 0)
                continue; /* no mail that day: no rate to draw */
            double r = series[s].which == 0   ? rate(c->bounced, attempts(c))
                       : series[s].which == 1 ? rate(c->hard511, attempts(c))
                                              : rate(c->complaints, c->delivered);
            fprintf(f, "%.1f,%.1f ", X(d), Y(r));
        }
        fprintf(f, "\"/>\n");
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                   "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
                L + (double)s * 170, H - 22, series[s].color, L + (double)s * 170 + 16, H - 12,
                series[s].name);
    }
    fprintf(f, "</svg>\n");
#undef X
#undef Y
    if (fclose(f) != 0) {
        perror(path);
        return BK_EX_IOERR;
    }
    return 0;
}

static void report_usage(FILE *out)
{
    fprintf(out,
            "usage: bouncekit report [--db PATH] [--days N | --since WHEN] [--until WHEN]\n"
            "                        [--json] [--chart FILE] [--top N] [--fail-over]\n"
            "\n"
            "Bounce and complaint rates per provider, recipient domain, reason and day,\n"
            "with the hard-bounce (5.1.1) rate, compared with the thresholds providers\n"
            "enforce: SES reviews accounts at 5%% bounces and 0.1%% complaints; Gmail and\n"
            "Yahoo require complaint rates under 0.3%%.  Rates count sent = delivered +\n"
            "bounced (MTA log 'sent' lines and webhook deliveries give the delivered).\n"
            "\n"
            "Options:\n"
            "  -d, --db PATH      the store (default: $BOUNCEKIT_DB)\n"
            "  -n, --days N       the last N days (default 30)\n"
            "  -s, --since WHEN   from a date (2026-11-01), Unix seconds\n"
            "  -u, --until WHEN   up to a date (default: now)\n"
            "  -j, --json         JSON Lines: a total object (with thresholds), then one\n"
            "                     per provider, domain, reason and day\n"
            "  -c, --chart FILE   also write an SVG chart of the daily rates\n"
            "  -t, --top N        rows per table (default 20)\n"
            "  -f, --fail-over    exit 1 when a threshold is reached (for monitoring)\n"
            "  -h, --help         show this help\n"
            "\n"
            "Exit status: 0 (with --fail-over: 1 when a threshold is reached); 2 on bad\n"
            "usage; 75 when the store is unavailable.\n");
}

int bk_cmd_report(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},    {"days", required_argument, NULL, 'n'},
        {"since", required_argument, NULL, 's'}, {"until", required_argument, NULL, 'u'},
        {"json", no_argument, NULL, 'j'},        {"chart", required_argument, NULL, 'c'},
        {"top", required_argument, NULL, 't'},   {"fail-over", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
    };
    bk_store_args a = {NULL, NULL, 0};
    int json = 0, fail_over = 0, c;
    long days = 30;
    size_t top = 20;
    const char *chart = NULL, *since_s = NULL, *until_s = NULL;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+d:n:s:u:jc:t:fh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': a.db = optarg; break;
        case 'n':
            days = strtol(optarg, NULL, 10);
            if (days < 1 || days > MAX_DAYS) {
                fprintf(stderr, "bouncekit report: --days: 1 to %d\n", MAX_DAYS);
                return BK_EXIT_USAGE;
            }
            break;
        case 's': since_s = optarg; break;
        case 'u': until_s = optarg; break;
        case 'j': json = 1; break;
        case 'c': chart = optarg; break;
        case 't': top = (size_t)strtoul(optarg, NULL, 10); break;
        case 'f': fail_over = 1; break;
        case 'h': report_usage(stdout); return BK_EXIT_OK;
        default: report_usage(stderr); return BK_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "bouncekit report: unexpected argument '%s'\n", argv[optind]);
        return BK_EXIT_USAGE;
    }
    report rp;
    memset(&rp, 0, sizeof rp);
    int64_t now = (int64_t)time(NULL);
    rp.until = now;
    if (until_s && bk_store_cli_parse_time(until_s, 0, now, &rp.until) != 0) {
        fprintf(stderr, "bouncekit report: --until: cannot read '%s'\n", until_s);
        return BK_EXIT_USAGE;
    }
    rp.since = (rp.until / DAY - days + 1) * DAY; /* whole days, UTC */
    if (since_s && bk_store_cli_parse_time(since_s, 0, now, &rp.since) != 0) {
        fprintf(stderr, "bouncekit report: --since: cannot read '%s'\n", since_s);
        return BK_EXIT_USAGE;
    }
    if (rp.since > rp.until || (rp.until - rp.since) / DAY >= MAX_DAYS) {
        fprintf(stderr, "bouncekit report: the period must be 1 to %d days\n", MAX_DAYS);
        return BK_EXIT_USAGE;
    }
    bk_store *st = NULL;
    int rc = bk_store_cli_open("bouncekit report", &a, 0, &st);
    if (rc != 0)
        return rc;
    /* A long period starts at the first event in it: no empty leading days. */
    int64_t first = 0;
    if (bk_store_events(st, NULL, NULL, 0, rp.since, first_cb, &first) < 0) {
        fprintf(stderr, "bouncekit report: %s\n", bk_store_errmsg(st));
        bk_store_close(st);
        return BK_EX_TEMPFAIL;
    }
    if (first > rp.since && first <= rp.until)
        rp.since = first;
    rp.since = rp.since / DAY * DAY;
    rp.ndays = (size_t)((rp.until - rp.since) / DAY) + 1;
    rp.days = calloc(rp.ndays, sizeof *rp.days);
    if (rp.days == NULL) {
        bk_store_close(st);
        return BK_EX_TEMPFAIL;
    }
    int err = bk_store_events(st, NULL, NULL, 0, rp.since, report_cb, &rp);
    if (err != BK_OK || rp.oom) {
        fprintf(stderr, "bouncekit report: %s\n", rp.oom ? "out of memory" : bk_store_errmsg(st));
        rc = BK_EX_TEMPFAIL;
        goto out;
    }
    if (json)
        print_json(&rp);
    else
        print_table(&rp, top);
    if (chart != NULL && (rc = write_chart(&rp, chart)) != 0)
        goto out;
    threshold th[3];
    thresholds(&rp.total, th);
    rc = 0;
    for (int i = 0; i < 3; i++)
        if (fail_over && attempts(&rp.total) > 0 && th[i].value >= th[i].limit)
            rc = BK_EXIT_FAIL;
out:
    fflush(stdout);
    bk_store_close(st);
    table_free(&rp.domain);
    table_free(&rp.provider);
    table_free(&rp.reason);
    free(rp.days);
    return rc;
}
