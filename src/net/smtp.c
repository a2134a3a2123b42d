/*
 * smtp.c - the SMTP probe: does the mailbox exist?
 *
 * For each domain: the MX hosts in preference order (the domain itself for
 * an implicit MX) until one greets; EHLO; STARTTLS when offered (OpenSSL,
 * opportunistic: a probe sends nothing secret, so the certificate is not
 * checked); MAIL FROM; RCPT TO for every address of the domain on the one
 * connection, then RCPT TO a random address of the domain (catch-all
 * test); RSET, QUIT.  Never DATA.
 *
 * Replies are judged by bk_reply_classify(), the classifier of "bouncekit
 * explain".  A recipient answered with a 4xx (to MAIL FROM or RCPT TO),
 * or not asked because the host did not greet, is handed to the next MX
 * host in preference order; 4xx replies that remain after the last host
 * are retried once, on all hosts again, after smtp_retry_ms; if they
 * persist the result is unknown.
 *
 * Domains are worked on by smtp_concurrency threads (one connection per
 * domain at a time, at most smtp_per_host at once to one MX host name
 * across domains), new connections are spaced by smtp_rate, and when
 * the first hosts tried all fail to connect, port 25 is declared
 * unreachable for the run instead of timing out host after host.
 *
 * OpenSSL's libssl is loaded when a probe starts, not when the program
 * does: loading and relocating libssl and libcrypto is most of the
 * dynamic loader's work at start-up, which every other command of the
 * tool would pay for.  Without a loadable libssl the probe goes on
 * without STARTTLS.
 */
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/opensslv.h>
#include <openssl/ssl.h>

#include "net_internal.h"

/* A transcript longer than this is cut: it is for reading, not archiving. */
#define SMTP_TRANSCRIPT_MAX (64 * 1024)
/* Connection failures in a row, with no success at all, before port 25 is
 * declared unreachable for the rest of the run. */
#define SMTP_UNREACHABLE_AFTER 3
/* Recipients per connection before a new one (servers limit RCPTs). */
#define SMTP_RCPT_PER_CONN 50
/* Worker threads at most; also the size of the table of hosts in use (a
 * thread holds at most one connection). */
#define SMTP_THREADS_MAX 64
/* Connections at once to one MX host when smtp_per_host is 0: big
 * providers serve many domains from one MX name and throttle or block a
 * client that opens many connections. */
#define SMTP_PER_HOST_DEFAULT 2

/* The shared object loaded: the ABI that <openssl/ssl.h> describes. */
#define TLS_STR_(x) #x
#define TLS_STR(x) TLS_STR_(x)
#define TLS_SONAME "libssl.so." TLS_STR(OPENSSL_SHLIB_VERSION)

/* The libssl functions the probe calls. */
typedef struct tls_api {
    const SSL_METHOD *(*client_method)(void);
    SSL_CTX *(*ctx_new)(const SSL_METHOD *);
    void (*ctx_set_verify)(SSL_CTX *, int, SSL_verify_cb);
    void (*ctx_free)(SSL_CTX *);
    SSL *(*ssl_new)(SSL_CTX *);
    int (*set_fd)(SSL *, int);
    long (*ctrl)(SSL *, int, long, void *);
    int (*connect)(SSL *);
    int (*get_error)(const SSL *, int);
    int (*read)(SSL *, void *, int);
    int (*write)(SSL *, const void *, int);
    int (*shutdown)(SSL *);
    void (*free)(SSL *);
    const char *(*get_version)(const SSL *);
} tls_api;

/* Load libssl (it stays loaded: NODELETE) and look up the functions;
 * 0 when it is not there or lacks one. */
static int tls_load(tls_api *t)
{
    static const char *const names[] = {
        "TLS_client_method", "SSL_CTX_new", "SSL_CTX_set_verify", "SSL_CTX_free",
        "SSL_new", "SSL_set_fd", "SSL_ctrl", "SSL_connect", "SSL_get_error",
        "SSL_read", "SSL_write", "SSL_shutdown", "SSL_free", "SSL_get_version"};
    enum { NFUNCS = sizeof names / sizeof names[0] };
    void *f[NFUNCS];
    void *h = dlopen(TLS_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (h == NULL)
        return 0;
    for (size_t i = 0; i < NFUNCS; i++) {
        f[i] = dlsym(h, names[i]);
        if (f[i] == NULL) {
            dlclose(h);
            return 0;
        }
    }
    /* POSIX: a function pointer round-trips through void * from dlsym */
    memcpy(&t->client_method, &f[0], sizeof f[0]);
    memcpy(&t->ctx_new, &f[1], sizeof f[1]);
    memcpy(&t->ctx_set_verify, &f[2], sizeof f[2]);
    memcpy(&t->ctx_free, &f[3], sizeof f[3]);
    memcpy(&t->ssl_new, &f[4], sizeof f[4]);
    memcpy(&t->set_fd, &f[5], sizeof f[5]);
    memcpy(&t->ctrl, &f[6], sizeof f[6]);
    memcpy(&t->connect, &f[7], sizeof f[7]);
    memcpy(&t->get_error, &f[8], sizeof f[8]);
    memcpy(&t->read, &f[9], sizeof f[9]);
    memcpy(&t->write, &f[10], sizeof f[10]);
    memcpy(&t->shutdown, &f[11], sizeof f[11]);
    memcpy(&t->free, &f[12], sizeof f[12]);
    memcpy(&t->get_version, &f[13], sizeof f[13]);
    dlclose(h); /* NODELETE: the functions stay */
    return 1;
}

/* An MX host with connections open (busy > 0), by name. */
typedef struct host_slot {
    const char *host;
    int busy;
} host_slot;

typedef struct conn {
    int fd;
    SSL *ssl;
    char buf[4096];
    size_t blen;
    int timeout_ms;
    bk_buf *tr;
    const tls_api *tls; /* set with ssl */
} conn;

typedef struct shared {
    const bk_verify_options *o;
    bk__smtp_job *jobs;
    size_t n;
    size_t *order;   /* jobs sorted by domain */
    size_t *groups;  /* start index (in order) of each domain group */
    size_t ngroups, next_group;
    pthread_mutex_t mu;
    int connect_ok, connect_fail; /* counts, for the unreachable rule */
    int unreachable;
    struct timespec next_connect;
    tls_api api;
    SSL_CTX *tls;    /* NULL: no STARTTLS (libssl not loaded, or no context) */
    int per_host;                        /* limit of connections per host */
    host_slot hosts[SMTP_THREADS_MAX];   /* under mu */
    pthread_cond_t host_cv;              /* a slot was released */
} shared;

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static void tr_line(conn *c, const char *who, const char *s, size_t n)
{
    if (c->tr == NULL || c->tr->len > SMTP_TRANSCRIPT_MAX)
        return;
    bk__buf_puts(c->tr, who);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\r' || ch == '\n')
            continue;
        bk__buf_putc(c->tr, ch < 0x20 || ch == 0x7f ? '?' : ch);
    }
    bk__buf_putc(c->tr, '\n');
}

static int wait_fd(int fd, short ev, int ms)
{
    struct pollfd p = {fd, ev, 0};
    int r;
    do
        r = poll(&p, 1, ms);
    while (r < 0 && errno == EINTR);
    return r > 0 ? 1 : (r == 0 ? 0 : -1);
}

static int conn_write(conn *c, const char *s, size_t n)
{
    size_t off = 0;
    while (off < n) {
        ssize_t w;
        if (c->ssl != NULL) {
            int r = c->tls->write(c->ssl, s + off, (int)(n - off));
            if (r <= 0) {
                int e = c->tls->get_error(c->ssl, r);
                if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
                    if (wait_fd(c->fd, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, c->timeout_ms) <= 0)
                        return BK_ETIMEOUT;
                    continue;
                }
                return BK_ENET;
            }
            w = r;
        } else {
            w = send(c->fd, s + off, n - off, MSG_NOSIGNAL);
            if (w < 0) {
                if (errno == EAGAIN || errno == EINTR) {
                    if (wait_fd(c->fd, POLLOUT, c->timeout_ms) <= 0)
                        return BK_ETIMEOUT;
                    continue;
                }
                return BK_ENET;
            }
        }
        off += (size_t)w;
    }
    return BK_OK;
}

static int conn_fill(conn *c)
{
    if (c->blen == sizeof c->buf)
        return BK_ETOOBIG;
    for (;;) {
        ssize_t r;
        if (c->ssl != NULL) {
            int k = c->tls->read(c->ssl, c->buf + c->blen, (int)(sizeof c->buf - c->blen));
            if (k <= 0) {
                int e = c->tls->get_error(c->ssl, k);
                if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
                    if (wait_fd(c->fd, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, c->timeout_ms) <= 0)
                        return BK_ETIMEOUT;
                    continue;
                }
                return BK_ENET;
            }
            r = k;
        } else {
            int w = wait_fd(c->fd, POLLIN, c->timeout_ms);
            if (w == 0)
                return BK_ETIMEOUT;
            if (w < 0)
                return BK_ENET;
            r = recv(c->fd, c->buf + c->blen, sizeof c->buf - c->blen, 0);
            if (r < 0 && (errno == EAGAIN || errno == EINTR))
                continue;
            if (r <= 0)
                return BK_ENET;
        }
        c->blen += (size_t)r;
        return BK_OK;
    }
}

/* Read one reply (all lines of a multi-line one) into reply (NUL-ended,
 * lines joined by "\n").  Returns the reply code, or a negative bk_err. */
static int read_reply(conn *c, char *reply, size_t size)
{
    size_t rl = 0;
    reply[0] = '\0';
    for (;;) {
        char *nl = memchr(c->buf, '\n', c->blen);
        if (nl == NULL) {
            int rc = conn_fill(c);
            if (rc != BK_OK)
                return rc;
            continue;
        }
        size_t ll = (size_t)(nl - c->buf) + 1;
        size_t body = ll;
        while (body > 0 && (c->buf[body - 1] == '\n' || c->buf[body - 1] == '\r'))
            body--;
        tr_line(c, "S: ", c->buf, body);
        if (rl + body + 2 < size) {
            if (rl > 0)
                reply[rl++] = '\n';
            memcpy(reply + rl, c->buf, body);
            rl += body;
            reply[rl] = '\0';
        }
        int last = body < 4 || c->buf[3] != '-';
        int code = 0;
        if (body >= 3 && bk__is_digit(c->buf[0]) && bk__is_digit(c->buf[1]) && bk__is_digit(c->buf[2]))
            code = (c->buf[0] - '0') * 100 + (c->buf[1] - '0') * 10 + (c->buf[2] - '0');
        memmove(c->buf, c->buf + ll, c->blen - ll);
        c->blen -= ll;
        if (last)
            return code > 0 ? code : BK_EMALFORMED;
    }
}

static int command(conn *c, const char *cmd, char *reply, size_t size)
{
    tr_line(c, "C: ", cmd, strlen(cmd));
    char line[1100];
    int n = snprintf(line, sizeof line, "%s\r\n", cmd);
    if (n < 0 || (size_t)n >= sizeof line)
        return BK_ETOOBIG;
    int rc = conn_write(c, line, (size_t)n);
    if (rc != BK_OK)
        return rc;
    return read_reply(c, reply, size);
}

static void conn_close(conn *c)
{
    if (c->ssl != NULL) {
        c->tls->shutdown(c->ssl);
        c->tls->free(c->ssl);
        c->ssl = NULL;
    }
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
}

static void pace(shared *sh)
{
    if (sh->o->smtp_rate <= 0)
        return;
    pthread_mutex_lock(&sh->mu);
    struct timespec now, wait = {0, 0};
    clock_gettime(CLOCK_MONOTONIC, &now);
    long gap_ns = 1000000000L / sh->o->smtp_rate;
    long d = (sh->next_connect.tv_sec - now.tv_sec) * 1000000000L +
             (sh->next_connect.tv_nsec - now.tv_nsec);
    struct timespec base = d > 0 ? sh->next_connect : now;
    if (d > 0) {
        wait.tv_sec = d / 1000000000L;
        wait.tv_nsec = d % 1000000000L;
    }
    base.tv_nsec += gap_ns;
    base.tv_sec += base.tv_nsec / 1000000000L;
    base.tv_nsec %= 1000000000L;
    sh->next_connect = base;
    pthread_mutex_unlock(&sh->mu);
    if (wait.tv_sec > 0 || wait.tv_nsec > 0)
        nanosleep(&wait, NULL);
}

/* Wait until fewer than per_host connections to host are open, and take
 * one.  Host names compare case-insensitively; every thread holds at most
 * one slot, so a free entry always exists. */
static void host_acquire(shared *sh, const char *host)
{
    pthread_mutex_lock(&sh->mu);
    for (;;) {
        host_slot *hit = NULL, *empty = NULL;
        for (size_t i = 0; i < SMTP_THREADS_MAX; i++) {
            host_slot *s = &sh->hosts[i];
            if (s->busy > 0 && strcasecmp(s->host, host) == 0)
                hit = s;
            else if (s->busy == 0 && empty == NULL)
                empty = s;
        }
        if (hit != NULL && hit->busy >= sh->per_host) {
            pthread_cond_wait(&sh->host_cv, &sh->mu);
            continue;
        }
        if (hit != NULL) {
            hit->busy++;
        } else if (empty != NULL) {
            empty->host = host;
            empty->busy = 1;
        }
        break;
    }
    pthread_mutex_unlock(&sh->mu);
}

static void host_release(shared *sh, const char *host)
{
    pthread_mutex_lock(&sh->mu);
    for (size_t i = 0; i < SMTP_THREADS_MAX; i++) {
        host_slot *s = &sh->hosts[i];
        if (s->busy > 0 && strcasecmp(s->host, host) == 0) {
            s->busy--;
            break;
        }
    }
    pthread_cond_broadcast(&sh->host_cv);
    pthread_mutex_unlock(&sh->mu);
}

/* Only connections (each address tried) say something about the port:
 * a name that does not resolve does not count. */
static void count_connect(shared *sh, int ok)
{
    pthread_mutex_lock(&sh->mu);
    if (ok)
        sh->connect_ok++;
    else
        sh->connect_fail++;
    pthread_mutex_unlock(&sh->mu);
}

/* Whether the unreachable rule holds already: then a host's remaining
 * addresses are not tried (each could cost a whole timeout). */
static int port_looks_blocked(shared *sh)
{
    pthread_mutex_lock(&sh->mu);
    int b = sh->connect_ok == 0 && sh->connect_fail >= SMTP_UNREACHABLE_AFTER;
    pthread_mutex_unlock(&sh->mu);
    return b;
}

/* Connect to host:port with a timeout, trying the host's addresses in
 * turn until one answers; each failure is noted in the transcript.
 * Returns the fd, -1 when no address could be connected to, -2 when the
 * host name did not resolve. */
static int dial(shared *sh, const char *host, bk_buf *tr)
{
    struct sockaddr_storage ss[BK__HOST_ADDRS_MAX];
    unsigned slu[BK__HOST_ADDRS_MAX];
    size_t na = 0;
    if (bk__dns_resolve_host(sh->o, host, ss, slu, BK__HOST_ADDRS_MAX, &na) != BK_OK) {
        bk__buf_printf(tr, "* cannot resolve %s\n", host);
        return -2;
    }
    int port = sh->o->smtp_port > 0 ? sh->o->smtp_port : 25;
    for (size_t a = 0; a < na && !port_looks_blocked(sh); a++) {
        char addr[INET6_ADDRSTRLEN] = "?";
        if (ss[a].ss_family == AF_INET) {
            struct sockaddr_in *sin = (struct sockaddr_in *)&ss[a];
            sin->sin_port = htons((uint16_t)port);
            inet_ntop(AF_INET, &sin->sin_addr, addr, sizeof addr);
        } else {
            struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss[a];
            sin6->sin6_port = htons((uint16_t)port);
            inet_ntop(AF_INET6, &sin6->sin6_addr, addr, sizeof addr);
        }
        pace(sh);
        int fd = socket(ss[a].ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0) {
            bk__buf_printf(tr, "* socket: %s\n", strerror(errno));
            continue;
        }
        if (connect(fd, (struct sockaddr *)&ss[a], (socklen_t)slu[a]) < 0 &&
            errno != EINPROGRESS) {
            bk__buf_printf(tr, "* connect to %s [%s] port %d: %s\n", host, addr, port,
                           strerror(errno));
            close(fd);
            count_connect(sh, 0);
            continue;
        }
        int w = wait_fd(fd, POLLOUT, sh->o->smtp_timeout_ms > 0 ? sh->o->smtp_timeout_ms : 10000);
        int soerr = 0;
        socklen_t el = sizeof soerr;
        if (w <= 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &el) < 0 || soerr != 0) {
            bk__buf_printf(tr, "* connect to %s [%s] port %d: %s\n", host, addr, port,
                           w == 0 ? "timed out" : strerror(soerr ? soerr : errno));
            close(fd);
            count_connect(sh, 0);
            continue;
        }
        count_connect(sh, 1);
        if (na > 1)
            bk__buf_printf(tr, "* connected to %s [%s]\n", host, addr);
        return fd;
    }
    if (port_looks_blocked(sh))
        bk__buf_printf(tr, "* port %d looks unreachable from here: no more addresses of %s tried\n",
                       port, host);
    return -1;
}

static void random_local(char *out, size_t size)
{
    static const char al[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char r[16];
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
        for (size_t i = 0; i < sizeof r; i++)
            r[i] = (unsigned char)(now_ms() >> (i % 8));
    size_t n = 0;
    const char *pfx = "bk-probe-";
    while (*pfx && n + 1 < size)
        out[n++] = *pfx++;
    for (size_t i = 0; i < sizeof r && n + 1 < size; i++)
        out[n++] = al[r[i] % (sizeof al - 1)];
    out[n] = '\0';
}

/* The judgement of one RCPT reply. */
static void judge_rcpt(bk_verify_result *r, int code, const char *reply)
{
    bk_smtp_probe *p = &r->smtp;
    p->reply_code = code;
    p->reason = BK_REASON_UNDEFINED;
    p->status[0] = '\0';
    bk_reply_info info;
    if (bk_reply_classify(reply, strlen(reply), &info) == BK_OK) {
        p->reason = info.reason;
        if (info.has_status)
            snprintf(p->status, sizeof p->status, "%s", info.status_text);
    }
    p->accepted = code >= 200 && code < 300;
    p->tempfail = code >= 400 && code < 500;
}

/* Apply the final judgement of a probe to a result's reasons. */
static void finish(bk_verify_result *r)
{
    bk_smtp_probe *p = &r->smtp;
    if (!p->connected)
        return;
    if (p->accepted) {
        if (p->catch_all == 1)
            r->reasons |= BK_VR_CATCH_ALL;
        return;
    }
    if (p->reply_code == 0) {
        r->reasons |= BK_VR_SMTP_UNREACHABLE;
        return;
    }
    bk_class cls = p->reply_code >= 500 ? BK_CLASS_PERMANENT : BK_CLASS_TRANSIENT;
    int policy = p->status[0] == '5' && strncmp(p->status + 1, ".7.", 3) == 0;
    if (p->reason == BK_REASON_MAILBOXFULL) {
        r->reasons |= BK_VR_MAILBOX_FULL;
    } else if (cls == BK_CLASS_TRANSIENT) {
        r->reasons |= BK_VR_SMTP_TEMPFAIL;
    } else if (policy) {
        r->reasons |= BK_VR_SMTP_BLOCKED;
    } else if (p->reason == BK_REASON_USERUNKNOWN || p->reason == BK_REASON_HASMOVED ||
               (p->status[0] == '5' && strncmp(p->status + 1, ".1.", 3) == 0)) {
        r->reasons |= BK_VR_MAILBOX_NOT_FOUND;
    } else if (bk_reason_bounce(p->reason, cls) == BK_BOUNCE_HARD) {
        r->reasons |= BK_VR_SMTP_REJECTED;
    } else {
        r->reasons |= BK_VR_SMTP_BLOCKED;
    }
}

/* Whether a recipient still needs an answer: not yet asked, or answered
 * with a 4xx (which the next MX host, or a later retry, may settle). */
static int unsettled(const bk_verify_result *r)
{
    return !r->smtp.connected || r->smtp.tempfail;
}

/* A host that greets or answers HELO with a 4xx (e.g. 421 busy): the
 * recipients not settled yet take that reply (so they go on to the next
 * host, the retry, and end as a temporary failure rather than as
 * unreachable); returns 1.  Any other failure: 0, the host is unusable. */
static int tempfail_all(shared *sh, const char *host, size_t *idx, size_t n, int code,
                        const char *reply)
{
    if (code < 400 || code >= 500)
        return 0;
    for (size_t k = 0; k < n; k++) {
        bk_verify_result *r = sh->jobs[idx[k]].r;
        if (!unsettled(r))
            continue;
        r->smtp.connected = 1;
        r->smtp.tls = 0;
        r->smtp.host = host;
        judge_rcpt(r, code, reply);
    }
    return 1;
}

/* One session with one host for the jobs idx[0..n).  Returns 1 when the
 * host greeted (the jobs got answers, maybe 4xx), 0 when it could not be
 * used (try the next host). */
static int session_with(shared *sh, const char *host, const char *domain, size_t *idx,
                        size_t n, bk_buf *tr)
{
    const bk_verify_options *o = sh->o;
    char reply[8192];
    char cmd[1100];
    bk__buf_printf(tr, "* connecting to %s port %d\n", host, o->smtp_port > 0 ? o->smtp_port : 25);
    int fd = dial(sh, host, tr);
    if (fd < 0)
        return 0;
    conn c = {fd, NULL, {0}, 0, o->smtp_timeout_ms > 0 ? o->smtp_timeout_ms : 10000, tr, NULL};
    int code = read_reply(&c, reply, sizeof reply);
    if (code != 220) {
        conn_close(&c);
        return tempfail_all(sh, host, idx, n, code, reply);
    }
    snprintf(cmd, sizeof cmd, "EHLO %s", o->helo_name ? o->helo_name : "localhost");
    code = command(&c, cmd, reply, sizeof reply);
    if (code != 250) {
        snprintf(cmd, sizeof cmd, "HELO %s", o->helo_name ? o->helo_name : "localhost");
        code = command(&c, cmd, reply, sizeof reply);
        if (code != 250) {
            conn_close(&c);
            return tempfail_all(sh, host, idx, n, code, reply);
        }
    }
    int tls = 0, smtputf8 = 0;
    if (bk__imemmem(reply, strlen(reply), "STARTTLS", 8) != NULL && o->starttls && sh->tls != NULL) {
        code = command(&c, "STARTTLS", reply, sizeof reply);
        if (code == 220) {
            c.tls = &sh->api;
            c.ssl = c.tls->ssl_new(sh->tls);
            if (c.ssl == NULL || !c.tls->set_fd(c.ssl, c.fd)) {
                conn_close(&c);
                return 0;
            }
            /* SSL_set_tlsext_host_name(), a macro of SSL_ctrl() */
            c.tls->ctrl(c.ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, (void *)(uintptr_t)host);
            int hr;
            while ((hr = c.tls->connect(c.ssl)) != 1) {
                int e = c.tls->get_error(c.ssl, hr);
                if ((e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) ||
                    wait_fd(c.fd, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, c.timeout_ms) <= 0) {
                    bk__buf_printf(tr, "* TLS handshake failed\n");
                    conn_close(&c);
                    return 0;
                }
            }
            tls = 1;
            bk__buf_printf(tr, "* TLS %s\n", c.tls->get_version(c.ssl));
            c.blen = 0;
            snprintf(cmd, sizeof cmd, "EHLO %s", o->helo_name ? o->helo_name : "localhost");
            code = command(&c, cmd, reply, sizeof reply);
            if (code != 250) {
                conn_close(&c);
                return 0;
            }
        }
    }
    if (bk__imemmem(reply, strlen(reply), "SMTPUTF8", 8) != NULL)
        smtputf8 = 1;
    int need_utf8 = 0;
    for (size_t k = 0; k < n; k++)
        if (sh->jobs[idx[k]].r->syntax.smtputf8)
            need_utf8 = 1;
    snprintf(cmd, sizeof cmd, "MAIL FROM:<%s>%s", o->mail_from ? o->mail_from : "",
             need_utf8 && smtputf8 ? " SMTPUTF8" : "");
    code = command(&c, cmd, reply, sizeof reply);
    if (code != 250) {
        /* The sender was refused: every recipient asked gets that
         * judgement (a 4xx leaves them for the next host). */
        for (size_t k = 0; k < n; k++) {
            bk_verify_result *r = sh->jobs[idx[k]].r;
            if (!unsettled(r))
                continue;
            r->smtp.connected = 1;
            r->smtp.tls = tls;
            r->smtp.host = host;
            if (code > 0)
                judge_rcpt(r, code, reply);
        }
        command(&c, "QUIT", reply, sizeof reply);
        conn_close(&c);
        return 1;
    }
    int any_accepted = 0;
    unsigned char asked[SMTP_RCPT_PER_CONN] = {0};
    for (size_t k = 0; k < n; k++) {
        bk_verify_result *r = sh->jobs[idx[k]].r;
        if (!unsettled(r))
            continue;
        asked[k] = 1;
        r->smtp.connected = 1;
        r->smtp.tls = tls;
        r->smtp.host = host;
        snprintf(cmd, sizeof cmd, "RCPT TO:<%s>", r->syntax.normalized);
        code = command(&c, cmd, reply, sizeof reply);
        if (code < 0) {
            bk__buf_printf(tr, "* %s\n", bk_strerror(code));
            if (code == BK_ETIMEOUT)
                r->reasons |= BK_VR_TIMEOUT;
            break;
        }
        judge_rcpt(r, code, reply);
        if (r->smtp.accepted)
            any_accepted = 1;
    }
    if (any_accepted) {
        char loc[64];
        random_local(loc, sizeof loc);
        snprintf(cmd, sizeof cmd, "RCPT TO:<%s@%s>", loc, domain);
        code = command(&c, cmd, reply, sizeof reply);
        int ca = code >= 200 && code < 300 ? 1 : (code >= 500 ? 0 : -1);
        for (size_t k = 0; k < n; k++)
            if (asked[k])
                sh->jobs[idx[k]].r->smtp.catch_all = ca;
    }
    command(&c, "RSET", reply, sizeof reply);
    command(&c, "QUIT", reply, sizeof reply);
    conn_close(&c);
    return 1;
}

/* session_with() inside the host's connection limit. */
static int session(shared *sh, const char *host, const char *domain, size_t *idx, size_t n,
                   bk_buf *tr)
{
    host_acquire(sh, host);
    int rc = session_with(sh, host, domain, idx, n, tr);
    host_release(sh, host);
    return rc;
}

static int any_unsettled(const shared *sh, const size_t *idx, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (unsettled(sh->jobs[idx[k]].r))
            return 1;
    return 0;
}

static void probe_group(shared *sh, size_t g)
{
    size_t from = sh->groups[g], to = g + 1 < sh->ngroups ? sh->groups[g + 1] : sh->n;
    size_t *idx = sh->order + from;
    size_t n = to - from;
    bk__smtp_job *first = &sh->jobs[idx[0]];
    const bk__dns_entry *e = first->dns;
    const char *domain = first->r->syntax.domain;
    bk_buf tr;
    bk__buf_init(&tr, SMTP_TRANSCRIPT_MAX + 4096);
    for (size_t k = 0; k < n; k++)
        sh->jobs[idx[k]].r->smtp.attempted = 1;

    int unreachable;
    pthread_mutex_lock(&sh->mu);
    unreachable = sh->unreachable;
    pthread_mutex_unlock(&sh->mu);

    int done = 0;
    if (unreachable) {
        bk__buf_printf(&tr, "* port %d is unreachable from here: not probed\n",
                       sh->o->smtp_port > 0 ? sh->o->smtp_port : 25);
    } else {
        size_t nh = e->status == BK__DNS_MX ? e->n_mx : 1;
        /* The hosts in preference order, each asked only about what the
         * hosts before it left unsettled (never reached, or a 4xx); then,
         * when 4xx replies remain, one more round after smtp_retry_ms. */
        for (int round = 0; round < 2; round++) {
            if (round == 1) {
                if (!done || !any_unsettled(sh, idx, n))
                    break;
                if (sh->o->smtp_retry_ms > 0) {
                    struct timespec w = {sh->o->smtp_retry_ms / 1000,
                                         (sh->o->smtp_retry_ms % 1000) * 1000000L};
                    nanosleep(&w, NULL);
                }
                bk__buf_printf(&tr, "* retrying after a temporary failure\n");
            }
            for (size_t h = 0; h < nh && any_unsettled(sh, idx, n); h++) {
                const char *host = e->status == BK__DNS_MX ? e->mx[h] : e->name;
                if (h > 0 || round > 0)
                    bk__buf_printf(&tr, "* %s: trying %s\n",
                                   done ? "temporary failure" : "no answer", host);
                for (size_t s = 0; s < n; s += SMTP_RCPT_PER_CONN) {
                    size_t m = n - s < SMTP_RCPT_PER_CONN ? n - s : SMTP_RCPT_PER_CONN;
                    if (!any_unsettled(sh, idx + s, m))
                        continue;
                    if (!session(sh, host, domain, idx + s, m, &tr))
                        break;
                    done = 1;
                }
            }
        }
        pthread_mutex_lock(&sh->mu);
        if (!done && sh->connect_ok == 0 && sh->connect_fail >= SMTP_UNREACHABLE_AFTER)
            sh->unreachable = 1;
        pthread_mutex_unlock(&sh->mu);
    }
    for (size_t k = 0; k < n; k++) {
        bk_verify_result *r = sh->jobs[idx[k]].r;
        if (!done || !r->smtp.connected)
            r->reasons |= BK_VR_SMTP_UNREACHABLE;
        else
            finish(r);
        if (tr.err == 0 && tr.data != NULL) {
            r->smtp.transcript = malloc(tr.len + 1);
            if (r->smtp.transcript != NULL)
                memcpy(r->smtp.transcript, tr.data, tr.len + 1);
        }
    }
    bk__buf_free(&tr);
}

static void *worker(void *arg)
{
    shared *sh = arg;
    for (;;) {
        pthread_mutex_lock(&sh->mu);
        size_t g = sh->next_group < sh->ngroups ? sh->next_group++ : SIZE_MAX;
        pthread_mutex_unlock(&sh->mu);
        if (g == SIZE_MAX)
            return NULL;
        probe_group(sh, g);
    }
}

static int by_domain(const void *a, const void *b)
{
    const bk__smtp_job *const *x = a, *const *y = b;
    if ((*x)->dns != (*y)->dns)
        return (*x)->dns < (*y)->dns ? -1 : 1;
    return *x < *y ? -1 : (*x > *y);
}

int bk__smtp_probe_all(const bk_verify_options *o, bk__smtp_job *jobs, size_t n)
{
    if (n == 0)
        return BK_OK;
    shared sh;
    memset(&sh, 0, sizeof sh);
    sh.o = o;
    sh.jobs = jobs;
    sh.n = n;
    sh.order = malloc(n * sizeof *sh.order);
    sh.groups = malloc(n * sizeof *sh.groups);
    const bk__smtp_job **ptrs = malloc(n * sizeof *ptrs);
    if (sh.order == NULL || sh.groups == NULL || ptrs == NULL) {
        free(sh.order);
        free(sh.groups);
        free(ptrs);
        return BK_ENOMEM;
    }
    /* Group by domain (the DNS entry), keeping input order inside. */
    for (size_t i = 0; i < n; i++)
        ptrs[i] = &jobs[i];
    qsort(ptrs, n, sizeof *ptrs, by_domain);
    for (size_t i = 0; i < n; i++) {
        sh.order[i] = (size_t)(ptrs[i] - jobs);
        if (i == 0 || ptrs[i]->dns != ptrs[i - 1]->dns)
            sh.groups[sh.ngroups++] = i;
    }
    free(ptrs);
    pthread_mutex_init(&sh.mu, NULL);
    pthread_cond_init(&sh.host_cv, NULL);
    sh.per_host = o->smtp_per_host > 0 ? o->smtp_per_host : SMTP_PER_HOST_DEFAULT;
    sh.tls = tls_load(&sh.api) ? sh.api.ctx_new(sh.api.client_method()) : NULL;
    if (sh.tls != NULL)
        sh.api.ctx_set_verify(sh.tls, SSL_VERIFY_NONE, NULL);
    size_t nt = o->smtp_concurrency > 0 ? (size_t)o->smtp_concurrency : 8;
    if (nt > sh.ngroups)
        nt = sh.ngroups;
    pthread_t th[SMTP_THREADS_MAX];
    if (nt > SMTP_THREADS_MAX)
        nt = SMTP_THREADS_MAX;
    size_t started = 0;
    for (size_t t = 1; t < nt; t++)
        if (pthread_create(&th[t], NULL, worker, &sh) == 0)
            started = t;
        else
            break;
    worker(&sh);
    for (size_t t = 1; t <= started; t++)
        pthread_join(th[t], NULL);
    if (sh.connect_ok == 0 && sh.connect_fail > 0)
        for (size_t i = 0; i < n; i++)
            jobs[i].r->smtp.port_blocked = 1;
    if (sh.tls != NULL)
        sh.api.ctx_free(sh.tls);
    pthread_cond_destroy(&sh.host_cv);
    pthread_mutex_destroy(&sh.mu);
    free(sh.order);
    free(sh.groups);
    return BK_OK;
}
