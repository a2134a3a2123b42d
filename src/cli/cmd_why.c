/*
 * cmd_why.c - "bouncekit why": the story of an address: its events, the
 * rule each one met, and the suppression (if any) with its expiry.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "store_cli.h"

static void why_usage(FILE *out)
{
    fprintf(out,
            "usage: bouncekit why [--db PATH] [--policy FILE] [--scope NAME] [--json] ADDRESS...\n"
            "\n"
            "Tell why an address is (or is not) suppressed: every event stored for it,\n"
            "the policy rule each event met and what it did, and the suppression with\n"
            "its rule and expiry.\n"
            "\n"
            "Options:\n"
            "  -d, --db PATH      the store (default: $BOUNCEKIT_DB)\n"
            "  -p, --policy FILE  the policy (default: $BOUNCEKIT_POLICY, else built in)\n"
            "  -s, --scope NAME   also consider suppressions of this list or stream\n"
            "  -j, --json         one JSON object per address\n"
            "  -h, --help         show this help\n"
            "\n"
            "Exit status: 0 when no address is suppressed, 1 when any is, 2 on bad\n"
            "usage, 75 when the store is unavailable.\n");
}

static void fmt_dur(int64_t d, char *buf, size_t size)
{
    if (d == 0)
        snprintf(buf, size, "permanently");
    else if (d % 86400 == 0)
        snprintf(buf, size, "for %lld days", (long long)(d / 86400));
    else if (d % 3600 == 0)
        snprintf(buf, size, "for %lld hours", (long long)(d / 3600));
    else
        snprintf(buf, size, "for %lld seconds", (long long)d);
}

typedef struct why_ctx {
    int json;
    int n;
    bk_json *j;
} why_ctx;

static int why_event(void *ctx, const bk_event_row *r)
{
    why_ctx *w = ctx;
    if (w->json) {
        bk_store_cli_json_event(w->j, r);
    } else {
        char t[32];
        bk_store_cli_time(r->ev.time, t, sizeof t);
        printf("  %s  %-9s %-12s %-6s rule %-14s -> %s\n", t, bk_action_name(r->ev.action),
               bk_reason_name(r->ev.reason), r->ev.status[0] ? r->ev.status : "-",
               r->rule[0] ? r->rule : "(none)", r->outcome);
        if (r->ev.diagnostic[0] || r->ev.source[0] || r->ev.note[0])
            printf("      %s%s%s%s%.160s\n", r->ev.source, r->ev.scope[0] ? " scope " : "",
                   r->ev.scope, r->ev.source[0] ? ": " : "",
                   r->ev.diagnostic[0] ? r->ev.diagnostic : r->ev.note);
    }
    w->n++;
    return 0;
}

/* A one-line account of a rule, from an event that met it. */
static void describe_rule(const bk_policy *p, const bk_suppression *x, char *buf, size_t size)
{
    bk_event e;
    memset(&e, 0, sizeof e);
    e.recipient = x->address;
    /* find the rule by name: try the actions in turn with the reason */
    bk_reason r = BK_REASON_UNDEFINED;
    bk_reason_from_name(x->reason, strlen(x->reason), &r);
    for (int a = 0; a < BK_ACTION__COUNT; a++) {
        for (int cls = 5; cls >= 4; cls--) {
            e.action = (bk_action)a;
            e.reason = r;
            e.status = cls == 5 ? "5.0.0" : "4.0.0";
            bk_policy_verdict v;
            bk_policy_match(p, &e, &v);
            if (strcmp(v.rule, x->rule) == 0 && v.act == BK_RULE_SUPPRESS) {
                char d[48], win[48] = "";
                fmt_dur(v.duration, d, sizeof d);
                if (v.after > 1 && v.within)
                    snprintf(win, sizeof win, " within %lld days", (long long)(v.within / 86400));
                if (v.after > 1)
                    snprintf(buf, size, "rule %s: suppress after %d events%s%s, %s", v.rule, v.after,
                             win, v.reset_on_delivery ? " (a delivery resets the count)" : "", d);
                else
                    snprintf(buf, size, "rule %s: suppress at once, %s", v.rule, d);
                return;
            }
        }
    }
    snprintf(buf, size, "rule %s (not in the current policy)", x->rule);
}

/* The scopes an address has events in (manual entries of a list, say). */
typedef struct scopes {
    char name[16][BK_SCOPE_MAX + 1];
    int n;
} scopes;

static int scope_cb(void *ctx, const bk_event_row *r)
{
    scopes *sc = ctx;
    if (r->ev.scope[0] == '\0')
        return 0;
    for (int i = 0; i < sc->n; i++)
        if (strcmp(sc->name[i], r->ev.scope) == 0)
            return 0;
    if (sc->n < 16)
        snprintf(sc->name[sc->n++], sizeof sc->name[0], "%s", r->ev.scope);
    return 0;
}

int bk_cmd_why(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},    {"policy", required_argument, NULL, 'p'},
        {"scope", required_argument, NULL, 's'}, {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
    };
    bk_store_args a = {NULL, NULL, 0};
    const char *scope = NULL;
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+d:p:s:jh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': a.db = optarg; break;
        case 'p': a.policy = optarg; break;
        case 's': scope = optarg; break;
        case 'j': json = 1; break;
        case 'h': why_usage(stdout); return BK_EXIT_OK;
        default: why_usage(stderr); return BK_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "bouncekit why: no address given\n");
        why_usage(stderr);
        return BK_EXIT_USAGE;
    }
    bk_policy *pol = NULL;
    bk_store *st = NULL;
    int rc = bk_store_cli_policy("bouncekit why", &a, &pol);
    if (rc != 0)
        return rc;
    if ((rc = bk_store_cli_open("bouncekit why", &a, 0, &st)) != 0) {
        bk_policy_free(pol);
        return rc;
    }
    int any = 0, bad = 0;
    int64_t now = (int64_t)time(NULL);
    for (int i = optind; i < argc; i++) {
        const char *addr = argv[i];
        bk_check_result r;
        rc = bk_store_check(st, pol, addr, strlen(addr), scope, now, &r);
        if (rc == BK_ESTORE || rc == BK_EBUSY) {
            fprintf(stderr, "bouncekit why: %s\n", bk_store_errmsg(st));
            rc = bk_store_cli_exit(rc);
            goto out;
        }
        if (rc != BK_OK) {
            fprintf(stderr, "bouncekit why: '%s': %s\n", addr, bk_strerror(rc));
            bad = 1;
            continue;
        }
        if (!r.suppressed && scope == NULL) {
            /* not globally: perhaps in a list or stream of its own */
            scopes sc;
            sc.n = 0;
            bk_store_events(st, pol, addr, strlen(addr), 0, scope_cb, &sc);
            for (int k = 0; k < sc.n && !r.suppressed; k++) {
                bk_check_result rs;
                if (bk_store_check(st, pol, addr, strlen(addr), sc.name[k], now, &rs) == BK_OK &&
                    rs.suppressed)
                    r = rs;
            }
        }
        any |= r.suppressed;
        why_ctx w = {json, 0, NULL};
        bk_json j;
        if (json) {
            bk_json_begin(&j, stdout);
            w.j = &j;
            bk_store_cli_json_suppression(&j, &r);
            bk_json_array_begin(&j, "events");
        } else {
            if (i > optind)
                putchar('\n');
            printf("%s\n", r.entry.address);
            if (r.suppressed) {
                char rule[200], t1[32], t3[32];
                describe_rule(pol, &r.entry, rule, sizeof rule);
                bk_store_cli_time(r.entry.first_seen, t1, sizeof t1);
                if (r.entry.expires)
                    bk_store_cli_time(r.entry.expires, t3, sizeof t3);
                printf("  SUPPRESSED (%s%s) since %s, %s%s; reason %s, %lld event%s\n",
                       r.entry.scope[0] ? "scope " : "global", r.entry.scope, t1,
                       r.entry.expires ? "until " : "permanent", r.entry.expires ? t3 : "",
                       r.entry.reason, (long long)r.entry.events, r.entry.events == 1 ? "" : "s");
                printf("  %s\n", rule);
                if (r.entry.note[0])
                    printf("  note: %s\n", r.entry.note);
            } else {
                printf("  may be mailed: no active suppression%s%s\n", scope ? " in scope " : "",
                       scope ? scope : "");
            }
            printf("  events:\n");
        }
        rc = bk_store_events(st, pol, addr, strlen(addr), 0, why_event, &w);
        if (json) {
            bk_json_array_end(&j);
            bk_json_end(&j);
        } else if (w.n == 0) {
            printf("  (none)\n");
        }
        if (rc != BK_OK) {
            fprintf(stderr, "bouncekit why: %s\n", bk_store_errmsg(st));
            rc = bk_store_cli_exit(rc);
            goto out;
        }
    }
    rc = bad ? BK_EXIT_USAGE : any ? BK_EXIT_FAIL : BK_EXIT_OK;
out:
    fflush(stdout);
    bk_store_close(st);
    bk_policy_free(pol);
    return rc;
}
