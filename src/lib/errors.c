/*
 * errors.c - error strings and the names of the vocabulary enums.
 */
#include "explain_data.h"
#include "internal.h"

const char *bk_version(void) { return BK_VERSION_STRING; }

const char *bk_strerror(int err)
{
    switch ((bk_err)err) {
    case BK_OK: return "success";
    case BK_ENOMEM: return "out of memory";
    case BK_EINVAL: return "invalid argument";
    case BK_EEMPTY: return "empty input";
    case BK_ETOOBIG: return "input too large";
    case BK_ENUL: return "input contains a NUL byte";
    case BK_EUTF8: return "input is not valid UTF-8";
    case BK_EBADCODE: return "malformed status or reply code";
    case BK_ENOTFOUND: return "not found";
    case BK_EIO: return "input/output error";
    case BK_EMALFORMED: return "malformed input";
    case BK_ELIMIT: return "a safety limit was exceeded";
    case BK_EOF: return "end of input";
    case BK_ESTORE: return "storage error";
    case BK_EBUSY: return "resource busy";
    case BK_ENET: return "network error";
    case BK_ETIMEOUT: return "timed out";
    }
    return "unknown error";
}

const char *bk_class_name(bk_class c)
{
    switch (c) {
    case BK_CLASS_SUCCESS: return "success";
    case BK_CLASS_TRANSIENT: return "transient";
    case BK_CLASS_PERMANENT: return "permanent";
    case BK_CLASS_UNKNOWN: break;
    }
    return "unknown";
}

static const char *const reason_names[BK_REASON__COUNT] = {
    [BK_REASON_UNDEFINED] = "undefined",
    [BK_REASON_USERUNKNOWN] = "userunknown",
    [BK_REASON_HOSTUNKNOWN] = "hostunknown",
    [BK_REASON_HASMOVED] = "hasmoved",
    [BK_REASON_NOTACCEPT] = "notaccept",
    [BK_REASON_MAILBOXFULL] = "mailboxfull",
    [BK_REASON_SUSPEND] = "suspend",
    [BK_REASON_EXCEEDLIMIT] = "exceedlimit",
    [BK_REASON_MESGTOOBIG] = "mesgtoobig",
    [BK_REASON_FILTERED] = "filtered",
    [BK_REASON_REJECTED] = "rejected",
    [BK_REASON_BLOCKED] = "blocked",
    [BK_REASON_SPAMDETECTED] = "spamdetected",
    [BK_REASON_VIRUSDETECTED] = "virusdetected",
    [BK_REASON_POLICYVIOLATION] = "policyviolation",
    [BK_REASON_AUTHFAILURE] = "authfailure",
    [BK_REASON_REQUIREPTR] = "requireptr",
    [BK_REASON_BADREPUTATION] = "badreputation",
    [BK_REASON_SPEEDING] = "speeding",
    [BK_REASON_TOOMANYCONN] = "toomanyconn",
    [BK_REASON_NORELAYING] = "norelaying",
    [BK_REASON_SECURITYERROR] = "securityerror",
    [BK_REASON_FAILEDSTARTTLS] = "failedstarttls",
    [BK_REASON_SYSTEMERROR] = "systemerror",
    [BK_REASON_SYSTEMFULL] = "systemfull",
    [BK_REASON_NETWORKERROR] = "networkerror",
    [BK_REASON_EXPIRED] = "expired",
    [BK_REASON_CONTENTERROR] = "contenterror",
    [BK_REASON_NOTCOMPLIANTRFC] = "notcompliantrfc",
    [BK_REASON_SYNTAXERROR] = "syntaxerror",
    [BK_REASON_MAILERERROR] = "mailererror",
    [BK_REASON_ONHOLD] = "onhold",
    [BK_REASON_DELIVERED] = "delivered",
    [BK_REASON_VACATION] = "vacation",
    [BK_REASON_FEEDBACK] = "feedback",
};

const char *bk_reason_name(bk_reason r)
{
    if ((unsigned)r >= BK_REASON__COUNT)
        return "undefined";
    return reason_names[r];
}

const char *bk_reason_describe(bk_reason r)
{
    if ((unsigned)r >= BK_REASON__COUNT || bk__reason_descriptions[r] == NULL)
        return "";
    return bk__reason_descriptions[r];
}

int bk_reason_from_name(const char *s, size_t len, bk_reason *out)
{
    if (s == NULL || out == NULL)
        return BK_EINVAL;
    for (int i = 0; i < BK_REASON__COUNT; i++) {
        if (bk__ieq(s, len, reason_names[i])) {
            *out = (bk_reason)i;
            return BK_OK;
        }
    }
    return BK_ENOTFOUND;
}

const char *bk_bounce_name(bk_bounce b)
{
    switch (b) {
    case BK_BOUNCE_SOFT: return "soft";
    case BK_BOUNCE_HARD: return "hard";
    case BK_BOUNCE_NONE: break;
    }
    return "none";
}

const char *bk_decision_name(bk_decision d)
{
    switch (d) {
    case BK_DECISION_SUPPRESS: return "suppress";
    case BK_DECISION_RETRY: return "retry";
    case BK_DECISION_FIX_SENDER: return "fix-sender";
    case BK_DECISION_NONE: break;
    }
    return "none";
}

/* The address itself is permanently bad: suppress. */
static int reason_is_hard(bk_reason r)
{
    return r == BK_REASON_USERUNKNOWN || r == BK_REASON_HOSTUNKNOWN ||
           r == BK_REASON_HASMOVED || r == BK_REASON_NOTACCEPT;
}

bk_bounce bk_reason_bounce(bk_reason r, bk_class c)
{
    switch (r) {
    case BK_REASON_DELIVERED:
    case BK_REASON_VACATION:
    case BK_REASON_FEEDBACK:
        return BK_BOUNCE_NONE;
    default:
        break;
    }
    if (c == BK_CLASS_SUCCESS)
        return BK_BOUNCE_NONE;
    if (reason_is_hard(r) && c != BK_CLASS_TRANSIENT)
        return BK_BOUNCE_HARD;
    return BK_BOUNCE_SOFT;
}

bk_decision bk_reason_decision(bk_reason r, bk_class c)
{
    bk_bounce b = bk_reason_bounce(r, c);
    if (b == BK_BOUNCE_HARD)
        return BK_DECISION_SUPPRESS;
    switch (r) {
    case BK_REASON_FEEDBACK:
        /* A complaint: the recipient asked not to get this mail. */
        return BK_DECISION_SUPPRESS;
    case BK_REASON_DELIVERED:
    case BK_REASON_VACATION:
        return BK_DECISION_NONE;
    /* The address is fine; the way the mail was sent is not. */
    case BK_REASON_BLOCKED:
    case BK_REASON_SPAMDETECTED:
    case BK_REASON_VIRUSDETECTED:
    case BK_REASON_POLICYVIOLATION:
    case BK_REASON_AUTHFAILURE:
    case BK_REASON_REQUIREPTR:
    case BK_REASON_BADREPUTATION:
    case BK_REASON_SPEEDING:
    case BK_REASON_TOOMANYCONN:
    case BK_REASON_NORELAYING:
    case BK_REASON_SECURITYERROR:
    case BK_REASON_FAILEDSTARTTLS:
    case BK_REASON_CONTENTERROR:
    case BK_REASON_NOTCOMPLIANTRFC:
    case BK_REASON_MESGTOOBIG:
    case BK_REASON_REJECTED:
    case BK_REASON_SYNTAXERROR:
        return BK_DECISION_FIX_SENDER;
    default:
        break;
    }
    if (c == BK_CLASS_SUCCESS)
        return BK_DECISION_NONE;
    return BK_DECISION_RETRY;
}
