/*
 * webhook.c - bounce, complaint, delivery and delay events from the
 * webhook payloads of SES (SNS notifications and event publishing),
 * SendGrid, Mailgun, Postmark and SparkPost.  The provider is recognised
 * by the shape of the JSON; each recipient of each event becomes one
 * bk_event, keyed by the provider's event id so that a redelivered webhook
 * is stored once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "json.h"

const char *bk_esp_name(bk_esp e)
{
    switch (e) {
    case BK_ESP_SES: return "ses";
    case BK_ESP_SENDGRID: return "sendgrid";
    case BK_ESP_MAILGUN: return "mailgun";
    case BK_ESP_POSTMARK: return "postmark";
    case BK_ESP_SPARKPOST: return "sparkpost";
    case BK_ESP_UNKNOWN: break;
    }
    return "unknown";
}

/* What one provider event says, before classification. */
typedef struct wh_event {
    bk_action action;
    const char *rcpt;
    const char *status;      /* enhanced code text, "" */
    int reply_code;
    const char *diag;
    bk_reason hint;          /* the provider's own category, UNDEFINED if none */
    int hard;                /* the provider calls it permanent */
    const char *source;
    const char *key;         /* provider event id */
    const char *key2;        /* a second part of the key ("" none) */
    const char *message_id;
    const char *sender;
    const char *campaign;
    int64_t time;
} wh_event;

static const char *strip_diag_type(const char *d)
{
    /* DSN diagnostic type prefix: "smtp; 550 ..." */
    if (bk__istarts(d, strlen(d), "smtp;")) {
        d += 5;
        while (*d == ' ')
            d++;
    }
    return d;
}

static int emit(bk_events *out, const wh_event *w)
{
    if (w->rcpt == NULL || w->rcpt[0] == '\0')
        return BK_OK; /* nothing to say about nobody */
    bk_event ev;
    memset(&ev, 0, sizeof ev);
    ev.time = w->time;
    ev.action = w->action;
    ev.recipient = w->rcpt;
    ev.source = w->source;
    ev.message_id = w->message_id;
    ev.sender = w->sender;
    ev.campaign = w->campaign;
    const char *diag = strip_diag_type(w->diag ? w->diag : "");
    ev.diagnostic = diag;
    char keybuf[512];
    if (w->key != NULL && w->key[0] != '\0') {
        snprintf(keybuf, sizeof keybuf, "%s%s%s", w->key, w->key2 && w->key2[0] ? "/" : "",
                 w->key2 ? w->key2 : "");
        ev.event_key = keybuf;
    }
    bk_status st;
    int has_status = 0;
    char stext[16] = "";
    int reply = w->reply_code >= 200 && w->reply_code < 600 ? w->reply_code : 0;
    size_t dl = strlen(diag);
    if (w->status != NULL && w->status[0] != '\0' &&
        bk_status_parse(w->status, strlen(w->status), &st) == BK_OK)
        has_status = 1;
    if (!has_status || reply == 0) {
        int rc2 = 0, has2 = 0;
        bk_status st2;
        bk_reply_find_codes(diag, dl, &rc2, &st2, &has2);
        if (!has_status && has2) {
            st = st2;
            has_status = 1;
        }
        if (reply == 0)
            reply = rc2;
    }
    if (has_status)
        bk_status_format(&st, stext, sizeof stext);
    ev.status = stext;
    ev.reply_code = reply;
    switch (w->action) {
    case BK_ACTION_DELIVERED:
        ev.reason = BK_REASON_DELIVERED;
        break;
    case BK_ACTION_COMPLAINT:
        ev.reason = BK_REASON_FEEDBACK;
        break;
    default: {
        bk_reply_info ri;
        if (bk_reply_classify_parts(reply, has_status ? &st : NULL, diag, dl, &ri) == BK_OK) {
            ev.reason = ri.reason;
            ev.bounce = ri.bounce;
            ev.decision = ri.decision;
        }
        if (ev.reason == BK_REASON_UNDEFINED && w->hint != BK_REASON_UNDEFINED) {
            bk_class c = has_status ? (bk_class)st.cls
                       : w->hard   ? BK_CLASS_PERMANENT
                                   : BK_CLASS_UNKNOWN;
            ev.reason = w->hint;
            ev.bounce = bk_reason_bounce(w->hint, c);
            ev.decision = bk_reason_decision(w->hint, c);
        }
        if (w->hard && !has_status && ev.bounce == BK_BOUNCE_SOFT &&
            bk_reason_bounce(ev.reason, BK_CLASS_PERMANENT) == BK_BOUNCE_HARD)
            ev.bounce = BK_BOUNCE_HARD;
        if (w->action == BK_ACTION_DELAYED) {
            ev.bounce = BK_BOUNCE_NONE;
            ev.decision = BK_DECISION_RETRY;
        }
    }
    }
    return bk_events_add(out, &ev);
}

/* Unix seconds from a number, a string of digits, or an ISO 8601 text. */
static int64_t jtime(const bk__jrnode *n)
{
    if (n == NULL || (n->type != BK__JR_NUMBER && n->type != BK__JR_STRING) || n->len == 0)
        return 0;
    int64_t t;
    if (bk__time_parse_iso(n->str, n->len, &t, NULL) == BK_OK)
        return t;
    int64_t v = 0;
    for (size_t i = 0; i < n->len && bk__is_digit((unsigned char)n->str[i]) && v < ((int64_t)1 << 40); i++)
        v = v * 10 + (n->str[i] - '0');
    return v;
}

static int jint(const bk__jrnode *n)
{
    if (n == NULL || (n->type != BK__JR_NUMBER && n->type != BK__JR_STRING))
        return 0;
    int v = 0;
    for (size_t i = 0; i < n->len && bk__is_digit((unsigned char)n->str[i]) && v < 100000; i++)
        v = v * 10 + (n->str[i] - '0');
    return v;
}

/* A string, or the first string of an array (SendGrid categories). */
static const char *jfirst_str(const bk__jrdoc *d, const bk__jrnode *n)
{
    if (n == NULL)
        return "";
    if (n->type == BK__JR_STRING)
        return n->str;
    if (n->type == BK__JR_ARRAY) {
        const bk__jrnode *c = bk__jr_first(d, n);
        if (c != NULL && c->type == BK__JR_STRING)
            return c->str;
    }
    return "";
}

static int streq(const char *a, const char *b) { return strcmp(a, b) == 0; }

/* ---- SES ---------------------------------------------------------------- */

static const char *ses_header(const bk__jrdoc *d, const bk__jrnode *mail, const char *name)
{
    const bk__jrnode *hs = bk__jr_get(d, mail, "headers");
    for (const bk__jrnode *h = bk__jr_first(d, hs); h != NULL; h = bk__jr_next(d, h)) {
        const char *n = bk__jr_str(d, h, "name");
        if (bk__ieq(n, strlen(n), name))
            return bk__jr_str(d, h, "value");
    }
    return "";
}

static int ses(const bk__jrdoc *d, const bk__jrnode *root, bk_events *out)
{
    const char *type = bk__jr_str(d, root, "notificationType");
    if (type[0] == '\0')
        type = bk__jr_str(d, root, "eventType");
    const bk__jrnode *mail = bk__jr_get(d, root, "mail");
    wh_event w;
    memset(&w, 0, sizeof w);
    w.source = "ses";
    w.message_id = bk__jr_str(d, mail, "messageId");
    w.sender = bk__jr_str(d, mail, "source");
    w.campaign = ses_header(d, mail, "List-Id");
    if (w.campaign[0] == '\0')
        w.campaign = ses_header(d, mail, "X-Campaign-Id");
    int rc = BK_OK;
    if (streq(type, "Bounce")) {
        const bk__jrnode *b = bk__jr_get(d, root, "bounce");
        const char *bt = bk__jr_str(d, b, "bounceType");
        const char *sub = bk__jr_str(d, b, "bounceSubType");
        w.time = jtime(bk__jr_get(d, b, "timestamp"));
        w.key = bk__jr_str(d, b, "feedbackId");
        w.hard = streq(bt, "Permanent");
        w.action = BK_ACTION_FAILED; /* Permanent, Transient, Undetermined */
        w.hint = streq(sub, "MailboxFull")           ? BK_REASON_MAILBOXFULL
               : streq(sub, "MessageTooLarge")       ? BK_REASON_MESGTOOBIG
               : streq(sub, "ContentRejected")       ? BK_REASON_CONTENTERROR
               : streq(sub, "AttachmentRejected")    ? BK_REASON_CONTENTERROR
               : (w.hard && (streq(sub, "NoEmail") || streq(sub, "General") || streq(sub, "Suppressed") ||
                             streq(sub, "OnAccountSuppressionList")))
                   ? BK_REASON_USERUNKNOWN
                   : BK_REASON_UNDEFINED;
        const bk__jrnode *rs = bk__jr_get(d, b, "bouncedRecipients");
        for (const bk__jrnode *r = bk__jr_first(d, rs); r && rc == BK_OK; r = bk__jr_next(d, r)) {
            w.rcpt = bk__jr_str(d, r, "emailAddress");
            w.status = bk__jr_str(d, r, "status");
            w.diag = bk__jr_str(d, r, "diagnosticCode");
            rc = emit(out, &w);
        }
    } else if (streq(type, "Complaint")) {
        const bk__jrnode *c = bk__jr_get(d, root, "complaint");
        w.action = BK_ACTION_COMPLAINT;
        w.time = jtime(bk__jr_get(d, c, "timestamp"));
        w.key = bk__jr_str(d, c, "feedbackId");
        w.diag = bk__jr_str(d, c, "complaintFeedbackType");
        const bk__jrnode *rs = bk__jr_get(d, c, "complainedRecipients");
        for (const bk__jrnode *r = bk__jr_first(d, rs); r && rc == BK_OK; r = bk__jr_next(d, r)) {
            w.rcpt = bk__jr_str(d, r, "emailAddress");
            rc = emit(out, &w);
        }
    } else if (streq(type, "Delivery")) {
        const bk__jrnode *dl = bk__jr_get(d, root, "delivery");
        w.action = BK_ACTION_DELIVERED;
        w.time = jtime(bk__jr_get(d, dl, "timestamp"));
        w.key = w.message_id;
        w.key2 = "delivery";
        w.diag = bk__jr_str(d, dl, "smtpResponse");
        const bk__jrnode *rs = bk__jr_get(d, dl, "recipients");
        for (const bk__jrnode *r = bk__jr_first(d, rs); r && rc == BK_OK; r = bk__jr_next(d, r)) {
            w.rcpt = r->type == BK__JR_STRING ? r->str : "";
            rc = emit(out, &w);
        }
    } else if (streq(type, "DeliveryDelay")) {
        const bk__jrnode *dl = bk__jr_get(d, root, "deliveryDelay");
        w.action = BK_ACTION_DELAYED;
        w.time = jtime(bk__jr_get(d, dl, "timestamp"));
        w.key = w.message_id;
        w.key2 = bk__jr_str(d, dl, "timestamp");
        const bk__jrnode *rs = bk__jr_get(d, dl, "delayedRecipients");
        for (const bk__jrnode *r = bk__jr_first(d, rs); r && rc == BK_OK; r = bk__jr_next(d, r)) {
            w.rcpt = bk__jr_str(d, r, "emailAddress");
            w.status = bk__jr_str(d, r, "status");
            w.diag = bk__jr_str(d, r, "diagnosticCode");
            rc = emit(out, &w);
        }
    }
    return rc;
}

/* ---- SendGrid ----------------------------------------------------------- */

static int sendgrid_one(const bk__jrdoc *d, const bk__jrnode *o, bk_events *out)
{
    const char *ev = bk__jr_str(d, o, "event");
    wh_event w;
    memset(&w, 0, sizeof w);
    w.source = "sendgrid";
    w.rcpt = bk__jr_str(d, o, "email");
    w.time = jtime(bk__jr_get(d, o, "timestamp"));
    w.key = bk__jr_str(d, o, "sg_event_id");
    w.message_id = bk__jr_str(d, o, "sg_message_id");
    if (w.message_id[0] == '\0')
        w.message_id = bk__jr_str(d, o, "smtp-id");
    w.campaign = jfirst_str(d, bk__jr_get(d, o, "category"));
    w.status = bk__jr_str(d, o, "status");
    w.diag = bk__jr_str(d, o, "reason");
    if (streq(ev, "bounce")) {
        const char *type = bk__jr_str(d, o, "type");
        w.action = BK_ACTION_FAILED;
        if (streq(type, "blocked")) {
            w.hint = BK_REASON_BLOCKED;
        } else {
            w.hard = w.status[0] == '5' || w.status[0] == '\0';
            w.hint = BK_REASON_USERUNKNOWN;
        }
    } else if (streq(ev, "dropped")) {
        const char *why = w.diag;
        w.action = BK_ACTION_FAILED;
        w.status = ""; /* the drop's "5.0.0" is SendGrid's, not a remote reply */
        if (bk__istarts(why, strlen(why), "Bounced Address")) {
            w.hint = BK_REASON_USERUNKNOWN;
            w.hard = 1;
        } else if (bk__istarts(why, strlen(why), "Spam Reporting Address")) {
            w.action = BK_ACTION_COMPLAINT;
        } else if (bk__istarts(why, strlen(why), "Invalid")) {
            w.hint = BK_REASON_SYNTAXERROR;
        } else {
            return BK_OK; /* unsubscribed, spam content, ...: not about deliverability */
        }
    } else if (streq(ev, "deferred")) {
        w.action = BK_ACTION_DELAYED;
        w.diag = bk__jr_str(d, o, "response");
    } else if (streq(ev, "delivered")) {
        w.action = BK_ACTION_DELIVERED;
        w.diag = bk__jr_str(d, o, "response");
    } else if (streq(ev, "spamreport")) {
        w.action = BK_ACTION_COMPLAINT;
    } else {
        return BK_OK;
    }
    return emit(out, &w);
}

/* ---- Mailgun ------------------------------------------------------------ */

static int mailgun(const bk__jrdoc *d, const bk__jrnode *e, bk_events *out)
{
    const char *ev = bk__jr_str(d, e, "event");
    const bk__jrnode *ds = bk__jr_get(d, e, "delivery-status");
    wh_event w;
    memset(&w, 0, sizeof w);
    w.source = "mailgun";
    w.rcpt = bk__jr_str(d, e, "recipient");
    w.time = jtime(bk__jr_get(d, e, "timestamp"));
    w.key = bk__jr_str(d, e, "id");
    w.message_id = bk__jr_str(d, e, "message.headers.message-id");
    w.sender = bk__jr_str(d, e, "envelope.sender");
    w.campaign = jfirst_str(d, bk__jr_get(d, e, "tags"));
    w.reply_code = jint(bk__jr_get(d, ds, "code"));
    w.status = bk__jr_str(d, ds, "enhanced-code");
    if (w.status[0] == '\0')
        w.status = bk__jr_str(d, ds, "bounce-code");
    w.diag = bk__jr_str(d, ds, "message");
    if (w.diag[0] == '\0')
        w.diag = bk__jr_str(d, ds, "description");
    if (streq(ev, "failed")) {
        const char *sev = bk__jr_str(d, e, "severity");
        const char *reason = bk__jr_str(d, e, "reason");
        w.hard = streq(sev, "permanent");
        w.action = w.hard ? BK_ACTION_FAILED : BK_ACTION_DELAYED;
        if (streq(reason, "suppress-bounce")) {
            w.hint = BK_REASON_USERUNKNOWN;
        } else if (streq(reason, "suppress-complaint")) {
            w.action = BK_ACTION_COMPLAINT;
        } else if (streq(reason, "suppress-unsubscribe")) {
            return BK_OK;
        } else if (w.hard) {
            w.hint = BK_REASON_USERUNKNOWN;
        }
    } else if (streq(ev, "delivered")) {
        w.action = BK_ACTION_DELIVERED;
    } else if (streq(ev, "complained")) {
        w.action = BK_ACTION_COMPLAINT;
        w.diag = "";
    } else {
        return BK_OK;
    }
    return emit(out, &w);
}

/* ---- Postmark ----------------------------------------------------------- */

static int postmark(const bk__jrdoc *d, const bk__jrnode *o, bk_events *out)
{
    const char *rt = bk__jr_str(d, o, "RecordType");
    wh_event w;
    memset(&w, 0, sizeof w);
    w.source = "postmark";
    w.key = bk__jr_str(d, o, "ID");
    w.message_id = bk__jr_str(d, o, "MessageID");
    w.sender = bk__jr_str(d, o, "From");
    w.campaign = bk__jr_str(d, o, "Tag");
    if (w.campaign[0] == '\0')
        w.campaign = bk__jr_str(d, o, "MessageStream");
    if (streq(rt, "Delivery")) {
        w.action = BK_ACTION_DELIVERED;
        w.rcpt = bk__jr_str(d, o, "Recipient");
        w.time = jtime(bk__jr_get(d, o, "DeliveredAt"));
        w.diag = bk__jr_str(d, o, "Details");
        w.key = w.message_id;
        w.key2 = w.rcpt;
        return emit(out, &w);
    }
    if (!streq(rt, "Bounce") && !streq(rt, "SpamComplaint"))
        return BK_OK;
    w.rcpt = bk__jr_str(d, o, "Email");
    w.time = jtime(bk__jr_get(d, o, "BouncedAt"));
    w.diag = bk__jr_str(d, o, "Details");
    const char *type = bk__jr_str(d, o, "Type");
    w.action = BK_ACTION_FAILED;
    if (streq(rt, "SpamComplaint") || streq(type, "SpamComplaint")) {
        w.action = BK_ACTION_COMPLAINT;
    } else if (streq(type, "HardBounce") || streq(type, "BadEmailAddress")) {
        w.hint = BK_REASON_USERUNKNOWN;
        w.hard = 1;
    } else if (streq(type, "DnsError")) {
        w.hint = BK_REASON_HOSTUNKNOWN;
    } else if (streq(type, "InboxFull")) {
        w.hint = BK_REASON_MAILBOXFULL;
    } else if (streq(type, "Blocked")) {
        w.hint = BK_REASON_BLOCKED;
    } else if (streq(type, "SpamNotification")) {
        w.hint = BK_REASON_SPAMDETECTED;
    } else if (streq(type, "AutoResponder") || streq(type, "OpenRelayTest")) {
        w.hint = BK_REASON_VACATION;
    } else if (streq(type, "Transient") || streq(type, "DMARCPolicy")) {
        w.action = streq(type, "Transient") ? BK_ACTION_DELAYED : BK_ACTION_FAILED;
        w.hint = streq(type, "DMARCPolicy") ? BK_REASON_AUTHFAILURE : BK_REASON_UNDEFINED;
    } else if (streq(type, "Unsubscribe") || streq(type, "Subscribe") ||
               streq(type, "ManuallyDeactivated") || streq(type, "ChallengeVerification")) {
        return BK_OK;
    }
    return emit(out, &w);
}

/* ---- SparkPost ---------------------------------------------------------- */

static bk_reason sparkpost_class(int c, int *hard, int *delayed)
{
    *hard = 0;
    *delayed = 0;
    switch (c) {
    case 10: *hard = 1; return BK_REASON_USERUNKNOWN;
    case 30: *hard = 1; return BK_REASON_USERUNKNOWN;
    case 21: return BK_REASON_HOSTUNKNOWN;
    case 22: return BK_REASON_MAILBOXFULL;
    case 23: return BK_REASON_MESGTOOBIG;
    case 24: return BK_REASON_EXPIRED;
    case 25: return BK_REASON_POLICYVIOLATION;
    case 50: return BK_REASON_BLOCKED;
    case 51: return BK_REASON_BLOCKED;
    case 52: return BK_REASON_SPAMDETECTED;
    case 53: return BK_REASON_VIRUSDETECTED;
    case 54: return BK_REASON_NORELAYING;
    case 60: return BK_REASON_VACATION;
    case 70: *delayed = 1; return BK_REASON_UNDEFINED;
    default: return BK_REASON_UNDEFINED;
    }
}

static int sparkpost_one(const bk__jrdoc *d, const bk__jrnode *msys, bk_events *out)
{
    for (const bk__jrnode *k = bk__jr_first(d, msys); k != NULL; k = bk__jr_next(d, k)) {
        if (k->type != BK__JR_OBJECT)
            continue;
        const char *type = bk__jr_str(d, k, "type");
        wh_event w;
        memset(&w, 0, sizeof w);
        w.source = "sparkpost";
        w.rcpt = bk__jr_str(d, k, "rcpt_to");
        w.time = jtime(bk__jr_get(d, k, "timestamp"));
        w.key = bk__jr_str(d, k, "event_id");
        w.message_id = bk__jr_str(d, k, "message_id");
        w.sender = bk__jr_str(d, k, "msg_from");
        w.campaign = bk__jr_str(d, k, "campaign_id");
        w.reply_code = jint(bk__jr_get(d, k, "error_code"));
        w.diag = bk__jr_str(d, k, "raw_reason");
        if (w.diag[0] == '\0')
            w.diag = bk__jr_str(d, k, "reason");
        if (streq(type, "bounce") || streq(type, "out_of_band")) {
            int delayed;
            w.hint = sparkpost_class(jint(bk__jr_get(d, k, "bounce_class")), &w.hard, &delayed);
            if (jint(bk__jr_get(d, k, "bounce_class")) == 90)
                continue; /* unsubscribe */
            w.action = delayed ? BK_ACTION_DELAYED : BK_ACTION_FAILED;
        } else if (streq(type, "policy_rejection")) {
            w.action = BK_ACTION_FAILED;
            w.hint = BK_REASON_POLICYVIOLATION;
        } else if (streq(type, "delay")) {
            w.action = BK_ACTION_DELAYED;
        } else if (streq(type, "delivery")) {
            w.action = BK_ACTION_DELIVERED;
        } else if (streq(type, "spam_complaint")) {
            w.action = BK_ACTION_COMPLAINT;
            w.diag = bk__jr_str(d, k, "fbtype");
        } else {
            continue;
        }
        int rc = emit(out, &w);
        if (rc != BK_OK)
            return rc;
    }
    return BK_OK;
}

/* ---- detection ---------------------------------------------------------- */

static int dispatch(const bk__jrdoc *d, const bk__jrnode *root, bk_events *out, bk_esp *esp, int depth);

static int dispatch_object(const bk__jrdoc *d, const bk__jrnode *o, bk_events *out, bk_esp *esp,
                           int depth)
{
    /* SNS wraps the SES event as a JSON string in "Message". */
    const bk__jrnode *msg = bk__jr_get(d, o, "Message");
    if (msg != NULL && msg->type == BK__JR_STRING && bk__jr_get(d, o, "TopicArn") != NULL) {
        const char *type = bk__jr_str(d, o, "Type");
        if (depth > 0 || (type[0] != '\0' && !streq(type, "Notification")))
            return BK_ENOTFOUND; /* subscription confirmations carry no event */
        bk__jrdoc inner;
        int rc = bk__jr_parse(msg->str, msg->len, &inner);
        if (rc != BK_OK)
            return rc == BK_EEMPTY ? BK_EMALFORMED : rc;
        rc = dispatch(&inner, bk__jr_root(&inner), out, esp, depth + 1);
        bk__jr_free(&inner);
        return rc;
    }
    if (bk__jr_get(d, o, "notificationType") != NULL || bk__jr_get(d, o, "eventType") != NULL) {
        *esp = BK_ESP_SES;
        return ses(d, o, out);
    }
    const bk__jrnode *ed = bk__jr_get(d, o, "event-data");
    if (ed != NULL && ed->type == BK__JR_OBJECT) {
        *esp = BK_ESP_MAILGUN;
        return mailgun(d, ed, out);
    }
    if (bk__jr_get(d, o, "RecordType") != NULL) {
        *esp = BK_ESP_POSTMARK;
        return postmark(d, o, out);
    }
    const bk__jrnode *msys = bk__jr_get(d, o, "msys");
    if (msys != NULL && msys->type == BK__JR_OBJECT) {
        *esp = BK_ESP_SPARKPOST;
        return sparkpost_one(d, msys, out);
    }
    if (bk__jr_get(d, o, "sg_event_id") != NULL ||
        (bk__jr_get(d, o, "event") != NULL && bk__jr_get(d, o, "email") != NULL)) {
        *esp = BK_ESP_SENDGRID;
        return sendgrid_one(d, o, out);
    }
    return BK_ENOTFOUND;
}

static int dispatch(const bk__jrdoc *d, const bk__jrnode *root, bk_events *out, bk_esp *esp, int depth)
{
    if (root == NULL)
        return BK_ENOTFOUND;
    if (root->type == BK__JR_OBJECT)
        return dispatch_object(d, root, out, esp, depth);
    if (root->type != BK__JR_ARRAY)
        return BK_ENOTFOUND;
    /* SendGrid and SparkPost post arrays of events */
    int any = 0;
    for (const bk__jrnode *c = bk__jr_first(d, root); c != NULL; c = bk__jr_next(d, c)) {
        if (c->type != BK__JR_OBJECT)
            continue;
        int rc = dispatch_object(d, c, out, esp, depth);
        if (rc == BK_OK)
            any = 1;
        else if (rc != BK_ENOTFOUND)
            return rc;
    }
    return any || root->count == 0 ? BK_OK : BK_ENOTFOUND;
}

int bk_webhook_parse(const char *body, size_t len, bk_events *out, bk_esp *esp)
{
    bk_esp dummy;
    if (esp == NULL)
        esp = &dummy;
    *esp = BK_ESP_UNKNOWN;
    if (body == NULL || out == NULL)
        return BK_EINVAL;
    if (len > BK_WEBHOOK_MAX)
        return BK_ETOOBIG;
    bk__jrdoc d;
    int rc = bk__jr_parse(body, len, &d);
    if (rc != BK_OK)
        return rc == BK_EEMPTY ? BK_EEMPTY : rc;
    rc = dispatch(&d, bk__jr_root(&d), out, esp, 0);
    bk__jr_free(&d);
    return rc;
}
