/*
 * verifier.c - the whole check for a batch of addresses: the offline
 * checks of src/lib/verify.c, then DNS for every distinct domain of the
 * batch at once, then (when asked) the SMTP probe, then the verdict.
 */
#include <stdlib.h>
#include <string.h>

#include "net_internal.h"

struct bk_verifier {
    bk_verify_options opt;
    char *dns_server, *helo_name, *mail_from; /* owned copies */
    bk_typo *typo;
    bk_lists *lists;
    bk__dns *dns; /* NULL when offline */
};

static char *dup_or_null(const char *s)
{
    if (s == NULL)
        return NULL;
    size_t n = strlen(s);
    char *c = malloc(n + 1);
    if (c != NULL)
        memcpy(c, s, n + 1);
    return c;
}

int bk_verifier_create(const bk_verify_options *o, bk_verifier **out)
{
    if (out == NULL)
        return BK_EINVAL;
    *out = NULL;
    bk_verify_options def;
    if (o == NULL) {
        bk_verify_options_init(&def);
        o = &def;
    }
    if (!bk_addr_profile_accepts(o->profile, BK_ADDR_VALID))
        return BK_EINVAL;
    /* The EHLO name and MAIL FROM address go into SMTP commands verbatim:
     * no control characters, no angle brackets, a sane length. */
    const char *const words[2] = {o->helo_name, o->mail_from};
    for (int w = 0; w < 2; w++) {
        const char *p = words[w];
        if (p == NULL)
            continue;
        size_t n = strlen(p);
        if (n > 255)
            return BK_EINVAL;
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)p[i];
            if (c <= 0x20 || c == 0x7f || c == '<' || c == '>')
                return BK_EINVAL;
        }
    }
    bk_verifier *v = calloc(1, sizeof *v);
    if (v == NULL)
        return BK_ENOMEM;
    v->opt = *o;
    int rc = BK_ENOMEM;
    v->dns_server = dup_or_null(o->dns_server);
    v->helo_name = dup_or_null(o->helo_name ? o->helo_name : "localhost");
    v->mail_from = dup_or_null(o->mail_from ? o->mail_from : "");
    if ((o->dns_server && !v->dns_server) || !v->helo_name || !v->mail_from)
        goto fail;
    v->opt.dns_server = v->dns_server;
    v->opt.helo_name = v->helo_name;
    v->opt.mail_from = v->mail_from;
    if ((rc = bk_typo_create(&v->typo)) != BK_OK)
        goto fail;
    if ((rc = bk_lists_create(&v->lists)) != BK_OK)
        goto fail;
    if (!o->offline && (rc = bk__dns_create(&v->opt, &v->dns)) != BK_OK)
        goto fail;
    *out = v;
    return BK_OK;
fail:
    bk_verifier_free(v);
    return rc;
}

void bk_verifier_free(bk_verifier *v)
{
    if (v == NULL)
        return;
    bk__dns_free(v->dns);
    bk_lists_free(v->lists);
    bk_typo_free(v->typo);
    free(v->dns_server);
    free(v->helo_name);
    free(v->mail_from);
    free(v);
}

bk_lists *bk_verifier_lists(bk_verifier *v) { return v ? v->lists : NULL; }
const bk_typo *bk_verifier_typo(const bk_verifier *v) { return v ? v->typo : NULL; }

/* Whether DNS applies: a valid address at a host name. */
static int wants_dns(const bk_verify_result *r)
{
    return r->syntax.valid && !r->syntax.literal && r->syntax.domain[0] != '\0';
}

static void apply_dns(bk_verify_result *r, const bk__dns_entry *e)
{
    r->domain_checked = 1;
    switch (e->status) {
    case BK__DNS_MX:
        r->domain_exists = 1;
        r->n_mx = e->n_mx;
        for (size_t k = 0; k < e->n_mx; k++)
            r->mx[k] = e->mx[k];
        break;
    case BK__DNS_NULL_MX:
        r->domain_exists = 1;
        r->null_mx = 1;
        r->reasons |= BK_VR_NULL_MX;
        break;
    case BK__DNS_IMPLICIT:
        r->domain_exists = 1;
        r->implicit_mx = 1;
        break;
    case BK__DNS_NO_MAIL:
        r->domain_exists = 1;
        r->reasons |= BK_VR_NO_MX;
        break;
    case BK__DNS_NXDOMAIN:
        r->domain_exists = 0;
        r->reasons |= BK_VR_DOMAIN_NOT_FOUND;
        break;
    case BK__DNS_TIMEOUT:
        r->reasons |= BK_VR_TIMEOUT;
        break;
    case BK__DNS_PENDING:
    case BK__DNS_ERROR:
        r->reasons |= BK_VR_DNS_ERROR;
        break;
    }
}

int bk_verify_batch(bk_verifier *v, const bk_verify_input *in, size_t n, bk_verify_result *out)
{
    if (v == NULL || (n > 0 && (in == NULL || out == NULL)))
        return BK_EINVAL;
    for (size_t i = 0; i < n; i++) {
        int rc = bk_verify_offline(v->typo, v->lists, v->opt.profile, in[i].addr, in[i].len,
                                   &out[i]);
        if (rc != BK_OK) {
            for (size_t k = 0; k < i; k++)
                bk_verify_result_clear(&out[k]);
            return rc;
        }
    }
    if (v->opt.offline || v->dns == NULL)
        return BK_OK;

    /* All the batch's domains at once. */
    const bk__dns_entry **ent = calloc(n ? n : 1, sizeof *ent);
    if (ent == NULL)
        return BK_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        out[i].reasons &= ~(uint32_t)BK_VR_OFFLINE;
        if (wants_dns(&out[i])) {
            ent[i] = bk__dns_get(v->dns, out[i].syntax.domain, strlen(out[i].syntax.domain));
            if (ent[i] == NULL)
                out[i].reasons |= BK_VR_DNS_ERROR;
        }
    }
    bk__dns_run(v->dns);
    for (size_t i = 0; i < n; i++)
        if (ent[i] != NULL)
            apply_dns(&out[i], ent[i]);

    if (v->opt.smtp) {
        bk__smtp_job *jobs = calloc(n ? n : 1, sizeof *jobs);
        if (jobs == NULL) {
            free(ent);
            return BK_ENOMEM;
        }
        size_t nj = 0;
        for (size_t i = 0; i < n; i++) {
            const bk__dns_entry *e = ent[i];
            if (e == NULL || (e->status != BK__DNS_MX && e->status != BK__DNS_IMPLICIT))
                continue;
            if (out[i].reasons & BK_VR_SYNTAX_ERROR)
                continue;
            jobs[nj].r = &out[i];
            jobs[nj].dns = e;
            nj++;
        }
        bk__smtp_probe_all(&v->opt, jobs, nj);
        free(jobs);
    }
    free(ent);
    for (size_t i = 0; i < n; i++)
        bk__verify_decide(&out[i]);
    return BK_OK;
}

int bk_verify_address(bk_verifier *v, const char *addr, size_t len, bk_verify_result *out)
{
    bk_verify_input in = {addr, len};
    return bk_verify_batch(v, &in, 1, out);
}

int bk_verifier_check_domains(bk_verifier *v, const bk_verify_input *domains, size_t n,
                              bk_domain_info *out)
{
    if (v == NULL || v->dns == NULL || (n > 0 && (domains == NULL || out == NULL)))
        return BK_EINVAL;
    const bk__dns_entry **ent = calloc(n ? n : 1, sizeof *ent);
    if (ent == NULL)
        return BK_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        memset(&out[i], 0, sizeof out[i]);
        out[i].exists = -1;
        /* Normalize through the address parser: case, U-labels, syntax. */
        char tmp[BK_STRMAP_KEY_MAX + 4];
        bk_address a;
        if (domains[i].len == 0 || domains[i].len > BK_STRMAP_KEY_MAX) {
            out[i].reasons = BK_VR_SYNTAX_ERROR;
            continue;
        }
        memcpy(tmp, "x@", 2);
        memcpy(tmp + 2, domains[i].addr, domains[i].len);
        if (bk_address_check(tmp, domains[i].len + 2, BK_ADDR_PROFILE_DEFAULT, &a) != BK_OK ||
            !a.valid || a.literal) {
            out[i].reasons = BK_VR_SYNTAX_ERROR;
            continue;
        }
        ent[i] = bk__dns_get(v->dns, a.domain, strlen(a.domain));
        if (ent[i] == NULL)
            out[i].reasons = BK_VR_DNS_ERROR;
    }
    bk__dns_run(v->dns);
    for (size_t i = 0; i < n; i++) {
        if (ent[i] == NULL)
            continue;
        bk_verify_result r;
        memset(&r, 0, sizeof r);
        r.domain_exists = -1;
        apply_dns(&r, ent[i]);
        out[i].exists = r.domain_exists;
        out[i].null_mx = r.null_mx;
        out[i].implicit_mx = r.implicit_mx;
        out[i].n_mx = r.n_mx;
        memcpy(out[i].mx, r.mx, sizeof out[i].mx);
        out[i].reasons = r.reasons;
    }
    free(ent);
    return BK_OK;
}
