/*
 * net_internal.h - DNS and SMTP stages of the verifier (src/net); no API
 * promise.
 */
#ifndef BK_NET_INTERNAL_H
#define BK_NET_INTERNAL_H

#include <stddef.h>

#include "verify_internal.h"

/* ---- DNS (dns.c) ------------------------------------------------------ */

typedef enum bk__dns_status {
    BK__DNS_PENDING = 0,
    BK__DNS_MX,         /* MX records */
    BK__DNS_NULL_MX,    /* RFC 7505 */
    BK__DNS_IMPLICIT,   /* no MX, but A/AAAA: the implicit MX */
    BK__DNS_NO_MAIL,    /* the name exists without MX, A or AAAA */
    BK__DNS_NXDOMAIN,
    BK__DNS_ERROR,      /* SERVFAIL, REFUSED, ...: unknown */
    BK__DNS_TIMEOUT
} bk__dns_status;

typedef struct bk__dns_entry {
    char *name;
    bk__dns_status status;
    int outstanding;            /* queries in flight */
    int a_status, aaaa_status;  /* c-ares statuses of the A/AAAA queries */
    int queued;
    size_t n_mx;
    char *mx[BK_VERIFY_MX_MAX]; /* by preference */
    int mx_pref[BK_VERIFY_MX_MAX];
} bk__dns_entry;

typedef struct bk__dns bk__dns;

int bk__dns_create(const bk_verify_options *o, bk__dns **out);
void bk__dns_free(bk__dns *d);
/* The cache entry of a domain (lower-case ASCII), created and queued when
 * new.  NULL on allocation failure.  Valid until bk__dns_free(). */
bk__dns_entry *bk__dns_get(bk__dns *d, const char *domain, size_t len);
/* Run queries until every queued entry is answered. */
int bk__dns_run(bk__dns *d);
/* Addresses of one MX host tried at most: a host with more records is a
 * pool of equals, and a few dead ones in a row say enough. */
#define BK__HOST_ADDRS_MAX 8
/* Resolve a host name (an MX host) to its addresses, every A record then
 * every AAAA record in the order of the answers, up to max, with the
 * resolver the options name; numeric addresses need no query.  out[i] and
 * outlen[i] for i < *n.  BK_ENOTFOUND, BK_ENET, BK_EINVAL (max 0). */
struct sockaddr_storage;
int bk__dns_resolve_host(const bk_verify_options *o, const char *host,
                         struct sockaddr_storage *out, unsigned *outlen, size_t max,
                         size_t *n);

/* ---- SMTP (smtp.c) ---------------------------------------------------- */

/* One recipient for the prober. */
typedef struct bk__smtp_job {
    bk_verify_result *r;   /* filled in: r->smtp, reasons */
    const bk__dns_entry *dns;
} bk__smtp_job;

/* Probe every job (grouped by domain: one connection per MX host for all
 * recipients of a domain).  Never fails for network reasons: those become
 * results. */
int bk__smtp_probe_all(const bk_verify_options *o, bk__smtp_job *jobs, size_t n);

#endif /* BK_NET_INTERNAL_H */
