/*
 * cmd_serve.c - "bouncekit serve": the HTTP server (src/server/) behind
 * the command-line options.  Built when libmicrohttpd is present
 * (cmake/server.cmake defines BK_HAVE_MHD); otherwise the command says so.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "store_cli.h"

#ifdef BK_HAVE_MHD
#include "../server/server.h"
#else
#define BK_SERVER_DEFAULT_LISTEN "127.0.0.1:8025"
#define BK_SERVER_DEFAULT_THREADS 4
#define BK_SERVER_MAX_THREADS 64
#define BK_SERVER_DEFAULT_MAX_BODY ((size_t)4 << 20)
#define BK_SERVER_MAX_BODY_LIMIT ((size_t)128 << 20)
#endif

/* A token file holds one line; longer is a mistake (a key file, say). */
#define SERVE_TOKEN_MAX 1024
/* Shorter tokens are guessable. */
#define SERVE_TOKEN_MIN 16

static void serve_usage(FILE *out)
{
    fprintf(out,
            "usage: bouncekit serve [OPTIONS]\n"
            "\n"
            "Serve bouncekit over HTTP with JSON in and out: explain replies, parse\n"
            "bounces, check and manage suppressions, ingest bounces and ESP webhooks\n"
            "(SES via SNS, SendGrid, Mailgun, Postmark, SparkPost), verify addresses.\n"
            "See 'man bouncekit-serve' for the endpoints.\n"
            "\n"
            "Options:\n"
            "  -l, --listen ADDR:PORT  address to listen on (default %s;\n"
            "                          [::1]:PORT for IPv6; port 0 picks a free one)\n"
            "  -d, --store PATH        the store (default: $BOUNCEKIT_DB, else\n"
            "                          $XDG_DATA_HOME/bouncekit/bouncekit.db); --db too\n"
            "  -p, --policy FILE       the suppression policy (default: $BOUNCEKIT_POLICY,\n"
            "                          else ~/.config/bouncekit/policy.conf, else built in)\n"
            "  -t, --token-file FILE   require 'Authorization: Bearer TOKEN' (the file's\n"
            "                          first line) on every request but /healthz\n"
            "  -n, --threads N         worker threads (default %d, at most %d)\n"
            "  -m, --max-body BYTES    largest request body (default %zu; K, M suffixes);\n"
            "                          larger ones get 413\n"
            "      --verify-dns        let GET /v1/verify?offline=0 ask DNS\n"
            "      --dns SERVER[:PORT] the resolver for --verify-dns (default: the system's)\n"
            "      --data-dir DIR      disposable.txt, role.txt, free.txt for /v1/verify\n"
            "      --sync-full         fsync every commit\n"
            "  -q, --quiet             no request log lines on standard error\n"
            "  -h, --help              show this help\n"
            "\n"
            "Stops on SIGINT or SIGTERM after answering the requests in flight.\n"
            "Exit status: 0 after a clean stop, 2 on bad usage, 69 when the address\n"
            "cannot be bound (or the build has no HTTP server), 75 when the store is\n"
            "unavailable, 78 when the policy file is wrong.\n",
            BK_SERVER_DEFAULT_LISTEN, BK_SERVER_DEFAULT_THREADS, BK_SERVER_MAX_THREADS,
            (size_t)BK_SERVER_DEFAULT_MAX_BODY);
}

static int parse_size(const char *s, size_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s)
        return -1;
    if (*end == 'k' || *end == 'K') {
        v <<= 10;
        end++;
    } else if (*end == 'm' || *end == 'M') {
        v <<= 20;
        end++;
    }
    if (*end != '\0' || v == 0 || v > BK_SERVER_MAX_BODY_LIMIT)
        return -1;
    *out = (size_t)v;
    return 0;
}

static int read_token(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        return -1;
    }
    int ok = fgets(buf, (int)size, f) != NULL;
    fclose(f);
    if (!ok) {
        fprintf(stderr, "bouncekit serve: --token-file %s: empty\n", path);
        return -1;
    }
    size_t n = strcspn(buf, "\r\n");
    if (buf[n] == '\0' && n + 1 == size) {
        fprintf(stderr, "bouncekit serve: --token-file %s: the token is over %d bytes\n", path,
                SERVE_TOKEN_MAX);
        return -1;
    }
    buf[n] = '\0';
    while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t'))
        buf[--n] = '\0';
    if (n < SERVE_TOKEN_MIN) {
        fprintf(stderr, "bouncekit serve: --token-file %s: a token has at least %d characters\n",
                path, SERVE_TOKEN_MIN);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c <= 0x20 || c >= 0x7f) {
            fprintf(stderr, "bouncekit serve: --token-file %s: the token must be printable ASCII "
                            "without spaces\n", path);
            return -1;
        }
    }
    return 0;
}

int bk_cmd_serve(int argc, char **argv)
{
    enum { O_VERIFY_DNS = 256, O_DNS, O_DATA_DIR, O_SYNC_FULL };
    static const struct option longopts[] = {
        {"listen", required_argument, NULL, 'l'},     {"store", required_argument, NULL, 'd'},
        {"db", required_argument, NULL, 'd'},         {"policy", required_argument, NULL, 'p'},
        {"token-file", required_argument, NULL, 't'}, {"threads", required_argument, NULL, 'n'},
        {"max-body", required_argument, NULL, 'm'},   {"verify-dns", no_argument, NULL, O_VERIFY_DNS},
        {"dns", required_argument, NULL, O_DNS},      {"data-dir", required_argument, NULL, O_DATA_DIR},
        {"sync-full", no_argument, NULL, O_SYNC_FULL}, {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},             {NULL, 0, NULL, 0},
    };
    static char token[SERVE_TOKEN_MAX + 2];
    const char *listen = BK_SERVER_DEFAULT_LISTEN, *store = NULL, *policy = NULL;
    const char *token_file = NULL, *dns = NULL, *data_dir = NULL;
    int threads = BK_SERVER_DEFAULT_THREADS, quiet = 0, verify_dns = 0, sync_full = 0;
    size_t max_body = BK_SERVER_DEFAULT_MAX_BODY;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+l:d:p:t:n:m:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'l': listen = optarg; break;
        case 'd': store = optarg; break;
        case 'p': policy = optarg; break;
        case 't': token_file = optarg; break;
        case 'n': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end != '\0' || v < 1 || v > BK_SERVER_MAX_THREADS) {
                fprintf(stderr, "bouncekit serve: --threads: 1 to %d\n", BK_SERVER_MAX_THREADS);
                return BK_EXIT_USAGE;
            }
            threads = (int)v;
            break;
        }
        case 'm':
            if (parse_size(optarg, &max_body) != 0) {
                fprintf(stderr, "bouncekit serve: --max-body: 1 to %zu bytes (K and M suffixes)\n",
                        (size_t)BK_SERVER_MAX_BODY_LIMIT);
                return BK_EXIT_USAGE;
            }
            break;
        case O_VERIFY_DNS: verify_dns = 1; break;
        case O_DNS: dns = optarg; break;
        case O_DATA_DIR: data_dir = optarg; break;
        case O_SYNC_FULL: sync_full = 1; break;
        case 'q': quiet = 1; break;
        case 'h': serve_usage(stdout); return BK_EXIT_OK;
        default: serve_usage(stderr); return BK_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "bouncekit serve: unexpected argument '%s'\n", argv[optind]);
        serve_usage(stderr);
        return BK_EXIT_USAGE;
    }
    if (token_file != NULL && read_token(token_file, token, sizeof token) != 0)
        return BK_EXIT_USAGE;
#ifdef BK_HAVE_MHD
    bk_server_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.listen = listen;
    cfg.store = store;
    cfg.policy = policy;
    cfg.token = token_file != NULL ? token : NULL;
    cfg.data_dir = data_dir;
    cfg.dns_server = dns;
    cfg.threads = threads;
    cfg.max_body = max_body;
    cfg.quiet = quiet;
    cfg.verify_dns = verify_dns;
    cfg.sync_full = sync_full;
    return bk_server_run(&cfg);
#else
    (void)listen; (void)store; (void)policy; (void)dns; (void)data_dir;
    (void)threads; (void)quiet; (void)verify_dns; (void)sync_full; (void)max_body;
    fprintf(stderr, "bouncekit serve: this build has no HTTP server (libmicrohttpd was not found "
                    "when it was configured)\n");
    return BK_EX_UNAVAILABLE;
#endif
}
