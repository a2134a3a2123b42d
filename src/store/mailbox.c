/*
 * mailbox.c - bounces from a remote mailbox over IMAP or POP3 (libcurl).
 *
 * A message is acknowledged on the server only when the caller says its
 * events are committed: IMAP sets the keyword $BouncekitDone (and \Seen)
 * or deletes and expunges; POP3 marks it with DELE, which the server
 * applies at QUIT.  A crash before the acknowledgement leaves the message
 * where it was; read again, its events are duplicates.
 *
 * libcurl (with its thirty-odd libraries) is loaded when a mailbox is
 * opened, not when the program starts: programs that never read a mailbox
 * (every other command of the tool) do not pay for loading and relocating
 * it.  The few functions used are looked up in a table of the mailbox.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#ifdef BK_HAVE_CURL
#include <dlfcn.h>

#include <curl/curl.h>

/* The shared object loaded: the ABI that <curl/curl.h> describes. */
#define CURL_SONAME "libcurl.so.4"

/* The libcurl functions a mailbox calls. */
typedef struct curl_api {
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    void (*easy_cleanup)(CURL *);
} curl_api;

/* Load libcurl (once per process in effect: the loader counts) and look
 * up the functions.  It stays loaded (RTLD_NODELETE): libcurl and the TLS
 * libraries under it are not made to be unloaded. */
static int curl_load(curl_api *api, char *err, size_t errsize)
{
    void *h = dlopen(CURL_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    const char *missing = NULL;
    if (h != NULL) {
        static const char *const names[] = {"curl_easy_init", "curl_easy_setopt", "curl_easy_perform",
                                            "curl_easy_strerror", "curl_easy_cleanup"};
        void *f[5];
        for (size_t i = 0; i < 5 && missing == NULL; i++) {
            f[i] = dlsym(h, names[i]);
            if (f[i] == NULL)
                missing = names[i];
        }
        if (missing == NULL) {
            /* POSIX: a function pointer round-trips through void * from dlsym */
            memcpy(&api->easy_init, &f[0], sizeof f[0]);
            memcpy(&api->easy_setopt, &f[1], sizeof f[1]);
            memcpy(&api->easy_perform, &f[2], sizeof f[2]);
            memcpy(&api->easy_strerror, &f[3], sizeof f[3]);
            memcpy(&api->easy_cleanup, &f[4], sizeof f[4]);
            dlclose(h);
            return BK_OK;
        }
        dlclose(h);
    }
    if (err != NULL && errsize > 0) {
        const char *why = dlerror();
        if (missing != NULL)
            snprintf(err, errsize, "IMAP and POP3 need %s, which has no %s", CURL_SONAME, missing);
        else
            snprintf(err, errsize, "IMAP and POP3 need %s, which could not be loaded: %s "
                     "(Debian: apt-get install libcurl4)", CURL_SONAME, why ? why : "not found");
    }
    return BK_ENOTFOUND;
}

/* Messages listed per session: a mailbox of bounces is drained in runs. */
#define MAILBOX_MAX_LIST 100000

struct bk_mailbox {
    curl_api api;
    CURL *curl;
    char *base;          /* scheme://host[:port]/MAILBOX (no trailing slash) */
    int imap, del;
    uint64_t *ids;
    size_t nids, next;
    bk_buf body;         /* the current message, or a command's response */
    char err[256];
};

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
    bk_buf *b = ctx;
    if (bk__buf_append(b, p, size * n) != BK_OK)
        return 0; /* over the cap: libcurl reports a write error */
    return size * n;
}

static int perform(bk_mailbox *m, const char *url, const char *custom, int nobody)
{
    bk__buf_reset(&m->body);
    m->api.easy_setopt(m->curl, CURLOPT_URL, url);
    m->api.easy_setopt(m->curl, CURLOPT_CUSTOMREQUEST, custom);
    m->api.easy_setopt(m->curl, CURLOPT_NOBODY, nobody ? 1L : 0L);
    CURLcode rc = m->api.easy_perform(m->curl);
    if (rc != CURLE_OK) {
        if (m->body.err == BK_ETOOBIG)
            return BK_ETOOBIG;
        /* not the URL: it may carry the password */
        (void)url;
        snprintf(m->err, sizeof m->err, "%s: %s", custom ? custom : m->imap ? "IMAP" : "POP3",
                 m->api.easy_strerror(rc));
        return BK_ENET;
    }
    return BK_OK;
}

static int list_add(bk_mailbox *m, uint64_t id, size_t *cap)
{
    if (m->nids >= MAILBOX_MAX_LIST)
        return BK_OK;
    if (m->nids == *cap) {
        uint64_t *n = bk__array_grow(m->ids, cap, sizeof *n, 64);
        if (n == NULL)
            return BK_ENOMEM;
        m->ids = n;
    }
    m->ids[m->nids++] = id;
    return BK_OK;
}

/* IMAP: "* SEARCH 3 4 5" (UIDs).  POP3 LIST: "1 1234" lines. */
static int parse_list(bk_mailbox *m)
{
    const char *s = m->body.data ? m->body.data : "";
    size_t n = m->body.len, cap = 0, i = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && s[e] != '\n')
            e++;
        const char *l = s + i;
        size_t ll = e - i;
        i = e + 1;
        size_t p = 0;
        if (m->imap) {
            if (!bk__istarts(l, ll, "* SEARCH"))
                continue;
            p = 8;
            for (;;) {
                while (p < ll && l[p] == ' ')
                    p++;
                if (p >= ll || !bk__is_digit((unsigned char)l[p]))
                    break;
                uint64_t v = 0;
                while (p < ll && bk__is_digit((unsigned char)l[p]) && v < ((uint64_t)1 << 40))
                    v = v * 10 + (uint64_t)(l[p++] - '0');
                int rc = list_add(m, v, &cap);
                if (rc != BK_OK)
                    return rc;
            }
        } else {
            uint64_t v = 0;
            while (p < ll && bk__is_digit((unsigned char)l[p]) && v < ((uint64_t)1 << 40))
                v = v * 10 + (uint64_t)(l[p++] - '0');
            if (p > 0 && p < ll && l[p] == ' ') {
                int rc = list_add(m, v, &cap);
                if (rc != BK_OK)
                    return rc;
            }
        }
    }
    return BK_OK;
}

int bk_mailbox_open(const char *url, const char *user, const char *password, int delete_after,
                    bk_mailbox **out, char *err, size_t errsize)
{
    if (url == NULL || out == NULL)
        return BK_EINVAL;
    *out = NULL;
    int imap = strncmp(url, "imap://", 7) == 0 || strncmp(url, "imaps://", 8) == 0;
    int pop = strncmp(url, "pop3://", 7) == 0 || strncmp(url, "pop3s://", 8) == 0;
    if (!imap && !pop) {
        if (err && errsize)
            snprintf(err, errsize, "%s: not an imap:// or pop3:// URL", url);
        return BK_EINVAL;
    }
    curl_api api;
    int lrc = curl_load(&api, err, errsize);
    if (lrc != BK_OK)
        return lrc;
    bk_mailbox *m = calloc(1, sizeof *m);
    if (m == NULL)
        return BK_ENOMEM;
    m->api = api;
    m->imap = imap;
    m->del = delete_after;
    bk__buf_init(&m->body, BK_PARSE_MAX_MESSAGE);
    size_t ul = strlen(url);
    while (ul > 0 && url[ul - 1] == '/')
        ul--;
    m->base = malloc(ul + 1);
    m->curl = m->api.easy_init();
    int rc = BK_OK;
    if (m->base == NULL || m->curl == NULL) {
        rc = BK_ENOMEM;
        goto fail;
    }
    memcpy(m->base, url, ul);
    m->base[ul] = '\0';
    m->api.easy_setopt(m->curl, CURLOPT_WRITEFUNCTION, on_data);
    m->api.easy_setopt(m->curl, CURLOPT_WRITEDATA, &m->body);
    m->api.easy_setopt(m->curl, CURLOPT_CONNECTTIMEOUT, 30L);
    m->api.easy_setopt(m->curl, CURLOPT_TIMEOUT, 600L);
    m->api.easy_setopt(m->curl, CURLOPT_NOSIGNAL, 1L);
    if (user != NULL)
        m->api.easy_setopt(m->curl, CURLOPT_USERNAME, user);
    if (password != NULL)
        m->api.easy_setopt(m->curl, CURLOPT_PASSWORD, password);
    char list_url[2048];
    if (imap) {
        /* the mailbox in the URL is selected for the custom command */
        snprintf(list_url, sizeof list_url, "%s", m->base);
        rc = perform(m, list_url, "UID SEARCH NOT KEYWORD $BouncekitDone NOT DELETED", 0);
    } else {
        snprintf(list_url, sizeof list_url, "%s/", m->base);
        rc = perform(m, list_url, NULL, 0);
    }
    if (rc == BK_OK)
        rc = parse_list(m);
    if (rc != BK_OK)
        goto fail;
    *out = m;
    return BK_OK;
fail:
    if (err && errsize)
        snprintf(err, errsize, "%s", m->err[0] ? m->err : bk_strerror(rc));
    bk_mailbox_close(m);
    return rc;
}

int bk_mailbox_next(bk_mailbox *m, const char **data, size_t *len, uint64_t *id)
{
    if (m == NULL || data == NULL || len == NULL || id == NULL)
        return BK_EINVAL;
    if (m->next >= m->nids)
        return BK_EOF;
    uint64_t v = m->ids[m->next++];
    char url[2048];
    if (m->imap)
        snprintf(url, sizeof url, "%s/;UID=%llu", m->base, (unsigned long long)v);
    else
        snprintf(url, sizeof url, "%s/%llu", m->base, (unsigned long long)v);
    int rc = perform(m, url, NULL, 0);
    if (rc != BK_OK)
        return rc;
    *data = m->body.data ? m->body.data : "";
    *len = m->body.len;
    *id = v;
    return BK_OK;
}

int bk_mailbox_ack(bk_mailbox *m, uint64_t id)
{
    if (m == NULL)
        return BK_EINVAL;
    char cmd[128];
    int rc;
    if (m->imap) {
        snprintf(cmd, sizeof cmd, m->del ? "UID STORE %llu +FLAGS (\\Deleted)"
                                         : "UID STORE %llu +FLAGS ($BouncekitDone \\Seen)",
                 (unsigned long long)id);
        rc = perform(m, m->base, cmd, 0);
    } else {
        char url[2048];
        snprintf(url, sizeof url, "%s/%llu", m->base, (unsigned long long)id);
        rc = perform(m, url, "DELE", 1);
    }
    return rc;
}

const char *bk_mailbox_errmsg(const bk_mailbox *m) { return m ? m->err : "no mailbox"; }

int bk_mailbox_close(bk_mailbox *m)
{
    if (m == NULL)
        return BK_OK;
    int rc = BK_OK;
    if (m->curl != NULL && m->imap && m->del && m->nids > 0)
        rc = perform(m, m->base, "EXPUNGE", 0);
    if (m->curl != NULL)
        m->api.easy_cleanup(m->curl); /* POP3: QUIT applies the DELEs */
    bk__buf_free(&m->body);
    free(m->base);
    free(m->ids);
    free(m);
    return rc;
}

#else /* !BK_HAVE_CURL */

int bk_mailbox_open(const char *url, const char *user, const char *password, int delete_after,
                    bk_mailbox **out, char *err, size_t errsize)
{
    (void)user;
    (void)password;
    (void)delete_after;
    if (out != NULL)
        *out = NULL;
    if (err != NULL && errsize > 0)
        snprintf(err, errsize, "%s: IMAP and POP3 need libcurl, which this build lacks",
                 url ? url : "");
    return BK_ENOTFOUND;
}
int bk_mailbox_next(bk_mailbox *m, const char **data, size_t *len, uint64_t *id)
{
    (void)m;
    (void)data;
    (void)len;
    (void)id;
    return BK_EINVAL;
}
int bk_mailbox_ack(bk_mailbox *m, uint64_t id)
{
    (void)m;
    (void)id;
    return BK_EINVAL;
}
const char *bk_mailbox_errmsg(const bk_mailbox *m)
{
    (void)m;
    return "IMAP and POP3 need libcurl";
}
int bk_mailbox_close(bk_mailbox *m)
{
    (void)m;
    return BK_OK;
}
#endif
