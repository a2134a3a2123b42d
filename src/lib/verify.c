/*
 * verify.c - the offline part of "bouncekit verify": syntax, typo
 * suggestion and lists for one address, names of verdicts and reasons, and
 * the rule that turns findings into a verdict.  The DNS and SMTP stages
 * live in src/net/ and end with the same rule.
 */
#include <stdlib.h>
#include <string.h>

#include "verify_internal.h"

const char *bk_verdict_name(bk_verdict v)
{
    switch (v) {
    case BK_VERDICT_DELIVERABLE: return "deliverable";
    case BK_VERDICT_UNDELIVERABLE: return "undeliverable";
    case BK_VERDICT_RISKY: return "risky";
    case BK_VERDICT_UNKNOWN: return "unknown";
    }
    return "unknown";
}

static const char *const reason_names[BK_VR__COUNT] = {
    "syntax_error", "typo_suggested", "no_mx", "null_mx", "domain_not_found",
    "dns_error", "disposable", "role", "catch_all", "mailbox_full",
    "mailbox_not_found", "smtp_rejected", "smtp_blocked", "smtp_tempfail",
    "smtp_unreachable", "timeout", "offline",
};

const char *bk_verify_reason_name(unsigned bit)
{
    for (unsigned i = 0; i < BK_VR__COUNT; i++)
        if (bit == (1u << i))
            return reason_names[i];
    return "";
}

void bk_verify_options_init(bk_verify_options *o)
{
    if (o == NULL)
        return;
    memset(o, 0, sizeof *o);
    o->profile = BK_ADDR_PROFILE_DEFAULT;
    o->dns_timeout_ms = 2000;
    o->dns_tries = 2;
    o->dns_inflight = 256;
    o->helo_name = "localhost";
    o->mail_from = "";
    o->smtp_port = 25;
    o->smtp_timeout_ms = 10000;
    o->smtp_concurrency = 8;
    o->starttls = 1;
}

void bk_verify_result_clear(bk_verify_result *r)
{
    if (r == NULL)
        return;
    free(r->smtp.transcript);
    r->smtp.transcript = NULL;
}

#define UNDELIVERABLE_REASONS                                                   \
    (BK_VR_SYNTAX_ERROR | BK_VR_DOMAIN_NOT_FOUND | BK_VR_NULL_MX | BK_VR_NO_MX | \
     BK_VR_MAILBOX_NOT_FOUND | BK_VR_SMTP_REJECTED)
#define RISKY_REASONS                                                           \
    (BK_VR_TYPO_SUGGESTED | BK_VR_DISPOSABLE | BK_VR_ROLE | BK_VR_CATCH_ALL |     \
     BK_VR_MAILBOX_FULL)

void bk__verify_decide(bk_verify_result *r)
{
    if (r->reasons & UNDELIVERABLE_REASONS)
        r->verdict = BK_VERDICT_UNDELIVERABLE;
    else if (r->reasons & RISKY_REASONS)
        r->verdict = BK_VERDICT_RISKY;
    else if (r->reasons != 0)
        r->verdict = BK_VERDICT_UNKNOWN;
    else
        r->verdict = BK_VERDICT_DELIVERABLE;
}

static const char empty[] = "";

int bk_verify_offline(const bk_typo *typo, const bk_lists *lists, bk_addr_profile profile,
                      const char *addr, size_t len, bk_verify_result *out)
{
    if (out == NULL || (addr == NULL && len > 0))
        return BK_EINVAL;
    memset(out, 0, offsetof(bk_verify_result, syntax));
    memset((char *)out + offsetof(bk_verify_result, suggestion), 0,
           sizeof *out - offsetof(bk_verify_result, suggestion));
    out->domain_exists = -1;
    out->smtp.catch_all = -1;
    out->smtp.host = empty;
    int rc = bk_address_check(addr, len, profile, &out->syntax);
    if (rc != BK_OK)
        return rc;
    const bk_address *a = &out->syntax;
    int normal = a->category < BK_ADDR_RFC5322 && !a->literal;
    if (!a->valid)
        out->reasons |= BK_VR_SYNTAX_ERROR;

    /* Typo first: typo domains sit in disposable lists too. */
    if (typo != NULL && (a->domain_len > 0 || normal) && !a->literal) {
        const char *dom = normal ? a->domain : addr + a->domain_off;
        size_t dl = normal ? strlen(a->domain) : a->domain_len;
        char fixed[256];
        if (bk_typo_suggest(typo, dom, dl, fixed, sizeof fixed) == 1) {
            char cand[BK_ADDR_NORMALIZED_SIZE];
            const char *loc = normal ? a->local : addr + a->local_off;
            size_t ll = normal ? strlen(a->local) : a->local_len;
            size_t fl = strlen(fixed);
            if (ll + 1 + fl < sizeof cand) {
                memcpy(cand, loc, ll);
                cand[ll] = '@';
                memcpy(cand + ll + 1, fixed, fl + 1);
                bk_address s;
                if (bk_address_check(cand, ll + 1 + fl, profile, &s) == BK_OK && s.valid) {
                    memcpy(out->suggestion, s.normalized, strlen(s.normalized) + 1);
                    out->reasons |= BK_VR_TYPO_SUGGESTED;
                }
            }
        }
    }
    if (lists != NULL && a->valid && !a->literal && !(out->reasons & BK_VR_TYPO_SUGGESTED)) {
        size_t dl = strlen(a->domain);
        out->disposable = bk_lists_contains(lists, BK_LIST_DISPOSABLE, a->domain, dl);
        out->free_provider = bk_lists_contains(lists, BK_LIST_FREE, a->domain, dl);
        if (!a->quoted)
            out->role = bk_lists_contains(lists, BK_LIST_ROLE, a->local, strlen(a->local));
        if (out->disposable)
            out->reasons |= BK_VR_DISPOSABLE;
        if (out->role)
            out->reasons |= BK_VR_ROLE;
    } else if (lists != NULL && a->valid && !a->literal && !a->quoted) {
        out->role = bk_lists_contains(lists, BK_LIST_ROLE, a->local, strlen(a->local));
        if (out->role)
            out->reasons |= BK_VR_ROLE;
    }
    out->reasons |= BK_VR_OFFLINE;
    bk__verify_decide(out);
    return BK_OK;
}
