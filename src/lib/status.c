/*
 * status.c - enhanced status codes (RFC 3463, RFC 5248): strict parsing,
 * formatting, and the built-in copy of the IANA registry.  Registry names
 * are the registry's own; the reason each code suggests is ours.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

typedef struct registry_row {
    int subject, detail;
    const char *name;
    const char *basic;
    const char *reference;
    int deprecated;
    bk_reason reason;
} registry_row;

/* X.Y.Z codes of the registry, in registry order.  X.6.10 is a deprecated
 * duplicate of X.6.8 without a name of its own. */
static const registry_row registry[] = {
    {0, 0, "Other undefined Status", "Any", "RFC 3463", 0, BK_REASON_UNDEFINED},
    {1, 0, "Other address status", "", "RFC 3463", 0, BK_REASON_UNDEFINED},
    {1, 1, "Bad destination mailbox address", "451, 550", "RFC 3463", 0, BK_REASON_USERUNKNOWN},
    {1, 2, "Bad destination system address", "", "RFC 3463", 0, BK_REASON_HOSTUNKNOWN},
    {1, 3, "Bad destination mailbox address syntax", "501", "RFC 3463", 0, BK_REASON_USERUNKNOWN},
    {1, 4, "Destination mailbox address ambiguous", "", "RFC 3463", 0, BK_REASON_USERUNKNOWN},
    {1, 5, "Destination address valid", "250", "RFC 3463", 0, BK_REASON_DELIVERED},
    {1, 6, "Destination mailbox has moved, No forwarding address", "", "RFC 3463", 0, BK_REASON_HASMOVED},
    {1, 7, "Bad sender's mailbox address syntax", "", "RFC 3463", 0, BK_REASON_REJECTED},
    {1, 8, "Bad sender's system address", "451, 501", "RFC 3463", 0, BK_REASON_REJECTED},
    {1, 9, "Message relayed to non-compliant mailer", "", "RFC 3886", 0, BK_REASON_UNDEFINED},
    {1, 10, "Recipient address has null MX", "556", "RFC 7505, RFC 7504", 0, BK_REASON_NOTACCEPT},
    /* Filters that refuse a recipient say X.2.0 (as Sisimai reads it). */
    {2, 0, "Other or undefined mailbox status", "", "RFC 3463", 0, BK_REASON_FILTERED},
    {2, 1, "Mailbox disabled, not accepting messages", "", "RFC 3463", 0, BK_REASON_SUSPEND},
    {2, 2, "Mailbox full", "552", "RFC 3463", 0, BK_REASON_MAILBOXFULL},
    {2, 3, "Message length exceeds administrative limit", "552", "RFC 3463", 0, BK_REASON_EXCEEDLIMIT},
    {2, 4, "Mailing list expansion problem", "450, 452", "RFC 3463", 0, BK_REASON_SYSTEMERROR},
    {3, 0, "Other or undefined mail system status", "221, 250, 421, 451, 550, 554", "RFC 3463", 0, BK_REASON_SYSTEMERROR},
    {3, 1, "Mail system full", "452", "RFC 3463", 0, BK_REASON_SYSTEMFULL},
    {3, 2, "System not accepting network messages", "453, 521", "RFC 3463, RFC 7504", 0, BK_REASON_NOTACCEPT},
    {3, 3, "System not capable of selected features", "", "RFC 3463", 0, BK_REASON_SYSTEMERROR},
    {3, 4, "Message too big for system", "552, 554", "RFC 3463", 0, BK_REASON_MESGTOOBIG},
    {3, 5, "System incorrectly configured", "", "RFC 3463", 0, BK_REASON_SYSTEMERROR},
    {3, 6, "Requested priority was changed", "250 or 251", "RFC 6710", 0, BK_REASON_UNDEFINED},
    {4, 0, "Other or undefined network or routing status", "", "RFC 3463", 0, BK_REASON_NETWORKERROR},
    {4, 1, "No answer from host", "451", "RFC 3463", 0, BK_REASON_NETWORKERROR},
    {4, 2, "Bad connection", "421", "RFC 3463", 0, BK_REASON_NETWORKERROR},
    {4, 3, "Directory server failure", "451, 550", "RFC 3463", 0, BK_REASON_SYSTEMERROR},
    {4, 4, "Unable to route", "", "RFC 3463", 0, BK_REASON_HOSTUNKNOWN},
    {4, 5, "Mail system congestion", "451", "RFC 3463", 0, BK_REASON_NETWORKERROR},
    {4, 6, "Routing loop detected", "", "RFC 3463", 0, BK_REASON_NETWORKERROR},
    {4, 7, "Delivery time expired", "", "RFC 3463", 0, BK_REASON_EXPIRED},
    {5, 0, "Other or undefined protocol status", "220, 250, 251, 252, 253, 451, 452, 454, 458, 459, 501, 502, 503, 554", "RFC 3463", 0, BK_REASON_SYNTAXERROR},
    {5, 1, "Invalid command", "430, 500, 501, 503, 530, 550, 554, 555", "RFC 3463", 0, BK_REASON_SYNTAXERROR},
    {5, 2, "Syntax error", "500, 501, 502, 550, 555", "RFC 3463", 0, BK_REASON_SYNTAXERROR},
    {5, 3, "Too many recipients", "451", "RFC 3463", 0, BK_REASON_EXCEEDLIMIT},
    {5, 4, "Invalid command arguments", "451, 501, 502, 503, 504, 550, 555", "RFC 3463", 0, BK_REASON_SYNTAXERROR},
    {5, 5, "Wrong protocol version", "", "RFC 3463", 0, BK_REASON_SYNTAXERROR},
    {5, 6, "Authentication Exchange line is too long", "500", "RFC 4954", 0, BK_REASON_SYNTAXERROR},
    {6, 0, "Other or undefined media error", "", "RFC 3463", 0, BK_REASON_CONTENTERROR},
    {6, 1, "Media not supported", "", "RFC 3463", 0, BK_REASON_CONTENTERROR},
    {6, 2, "Conversion required and prohibited", "", "RFC 3463", 0, BK_REASON_CONTENTERROR},
    {6, 3, "Conversion required but not supported", "554", "RFC 3463", 0, BK_REASON_CONTENTERROR},
    {6, 4, "Conversion with loss performed", "250", "RFC 3463", 0, BK_REASON_UNDEFINED},
    {6, 5, "Conversion Failed", "", "RFC 3463", 0, BK_REASON_CONTENTERROR},
    {6, 6, "Message content not available", "554", "RFC 4468", 0, BK_REASON_CONTENTERROR},
    {6, 7, "Non-ASCII addresses not permitted for that sender/recipient", "553, 550", "RFC 6531", 0, BK_REASON_CONTENTERROR},
    {6, 8, "UTF-8 string reply is required, but not permitted by the SMTP client", "252, 553, 550", "RFC 6531", 0, BK_REASON_CONTENTERROR},
    {6, 9, "UTF-8 header message cannot be transferred to one or more recipients, so the message must be rejected", "550", "RFC 6531", 0, BK_REASON_CONTENTERROR},
    {6, 10, "", "", "RFC 6531", 1, BK_REASON_CONTENTERROR},
    {7, 0, "Other or undefined security status", "220, 235, 450, 454, 500, 501, 503, 504, 530, 535, 550", "RFC 3463", 0, BK_REASON_SECURITYERROR},
    {7, 1, "Delivery not authorized, message refused", "451, 454, 502, 503, 533, 550, 551", "RFC 3463", 0, BK_REASON_REJECTED},
    {7, 2, "Mailing list expansion prohibited", "550", "RFC 3463", 0, BK_REASON_SECURITYERROR},
    {7, 3, "Security conversion required but not possible", "", "RFC 3463", 0, BK_REASON_SECURITYERROR},
    {7, 4, "Security features not supported", "504", "RFC 3463", 0, BK_REASON_SECURITYERROR},
    {7, 5, "Cryptographic failure", "", "RFC 3463", 0, BK_REASON_SECURITYERROR},
    {7, 6, "Cryptographic algorithm not supported", "", "RFC 3463", 0, BK_REASON_SECURITYERROR},
    {7, 7, "Message integrity failure", "", "RFC 3463", 0, BK_REASON_SECURITYERROR},
    {7, 8, "Authentication credentials invalid", "535, 554", "RFC 4954", 0, BK_REASON_SECURITYERROR},
    /* Yahoo and AOL send 5.7.9 with "not accepted for policy reasons": the
     * text rules turn that into policyviolation; the code alone keeps the
     * registry's meaning. */
    {7, 9, "Authentication mechanism is too weak", "534", "RFC 4954", 0, BK_REASON_SECURITYERROR},
    {7, 10, "Encryption Needed", "523", "RFC 5248", 0, BK_REASON_FAILEDSTARTTLS},
    {7, 11, "Encryption required for requested authentication mechanism", "524, 538", "RFC 4954", 0, BK_REASON_FAILEDSTARTTLS},
    {7, 12, "A password transition is needed", "422, 432", "RFC 4954", 0, BK_REASON_SECURITYERROR},
    {7, 13, "User Account Disabled", "525", "RFC 5248", 0, BK_REASON_SUSPEND},
    {7, 14, "Trust relationship required", "535, 554", "RFC 5248", 0, BK_REASON_SECURITYERROR},
    {7, 15, "Priority Level is too low", "450, 550 (other 4XX or 5XX codes are allowed)", "RFC 6710", 0, BK_REASON_POLICYVIOLATION},
    {7, 16, "Message is too big for the specified priority", "552 (other 4XX or 5XX codes are allowed)", "RFC 6710", 0, BK_REASON_MESGTOOBIG},
    {7, 17, "Mailbox owner has changed", "5XX", "RFC 7293", 0, BK_REASON_HASMOVED},
    {7, 18, "Domain owner has changed", "5XX", "RFC 7293", 0, BK_REASON_HASMOVED},
    {7, 19, "RRVS test cannot be completed", "5XX", "RFC 7293", 0, BK_REASON_POLICYVIOLATION},
    {7, 20, "No passing DKIM signature found", "550", "RFC 7372, RFC 6376", 0, BK_REASON_AUTHFAILURE},
    {7, 21, "No acceptable DKIM signature found", "550", "RFC 7372, RFC 6376", 0, BK_REASON_AUTHFAILURE},
    {7, 22, "No valid author-matched DKIM signature found", "550", "RFC 7372, RFC 6376", 0, BK_REASON_AUTHFAILURE},
    {7, 23, "SPF validation failed", "550", "RFC 7372, RFC 7208", 0, BK_REASON_AUTHFAILURE},
    {7, 24, "SPF validation error", "451, 550", "RFC 7372, RFC 7208", 0, BK_REASON_AUTHFAILURE},
    {7, 25, "Reverse DNS validation failed", "550", "RFC 7372, RFC 7601", 0, BK_REASON_REQUIREPTR},
    {7, 26, "Multiple authentication checks failed", "550", "RFC 7372", 0, BK_REASON_AUTHFAILURE},
    {7, 27, "Sender address has null MX", "550", "RFC 7505", 0, BK_REASON_REJECTED},
    {7, 28, "Mail flood detected", "", "", 0, BK_REASON_SPEEDING},
    {7, 29, "ARC validation failure", "", "RFC 8617", 0, BK_REASON_AUTHFAILURE},
    {7, 30, "REQUIRETLS support required", "550", "RFC 8689", 0, BK_REASON_FAILEDSTARTTLS},
};

static const struct {
    const char *name;
} subjects[8] = {
    {"Other or Undefined Status"},
    {"Addressing Status"},
    {"Mailbox Status"},
    {"Mail System Status"},
    {"Network and Routing Status"},
    {"Mail Delivery Protocol Status"},
    {"Message Content or Media Status"},
    {"Security or Policy Status"},
};

/* The reason a whole subject suggests when the detail is not registered. */
static const bk_reason subject_reasons[8] = {
    BK_REASON_UNDEFINED,    BK_REASON_USERUNKNOWN,   BK_REASON_MAILBOXFULL,
    BK_REASON_SYSTEMERROR,  BK_REASON_NETWORKERROR,  BK_REASON_SYNTAXERROR,
    BK_REASON_CONTENTERROR, BK_REASON_SECURITYERROR,
};

/* Parse 1 to 3 digits without superfluous leading zeros. */
static int parse_num(const char *s, size_t len, size_t *i, int *out)
{
    size_t start = *i;
    int v = 0;
    while (*i < len && bk__is_digit((unsigned char)s[*i]) && *i - start < 4) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
    }
    size_t n = *i - start;
    if (n == 0 || n > 3)
        return 0;
    if (n > 1 && s[start] == '0')
        return 0;
    *out = v;
    return 1;
}

int bk_status_parse(const char *s, size_t len, bk_status *out)
{
    if (s == NULL || out == NULL)
        return BK_EINVAL;
    size_t b = 0, e = len;
    while (b < e && bk__is_space((unsigned char)s[b]))
        b++;
    while (e > b && bk__is_space((unsigned char)s[e - 1]))
        e--;
    if (b == e)
        return BK_EEMPTY;
    size_t i = b;
    bk_status st;
    if (s[i] != '2' && s[i] != '4' && s[i] != '5')
        return BK_EBADCODE;
    st.cls = s[i] - '0';
    i++;
    if (i >= e || s[i] != '.')
        return BK_EBADCODE;
    i++;
    if (!parse_num(s, e, &i, &st.subject))
        return BK_EBADCODE;
    if (i >= e || s[i] != '.')
        return BK_EBADCODE;
    i++;
    if (!parse_num(s, e, &i, &st.detail))
        return BK_EBADCODE;
    if (i != e)
        return BK_EBADCODE;
    *out = st;
    return BK_OK;
}

size_t bk_status_format(const bk_status *st, char *buf, size_t size)
{
    if (st == NULL || buf == NULL || size == 0)
        return 0;
    /* By hand rather than snprintf: the classifier formats every code it
     * sees, and this is on its hot path. */
    char tmp[40];
    size_t n = 0;
    const int parts[3] = {st->cls, st->subject, st->detail};
    for (int k = 0; k < 3; k++) {
        if (k > 0)
            tmp[n++] = '.';
        long v = parts[k];
        if (v < 0) {
            tmp[n++] = '-';
            v = -v;
        }
        char digits[12];
        size_t d = 0;
        do {
            digits[d++] = (char)('0' + v % 10);
            v /= 10;
        } while (v > 0 && d < sizeof digits);
        while (d > 0)
            tmp[n++] = digits[--d];
    }
    size_t out = n < size ? n : size - 1;
    memcpy(buf, tmp, out);
    buf[out] = '\0';
    return out;
}

static const char *class_name(int cls)
{
    switch (cls) {
    case 2: return "Success";
    case 4: return "Persistent Transient Failure";
    case 5: return "Permanent Failure";
    }
    return "";
}

static void fill_info(const bk_status *st, const registry_row *row, bk_status_info *out)
{
    memset(out, 0, sizeof *out);
    out->code = *st;
    out->cls = (bk_class)st->cls;
    out->class_name = class_name(st->cls);
    out->subject_name = (st->subject >= 0 && st->subject < 8) ? subjects[st->subject].name : "";
    if (row != NULL) {
        out->detail_name = row->name;
        out->basic_codes = row->basic;
        out->reference = row->reference;
        out->registered = 1;
        out->deprecated = row->deprecated;
        out->reason = row->reason;
    } else {
        out->detail_name = "";
        out->basic_codes = "";
        out->reference = "";
        out->reason = (st->subject >= 0 && st->subject < 8) ? subject_reasons[st->subject]
                                                            : BK_REASON_UNDEFINED;
    }
    /* A transient "no answer from host" is what a sending MTA writes when
     * it gave up connecting: the message expired in its queue. */
    if (st->cls == 4 && st->subject == 4 && st->detail == 1)
        out->reason = BK_REASON_EXPIRED;
    if (st->cls == 2)
        out->reason = BK_REASON_DELIVERED;
}

int bk_status_lookup(const bk_status *st, bk_status_info *out)
{
    if (st == NULL || out == NULL)
        return BK_EINVAL;
    if ((st->cls != 2 && st->cls != 4 && st->cls != 5) || st->subject < 0 ||
        st->subject > 999 || st->detail < 0 || st->detail > 999)
        return BK_EBADCODE;
    const registry_row *row = NULL;
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++) {
        if (registry[i].subject == st->subject && registry[i].detail == st->detail) {
            row = &registry[i];
            break;
        }
    }
    fill_info(st, row, out);
    return BK_OK;
}

size_t bk_status_registry_count(void) { return sizeof registry / sizeof registry[0]; }

int bk_status_registry_at(size_t i, bk_status_info *out)
{
    if (out == NULL)
        return BK_EINVAL;
    if (i >= bk_status_registry_count())
        return BK_ENOTFOUND;
    /* Registry rows are class-independent; report them as permanent (5.Y.Z),
     * the class in which bounces carry them. */
    bk_status st = {5, registry[i].subject, registry[i].detail};
    fill_info(&st, &registry[i], out);
    return BK_OK;
}
