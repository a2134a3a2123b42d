/*
 * mtalog.c - delivery records from MTA log lines: Postfix and Sendmail
 * ("to=<...>, ... status=/stat=") and the Exim main log ("**", "==", "=>",
 * "->").  Each line gives at most one event per recipient, classified by
 * the reply classifier; sent lines give the delivered counts that bounce
 * rates need.
 */
#include <string.h>
#include <time.h>

#include "internal.h"
#include "json.h"

typedef struct span {
    const char *p;
    size_t n;
} span;

static const char *find(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (k == 0 || k > n)
        return NULL;
    for (size_t i = 0; i + k <= n; i++)
        if (s[i] == needle[0] && memcmp(s + i, needle, k) == 0)
            return s + i;
    return NULL;
}

/* ---- time stamps -------------------------------------------------------- */

static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

/* "Nov 27 10:00:00" (the day may be space-padded).  The year is that of
 * now, or the year before when that would put the line in the future. */
static int parse_bsd_time(const char *s, size_t len, int64_t now, int64_t *t, size_t *used)
{
    if (len < 15)
        return BK_EMALFORMED;
    int mon = -1;
    for (int i = 0; i < 12; i++)
        if (memcmp(s, months + 3 * i, 3) == 0)
            mon = i + 1;
    if (mon < 0 || s[3] != ' ')
        return BK_EMALFORMED;
    size_t p = 4;
    if (s[p] == ' ')
        p++;
    int day = 0;
    while (p < len && bk__is_digit((unsigned char)s[p]) && day < 100)
        day = day * 10 + (s[p++] - '0');
    if (day < 1 || day > 31 || p + 9 > len || s[p] != ' ')
        return BK_EMALFORMED;
    p++;
    const char *c = s + p;
    if (!bk__is_digit((unsigned char)c[0]) || !bk__is_digit((unsigned char)c[1]) || c[2] != ':' ||
        !bk__is_digit((unsigned char)c[3]) || !bk__is_digit((unsigned char)c[4]) || c[5] != ':' ||
        !bk__is_digit((unsigned char)c[6]) || !bk__is_digit((unsigned char)c[7]))
        return BK_EMALFORMED;
    int h = (c[0] - '0') * 10 + (c[1] - '0');
    int m = (c[3] - '0') * 10 + (c[4] - '0');
    int sec = (c[6] - '0') * 10 + (c[7] - '0');
    if (h > 23 || m > 59 || sec > 60)
        return BK_EMALFORMED;
    int64_t days = now / 86400;
    /* the year of now: walk from the civil date of now */
    int64_t y = 1970 + days / 366;
    while (bk__days_from_civil(y + 1, 1, 1) <= days)
        y++;
    int64_t secs = (int64_t)h * 3600 + m * 60 + sec;
    *t = bk__days_from_civil(y, (unsigned)mon, (unsigned)day) * 86400 + secs;
    if (*t > now + 86400)
        *t = bk__days_from_civil(y - 1, (unsigned)mon, (unsigned)day) * 86400 + secs;
    *used = p + 8;
    return BK_OK;
}

/* ---- shared classification --------------------------------------------- */

/* The remote reply inside a diagnostic: from the first "NNN " or "NNN-"
 * with N a 4xx/5xx/2xx code that starts a word, to the end. */
static span reply_part(const char *s, size_t n)
{
    for (size_t i = 0; i + 4 <= n; i++) {
        if ((i == 0 || s[i - 1] == ' ' || s[i - 1] == ':' || s[i - 1] == '(' || s[i - 1] == '"') &&
            (s[i] == '2' || s[i] == '4' || s[i] == '5') && bk__is_digit((unsigned char)s[i + 1]) &&
            bk__is_digit((unsigned char)s[i + 2]) && (s[i + 3] == ' ' || s[i + 3] == '-')) {
            span r = {s + i, n - i};
            return r;
        }
    }
    span r = {s, n};
    return r;
}

static int add_event(bk_events *out, bk_action action, const char *rcpt, size_t rlen,
                     const char *dsn, size_t dsnlen, const char *diag, size_t dlen,
                     const char *source, const char *qid, size_t qlen, int64_t t)
{
    char addr[BK_ADDRESS_MAX + 1];
    char status[16] = "";
    char diagbuf[2048];
    char qidbuf[64];
    /* strip <> and trailing punctuation of the recipient */
    while (rlen > 0 && (rcpt[0] == '<' || rcpt[0] == ' ')) {
        rcpt++;
        rlen--;
    }
    while (rlen > 0 && (rcpt[rlen - 1] == '>' || rcpt[rlen - 1] == ',' || rcpt[rlen - 1] == ' '))
        rlen--;
    if (rlen == 0 || rlen > BK_ADDRESS_MAX)
        return BK_ENOTFOUND;
    memcpy(addr, rcpt, rlen);
    addr[rlen] = '\0';
    if (dlen >= sizeof diagbuf)
        dlen = sizeof diagbuf - 1;
    memcpy(diagbuf, diag, dlen);
    diagbuf[dlen] = '\0';
    for (size_t i = 0; i < dlen; i++)
        if ((unsigned char)diagbuf[i] < 0x20)
            diagbuf[i] = ' ';
    if (qlen >= sizeof qidbuf)
        qlen = sizeof qidbuf - 1;
    memcpy(qidbuf, qid, qlen);
    qidbuf[qlen] = '\0';

    bk_status st;
    int has_status = 0, reply_code = 0;
    if (dsn != NULL && bk_status_parse(dsn, dsnlen, &st) == BK_OK) {
        has_status = 1;
    }
    span rp = reply_part(diagbuf, dlen);
    bk_status st2;
    int has2 = 0;
    bk_reply_find_codes(rp.p, rp.n, &reply_code, &st2, &has2);
    if (!has_status && has2) {
        st = st2;
        has_status = 1;
    }
    if (has_status)
        bk_status_format(&st, status, sizeof status);

    bk_event ev;
    memset(&ev, 0, sizeof ev);
    ev.time = t;
    ev.action = action;
    ev.recipient = addr;
    ev.status = status;
    ev.reply_code = reply_code;
    ev.diagnostic = diagbuf;
    ev.source = source;
    ev.message_id = qidbuf;
    if (action == BK_ACTION_DELIVERED) {
        ev.reason = BK_REASON_DELIVERED;
    } else {
        bk_reply_info ri;
        if (bk_reply_classify_parts(reply_code, has_status ? &st : NULL, rp.p, rp.n, &ri) == BK_OK) {
            ev.reason = ri.reason;
            ev.bounce = ri.bounce;
            ev.decision = ri.decision;
        }
        if (action == BK_ACTION_DELAYED) {
            ev.bounce = BK_BOUNCE_NONE;
            ev.decision = BK_DECISION_RETRY;
        }
    }
    return bk_events_add(out, &ev);
}

/* The value of "key=" in a comma-separated field list, up to ", " or end. */
static int field(const char *s, size_t n, const char *key, span *out)
{
    size_t k = strlen(key);
    for (size_t i = 0; i + k <= n; i++) {
        if ((i == 0 || s[i - 1] == ' ') && memcmp(s + i, key, k) == 0) {
            size_t e = i + k;
            while (e < n && !(s[e] == ',' && (e + 1 == n || s[e + 1] == ' ')))
                e++;
            out->p = s + i + k;
            out->n = e - i - k;
            return 1;
        }
    }
    return 0;
}

/* ---- Postfix ------------------------------------------------------------ */

static int postfix_msg(const char *m, size_t n, int64_t t, bk_events *out)
{
    /* "QUEUEID: to=<rcpt>, relay=..., dsn=5.1.1, status=bounced (text)" */
    const char *colon = memchr(m, ':', n);
    if (colon == NULL)
        return BK_ENOTFOUND;
    span qid = {m, (size_t)(colon - m)};
    const char *f = colon + 1;
    size_t fn = n - qid.n - 1;
    span to, status, dsn;
    if (!field(f, fn, "to=", &to) || !field(f, fn, "status=", &status))
        return BK_ENOTFOUND;
    size_t w = 0;
    while (w < status.n && bk__is_alpha((unsigned char)status.p[w]))
        w++;
    bk_action a;
    if (bk__ieq(status.p, w, "bounced"))
        a = BK_ACTION_FAILED;
    else if (bk__ieq(status.p, w, "deferred"))
        a = BK_ACTION_DELAYED;
    else if (bk__ieq(status.p, w, "sent"))
        a = BK_ACTION_DELIVERED;
    else
        return BK_ENOTFOUND;
    /* the text: "(...)" after the status word, to the last ")" */
    const char *text = status.p + w;
    size_t tn = (size_t)((f + fn) - text);
    while (tn > 0 && *text == ' ') {
        text++;
        tn--;
    }
    if (tn > 0 && text[0] == '(') {
        text++;
        tn--;
        while (tn > 0 && (text[tn - 1] == ' ' || text[tn - 1] == '\r'))
            tn--;
        if (tn > 0 && text[tn - 1] == ')')
            tn--;
    }
    /* "host X said: 550 ... (in reply to RCPT TO command)" */
    const char *said = find(text, tn, " said: ");
    if (said != NULL) {
        size_t skip = (size_t)(said - text) + 7;
        text += skip;
        tn -= skip;
        const char *irt = find(text, tn, " (in reply to ");
        if (irt != NULL)
            tn = (size_t)(irt - text);
    }
    int has_dsn = field(f, fn, "dsn=", &dsn);
    return add_event(out, a, to.p, to.n, has_dsn ? dsn.p : NULL, has_dsn ? dsn.n : 0, text, tn,
                     "postfix", qid.p, qid.n, t);
}

/* ---- Sendmail ----------------------------------------------------------- */

static int sendmail_msg(const char *m, size_t n, int64_t t, bk_events *out)
{
    /* "QUEUEID: to=<a>,<b>, delay=..., mailer=esmtp, ..., dsn=5.1.1, stat=User unknown" */
    const char *colon = memchr(m, ':', n);
    if (colon == NULL)
        return BK_ENOTFOUND;
    span qid = {m, (size_t)(colon - m)};
    const char *f = colon + 1;
    size_t fn = n - qid.n - 1;
    const char *tp = find(f, fn, " to=");
    const char *sp = find(f, fn, " stat=");
    if (tp == NULL || sp == NULL || sp < tp)
        return BK_ENOTFOUND;
    span stat = {sp + 6, (size_t)((f + fn) - (sp + 6))};
    span dsn;
    int has_dsn = field(f, (size_t)(sp - f), "dsn=", &dsn);
    bk_action a;
    const char *text = stat.p;
    size_t tn = stat.n;
    if (bk__istarts(stat.p, stat.n, "Sent")) {
        a = BK_ACTION_DELIVERED;
    } else if (bk__istarts(stat.p, stat.n, "Deferred")) {
        a = BK_ACTION_DELAYED;
        if (tn > 8 && text[8] == ':') {
            text += 9;
            tn -= 9;
        }
    } else if (has_dsn && dsn.n > 0 && dsn.p[0] == '2') {
        a = BK_ACTION_DELIVERED;
    } else if (has_dsn && dsn.n > 0 && dsn.p[0] == '4') {
        a = BK_ACTION_DELAYED;
    } else {
        a = BK_ACTION_FAILED;
    }
    while (tn > 0 && text[0] == ' ') {
        text++;
        tn--;
    }
    /* recipients: the to= list up to the next ", key=" */
    const char *r = tp + 4;
    const char *rend = f + fn;
    for (const char *q = r; q + 2 < rend; q++)
        if (q[0] == ',' && q[1] == ' ') {
            rend = q;
            break;
        }
    int added = 0, rc = BK_OK;
    while (r < rend) {
        const char *c = memchr(r, ',', (size_t)(rend - r));
        const char *e = c ? c : rend;
        rc = add_event(out, a, r, (size_t)(e - r), has_dsn ? dsn.p : NULL, has_dsn ? dsn.n : 0,
                       text, tn, "sendmail", qid.p, qid.n, t);
        if (rc == BK_OK)
            added++;
        else if (rc != BK_ENOTFOUND)
            return rc;
        r = e + 1;
    }
    return added ? BK_OK : BK_ENOTFOUND;
}

/* ---- Exim --------------------------------------------------------------- */

static int exim_msg(const char *m, size_t n, int64_t t, bk_events *out)
{
    /* "[pid] " is optional (log_selector +pid) */
    size_t p = 0;
    if (n > 0 && m[0] == '[') {
        const char *e = memchr(m, ']', n);
        if (e == NULL)
            return BK_ENOTFOUND;
        p = (size_t)(e - m) + 1;
        while (p < n && m[p] == ' ')
            p++;
    }
    /* message id: 1abcDE-000123-AB or 1abcDE-0000123abcd-ABCD */
    size_t ids = p;
    while (p < n && m[p] != ' ')
        p++;
    span id = {m + ids, p - ids};
    if (id.n < 16 || id.n > 40 || memchr(id.p, '-', id.n) == NULL)
        return BK_ENOTFOUND;
    p++;
    if (p + 3 > n)
        return BK_ENOTFOUND;
    bk_action a;
    if (memcmp(m + p, "** ", 3) == 0)
        a = BK_ACTION_FAILED;
    else if (memcmp(m + p, "== ", 3) == 0)
        a = BK_ACTION_DELAYED;
    else if (memcmp(m + p, "=> ", 3) == 0 || memcmp(m + p, "-> ", 3) == 0)
        a = BK_ACTION_DELIVERED;
    else
        return BK_ENOTFOUND;
    p += 3;
    const char *rest = m + p;
    size_t rn = n - p;
    size_t ae = 0;
    while (ae < rn && rest[ae] != ' ' && rest[ae] != ':')
        ae++;
    span addr = {rest, ae};
    const char *text;
    size_t tn;
    if (a == BK_ACTION_DELIVERED) {
        const char *c = find(rest, rn, " C=\"");
        if (c != NULL) {
            text = c + 4;
            tn = (size_t)((rest + rn) - text);
            const char *q = memchr(text, '"', tn);
            if (q != NULL)
                tn = (size_t)(q - text);
        } else {
            text = "";
            tn = 0;
        }
    } else {
        const char *c = find(rest + ae, rn - ae, ": ");
        if (c != NULL) {
            text = c + 2;
            tn = (size_t)((rest + rn) - text);
        } else {
            text = rest + ae;
            tn = rn - ae;
        }
    }
    return add_event(out, a, addr.p, addr.n, NULL, 0, text, tn, "exim", id.p, id.n, t);
}

int bk_mtalog_parse_line(const char *line, size_t len, bk_mta mta, int64_t now, bk_events *out)
{
    if (line == NULL || out == NULL)
        return BK_EINVAL;
    if (len > BK_MTALOG_LINE_MAX)
        return BK_ETOOBIG;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    if (len == 0)
        return BK_EEMPTY;
    if (memchr(line, '\0', len) != NULL)
        return BK_ENUL;
    if (now == 0)
        now = (int64_t)time(NULL);
    int64_t t;
    size_t used;
    int iso = bk__time_parse_iso(line, len, &t, &used) == BK_OK;
    if (!iso && parse_bsd_time(line, len, now, &t, &used) != BK_OK)
        return BK_ENOTFOUND;
    const char *m = line + used;
    size_t n = len - used;
    while (n > 0 && *m == ' ') {
        m++;
        n--;
    }
    /* Exim: the message follows the time stamp directly */
    if (mta == BK_MTA_EXIM || (mta == BK_MTA_ANY && iso && line[10] == ' ')) {
        int rc = exim_msg(m, n, t, out);
        if (rc != BK_ENOTFOUND || mta == BK_MTA_EXIM)
            return rc;
    }
    /* syslog: "host program[pid]: message" */
    const char *sp = memchr(m, ' ', n);
    if (sp == NULL)
        return BK_ENOTFOUND;
    const char *prog = sp + 1;
    size_t pn = n - (size_t)(prog - m);
    const char *tag_end = find(prog, pn, ": ");
    if (tag_end == NULL)
        return BK_ENOTFOUND;
    span tag = {prog, (size_t)(tag_end - prog)};
    const char *msg = tag_end + 2;
    size_t mn = pn - tag.n - 2;
    int is_postfix = find(tag.p, tag.n, "postfix") != NULL;
    int is_sendmail = find(tag.p, tag.n, "sendmail") != NULL || find(tag.p, tag.n, "sm-mta") != NULL;
    if ((mta == BK_MTA_POSTFIX || mta == BK_MTA_ANY) && (is_postfix || mta == BK_MTA_POSTFIX))
        return postfix_msg(msg, mn, t, out);
    if ((mta == BK_MTA_SENDMAIL || mta == BK_MTA_ANY) && (is_sendmail || mta == BK_MTA_SENDMAIL))
        return sendmail_msg(msg, mn, t, out);
    return BK_ENOTFOUND;
}
