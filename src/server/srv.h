/*
 * srv.h - pieces shared by the server's HTTP layer (http.c) and its
 * endpoints (handlers.c).  Internal to src/server.
 */
#ifndef BK_SRV_H
#define BK_SRV_H

#include <pthread.h>
#include <stdio.h>

#include "bouncekit.h"
#include "server.h"

/* Per-worker state: the library's handles are one per thread, so each
 * request borrows one of these from the pool for its duration. */
typedef struct srv_ctx {
    bk_store *st;
    bk_parser *parser;
    bk_events *ev;
    bk_verifier *ver; /* with --verify-dns only */
    int busy;
} srv_ctx;

typedef struct srv {
    const bk_server_config *cfg;
    bk_policy *pol;        /* read-only after start-up: shared */
    bk_typo *typo;         /* read-only: shared by the offline checks */
    bk_lists *lists;
    srv_ctx *ctx;
    int nctx;
    pthread_mutex_t mu;
    pthread_cond_t cv;     /* a context was released; a request ended */
    int inflight;          /* requests begun and not yet answered */
    int stopping;          /* a stop signal came: answers close connections */
} srv;

/* A request as the endpoints see it. */
typedef struct srv_request {
    const char *method;
    const char *path;         /* decoded path, without the query */
    const char *body;         /* NUL-terminated copy of the body ("" none) */
    size_t len;
    char ctype[64];           /* media type, lower case, without parameters */
    void *conn;               /* struct MHD_Connection * */
} srv_request;

/* The response being built: status and a JSON body written to f. */
typedef struct srv_response {
    unsigned status;
    FILE *f;
    char *buf;
    size_t len;
    const char *allow;        /* Allow header (405) */
    const char *retry_after;  /* Retry-After header (503) */
} srv_response;

/* A query argument (decoded), or NULL. */
const char *srv_arg(const srv_request *rq, const char *name);
/* A request header, or NULL. */
const char *srv_header(const srv_request *rq, const char *name);
/* Replace whatever was written with {"error":error,"detail":...}. */
void srv_error(srv_response *rs, unsigned status, const char *error, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The status and error for a library error of the store. */
void srv_store_error(srv_response *rs, int err, const char *detail);

/* Open the shared and per-worker handles (store, policy, verifier
 * lists); 0 or an exit status after printing why.  srv_close() releases
 * whatever was opened. */
int srv_open(srv *s);
void srv_close(srv *s);

/* Borrow and return a worker context. */
srv_ctx *srv_ctx_get(srv *s);
void srv_ctx_put(srv *s, srv_ctx *c);

/* Endpoints.  Each writes the response; the router checked the method. */
void srv_h_healthz(srv *s, const srv_request *rq, srv_response *rs);
void srv_h_explain(srv *s, const srv_request *rq, srv_response *rs);
void srv_h_parse(srv *s, const srv_request *rq, srv_response *rs);
void srv_h_check(srv *s, const srv_request *rq, srv_response *rs);
void srv_h_check_batch(srv *s, const srv_request *rq, srv_response *rs);
void srv_h_why(srv *s, const srv_request *rq, srv_response *rs, const char *addr);
void srv_h_supp_list(srv *s, const srv_request *rq, srv_response *rs);
void srv_h_supp_add(srv *s, const srv_request *rq, srv_response *rs);
void srv_h_supp_remove(srv *s, const srv_request *rq, srv_response *rs, const char *addr);
void srv_h_bounces(srv *s, const srv_request *rq, srv_response *rs);
void srv_h_webhook(srv *s, const srv_request *rq, srv_response *rs, bk_esp esp);
void srv_h_verify(srv *s, const srv_request *rq, srv_response *rs);

#endif /* BK_SRV_H */
