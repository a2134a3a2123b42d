/*
 * store_cli.c - shared pieces of the store commands.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "store_cli.h"

int bk_store_cli_exit(int err)
{
    switch (err) {
    case BK_OK: return 0;
    case BK_EBUSY:
    case BK_ESTORE:
    case BK_EIO:
    case BK_ENOMEM:
    case BK_ETIMEOUT: return BK_EX_TEMPFAIL;
    case BK_EINVAL: return BK_EX_SOFTWARE;
    default: return BK_EX_DATAERR;
    }
}

/* mkdir -p of the directory part of path. */
static void make_parent(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    char *slash = strrchr(buf, '/');
    if (slash == NULL || slash == buf)
        return;
    *slash = '\0';
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(buf, 0700);
            *p = '/';
        }
    }
    mkdir(buf, 0700);
}

int bk_store_cli_open(const char *prog, const bk_store_args *a, int readonly, bk_store **out)
{
    char path[4096];
    const char *p = a->db;
    if (p == NULL) {
        if (bk_store_default_path(path, sizeof path) != BK_OK) {
            fprintf(stderr, "%s: the default store path is too long; use --db\n", prog);
            return BK_EXIT_USAGE;
        }
        p = path;
        if (!readonly)
            make_parent(p);
    }
    bk_store_options o = {NULL, readonly, 0, a->sync_full};
    char err[300];
    int rc = bk_store_open(p, &o, out, err, sizeof err);
    if (rc != BK_OK) {
        fprintf(stderr, "%s: store %s: %s\n", prog, p, err[0] ? err : bk_strerror(rc));
        return bk_store_cli_exit(rc);
    }
    return 0;
}

int bk_store_cli_policy(const char *prog, const bk_store_args *a, bk_policy **out)
{
    const char *path = a->policy;
    char buf[4096];
    if (path == NULL) {
        const char *env = getenv("BOUNCEKIT_POLICY");
        if (env != NULL && env[0] != '\0') {
            path = env;
        } else {
            const char *xdg = getenv("XDG_CONFIG_HOME");
            const char *home = getenv("HOME");
            buf[0] = '\0';
            if (xdg != NULL && xdg[0] == '/')
                snprintf(buf, sizeof buf, "%s/bouncekit/policy.conf", xdg);
            else if (home != NULL && home[0] != '\0')
                snprintf(buf, sizeof buf, "%s/.config/bouncekit/policy.conf", home);
            struct stat st;
            if (buf[0] != '\0' && stat(buf, &st) == 0)
                path = buf;
        }
    }
    if (path == NULL) {
        int rc = bk_policy_default(out);
        if (rc != BK_OK) {
            fprintf(stderr, "%s: default policy: %s\n", prog, bk_strerror(rc));
            return BK_EX_SOFTWARE;
        }
        return 0;
    }
    char err[300];
    int rc = bk_policy_load(path, out, err, sizeof err);
    if (rc != BK_OK) {
        if (rc == BK_EIO)
            fprintf(stderr, "%s: policy: %s\n", prog, err);
        else
            fprintf(stderr, "%s: policy %s: %s\n", prog, path, err[0] ? err : bk_strerror(rc));
        return BK_EX_CONFIG;
    }
    return 0;
}

void bk_store_cli_time(int64_t t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL || strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, size, "%lld", (long long)t);
}

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

int bk_store_cli_parse_time(const char *s, int allow_duration, int64_t now, int64_t *out)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    if (n == 0)
        return -1;
    /* all digits: Unix seconds */
    size_t i = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == n && n <= 12) {
        *out = strtoll(s, NULL, 10);
        return 0;
    }
    if (allow_duration && i > 0 && i + 1 == n) {
        int64_t v = strtoll(s, NULL, 10), mult;
        switch (s[i]) {
        case 's': mult = 1; break;
        case 'm': mult = 60; break;
        case 'h': mult = 3600; break;
        case 'd': mult = 86400; break;
        case 'w': mult = 7 * 86400; break;
        default: return -1;
        }
        *out = now + v * mult;
        return 0;
    }
    /* ISO 8601: 2026-11-27[T10:00:00[.frac][Z|+hh:mm]] */
    int Y, M, D, h = 0, mi = 0, se = 0;
    int used = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &Y, &M, &D, &used) == 3 && used == 10) {
        const char *r = s + 10;
        int off = 0;
        if (*r == 'T' || *r == ' ') {
            int u2 = 0;
            if (sscanf(r + 1, "%2d:%2d:%2d%n", &h, &mi, &se, &u2) != 3)
                return -1;
            r += 1 + u2;
            if (*r == '.')
                while (*++r >= '0' && *r <= '9')
                    ;
            if (*r == '+' || *r == '-') {
                int oh = 0, om = 0;
                if (sscanf(r + 1, "%2d:%2d", &oh, &om) < 1 && sscanf(r + 1, "%2d%2d", &oh, &om) < 1)
                    return -1;
                off = (oh * 3600 + om * 60) * (*r == '-' ? -1 : 1);
            }
        }
        if (M < 1 || M > 12 || D < 1 || D > 31)
            return -1;
        *out = days_from_civil(Y, (unsigned)M, (unsigned)D) * 86400 + h * 3600 + mi * 60 + se - off;
        return 0;
    }
    /* RFC 2822: [Fri, ]27 Nov 2026 10:00:00 [+0000|UTC|GMT] */
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    const char *p = s;
    const char *comma = strchr(p, ',');
    if (comma != NULL)
        p = comma + 1;
    char mon[4] = "";
    int oh = 0;
    char zone[8] = "";
    int k = sscanf(p, " %2d %3s %4d %2d:%2d:%2d %7s", &D, mon, &Y, &h, &mi, &se, zone);
    if (k >= 6) {
        const char *mp = strstr(months, mon);
        if (mp == NULL || strlen(mon) != 3 || (mp - months) % 3 != 0)
            return -1;
        M = (int)((mp - months) / 3) + 1;
        int64_t off = 0;
        if (k == 7 && (zone[0] == '+' || zone[0] == '-') && strlen(zone) == 5) {
            oh = atoi(zone + 1);
            off = (oh / 100) * 3600 + (oh % 100) * 60;
            if (zone[0] == '-')
                off = -off;
        }
        *out = days_from_civil(Y, (unsigned)M, (unsigned)D) * 86400 + h * 3600 + mi * 60 + se - off;
        return 0;
    }
    return -1;
}

/* ---- CSV ---------------------------------------------------------------- */

#define CSV_LINE_MAX (64 * 1024)

int bk_csv_read(FILE *f, bk_csv_row *row)
{
    static char buf[CSV_LINE_MAX + 1]; /* the CLI is single-threaded */
    size_t o = 0;
    int c, inq = 0, any = 0;
    row->n = 0;
    row->field[row->n++] = buf;
    for (;;) {
        c = getc(f);
        if (c == EOF) {
            if (!any)
                return 0;
            break;
        }
        any = 1;
        if (o >= CSV_LINE_MAX)
            return -1;
        if (inq) {
            if (c == '"') {
                int d = getc(f);
                if (d == '"') {
                    buf[o++] = '"';
                } else {
                    inq = 0;
                    if (d != EOF)
                        ungetc(d, f);
                }
            } else {
                buf[o++] = (char)c;
            }
            continue;
        }
        if (c == '"') {
            inq = 1;
        } else if (c == ',') {
            buf[o++] = '\0';
            if (row->n < BK_CSV_MAX_FIELDS)
                row->field[row->n++] = buf + o;
        } else if (c == '\n') {
            break;
        } else if (c != '\r') {
            buf[o++] = (char)c;
        }
    }
    buf[o] = '\0';
    return 1;
}

void bk_csv_write_field(FILE *out, const char *s, int last)
{
    if (s == NULL)
        s = "";
    if (strpbrk(s, ",\"\r\n") != NULL) {
        putc('"', out);
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                putc('"', out);
            putc(*p, out);
        }
        putc('"', out);
    } else {
        fputs(s, out);
    }
    putc(last ? '\n' : ',', out);
}

/* ---- bounce records as events ---- */

static bk_action record_action(const bk_record *r)
{
    const char *a = r->action;
    if (strcmp(a, "delayed") == 0)
        return BK_ACTION_DELAYED;
    if (strcmp(a, "delivered") == 0 || strcmp(a, "relayed") == 0 || strcmp(a, "expanded") == 0)
        return BK_ACTION_DELIVERED;
    if (a[0] == '\0' && (r->feedback_type[0] != '\0' || r->reason == BK_REASON_FEEDBACK))
        return BK_ACTION_COMPLAINT;
    return BK_ACTION_FAILED; /* failed, and auto-replies (their reason says so) */
}

int bk_store_cli_add_record(bk_events *out, const bk_record *r, int64_t now)
{
    bk_event ev;
    memset(&ev, 0, sizeof ev);
    ev.action = record_action(r);
    ev.recipient = r->recipient;
    ev.status = r->status;
    ev.reply_code = r->reply_code;
    ev.reason = r->reason;
    ev.bounce = r->bounce;
    ev.decision = r->decision;
    /* Feedback that asks for no suppression (the parser's decision): an
     * authentication failure report is the sender's to fix, counted by
     * the sender-side rule; a not-spam report is no event at all. */
    if (r->reason == BK_REASON_FEEDBACK && r->decision == BK_DECISION_FIX_SENDER) {
        ev.action = BK_ACTION_FAILED;
        ev.reason = BK_REASON_AUTHFAILURE;
    } else if (r->reason == BK_REASON_FEEDBACK && r->decision == BK_DECISION_NONE) {
        return BK_OK;
    }
    ev.diagnostic = r->diagnostic;
    ev.source = "message";
    ev.message_id = r->message_id;
    ev.sender = r->sender;
    ev.campaign = r->list_id;
    int64_t t;
    if (r->date[0] != '\0' && bk_store_cli_parse_time(r->date, 0, now, &t) == 0)
        ev.time = t;
    /* The same bounce delivered twice is one event: the original message,
     * the action, the status and the report's date name it.  Without a
     * Message-ID the content decides (the default key). */
    char key[600];
    if (r->message_id[0] != '\0') {
        snprintf(key, sizeof key, "%s|%s|%s|%s", r->message_id, bk_action_name(ev.action), r->status,
                 r->date);
        ev.event_key = key;
    }
    return bk_events_add(out, &ev);
}

void bk_store_cli_json_event(bk_json *j, const bk_event_row *r)
{
    char t[32];
    bk_store_cli_time(r->ev.time, t, sizeof t);
    bk_json_object_begin(j, NULL);
    bk_json_str(j, "time", t);
    bk_json_str(j, "action", bk_action_name(r->ev.action));
    bk_json_str_or_null(j, "status", r->ev.status);
    bk_json_int_or_null(j, "reply_code", r->ev.reply_code, r->ev.reply_code != 0);
    bk_json_str(j, "reason", bk_reason_name(r->ev.reason));
    bk_json_str(j, "bounce", bk_bounce_name(r->ev.bounce));
    bk_json_str_or_null(j, "rule", r->rule);
    bk_json_str(j, "outcome", r->outcome);
    bk_json_str_or_null(j, "source", r->ev.source);
    bk_json_str_or_null(j, "scope", r->ev.scope);
    bk_json_str_or_null(j, "message_id", r->ev.message_id);
    bk_json_str_or_null(j, "diagnostic", r->ev.diagnostic);
    bk_json_object_end(j);
}

void bk_store_cli_json_suppression(bk_json *j, const bk_check_result *r)
{
    bk_json_str(j, "address", r->entry.address);
    bk_json_bool(j, "suppressed", r->suppressed);
    if (!r->suppressed)
        return;
    char t1[32], t2[32], t3[32];
    bk_store_cli_time(r->entry.first_seen, t1, sizeof t1);
    bk_store_cli_time(r->entry.last_seen, t2, sizeof t2);
    bk_store_cli_time(r->entry.expires, t3, sizeof t3);
    bk_json_str_or_null(j, "scope", r->entry.scope);
    bk_json_str(j, "reason", r->entry.reason);
    bk_json_str(j, "rule", r->entry.rule);
    bk_json_str(j, "first_seen", t1);
    bk_json_str(j, "last_seen", t2);
    bk_json_str(j, "expires", r->entry.expires ? t3 : NULL);
    bk_json_str_or_null(j, "note", r->entry.note);
}
