/*
 * cmd_suppressions.c - "bouncekit suppressions": add, remove, list, import
 * and export the suppression list, in bouncekit's CSV and in the CSV
 * formats of SES, SendGrid, Mailgun and Postmark.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli.h"
#include "store_cli.h"

static void supp_usage(FILE *out)
{
    fprintf(out,
            "usage: bouncekit suppressions add [OPTIONS] ADDRESS...\n"
            "       bouncekit suppressions remove [OPTIONS] ADDRESS...\n"
            "       bouncekit suppressions list [OPTIONS]\n"
            "       bouncekit suppressions import [OPTIONS] FILE|-\n"
            "       bouncekit suppressions export [OPTIONS]\n"
            "\n"
            "Manage the suppression list by hand and carry it to and from an ESP.\n"
            "\n"
            "Options:\n"
            "  -d, --db PATH        the store (default: $BOUNCEKIT_DB)\n"
            "  -p, --policy FILE    the policy (address folding)\n"
            "  -s, --scope NAME     a list or stream instead of the global list\n"
            "                       (remove: without it, every scope of the address)\n"
            "  -r, --reason WORD    add: why (default: manual)\n"
            "  -n, --note TEXT      add: free text kept with the entry\n"
            "  -e, --expires WHEN   add: when it ends: a date, Unix seconds or a\n"
            "                       duration (30d); default: never\n"
            "  -f, --format FMT     import/export: bouncekit (default), ses, sendgrid,\n"
            "                       mailgun, postmark\n"
            "  -a, --all            list/export: also expired entries\n"
            "  -j, --json           list: JSON Lines (address, scope, reason, rule,\n"
            "                       first_seen, last_seen, events, expires)\n"
            "  -o, --output FILE    export: write to FILE instead of standard output\n"
            "  -h, --help           show this help\n"
            "\n"
            "Exit status: 0 on success, 1 when some input rows were unusable (the rest\n"
            "are applied), 2 on bad usage, 75 when the store is unavailable.\n");
}

typedef enum fmt { FMT_BOUNCEKIT, FMT_SES, FMT_SENDGRID, FMT_MAILGUN, FMT_POSTMARK } fmt;

static int parse_fmt(const char *s, fmt *out)
{
    static const char *const names[] = {"bouncekit", "ses", "sendgrid", "mailgun", "postmark"};
    for (int i = 0; i < 5; i++)
        if (strcasecmp(s, names[i]) == 0) {
            *out = (fmt)i;
            return 0;
        }
    return -1;
}

typedef struct opts {
    bk_store_args a;
    const char *scope, *reason, *note, *expires, *output;
    fmt format;
    int all, json;
} opts;

/* ---- list / export ------------------------------------------------------ */

typedef struct out_ctx {
    FILE *out;
    opts *o;
    const char *scope;
    size_t n;
} out_ctx;

static int is_complaint(const char *reason)
{
    return strcasecmp(reason, "complaint") == 0 || strcasecmp(reason, "feedback") == 0;
}

static int list_cb(void *ctx, const bk_suppression *x)
{
    out_ctx *c = ctx;
    if (c->scope != NULL && strcmp(c->scope, x->scope) != 0)
        return 0;
    char t1[32], t2[32], t3[32];
    bk_store_cli_time(x->first_seen, t1, sizeof t1);
    bk_store_cli_time(x->last_seen, t2, sizeof t2);
    bk_store_cli_time(x->expires, t3, sizeof t3);
    char ev[32];
    snprintf(ev, sizeof ev, "%lld", (long long)x->events);
    FILE *f = c->out;
    c->n++;
    if (c->o->json) {
        bk_json j;
        bk_json_begin(&j, f);
        bk_json_str(&j, "address", x->address);
        bk_json_str_or_null(&j, "scope", x->scope);
        bk_json_str(&j, "reason", x->reason);
        bk_json_str(&j, "rule", x->rule);
        bk_json_str(&j, "first_seen", t1);
        bk_json_str(&j, "last_seen", t2);
        bk_json_int(&j, "events", x->events);
        bk_json_str(&j, "expires", x->expires ? t3 : NULL);
        bk_json_end(&j);
        return 0;
    }
    switch (c->o->format) {
    case FMT_BOUNCEKIT:
        bk_csv_write_field(f, x->address, 0);
        bk_csv_write_field(f, x->scope, 0);
        bk_csv_write_field(f, x->reason, 0);
        bk_csv_write_field(f, x->rule, 0);
        bk_csv_write_field(f, t1, 0);
        bk_csv_write_field(f, t2, 0);
        bk_csv_write_field(f, ev, 0);
        bk_csv_write_field(f, x->expires ? t3 : "", 0);
        bk_csv_write_field(f, x->source, 0);
        bk_csv_write_field(f, x->note, 1);
        break;
    case FMT_SES:
        bk_csv_write_field(f, x->address, 0);
        bk_csv_write_field(f, is_complaint(x->reason) ? "COMPLAINT" : "BOUNCE", 1);
        break;
    case FMT_SENDGRID: {
        char created[32];
        snprintf(created, sizeof created, "%lld", (long long)x->first_seen);
        bk_csv_write_field(f, x->address, 0);
        bk_csv_write_field(f, created, 0);
        bk_csv_write_field(f, x->note[0] ? x->note : x->reason, 0);
        bk_csv_write_field(f, is_complaint(x->reason) ? "" : "5.1.1", 1);
        break;
    }
    case FMT_MAILGUN: {
        char created[64];
        time_t tt = (time_t)x->first_seen;
        struct tm tm;
        gmtime_r(&tt, &tm);
        strftime(created, sizeof created, "%a, %d %b %Y %H:%M:%S UTC", &tm);
        bk_csv_write_field(f, x->address, 0);
        bk_csv_write_field(f, "550", 0);
        bk_csv_write_field(f, x->note[0] ? x->note : x->reason, 0);
        bk_csv_write_field(f, created, 1);
        break;
    }
    case FMT_POSTMARK:
        bk_csv_write_field(f, x->address, 0);
        bk_csv_write_field(f,
                           is_complaint(x->reason)                 ? "SpamComplaint"
                           : strcmp(x->rule, "manual") == 0        ? "ManualSuppression"
                                                                   : "HardBounce",
                           0);
        bk_csv_write_field(f, strcmp(x->rule, "manual") == 0 ? "Customer" : "Recipient", 0);
        bk_csv_write_field(f, t1, 1);
        break;
    }
    return 0;
}

static void write_header(FILE *f, fmt format)
{
    switch (format) {
    case FMT_BOUNCEKIT:
        fputs("address,scope,reason,rule,first_seen,last_seen,events,expires,source,note\n", f);
        break;
    case FMT_SES: fputs("emailAddress,reason\n", f); break;
    case FMT_SENDGRID: fputs("email,created,reason,status\n", f); break;
    case FMT_MAILGUN: fputs("address,code,error,created_at\n", f); break;
    case FMT_POSTMARK: fputs("EmailAddress,SuppressionReason,Origin,CreatedAt\n", f); break;
    }
}

static int do_list(bk_store *st, opts *o, int export_mode)
{
    FILE *f = stdout;
    if (export_mode && o->output != NULL) {
        f = fopen(o->output, "w");
        if (f == NULL) {
            perror(o->output);
            return BK_EX_CANTCREAT;
        }
    }
    if (!o->json)
        write_header(f, o->format);
    out_ctx c = {f, o, o->scope, 0};
    int rc = bk_store_suppressions(st, o->all, 0, list_cb, &c);
    if (f != stdout && fclose(f) != 0) {
        perror(o->output);
        return BK_EX_IOERR;
    }
    if (rc != BK_OK) {
        fprintf(stderr, "bouncekit suppressions: %s\n", bk_store_errmsg(st));
        return bk_store_cli_exit(rc);
    }
    if (export_mode)
        fprintf(stderr, "bouncekit suppressions: exported %zu entr%s\n", c.n, c.n == 1 ? "y" : "ies");
    return 0;
}

/* ---- add / import ------------------------------------------------------- */

/* The reason word kept for an imported or added entry. */
static void map_reason(const char *in, char *out, size_t size)
{
    if (in == NULL || in[0] == '\0') {
        snprintf(out, size, "manual");
        return;
    }
    bk_reason r;
    if (bk_reason_from_name(in, strlen(in), &r) == BK_OK) {
        snprintf(out, size, "%s", bk_reason_name(r));
        return;
    }
    if (strcasecmp(in, "COMPLAINT") == 0 || strcasecmp(in, "SpamComplaint") == 0 ||
        strcasecmp(in, "spamreport") == 0 || strcasecmp(in, "spam_complaint") == 0)
        snprintf(out, size, "complaint");
    else if (strcasecmp(in, "BOUNCE") == 0 || strcasecmp(in, "HardBounce") == 0 ||
             strcasecmp(in, "hard_bounce") == 0 || strcasecmp(in, "bounced") == 0)
        snprintf(out, size, "bounce");
    else if (strcasecmp(in, "ManualSuppression") == 0 || strcasecmp(in, "manual") == 0)
        snprintf(out, size, "manual");
    else if (strcasecmp(in, "unsubscribe") == 0 || strcasecmp(in, "unsubscribed") == 0)
        snprintf(out, size, "unsubscribe");
    else
        snprintf(out, size, "bounce"); /* a provider's free-text bounce reason */
}

static int add_entry(bk_store *st, bk_policy *pol, const char *addr, const char *scope,
                     const char *reason, const char *note, const char *source, int64_t first,
                     int64_t expires)
{
    bk_suppression x;
    memset(&x, 0, sizeof x);
    if (strlen(addr) > BK_ADDRESS_MAX || (scope && strlen(scope) > BK_SCOPE_MAX))
        return BK_ETOOBIG;
    snprintf(x.address, sizeof x.address, "%s", addr);
    snprintf(x.scope, sizeof x.scope, "%s", scope ? scope : "");
    map_reason(reason, x.reason, sizeof x.reason);
    snprintf(x.note, sizeof x.note, "%s", note ? note : "");
    snprintf(x.source, sizeof x.source, "%s", source);
    x.first_seen = first;
    x.expires = expires;
    return bk_store_suppression_add(st, pol, &x);
}

static int col_index(const bk_csv_row *h, const char *const *names)
{
    for (int i = 0; i < h->n; i++) {
        const char *f = h->field[i];
        while (*f == ' ' || (unsigned char)*f == 0xEF || (unsigned char)*f == 0xBB ||
               (unsigned char)*f == 0xBF)
            f++; /* a UTF-8 byte order mark before the first name */
        for (const char *const *n = names; *n; n++)
            if (strcasecmp(f, *n) == 0)
                return i;
    }
    return -1;
}

static int do_import(bk_store *st, bk_policy *pol, opts *o, const char *file)
{
    FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
    if (f == NULL) {
        perror(file);
        return BK_EX_NOINPUT;
    }
    static const char *const addr_names[] = {"address", "email", "emailaddress", "email_address",
                                             "email address", "recipient", NULL};
    static const char *const reason_names[] = {"reason", "suppressionreason", "type", NULL};
    static const char *const created_names[] = {"first_seen", "created", "created_at", "createdat",
                                                "timestamp", "lastupdatetime", NULL};
    static const char *const expires_names[] = {"expires", "expires_at", NULL};
    static const char *const scope_names[] = {"scope", "messagestream", NULL};
    static const char *const note_names[] = {"note", "error", "description", NULL};
    static const char *const srcnames[] = {"bouncekit", "ses", "sendgrid", "mailgun", "postmark"};
    char source[32];
    snprintf(source, sizeof source, "import:%s", srcnames[o->format]);

    bk_csv_row row;
    int ai = 0, ri = -1, ci = -1, ei = -1, si = -1, ni = -1, header = 0;
    int rc = bk_csv_read(f, &row);
    if (rc == 1) {
        int k = col_index(&row, addr_names);
        if (k >= 0) {
            header = 1;
            ai = k;
            ri = col_index(&row, reason_names);
            ci = col_index(&row, created_names);
            ei = col_index(&row, expires_names);
            si = col_index(&row, scope_names);
            ni = col_index(&row, note_names);
        } else if (o->format == FMT_SES) {
            ri = 1; /* emailAddress,reason without a header */
        }
    }
    size_t ok = 0, bad = 0, line = 1;
    int64_t now = (int64_t)time(NULL);
    int ret = 0;
    while (rc == 1) {
        if (!header || line > 1) {
            const char *addr = ai < row.n ? row.field[ai] : "";
            while (*addr == ' ')
                addr++;
            if (addr[0] != '\0' && addr[0] != '#') {
                const char *reason = ri >= 0 && ri < row.n ? row.field[ri] : o->reason;
                const char *scope = si >= 0 && si < row.n && row.field[si][0] ? row.field[si] : o->scope;
                if (o->format == FMT_POSTMARK && si >= 0 && scope && strcmp(scope, "outbound") == 0)
                    scope = o->scope; /* Postmark's default stream is the global list */
                int64_t first = 0, expires = 0;
                if (ci >= 0 && ci < row.n && row.field[ci][0] &&
                    bk_store_cli_parse_time(row.field[ci], 0, now, &first) != 0)
                    first = 0;
                if (ei >= 0 && ei < row.n && row.field[ei][0] &&
                    bk_store_cli_parse_time(row.field[ei], 0, now, &expires) != 0)
                    expires = 0;
                const char *note = ni >= 0 && ni < row.n ? row.field[ni] : o->note;
                int e = add_entry(st, pol, addr, scope, reason, note, source, first, expires);
                if (e == BK_OK) {
                    ok++;
                } else if (e == BK_ESTORE || e == BK_EBUSY || e == BK_ENOMEM) {
                    fprintf(stderr, "bouncekit suppressions: %s\n", bk_store_errmsg(st));
                    ret = bk_store_cli_exit(e);
                    break;
                } else {
                    fprintf(stderr, "bouncekit suppressions: %s:%zu: '%.100s': %s\n", file, line, addr,
                            bk_strerror(e));
                    bad++;
                }
            }
        }
        line++;
        rc = bk_csv_read(f, &row);
    }
    if (rc < 0) {
        fprintf(stderr, "bouncekit suppressions: %s:%zu: record too long\n", file, line);
        bad++;
    }
    if (f != stdin)
        fclose(f);
    fprintf(stderr, "bouncekit suppressions: imported %zu, skipped %zu\n", ok, bad);
    if (ret != 0)
        return ret;
    return bad ? BK_EXIT_FAIL : 0;
}

int bk_cmd_suppressions(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},      {"policy", required_argument, NULL, 'p'},
        {"scope", required_argument, NULL, 's'},   {"reason", required_argument, NULL, 'r'},
        {"note", required_argument, NULL, 'n'},    {"expires", required_argument, NULL, 'e'},
        {"format", required_argument, NULL, 'f'},  {"all", no_argument, NULL, 'a'},
        {"json", no_argument, NULL, 'j'},          {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    opts o;
    memset(&o, 0, sizeof o);
    if (argc < 2) {
        supp_usage(stderr);
        return BK_EXIT_USAGE;
    }
    const char *verb = argv[1];
    if (strcmp(verb, "-h") == 0 || strcmp(verb, "--help") == 0 || strcmp(verb, "help") == 0) {
        supp_usage(stdout);
        return BK_EXIT_OK;
    }
    if (strcmp(verb, "add") != 0 && strcmp(verb, "remove") != 0 && strcmp(verb, "list") != 0 &&
        strcmp(verb, "import") != 0 && strcmp(verb, "export") != 0) {
        fprintf(stderr, "bouncekit suppressions: unknown action '%s'\n", verb);
        supp_usage(stderr);
        return BK_EXIT_USAGE;
    }
    int c;
    optind = 1;
    argc--;
    argv++;
    while ((c = getopt_long(argc, argv, "+d:p:s:r:n:e:f:ajo:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': o.a.db = optarg; break;
        case 'p': o.a.policy = optarg; break;
        case 's': o.scope = optarg; break;
        case 'r': o.reason = optarg; break;
        case 'n': o.note = optarg; break;
        case 'e': o.expires = optarg; break;
        case 'f':
            if (parse_fmt(optarg, &o.format) != 0) {
                fprintf(stderr, "bouncekit suppressions: unknown format '%s'\n", optarg);
                return BK_EXIT_USAGE;
            }
            break;
        case 'a': o.all = 1; break;
        case 'j': o.json = 1; break;
        case 'o': o.output = optarg; break;
        case 'h': supp_usage(stdout); return BK_EXIT_OK;
        default: supp_usage(stderr); return BK_EXIT_USAGE;
        }
    }
    int want_args = strcmp(verb, "add") == 0 || strcmp(verb, "remove") == 0 || strcmp(verb, "import") == 0;
    if (want_args && optind >= argc) {
        fprintf(stderr, "bouncekit suppressions %s: nothing given\n", verb);
        return BK_EXIT_USAGE;
    }
    if (!want_args && optind < argc) {
        fprintf(stderr, "bouncekit suppressions %s: unexpected argument '%s'\n", verb, argv[optind]);
        return BK_EXIT_USAGE;
    }
    if (o.scope != NULL && strlen(o.scope) > BK_SCOPE_MAX) {
        fprintf(stderr, "bouncekit suppressions: a scope is at most %d bytes\n", BK_SCOPE_MAX);
        return BK_EXIT_USAGE;
    }
    int64_t now = (int64_t)time(NULL), expires = 0;
    if (o.expires != NULL && bk_store_cli_parse_time(o.expires, 1, now, &expires) != 0) {
        fprintf(stderr, "bouncekit suppressions: --expires: cannot read '%s'\n", o.expires);
        return BK_EXIT_USAGE;
    }
    bk_policy *pol = NULL;
    bk_store *st = NULL;
    int rc = bk_store_cli_policy("bouncekit suppressions", &o.a, &pol);
    if (rc != 0)
        return rc;
    if ((rc = bk_store_cli_open("bouncekit suppressions", &o.a, 0, &st)) != 0) {
        bk_policy_free(pol);
        return rc;
    }
    if (strcmp(verb, "list") == 0 || strcmp(verb, "export") == 0) {
        rc = do_list(st, &o, verb[0] == 'e');
    } else if (strcmp(verb, "import") == 0) {
        rc = 0;
        for (int i = optind; i < argc && (rc == 0 || rc == BK_EXIT_FAIL); i++) {
            int r = do_import(st, pol, &o, argv[i]);
            if (r != 0)
                rc = r;
        }
    } else {
        int bad = 0;
        rc = 0;
        for (int i = optind; i < argc && rc == 0; i++) {
            int e;
            if (verb[0] == 'a') {
                e = add_entry(st, pol, argv[i], o.scope, o.reason, o.note, "manual", now, expires);
            } else {
                int removed = 0;
                e = bk_store_suppression_remove(st, pol, argv[i], strlen(argv[i]), o.scope, &removed);
                if (e == BK_OK && removed == 0)
                    fprintf(stderr, "bouncekit suppressions: %s was not suppressed%s%s\n", argv[i],
                            o.scope ? " in scope " : "", o.scope ? o.scope : "");
            }
            if (e == BK_ESTORE || e == BK_EBUSY || e == BK_ENOMEM) {
                fprintf(stderr, "bouncekit suppressions: %s\n", bk_store_errmsg(st));
                rc = bk_store_cli_exit(e);
            } else if (e != BK_OK) {
                fprintf(stderr, "bouncekit suppressions: '%s': %s\n", argv[i], bk_strerror(e));
                bad = 1;
            }
        }
        if (rc == 0 && bad)
            rc = BK_EXIT_FAIL;
    }
    bk_store_close(st);
    bk_policy_free(pol);
    return rc;
}
