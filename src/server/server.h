/*
 * server.h - "bouncekit serve": the HTTP server, a client of the public
 * API (include/bouncekit.h) like the command-line tool.  The CLI parses
 * the options into a bk_server_config and calls bk_server_run().
 */
#ifndef BK_SERVER_H
#define BK_SERVER_H

#include <stddef.h>

/* Default and upper bounds of the options. */
#define BK_SERVER_DEFAULT_LISTEN "127.0.0.1:8025"
#define BK_SERVER_DEFAULT_THREADS 4
#define BK_SERVER_MAX_THREADS 64
/* 4 MiB: far above any webhook batch an ESP sends (SendGrid batches are
 * well under 1 MiB) and above most bounces, yet small enough that a few
 * hundred concurrent uploads cannot exhaust memory. */
#define BK_SERVER_DEFAULT_MAX_BODY ((size_t)4 << 20)
/* The largest --max-body accepted: what one message may be (the parser's
 * own limit).  */
#define BK_SERVER_MAX_BODY_LIMIT ((size_t)128 << 20)

typedef struct bk_server_config {
    const char *listen;      /* "ADDR:PORT", "[V6]:PORT"; port 0: any free port */
    const char *store;       /* store path; NULL: the default path */
    const char *policy;      /* policy file; NULL: as the other store commands */
    const char *token;       /* bearer token (already read), or NULL: no auth */
    const char *data_dir;    /* verify lists; NULL: found as "bouncekit verify" does */
    const char *dns_server;  /* --dns for --verify-dns; NULL: the system's */
    int threads;
    size_t max_body;
    int quiet;               /* no request log lines */
    int verify_dns;          /* GET /v1/verify may ask DNS */
    int sync_full;
} bk_server_config;

/* Run until SIGINT or SIGTERM.  Returns an exit status (0 after a clean
 * stop; the sysexits values of store_cli.h on start-up failures). */
int bk_server_run(const bk_server_config *cfg);

#endif /* BK_SERVER_H */
