/*
 * handlers.c - the endpoints of "bouncekit serve".  Each answers with one
 * compact JSON object whose fields are those of the matching CLI command
 * (explain --json, parse, check --json, suppressions list --json,
 * verify --json), so that a client can switch between the two.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <microhttpd.h>

#include "cli.h"
#include "jsonin.h"
#include "srv.h"
#include "store_cli.h"

/* Addresses of one POST /v1/check: a sending batch, not a whole list
 * (that is "bouncekit check -", or GET /v1/suppressions). */
#define SRV_CHECK_BATCH_MAX 10000
/* Events listed by GET /v1/suppressions/{address}; the oldest first. */
#define SRV_WHY_EVENTS_MAX 1000
/* Page size of GET /v1/suppressions: default and largest. */
#define SRV_PAGE_DEFAULT 100
#define SRV_PAGE_MAX 1000

/* ---- start-up ------------------------------------------------------------- */

int srv_open(srv *s)
{
    const char *prog = "bouncekit serve";
    const bk_server_config *cfg = s->cfg;
    bk_store_args a = {cfg->store, cfg->policy, cfg->sync_full};
    int rc = bk_store_cli_policy(prog, &a, &s->pol);
    if (rc != 0)
        return rc;
    s->ctx = calloc((size_t)cfg->threads, sizeof *s->ctx);
    if (s->ctx == NULL)
        return BK_EX_TEMPFAIL;
    /* The lists of the verifier, found as "bouncekit verify" finds them. */
    char dbuf[BK_CLI_PATH_MAX];
    const char *dir = bk_cli_verify_data_dir(cfg->data_dir, dbuf, sizeof dbuf);
    if (dir == NULL)
        fprintf(stderr, "%s: no disposable/role/free lists found (--data-dir); /v1/verify "
                        "checks syntax and typos only\n", prog);
    if (bk_typo_create(&s->typo) != BK_OK || bk_lists_create(&s->lists) != BK_OK)
        return BK_EX_TEMPFAIL;
    if (dir != NULL && (rc = bk_lists_load_dir(s->lists, dir)) != BK_OK) {
        fprintf(stderr, "%s: lists in %s: %s\n", prog, dir, bk_strerror(rc));
        return BK_EXIT_USAGE;
    }
    for (int i = 0; i < cfg->threads; i++) {
        srv_ctx *c = &s->ctx[i];
        s->nctx = i + 1;
        if ((rc = bk_store_cli_open(prog, &a, 0, &c->st)) != 0)
            return rc;
        if ((c->parser = bk_parser_new(NULL)) == NULL || bk_events_new(&c->ev) != BK_OK)
            return BK_EX_TEMPFAIL;
        if (cfg->verify_dns) {
            bk_verify_options o;
            bk_verify_options_init(&o);
            o.offline = 0;
            o.dns_server = cfg->dns_server;
            if ((rc = bk_verifier_create(&o, &c->ver)) != BK_OK) {
                fprintf(stderr, "%s: the DNS resolver: %s\n", prog, bk_strerror(rc));
                return BK_EXIT_USAGE;
            }
            if (dir != NULL && (rc = bk_lists_load_dir(bk_verifier_lists(c->ver), dir)) != BK_OK)
                return BK_EX_TEMPFAIL;
        }
    }
    return 0;
}

void srv_close(srv *s)
{
    for (int i = 0; i < s->nctx; i++) {
        srv_ctx *c = &s->ctx[i];
        bk_verifier_free(c->ver);
        bk_events_free(c->ev);
        bk_parser_free(c->parser);
        if (c->st != NULL)
            bk_store_close(c->st);
    }
    free(s->ctx);
    s->ctx = NULL;
    s->nctx = 0;
    bk_lists_free(s->lists);
    bk_typo_free(s->typo);
    bk_policy_free(s->pol);
    s->lists = NULL;
    s->typo = NULL;
    s->pol = NULL;
}

/* ---- helpers -------------------------------------------------------------- */

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* The body is a JSON object: by its Content-Type, or by its first byte
 * when it has none. */
static int body_is_json(const srv_request *rq)
{
    if (strcmp(rq->ctype, "application/json") == 0)
        return 1;
    if (rq->ctype[0] != '\0')
        return 0;
    size_t i = 0;
    while (i < rq->len && is_ws(rq->body[i]))
        i++;
    return i < rq->len && rq->body[i] == '{';
}

/* A JSON body as an object, or an error answer (0 / -1). */
static int read_object(const srv_request *rq, srv_response *rs, srv_jobject *o)
{
    char err[128];
    int rc = srv_json_object(rq->body, rq->len, o, err, sizeof err);
    if (rc == -3) {
        srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_json", "too many members, or out of memory");
        return -1;
    }
    if (rc != 0) {
        srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_json", "%s", err);
        return -1;
    }
    return 0;
}

/* A string member: NULL when absent or null; -1 (answered) when of another type. */
static int get_string(const srv_jobject *o, const char *key, const char **out, size_t *len,
                      srv_response *rs)
{
    const srv_jmember *m = srv_json_get(o, key);
    *out = NULL;
    if (len != NULL)
        *len = 0;
    if (m == NULL || m->type == SRV_J_NULL)
        return 0;
    if (m->type != SRV_J_STRING) {
        srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_request", "'%s' must be a string", key);
        return -1;
    }
    *out = m->str;
    if (len != NULL)
        *len = m->len;
    return 0;
}

static void json_ingest_stats(bk_json *j, const bk_ingest_stats *st)
{
    bk_json_object_begin(j, "ingest");
    bk_json_int(j, "events", (long long)st->events);
    bk_json_int(j, "duplicates", (long long)st->duplicates);
    bk_json_int(j, "suppressed", (long long)st->suppressed);
    bk_json_int(j, "counted", (long long)st->counted);
    bk_json_int(j, "invalid", (long long)st->invalid);
    bk_json_object_end(j);
}

static const char *rule_do_name(bk_rule_do d)
{
    switch (d) {
    case BK_RULE_SUPPRESS: return "suppress";
    case BK_RULE_COUNT: return "count";
    case BK_RULE_SENDER: return "sender";
    default: return "none";
    }
}

/* For each event just ingested: the rule it matched and whether its
 * recipient is suppressed now. */
static void json_decisions(bk_json *j, srv *s, srv_ctx *c, const bk_event *ev, size_t n)
{
    bk_json_array_begin(j, "decisions");
    for (size_t i = 0; i < n; i++) {
        bk_policy_verdict v;
        bk_policy_match(s->pol, &ev[i], &v);
        bk_check_result cr;
        const char *rcpt = ev[i].recipient ? ev[i].recipient : "";
        int rc = bk_store_check(c->st, s->pol, rcpt, strlen(rcpt), ev[i].scope, 0, &cr);
        bk_json_object_begin(j, NULL);
        bk_json_str(j, "recipient", rcpt);
        bk_json_str(j, "action", bk_action_name(ev[i].action));
        bk_json_str(j, "reason", bk_reason_name(ev[i].reason));
        bk_json_str_or_null(j, "rule", v.rule);
        bk_json_str(j, "policy", rule_do_name(v.act));
        if (rc == BK_OK)
            bk_json_bool(j, "suppressed", cr.suppressed);
        else
            bk_json_null(j, "suppressed");
        bk_json_object_end(j);
    }
    bk_json_array_end(j);
}

/* ---- GET /healthz ------------------------------------------------------------ */

void srv_h_healthz(srv *s, const srv_request *rq, srv_response *rs)
{
    (void)s;
    (void)rq;
    bk_json j;
    bk_json_begin(&j, rs->f);
    bk_json_str(&j, "status", "ok");
    bk_json_str(&j, "version", bk_version());
    bk_json_end(&j);
}

/* ---- POST /v1/explain ---------------------------------------------------------- */

void srv_h_explain(srv *s, const srv_request *rq, srv_response *rs)
{
    (void)s;
    srv_jobject o;
    o.n = 0;
    const char *reply = rq->body, *command = NULL;
    size_t len = rq->len;
    if (body_is_json(rq)) {
        if (read_object(rq, rs, &o) != 0)
            return;
        if (get_string(&o, "reply", &reply, &len, rs) != 0 ||
            get_string(&o, "command", &command, NULL, rs) != 0)
            goto out;
        if (reply == NULL) {
            srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_request", "'reply' is missing");
            goto out;
        }
    } else {
        /* a text body: the reply, without the line end a client adds */
        while (len > 0 && (reply[len - 1] == '\n' || reply[len - 1] == '\r'))
            len--;
    }
    bk_reply_info r;
    int err = bk_reply_classify(reply, len, &r);
    if (err == BK_OK && command != NULL && command[0] != '\0') {
        err = bk_reply_classify_cmd(r.reply_code, r.has_status ? &r.status : NULL, command, reply,
                                    len, &r);
        if (err == BK_EINVAL) {
            srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_request",
                      "unknown SMTP command '%.32s' (RCPT, DATA, MAIL, EHLO, HELO, STARTTLS, "
                      "AUTH, CONN)", command);
            goto out;
        }
    }
    if (err != BK_OK) {
        if (err == BK_ETOOBIG)
            srv_error(rs, MHD_HTTP_CONTENT_TOO_LARGE, "payload_too_large",
                      "a reply has at most %d bytes", BK_REPLY_MAX);
        else
            srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_reply", "%s", bk_strerror(err));
        goto out;
    }
    bk_json j;
    bk_json_begin(&j, rs->f);
    bk_json_int_or_null(&j, "reply_code", r.reply_code, r.reply_code != 0);
    bk_json_str(&j, "status", r.has_status ? r.status_text : NULL);
    bk_json_str(&j, "class", bk_class_name(r.cls));
    bk_json_str_or_null(&j, "subject", r.subject_name);
    bk_json_str_or_null(&j, "detail", r.detail_name);
    bk_json_str(&j, "reason", bk_reason_name(r.reason));
    bk_json_str(&j, "bounce", bk_bounce_name(r.bounce));
    bk_json_str(&j, "decision", bk_decision_name(r.decision));
    bk_json_str_or_null(&j, "provider", r.provider);
    bk_json_str(&j, "summary", r.summary);
    bk_json_array_begin(&j, "causes");
    for (size_t i = 0; i < r.n_causes; i++)
        bk_json_array_str(&j, r.causes[i]);
    bk_json_array_end(&j);
    bk_json_array_begin(&j, "fixes");
    for (size_t i = 0; i < r.n_fixes; i++)
        bk_json_array_str(&j, r.fixes[i]);
    bk_json_array_end(&j);
    bk_json_end(&j);
out:
    srv_json_free(&o);
}

/* ---- POST /v1/parse ------------------------------------------------------------ */

/* One record with the fields of "bouncekit parse" (JSON Lines). */
static void json_record(bk_json *j, const bk_record *r)
{
    bk_json_object_begin(j, NULL);
    bk_json_str(j, "source", "request");
    bk_json_str_or_null(j, "recipient", r->recipient);
    bk_json_str_or_null(j, "original_recipient", r->original_recipient);
    bk_json_str_or_null(j, "sender", r->sender);
    bk_json_str_or_null(j, "action", r->action);
    bk_json_str_or_null(j, "status", r->status);
    bk_json_int_or_null(j, "reply_code", r->reply_code, r->reply_code != 0);
    bk_json_str_or_null(j, "diagnostic", r->diagnostic);
    bk_json_str(j, "reason", bk_reason_name(r->reason));
    bk_json_str(j, "bounce", bk_bounce_name(r->bounce));
    bk_json_str(j, "decision", bk_decision_name(r->decision));
    bk_json_bool(j, "permanent", r->permanent);
    bk_json_str_or_null(j, "remote_mta", r->remote_mta);
    bk_json_str_or_null(j, "reporting_mta", r->reporting_mta);
    bk_json_str_or_null(j, "smtp_command", r->smtp_command);
    bk_json_str_or_null(j, "date", r->date);
    bk_json_str_or_null(j, "message_id", r->message_id);
    bk_json_str_or_null(j, "subject", r->subject);
    bk_json_str_or_null(j, "list_id", r->list_id);
    bk_json_str_or_null(j, "feedback_type", r->feedback_type);
    bk_json_str_or_null(j, "format", r->format);
    bk_json_object_end(j);
}

/* The records of a parsed message: "records":[...]. */
static void json_records(bk_json *j, const bk_result *res)
{
    bk_json_array_begin(j, "records");
    for (size_t i = 0; i < bk_result_count(res); i++)
        json_record(j, bk_result_record(res, i));
    bk_json_array_end(j);
}

/* Parse the body as one message; NULL after answering with the error. */
static bk_result *parse_body(srv_ctx *c, const srv_request *rq, srv_response *rs)
{
    bk_result *res = NULL;
    int err = bk_parse_message(c->parser, rq->body, rq->len, &res);
    if (err == BK_OK)
        return res;
    const char *d = bk_parser_error_detail(c->parser);
    if (err == BK_ENOMEM)
        srv_store_error(rs, err, NULL);
    else if (err == BK_ETOOBIG)
        srv_error(rs, MHD_HTTP_CONTENT_TOO_LARGE, "payload_too_large", "%s", d[0] ? d : bk_strerror(err));
    else
        srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_message", "%s%s%s", bk_strerror(err), d[0] ? ": " : "",
                  d);
    return NULL;
}

void srv_h_parse(srv *s, const srv_request *rq, srv_response *rs)
{
    srv_ctx *c = srv_ctx_get(s);
    bk_result *res = parse_body(c, rq, rs);
    if (res != NULL) {
        bk_json j;
        bk_json_begin(&j, rs->f);
        json_records(&j, res);
        bk_json_end(&j);
        bk_result_free(res);
    }
    srv_ctx_put(s, c);
}

/* ---- ingestion ------------------------------------------------------------------ */

/* The ?scope= of an ingest request: a list or stream the events are about
 * (their suppressions apply to that scope only).  0, or -1 after answering. */
static int ingest_scope(const srv_request *rq, srv_response *rs, const char **scope)
{
    *scope = srv_arg(rq, "scope");
    if (*scope != NULL && (*scope)[0] == '\0')
        *scope = NULL;
    if (*scope != NULL && strlen(*scope) > BK_SCOPE_MAX) {
        srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_request", "a scope has at most %d bytes", BK_SCOPE_MAX);
        return -1;
    }
    return 0;
}

/* Store the events of c->ev, all in scope when it is not NULL (then
 * *scoped, which the caller frees, holds the events as stored). */
static int ingest_events(srv *s, srv_ctx *c, const char *scope, bk_ingest_stats *st,
                         bk_events **scoped)
{
    bk_events *src = c->ev;
    *scoped = NULL;
    if (scope != NULL) {
        int rc = bk_events_new(scoped);
        if (rc != BK_OK)
            return rc;
        const bk_event *e = bk_events_data(src);
        for (size_t i = 0; i < bk_events_count(src); i++) {
            bk_event x = e[i];
            x.scope = scope;
            if ((rc = bk_events_add(*scoped, &x)) != BK_OK)
                return rc;
        }
        src = *scoped;
    }
    memset(st, 0, sizeof *st);
    return bk_store_ingest(c->st, s->pol, bk_events_data(src), bk_events_count(src), NULL, NULL, st);
}

/* ---- POST /v1/bounces ------------------------------------------------------------ */

/* Each record becomes the event "bouncekit ingest" makes of it, with the
 * same event key: a bounce both piped to the CLI and posted here is stored
 * once. */

void srv_h_bounces(srv *s, const srv_request *rq, srv_response *rs)
{
    const char *scope;
    if (ingest_scope(rq, rs, &scope) != 0)
        return;
    srv_ctx *c = srv_ctx_get(s);
    bk_events *scoped = NULL;
    bk_result *res = parse_body(c, rq, rs);
    if (res == NULL)
        goto out;
    int64_t now = (int64_t)time(NULL);
    int rc = BK_OK;
    for (size_t i = 0; i < bk_result_count(res) && rc == BK_OK; i++)
        rc = bk_store_cli_add_record(c->ev, bk_result_record(res, i), now);
    bk_ingest_stats st;
    if (rc == BK_OK)
        rc = ingest_events(s, c, scope, &st, &scoped);
    if (rc != BK_OK) {
        srv_store_error(rs, rc, bk_store_errmsg(c->st));
    } else {
        const bk_events *done = scoped != NULL ? scoped : c->ev;
        bk_json j;
        bk_json_begin(&j, rs->f);
        json_records(&j, res);
        json_ingest_stats(&j, &st);
        json_decisions(&j, s, c, bk_events_data(done), bk_events_count(done));
        bk_json_end(&j);
    }
    bk_result_free(res);
out:
    bk_events_free(scoped);
    srv_ctx_put(s, c);
}

/* ---- POST /v1/webhooks/{esp} ------------------------------------------------------ */

/* SNS subscription handshakes: logged, never fetched (the server makes
 * no outbound requests); an operator confirms by visiting the URL. */
static int sns_control(srv *s, const srv_request *rq, srv_response *rs)
{
    (void)s;
    const char *hdr = srv_header(rq, "x-amz-sns-message-type");
    srv_jobject o;
    if (srv_json_object(rq->body, rq->len, &o, NULL, 0) != 0)
        return 0;
    const srv_jmember *type = srv_json_get(&o, "Type");
    const char *t = type != NULL && type->type == SRV_J_STRING ? type->str : (hdr ? hdr : "");
    int handled = 0;
    if (strcmp(t, "SubscriptionConfirmation") == 0 || strcmp(t, "UnsubscribeConfirmation") == 0) {
        const srv_jmember *url = srv_json_get(&o, "SubscribeURL");
        const srv_jmember *topic = srv_json_get(&o, "TopicArn");
        const char *u = url != NULL && url->type == SRV_J_STRING ? url->str : "";
        const char *tp = topic != NULL && topic->type == SRV_J_STRING ? topic->str : "";
        /* Printed for the operator; control characters would forge log lines. */
        char shown[1024];
        size_t k = 0;
        for (const char *p = u; *p && k + 1 < sizeof shown; p++)
            shown[k++] = ((unsigned char)*p < 0x20 || *p == 0x7f) ? '?' : *p;
        shown[k] = '\0';
        if (t[0] == 'S')
            fprintf(stderr,
                    "bouncekit serve: SNS subscription confirmation for topic %.200s: to confirm, "
                    "visit %s\n", tp, shown);
        bk_json j;
        bk_json_begin(&j, rs->f);
        bk_json_str(&j, "provider", "ses");
        bk_json_str(&j, "sns", t);
        bk_json_str_or_null(&j, "topic", tp);
        bk_json_str_or_null(&j, "subscribe_url", u);
        bk_json_str(&j, "detail", t[0] == 'S' ? "not confirmed by the server: visit subscribe_url "
                                                "(it is in the server log) to confirm"
                                              : "acknowledged");
        bk_json_end(&j);
        handled = 1;
    }
    srv_json_free(&o);
    return handled;
}

void srv_h_webhook(srv *s, const srv_request *rq, srv_response *rs, bk_esp want)
{
    if (want == BK_ESP_SES && sns_control(s, rq, rs))
        return;
    const char *scope;
    if (ingest_scope(rq, rs, &scope) != 0)
        return;
    srv_ctx *c = srv_ctx_get(s);
    bk_events *scoped = NULL;
    bk_esp got = BK_ESP_UNKNOWN;
    int rc = bk_webhook_parse(rq->body, rq->len, c->ev, &got);
    if (rc == BK_EMALFORMED || rc == BK_EEMPTY || rc == BK_ELIMIT || rc == BK_EUTF8) {
        srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_json", "the payload is not JSON: %s", bk_strerror(rc));
    } else if (rc == BK_ENOTFOUND) {
        srv_error(rs, MHD_HTTP_BAD_REQUEST, "unknown_payload", "not a %s webhook payload",
                  bk_esp_name(want));
    } else if (rc == BK_ETOOBIG) {
        srv_error(rs, MHD_HTTP_CONTENT_TOO_LARGE, "payload_too_large", "%s", bk_strerror(rc));
    } else if (rc != BK_OK) {
        srv_store_error(rs, rc, NULL);
    } else if (got != BK_ESP_UNKNOWN && got != want) {
        srv_error(rs, MHD_HTTP_BAD_REQUEST, "wrong_provider",
                  "the payload is a %s webhook, posted to /v1/webhooks/%s", bk_esp_name(got),
                  bk_esp_name(want));
    } else {
        bk_ingest_stats st;
        rc = ingest_events(s, c, scope, &st, &scoped);
        if (rc != BK_OK) {
            srv_store_error(rs, rc, bk_store_errmsg(c->st));
        } else {
            const bk_events *done = scoped != NULL ? scoped : c->ev;
            size_t n = bk_events_count(done);
            bk_json j;
            bk_json_begin(&j, rs->f);
            bk_json_str(&j, "provider", bk_esp_name(want));
            bk_json_int(&j, "received", (long long)n);
            json_ingest_stats(&j, &st);
            json_decisions(&j, s, c, bk_events_data(done), n);
            bk_json_end(&j);
        }
    }
    bk_events_free(scoped);
    srv_ctx_put(s, c);
}

/* ---- GET /v1/check ------------------------------------------------------------------ */

/* One answer of check, as "bouncekit check --json" prints it (and the
 * scope of the suppression).  0, or the store error. */
static int check_one(srv *s, srv_ctx *c, bk_json *j, const char *addr, size_t len,
                     const char *scope, int *suppressed)
{
    bk_check_result r;
    int rc = bk_store_check(c->st, s->pol, addr, len, scope, 0, &r);
    if (rc == BK_ESTORE || rc == BK_EBUSY || rc == BK_ENOMEM || rc == BK_EIO)
        return rc;
    *suppressed = rc != BK_OK || r.suppressed;
    bk_json_strn(j, "address", addr, len);
    if (rc != BK_OK) {
        /* as "bouncekit check": not an address is never to be mailed */
        bk_json_bool(j, "suppressed", 1);
        bk_json_str(j, "reason", "invalid-address");
        bk_json_null(j, "rule");
        bk_json_null(j, "expires");
        bk_json_str(j, "detail", bk_strerror(rc));
        return 0;
    }
    char t[32];
    bk_json_bool(j, "suppressed", r.suppressed);
    bk_json_str(j, "reason", r.suppressed ? r.entry.reason : NULL);
    bk_json_str(j, "rule", r.suppressed ? r.entry.rule : NULL);
    if (r.suppressed && r.entry.expires != 0) {
        bk_store_cli_time(r.entry.expires, t, sizeof t);
        bk_json_str(j, "expires", t);
    } else {
        bk_json_null(j, "expires");
    }
    if (r.suppressed)
        bk_json_str_or_null(j, "scope", r.entry.scope);
    return 0;
}

void srv_h_check(srv *s, const srv_request *rq, srv_response *rs)
{
    const char *addr = srv_arg(rq, "address");
    if (addr == NULL || addr[0] == '\0') {
        srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_request", "give ?address=");
        return;
    }
    srv_ctx *c = srv_ctx_get(s);
    bk_json j;
    int sup;
    bk_json_begin(&j, rs->f);
    int rc = check_one(s, c, &j, addr, strlen(addr), srv_arg(rq, "scope"), &sup);
    bk_json_end(&j);
    if (rc != 0)
        srv_store_error(rs, rc, bk_store_errmsg(c->st));
    srv_ctx_put(s, c);
}

/* POST /v1/check: addresses one a line (blank and # lines skipped), for a
 * sending batch: one answer with the results in order. */
void srv_h_check_batch(srv *s, const srv_request *rq, srv_response *rs)
{
    size_t n = 0;
    for (size_t i = 0; i < rq->len; i++)
        n += rq->body[i] == '\n';
    if (n >= SRV_CHECK_BATCH_MAX) {
        srv_error(rs, MHD_HTTP_CONTENT_TOO_LARGE, "payload_too_large",
                  "at most %d addresses a request", SRV_CHECK_BATCH_MAX);
        return;
    }
    srv_ctx *c = srv_ctx_get(s);
    bk_json j;
    bk_json_begin(&j, rs->f);
    bk_json_array_begin(&j, "results");
    const char *scope = srv_arg(rq, "scope");
    size_t count = 0, nsup = 0;
    int rc = 0;
    for (size_t i = 0; i < rq->len && rc == 0;) {
        const char *e = memchr(rq->body + i, '\n', rq->len - i);
        size_t end = e != NULL ? (size_t)(e - rq->body) : rq->len;
        size_t b = i, l = end;
        while (b < l && (rq->body[b] == ' ' || rq->body[b] == '\t'))
            b++;
        while (l > b && (rq->body[l - 1] == '\r' || rq->body[l - 1] == ' ' || rq->body[l - 1] == '\t'))
            l--;
        i = end + 1;
        if (b == l || rq->body[b] == '#')
            continue;
        int sup = 0;
        bk_json_object_begin(&j, NULL);
        rc = check_one(s, c, &j, rq->body + b, l - b, scope, &sup);
        bk_json_object_end(&j);
        count++;
        nsup += (size_t)sup;
    }
    bk_json_array_end(&j);
    bk_json_int(&j, "count", (long long)count);
    bk_json_int(&j, "suppressed", (long long)nsup);
    bk_json_end(&j);
    if (rc != 0)
        srv_store_error(rs, rc, bk_store_errmsg(c->st));
    srv_ctx_put(s, c);
}

/* ---- GET /v1/suppressions/{address}: "bouncekit why --json" ------------------ */

typedef struct why_ctx {
    bk_json *j;
    size_t n;
} why_ctx;

static int why_event(void *ctx, const bk_event_row *r)
{
    why_ctx *w = ctx;
    if (w->n++ >= SRV_WHY_EVENTS_MAX)
        return 0; /* counted, not listed */
    bk_store_cli_json_event(w->j, r);
    return 0;
}

/* Scopes an address has events in (a few are enough to find one that
 * suppresses it). */
#define SRV_WHY_SCOPES 16
typedef struct why_scopes {
    char name[SRV_WHY_SCOPES][BK_SCOPE_MAX + 1];
    int n;
} why_scopes;

static int why_scope_cb(void *ctx, const bk_event_row *r)
{
    why_scopes *sc = ctx;
    if (r->ev.scope == NULL || r->ev.scope[0] == '\0')
        return 0;
    for (int i = 0; i < sc->n; i++)
        if (strcmp(sc->name[i], r->ev.scope) == 0)
            return 0;
    if (sc->n < SRV_WHY_SCOPES)
        snprintf(sc->name[sc->n++], sizeof sc->name[0], "%s", r->ev.scope);
    return 0;
}

void srv_h_why(srv *s, const srv_request *rq, srv_response *rs, const char *addr)
{
    const char *scope = srv_arg(rq, "scope");
    size_t len = strlen(addr);
    srv_ctx *c = srv_ctx_get(s);
    bk_check_result r;
    int rc = bk_store_check(c->st, s->pol, addr, len, scope, 0, &r);
    if (rc == BK_ESTORE || rc == BK_EBUSY || rc == BK_ENOMEM || rc == BK_EIO) {
        srv_store_error(rs, rc, bk_store_errmsg(c->st));
        goto out;
    }
    if (rc != BK_OK) {
        srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_address", "%s", bk_strerror(rc));
        goto out;
    }
    if (!r.suppressed && scope == NULL) {
        /* not globally: perhaps in a list or stream of its own (as "why") */
        why_scopes sc;
        sc.n = 0;
        bk_store_events(c->st, s->pol, addr, len, 0, why_scope_cb, &sc);
        for (int k = 0; k < sc.n && !r.suppressed; k++) {
            bk_check_result rs2;
            if (bk_store_check(c->st, s->pol, addr, len, sc.name[k], 0, &rs2) == BK_OK &&
                rs2.suppressed)
                r = rs2;
        }
    }
    bk_json j;
    bk_json_begin(&j, rs->f);
    bk_store_cli_json_suppression(&j, &r);
    bk_json_array_begin(&j, "events");
    why_ctx w = {&j, 0};
    rc = bk_store_events(c->st, s->pol, addr, len, 0, why_event, &w);
    bk_json_array_end(&j);
    if (w.n > SRV_WHY_EVENTS_MAX)
        bk_json_int(&j, "events_not_listed", (long long)(w.n - SRV_WHY_EVENTS_MAX));
    bk_json_end(&j);
    if (rc != BK_OK)
        srv_store_error(rs, rc, bk_store_errmsg(c->st));
out:
    srv_ctx_put(s, c);
}

/* ---- /v1/suppressions ------------------------------------------------------------------ */

typedef struct page {
    bk_json *j;
    const char *after;
    const char *scope;
    size_t limit, n;
    char last[BK_ADDRESS_MAX + 1];
    int more;
} page;

/* Entries come in address order, from the first above "after"; a page
 * never splits the scopes of one address, so "after" (the last address of
 * a page) resumes exactly. */
static int page_cb(void *ctx, const bk_suppression *x)
{
    page *p = ctx;
    if (p->scope != NULL && strcmp(p->scope, x->scope) != 0)
        return 0;
    if (p->n >= p->limit && strcmp(x->address, p->last) != 0) {
        p->more = 1;
        return 1;
    }
    char t1[32], t2[32], t3[32];
    bk_store_cli_time(x->first_seen, t1, sizeof t1);
    bk_store_cli_time(x->last_seen, t2, sizeof t2);
    bk_store_cli_time(x->expires, t3, sizeof t3);
    bk_json *j = p->j;
    bk_json_object_begin(j, NULL);
    bk_json_str(j, "address", x->address);
    bk_json_str_or_null(j, "scope", x->scope);
    bk_json_str(j, "reason", x->reason);
    bk_json_str(j, "rule", x->rule);
    bk_json_str(j, "first_seen", t1);
    bk_json_str(j, "last_seen", t2);
    bk_json_int(j, "events", x->events);
    bk_json_str(j, "expires", x->expires ? t3 : NULL);
    bk_json_str_or_null(j, "source", x->source);
    bk_json_str_or_null(j, "note", x->note);
    bk_json_object_end(j);
    p->n++;
    snprintf(p->last, sizeof p->last, "%s", x->address);
    return 0;
}

void srv_h_supp_list(srv *s, const srv_request *rq, srv_response *rs)
{
    const char *ls = srv_arg(rq, "limit");
    size_t limit = SRV_PAGE_DEFAULT;
    if (ls != NULL) {
        char *end;
        long v = strtol(ls, &end, 10);
        if (ls[0] == '\0' || *end != '\0' || v < 1 || v > SRV_PAGE_MAX) {
            srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_request", "limit: 1 to %d", SRV_PAGE_MAX);
            return;
        }
        limit = (size_t)v;
    }
    const char *all = srv_arg(rq, "all");
    page p;
    memset(&p, 0, sizeof p);
    p.after = srv_arg(rq, "after");
    if (p.after != NULL && p.after[0] == '\0')
        p.after = NULL;
    p.scope = srv_arg(rq, "scope");
    p.limit = limit;
    bk_json j;
    p.j = &j;
    srv_ctx *c = srv_ctx_get(s);
    bk_json_begin(&j, rs->f);
    bk_json_array_begin(&j, "suppressions");
    int rc = bk_store_suppressions_after(c->st, all != NULL && strcmp(all, "1") == 0, 0, p.after,
                                         page_cb, &p);
    bk_json_array_end(&j);
    if (rc < 0) {
        srv_store_error(rs, rc, bk_store_errmsg(c->st));
    } else {
        bk_json_int(&j, "count", (long long)p.n);
        bk_json_str(&j, "next", p.more ? p.last : NULL);
        bk_json_end(&j);
    }
    srv_ctx_put(s, c);
}

/* The reason word kept for a manual entry (as "suppressions add"). */
static void map_reason(const char *in, char *out, size_t size)
{
    bk_reason r;
    if (in == NULL || in[0] == '\0' || strcasecmp(in, "manual") == 0)
        snprintf(out, size, "manual");
    else if (bk_reason_from_name(in, strlen(in), &r) == BK_OK)
        snprintf(out, size, "%s", bk_reason_name(r));
    else if (strcasecmp(in, "complaint") == 0 || strcasecmp(in, "spamcomplaint") == 0)
        snprintf(out, size, "complaint");
    else if (strcasecmp(in, "unsubscribe") == 0 || strcasecmp(in, "unsubscribed") == 0)
        snprintf(out, size, "unsubscribe");
    else
        snprintf(out, size, "bounce");
}

void srv_h_supp_add(srv *s, const srv_request *rq, srv_response *rs)
{
    srv_jobject o;
    if (read_object(rq, rs, &o) != 0)
        return;
    const char *addr, *scope, *reason, *note;
    size_t alen;
    if (get_string(&o, "address", &addr, &alen, rs) != 0 ||
        get_string(&o, "scope", &scope, NULL, rs) != 0 ||
        get_string(&o, "reason", &reason, NULL, rs) != 0 ||
        get_string(&o, "note", &note, NULL, rs) != 0)
        goto out;
    if (addr == NULL) {
        srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_request", "'address' is missing");
        goto out;
    }
    bk_suppression x;
    memset(&x, 0, sizeof x);
    int rc = bk_address_normalize(addr, alen, bk_policy_fold(s->pol), x.address, sizeof x.address);
    if (rc != BK_OK) {
        srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_address", "%s", bk_strerror(rc));
        goto out;
    }
    if (scope != NULL && strlen(scope) > BK_SCOPE_MAX) {
        srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_request", "a scope has at most %d bytes", BK_SCOPE_MAX);
        goto out;
    }
    int64_t now = (int64_t)time(NULL), expires = 0;
    const srv_jmember *e = srv_json_get(&o, "expires");
    if (e != NULL && e->type != SRV_J_NULL) {
        if ((e->type != SRV_J_STRING && e->type != SRV_J_NUMBER) ||
            bk_store_cli_parse_time(e->str, 1, now, &expires) != 0) {
            srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_request",
                      "'expires': a date (2026-12-31T00:00:00Z), Unix seconds or a duration (30d)");
            goto out;
        }
    }
    snprintf(x.scope, sizeof x.scope, "%s", scope ? scope : "");
    map_reason(reason, x.reason, sizeof x.reason);
    snprintf(x.note, sizeof x.note, "%s", note ? note : "");
    snprintf(x.source, sizeof x.source, "api");
    x.first_seen = now;
    x.expires = expires;
    srv_ctx *c = srv_ctx_get(s);
    rc = bk_store_suppression_add(c->st, s->pol, &x);
    if (rc == BK_OK) {
        char t[32];
        rs->status = MHD_HTTP_CREATED;
        bk_json j;
        bk_json_begin(&j, rs->f);
        bk_json_str(&j, "address", x.address);
        bk_json_str_or_null(&j, "scope", x.scope);
        bk_json_str(&j, "reason", x.reason);
        bk_json_str(&j, "rule", "manual");
        bk_store_cli_time(expires, t, sizeof t);
        bk_json_str(&j, "expires", expires ? t : NULL);
        bk_json_str_or_null(&j, "note", x.note);
        bk_json_end(&j);
    } else if (rc == BK_ESTORE || rc == BK_EBUSY || rc == BK_ENOMEM || rc == BK_EIO) {
        srv_store_error(rs, rc, bk_store_errmsg(c->st));
    } else {
        srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_request", "%s", bk_strerror(rc));
    }
    srv_ctx_put(s, c);
out:
    srv_json_free(&o);
}

void srv_h_supp_remove(srv *s, const srv_request *rq, srv_response *rs, const char *addr)
{
    const char *scope = srv_arg(rq, "scope");
    srv_ctx *c = srv_ctx_get(s);
    int removed = 0;
    int rc = bk_store_suppression_remove(c->st, s->pol, addr, strlen(addr), scope, &removed);
    if (rc == BK_ESTORE || rc == BK_EBUSY || rc == BK_ENOMEM || rc == BK_EIO) {
        srv_store_error(rs, rc, bk_store_errmsg(c->st));
    } else if (rc != BK_OK) {
        srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_address", "%s", bk_strerror(rc));
    } else if (removed == 0) {
        srv_error(rs, MHD_HTTP_NOT_FOUND, "not_suppressed", "%.320s was not suppressed%s%.64s", addr,
                  scope ? " in scope " : "", scope ? scope : "");
    } else {
        bk_json j;
        bk_json_begin(&j, rs->f);
        bk_json_str(&j, "address", addr);
        bk_json_int(&j, "removed", removed);
        bk_json_end(&j);
    }
    srv_ctx_put(s, c);
}

/* ---- GET /v1/verify ---------------------------------------------------------------------- */

void srv_h_verify(srv *s, const srv_request *rq, srv_response *rs)
{
    const char *addr = srv_arg(rq, "address");
    if (addr == NULL || addr[0] == '\0') {
        srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_request", "give ?address=");
        return;
    }
    const char *off = srv_arg(rq, "offline");
    const char *prof = srv_arg(rq, "profile");
    bk_addr_profile profile = BK_ADDR_PROFILE_DEFAULT;
    if (prof != NULL && bk_addr_profile_from_name(prof, strlen(prof), &profile) != BK_OK) {
        srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_request", "profile: strict, default or lenient");
        return;
    }
    int want_dns = off != NULL && strcmp(off, "0") == 0;
    if (want_dns && !s->cfg->verify_dns) {
        srv_error(rs, MHD_HTTP_BAD_REQUEST, "dns_disabled",
                  "this server checks offline only (start it with --verify-dns)");
        return;
    }
    bk_verify_result r;
    memset(&r, 0, sizeof r);
    srv_ctx *c = NULL;
    int rc;
    if (want_dns && profile == BK_ADDR_PROFILE_DEFAULT) {
        c = srv_ctx_get(s);
        rc = bk_verify_address(c->ver, addr, strlen(addr), &r);
    } else {
        if (want_dns) {
            srv_error(rs, MHD_HTTP_BAD_REQUEST, "bad_request",
                      "a profile other than default is offline only");
            return;
        }
        rc = bk_verify_offline(s->typo, s->lists, profile, addr, strlen(addr), &r);
    }
    if (rc != BK_OK) {
        srv_store_error(rs, rc, NULL);
    } else {
        bk_json j;
        bk_json_begin(&j, rs->f);
        bk_json_str(&j, "address", addr);
        bk_json_str_or_null(&j, "normalized", r.syntax.normalized);
        bk_json_str(&j, "verdict", bk_verdict_name(r.verdict));
        bk_json_array_begin(&j, "reasons");
        for (unsigned b = 0; b < BK_VR__COUNT; b++)
            if (r.reasons & (1u << b))
                bk_json_array_str(&j, bk_verify_reason_name(1u << b));
        bk_json_array_end(&j);
        bk_json_object_begin(&j, "syntax");
        bk_json_bool(&j, "valid", r.syntax.valid);
        bk_json_str(&j, "category", bk_addr_category_name(r.syntax.category));
        bk_json_str(&j, "diagnosis", bk_addr_diag_name(r.syntax.diagnosis));
        bk_json_bool(&j, "smtputf8", r.syntax.smtputf8);
        bk_json_object_end(&j);
        bk_json_str_or_null(&j, "suggestion", r.suggestion);
        bk_json_object_begin(&j, "domain");
        if (r.domain_checked && r.domain_exists >= 0)
            bk_json_bool(&j, "exists", r.domain_exists);
        else
            bk_json_null(&j, "exists");
        bk_json_array_begin(&j, "mx");
        for (size_t k = 0; k < r.n_mx; k++)
            bk_json_array_str(&j, r.mx[k]);
        bk_json_array_end(&j);
        bk_json_bool(&j, "null_mx", r.null_mx);
        bk_json_bool(&j, "implicit_mx", r.implicit_mx);
        bk_json_object_end(&j);
        bk_json_bool(&j, "disposable", r.disposable);
        bk_json_bool(&j, "role", r.role);
        bk_json_bool(&j, "free", r.free_provider);
        bk_json_null(&j, "smtp");
        bk_json_end(&j);
    }
    bk_verify_result_clear(&r);
    if (c != NULL)
        srv_ctx_put(s, c);
}
