/*
 * bench_serve.c - requests per second of a running "bouncekit serve": N
 * keep-alive connections, each sending one request after another for a
 * number of seconds.  Prints requests/s, the latency mean and the answers
 * by status.  bench/serve_bench.sh starts a server and runs it.
 *
 *   bench_serve [-c CONNS] [-s SECONDS] [-t TOKEN] [-T TYPE] [-b BODYFILE]
 *               HOST:PORT METHOD PATH
 */
#define _GNU_SOURCE /* strcasestr */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 256
#define RESP_MAX (1 << 20)

typedef struct job {
    struct sockaddr_in addr;
    const char *req;
    size_t reqlen;
    double seconds;
    long done, non2xx, errors;
    double lat_sum;
} job;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int connect_to(const struct sockaddr_in *a)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (const struct sockaddr *)a, sizeof *a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Send the request and read one whole response; its status, or -1. */
static int roundtrip(int fd, const job *j, char *buf)
{
    size_t off = 0;
    while (off < j->reqlen) {
        ssize_t w = send(fd, j->req + off, j->reqlen - off, MSG_NOSIGNAL);
        if (w <= 0)
            return -1;
        off += (size_t)w;
    }
    size_t n = 0;
    char *hend = NULL;
    while (hend == NULL) {
        if (n >= RESP_MAX - 1)
            return -1;
        ssize_t r = recv(fd, buf + n, RESP_MAX - 1 - n, 0);
        if (r <= 0)
            return -1;
        n += (size_t)r;
        buf[n] = '\0';
        hend = strstr(buf, "\r\n\r\n");
    }
    int status = 0;
    if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
        return -1;
    const char *cl = strcasestr(buf, "\r\nContent-Length:");
    size_t want = cl != NULL && cl < hend ? strtoul(cl + 17, NULL, 10) : 0;
    size_t have = n - (size_t)(hend + 4 - buf);
    while (have < want) {
        ssize_t r = recv(fd, buf, RESP_MAX - 1, 0);
        if (r <= 0)
            return -1;
        have += (size_t)r;
    }
    return status;
}

static void *worker(void *arg)
{
    job *j = arg;
    char *buf = malloc(RESP_MAX);
    if (buf == NULL)
        return NULL;
    int fd = connect_to(&j->addr);
    double end = now_s() + j->seconds;
    for (;;) {
        double t0 = now_s();
        if (t0 >= end)
            break;
        if (fd < 0 && (fd = connect_to(&j->addr)) < 0) {
            j->errors++;
            continue;
        }
        int st = roundtrip(fd, j, buf);
        if (st < 0) {
            j->errors++;
            close(fd);
            fd = -1;
            continue;
        }
        j->lat_sum += now_s() - t0;
        j->done++;
        if (st < 200 || st > 299)
            j->non2xx++;
    }
    if (fd >= 0)
        close(fd);
    free(buf);
    return NULL;
}

int main(int argc, char **argv)
{
    int conns = 4;
    double seconds = 5;
    const char *token = NULL, *type = NULL, *bodyfile = NULL;
    int c;
    while ((c = getopt(argc, argv, "c:s:t:T:b:")) != -1) {
        switch (c) {
        case 'c': conns = atoi(optarg); break;
        case 's': seconds = atof(optarg); break;
        case 't': token = optarg; break;
        case 'T': type = optarg; break;
        case 'b': bodyfile = optarg; break;
        default: goto usage;
        }
    }
    if (argc - optind != 3 || conns < 1 || conns > MAX_CONNS || !(seconds > 0))
        goto usage;
    const char *hostport = argv[optind], *method = argv[optind + 1], *path = argv[optind + 2];
    char host[64];
    const char *colon = strrchr(hostport, ':');
    if (colon == NULL || (size_t)(colon - hostport) >= sizeof host)
        goto usage;
    memcpy(host, hostport, (size_t)(colon - hostport));
    host[colon - hostport] = '\0';
    job proto;
    memset(&proto, 0, sizeof proto);
    proto.addr.sin_family = AF_INET;
    proto.addr.sin_port = htons((unsigned short)atoi(colon + 1));
    if (inet_pton(AF_INET, host, &proto.addr.sin_addr) != 1)
        goto usage;
    char *body = NULL;
    size_t blen = 0;
    if (bodyfile != NULL) {
        FILE *f = fopen(bodyfile, "rb");
        if (f == NULL) {
            perror(bodyfile);
            return 2;
        }
        fseek(f, 0, SEEK_END);
        long sz = ftell(f);
        fseek(f, 0, SEEK_SET);
        body = malloc((size_t)sz + 1);
        if (body == NULL || fread(body, 1, (size_t)sz, f) != (size_t)sz) {
            fclose(f);
            return 2;
        }
        fclose(f);
        blen = (size_t)sz;
    }
    size_t cap = 4096 + blen;
    char *req = malloc(cap);
    if (req == NULL)
        return 2;
    int hl = snprintf(req, cap, "%s %s HTTP/1.1\r\nHost: %s\r\n%s%s%s%s%s%s", method, path, hostport,
                      token ? "Authorization: Bearer " : "", token ? token : "", token ? "\r\n" : "",
                      type ? "Content-Type: " : "", type ? type : "", type ? "\r\n" : "");
    if (body != NULL)
        hl += snprintf(req + hl, cap - (size_t)hl, "Content-Length: %zu\r\n", blen);
    hl += snprintf(req + hl, cap - (size_t)hl, "\r\n");
    if (body != NULL)
        memcpy(req + hl, body, blen);
    proto.req = req;
    proto.reqlen = (size_t)hl + blen;
    proto.seconds = seconds;

    job jobs[MAX_CONNS];
    pthread_t th[MAX_CONNS];
    double t0 = now_s();
    for (int i = 0; i < conns; i++) {
        jobs[i] = proto;
        pthread_create(&th[i], NULL, worker, &jobs[i]);
    }
    long done = 0, non2xx = 0, errors = 0;
    double lat = 0;
    for (int i = 0; i < conns; i++) {
        pthread_join(th[i], NULL);
        done += jobs[i].done;
        non2xx += jobs[i].non2xx;
        errors += jobs[i].errors;
        lat += jobs[i].lat_sum;
    }
    double el = now_s() - t0;
    printf("%s %s: %ld requests in %.2f s with %d connections: %.0f requests/s, mean latency "
           "%.3f ms, %ld not 2xx, %ld errors\n",
           method, path, done, el, conns, (double)done / el, done ? lat / (double)done * 1e3 : 0.0,
           non2xx, errors);
    free(req);
    free(body);
    return errors || non2xx ? 1 : 0;
usage:
    fprintf(stderr, "usage: bench_serve [-c CONNS] [-s SECONDS] [-t TOKEN] [-T TYPE] [-b BODYFILE] "
                    "HOST:PORT METHOD PATH\n");
    return 2;
}
