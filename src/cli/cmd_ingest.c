/*
 * cmd_ingest.c - "bouncekit ingest": feed bounce events into the store
 * from MTA logs (once, or --follow), ESP webhook payload files, and bounce
 * messages (standard input from the MTA, message files, mbox, Maildir).
 *
 * Every batch of events is committed in one transaction together with the
 * position reached in the log, so a crash at any point neither loses an
 * acknowledged event nor stores one twice (event keys make a re-read line
 * a duplicate, and the position says where to resume).
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "store_cli.h"

/* Set by SIGINT / SIGTERM: --follow finishes its batch and stops. */
static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void ingest_usage(FILE *out)
{
    fprintf(out,
            "usage: bouncekit ingest [--db PATH] [--policy FILE] [OPTIONS] SOURCE...\n"
            "\n"
            "Store bounce, complaint, delay and delivery events and apply the\n"
            "suppression policy.  A SOURCE is:\n"
            "  an MTA log file      Postfix, Exim or Sendmail delivery lines; the position\n"
            "                       reached is remembered in the store across runs and\n"
            "                       log rotation\n"
            "  a webhook payload    a JSON file from SES (SNS), SendGrid, Mailgun,\n"
            "                       Postmark or SparkPost (one payload, or JSON Lines)\n"
            "  a bounce message     a file holding one message (DSN, ARF complaint, ...)\n"
            "  an mbox file         every message in it\n"
            "  a Maildir            the messages of new/, moved to cur/ once committed\n"
            "  a directory          every file in it, in name order\n"
            "  imap[s]://HOST/BOX   an IMAP mailbox: each message is flagged\n"
            "                       $BouncekitDone (or deleted, --delete) once committed\n"
            "  pop3[s]://HOST/      a POP3 mailbox: each message is deleted once committed\n"
            "  -                    standard input: a log, a payload, or one bounce\n"
            "                       message piped by the MTA (a leading \"From \" line\n"
            "                       is allowed); exit 0 only once it is committed\n"
            "\n"
            "Options:\n"
            "  -d, --db PATH        the store (default: $BOUNCEKIT_DB, else\n"
            "                       $XDG_DATA_HOME/bouncekit/bouncekit.db)\n"
            "  -p, --policy FILE    the suppression policy (default: $BOUNCEKIT_POLICY,\n"
            "                       else ~/.config/bouncekit/policy.conf, else built in)\n"
            "  -F, --follow         keep reading a growing log (one log file only)\n"
            "  -m, --mta NAME       postfix, exim, sendmail (default: detect per line)\n"
            "  -b, --batch N        events per transaction (default 10000)\n"
            "  -i, --interval SEC   --follow: seconds between polls (default 1)\n"
            "      --from-start     ignore the remembered position of a log\n"
            "      --sync-full      fsync every commit (survives power loss, slower)\n"
            "      --user NAME      IMAP/POP3 login (or in the URL)\n"
            "      --password-file F  IMAP/POP3 password (or $BOUNCEKIT_MAIL_PASSWORD)\n"
            "      --delete         IMAP: delete committed messages instead of flagging\n"
            "  -v, --verbose        report every commit on standard error\n"
            "  -q, --quiet          no summary\n"
            "  -j, --json           print the summary as one JSON object\n"
            "  -h, --help           show this help\n"
            "\n"
            "Exit status (sysexits): 0 ok; 65 some input was malformed; 66 a source\n"
            "cannot be read; 69 IMAP/POP3 without libcurl in the build; 75 the store or\n"
            "mailbox is unavailable or busy (try again: nothing acknowledged is lost); 78 the\n"
            "policy file is wrong; 2 bad usage.\n");
}

typedef struct ingest {
    bk_store *st;
    bk_policy *pol;
    bk_events *ev;
    bk_mta mta;
    size_t batch;
    int follow, from_start, verbose, quiet, json;
    double interval;
    /* totals */
    size_t events, duplicates, suppressed, counted, invalid;
    size_t lines, skipped_lines, payloads, bad_inputs, commits;
    bk_parser *parser;  /* created at the first message */
    const char *mail_user, *mail_password;
    int mail_delete;
    size_t messages, bad_messages;
} ingest;

static int commit(ingest *g, const char *cursor_name, const char *cursor_value)
{
    size_t n = bk_events_count(g->ev);
    if (n == 0 && cursor_name == NULL)
        return 0;
    bk_ingest_stats s;
    int rc = bk_store_ingest(g->st, g->pol, bk_events_data(g->ev), n, cursor_name, cursor_value, &s);
    if (rc != BK_OK) {
        fprintf(stderr, "bouncekit ingest: %s\n", bk_store_errmsg(g->st));
        return bk_store_cli_exit(rc);
    }
    g->events += s.events;
    g->duplicates += s.duplicates;
    g->suppressed += s.suppressed;
    g->counted += s.counted;
    g->invalid += s.invalid;
    g->commits++;
    if (g->verbose)
        fprintf(stderr, "bouncekit ingest: committed %zu events (%zu new, %zu duplicate)%s%s\n", n,
                s.events, s.duplicates, cursor_value ? " at " : "", cursor_value ? cursor_value : "");
    bk_events_clear(g->ev);
    return 0;
}

/* ---- bounce messages ----------------------------------------------------
 * A message (standard input from the MTA, a Maildir file, an mbox message,
 * a message file) is parsed into per-recipient records; each record becomes
 * an event; the events go to commit() like every other source, and only
 * after commit() returned 0 is the message acknowledged (exit 0 to the MTA,
 * moved out of new/).
 */

/* Parse one message and queue its events; 0, or a sysexits status. */
static int parse_message(ingest *g, const char *data, size_t len, const char *origin)
{
    if (g->parser == NULL && (g->parser = bk_parser_new(NULL)) == NULL) {
        fprintf(stderr, "bouncekit ingest: out of memory\n");
        return BK_EX_TEMPFAIL;
    }
    bk_result *res = NULL;
    int rc = bk_parse_message(g->parser, data, len, &res);
    if (rc == BK_ENOMEM)
        return BK_EX_TEMPFAIL;
    if (rc != BK_OK) {
        const char *d = bk_parser_error_detail(g->parser);
        fprintf(stderr, "bouncekit ingest: %s: %s%s%s\n", origin, bk_strerror(rc), d[0] ? ": " : "", d);
        g->bad_messages++;
        return rc == BK_EEMPTY ? 0 : BK_EX_DATAERR;
    }
    g->messages++;
    int64_t now = (int64_t)time(NULL);
    for (size_t i = 0; i < bk_result_count(res) && rc == BK_OK; i++)
        rc = bk_store_cli_add_record(g->ev, bk_result_record(res, i), now);
    bk_result_free(res);
    if (rc != BK_OK) {
        fprintf(stderr, "bouncekit ingest: %s: %s\n", origin, bk_strerror(rc));
        return BK_EX_TEMPFAIL;
    }
    return 0;
}

/* One message, committed at once (standard input, a message file). */
static int ingest_message(ingest *g, const char *data, size_t len, const char *origin)
{
    int rc = parse_message(g, data, len, origin);
    if (rc != 0) {
        bk_events_clear(g->ev);
        return rc;
    }
    return commit(g, NULL, NULL);
}

static int ingest_mbox(ingest *g, const char *path, FILE *f)
{
    bk_mbox *m = bk_mbox_open_fd(fileno(f), BK_PARSE_MAX_MESSAGE);
    if (m == NULL) {
        fclose(f);
        return BK_EX_TEMPFAIL;
    }
    const char *data;
    size_t len;
    uint64_t off;
    int rc, worst = 0;
    char origin[PATH_MAX + 32];
    while ((rc = bk_mbox_next(m, &data, &len, &off)) != BK_EOF) {
        if (rc == BK_ETOOBIG) {
            fprintf(stderr, "bouncekit ingest: %s: a message over the size limit was skipped\n", path);
            g->bad_messages++;
            continue;
        }
        if (rc != BK_OK) {
            fprintf(stderr, "bouncekit ingest: %s: %s\n", path, bk_strerror(rc));
            worst = BK_EX_IOERR;
            break;
        }
        snprintf(origin, sizeof origin, "%s@%llu", path, (unsigned long long)off);
        int r = parse_message(g, data, len, origin);
        if (r == BK_EX_TEMPFAIL) {
            worst = r;
            break;
        }
        if (r > worst)
            worst = r;
        if (bk_events_count(g->ev) >= g->batch && (r = commit(g, NULL, NULL)) != 0) {
            worst = r;
            break;
        }
    }
    bk_mbox_close(m);
    fclose(f);
    if (worst == BK_EX_TEMPFAIL || worst == BK_EX_IOERR) {
        bk_events_clear(g->ev);
        return worst;
    }
    int c = commit(g, NULL, NULL);
    return c != 0 ? c : worst;
}

/* A Maildir: the messages of new/, in name order; each batch is committed,
 * then its messages are moved to cur/ (marked seen).  A crash between the
 * two leaves them in new/: read again, they are duplicates. */
static int ingest_maildir(ingest *g, const char *dir)
{
    char path[PATH_MAX], dst[PATH_MAX + 8];
    snprintf(path, sizeof path, "%s/new", dir);
    struct dirent **names;
    int n = scandir(path, &names, NULL, alphasort);
    if (n < 0) {
        fprintf(stderr, "bouncekit ingest: %s: %s\n", path, strerror(errno));
        return BK_EX_NOINPUT;
    }
    int worst = 0, rc = 0;
    int first = 0; /* names[first..i) are parsed, waiting for the commit */
    for (int i = 0; i <= n; i++) {
        int flush = i == n || bk_events_count(g->ev) >= g->batch;
        if (flush && rc != BK_EX_TEMPFAIL) {
            rc = commit(g, NULL, NULL);
            if (rc != 0) {
                worst = rc;
                break;
            }
            for (int k = first; k < i; k++) {
                if (names[k]->d_name[0] == '.')
                    continue;
                snprintf(path, sizeof path, "%s/new/%s", dir, names[k]->d_name);
                snprintf(dst, sizeof dst, "%s/cur/%s%s", dir, names[k]->d_name,
                         strchr(names[k]->d_name, ':') ? "" : ":2,S");
                if (rename(path, dst) != 0)
                    fprintf(stderr, "bouncekit ingest: %s: %s\n", path, strerror(errno));
            }
            first = i;
        }
        if (i == n || names[i]->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/new/%s", dir, names[i]->d_name);
        FILE *f = fopen(path, "r");
        if (f == NULL)
            continue; /* taken by another reader */
        size_t len;
        int err;
        char *data = bk_cli_read_all(f, BK_PARSE_MAX_MESSAGE, &len, &err);
        fclose(f);
        if (data == NULL) {
            fprintf(stderr, "bouncekit ingest: %s: %s\n", path, bk_strerror(err));
            worst = BK_EX_DATAERR;
            continue;
        }
        rc = parse_message(g, data, len, path);
        free(data);
        if (rc == BK_EX_TEMPFAIL) {
            worst = rc;
            bk_events_clear(g->ev);
            break;
        }
        if (rc > worst)
            worst = rc;
        /* a malformed message is moved like the others: it will not parse
         * next time either */
    }
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return worst;
}

/* ---- sniffing ----------------------------------------------------------- */

typedef enum kind { K_EMPTY, K_JSON, K_LOG, K_MBOX, K_MESSAGE } kind;

static kind sniff(const char *p, size_t n, bk_mta mta)
{
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    if (i == n)
        return K_EMPTY;
    if (p[i] == '{' || p[i] == '[')
        return K_JSON;
    if (n - i >= 5 && memcmp(p + i, "From ", 5) == 0)
        return K_MBOX;
    /* a log line starts with a time stamp; a message with a header field */
    const char *nl = memchr(p + i, '\n', n - i);
    size_t ll = nl ? (size_t)(nl - (p + i)) : n - i;
    if (mta != BK_MTA_ANY)
        return K_LOG;
    static const char *const mons[] = {"Jan ", "Feb ", "Mar ", "Apr ", "May ", "Jun ",
                                       "Jul ", "Aug ", "Sep ", "Oct ", "Nov ", "Dec "};
    for (int k = 0; k < 12; k++)
        if (ll >= 4 && memcmp(p + i, mons[k], 4) == 0)
            return K_LOG;
    if (ll >= 10 && p[i] >= '0' && p[i] <= '9' && p[i + 4] == '-' && p[i + 7] == '-')
        return K_LOG;
    return K_MESSAGE;
}

/* ---- webhook payloads --------------------------------------------------- */

static int ingest_json(ingest *g, const char *data, size_t len, const char *origin)
{
    bk_esp esp;
    int rc = bk_webhook_parse(data, len, g->ev, &esp);
    if (rc == BK_EMALFORMED && memchr(data, '\n', len) != NULL) {
        /* JSON Lines: one payload a line */
        bk_events_clear(g->ev);
        size_t i = 0, lineno = 0;
        rc = BK_OK;
        while (i < len) {
            const char *e = memchr(data + i, '\n', len - i);
            size_t l = e ? (size_t)(e - (data + i)) : len - i;
            lineno++;
            size_t b = 0;
            while (b < l && (data[i + b] == ' ' || data[i + b] == '\r' || data[i + b] == '\t'))
                b++;
            if (b < l) {
                int r = bk_webhook_parse(data + i, l, g->ev, &esp);
                if (r == BK_OK) {
                    g->payloads++;
                } else {
                    fprintf(stderr, "bouncekit ingest: %s:%zu: %s\n", origin, lineno, bk_strerror(r));
                    g->bad_inputs++;
                }
            }
            i += l + 1;
            if (bk_events_count(g->ev) >= g->batch) {
                int c = commit(g, NULL, NULL);
                if (c != 0)
                    return c;
            }
        }
        return commit(g, NULL, NULL);
    }
    if (rc != BK_OK) {
        fprintf(stderr, "bouncekit ingest: %s: %s%s\n", origin, bk_strerror(rc),
                rc == BK_ENOTFOUND ? " (no known webhook payload)" : "");
        bk_events_clear(g->ev);
        g->bad_inputs++;
        return 0;
    }
    g->payloads++;
    return commit(g, NULL, NULL);
}

/* ---- logs --------------------------------------------------------------- */

static void parse_line(ingest *g, const char *line, size_t len)
{
    g->lines++;
    int rc = bk_mtalog_parse_line(line, len, g->mta, 0, g->ev);
    if (rc != BK_OK)
        g->skipped_lines++;
}

/* Log lines from a buffer (standard input). */
static int ingest_log_buffer(ingest *g, const char *data, size_t len)
{
    size_t i = 0;
    while (i < len) {
        const char *e = memchr(data + i, '\n', len - i);
        size_t l = e ? (size_t)(e - (data + i)) : len - i;
        parse_line(g, data + i, l);
        i += l + 1;
        if (bk_events_count(g->ev) >= g->batch) {
            int c = commit(g, NULL, NULL);
            if (c != 0)
                return c;
        }
    }
    return commit(g, NULL, NULL);
}

typedef struct logpos {
    unsigned long long ino;
    long long off;
} logpos;

static int read_cursor(ingest *g, const char *name, logpos *p)
{
    char buf[128];
    if (bk_store_cursor_get(g->st, name, buf, sizeof buf) != BK_OK)
        return -1;
    return sscanf(buf, "%llu %lld", &p->ino, &p->off) == 2 ? 0 : -1;
}

/* Read complete lines of f from *pos on, committing every batch with the
 * position.  At the end of the file an unfinished line is read only when
 * final (not following).  Returns a sysexits status or 0. */
static int drain(ingest *g, FILE *f, const char *cursor, unsigned long long ino, long long *pos,
                 int final)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    char val[64];
    int rc = 0;
    if (fseeko(f, (off_t)*pos, SEEK_SET) != 0) {
        perror("bouncekit ingest: seek");
        return BK_EX_IOERR;
    }
    while ((n = getline(&line, &cap, f)) != -1) {
        int complete = n > 0 && line[n - 1] == '\n';
        if (!complete && !final)
            break; /* the writer is still writing this line */
        parse_line(g, line, (size_t)n);
        *pos += n;
        if (bk_events_count(g->ev) >= g->batch) {
            snprintf(val, sizeof val, "%llu %lld", ino, *pos);
            if ((rc = commit(g, cursor, val)) != 0)
                break;
        }
        if (stop_requested)
            break;
    }
    free(line);
    clearerr(f);
    if (rc == 0) {
        snprintf(val, sizeof val, "%llu %lld", ino, *pos);
        rc = commit(g, cursor, val);
    }
    return rc;
}

static void nap(double sec)
{
    struct timespec ts;
    ts.tv_sec = (time_t)sec;
    ts.tv_nsec = (long)((sec - (double)ts.tv_sec) * 1e9);
    nanosleep(&ts, NULL);
}

static int ingest_log_file(ingest *g, const char *path, FILE *f, const struct stat *st0)
{
    char abs[PATH_MAX];
    if (realpath(path, abs) == NULL)
        snprintf(abs, sizeof abs, "%s", path);
    char cursor[PATH_MAX + 16];
    snprintf(cursor, sizeof cursor, "mtalog:%s", abs);
    unsigned long long ino = (unsigned long long)st0->st_ino;
    long long pos = 0;
    logpos saved;
    int rc;
    if (!g->from_start && read_cursor(g, cursor, &saved) == 0) {
        if (saved.ino == ino && saved.off <= (long long)st0->st_size) {
            pos = saved.off;
        } else if (saved.ino != ino) {
            /* Rotated since the last run: finish the old file first when it
             * is where logrotate puts it. */
            char old[PATH_MAX + 8];
            struct stat ost;
            snprintf(old, sizeof old, "%s.1", path);
            FILE *of;
            if (stat(old, &ost) == 0 && (unsigned long long)ost.st_ino == saved.ino &&
                (of = fopen(old, "r")) != NULL) {
                long long opos = saved.off;
                rc = drain(g, of, cursor, saved.ino, &opos, 1);
                fclose(of);
                if (rc != 0)
                    return rc;
            }
        }
    }
    rc = drain(g, f, cursor, ino, &pos, !g->follow);
    while (rc == 0 && g->follow && !stop_requested) {
        nap(g->interval);
        if (stop_requested)
            break;
        struct stat now;
        if (stat(path, &now) == 0 && (unsigned long long)now.st_ino != ino) {
            /* rotated: read what is left of the old file, then the new one */
            rc = drain(g, f, cursor, ino, &pos, 1);
            if (rc != 0)
                break;
            FILE *nf = fopen(path, "r");
            if (nf == NULL)
                continue; /* not created yet */
            fclose(f);
            f = nf;
            ino = (unsigned long long)now.st_ino;
            pos = 0;
        } else if (stat(path, &now) == 0 && (long long)now.st_size < pos) {
            pos = 0; /* truncated in place (copytruncate) */
        }
        rc = drain(g, f, cursor, ino, &pos, 0);
    }
    fclose(f);
    return rc;
}

/* ---- sources ------------------------------------------------------------ */

/* Whole-file reads are for payloads and messages; logs stream. */
#define SNIFF_BYTES 4096
#define WHOLE_MAX ((size_t)64 << 20)

static char *read_file(FILE *f, size_t *len, size_t max)
{
    int err;
    return bk_cli_read_all(f, max, len, &err);
}

static int ingest_path(ingest *g, const char *path, int depth);

static int ingest_dir(ingest *g, const char *path, int depth)
{
    char sub[PATH_MAX];
    struct stat st;
    snprintf(sub, sizeof sub, "%s/new", path);
    int has_new = stat(sub, &st) == 0 && S_ISDIR(st.st_mode);
    snprintf(sub, sizeof sub, "%s/cur", path);
    if (has_new && stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
        return ingest_maildir(g, path);
    struct dirent **names;
    int n = scandir(path, &names, NULL, alphasort);
    if (n < 0) {
        fprintf(stderr, "bouncekit ingest: %s: %s\n", path, strerror(errno));
        return BK_EX_NOINPUT;
    }
    int rc = 0, worst = 0;
    for (int i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.' && rc != BK_EX_TEMPFAIL && depth < 1) {
            snprintf(sub, sizeof sub, "%s/%s", path, names[i]->d_name);
            if (stat(sub, &st) == 0 && S_ISREG(st.st_mode)) {
                rc = ingest_path(g, sub, depth + 1);
                if (rc > worst)
                    worst = rc;
            }
        }
        free(names[i]);
    }
    free(names);
    return worst;
}

/* An IMAP or POP3 mailbox: messages are acknowledged on the server (flag
 * or delete) only after the batch holding their events is committed. */
static int ingest_mailbox(ingest *g, const char *url)
{
    bk_mailbox *m = NULL;
    char err[300];
    int rc = bk_mailbox_open(url, g->mail_user, g->mail_password, g->mail_delete, &m, err, sizeof err);
    if (rc == BK_ENOTFOUND) {
        fprintf(stderr, "bouncekit ingest: %s\n", err);
        return BK_EX_UNAVAILABLE;
    }
    if (rc != BK_OK) {
        fprintf(stderr, "bouncekit ingest: %s\n", err);
        return rc == BK_EINVAL ? BK_EXIT_USAGE : BK_EX_TEMPFAIL;
    }
    uint64_t *pending = NULL;
    size_t np = 0, cap = 0;
    int worst = 0;
    for (;;) {
        const char *data;
        size_t len;
        uint64_t id;
        rc = bk_mailbox_next(m, &data, &len, &id);
        int done = rc == BK_EOF;
        if (rc != BK_OK && !done && rc != BK_ETOOBIG) {
            fprintf(stderr, "bouncekit ingest: %s\n", bk_mailbox_errmsg(m));
            worst = BK_EX_TEMPFAIL;
            break;
        }
        if (rc == BK_OK || rc == BK_ETOOBIG) {
            char origin[64];
            snprintf(origin, sizeof origin, "message %llu", (unsigned long long)id);
            int r = rc == BK_OK ? parse_message(g, data, len, origin) : BK_EX_DATAERR;
            if (r == BK_EX_TEMPFAIL) {
                worst = r;
                break;
            }
            if (r > worst)
                worst = r;
            if (np == cap) {
                size_t nc = cap ? cap * 2 : 256;
                uint64_t *n = realloc(pending, nc * sizeof *n);
                if (n == NULL) {
                    worst = BK_EX_TEMPFAIL;
                    break;
                }
                pending = n;
                cap = nc;
            }
            pending[np++] = id;
        }
        if (done || bk_events_count(g->ev) >= g->batch) {
            int c = commit(g, NULL, NULL);
            if (c != 0) {
                worst = c;
                break;
            }
            for (size_t k = 0; k < np; k++)
                if (bk_mailbox_ack(m, pending[k]) != BK_OK) {
                    fprintf(stderr, "bouncekit ingest: %s (the message will be read again)\n",
                            bk_mailbox_errmsg(m));
                    break;
                }
            np = 0;
        }
        if (done)
            break;
    }
    bk_events_clear(g->ev); /* uncommitted events of a failed run */
    free(pending);
    if (bk_mailbox_close(m) != BK_OK)
        fprintf(stderr, "bouncekit ingest: %s: closing the mailbox failed\n", url);
    return worst;
}

static int ingest_path(ingest *g, const char *path, int depth)
{
    struct stat st;
    static const char *const remote[] = {"imap://", "imaps://", "pop3://", "pop3s://"};
    for (size_t i = 0; i < sizeof remote / sizeof remote[0]; i++)
        if (strncmp(path, remote[i], strlen(remote[i])) == 0) {
            if (g->follow) {
                fprintf(stderr, "bouncekit ingest: --follow reads MTA logs only\n");
                return BK_EXIT_USAGE;
            }
            return ingest_mailbox(g, path);
        }
    if (stat(path, &st) != 0) {
        fprintf(stderr, "bouncekit ingest: %s: %s\n", path, strerror(errno));
        return BK_EX_NOINPUT;
    }
    if (S_ISDIR(st.st_mode)) {
        if (g->follow) {
            fprintf(stderr, "bouncekit ingest: --follow takes a log file, not a directory\n");
            return BK_EXIT_USAGE;
        }
        return ingest_dir(g, path, depth);
    }
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "bouncekit ingest: %s: %s\n", path, strerror(errno));
        return BK_EX_NOINPUT;
    }
    char head[SNIFF_BYTES];
    size_t hn = fread(head, 1, sizeof head, f);
    kind k = sniff(head, hn, g->mta);
    if (g->follow && k != K_LOG && k != K_EMPTY) {
        fclose(f);
        fprintf(stderr, "bouncekit ingest: %s: --follow reads MTA logs only\n", path);
        return BK_EXIT_USAGE;
    }
    if (k == K_LOG || k == K_EMPTY)
        return ingest_log_file(g, path, f, &st); /* closes f */
    if (k == K_MBOX) {
        rewind(f);
        return ingest_mbox(g, path, f); /* closes f */
    }
    rewind(f);
    size_t len;
    char *data = read_file(f, &len, k == K_JSON ? BK_WEBHOOK_MAX : WHOLE_MAX);
    fclose(f);
    if (data == NULL) {
        fprintf(stderr, "bouncekit ingest: %s: cannot read (or too large)\n", path);
        return BK_EX_NOINPUT;
    }
    int rc = k == K_JSON ? ingest_json(g, data, len, path) : ingest_message(g, data, len, path);
    free(data);
    return rc;
}

static int ingest_stdin(ingest *g)
{
    size_t len;
    char *data = read_file(stdin, &len, WHOLE_MAX);
    if (data == NULL) {
        fprintf(stderr, "bouncekit ingest: standard input: cannot read (or over 64 MiB)\n");
        return BK_EX_TEMPFAIL;
    }
    int rc;
    switch (sniff(data, len, g->mta)) {
    case K_EMPTY: rc = 0; break;
    case K_JSON: rc = ingest_json(g, data, len, "standard input"); break;
    case K_LOG: rc = ingest_log_buffer(g, data, len); break;
    case K_MBOX: {
        /* an mbox on standard input, or one message with the "From " line
         * an MTA pipe puts first (Postfix pipe(8) flag F) */
        size_t i = 0;
        rc = 0;
        while (i < len && rc == 0) {
            const char *nl = memchr(data + i, '\n', len - i);
            size_t body = nl ? (size_t)(nl - data) + 1 : len; /* after the From line */
            size_t end = body;
            while (end < len) {
                const char *e = memchr(data + end, '\n', len - end);
                if (e == NULL) {
                    end = len;
                    break;
                }
                end = (size_t)(e - data) + 1;
                if (len - end >= 5 && memcmp(data + end, "From ", 5) == 0)
                    break;
            }
            rc = parse_message(g, data + body, end - body, "standard input");
            i = end;
        }
        if (rc == 0)
            rc = commit(g, NULL, NULL);
        else
            bk_events_clear(g->ev);
        break;
    }
    default: rc = ingest_message(g, data, len, "standard input"); break;
    }
    free(data);
    return rc;
}

int bk_cmd_ingest(int argc, char **argv)
{
    enum { OPT_FROM_START = 256, OPT_SYNC_FULL, OPT_USER, OPT_PASSWORD_FILE, OPT_DELETE };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},       {"policy", required_argument, NULL, 'p'},
        {"follow", no_argument, NULL, 'F'},         {"mta", required_argument, NULL, 'm'},
        {"batch", required_argument, NULL, 'b'},    {"interval", required_argument, NULL, 'i'},
        {"from-start", no_argument, NULL, OPT_FROM_START},
        {"sync-full", no_argument, NULL, OPT_SYNC_FULL},
        {"user", required_argument, NULL, OPT_USER},
        {"password-file", required_argument, NULL, OPT_PASSWORD_FILE},
        {"delete", no_argument, NULL, OPT_DELETE},
        {"verbose", no_argument, NULL, 'v'},        {"quiet", no_argument, NULL, 'q'},
        {"json", no_argument, NULL, 'j'},           {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bk_store_args a = {NULL, NULL, 0};
    ingest g;
    memset(&g, 0, sizeof g);
    g.batch = 10000;
    g.interval = 1.0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+d:p:Fm:b:i:vqjh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': a.db = optarg; break;
        case 'p': a.policy = optarg; break;
        case 'F': g.follow = 1; break;
        case 'm':
            if (strcmp(optarg, "postfix") == 0)
                g.mta = BK_MTA_POSTFIX;
            else if (strcmp(optarg, "exim") == 0)
                g.mta = BK_MTA_EXIM;
            else if (strcmp(optarg, "sendmail") == 0)
                g.mta = BK_MTA_SENDMAIL;
            else {
                fprintf(stderr, "bouncekit ingest: --mta: postfix, exim or sendmail\n");
                return BK_EXIT_USAGE;
            }
            break;
        case 'b': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end != '\0' || v < 1 || v > 1000000) {
                fprintf(stderr, "bouncekit ingest: --batch: 1 to 1000000\n");
                return BK_EXIT_USAGE;
            }
            g.batch = (size_t)v;
            break;
        }
        case 'i': {
            char *end;
            g.interval = strtod(optarg, &end);
            if (*end != '\0' || !(g.interval >= 0.01 && g.interval <= 3600)) {
                fprintf(stderr, "bouncekit ingest: --interval: 0.01 to 3600 seconds\n");
                return BK_EXIT_USAGE;
            }
            break;
        }
        case OPT_FROM_START: g.from_start = 1; break;
        case OPT_SYNC_FULL: a.sync_full = 1; break;
        case OPT_USER: g.mail_user = optarg; break;
        case OPT_PASSWORD_FILE: {
            FILE *pf = fopen(optarg, "r");
            static char pw[512]; /* lives as long as the command */
            if (pf == NULL || fgets(pw, sizeof pw, pf) == NULL) {
                fprintf(stderr, "bouncekit ingest: --password-file %s: cannot read\n", optarg);
                if (pf)
                    fclose(pf);
                return BK_EXIT_USAGE;
            }
            fclose(pf);
            pw[strcspn(pw, "\r\n")] = '\0';
            g.mail_password = pw;
            break;
        }
        case OPT_DELETE: g.mail_delete = 1; break;
        case 'v': g.verbose = 1; break;
        case 'q': g.quiet = 1; break;
        case 'j': g.json = 1; break;
        case 'h': ingest_usage(stdout); return BK_EXIT_OK;
        default: ingest_usage(stderr); return BK_EXIT_USAGE;
        }
    }
    if (g.mail_password == NULL) {
        const char *pw = getenv("BOUNCEKIT_MAIL_PASSWORD");
        if (pw != NULL && pw[0] != '\0')
            g.mail_password = pw;
    }
    if (optind >= argc) {
        fprintf(stderr, "bouncekit ingest: no source given\n");
        ingest_usage(stderr);
        return BK_EXIT_USAGE;
    }
    if (g.follow && argc - optind != 1) {
        fprintf(stderr, "bouncekit ingest: --follow takes exactly one log file\n");
        return BK_EXIT_USAGE;
    }
    int rc = bk_store_cli_policy("bouncekit ingest", &a, &g.pol);
    if (rc != 0)
        return rc;
    if ((rc = bk_store_cli_open("bouncekit ingest", &a, 0, &g.st)) != 0) {
        bk_policy_free(g.pol);
        return rc;
    }
    if (bk_events_new(&g.ev) != BK_OK) {
        bk_store_close(g.st);
        bk_policy_free(g.pol);
        return BK_EX_TEMPFAIL;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    int worst = 0;
    for (int i = optind; i < argc; i++) {
        if (strcmp(argv[i], "-") == 0) {
            if (g.follow) {
                fprintf(stderr, "bouncekit ingest: --follow needs a log file, not standard input\n");
                worst = BK_EXIT_USAGE;
                break;
            }
            rc = ingest_stdin(&g);
        } else {
            rc = ingest_path(&g, argv[i], 0);
        }
        if (rc > worst)
            worst = rc;
        if (rc == BK_EX_TEMPFAIL || stop_requested)
            break;
    }
    if (worst == 0 && g.bad_inputs > 0)
        worst = BK_EX_DATAERR;
    if (g.json) {
        bk_json j;
        bk_json_begin(&j, stdout);
        bk_json_int(&j, "events", (long long)g.events);
        bk_json_int(&j, "duplicates", (long long)g.duplicates);
        bk_json_int(&j, "suppressed", (long long)g.suppressed);
        bk_json_int(&j, "counted", (long long)g.counted);
        bk_json_int(&j, "invalid", (long long)g.invalid);
        bk_json_int(&j, "lines", (long long)g.lines);
        bk_json_int(&j, "skipped_lines", (long long)g.skipped_lines);
        bk_json_int(&j, "payloads", (long long)g.payloads);
        bk_json_int(&j, "messages", (long long)g.messages);
        bk_json_int(&j, "bad_messages", (long long)g.bad_messages);
        bk_json_int(&j, "bad_inputs", (long long)g.bad_inputs);
        bk_json_int(&j, "commits", (long long)g.commits);
        bk_json_int(&j, "exit", worst);
        bk_json_end(&j);
    } else if (!g.quiet) {
        fprintf(stderr,
                "bouncekit ingest: %zu new events, %zu duplicates, %zu suppressions made or "
                "renewed, %zu counted; %zu log lines (%zu not delivery records), %zu payloads, "
                "%zu messages%s\n",
                g.events, g.duplicates, g.suppressed, g.counted, g.lines, g.skipped_lines, g.payloads,
                g.messages,
                g.bad_inputs ? ", some input malformed" : "");
    }
    fflush(stdout);
    bk_events_free(g.ev);
    bk_parser_free(g.parser);
    bk_store_close(g.st);
    bk_policy_free(g.pol);
    return worst;
}
