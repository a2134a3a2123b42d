/*
 * cmd_check.c - "bouncekit check": may these addresses be mailed?
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "store_cli.h"

static void check_usage(FILE *out)
{
    fprintf(out,
            "usage: bouncekit check [--db PATH] [--policy FILE] [--scope NAME] [--json]\n"
            "                       [--index] [--quiet] [--] ADDRESS... | -\n"
            "\n"
            "Ask the suppression store whether each address may be mailed.  '-' reads\n"
            "addresses from standard input, one a line (for sending loops).\n"
            "\n"
            "Options:\n"
            "  -d, --db PATH      the store (default: $BOUNCEKIT_DB, else\n"
            "                     $XDG_DATA_HOME/bouncekit/bouncekit.db)\n"
            "  -p, --policy FILE  policy file (address folding); default $BOUNCEKIT_POLICY\n"
            "  -s, --scope NAME   also honour suppressions of this list or stream\n"
            "  -j, --json         JSON Lines: address, suppressed, reason, rule, expires\n"
            "  -i, --index        load every suppression into memory first (fast for\n"
            "                     long lists of addresses)\n"
            "  -q, --quiet        print nothing; only the exit status answers\n"
            "  -u, --unbuffered   flush after every answer (for co-processes)\n"
            "  -h, --help         show this help\n"
            "\n"
            "Exit status: 0 when every address may be mailed, 1 when any is suppressed\n"
            "or not a usable address, 2 on bad usage, 75 when the store is unavailable.\n");
}

typedef struct check_state {
    bk_store *store;
    bk_policy *policy;
    const char *scope;
    int json, quiet, unbuffered;
    int any_suppressed;
    int64_t now;
} check_state;

static int check_one(check_state *s, const char *addr, size_t len)
{
    bk_check_result r;
    int rc = bk_store_check(s->store, s->policy, addr, len, s->scope, s->now, &r);
    if (rc == BK_ESTORE || rc == BK_EBUSY || rc == BK_ENOMEM) {
        fprintf(stderr, "bouncekit check: %s\n", bk_store_errmsg(s->store));
        return bk_store_cli_exit(rc);
    }
    if (rc != BK_OK) {
        /* not an address: never mail it */
        s->any_suppressed = 1;
        if (!s->quiet)
            fprintf(stderr, "bouncekit check: '%.*s': %s\n", (int)(len > 200 ? 200 : len), addr,
                    bk_strerror(rc));
        if (s->json) {
            bk_json j;
            bk_json_begin(&j, stdout);
            bk_json_strn(&j, "address", addr, len);
            bk_json_bool(&j, "suppressed", 1);
            bk_json_str(&j, "reason", "invalid-address");
            bk_json_null(&j, "rule");
            bk_json_null(&j, "expires");
            bk_json_end(&j);
        }
        return 0;
    }
    if (r.suppressed)
        s->any_suppressed = 1;
    if (s->json) {
        char exp[32];
        bk_json j;
        bk_json_begin(&j, stdout);
        bk_json_strn(&j, "address", addr, len);
        bk_json_bool(&j, "suppressed", r.suppressed);
        if (r.suppressed) {
            bk_json_str(&j, "reason", r.entry.reason);
            bk_json_str(&j, "rule", r.entry.rule);
            if (r.entry.expires != 0) {
                bk_store_cli_time(r.entry.expires, exp, sizeof exp);
                bk_json_str(&j, "expires", exp);
            } else {
                bk_json_null(&j, "expires");
            }
        } else {
            bk_json_null(&j, "reason");
            bk_json_null(&j, "rule");
            bk_json_null(&j, "expires");
        }
        bk_json_end(&j);
    } else if (!s->quiet) {
        if (r.suppressed) {
            char since[32], exp[32] = "permanent";
            bk_store_cli_time(r.entry.first_seen, since, sizeof since);
            if (r.entry.expires != 0)
                bk_store_cli_time(r.entry.expires, exp, sizeof exp);
            printf("%.*s: suppressed (%s, rule %s, %s%s, since %s, until %s)\n", (int)len, addr,
                   r.entry.reason, r.entry.rule, r.entry.scope[0] ? "scope " : "global",
                   r.entry.scope, since, exp);
        } else {
            printf("%.*s: ok\n", (int)len, addr);
        }
    }
    if (s->unbuffered)
        fflush(stdout);
    return 0;
}

static int check_stdin(check_state *s)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    while (rc == 0 && (n = getline(&line, &cap, stdin)) != -1) {
        size_t len = (size_t)n;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        size_t b = 0;
        while (b < len && (line[b] == ' ' || line[b] == '\t'))
            b++;
        if (b == len || line[b] == '#')
            continue;
        rc = check_one(s, line + b, len - b);
    }
    free(line);
    return rc;
}

int bk_cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},     {"policy", required_argument, NULL, 'p'},
        {"scope", required_argument, NULL, 's'},  {"json", no_argument, NULL, 'j'},
        {"index", no_argument, NULL, 'i'},        {"quiet", no_argument, NULL, 'q'},
        {"unbuffered", no_argument, NULL, 'u'},   {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bk_store_args a = {NULL, NULL, 0};
    check_state s;
    memset(&s, 0, sizeof s);
    int use_index = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+d:p:s:jiquh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': a.db = optarg; break;
        case 'p': a.policy = optarg; break;
        case 's': s.scope = optarg; break;
        case 'j': s.json = 1; break;
        case 'i': use_index = 1; break;
        case 'q': s.quiet = 1; break;
        case 'u': s.unbuffered = 1; break;
        case 'h': check_usage(stdout); return BK_EXIT_OK;
        default: check_usage(stderr); return BK_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "bouncekit check: no address given\n");
        check_usage(stderr);
        return BK_EXIT_USAGE;
    }
    int rc = bk_store_cli_policy("bouncekit check", &a, &s.policy);
    if (rc != 0)
        return rc;
    rc = bk_store_cli_open("bouncekit check", &a, 0, &s.store);
    if (rc != 0) {
        bk_policy_free(s.policy);
        return rc;
    }
    s.now = (int64_t)time(NULL);
    if (use_index && (rc = bk_store_index_load(s.store)) != BK_OK) {
        fprintf(stderr, "bouncekit check: loading the index: %s\n", bk_store_errmsg(s.store));
        rc = bk_store_cli_exit(rc);
        goto out;
    }
    rc = 0;
    for (int i = optind; i < argc && rc == 0; i++) {
        if (strcmp(argv[i], "-") == 0)
            rc = check_stdin(&s);
        else
            rc = check_one(&s, argv[i], strlen(argv[i]));
    }
out:
    fflush(stdout);
    bk_store_close(s.store);
    bk_policy_free(s.policy);
    if (rc != 0)
        return rc;
    return s.any_suppressed ? BK_EXIT_FAIL : BK_EXIT_OK;
}
