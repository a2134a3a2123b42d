/*
 * cmd_parse.c - "bouncekit parse": decode bounce messages into
 * per-recipient records.
 *
 * Inputs (files, directories, mboxes, Maildirs, standard input) become a
 * sequence of work items.  Items are handled in batches: each batch is
 * parsed by N threads (every thread has its own bk_parser and renders the
 * records of its items into a memory buffer of its own), then printed in
 * input order.  A batch is bounded in items and in bytes, so a big mailbox
 * streams through.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <malloc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* Every message allocates and frees its arena (64 KiB chunks) and its
 * bytes: keep that much freed memory in the process instead of handing it
 * back to the kernel after each message and faulting it in again.  The
 * retained amount stays far below the batch bound. */
#define MALLOC_KEEP ((int)(8 << 20))
#define MALLOC_MMAP_MIN ((int)(4 << 20))

/* Items per batch, and bytes of mbox messages held per batch. */
#define BATCH_ITEMS 256
#define BATCH_BYTES ((size_t)16 << 20)
/* A batch's text is given room for this much at first (a batch of
 * typical bounces, 256 of some KiB), so it is not grown by copying. */
#define BATCH_TEXT_FIRST ((size_t)2 << 20)
/* A text grown beyond this (by a message of many MiB) is released once its
 * batch is printed rather than kept for the rest of the run. */
#define BATCH_TEXT_KEEP (2 * BATCH_BYTES)
/* Directory nesting followed; deeper trees are reported, not walked. */
#define MAX_DIR_DEPTH 64
#define MAX_THREADS 64
/* Directories one batch's deferred items may come from; an item of
 * another directory is read by the walker, as with one thread. */
#define BATCH_DIRS 16
#define MAX_HEADERS_OPT 32
/* stdout's buffer when it is not a terminal. */
#define OUT_BUF ((size_t)64 << 10)

enum fmt { FMT_JSONL, FMT_CSV, FMT_TSV, FMT_TABLE };

typedef struct opts {
    enum fmt fmt;
    int jobs;
    int failures_only;
    const char *headers[MAX_HEADERS_OPT];
    int nheaders;
    bk_parse_options popt;
} opts;

/* An item's name and bytes live in its batch's text (offsets, as the text
 * grows while the batch fills). */
typedef struct item {
    size_t source;     /* the name as printed: text + source */
    size_t data;       /* the message: text + data, len bytes (has_data) */
    size_t len;
    int has_data;
    unsigned long long offset;
    int has_offset;
    int err;           /* bk_err of the item */
    const char *detail; /* the parser's account of it (static text) */
    int sys_errno;
    const bk_cli_buf *out; /* rendered records: out->data[out_off..+outlen) */
    size_t out_off, outlen;
    /* Read by the worker (-j 2 and more): the file name below the
     * batch's directory dirs[dir], text + name. */
    int deferred;
    int dir;
    size_t name;
    /* A deferred mbox's messages that failed: stderr lines in
     * errs->data[errs_off..+errslen) */
    const bk_cli_buf *errs;
    size_t errs_off, errslen;
} item;

typedef struct batch {
    item *it;
    size_t n, cap;
    size_t bytes;      /* of messages */
    bk_cli_buf text;   /* the items' names and messages, each NUL-terminated;
                        * emptied (not freed) once the batch is printed */
    /* Directories of its deferred items: copies of the walker's
     * descriptors (dup), closed once the batch is printed; from[k] is
     * the descriptor dirs[k] copies. */
    int dirs[BATCH_DIRS];
    int from[BATCH_DIRS];
    int ndirs;
} batch;

/* A worker's buffers: rendered records, stderr lines of deferred mboxes,
 * and the file being read. */
typedef struct worker_bufs {
    bk_cli_buf out, errs, in;
} worker_bufs;

/* The batch being filled by the reader and the one the workers parse:
 * reading the next batch overlaps with parsing the current one, and each
 * batch is printed in order once parsed. */
typedef struct run {
    const opts *o;
    batch bufs[2];
    batch *b;          /* the batch being filled */
    batch *inflight;   /* the batch the workers parse, or NULL */
    pthread_mutex_t mu;
    pthread_cond_t work_cv, done_cv;
    size_t next, remaining;
    unsigned long gen; /* counts the batches handed to the workers */
    int stop;
    pthread_t th[MAX_THREADS];
    int nthreads;      /* 0: parse in the main thread */
    bk_parser *solo;
    worker_bufs solo_bufs; /* the main thread's rendered records with -j 1 */
    bk_cli_buf scratch;  /* a file read while its batch is full */
    int failed;        /* some input failed */
} run;

static const char *FIELDS[] = {"source", "recipient", "original_recipient", "sender", "action",
                               "status", "reply_code", "diagnostic", "reason", "bounce",
                               "decision", "permanent", "remote_mta", "reporting_mta",
                               "smtp_command", "date", "message_id", "subject", "list_id",
                               "feedback_type", "format", NULL};

static void parse_usage(FILE *out)
{
    fprintf(out,
            "usage: bouncekit parse [OPTIONS] PATH...\n"
            "\n"
            "Decode bounce messages into per-recipient records.  PATH is a message\n"
            "file, a directory (every file below it; Maildirs too), an mbox file, or\n"
            "'-' for one message on standard input.\n"
            "\n"
            "Options:\n"
            "  -f, --format FMT     jsonl (default when not a terminal), csv, tsv, table\n"
            "  -j, --jobs N         parse with N threads (output stays in input order)\n"
            "      --failures-only  print only records whose action is failed\n"
            "      --header NAME    add the returned message's header NAME to each\n"
            "                       record (repeatable)\n"
            "      --verp TEMPLATE  recover the recipient from a VERP envelope address,\n"
            "                       e.g. 'bounces+{local}={domain}@example.net'\n"
            "  -h, --help           show this help\n"
            "\n"
            "Exit status: 0 when every input was read, 1 when some input failed (the\n"
            "others are still parsed), 2 on bad usage.\n");
}

/* ---- output --------------------------------------------------------------- */

static const char *field(const bk_record *r, const char *src, int i, char *tmp, size_t tsz)
{
    switch (i) {
    case 0: return src;
    case 1: return r->recipient;
    case 2: return r->original_recipient;
    case 3: return r->sender;
    case 4: return r->action;
    case 5: return r->status;
    case 6:
        if (r->reply_code == 0)
            return "";
        snprintf(tmp, tsz, "%d", r->reply_code);
        return tmp;
    case 7: return r->diagnostic;
    case 8: return bk_reason_name(r->reason);
    case 9: return bk_bounce_name(r->bounce);
    case 10: return bk_decision_name(r->decision);
    case 11: return r->permanent ? "true" : "false";
    case 12: return r->remote_mta;
    case 13: return r->reporting_mta;
    case 14: return r->smtp_command;
    case 15: return r->date;
    case 16: return r->message_id;
    case 17: return r->subject;
    case 18: return r->list_id;
    case 19: return r->feedback_type;
    case 20: return r->format;
    default: return "";
    }
}

/* Append printf-style text to b. */
static void buf_printf(bk_cli_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_printf(bk_cli_buf *b, const char *fmt, ...)
{
    size_t guess = 256;
    for (int tries = 0; tries < 2; tries++) {
        if (bk_cli_buf_reserve(b, guess) != 0)
            return;
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->data + b->len, guess, fmt, ap);
        va_end(ap);
        if (n < 0)
            return;
        if ((size_t)n < guess) {
            b->len += (size_t)n;
            return;
        }
        guess = (size_t)n + 1;
    }
}

static void buf_putc(bk_cli_buf *b, char c)
{
    if (bk_cli_buf_reserve(b, 1) == 0)
        b->data[b->len++] = c;
}

static void csv_cell(bk_cli_buf *b, const char *s, int tsv)
{
    size_t n = strlen(s);
    if (tsv) {
        if (bk_cli_buf_reserve(b, n) != 0)
            return;
        char *d = b->data + b->len;
        for (size_t i = 0; i < n; i++)
            d[i] = (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') ? ' ' : s[i];
        b->len += n;
        return;
    }
    if (strpbrk(s, ",\"\n\r") == NULL) {
        bk_cli_buf_put(b, s, n);
        return;
    }
    if (bk_cli_buf_reserve(b, 2 * n + 2) != 0)
        return;
    char *d = b->data + b->len, *o = d;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            *o++ = '"';
        *o++ = s[i];
    }
    *o++ = '"';
    b->len += (size_t)(o - d);
}

/* ---- a record as one JSON line ------------------------------------------- */
/* Written in one step: the room of the whole line is reserved first, then
 * the members are copied in (keys are literals) and the values escaped. */

/* Room for the keys, punctuation, numbers and null/true/false of a line. */
#define JSON_LINE_FIXED 1024
/* Room of one value beyond its escaped text (a "null" in place of ""). */
#define JSON_VALUE_SLACK 8

#define PUT_LIT(d, lit) put_bytes((d), (lit), sizeof(lit) - 1)

static inline char *put_bytes(char *d, const char *s, size_t n)
{
    memcpy(d, s, n);
    return d + n;
}

/* A string value: NULL is null (and "" too when empty_null). */
static inline char *put_value(char *d, const char *s, size_t n, int empty_null)
{
    if (s == NULL || (empty_null && n == 0))
        return PUT_LIT(d, "null");
    return d + bk_json_escape(d, s, n);
}

/* The record's string fields, in the order of the line. */
enum {
    JS_SOURCE, JS_RECIPIENT, JS_ORIGINAL_RECIPIENT, JS_SENDER, JS_ACTION, JS_STATUS,
    JS_DIAGNOSTIC, JS_REASON, JS_BOUNCE, JS_DECISION, JS_REMOTE_MTA, JS_REPORTING_MTA,
    JS_SMTP_COMMAND, JS_DATE, JS_MESSAGE_ID, JS_SUBJECT, JS_LIST_ID, JS_FEEDBACK_TYPE,
    JS_FORMAT, JS_COUNT
};

static void render_json(const opts *o, const item *it, const bk_result *res, const bk_record *r,
                        const char *src, bk_cli_buf *out)
{
    const char *v[JS_COUNT] = {
        src, r->recipient, r->original_recipient, r->sender, r->action, r->status,
        r->diagnostic, bk_reason_name(r->reason), bk_bounce_name(r->bounce),
        bk_decision_name(r->decision), r->remote_mta, r->reporting_mta, r->smtp_command,
        r->date, r->message_id, r->subject, r->list_id, r->feedback_type, r->format};
    size_t n[JS_COUNT];
    size_t need = JSON_LINE_FIXED;
    for (int k = 0; k < JS_COUNT; k++) {
        n[k] = v[k] != NULL ? strlen(v[k]) : 0;
        need += BK_JSON_ESCAPED_MAX(n[k]) + JSON_VALUE_SLACK;
    }
    const char *hv[MAX_HEADERS_OPT];
    size_t hn[MAX_HEADERS_OPT], kn[MAX_HEADERS_OPT];
    for (int h = 0; h < o->nheaders; h++) {
        hv[h] = bk_result_returned_header(res, o->headers[h], 0);
        hn[h] = hv[h] != NULL ? strlen(hv[h]) : 0;
        kn[h] = strlen(o->headers[h]);
        need += BK_JSON_ESCAPED_MAX(kn[h]) + BK_JSON_ESCAPED_MAX(hn[h]) + 2 * JSON_VALUE_SLACK;
    }
    if (bk_cli_buf_reserve(out, need) != 0)
        return;
    char *d = out->data + out->len;
    d = PUT_LIT(d, "{\"source\":");
    d = put_value(d, v[JS_SOURCE], n[JS_SOURCE], 0);
    if (it->has_offset) {
        d = PUT_LIT(d, ",\"offset\":");
        d = bk_json_put_int(d, (long long)it->offset);
    }
    d = PUT_LIT(d, ",\"recipient\":");
    d = put_value(d, v[JS_RECIPIENT], n[JS_RECIPIENT], 1);
    d = PUT_LIT(d, ",\"original_recipient\":");
    d = put_value(d, v[JS_ORIGINAL_RECIPIENT], n[JS_ORIGINAL_RECIPIENT], 1);
    d = PUT_LIT(d, ",\"sender\":");
    d = put_value(d, v[JS_SENDER], n[JS_SENDER], 1);
    d = PUT_LIT(d, ",\"action\":");
    d = put_value(d, v[JS_ACTION], n[JS_ACTION], 1);
    d = PUT_LIT(d, ",\"status\":");
    d = put_value(d, v[JS_STATUS], n[JS_STATUS], 1);
    d = PUT_LIT(d, ",\"reply_code\":");
    d = r->reply_code != 0 ? bk_json_put_int(d, r->reply_code) : PUT_LIT(d, "null");
    d = PUT_LIT(d, ",\"diagnostic\":");
    d = put_value(d, v[JS_DIAGNOSTIC], n[JS_DIAGNOSTIC], 1);
    d = PUT_LIT(d, ",\"reason\":");
    d = put_value(d, v[JS_REASON], n[JS_REASON], 0);
    d = PUT_LIT(d, ",\"bounce\":");
    d = put_value(d, v[JS_BOUNCE], n[JS_BOUNCE], 0);
    d = PUT_LIT(d, ",\"decision\":");
    d = put_value(d, v[JS_DECISION], n[JS_DECISION], 0);
    d = r->permanent ? PUT_LIT(d, ",\"permanent\":true") : PUT_LIT(d, ",\"permanent\":false");
    d = PUT_LIT(d, ",\"remote_mta\":");
    d = put_value(d, v[JS_REMOTE_MTA], n[JS_REMOTE_MTA], 1);
    d = PUT_LIT(d, ",\"reporting_mta\":");
    d = put_value(d, v[JS_REPORTING_MTA], n[JS_REPORTING_MTA], 1);
    d = PUT_LIT(d, ",\"smtp_command\":");
    d = put_value(d, v[JS_SMTP_COMMAND], n[JS_SMTP_COMMAND], 1);
    d = PUT_LIT(d, ",\"date\":");
    d = put_value(d, v[JS_DATE], n[JS_DATE], 1);
    d = PUT_LIT(d, ",\"message_id\":");
    d = put_value(d, v[JS_MESSAGE_ID], n[JS_MESSAGE_ID], 1);
    d = PUT_LIT(d, ",\"subject\":");
    d = put_value(d, v[JS_SUBJECT], n[JS_SUBJECT], 1);
    d = PUT_LIT(d, ",\"list_id\":");
    d = put_value(d, v[JS_LIST_ID], n[JS_LIST_ID], 1);
    d = PUT_LIT(d, ",\"feedback_type\":");
    d = put_value(d, v[JS_FEEDBACK_TYPE], n[JS_FEEDBACK_TYPE], 1);
    d = PUT_LIT(d, ",\"format\":");
    d = put_value(d, v[JS_FORMAT], n[JS_FORMAT], 1);
    for (int h = 0; h < o->nheaders; h++) {
        *d++ = ',';
        d += bk_json_escape(d, o->headers[h], kn[h]);
        *d++ = ':';
        d = put_value(d, hv[h], hn[h], 0);
    }
    d = PUT_LIT(d, "}\n");
    out->len = (size_t)(d - out->data);
}

static void render(const opts *o, const batch *b, const item *it, const bk_result *res,
                   bk_cli_buf *out)
{
    char srcbuf[4200];
    const char *src = b->text.data + it->source;
    if (strlen(src) >= sizeof srcbuf) { /* shown cut to the buffer */
        memcpy(srcbuf, src, sizeof srcbuf - 1);
        srcbuf[sizeof srcbuf - 1] = '\0';
        src = srcbuf;
    }
    for (size_t i = 0; i < bk_result_count(res); i++) {
        const bk_record *r = bk_result_record(res, i);
        if (o->failures_only && strcmp(r->action, "failed") != 0)
            continue;
        char tmp[32];
        if (o->fmt == FMT_JSONL) {
            render_json(o, it, res, r, src, out);
        } else if (o->fmt == FMT_CSV || o->fmt == FMT_TSV) {
            int tsv = o->fmt == FMT_TSV;
            char sep = tsv ? '\t' : ',';
            for (int k = 0; FIELDS[k]; k++) {
                if (k)
                    buf_putc(out, sep);
                csv_cell(out, field(r, src, k, tmp, sizeof tmp), tsv);
                if (k == 0) {
                    buf_putc(out, sep);
                    if (it->has_offset)
                        buf_printf(out, "%llu", it->offset);
                }
            }
            for (int h = 0; h < o->nheaders; h++) {
                buf_putc(out, sep);
                const char *v = bk_result_returned_header(res, o->headers[h], 0);
                csv_cell(out, v ? v : "", tsv);
            }
            buf_putc(out, '\n');
        } else {
            const char *code = field(r, src, 6, tmp, sizeof tmp);
            /* Fixed-width columns first, the source (any length) last. */
            buf_printf(out, "%-32s %-9.9s %-7.7s %-4s %-15.15s %-5s %-10.10s %s",
                       *r->recipient ? r->recipient : "-", *r->action ? r->action : "-",
                       *r->status ? r->status : "-", *code ? code : "-",
                       bk_reason_name(r->reason), bk_bounce_name(r->bounce),
                       *r->format ? r->format : "-", src);
            if (it->has_offset)
                buf_printf(out, "@%llu", it->offset);
            buf_putc(out, '\n');
        }
    }
}

static void print_header_row(const opts *o)
{
    if (o->fmt == FMT_CSV || o->fmt == FMT_TSV) {
        char sep = o->fmt == FMT_TSV ? '\t' : ',';
        for (int k = 0; FIELDS[k]; k++) {
            if (k)
                putchar(sep);
            fputs(FIELDS[k], stdout);
            if (k == 0) {
                putchar(sep);
                fputs("offset", stdout);
            }
        }
        bk_cli_buf b = {NULL, 0, 0, 0};
        for (int h = 0; h < o->nheaders; h++) {
            buf_putc(&b, sep);
            csv_cell(&b, o->headers[h], o->fmt == FMT_TSV);
        }
        buf_putc(&b, '\n');
        fwrite(b.data, 1, b.len, stdout);
        bk_cli_buf_free(&b);
    } else if (o->fmt == FMT_TABLE) {
        printf("%-32s %-9s %-7s %-4s %-15s %-5s %-10s %s\n", "RECIPIENT", "ACTION", "STATUS",
               "CODE", "REASON", "KIND", "FORMAT", "SOURCE");
    }
}

/* ---- work -------------------------------------------------------------------- */

/* Read the rest of an open file (at most max bytes in all, else
 * BK_ETOOBIG) into one allocation; have bytes already read sit in head. */
static char *read_fd(int fd, size_t size_hint, const char *head, size_t hn, size_t max,
                     size_t *len, int *err, int *eno)
{
    size_t cap = size_hint > 0 ? (size_hint < max ? size_hint : max) : 4096;
    if (cap < hn)
        cap = hn;
    char *buf = malloc(cap + 1);
    if (buf == NULL) {
        *err = BK_ENOMEM;
        return NULL;
    }
    memcpy(buf, head, hn);
    size_t n = hn;
    for (;;) {
        if (n == size_hint && n < cap)
            break; /* all of the file fstat announced */
        if (n == cap) {
            /* The file may be longer than announced: one more byte tells. */
            char one;
            ssize_t r = read(fd, &one, 1);
            if (r < 0 && errno == EINTR)
                continue;
            if (r == 0)
                break;
            if (r < 0 || cap >= max) {
                *err = r < 0 ? BK_EIO : BK_ETOOBIG;
                *eno = r < 0 ? errno : 0;
                free(buf);
                return NULL;
            }
            size_t ncap = cap * 2 > max ? max : cap * 2;
            char *nb = realloc(buf, ncap + 1);
            if (nb == NULL) {
                *err = BK_ENOMEM;
                free(buf);
                return NULL;
            }
            buf = nb;
            cap = ncap;
            buf[n++] = one;
            continue;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            *err = BK_EIO;
            *eno = errno;
            free(buf);
            return NULL;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Parse the message d[0..len) of an item and render its records at the
 * end of out. */
static void parse_one(const opts *o, bk_parser *p, bk_cli_buf *out, const batch *b, item *it,
                      const char *d, size_t len)
{
    bk_result *res = NULL;
    int err = bk_parse_message(p, d, len, &res);
    if (err) {
        it->err = err;
        it->detail = bk_parser_error_detail(p);
    } else {
        size_t start = out->len;
        render(o, b, it, res, out);
        if (out->err) {
            it->err = BK_ENOMEM;
            out->err = 0;
            out->len = start;
        } else {
            it->out = out;
            it->out_off = start;
            it->outlen = out->len - start;
        }
        bk_result_free(res);
    }
}

/* Files no bigger than this are read whole at once; a bigger one has its
 * first bytes looked at first (it may be an mbox, read message by
 * message). */
#define SMALL_FILE ((size_t)1 << 20)

/* The messages of a deferred mbox (mb is closed here): their records go
 * to the item's output, the errors of its messages to its stderr lines,
 * as the walker would have printed them. */
static void mbox_messages(const opts *o, bk_parser *p, worker_bufs *w, const batch *b, item *it,
                          bk_mbox *mb)
{
    if (mb == NULL) {
        it->err = BK_ENOMEM;
        return;
    }
    const char *src = b->text.data + it->source;
    size_t ostart = w->out.len, estart = w->errs.len;
    for (;;) {
        const char *d;
        size_t len;
        uint64_t off = 0;
        int err = bk_mbox_next(mb, &d, &len, &off);
        if (err == BK_EOF)
            break;
        if (err == BK_ETOOBIG) {
            buf_printf(&w->errs, "bouncekit parse: %s: a message exceeds the size limit; skipped\n", src);
            continue;
        }
        if (err) {
            buf_printf(&w->errs, "bouncekit parse: %s: %s\n", src, bk_strerror(err));
            break;
        }
        item m = *it;
        m.offset = off;
        m.has_offset = 1;
        m.err = 0;
        m.detail = NULL;
        parse_one(o, p, &w->out, b, &m, d, len);
        if (m.err)
            buf_printf(&w->errs, "bouncekit parse: %s (offset %llu): %s\n", src, m.offset,
                       m.detail && *m.detail ? m.detail : bk_strerror(m.err));
    }
    bk_mbox_close(mb);
    it->out = &w->out;
    it->out_off = ostart;
    it->outlen = w->out.len - ostart;
    it->errs = &w->errs;
    it->errs_off = estart;
    it->errslen = w->errs.len - estart;
}

static char *read_fd(int fd, size_t size_hint, const char *head, size_t hn, size_t max,
                     size_t *len, int *err, int *eno);

/* Read up to want bytes of fd into head; how many were read.  A read
 * error sets *err (BK_EIO) and *eno. */
static size_t read_head(int fd, char *head, size_t want, int *err, int *eno)
{
    size_t hn = 0;
    while (hn < want) {
        ssize_t r = read(fd, head + hn, want - hn);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            *err = BK_EIO;
            *eno = errno;
        }
        if (r <= 0)
            break;
        hn += (size_t)r;
    }
    return hn;
}


/* A file the walker left to the workers: opened, read and parsed here, as
 * add_file() would have (an mbox split into its messages). */
static void deferred_item(const opts *o, bk_parser *p, worker_bufs *w, const batch *b, item *it)
{
    size_t max = o->popt.limits.max_message;
    int fd = openat(b->dirs[it->dir], b->text.data + it->name, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        it->err = BK_EIO;
        it->sys_errno = errno;
        return;
    }
    struct stat st;
    size_t size = fstat(fd, &st) == 0 && st.st_size > 0 ? (size_t)st.st_size : 0;
    size_t want = size > 0 && size <= SMALL_FILE && size <= max ? size : 5;
    w->in.len = 0;
    if (bk_cli_buf_reserve(&w->in, want + 1) != 0) {
        w->in.err = 0;
        close(fd);
        it->err = BK_ENOMEM;
        return;
    }
    char *head = w->in.data;
    int err = 0, eno = 0;
    size_t hn = read_head(fd, head, want, &err, &eno);
    if (!err && hn >= 5 && memcmp(head, "From ", 5) == 0) {
        if (want == size && hn == size) {
            close(fd);
            mbox_messages(o, p, w, b, it, bk_mbox_open_mem(head, hn, max));
        } else if (lseek(fd, 0, SEEK_SET) != 0) {
            it->err = BK_EIO;
            it->sys_errno = errno;
            close(fd);
        } else {
            mbox_messages(o, p, w, b, it, bk_mbox_open_fd(fd, max));
            close(fd);
        }
        return;
    }
    if (!err && want > 5 && hn == size) {
        close(fd);
        parse_one(o, p, &w->out, b, it, head, hn);
        return;
    }
    size_t len = 0;
    char *data = NULL;
    if (!err)
        data = read_fd(fd, size, head, hn, max, &len, &err, &eno);
    close(fd);
    if (data == NULL) {
        it->err = err;
        it->sys_errno = eno;
        return;
    }
    parse_one(o, p, &w->out, b, it, data, len);
    free(data);
}

/* Parse an item (reading it first when the walker left that to the
 * workers) and render its records at the end of the worker's output. */
static void work_item(const opts *o, bk_parser *p, worker_bufs *w, const batch *b, item *it)
{
    if (it->err)
        return; /* not read (open or read failed, too big): its error stands */
    if (it->deferred)
        deferred_item(o, p, w, b, it);
    else
        parse_one(o, p, &w->out, b, it, it->has_data ? b->text.data + it->data : NULL, it->len);
}

static void *pool_worker(void *arg)
{
    run *rn = arg;
    bk_parser *p = bk_parser_new(&rn->o->popt);
    /* This thread's rendered records (and stderr lines) of the current
     * batch: emptied when the thread takes its first item of a newer
     * batch (the older one has been printed by then). */
    worker_bufs w;
    memset(&w, 0, sizeof w);
    unsigned long gen = 0;
    pthread_mutex_lock(&rn->mu);
    for (;;) {
        while (!rn->stop && (rn->inflight == NULL || rn->next >= rn->inflight->n))
            pthread_cond_wait(&rn->work_cv, &rn->mu);
        if (rn->stop)
            break;
        batch *b = rn->inflight;
        size_t i = rn->next++;
        if (gen != rn->gen) {
            gen = rn->gen;
            w.out.len = 0;
            w.errs.len = 0;
        }
        pthread_mutex_unlock(&rn->mu);
        if (p == NULL)
            b->it[i].err = BK_ENOMEM;
        else
            work_item(rn->o, p, &w, b, &b->it[i]);
        pthread_mutex_lock(&rn->mu);
        if (--rn->remaining == 0)
            pthread_cond_signal(&rn->done_cv);
    }
    pthread_mutex_unlock(&rn->mu);
    bk_cli_buf_free(&w.out);
    bk_cli_buf_free(&w.errs);
    bk_cli_buf_free(&w.in);
    bk_parser_free(p);
    return NULL;
}

static void pool_start(run *rn)
{
    rn->nthreads = 0;
    if (rn->o->jobs > 1) {
        for (int t = 0; t < rn->o->jobs; t++) {
            if (pthread_create(&rn->th[t], NULL, pool_worker, rn) != 0)
                break;
            rn->nthreads++;
        }
    }
    if (rn->nthreads == 0)
        rn->solo = bk_parser_new(&rn->o->popt);
}

static void print_batch(run *rn, batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        item *it = &b->it[i];
        if (it->err) {
            rn->failed = 1;
            const char *why = it->err == BK_EIO && it->sys_errno ? strerror(it->sys_errno)
                              : (it->detail && *it->detail) ? it->detail : bk_strerror(it->err);
            const char *src = b->text.data + it->source;
            if (it->has_offset)
                fprintf(stderr, "bouncekit parse: %s (offset %llu): %s\n", src, it->offset, why);
            else
                fprintf(stderr, "bouncekit parse: %s: %s\n", src, why);
        }
        if (it->errs != NULL && it->errslen) {
            rn->failed = 1;
            fwrite(it->errs->data + it->errs_off, 1, it->errslen, stderr);
        }
        if (it->out != NULL && it->outlen)
            fwrite(it->out->data + it->out_off, 1, it->outlen, stdout);
    }
    fflush(stdout);
    for (int k = 0; k < b->ndirs; k++)
        close(b->dirs[k]);
    b->ndirs = 0;
    b->n = 0;
    b->bytes = 0;
    if (b->text.cap > BATCH_TEXT_KEEP)
        bk_cli_buf_free(&b->text);
    b->text.len = 0;
    b->text.err = 0;
}

/* Wait for the batch in flight and print it. */
static void drain(run *rn)
{
    pthread_mutex_lock(&rn->mu);
    while (rn->inflight != NULL && rn->remaining > 0)
        pthread_cond_wait(&rn->done_cv, &rn->mu);
    batch *f = rn->inflight;
    rn->inflight = NULL;
    pthread_mutex_unlock(&rn->mu);
    if (f != NULL)
        print_batch(rn, f);
}

/* Hand the filled batch to the workers (or parse it here with -j 1). */
static void flush_batch(run *rn)
{
    batch *b = rn->b;
    if (b->n == 0)
        return;
    if (rn->nthreads == 0) {
        rn->solo_bufs.out.len = 0;
        for (size_t i = 0; i < b->n; i++) {
            if (rn->solo == NULL)
                b->it[i].err = BK_ENOMEM;
            else
                work_item(rn->o, rn->solo, &rn->solo_bufs, b, &b->it[i]);
        }
        print_batch(rn, b);
        return;
    }
    drain(rn);
    pthread_mutex_lock(&rn->mu);
    rn->inflight = b;
    rn->next = 0;
    rn->remaining = b->n;
    rn->gen++;
    pthread_cond_broadcast(&rn->work_cv);
    pthread_mutex_unlock(&rn->mu);
    rn->b = b == &rn->bufs[0] ? &rn->bufs[1] : &rn->bufs[0];
}

static void pool_finish(run *rn)
{
    flush_batch(rn);
    if (rn->nthreads > 0) {
        drain(rn);
        pthread_mutex_lock(&rn->mu);
        rn->stop = 1;
        pthread_cond_broadcast(&rn->work_cv);
        pthread_mutex_unlock(&rn->mu);
        for (int t = 0; t < rn->nthreads; t++)
            pthread_join(rn->th[t], NULL);
    }
    bk_parser_free(rn->solo);
    bk_cli_buf_free(&rn->solo_bufs.out);
    bk_cli_buf_free(&rn->scratch);
    for (int k = 0; k < 2; k++) {
        free(rn->bufs[k].it);
        bk_cli_buf_free(&rn->bufs[k].text);
    }
}

/* Does the next item go to a new batch? */
static int batch_full(const run *rn)
{
    return rn->b->n >= BATCH_ITEMS || rn->b->bytes >= BATCH_BYTES;
}

/* Append s[0..n) and a NUL to the text of b; its offset, or (size_t)-1. */
static size_t text_add(batch *b, const char *s, size_t n)
{
    if (bk_cli_buf_reserve(&b->text, n + 1) != 0)
        return (size_t)-1;
    size_t off = b->text.len;
    memcpy(b->text.data + off, s, n);
    b->text.data[off + n] = '\0';
    b->text.len += n + 1;
    return off;
}

/* The message of the item just added (an error item when out of memory). */
static void item_data(run *rn, item *it, const char *d, size_t len)
{
    size_t off = text_add(rn->b, d, len);
    if (off == (size_t)-1) {
        it->err = BK_ENOMEM;
        return;
    }
    it->data = off;
    it->len = len;
    it->has_data = 1;
    rn->b->bytes += len;
}

static item *add_item(run *rn, const char *source)
{
    if (batch_full(rn))
        flush_batch(rn); /* may switch rn->b to the other batch */
    batch *b = rn->b;
    if (b->n == b->cap) {
        size_t ncap = b->cap ? b->cap * 2 : 64;
        item *ni = realloc(b->it, ncap * sizeof *ni);
        if (ni == NULL)
            return NULL;
        b->it = ni;
        b->cap = ncap;
    }
    item *it = &b->it[b->n];
    memset(it, 0, sizeof *it);
    it->source = text_add(b, source, strlen(source));
    if (it->source == (size_t)-1)
        return NULL;
    b->n++;
    return it;
}

static void fail_input(run *rn, const char *src, const char *what)
{
    fprintf(stderr, "bouncekit parse: %s: %s\n", src, what);
    rn->failed = 1;
}

/* The messages of an mbox (mb is closed here). */
static void add_mbox(run *rn, const char *src, bk_mbox *mb)
{
    if (mb == NULL) {
        fail_input(rn, src, bk_strerror(BK_ENOMEM));
        return;
    }
    for (;;) {
        const char *d;
        size_t len;
        uint64_t off = 0;
        int err = bk_mbox_next(mb, &d, &len, &off);
        if (err == BK_EOF)
            break;
        if (err == BK_ETOOBIG) {
            fail_input(rn, src, "a message exceeds the size limit; skipped");
            continue;
        }
        if (err) {
            fail_input(rn, src, bk_strerror(err));
            break;
        }
        item *it = add_item(rn, src);
        if (it == NULL) {
            fail_input(rn, src, bk_strerror(BK_ENOMEM));
            break;
        }
        item_data(rn, it, d, len);
        it->offset = off;
        it->has_offset = 1;
    }
    bk_mbox_close(mb);
}

/* The index of directory dfd among the current batch's directories (a
 * copy of the descriptor is made the first time), or -1 when the batch
 * holds as many as it may or the copy fails. */
static int batch_dir(run *rn, int dfd)
{
    batch *b = rn->b;
    for (int k = 0; k < b->ndirs; k++)
        if (b->from[k] == dfd)
            return k;
    if (b->ndirs == BATCH_DIRS)
        return -1;
    int fd = fcntl(dfd, F_DUPFD_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    b->dirs[b->ndirs] = fd;
    b->from[b->ndirs] = dfd;
    return b->ndirs++;
}

/* The walker closes directory dfd: its number may name another directory
 * next, so no batch may take it for this one any more. */
static void forget_dir(run *rn, int dfd)
{
    for (int k = 0; k < 2; k++)
        for (int j = 0; j < rn->bufs[k].ndirs; j++)
            if (rn->bufs[k].from[j] == dfd)
                rn->bufs[k].from[j] = -1;
}

/* A regular file (name, relative to the directory dfd): an mbox is split
 * into its messages; any other file is one message, read here (the
 * batch's byte bound counts it). */
static void add_file(run *rn, int dfd, const char *name, const char *shown)
{
    size_t max = rn->o->popt.limits.max_message;
    item *it = NULL;
    if (rn->nthreads > 0 && dfd != AT_FDCWD) {
        /* With workers, the files of a directory are opened and read by
         * them (deferred_item()): the walker only names them, so reading
         * is spread over the threads as parsing is. */
        if ((it = add_item(rn, shown)) == NULL) {
            fail_input(rn, shown, bk_strerror(BK_ENOMEM));
            return;
        }
        int k = batch_dir(rn, dfd);
        size_t nm = k >= 0 ? text_add(rn->b, name, strlen(name)) : (size_t)-1;
        if (nm != (size_t)-1) {
            it->deferred = 1;
            it->dir = k;
            it->name = nm;
            return;
        }
        rn->b->n--; /* read here after all */
    }
    int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int eno = errno;
        if ((it = add_item(rn, shown)) == NULL) {
            fail_input(rn, shown, bk_strerror(BK_ENOMEM));
            return;
        }
        it->err = BK_EIO;
        it->sys_errno = eno;
        return;
    }
    struct stat st;
    size_t size = fstat(fd, &st) == 0 && st.st_size > 0 ? (size_t)st.st_size : 0;
    size_t want = size > 0 && size <= SMALL_FILE && size <= max ? size : 5;
    /* Read in place, at the end of the batch's text, when the item goes
     * in this batch; else aside (the batch is printed when it is added). */
    int in_place = !batch_full(rn);
    bk_cli_buf *dst = in_place ? &rn->b->text : &rn->scratch;
    if (!in_place)
        rn->scratch.len = 0;
    if (bk_cli_buf_reserve(dst, want + 1) != 0) {
        close(fd);
        fail_input(rn, shown, bk_strerror(BK_ENOMEM));
        return;
    }
    char *head = dst->data + dst->len;
    int err = 0, eno = 0;
    size_t hn = read_head(fd, head, want, &err, &eno);
    if (!err && hn >= 5 && memcmp(head, "From ", 5) == 0) {
        if (want == size && hn == size) {
            /* Read whole: split it where it is.  Not in the batch's text,
             * which grows as its messages are added: aside. */
            close(fd);
            if (in_place) {
                rn->scratch.len = 0;
                if (bk_cli_buf_reserve(&rn->scratch, hn) != 0) {
                    fail_input(rn, shown, bk_strerror(BK_ENOMEM));
                    return;
                }
                memcpy(rn->scratch.data, head, hn);
                head = rn->scratch.data;
            }
            add_mbox(rn, shown, bk_mbox_open_mem(head, hn, max));
            return;
        }
        if (lseek(fd, 0, SEEK_SET) != 0)
            fail_input(rn, shown, strerror(errno));
        else
            add_mbox(rn, shown, bk_mbox_open_fd(fd, max));
        close(fd);
        return;
    }
    if (!err && want > 5 && hn == size) {
        /* read whole at once: the common case */
        close(fd);
        head[hn] = '\0';
        size_t off = dst->len;
        dst->len += hn + 1; /* kept: in place, or until copied */
        if ((it = add_item(rn, shown)) == NULL) {
            fail_input(rn, shown, bk_strerror(BK_ENOMEM));
            return;
        }
        if (in_place) {
            it->data = off;
            it->len = hn;
            it->has_data = 1;
            rn->b->bytes += hn;
        } else {
            item_data(rn, it, rn->scratch.data + off, hn);
        }
        return;
    }
    size_t len = 0;
    char *data = NULL;
    if (!err)
        data = read_fd(fd, size, head, hn, max, &len, &err, &eno);
    close(fd);
    if ((it = add_item(rn, shown)) == NULL) {
        free(data);
        fail_input(rn, shown, bk_strerror(BK_ENOMEM));
        return;
    }
    if (data == NULL) {
        it->err = err;
        it->sys_errno = eno;
        return;
    }
    item_data(rn, it, data, len);
    free(data);
}

static void add_path(run *rn, int dfd, const char *name, const char *shown, int depth,
                     const struct stat *known);

/* dir + "/" + name into out (room for dl + nl + 2 bytes); no second
 * slash when dir ends in one. */
static void join_path(char *out, const char *dir, size_t dl, const char *name, size_t nl)
{
    memcpy(out, dir, dl);
    if (dl == 0 || dir[dl - 1] != '/')
        out[dl++] = '/';
    memcpy(out + dl, name, nl);
    out[dl + nl] = '\0';
}

/* In byte order: alphasort's order (strcoll) in the C locale, which the
 * tool runs in (it never calls setlocale), without strcoll's detour. */
static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The open directory dfd (closed here): its entries are read into one
 * buffer, sorted by name, and opened relative to it, so the kernel walks
 * one name per file rather than the whole path. */
static void add_dir(run *rn, int dfd, const char *shown, int depth)
{
    DIR *d = fdopendir(dfd);
    if (d == NULL) {
        int eno = errno;
        close(dfd);
        fail_input(rn, shown, strerror(eno));
        return;
    }
    /* Each entry: its d_type byte, then its name and NUL. */
    bk_cli_buf names = {NULL, 0, 0, 0};
    size_t count = 0, longest = 0;
    int eno = 0;
    for (;;) {
        errno = 0;
        struct dirent *de = readdir(d);
        if (de == NULL) {
            eno = errno;
            break;
        }
        const char *nm = de->d_name;
        if (nm[0] == '.' && (nm[1] == '\0' || (nm[1] == '.' && nm[2] == '\0')))
            continue;
        size_t nl = strlen(nm);
        if (bk_cli_buf_reserve(&names, nl + 2) != 0) {
            eno = ENOMEM;
            break;
        }
        names.data[names.len++] = (char)de->d_type;
        memcpy(names.data + names.len, nm, nl + 1);
        names.len += nl + 1;
        count++;
        if (nl > longest)
            longest = nl;
    }
    size_t sl = strlen(shown);
    const char **v = NULL;
    char *cshown = NULL;
    if (eno == 0 && count > 0) {
        v = malloc(count * sizeof *v);
        cshown = malloc(sl + longest + 2);
        if (v == NULL || cshown == NULL)
            eno = ENOMEM;
    }
    if (eno != 0) {
        fail_input(rn, shown, strerror(eno)); /* nothing of it is read */
        count = 0;
    }
    for (size_t i = 0, off = 0; i < count; i++) {
        v[i] = names.data + off + 1;
        off += strlen(v[i]) + 2;
    }
    if (count > 1)
        qsort(v, count, sizeof *v, cmp_names);
    for (size_t i = 0; i < count; i++) {
        const char *name = v[i];
        unsigned char type = (unsigned char)name[-1];
        join_path(cshown, shown, sl, name, strlen(name));
        /* Hidden files (.DS_Store, .keep, dovecot indexes) are not mail;
         * hidden directories are Maildir++ folders and are. */
        if (name[0] != '.' && type == DT_REG) {
            add_file(rn, dirfd(d), name, cshown); /* no stat needed */
        } else if (name[0] != '.') {
            add_path(rn, dirfd(d), name, cshown, depth + 1, NULL);
        } else {
            struct stat st;
            if (fstatat(dirfd(d), name, &st, 0) == 0 && S_ISDIR(st.st_mode))
                add_path(rn, dirfd(d), name, cshown, depth + 1, &st);
        }
    }
    free(cshown);
    free(v);
    bk_cli_buf_free(&names);
    forget_dir(rn, dirfd(d));
    closedir(d);
}

/* A path given (dfd AT_FDCWD) or found in a directory: a directory is
 * walked, a regular file read.  known: its stat, when already taken. */
static void add_path(run *rn, int dfd, const char *name, const char *shown, int depth,
                     const struct stat *known)
{
    struct stat st;
    if (known != NULL) {
        st = *known;
    } else if (fstatat(dfd, name, &st, 0) != 0) {
        fail_input(rn, shown, strerror(errno));
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        if (depth > MAX_DIR_DEPTH) {
            fail_input(rn, shown, "directory nesting too deep; not read");
            return;
        }
        int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) {
            fail_input(rn, shown, strerror(errno));
            return;
        }
        add_dir(rn, fd, shown, depth);
        return;
    }
    if (!S_ISREG(st.st_mode)) {
        fail_input(rn, shown, "not a regular file");
        return;
    }
    add_file(rn, dfd, name, shown);
}

int bk_cmd_parse(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"jobs", required_argument, NULL, 'j'},
        {"failures-only", no_argument, NULL, 'F'},
        {"header", required_argument, NULL, 'H'},
        {"verp", required_argument, NULL, 'V'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    opts o;
    memset(&o, 0, sizeof o);
    o.fmt = bk_cli_stdout_is_tty() ? FMT_TABLE : FMT_JSONL;
    o.jobs = 1;
    bk_parse_options_init(&o.popt);
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+f:j:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "jsonl") == 0 || strcmp(optarg, "json") == 0)
                o.fmt = FMT_JSONL;
            else if (strcmp(optarg, "csv") == 0)
                o.fmt = FMT_CSV;
            else if (strcmp(optarg, "tsv") == 0)
                o.fmt = FMT_TSV;
            else if (strcmp(optarg, "table") == 0)
                o.fmt = FMT_TABLE;
            else {
                fprintf(stderr, "bouncekit parse: unknown format '%s' (jsonl, csv, tsv, table)\n", optarg);
                return BK_EXIT_USAGE;
            }
            break;
        case 'j': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end != '\0' || v < 1 || v > MAX_THREADS) {
                fprintf(stderr, "bouncekit parse: -j wants a number from 1 to %d\n", MAX_THREADS);
                return BK_EXIT_USAGE;
            }
            o.jobs = (int)v;
            break;
        }
        case 'F':
            o.failures_only = 1;
            break;
        case 'H':
            if (o.nheaders >= MAX_HEADERS_OPT) {
                fprintf(stderr, "bouncekit parse: at most %d --header options\n", MAX_HEADERS_OPT);
                return BK_EXIT_USAGE;
            }
            o.headers[o.nheaders++] = optarg;
            break;
        case 'V':
            if (strstr(optarg, "{local}") == NULL || strstr(optarg, "{domain}") == NULL) {
                fprintf(stderr, "bouncekit parse: --verp needs {local} and {domain} in the template\n");
                return BK_EXIT_USAGE;
            }
            o.popt.verp = optarg;
            break;
        case 'h':
            parse_usage(stdout);
            return BK_EXIT_OK;
        default:
            parse_usage(stderr);
            return BK_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "bouncekit parse: no input (give a PATH, or '-' for standard input)\n");
        parse_usage(stderr);
        return BK_EXIT_USAGE;
    }
    mallopt(M_TRIM_THRESHOLD, MALLOC_KEEP);
    mallopt(M_TOP_PAD, MALLOC_KEEP / 8);
    mallopt(M_MMAP_THRESHOLD, MALLOC_MMAP_MIN);
    run rn;
    memset(&rn, 0, sizeof rn);
    rn.o = &o;
    rn.b = &rn.bufs[0];
    pthread_mutex_init(&rn.mu, NULL);
    pthread_cond_init(&rn.work_cv, NULL);
    pthread_cond_init(&rn.done_cv, NULL);
    /* Records reach a file or pipe in large writes, not one per 4 KiB. */
    static char out_buf[OUT_BUF];
    if (!bk_cli_stdout_is_tty())
        setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf);
    pool_start(&rn);
    for (int k = 0; k < (rn.nthreads > 0 ? 2 : 1); k++)
        if (bk_cli_buf_reserve(&rn.bufs[k].text, BATCH_TEXT_FIRST) != 0)
            rn.bufs[k].text.err = 0; /* grown when used, then */
    print_header_row(&o);
    for (int i = optind; i < argc; i++) {
        const char *path = argv[i];
        if (strcmp(path, "-") == 0) {
            int err = 0;
            size_t len = 0;
            char *d = bk_cli_read_all(stdin, o.popt.limits.max_message, &len, &err);
            if (d == NULL) {
                fail_input(&rn, "-", bk_strerror(err));
                continue;
            }
            item *it = add_item(&rn, "-");
            if (it == NULL) {
                free(d);
                fail_input(&rn, "-", bk_strerror(BK_ENOMEM));
                continue;
            }
            item_data(&rn, it, d, len);
            free(d);
            continue;
        }
        add_path(&rn, AT_FDCWD, path, path, 0, NULL);
    }
    pool_finish(&rn);
    pthread_cond_destroy(&rn.work_cv);
    pthread_cond_destroy(&rn.done_cv);
    pthread_mutex_destroy(&rn.mu);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "bouncekit parse: write error\n");
        return BK_EXIT_FAIL;
    }
    return rn.failed ? BK_EXIT_FAIL : BK_EXIT_OK;
}
