/*
 * cmd_verify.c - "bouncekit verify": check addresses before they are
 * mailed, one by one or a whole list.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#ifndef BK_VERIFY_DATADIR
#define BK_VERIFY_DATADIR "/usr/local/share/bouncekit/verify"
#endif

/* Addresses verified together: their DNS queries run at once. */
#define VERIFY_BATCH_DEFAULT 2000
#define VERIFY_BATCH_MAX 100000
/* One CSV record (or line) of the input; longer ones are an error. */
#define VERIFY_RECORD_MAX (1 << 20)
/* Corrections remembered for the summary. */
#define VERIFY_SUMMARY_FIXES 4096

static void verify_usage(FILE *out)
{
    fprintf(out,
            "usage: bouncekit verify [OPTIONS] [--] ADDRESS...\n"
            "       bouncekit verify [OPTIONS] --input FILE [--column NAME] [--output FILE]\n"
            "\n"
            "Check addresses before they are mailed: syntax (a graded diagnosis),\n"
            "typos of popular providers, whether the domain receives mail (DNS),\n"
            "disposable, role and free-provider addresses, and with --smtp whether\n"
            "the mailbox exists.  Verdict: deliverable, undeliverable, risky or unknown.\n"
            "\n"
            "Options:\n"
            "  -j, --json             JSON Lines: one object per address, in input order\n"
            "      --offline          no DNS, no SMTP: syntax, typos and lists only\n"
            "      --smtp             probe the mailbox over SMTP (never sends mail)\n"
            "      --profile NAME     syntax profile: strict, default or lenient\n"
            "      --dns SERVER[:PORT]  the resolver to ask (default: the system's)\n"
            "      --dns-timeout MS   per DNS try (default 2000)\n"
            "      --dns-tries N      tries per query (default 2)\n"
            "      --data-dir DIR     disposable.txt, role.txt, free.txt (default:\n"
            "                         $BOUNCEKIT_DATA_DIR, else the installed lists)\n"
            "  SMTP probe:\n"
            "      --helo NAME        EHLO name (default localhost)\n"
            "      --mail-from ADDR   MAIL FROM address (default: the null path <>)\n"
            "      --smtp-port N      port of the MX hosts (default 25)\n"
            "      --smtp-timeout MS  per reply (default 10000)\n"
            "      --concurrency N    connections at once (default 8; one per domain)\n"
            "      --per-host N       connections at once to one MX host, across domains\n"
            "                         (default 2)\n"
            "      --rate N           new connections per second (default: no limit)\n"
            "      --retry-after MS   wait before retrying a 4xx reply (default 0)\n"
            "      --no-starttls      do not use STARTTLS\n"
            "      --transcript       print the SMTP dialogue (text output)\n"
            "  List mode:\n"
            "  -i, --input FILE       CSV with a header row, or one address a line ('-': stdin)\n"
            "  -c, --column NAME      the CSV column with the addresses (default: email,\n"
            "                         e-mail, email_address, address or mail; or the only one)\n"
            "  -o, --output FILE      results (default stdout): CSV (input columns plus\n"
            "                         verdict, reasons, suggestion, normalized) or JSON Lines\n"
            "      --resume           continue an interrupted run: keep the complete\n"
            "                         records of --output and verify the rest\n"
            "      --batch N          addresses verified together (default 2000)\n"
            "      --no-progress      no progress bar on a terminal\n"
            "  -h, --help             show this help\n"
            "\n"
            "Exit status: 0 when no address is undeliverable, 1 when some are,\n"
            "2 on bad usage or unreadable input, 70 on an internal error.\n");
}

typedef struct vopts {
    int json, transcript, progress, resume;
    size_t batch;
    const char *input, *output, *column, *data_dir;
    bk_verify_options vo;
} vopts;

/* ---- per-result output ------------------------------------------------ */

static void json_result(FILE *out, const char *addr, size_t len, const bk_verify_result *r)
{
    bk_json j;
    bk_json_begin(&j, out);
    bk_json_strn(&j, "address", addr, len);
    bk_json_str_or_null(&j, "normalized", r->syntax.normalized);
    bk_json_str(&j, "verdict", bk_verdict_name(r->verdict));
    bk_json_array_begin(&j, "reasons");
    for (unsigned b = 0; b < BK_VR__COUNT; b++)
        if (r->reasons & (1u << b))
            bk_json_array_str(&j, bk_verify_reason_name(1u << b));
    bk_json_array_end(&j);
    bk_json_object_begin(&j, "syntax");
    bk_json_bool(&j, "valid", r->syntax.valid);
    bk_json_str(&j, "category", bk_addr_category_name(r->syntax.category));
    bk_json_str(&j, "diagnosis", bk_addr_diag_name(r->syntax.diagnosis));
    bk_json_bool(&j, "smtputf8", r->syntax.smtputf8);
    bk_json_object_end(&j);
    bk_json_str_or_null(&j, "suggestion", r->suggestion);
    bk_json_object_begin(&j, "domain");
    if (r->domain_checked && r->domain_exists >= 0)
        bk_json_bool(&j, "exists", r->domain_exists);
    else
        bk_json_null(&j, "exists");
    bk_json_array_begin(&j, "mx");
    for (size_t k = 0; k < r->n_mx; k++)
        bk_json_array_str(&j, r->mx[k]);
    bk_json_array_end(&j);
    bk_json_bool(&j, "null_mx", r->null_mx);
    bk_json_bool(&j, "implicit_mx", r->implicit_mx);
    bk_json_object_end(&j);
    bk_json_bool(&j, "disposable", r->disposable);
    bk_json_bool(&j, "role", r->role);
    bk_json_bool(&j, "free", r->free_provider);
    if (r->smtp.attempted) {
        bk_json_object_begin(&j, "smtp");
        bk_json_str_or_null(&j, "host", r->smtp.host);
        bk_json_int_or_null(&j, "reply_code", r->smtp.reply_code, r->smtp.reply_code != 0);
        bk_json_str_or_null(&j, "status", r->smtp.status);
        bk_json_str(&j, "reason", r->smtp.reply_code ? bk_reason_name(r->smtp.reason) : NULL);
        bk_json_bool(&j, "accepted", r->smtp.accepted);
        if (r->smtp.catch_all >= 0)
            bk_json_bool(&j, "catch_all", r->smtp.catch_all);
        else
            bk_json_null(&j, "catch_all");
        bk_json_bool(&j, "tls", r->smtp.tls);
        bk_json_bool(&j, "port_blocked", r->smtp.port_blocked);
        bk_json_str(&j, "transcript", r->smtp.transcript ? r->smtp.transcript : "");
        bk_json_object_end(&j);
    } else {
        bk_json_null(&j, "smtp");
    }
    bk_json_end(&j);
}

static void print_shown(FILE *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len && i < 300; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\x%02x", c);
        else
            putc(c, out);
    }
}

static void text_result(FILE *out, const char *addr, size_t len, const bk_verify_result *r,
                        int transcript)
{
    print_shown(out, addr, len);
    fprintf(out, ": %s", bk_verdict_name(r->verdict));
    const char *sep = " (";
    for (unsigned b = 0; b < BK_VR__COUNT; b++)
        if (r->reasons & (1u << b)) {
            fprintf(out, "%s%s", sep, bk_verify_reason_name(1u << b));
            sep = ", ";
        }
    fprintf(out, "%s\n", sep[0] == ',' ? ")" : "");
    fprintf(out, "  syntax:     %s (%s, %s)%s\n", r->syntax.valid ? "valid" : "invalid",
            bk_addr_category_name(r->syntax.category), bk_addr_diag_name(r->syntax.diagnosis),
            r->syntax.smtputf8 ? ", needs SMTPUTF8" : "");
    if (r->syntax.normalized[0] != '\0' && (strlen(r->syntax.normalized) != len ||
                                            memcmp(r->syntax.normalized, addr, len) != 0))
        fprintf(out, "  normalized: %s\n", r->syntax.normalized);
    if (r->suggestion[0] != '\0')
        fprintf(out, "  suggestion: %s\n", r->suggestion);
    if (r->domain_checked) {
        fprintf(out, "  domain:     ");
        if (r->null_mx)
            fprintf(out, "null MX: accepts no mail\n");
        else if (r->implicit_mx)
            fprintf(out, "no MX; the domain's own address receives mail\n");
        else if (r->n_mx > 0) {
            fprintf(out, "MX");
            for (size_t k = 0; k < r->n_mx; k++)
                fprintf(out, " %s", r->mx[k]);
            fprintf(out, "\n");
        } else if (r->domain_exists == 0)
            fprintf(out, "does not exist\n");
        else if (r->domain_exists == 1)
            fprintf(out, "exists, but nothing receives mail\n");
        else
            fprintf(out, "unknown (%s)\n", (r->reasons & BK_VR_TIMEOUT) ? "timeout" : "DNS error");
    }
    fprintf(out, "  lists:      disposable %s, role %s, free provider %s\n",
            r->disposable ? "yes" : "no", r->role ? "yes" : "no", r->free_provider ? "yes" : "no");
    if (r->smtp.attempted) {
        if (r->smtp.reply_code)
            fprintf(out, "  smtp:       %s replied %d%s%s (%s)%s%s\n", r->smtp.host,
                    r->smtp.reply_code, r->smtp.status[0] ? " " : "", r->smtp.status,
                    bk_reason_name(r->smtp.reason), r->smtp.tls ? ", TLS" : "",
                    r->smtp.catch_all == 1 ? ", accepts any address" : "");
        else
            fprintf(out, "  smtp:       no answer\n");
        if (transcript && r->smtp.transcript != NULL) {
            const char *t = r->smtp.transcript;
            while (*t) {
                const char *nl = strchr(t, '\n');
                size_t l = nl ? (size_t)(nl - t) : strlen(t);
                fprintf(out, "    %.*s\n", (int)l, t);
                t += l + (nl ? 1 : 0);
            }
        }
    }
}

/* ---- summary ---------------------------------------------------------- */

typedef struct fix_count {
    char from[128], to[128];
    unsigned long n;
} fix_count;

typedef struct summary {
    unsigned long total, verdict[4], reason[BK_VR__COUNT];
    fix_count *fixes;
    size_t nfix;
    int port25_warned;
} summary;

static void summary_add(summary *s, const bk_verify_result *r)
{
    s->total++;
    s->verdict[r->verdict]++;
    for (unsigned b = 0; b < BK_VR__COUNT; b++)
        if (r->reasons & (1u << b))
            s->reason[b]++;
    if (r->suggestion[0] == '\0' || s->fixes == NULL)
        return;
    const char *to = strrchr(r->suggestion, '@');
    to = to ? to + 1 : r->suggestion;
    char from[128];
    const char *dom = r->syntax.domain[0] ? r->syntax.domain : "";
    snprintf(from, sizeof from, "%.*s", (int)(sizeof from - 1), dom); /* long domains are cut */
    if (from[0] == '\0')
        snprintf(from, sizeof from, "(invalid)");
    for (size_t i = 0; i < s->nfix; i++)
        if (strcmp(s->fixes[i].to, to) == 0 && strcmp(s->fixes[i].from, from) == 0) {
            s->fixes[i].n++;
            return;
        }
    if (s->nfix < VERIFY_SUMMARY_FIXES) {
        fix_count *f = &s->fixes[s->nfix++];
        snprintf(f->from, sizeof f->from, "%s", from);
        snprintf(f->to, sizeof f->to, "%.*s", (int)(sizeof f->to - 1), to);
        f->n = 1;
    }
}

static int by_count(const void *a, const void *b)
{
    const fix_count *x = a, *y = b;
    return x->n < y->n ? 1 : (x->n > y->n ? -1 : strcmp(x->from, y->from));
}

static void summary_print(FILE *out, summary *s, double secs, unsigned long skipped)
{
    fprintf(out, "\nverified %lu addresses in %.1f s", s->total, secs);
    if (secs > 0)
        fprintf(out, " (%.0f/s)", (double)s->total / secs);
    if (skipped)
        fprintf(out, "; %lu already done before resuming", skipped);
    fprintf(out, "\n");
    for (int v = 0; v < 4; v++)
        fprintf(out, "  %-14s %lu\n", bk_verdict_name((bk_verdict)v), s->verdict[v]);
    int any = 0;
    for (unsigned b = 0; b < BK_VR__COUNT; b++)
        if (s->reason[b]) {
            if (!any)
                fprintf(out, "reasons:\n");
            any = 1;
            fprintf(out, "  %-18s %lu\n", bk_verify_reason_name(1u << b), s->reason[b]);
        }
    if (s->nfix > 0) {
        qsort(s->fixes, s->nfix, sizeof *s->fixes, by_count);
        fprintf(out, "suggested corrections:\n");
        for (size_t i = 0; i < s->nfix && i < 20; i++)
            fprintf(out, "  %-24s -> %-20s %lu\n", s->fixes[i].from, s->fixes[i].to,
                    s->fixes[i].n);
        if (s->nfix > 20)
            fprintf(out, "  ... and %zu more\n", s->nfix - 20);
    }
}

static void warn_port25(summary *s, const bk_verify_result *r, size_t n, int port)
{
    if (s->port25_warned)
        return;
    int blocked = 0;
    for (size_t i = 0; i < n; i++)
        if (r[i].smtp.attempted && r[i].smtp.port_blocked)
            blocked = 1;
    if (blocked) {
        fprintf(stderr, "bouncekit verify: no mail server could be reached on port %d from "
                        "this machine (outbound port %d is probably blocked): mailboxes "
                        "were not checked\n", port, port);
        s->port25_warned = 1;
    }
}

/* ---- CSV -------------------------------------------------------------- */

/* A reader of CSV records (RFC 4180) or plain lines from a stream. */
typedef struct reader {
    FILE *f;
    char *rec;      /* raw record text */
    size_t len, cap;
    char **field;   /* unquoted fields, pointing into fbuf */
    size_t *flen;
    size_t nf, fcap;
    char *fbuf;
    size_t fbcap;
    int csv;
    unsigned long records;
    int eof;
} reader;

/* Read one record: up to a newline outside quotes.  1 ok, 0 eof, <0 err. */
static int read_record(reader *r)
{
    r->len = 0;
    int inq = 0, c, any = 0;
    while ((c = getc_unlocked(r->f)) != EOF) {
        any = 1;
        if (r->len + 2 > r->cap) {
            if (r->cap >= VERIFY_RECORD_MAX)
                return BK_ETOOBIG;
            size_t nc = r->cap ? r->cap * 2 : 256;
            char *n = realloc(r->rec, nc);
            if (n == NULL)
                return BK_ENOMEM;
            r->rec = n;
            r->cap = nc;
        }
        if (c == '"' && r->csv)
            inq = !inq;
        if (c == '\n' && !inq)
            break;
        r->rec[r->len++] = (char)c;
    }
    if (!any) {
        r->eof = 1;
        return 0;
    }
    if (r->len > 0 && r->rec[r->len - 1] == '\r')
        r->len--;
    if (r->rec != NULL)
        r->rec[r->len] = '\0';
    r->records++;
    return 1;
}

/* Split the current record into fields. */
static int split_fields(reader *r)
{
    r->nf = 0;
    if (r->fbcap < r->len + 1) {
        char *n = realloc(r->fbuf, r->len + 1);
        if (n == NULL)
            return BK_ENOMEM;
        r->fbuf = n;
        r->fbcap = r->len + 1;
    }
    size_t i = 0, o = 0;
    for (;;) {
        if (r->nf == r->fcap) {
            size_t nc = r->fcap ? r->fcap * 2 : 16;
            char **nf = realloc(r->field, nc * sizeof *nf);
            if (nf == NULL)
                return BK_ENOMEM;
            r->field = nf;
            size_t *nl = realloc(r->flen, nc * sizeof *nl);
            if (nl == NULL)
                return BK_ENOMEM;
            r->flen = nl;
            r->fcap = nc;
        }
        size_t start = o;
        if (i < r->len && r->rec[i] == '"') {
            i++;
            while (i < r->len) {
                if (r->rec[i] == '"') {
                    if (i + 1 < r->len && r->rec[i + 1] == '"') {
                        r->fbuf[o++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                r->fbuf[o++] = r->rec[i++];
            }
            while (i < r->len && r->rec[i] != ',')
                r->fbuf[o++] = r->rec[i++]; /* tolerate junk after the quote */
        } else {
            while (i < r->len && r->rec[i] != ',')
                r->fbuf[o++] = r->rec[i++];
        }
        r->field[r->nf] = r->fbuf + start;
        r->flen[r->nf] = o - start;
        r->nf++;
        if (i < r->len && r->rec[i] == ',') {
            i++;
            continue;
        }
        break;
    }
    return BK_OK;
}

static void csv_field(FILE *out, const char *s, size_t n)
{
    int q = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            q = 1;
    if (!q) {
        fwrite(s, 1, n, out);
        return;
    }
    putc('"', out);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            putc('"', out);
        putc(s[i], out);
    }
    putc('"', out);
}

static void csv_result_cols(FILE *out, const bk_verify_result *r)
{
    putc(',', out);
    fputs(bk_verdict_name(r->verdict), out);
    putc(',', out);
    const char *sep = "";
    for (unsigned b = 0; b < BK_VR__COUNT; b++)
        if (r->reasons & (1u << b)) {
            fprintf(out, "%s%s", sep, bk_verify_reason_name(1u << b));
            sep = " ";
        }
    putc(',', out);
    csv_field(out, r->suggestion, strlen(r->suggestion));
    putc(',', out);
    csv_field(out, r->syntax.normalized, strlen(r->syntax.normalized));
    putc('\n', out);
}

/* Count complete records in an existing output and cut a torn last one.
 * Returns the number of records (the header included for CSV). */
static long resume_count(const char *path, int csv)
{
    FILE *f = fopen(path, "r+b");
    if (f == NULL)
        return errno == ENOENT ? 0 : -1;
    long records = 0, good_end = 0, pos = 0;
    int inq = 0, c;
    while ((c = getc(f)) != EOF) {
        pos++;
        if (c == '"' && csv)
            inq = !inq;
        else if (c == '\n' && !inq) {
            records++;
            good_end = pos;
        }
    }
    fclose(f);
    if (good_end != pos && truncate(path, good_end) != 0)
        return -1;
    return records;
}

/* ---- the run ---------------------------------------------------------- */

static int is_email_header(const char *s, size_t n)
{
    static const char *const names[] = {"email", "e-mail", "email_address", "emailaddress",
                                        "email address", "address", "mail", NULL};
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    for (const char *const *p = names; *p; p++)
        if (strlen(*p) == n && strncasecmp(s, *p, n) == 0)
            return 1;
    return 0;
}

typedef struct pending {
    char *text;    /* the record (CSV) or line */
    size_t len;
    size_t aoff, alen; /* the address inside fbuf copy */
    char *addr;
} pending;

static void progress(const vopts *o, FILE *in, unsigned long done, double secs, off_t size)
{
    if (!o->progress)
        return;
    long pos = ftell(in);
    double rate = secs > 0 ? (double)done / secs : 0;
    if (size > 0 && pos >= 0) {
        int pct = (int)(100.0 * (double)pos / (double)size);
        if (pct > 100)
            pct = 100;
        int bar = pct / 4;
        fprintf(stderr, "\r[%.*s%*s] %3d%%  %lu addresses  %.0f/s ", bar,
                "#########################", 25 - bar, "", pct, done, rate);
    } else {
        fprintf(stderr, "\r%lu addresses  %.0f/s ", done, rate);
    }
    fflush(stderr);
}

static double elapsed(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static int run_list(const vopts *o, bk_verifier *v)
{
    FILE *in = stdin;
    off_t in_size = 0;
    if (strcmp(o->input, "-") != 0) {
        in = fopen(o->input, "rb");
        if (in == NULL) {
            fprintf(stderr, "bouncekit verify: %s: %s\n", o->input, strerror(errno));
            return BK_EXIT_USAGE;
        }
        struct stat st;
        if (fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode))
            in_size = st.st_size;
    }
    reader rd;
    memset(&rd, 0, sizeof rd);
    rd.f = in;
    rd.csv = 1;
    int rc = BK_EXIT_OK;
    /* The first record decides the format: a header row, or an address. */
    int first = read_record(&rd);
    if (first < 0) {
        fprintf(stderr, "bouncekit verify: %s: %s\n", o->input, bk_strerror(first));
        rc = BK_EXIT_USAGE;
        goto done;
    }
    int has_header = 0;
    size_t col = 0, ncols = 1;
    char *header = NULL;
    size_t header_len = 0;
    if (first == 1) {
        split_fields(&rd);
        int has_at = memchr(rd.rec, '@', rd.len) != NULL;
        if (o->column != NULL || !has_at) {
            has_header = 1;
            ncols = rd.nf;
            long found = -1;
            for (size_t k = 0; k < rd.nf; k++) {
                if (o->column != NULL) {
                    if (strlen(o->column) == rd.flen[k] &&
                        strncasecmp(o->column, rd.field[k], rd.flen[k]) == 0) {
                        found = (long)k;
                        break;
                    }
                } else if (is_email_header(rd.field[k], rd.flen[k])) {
                    found = (long)k;
                    break;
                }
            }
            if (found < 0 && o->column == NULL && rd.nf == 1)
                found = 0;
            if (found < 0) {
                fprintf(stderr, "bouncekit verify: %s: no column %s%s%s in the header row\n",
                        o->input, o->column ? "'" : "named email or address",
                        o->column ? o->column : "", o->column ? "'" : "");
                rc = BK_EXIT_USAGE;
                goto done;
            }
            col = (size_t)found;
            header = malloc(rd.len + 1);
            if (header == NULL) {
                rc = BK_EXIT_SOFTWARE;
                goto done;
            }
            memcpy(header, rd.rec, rd.len + 1);
            header_len = rd.len;
        }
    }
    (void)ncols;
    if (!has_header)
        rd.csv = 0; /* one address a line: quotes are part of addresses */

    /* Output, and how much of it a resumed run keeps. */
    FILE *out = stdout;
    unsigned long skip = 0;
    int write_header = !o->json;
    if (o->output != NULL && strcmp(o->output, "-") != 0) {
        if (o->resume) {
            long have = resume_count(o->output, !o->json);
            if (have < 0) {
                fprintf(stderr, "bouncekit verify: %s: %s\n", o->output, strerror(errno));
                rc = BK_EXIT_USAGE;
                goto done_h;
            }
            if (have > 0 && !o->json) {
                write_header = 0;
                have--; /* the header row */
            }
            skip = (unsigned long)have;
        }
        out = fopen(o->output, o->resume ? "ab" : "wb");
        if (out == NULL) {
            fprintf(stderr, "bouncekit verify: %s: %s\n", o->output, strerror(errno));
            rc = BK_EXIT_USAGE;
            goto done_h;
        }
    } else if (o->resume) {
        fprintf(stderr, "bouncekit verify: --resume needs --output FILE\n");
        rc = BK_EXIT_USAGE;
        goto done_h;
    }
    if (write_header) {
        if (has_header)
            fwrite(header, 1, header_len, out);
        else
            fputs("address", out);
        fputs(",verdict,reasons,suggestion,normalized\n", out);
    }

    summary sm;
    memset(&sm, 0, sizeof sm);
    sm.fixes = calloc(VERIFY_SUMMARY_FIXES, sizeof *sm.fixes);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t cap = o->batch;
    pending *pb = calloc(cap, sizeof *pb);
    bk_verify_input *vin = calloc(cap, sizeof *vin);
    bk_verify_result *res = malloc(cap * sizeof *res);
    if (pb == NULL || vin == NULL || res == NULL) {
        rc = BK_EXIT_SOFTWARE;
        goto done_b;
    }
    int have_first = first == 1 && !has_header;
    unsigned long seen = 0;
    int any_undeliverable = 0;
    for (;;) {
        size_t n = 0;
        while (n < cap) {
            int got;
            if (have_first) {
                got = 1;
                have_first = 0;
            } else {
                got = read_record(&rd);
            }
            if (got < 0) {
                fprintf(stderr, "bouncekit verify: %s: record %lu: %s\n", o->input,
                        rd.records, bk_strerror(got));
                rc = BK_EXIT_USAGE;
                break;
            }
            if (got == 0)
                break;
            if (rd.len == 0)
                continue; /* blank lines are not records */
            if (seen++ < skip)
                continue;
            pending *p = &pb[n];
            p->text = malloc(rd.len + 1);
            if (p->text == NULL) {
                rc = BK_EXIT_SOFTWARE;
                break;
            }
            memcpy(p->text, rd.rec, rd.len + 1);
            p->len = rd.len;
            if (has_header) {
                split_fields(&rd);
                const char *a = col < rd.nf ? rd.field[col] : "";
                size_t al = col < rd.nf ? rd.flen[col] : 0;
                /* Surrounding blanks are a spreadsheet's, not the address's. */
                while (al > 0 && (*a == ' ' || *a == '\t')) {
                    a++;
                    al--;
                }
                while (al > 0 && (a[al - 1] == ' ' || a[al - 1] == '\t'))
                    al--;
                p->addr = malloc(al + 1);
                if (p->addr == NULL) {
                    rc = BK_EXIT_SOFTWARE;
                    break;
                }
                memcpy(p->addr, a, al);
                p->addr[al] = '\0';
                p->alen = al;
            } else {
                const char *a = p->text;
                size_t al = p->len;
                while (al > 0 && (*a == ' ' || *a == '\t')) {
                    a++;
                    al--;
                }
                while (al > 0 && (a[al - 1] == ' ' || a[al - 1] == '\t'))
                    al--;
                p->addr = NULL;
                p->aoff = (size_t)(a - p->text);
                p->alen = al;
            }
            vin[n].addr = p->addr ? p->addr : p->text + p->aoff;
            vin[n].len = p->alen;
            n++;
        }
        if (n > 0) {
            int vr = bk_verify_batch(v, vin, n, res);
            if (vr != BK_OK) {
                fprintf(stderr, "bouncekit verify: %s\n", bk_strerror(vr));
                rc = BK_EXIT_SOFTWARE;
            } else {
                if (o->vo.smtp)
                    warn_port25(&sm, res, n, o->vo.smtp_port);
                for (size_t i = 0; i < n; i++) {
                    if (o->json) {
                        json_result(out, vin[i].addr, vin[i].len, &res[i]);
                    } else {
                        if (has_header)
                            fwrite(pb[i].text, 1, pb[i].len, out);
                        else
                            csv_field(out, vin[i].addr, vin[i].len);
                        csv_result_cols(out, &res[i]);
                    }
                    if (res[i].verdict == BK_VERDICT_UNDELIVERABLE)
                        any_undeliverable = 1;
                    summary_add(&sm, &res[i]);
                    bk_verify_result_clear(&res[i]);
                }
            }
            fflush(out);
            for (size_t i = 0; i < n; i++) {
                free(pb[i].text);
                free(pb[i].addr);
                pb[i].text = pb[i].addr = NULL;
            }
            progress(o, in, sm.total, elapsed(&t0), in_size);
        }
        if (n < cap || rc != BK_EXIT_OK)
            break;
    }
    if (o->progress)
        fputc('\n', stderr);
    if (ferror(out)) {
        fprintf(stderr, "bouncekit verify: writing the output failed\n");
        rc = BK_EXIT_SOFTWARE;
    }
    summary_print(stderr, &sm, elapsed(&t0), skip);
    if (rc == BK_EXIT_OK && any_undeliverable)
        rc = BK_EXIT_FAIL;
done_b:
    free(pb);
    free(vin);
    free(res);
    free(sm.fixes);
    if (out != stdout)
        fclose(out);
done_h:
    free(header);
done:
    free(rd.rec);
    free(rd.fbuf);
    free(rd.field);
    free(rd.flen);
    if (in != stdin)
        fclose(in);
    return rc;
}

static int parse_int(const char *opt, const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
        fprintf(stderr, "bouncekit verify: %s: '%s' is not a number from %ld to %ld\n", opt, s,
                min, max);
        return -1;
    }
    *out = v;
    return 0;
}

const char *bk_cli_verify_data_dir(const char *given, char *buf, size_t size)
{
    if (given != NULL)
        return given;
    const char *env = getenv("BOUNCEKIT_DATA_DIR");
    if (env != NULL && env[0] != '\0')
        return env;
    struct stat st;
    /* An installed tree that was moved: DIR/bin/bouncekit finds
     * DIR/share/bouncekit/verify. */
    char exe[4000];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash != NULL) {
            *slash = '\0';
            snprintf(buf, size, "%s/../share/bouncekit/verify", exe);
            char probe[4200];
            snprintf(probe, sizeof probe, "%s/role.txt", buf);
            if (stat(probe, &st) == 0)
                return buf;
        }
    }
    if (stat(BK_VERIFY_DATADIR "/role.txt", &st) == 0)
        return BK_VERIFY_DATADIR;
#ifdef BK_VERIFY_SRC_DATADIR
    if (stat(BK_VERIFY_SRC_DATADIR "/role.txt", &st) == 0)
        return BK_VERIFY_SRC_DATADIR;
#endif
    return NULL;
}

int bk_cmd_verify(int argc, char **argv)
{
    enum {
        O_OFFLINE = 256, O_SMTP, O_PROFILE, O_DNS, O_DNS_TIMEOUT, O_DATA_DIR, O_HELO,
        O_MAIL_FROM, O_SMTP_PORT, O_SMTP_TIMEOUT, O_CONC, O_PER_HOST, O_RATE, O_RETRY, O_NO_TLS,
        O_TRANSCRIPT, O_RESUME, O_BATCH, O_NO_PROGRESS, O_DNS_TRIES
    };
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'},
        {"offline", no_argument, NULL, O_OFFLINE},
        {"smtp", no_argument, NULL, O_SMTP},
        {"profile", required_argument, NULL, O_PROFILE},
        {"dns", required_argument, NULL, O_DNS},
        {"dns-timeout", required_argument, NULL, O_DNS_TIMEOUT},
        {"dns-tries", required_argument, NULL, O_DNS_TRIES},
        {"data-dir", required_argument, NULL, O_DATA_DIR},
        {"helo", required_argument, NULL, O_HELO},
        {"mail-from", required_argument, NULL, O_MAIL_FROM},
        {"smtp-port", required_argument, NULL, O_SMTP_PORT},
        {"smtp-timeout", required_argument, NULL, O_SMTP_TIMEOUT},
        {"concurrency", required_argument, NULL, O_CONC},
        {"per-host", required_argument, NULL, O_PER_HOST},
        {"rate", required_argument, NULL, O_RATE},
        {"retry-after", required_argument, NULL, O_RETRY},
        {"no-starttls", no_argument, NULL, O_NO_TLS},
        {"transcript", no_argument, NULL, O_TRANSCRIPT},
        {"input", required_argument, NULL, 'i'},
        {"column", required_argument, NULL, 'c'},
        {"output", required_argument, NULL, 'o'},
        {"resume", no_argument, NULL, O_RESUME},
        {"batch", required_argument, NULL, O_BATCH},
        {"no-progress", no_argument, NULL, O_NO_PROGRESS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    vopts o;
    memset(&o, 0, sizeof o);
    bk_verify_options_init(&o.vo);
    o.batch = VERIFY_BATCH_DEFAULT;
    o.progress = isatty(STDERR_FILENO);
    int c;
    long num;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+ji:c:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'j': o.json = 1; break;
        case O_OFFLINE: o.vo.offline = 1; break;
        case O_SMTP: o.vo.smtp = 1; break;
        case O_PROFILE:
            if (bk_addr_profile_from_name(optarg, strlen(optarg), &o.vo.profile) != BK_OK) {
                fprintf(stderr, "bouncekit verify: --profile: '%s' is not strict, default "
                                "or lenient\n", optarg);
                return BK_EXIT_USAGE;
            }
            break;
        case O_DNS: o.vo.dns_server = optarg; break;
        case O_DNS_TIMEOUT:
            if (parse_int("--dns-timeout", optarg, 1, 600000, &num) != 0)
                return BK_EXIT_USAGE;
            o.vo.dns_timeout_ms = (int)num;
            break;
        case O_DNS_TRIES:
            if (parse_int("--dns-tries", optarg, 1, 10, &num) != 0)
                return BK_EXIT_USAGE;
            o.vo.dns_tries = (int)num;
            break;
        case O_DATA_DIR: o.data_dir = optarg; break;
        case O_HELO: o.vo.helo_name = optarg; break;
        case O_MAIL_FROM: o.vo.mail_from = optarg; break;
        case O_SMTP_PORT:
            if (parse_int("--smtp-port", optarg, 1, 65535, &num) != 0)
                return BK_EXIT_USAGE;
            o.vo.smtp_port = (int)num;
            break;
        case O_SMTP_TIMEOUT:
            if (parse_int("--smtp-timeout", optarg, 1, 600000, &num) != 0)
                return BK_EXIT_USAGE;
            o.vo.smtp_timeout_ms = (int)num;
            break;
        case O_CONC:
            if (parse_int("--concurrency", optarg, 1, 64, &num) != 0)
                return BK_EXIT_USAGE;
            o.vo.smtp_concurrency = (int)num;
            break;
        case O_PER_HOST:
            if (parse_int("--per-host", optarg, 1, 64, &num) != 0)
                return BK_EXIT_USAGE;
            o.vo.smtp_per_host = (int)num;
            break;
        case O_RATE:
            if (parse_int("--rate", optarg, 0, 100000, &num) != 0)
                return BK_EXIT_USAGE;
            o.vo.smtp_rate = (int)num;
            break;
        case O_RETRY:
            if (parse_int("--retry-after", optarg, 0, 3600000, &num) != 0)
                return BK_EXIT_USAGE;
            o.vo.smtp_retry_ms = (int)num;
            break;
        case O_NO_TLS: o.vo.starttls = 0; break;
        case O_TRANSCRIPT: o.transcript = 1; break;
        case 'i': o.input = optarg; break;
        case 'c': o.column = optarg; break;
        case 'o': o.output = optarg; break;
        case O_RESUME: o.resume = 1; break;
        case O_BATCH:
            if (parse_int("--batch", optarg, 1, VERIFY_BATCH_MAX, &num) != 0)
                return BK_EXIT_USAGE;
            o.batch = (size_t)num;
            break;
        case O_NO_PROGRESS: o.progress = 0; break;
        case 'h':
            verify_usage(stdout);
            return BK_EXIT_OK;
        default:
            verify_usage(stderr);
            return BK_EXIT_USAGE;
        }
    }
    if (o.vo.offline && o.vo.smtp) {
        fprintf(stderr, "bouncekit verify: --offline and --smtp exclude each other\n");
        return BK_EXIT_USAGE;
    }
    if (o.input == NULL && optind >= argc) {
        fprintf(stderr, "bouncekit verify: no address given\n");
        verify_usage(stderr);
        return BK_EXIT_USAGE;
    }
    if (o.input != NULL && optind < argc) {
        fprintf(stderr, "bouncekit verify: give addresses or --input, not both\n");
        return BK_EXIT_USAGE;
    }
    if (o.input == NULL && (o.output != NULL || o.column != NULL || o.resume)) {
        fprintf(stderr, "bouncekit verify: --output, --column and --resume need --input\n");
        return BK_EXIT_USAGE;
    }

    /* A mail server that hangs up while TLS writes must not kill us. */
    if (o.vo.smtp)
        signal(SIGPIPE, SIG_IGN);
    bk_verifier *v;
    int rc = bk_verifier_create(&o.vo, &v);
    if (rc != BK_OK) {
        if (rc == BK_EINVAL)
            fprintf(stderr, "bouncekit verify: --helo and --mail-from take a name or an "
                            "address without spaces, control characters or <>\n");
        else if (rc == BK_ENET && o.vo.dns_server != NULL)
            fprintf(stderr, "bouncekit verify: --dns: '%s' is not an IP address with an "
                            "optional :PORT\n", o.vo.dns_server);
        else
            fprintf(stderr, "bouncekit verify: cannot set up the verifier: %s\n",
                    bk_strerror(rc));
        return rc == BK_ENET || rc == BK_EINVAL ? BK_EXIT_USAGE : BK_EXIT_SOFTWARE;
    }
    char dbuf[BK_CLI_PATH_MAX];
    const char *dir = bk_cli_verify_data_dir(o.data_dir, dbuf, sizeof dbuf);
    if (dir == NULL) {
        fprintf(stderr, "bouncekit verify: warning: no lists found (disposable, role, free): "
                        "use --data-dir\n");
    } else if ((rc = bk_lists_load_dir(bk_verifier_lists(v), dir)) != BK_OK) {
        fprintf(stderr, "bouncekit verify: %s: cannot load the lists: %s\n", dir,
                bk_strerror(rc));
        bk_verifier_free(v);
        return BK_EXIT_USAGE;
    }

    int exit_code = BK_EXIT_OK;
    if (o.input != NULL) {
        exit_code = run_list(&o, v);
    } else {
        size_t n = (size_t)(argc - optind);
        bk_verify_input *in = calloc(n, sizeof *in);
        bk_verify_result *res = calloc(n, sizeof *res);
        if (in == NULL || res == NULL) {
            free(in);
            free(res);
            bk_verifier_free(v);
            return BK_EXIT_SOFTWARE;
        }
        for (size_t i = 0; i < n; i++) {
            in[i].addr = argv[optind + (int)i];
            in[i].len = strlen(in[i].addr);
        }
        rc = bk_verify_batch(v, in, n, res);
        if (rc != BK_OK) {
            fprintf(stderr, "bouncekit verify: %s\n", bk_strerror(rc));
            exit_code = BK_EXIT_SOFTWARE;
        } else {
            summary sm;
            memset(&sm, 0, sizeof sm);
            if (o.vo.smtp)
                warn_port25(&sm, res, n, o.vo.smtp_port);
            for (size_t i = 0; i < n; i++) {
                if (o.json)
                    json_result(stdout, in[i].addr, in[i].len, &res[i]);
                else {
                    if (i > 0)
                        putchar('\n');
                    text_result(stdout, in[i].addr, in[i].len, &res[i], o.transcript);
                }
                if (res[i].verdict == BK_VERDICT_UNDELIVERABLE)
                    exit_code = BK_EXIT_FAIL;
                bk_verify_result_clear(&res[i]);
            }
        }
        free(in);
        free(res);
    }
    fflush(stdout);
    bk_verifier_free(v);
    return exit_code;
}
