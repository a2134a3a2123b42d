/*
 * dns.c - does a domain receive mail?  MX first, then the implicit MX of
 * RFC 5321 section 5.1 (A, AAAA), asynchronously with c-ares.
 *
 * Every domain is asked once per verifier; the answers stay in a cache for
 * the run.  A batch queues its new domains, then bk__dns_run() keeps at
 * most dns_inflight of them in flight until all are answered.
 *
 * Verdicts: NXDOMAIN means the domain does not exist; a null MX (one MX
 * record "0 .") means it accepts no mail; SERVFAIL, REFUSED or a timeout
 * mean we do not know - never that the address is bad.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>

#include <ares.h>

#include "net_internal.h"

/* Upper bound of domains cached per verifier (about 1 KiB each). */
#define DNS_CACHE_MAX 4000000

struct bk__dns {
    ares_channel ch;
    bk__strmap index;        /* name -> entry index */
    bk__dns_entry **entries; /* stable pointers */
    size_t n, cap;
    size_t *queue;           /* indices waiting to be sent */
    size_t qhead, qlen, qcap;
    int inflight, max_inflight;
    int lib_init;
};

/* c-ares's ARES_GETSOCK_* macros shift a signed 1 into the sign bit. */
static int sock_readable(int bits, int i) { return ((unsigned)bits >> i) & 1u; }
static int sock_writable(int bits, int i)
{
    return ((unsigned)bits >> (i + ARES_GETSOCK_MAXNUM)) & 1u;
}

typedef struct qctx {
    bk__dns *d;
    bk__dns_entry *e;
    int type;
} qctx;

/* lib_init: call ares_library_init() (not thread-safe in c-ares 1.18, so
 * only the verifier's own resolver does; the per-host resolvers of the
 * SMTP threads run while that one holds the library initialised). */
static int dns_create(const bk_verify_options *o, bk__dns **out, int lib_init)
{
    *out = NULL;
    bk__dns *d = calloc(1, sizeof *d);
    if (d == NULL)
        return BK_ENOMEM;
    if (lib_init) {
        if (ares_library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS) {
            free(d);
            return BK_ENET;
        }
        d->lib_init = 1;
    }
    struct ares_options ao;
    memset(&ao, 0, sizeof ao);
    ao.timeout = o->dns_timeout_ms > 0 ? o->dns_timeout_ms : 2000;
    ao.tries = o->dns_tries > 0 ? o->dns_tries : 2;
    ao.ndomains = 0;
    ao.domains = NULL;
    int mask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_DOMAINS;
    /* A resolver chosen by the caller (--dns) answers every lookup, the
     * addresses of MX hosts too: without this c-ares follows the system's
     * nsswitch "hosts:" line, which may not ask DNS at all. */
    char dns_only[] = "b";
    if (o->dns_server != NULL && o->dns_server[0] != '\0') {
        ao.lookups = dns_only;
        mask |= ARES_OPT_LOOKUPS;
    }
    if (ares_init_options(&d->ch, &ao, mask) != ARES_SUCCESS) {
        if (d->lib_init)
            ares_library_cleanup();
        free(d);
        return BK_ENET;
    }
    int rc = BK_ENET;
    if (o->dns_server != NULL && o->dns_server[0] != '\0' &&
        ares_set_servers_ports_csv(d->ch, o->dns_server) != ARES_SUCCESS)
        goto fail;
    rc = bk__strmap_init(&d->index, 1024);
    if (rc != BK_OK)
        goto fail;
    d->max_inflight = o->dns_inflight > 0 ? o->dns_inflight : 256;
    *out = d;
    return BK_OK;
fail:
    bk__dns_free(d);
    return rc;
}

int bk__dns_create(const bk_verify_options *o, bk__dns **out) { return dns_create(o, out, 1); }

void bk__dns_free(bk__dns *d)
{
    if (d == NULL)
        return;
    if (d->ch != NULL)
        ares_destroy(d->ch);
    for (size_t i = 0; i < d->n; i++) {
        bk__dns_entry *e = d->entries[i];
        for (size_t k = 0; k < e->n_mx; k++)
            free(e->mx[k]);
        free(e->name);
        free(e);
    }
    free(d->entries);
    free(d->queue);
    bk__strmap_free(&d->index);
    if (d->lib_init)
        ares_library_cleanup();
    free(d);
}

bk__dns_entry *bk__dns_get(bk__dns *d, const char *domain, size_t len)
{
    uint32_t idx;
    if (bk__strmap_get(&d->index, domain, len, &idx))
        return d->entries[idx];
    if (d->n >= DNS_CACHE_MAX || len == 0 || len >= BK_STRMAP_KEY_MAX)
        return NULL;
    if (d->n == d->cap) {
        bk__dns_entry **ne = bk__array_grow(d->entries, &d->cap, sizeof *ne, 256);
        if (ne == NULL)
            return NULL;
        d->entries = ne;
    }
    if (d->qhead + d->qlen == d->qcap) {
        if (d->qhead > 0) {
            memmove(d->queue, d->queue + d->qhead, d->qlen * sizeof *d->queue);
            d->qhead = 0;
        } else {
            size_t *nq = bk__array_grow(d->queue, &d->qcap, sizeof *nq, 256);
            if (nq == NULL)
                return NULL;
            d->queue = nq;
        }
    }
    bk__dns_entry *e = calloc(1, sizeof *e);
    if (e == NULL)
        return NULL;
    e->name = malloc(len + 1);
    if (e->name == NULL) {
        free(e);
        return NULL;
    }
    memcpy(e->name, domain, len);
    e->name[len] = '\0';
    if (bk__strmap_put(&d->index, domain, len, (uint32_t)d->n, NULL) < 0) {
        free(e->name);
        free(e);
        return NULL;
    }
    d->entries[d->n] = e;
    d->queue[d->qhead + d->qlen++] = d->n;
    d->n++;
    e->queued = 1;
    return e;
}

static void send_query(bk__dns *d, bk__dns_entry *e, int type);

static bk__dns_status from_ares_failure(int status)
{
    switch (status) {
    case ARES_ENOTFOUND:
        return BK__DNS_NXDOMAIN;
    case ARES_ETIMEOUT:
        return BK__DNS_TIMEOUT;
    default:
        return BK__DNS_ERROR;
    }
}

static void on_mx(bk__dns *d, bk__dns_entry *e, int status, unsigned char *abuf, int alen)
{
    if (status == ARES_SUCCESS) {
        struct ares_mx_reply *mx = NULL;
        int prc = ares_parse_mx_reply(abuf, alen, &mx);
        if (prc == ARES_SUCCESS && mx != NULL) {
            size_t count = 0;
            int null_mx = 0;
            for (struct ares_mx_reply *m = mx; m != NULL; m = m->next) {
                count++;
                if (m->host == NULL || m->host[0] == '\0' || strcmp(m->host, ".") == 0)
                    null_mx = 1;
            }
            if (null_mx && count == 1) {
                e->status = BK__DNS_NULL_MX;
            } else {
                /* Insert by preference (stable for equal preferences). */
                for (struct ares_mx_reply *m = mx; m != NULL; m = m->next) {
                    if (m->host == NULL || m->host[0] == '\0' || strcmp(m->host, ".") == 0)
                        continue;
                    if (e->n_mx == BK_VERIFY_MX_MAX)
                        break;
                    char *h = strdup(m->host);
                    if (h == NULL)
                        break;
                    size_t k = e->n_mx;
                    while (k > 0 && e->mx_pref[k - 1] > m->priority) {
                        e->mx[k] = e->mx[k - 1];
                        e->mx_pref[k] = e->mx_pref[k - 1];
                        k--;
                    }
                    e->mx[k] = h;
                    e->mx_pref[k] = m->priority;
                    e->n_mx++;
                }
                e->status = e->n_mx > 0 ? BK__DNS_MX : BK__DNS_ERROR;
            }
            ares_free_data(mx);
            return;
        }
        if (mx != NULL)
            ares_free_data(mx);
        if (prc != ARES_ENODATA) {
            e->status = BK__DNS_ERROR;
            return;
        }
        status = ARES_ENODATA;
    }
    if (status == ARES_ENODATA) {
        /* No MX: the implicit MX is the domain's own address. */
        e->a_status = e->aaaa_status = -1;
        send_query(d, e, 1 /* A */);
        send_query(d, e, 28 /* AAAA */);
        return;
    }
    e->status = from_ares_failure(status);
}

static void on_addr(bk__dns_entry *e, int type, int status, unsigned char *abuf, int alen)
{
    int found = 0;
    if (status == ARES_SUCCESS) {
        if (type == 1) {
            struct ares_addrttl ttls[4];
            int n = 4;
            found = ares_parse_a_reply(abuf, alen, NULL, ttls, &n) == ARES_SUCCESS && n > 0;
        } else {
            struct ares_addr6ttl ttls[4];
            int n = 4;
            found = ares_parse_aaaa_reply(abuf, alen, NULL, ttls, &n) == ARES_SUCCESS && n > 0;
        }
        if (!found)
            status = ARES_ENODATA;
    }
    if (type == 1)
        e->a_status = found ? ARES_SUCCESS : status;
    else
        e->aaaa_status = found ? ARES_SUCCESS : status;
    if (e->a_status == -1 || e->aaaa_status == -1)
        return; /* the other one is still out */
    if (e->a_status == ARES_SUCCESS || e->aaaa_status == ARES_SUCCESS)
        e->status = BK__DNS_IMPLICIT;
    else if ((e->a_status == ARES_ENODATA || e->a_status == ARES_ENOTFOUND) &&
             (e->aaaa_status == ARES_ENODATA || e->aaaa_status == ARES_ENOTFOUND))
        e->status = BK__DNS_NO_MAIL;
    else
        e->status = from_ares_failure(e->a_status != ARES_ENODATA ? e->a_status : e->aaaa_status);
}

static void on_answer(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
    (void)timeouts;
    qctx *q = arg;
    bk__dns *d = q->d;
    bk__dns_entry *e = q->e;
    int type = q->type;
    free(q);
    e->outstanding--;
    if (status == ARES_EDESTRUCTION || status == ARES_ECANCELLED) {
        e->status = BK__DNS_ERROR;
    } else if (type == 15) {
        on_mx(d, e, status, abuf, alen);
    } else {
        on_addr(e, type, status, abuf, alen);
    }
    if (e->outstanding == 0) {
        if (e->status == BK__DNS_PENDING)
            e->status = BK__DNS_ERROR;
        d->inflight--;
    }
}

static void send_query(bk__dns *d, bk__dns_entry *e, int type)
{
    qctx *q = malloc(sizeof *q);
    if (q == NULL) {
        if (type == 15) {
            e->status = BK__DNS_ERROR;
            d->inflight--; /* never sent: decided here */
        } else if (type == 1)
            e->a_status = ARES_ENOMEM;
        else
            e->aaaa_status = ARES_ENOMEM;
        return;
    }
    q->d = d;
    q->e = e;
    q->type = type;
    e->outstanding++;
    ares_query(d->ch, e->name, 1 /* IN */, type, on_answer, q);
}

int bk__dns_run(bk__dns *d)
{
    for (;;) {
        while (d->qlen > 0 && d->inflight < d->max_inflight) {
            bk__dns_entry *e = d->entries[d->queue[d->qhead]];
            d->qhead++;
            d->qlen--;
            e->queued = 0;
            d->inflight++;
            send_query(d, e, 15 /* MX */);
        }
        if (d->inflight == 0 && d->qlen == 0)
            break;
        ares_socket_t socks[ARES_GETSOCK_MAXNUM];
        int bits = ares_getsock(d->ch, socks, ARES_GETSOCK_MAXNUM);
        struct pollfd pfd[ARES_GETSOCK_MAXNUM];
        nfds_t np = 0;
        for (int i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
            short ev = 0;
            if (sock_readable(bits, i))
                ev |= POLLIN;
            if (sock_writable(bits, i))
                ev |= POLLOUT;
            if (ev == 0)
                continue;
            pfd[np].fd = socks[i];
            pfd[np].events = ev;
            pfd[np].revents = 0;
            np++;
        }
        struct timeval tv, maxtv = {1, 0};
        struct timeval *tvp = ares_timeout(d->ch, &maxtv, &tv);
        int ms = (int)(tvp->tv_sec * 1000 + tvp->tv_usec / 1000);
        if (ms <= 0)
            ms = 1;
        int pr = poll(pfd, np, ms);
        if (pr <= 0) {
            ares_process_fd(d->ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
            continue;
        }
        for (nfds_t i = 0; i < np; i++) {
            if (pfd[i].revents == 0)
                continue;
            ares_socket_t r = (pfd[i].revents & (POLLIN | POLLERR | POLLHUP)) ? pfd[i].fd : ARES_SOCKET_BAD;
            ares_socket_t w = (pfd[i].revents & POLLOUT) ? pfd[i].fd : ARES_SOCKET_BAD;
            ares_process_fd(d->ch, r, w);
        }
    }
    return BK_OK;
}

/* ---- one host, synchronously (for the SMTP probe) ------------------- */

typedef struct host_ctx {
    int done;
    struct sockaddr_storage *out;
    unsigned *outlen;
    size_t max, n;
} host_ctx;

static void on_host(void *arg, int status, int timeouts, struct hostent *he)
{
    (void)timeouts;
    host_ctx *h = arg;
    h->done = 1;
    if (status != ARES_SUCCESS || he == NULL)
        return;
    for (size_t i = 0; he->h_addr_list[i] != NULL && h->n < h->max; i++) {
        struct sockaddr_storage *ss = &h->out[h->n];
        memset(ss, 0, sizeof *ss);
        if (he->h_addrtype == AF_INET) {
            struct sockaddr_in *sin = (struct sockaddr_in *)ss;
            sin->sin_family = AF_INET;
            memcpy(&sin->sin_addr, he->h_addr_list[i], sizeof sin->sin_addr);
            h->outlen[h->n] = sizeof *sin;
        } else if (he->h_addrtype == AF_INET6) {
            struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
            sin6->sin6_family = AF_INET6;
            memcpy(&sin6->sin6_addr, he->h_addr_list[i], sizeof sin6->sin6_addr);
            h->outlen[h->n] = sizeof *sin6;
        } else {
            continue;
        }
        h->n++;
    }
}

int bk__dns_resolve_host(const bk_verify_options *o, const char *host,
                         struct sockaddr_storage *out, unsigned *outlen, size_t max,
                         size_t *n)
{
    *n = 0;
    if (max == 0)
        return BK_EINVAL;
    memset(out, 0, sizeof *out);
    struct sockaddr_in *sin = (struct sockaddr_in *)out;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)out;
    if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
        sin->sin_family = AF_INET;
        outlen[0] = sizeof *sin;
        *n = 1;
        return BK_OK;
    }
    if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
        sin6->sin6_family = AF_INET6;
        outlen[0] = sizeof *sin6;
        *n = 1;
        return BK_OK;
    }
    bk__dns *d;
    int rc = dns_create(o, &d, 0);
    if (rc != BK_OK)
        return rc;
    host_ctx h = {0, out, outlen, max, 0};
    /* Every A address, then every AAAA address, up to max. */
    for (int fam = 0; fam < 2 && h.n < max; fam++) {
        h.done = 0;
        ares_gethostbyname(d->ch, host, fam == 0 ? AF_INET : AF_INET6, on_host, &h);
        while (!h.done) {
            ares_socket_t socks[ARES_GETSOCK_MAXNUM];
            int bits = ares_getsock(d->ch, socks, ARES_GETSOCK_MAXNUM);
            struct pollfd pfd[ARES_GETSOCK_MAXNUM];
            nfds_t np = 0;
            for (int i = 0; i < ARES_GETSOCK_MAXNUM; i++)
                if (sock_readable(bits, i)) {
                    pfd[np].fd = socks[i];
                    pfd[np].events = POLLIN;
                    pfd[np].revents = 0;
                    np++;
                }
            struct timeval tv, maxtv = {1, 0};
            struct timeval *tvp = ares_timeout(d->ch, &maxtv, &tv);
            int ms = (int)(tvp->tv_sec * 1000 + tvp->tv_usec / 1000);
            if (poll(pfd, np, ms > 0 ? ms : 1) <= 0) {
                ares_process_fd(d->ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
                continue;
            }
            for (nfds_t i = 0; i < np; i++)
                if (pfd[i].revents)
                    ares_process_fd(d->ch, pfd[i].fd, ARES_SOCKET_BAD);
        }
    }
    bk__dns_free(d);
    *n = h.n;
    return h.n > 0 ? BK_OK : BK_ENOTFOUND;
}
