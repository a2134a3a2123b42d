/*
 * http.c - the HTTP layer of "bouncekit serve" on GNU libmicrohttpd: the
 * daemon and its thread pool, the request life cycle (headers, body up
 * to --max-body, the answer), routing, the bearer token, the request log,
 * and the clean stop on SIGINT / SIGTERM.
 *
 * A request is seen by access() several times: once when its headers are
 * in (routing, token, Content-Length and Content-Type are checked then,
 * so a refused upload is never read), once per chunk of body, and once at
 * the end, when the endpoint runs.  complete() logs it and frees it.
 *
 * libmicrohttpd (and GnuTLS under it) is loaded when the server starts,
 * not when the tool does, so the tool's other commands do not pay for
 * loading and relocating it: its functions are called through a table
 * that mhd_load() fills once, before the daemon's threads start.
 */
#include <dlfcn.h>
#include <errno.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

/* The shared object loaded: the ABI <microhttpd.h> describes. */
#define MHD_SONAME "libmicrohttpd.so.12"

/* The libmicrohttpd functions used; written by mhd_load() only, before any
 * other thread exists, and read only after. */
static struct mhd_api {
    const char *(*lookup_connection_value)(struct MHD_Connection *, enum MHD_ValueKind,
                                           const char *);
    struct MHD_Response *(*create_response_from_buffer)(size_t, void *, enum MHD_ResponseMemoryMode);
    enum MHD_Result (*add_response_header)(struct MHD_Response *, const char *, const char *);
    enum MHD_Result (*queue_response)(struct MHD_Connection *, unsigned int, struct MHD_Response *);
    void (*destroy_response)(struct MHD_Response *);
    struct MHD_Daemon *(*start_daemon)(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *,
                                       MHD_AccessHandlerCallback, void *, ...);
    const union MHD_DaemonInfo *(*get_daemon_info)(struct MHD_Daemon *, enum MHD_DaemonInfoType, ...);
    MHD_socket (*quiesce_daemon)(struct MHD_Daemon *);
    void (*stop_daemon)(struct MHD_Daemon *);
} mhd;

/* Calls below go through the table (after the header's declarations). */
#define MHD_lookup_connection_value mhd.lookup_connection_value
#define MHD_create_response_from_buffer mhd.create_response_from_buffer
#define MHD_add_response_header mhd.add_response_header
#define MHD_queue_response mhd.queue_response
#define MHD_destroy_response mhd.destroy_response
#define MHD_start_daemon mhd.start_daemon
#define MHD_get_daemon_info mhd.get_daemon_info
#define MHD_quiesce_daemon mhd.quiesce_daemon
#define MHD_stop_daemon mhd.stop_daemon

/* Load libmicrohttpd (it stays loaded) and fill the table; 0, or -1 with
 * the reason in err. */
static int mhd_load(char *err, size_t errsize)
{
    static const char *const names[] = {
        "MHD_lookup_connection_value", "MHD_create_response_from_buffer",
        "MHD_add_response_header", "MHD_queue_response", "MHD_destroy_response",
        "MHD_start_daemon", "MHD_get_daemon_info", "MHD_quiesce_daemon", "MHD_stop_daemon"};
    enum { NFUNCS = sizeof names / sizeof names[0] };
    void *f[NFUNCS];
    void *h = dlopen(MHD_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (h == NULL) {
        const char *why = dlerror();
        snprintf(err, errsize, "needs %s, which could not be loaded: %s (Debian: apt-get install "
                 "libmicrohttpd12)", MHD_SONAME, why ? why : "not found");
        return -1;
    }
    for (size_t i = 0; i < NFUNCS; i++) {
        f[i] = dlsym(h, names[i]);
        if (f[i] == NULL) {
            snprintf(err, errsize, "needs %s, which has no %s", MHD_SONAME, names[i]);
            dlclose(h);
            return -1;
        }
    }
    /* POSIX: a function pointer round-trips through void * from dlsym */
    memcpy(&mhd.lookup_connection_value, &f[0], sizeof f[0]);
    memcpy(&mhd.create_response_from_buffer, &f[1], sizeof f[1]);
    memcpy(&mhd.add_response_header, &f[2], sizeof f[2]);
    memcpy(&mhd.queue_response, &f[3], sizeof f[3]);
    memcpy(&mhd.destroy_response, &f[4], sizeof f[4]);
    memcpy(&mhd.start_daemon, &f[5], sizeof f[5]);
    memcpy(&mhd.get_daemon_info, &f[6], sizeof f[6]);
    memcpy(&mhd.quiesce_daemon, &f[7], sizeof f[7]);
    memcpy(&mhd.stop_daemon, &f[8], sizeof f[8]);
    dlclose(h); /* NODELETE: the functions stay */
    return 0;
}

#include "cli.h"
#include "srv.h"
#include "store_cli.h"

/* Connections served at once; more wait in the listen queue.  Bounds the
 * memory an attacker can hold with open uploads: max_body each. */
#define SRV_CONNECTION_LIMIT 256
/* Seconds a connection may stay idle (slow senders, idle keep-alive). */
#define SRV_CONNECTION_TIMEOUT 30
/* Seconds a stop waits for the requests in flight to be answered. */
#define SRV_STOP_GRACE 30
/* A body over --max-body without a Content-Length (chunked) is read and
 * dropped up to this much more, then refused with 413; a sender that goes
 * on past that gets its connection closed without an answer. */
#define SRV_DISCARD_MAX ((size_t)16 << 20)
/* Request paths kept for the log line. */
#define SRV_LOG_PATH_MAX 200

typedef enum route {
    R_NONE = 0,
    R_HEALTHZ,
    R_EXPLAIN,
    R_PARSE,
    R_CHECK,
    R_SUPP,
    R_SUPP_ONE,
    R_BOUNCES,
    R_WEBHOOK,
    R_VERIFY
} route;

/* One request, from its headers to its log line. */
typedef struct req {
    struct timespec t0;
    char method[16];  /* HEAD is routed as GET */
    char logmethod[16];
    char *path;       /* as requested (decoded), without the query */
    route rt;
    bk_esp esp;       /* R_WEBHOOK */
    char *body;
    size_t len, cap;
    int answered;     /* a response is queued: further body is dropped */
    int too_big;      /* the body went over --max-body: dropped, then 413 */
    size_t dropped;   /* bytes dropped since */
    int oom;          /* no memory for the body: dropped, then 503 */
    unsigned status;
    size_t bytes;
} req;

/* ---- responses ------------------------------------------------------------ */

static int open_body(srv_response *rs)
{
    rs->buf = NULL;
    rs->len = 0;
    rs->f = open_memstream(&rs->buf, &rs->len);
    return rs->f != NULL ? 0 : -1;
}

void srv_error(srv_response *rs, unsigned status, const char *error, const char *fmt, ...)
{
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    if (rs->f != NULL) {
        fclose(rs->f);
        free(rs->buf);
        rs->f = NULL;
    }
    rs->status = status;
    if (open_body(rs) != 0)
        return;
    bk_json j;
    bk_json_begin(&j, rs->f);
    bk_json_str(&j, "error", error);
    bk_json_str(&j, "detail", detail);
    bk_json_end(&j);
}

void srv_store_error(srv_response *rs, int err, const char *detail)
{
    if (err == BK_EBUSY || err == BK_ESTORE || err == BK_EIO || err == BK_ETIMEOUT) {
        rs->retry_after = "1";
        srv_error(rs, MHD_HTTP_SERVICE_UNAVAILABLE, "store_unavailable", "%s",
                  detail != NULL && detail[0] ? detail : bk_strerror(err));
    } else if (err == BK_ENOMEM) {
        rs->retry_after = "1";
        srv_error(rs, MHD_HTTP_SERVICE_UNAVAILABLE, "out_of_memory", "%s", bk_strerror(err));
    } else {
        srv_error(rs, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "%s",
                  detail != NULL && detail[0] ? detail : bk_strerror(err));
    }
}

const char *srv_arg(const srv_request *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *srv_header(const srv_request *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

/* Queue rs (consumed).  Returns MHD_YES or MHD_NO. */
static enum MHD_Result send_response(srv *s, struct MHD_Connection *conn, req *r, srv_response *rs)
{
    if (rs->f == NULL || fclose(rs->f) != 0) {
        rs->f = NULL;
        free(rs->buf);
        rs->buf = NULL;
        rs->len = 0;
        rs->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
    }
    rs->f = NULL;
    struct MHD_Response *resp;
    if (rs->buf != NULL && rs->len > 0) {
        resp = MHD_create_response_from_buffer(rs->len, rs->buf, MHD_RESPMEM_MUST_FREE);
    } else {
        free(rs->buf);
        rs->len = 0;
        resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    rs->buf = NULL;
    if (resp == NULL)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (rs->allow != NULL)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, rs->allow);
    if (rs->retry_after != NULL)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, rs->retry_after);
    if (rs->status == MHD_HTTP_UNAUTHORIZED)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
                                "Bearer realm=\"bouncekit\"");
    pthread_mutex_lock(&s->mu);
    int stopping = s->stopping;
    pthread_mutex_unlock(&s->mu);
    if (stopping)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    r->status = rs->status;
    r->bytes = rs->len;
    r->answered = 1;
    enum MHD_Result ret = MHD_queue_response(conn, rs->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result send_error(srv *s, struct MHD_Connection *conn, req *r, unsigned status,
                                  const char *error, const char *allow, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static enum MHD_Result send_error(srv *s, struct MHD_Connection *conn, req *r, unsigned status,
                                  const char *error, const char *allow, const char *fmt, ...)
{
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    srv_response rs;
    memset(&rs, 0, sizeof rs);
    srv_error(&rs, status, error, "%s", detail);
    rs.allow = allow;
    return send_response(s, conn, r, &rs);
}

/* ---- worker contexts ------------------------------------------------------ */

srv_ctx *srv_ctx_get(srv *s)
{
    pthread_mutex_lock(&s->mu);
    for (;;) {
        for (int i = 0; i < s->nctx; i++) {
            if (!s->ctx[i].busy) {
                s->ctx[i].busy = 1;
                pthread_mutex_unlock(&s->mu);
                return &s->ctx[i];
            }
        }
        pthread_cond_wait(&s->cv, &s->mu);
    }
}

void srv_ctx_put(srv *s, srv_ctx *c)
{
    if (c->ev != NULL)
        bk_events_clear(c->ev);
    pthread_mutex_lock(&s->mu);
    c->busy = 0;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

/* ---- routing ---------------------------------------------------------------- */

static const char *const ESP_PATHS[] = {"ses", "sendgrid", "mailgun", "postmark", "sparkpost", NULL};
static const bk_esp ESP_IDS[] = {BK_ESP_SES, BK_ESP_SENDGRID, BK_ESP_MAILGUN, BK_ESP_POSTMARK,
                                 BK_ESP_SPARKPOST};

/* The route of a path, and the methods it allows. */
static route find_route(const char *path, const char **allow, bk_esp *esp)
{
    *allow = NULL;
    if (strcmp(path, "/healthz") == 0) {
        *allow = "GET, HEAD";
        return R_HEALTHZ;
    }
    if (strncmp(path, "/v1/", 4) != 0)
        return R_NONE;
    const char *p = path + 4;
    if (strcmp(p, "explain") == 0 || strcmp(p, "parse") == 0 || strcmp(p, "bounces") == 0) {
        *allow = "POST";
        return p[0] == 'e' ? R_EXPLAIN : p[0] == 'p' ? R_PARSE : R_BOUNCES;
    }
    if (strcmp(p, "check") == 0) {
        *allow = "GET, HEAD, POST";
        return R_CHECK;
    }
    if (strcmp(p, "verify") == 0) {
        *allow = "GET, HEAD";
        return R_VERIFY;
    }
    if (strcmp(p, "suppressions") == 0) {
        *allow = "GET, HEAD, POST";
        return R_SUPP;
    }
    /* the rest of the path is the address: a local part may hold '/' */
    if (strncmp(p, "suppressions/", 13) == 0 && p[13] != '\0') {
        *allow = "GET, HEAD, DELETE";
        return R_SUPP_ONE;
    }
    if (strncmp(p, "webhooks/", 9) == 0) {
        for (int i = 0; ESP_PATHS[i] != NULL; i++) {
            if (strcmp(p + 9, ESP_PATHS[i]) == 0) {
                *allow = "POST";
                *esp = ESP_IDS[i];
                return R_WEBHOOK;
            }
        }
    }
    return R_NONE;
}

static int method_allowed(const char *allow, const char *method)
{
    size_t n = strlen(method);
    for (const char *p = allow; *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == n && memcmp(p, method, n) == 0)
            return 1;
        if (e == NULL)
            break;
        p = e + 1;
        while (*p == ' ')
            p++;
    }
    return 0;
}

/* The media types a route takes; "" stands for a request without a
 * Content-Type.  NULL: the route takes no body. */
static const char *const *route_types(route rt)
{
    static const char *const reply[] = {"text/plain", "application/json", "", NULL};
    static const char *const message[] = {"message/rfc822", "text/plain", "application/octet-stream",
                                          "", NULL};
    static const char *const json[] = {"application/json", "", NULL};
    static const char *const lines[] = {"text/plain", "", NULL};
    /* SNS posts its JSON as text/plain. */
    static const char *const hook[] = {"application/json", "text/plain", "", NULL};
    switch (rt) {
    case R_EXPLAIN: return reply;
    case R_PARSE:
    case R_BOUNCES: return message;
    case R_SUPP: return json;
    case R_CHECK: return lines;
    case R_WEBHOOK: return hook;
    default: return NULL;
    }
}

/* "Text/Plain; charset=utf-8" -> "text/plain". */
static void media_type(const char *h, char *out, size_t size)
{
    size_t o = 0;
    if (h != NULL) {
        while (*h == ' ' || *h == '\t')
            h++;
        for (; *h && *h != ';' && *h != ' ' && *h != '\t' && o + 1 < size; h++)
            out[o++] = (char)((*h >= 'A' && *h <= 'Z') ? *h + 32 : *h);
    }
    out[o] = '\0';
}

/* Constant-time comparison of a presented token with ours. */
static int token_equal(const char *want, const char *got, size_t gl)
{
    size_t wl = strlen(want);
    unsigned diff = gl != wl;
    for (size_t i = 0; i < wl; i++)
        diff |= (unsigned char)want[i] ^ (unsigned char)(i < gl ? got[i] : 0);
    return diff == 0;
}

/* Decode base64 (RFC 4648, padding optional) into out; -1 when invalid. */
static int base64_decode(const char *in, size_t n, char *out, size_t size, size_t *olen)
{
    unsigned acc = 0;
    int bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = in[i];
        unsigned v;
        if (c >= 'A' && c <= 'Z') v = (unsigned)(c - 'A');
        else if (c >= 'a' && c <= 'z') v = (unsigned)(c - 'a') + 26;
        else if (c >= '0' && c <= '9') v = (unsigned)(c - '0') + 52;
        else if (c == '+') v = 62;
        else if (c == '/') v = 63;
        else if (c == '=') break;
        else return -1;
        acc = (acc << 6) | v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o >= size)
                return -1;
            out[o++] = (char)((acc >> bits) & 0xFF);
        }
    }
    *olen = o;
    return 0;
}

/* The request carries our token: "Bearer TOKEN", or Basic authentication
 * whose password is the token (any user name), for the ESPs that can only
 * put credentials into the webhook URL (https://bouncekit:TOKEN@host/...). */
static int token_ok(const char *want, const char *auth)
{
    if (auth == NULL)
        return 0;
    int basic = strncasecmp(auth, "Basic ", 6) == 0;
    if (!basic && strncasecmp(auth, "Bearer ", 7) != 0)
        return 0;
    const char *got = auth + (basic ? 6 : 7);
    while (*got == ' ')
        got++;
    size_t gl = strlen(got);
    while (gl > 0 && (got[gl - 1] == ' ' || got[gl - 1] == '\t'))
        gl--;
    if (!basic)
        return token_equal(want, got, gl);
    char dec[2048];
    size_t dl;
    if (base64_decode(got, gl, dec, sizeof dec, &dl) != 0)
        return 0;
    const char *colon = memchr(dec, ':', dl);
    if (colon == NULL)
        return 0;
    return token_equal(want, colon + 1, dl - (size_t)(colon + 1 - dec));
}

/* ---- the request life cycle ------------------------------------------------- */

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static void dispatch(srv *s, req *r, struct MHD_Connection *conn, srv_response *rs)
{
    srv_request rq;
    memset(&rq, 0, sizeof rq);
    rq.method = r->method;
    rq.path = r->path;
    rq.body = r->body != NULL ? r->body : "";
    rq.len = r->len;
    rq.conn = conn;
    media_type(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE),
               rq.ctype, sizeof rq.ctype);
    rs->status = MHD_HTTP_OK;
    switch (r->rt) {
    case R_HEALTHZ: srv_h_healthz(s, &rq, rs); break;
    case R_EXPLAIN: srv_h_explain(s, &rq, rs); break;
    case R_PARSE: srv_h_parse(s, &rq, rs); break;
    case R_CHECK:
        if (strcmp(r->method, "POST") == 0)
            srv_h_check_batch(s, &rq, rs);
        else
            srv_h_check(s, &rq, rs);
        break;
    case R_SUPP:
        if (strcmp(r->method, "POST") == 0)
            srv_h_supp_add(s, &rq, rs);
        else
            srv_h_supp_list(s, &rq, rs);
        break;
    case R_SUPP_ONE:
        if (strcmp(r->method, "DELETE") == 0)
            srv_h_supp_remove(s, &rq, rs, r->path + strlen("/v1/suppressions/"));
        else
            srv_h_why(s, &rq, rs, r->path + strlen("/v1/suppressions/"));
        break;
    case R_BOUNCES: srv_h_bounces(s, &rq, rs); break;
    case R_WEBHOOK: srv_h_webhook(s, &rq, rs, r->esp); break;
    case R_VERIFY: srv_h_verify(s, &rq, rs); break;
    default: srv_error(rs, MHD_HTTP_NOT_FOUND, "not_found", "no such endpoint"); break;
    }
}

/* The checks made once the headers are in: an answer queued here means
 * the body is never read. */
static enum MHD_Result first_call(srv *s, struct MHD_Connection *conn, req *r)
{
    const bk_server_config *cfg = s->cfg;
    const char *allow;
    r->rt = find_route(r->path, &allow, &r->esp);
    if (r->rt != R_HEALTHZ && cfg->token != NULL &&
        !token_ok(cfg->token, MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                          MHD_HTTP_HEADER_AUTHORIZATION)))
        return send_error(s, conn, r, MHD_HTTP_UNAUTHORIZED, "unauthorized", NULL,
                          "a valid 'Authorization: Bearer TOKEN' header (or Basic "
                          "authentication with the token as password) is required");
    if (r->rt == R_NONE)
        return send_error(s, conn, r, MHD_HTTP_NOT_FOUND, "not_found", NULL, "no such endpoint: %s",
                          r->path);
    if (!method_allowed(allow, r->method))
        return send_error(s, conn, r, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed", allow,
                          "%s takes %s", r->path, allow);
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl != NULL) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(cl, &end, 10);
        if (errno == 0 && *end == '\0' && v > cfg->max_body)
            return send_error(s, conn, r, MHD_HTTP_CONTENT_TOO_LARGE, "payload_too_large", NULL,
                              "the body has %llu bytes; this server takes at most %zu", v,
                              cfg->max_body);
    }
    const char *const *types = route_types(r->rt);
    if (types != NULL && strcmp(r->method, "POST") == 0) {
        char mt[64];
        media_type(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE),
                   mt, sizeof mt);
        int ok = 0;
        char list[200] = "";
        size_t o = 0;
        for (const char *const *t = types; *t != NULL; t++) {
            if (strcmp(*t, mt) == 0)
                ok = 1;
            if ((*t)[0] != '\0' && o < sizeof list)
                o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", o ? ", " : "", *t);
        }
        if (!ok)
            return send_error(s, conn, r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                              NULL, "Content-Type %s is not taken here; send %s", mt, list);
    }
    return MHD_YES;
}

static enum MHD_Result access_cb(void *cls, struct MHD_Connection *conn, const char *url,
                                 const char *method, const char *version, const char *upload_data,
                                 size_t *upload_data_size, void **con_cls)
{
    (void)version;
    srv *s = cls;
    req *r = *con_cls;
    if (r == NULL) {
        r = calloc(1, sizeof *r);
        if (r == NULL)
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &r->t0);
        snprintf(r->method, sizeof r->method, "%s", method);
        snprintf(r->logmethod, sizeof r->logmethod, "%s", method);
        /* HEAD is GET without the body (libmicrohttpd drops it). */
        if (strcmp(r->method, "HEAD") == 0)
            snprintf(r->method, sizeof r->method, "GET");
        r->path = strdup(url != NULL ? url : "");
        *con_cls = r;
        pthread_mutex_lock(&s->mu);
        s->inflight++;
        pthread_mutex_unlock(&s->mu);
        if (r->path == NULL)
            return MHD_NO;
        return first_call(s, conn, r);
    }
    if (*upload_data_size > 0) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (r->answered)
            return MHD_YES; /* dropped: the answer is already out */
        if (r->too_big || n > s->cfg->max_body - r->len) {
            /* libmicrohttpd cannot answer before the body is read: read
             * and drop it, up to a bound */
            r->too_big = 1;
            r->dropped += n;
            free(r->body);
            r->body = NULL;
            r->len = r->cap = 0;
            return r->dropped > SRV_DISCARD_MAX ? MHD_NO : MHD_YES;
        }
        if (r->len + n + 1 > r->cap) {
            size_t ncap = r->cap ? r->cap : 16384;
            while (ncap < r->len + n + 1)
                ncap *= 2;
            char *nb = realloc(r->body, ncap);
            if (nb == NULL) {
                /* dropped like a body over the limit, answered 503 */
                r->oom = r->too_big = 1;
                r->dropped += n;
                free(r->body);
                r->body = NULL;
                r->len = r->cap = 0;
                return MHD_YES;
            }
            r->body = nb;
            r->cap = ncap;
        }
        memcpy(r->body + r->len, upload_data, n);
        r->len += n;
        r->body[r->len] = '\0';
        return MHD_YES;
    }
    if (r->answered)
        return MHD_YES;
    if (r->oom)
        return send_error(s, conn, r, MHD_HTTP_SERVICE_UNAVAILABLE, "out_of_memory", NULL,
                          "no memory for the body");
    if (r->too_big)
        return send_error(s, conn, r, MHD_HTTP_CONTENT_TOO_LARGE, "payload_too_large", NULL,
                          "the body is over %zu bytes", s->cfg->max_body);
    srv_response rs;
    memset(&rs, 0, sizeof rs);
    if (open_body(&rs) != 0)
        return MHD_NO;
    dispatch(s, r, conn, &rs);
    return send_response(s, conn, r, &rs);
}

static void complete_cb(void *cls, struct MHD_Connection *conn, void **con_cls,
                        enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    srv *s = cls;
    req *r = *con_cls;
    if (r == NULL)
        return;
    *con_cls = NULL;
    if (!s->cfg->quiet) {
        char line[SRV_LOG_PATH_MAX + 160], t[32];
        bk_store_cli_time((int64_t)time(NULL), t, sizeof t);
        char path[SRV_LOG_PATH_MAX + 1], method[sizeof r->logmethod];
        size_t o = 0;
        for (const char *p = r->logmethod; *p && o + 1 < sizeof method; p++)
            method[o++] = ((unsigned char)*p < 0x21 || (unsigned char)*p >= 0x7f) ? '?' : *p;
        method[o] = '\0';
        o = 0;
        for (const char *p = r->path ? r->path : ""; *p && o < SRV_LOG_PATH_MAX; p++)
            path[o++] = ((unsigned char)*p < 0x21 || *p == 0x7f) ? '?' : *p;
        path[o] = '\0';
        int n = snprintf(line, sizeof line, "%s %s %s %u %zu %.3fms%s\n", t, method, path,
                         r->status, r->bytes, ms_since(&r->t0),
                         toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
        if (n > 0) {
            size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
            /* one write: lines of concurrent requests do not interleave */
            ssize_t w = write(STDERR_FILENO, line, len);
            (void)w;
        }
    }
    free(r->path);
    free(r->body);
    free(r);
    pthread_mutex_lock(&s->mu);
    s->inflight--;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

/* ---- start and stop ----------------------------------------------------------- */

/* Parse "ADDR:PORT", "[ADDR]:PORT" or ":PORT" (all interfaces). */
static int parse_listen(const char *spec, struct sockaddr_storage *ss, socklen_t *sl, int *v6)
{
    char host[256];
    const char *port;
    if (spec[0] == '[') {
        const char *e = strchr(spec, ']');
        if (e == NULL || e[1] != ':' || (size_t)(e - spec - 1) >= sizeof host)
            return -1;
        memcpy(host, spec + 1, (size_t)(e - spec - 1));
        host[e - spec - 1] = '\0';
        port = e + 2;
    } else {
        const char *c = strrchr(spec, ':');
        if (c == NULL || (size_t)(c - spec) >= sizeof host)
            return -1;
        memcpy(host, spec, (size_t)(c - spec));
        host[c - spec] = '\0';
        port = c + 1;
    }
    char *end;
    long p = strtol(port, &end, 10);
    if (port[0] == '\0' || *end != '\0' || p < 0 || p > 65535)
        return -1;
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host[0] ? host : NULL, port, &hints, &res) != 0 || res == NULL)
        return -1;
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *sl = res->ai_addrlen;
    *v6 = res->ai_family == AF_INET6;
    freeaddrinfo(res);
    return 0;
}

static void format_addr(const struct sockaddr_storage *ss, unsigned port, char *out, size_t size)
{
    char host[INET6_ADDRSTRLEN + 2] = "?";
    getnameinfo((const struct sockaddr *)ss,
                ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in),
                host, sizeof host, NULL, 0, NI_NUMERICHOST);
    if (ss->ss_family == AF_INET6)
        snprintf(out, size, "[%s]:%u", host, port);
    else
        snprintf(out, size, "%s:%u", host, port);
}

int bk_server_run(const bk_server_config *cfg)
{
    const char *prog = "bouncekit serve";
    char why[512];
    if (mhd_load(why, sizeof why) != 0) {
        fprintf(stderr, "%s: %s\n", prog, why);
        return BK_EX_UNAVAILABLE;
    }
    struct sockaddr_storage ss;
    socklen_t sl;
    int v6;
    memset(&ss, 0, sizeof ss);
    if (parse_listen(cfg->listen, &ss, &sl, &v6) != 0) {
        fprintf(stderr, "%s: --listen '%s': give ADDR:PORT, [IPV6]:PORT (numeric)\n", prog,
                cfg->listen);
        return BK_EXIT_USAGE;
    }
    srv s;
    memset(&s, 0, sizeof s);
    s.cfg = cfg;
    pthread_mutex_init(&s.mu, NULL);
    pthread_cond_init(&s.cv, NULL);
    int rc = srv_open(&s);
    if (rc != 0) {
        srv_close(&s);
        return rc;
    }

    /* The signals are taken by sigwait() in this thread: block them before
     * the daemon's threads start, so that they inherit the mask. */
    sigset_t sigs, old;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, &old);
    signal(SIGPIPE, SIG_IGN);

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC;
    if (v6)
        flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, access_cb, &s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)SRV_CONNECTION_LIMIT, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)SRV_CONNECTION_TIMEOUT, MHD_OPTION_NOTIFY_COMPLETED, complete_cb, &s,
        MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "%s: cannot listen on %s: %s\n", prog, cfg->listen, strerror(errno));
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        srv_close(&s);
        return BK_EX_UNAVAILABLE;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char where[INET6_ADDRSTRLEN + 16];
    format_addr(&ss, info != NULL ? info->port : 0, where, sizeof where);
    fprintf(stderr, "%s: listening on http://%s/ (%d threads%s)\n", prog, where, cfg->threads,
            cfg->token ? ", token required" : "");
    int loopback = v6 ? IN6_IS_ADDR_LOOPBACK(&((struct sockaddr_in6 *)&ss)->sin6_addr)
                      : (ntohl(((struct sockaddr_in *)&ss)->sin_addr.s_addr) >> 24) == 127;
    if (!loopback && cfg->token == NULL)
        fprintf(stderr, "%s: warning: no --token-file, and %s is not loopback: anyone who reaches "
                        "it can change the suppression list\n", prog, where);

    int sig = 0;
    while (sigwait(&sigs, &sig) != 0)
        ;
    fprintf(stderr, "%s: %s received; finishing the requests in flight\n", prog,
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    pthread_mutex_lock(&s.mu);
    s.stopping = 1;
    pthread_mutex_unlock(&s.mu);
    MHD_socket lfd = MHD_quiesce_daemon(d);
    if (lfd != MHD_INVALID_SOCKET)
        close(lfd);
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += SRV_STOP_GRACE;
    pthread_mutex_lock(&s.mu);
    while (s.inflight > 0)
        if (pthread_cond_timedwait(&s.cv, &s.mu, &deadline) != 0)
            break;
    int left = s.inflight;
    pthread_mutex_unlock(&s.mu);
    MHD_stop_daemon(d);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    srv_close(&s);
    if (left > 0)
        fprintf(stderr, "%s: stopped with %d requests unanswered\n", prog, left);
    else
        fprintf(stderr, "%s: stopped\n", prog);
    return 0;
}
