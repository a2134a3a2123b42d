/*
 * bouncekit.h - the public API of libbouncekit.
 *
 * bouncekit explains SMTP replies and enhanced status codes, decodes bounce
 * messages into per-recipient records, and decides what a sender should do
 * about each failed address.
 *
 * Conventions that hold for every function declared here:
 *  - Input is always a pointer and a length.  Bytes need not be
 *    NUL-terminated and may contain anything; functions never read past len.
 *  - Functions return 0 (BK_OK) on success or a negative bk_err code.  They
 *    never exit, abort or print.  bk_strerror() names every code.
 *  - The library keeps no global mutable state: every table it consults is
 *    const, every piece of state lives in a handle the caller owns.  All
 *    functions are safe to call from several threads at once as long as a
 *    handle is not shared between threads without locking.
 *  - Strings in result structs are either pointers into static const data
 *    (valid for the life of the process) or into a handle or caller buffer,
 *    as documented at each struct.  Optional text fields are "" when
 *    absent, never NULL, unless the comment says otherwise.
 *  - Error codes are append-only: values are never renumbered or reused.
 */
#ifndef BOUNCEKIT_H
#define BOUNCEKIT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define BK_API
#elif defined(__GNUC__)
#define BK_API __attribute__((visibility("default")))
#else
#define BK_API
#endif

#define BK_VERSION_MAJOR 0
#define BK_VERSION_MINOR 1
#define BK_VERSION_PATCH 0
#define BK_VERSION_STRING "0.1.0"

/** The library's version string, e.g. "0.1.0". */
BK_API const char *bk_version(void);

/* ------------------------------------------------------------------------
 * Errors
 * ---------------------------------------------------------------------- */

/** Error codes.  Append-only: new codes get new numbers at the end. */
typedef enum bk_err {
    BK_OK = 0,
    BK_ENOMEM = -1,      /* an allocation failed */
    BK_EINVAL = -2,      /* a bad argument (NULL pointer, bad option) */
    BK_EEMPTY = -3,      /* the input is empty or only white space */
    BK_ETOOBIG = -4,     /* the input exceeds a documented limit */
    BK_ENUL = -5,        /* the input contains a NUL byte where none may be */
    BK_EUTF8 = -6,       /* the input is not valid UTF-8 */
    BK_EBADCODE = -7,    /* shaped like a status or reply code, but not one */
    BK_ENOTFOUND = -8,   /* a well-formed key that no table knows */
    BK_EIO = -9,         /* a read or write failed (errno has details) */
    BK_EMALFORMED = -10, /* the input is malformed beyond recovery */
    BK_ELIMIT = -11,     /* a safety limit was hit (nesting, parts, ...) */
    BK_EOF = -12,        /* no more items (iterators) */
    BK_ESTORE = -13,     /* the storage backend failed */
    BK_EBUSY = -14,      /* a resource is locked by someone else; retry */
    BK_ENET = -15,       /* a network operation failed */
    BK_ETIMEOUT = -16    /* an operation timed out */
} bk_err;

/** A short English description of an error code; never NULL. */
BK_API const char *bk_strerror(int err);

/* ------------------------------------------------------------------------
 * Vocabulary
 * ---------------------------------------------------------------------- */

/** The class of a reply or status: first digit 2, 4 or 5. */
typedef enum bk_class {
    BK_CLASS_UNKNOWN = 0, /* no code present: the text decides */
    BK_CLASS_SUCCESS = 2,
    BK_CLASS_TRANSIENT = 4,
    BK_CLASS_PERMANENT = 5
} bk_class;

/** "success", "transient", "permanent", or "unknown". */
BK_API const char *bk_class_name(bk_class c);

/**
 * Why a message was not delivered, in the vocabulary of Sisimai 5.2, so
 * results compare with that tool's.  bk_reason_name() gives the word,
 * bk_reason_describe() a one-line explanation.  Append-only.
 */
typedef enum bk_reason {
    BK_REASON_UNDEFINED = 0,
    BK_REASON_USERUNKNOWN,
    BK_REASON_HOSTUNKNOWN,
    BK_REASON_HASMOVED,
    BK_REASON_NOTACCEPT,
    BK_REASON_MAILBOXFULL,
    BK_REASON_SUSPEND,
    BK_REASON_EXCEEDLIMIT,
    BK_REASON_MESGTOOBIG,
    BK_REASON_FILTERED,
    BK_REASON_REJECTED,
    BK_REASON_BLOCKED,
    BK_REASON_SPAMDETECTED,
    BK_REASON_VIRUSDETECTED,
    BK_REASON_POLICYVIOLATION,
    BK_REASON_AUTHFAILURE,
    BK_REASON_REQUIREPTR,
    BK_REASON_BADREPUTATION,
    BK_REASON_SPEEDING,
    BK_REASON_TOOMANYCONN,
    BK_REASON_NORELAYING,
    BK_REASON_SECURITYERROR,
    BK_REASON_FAILEDSTARTTLS,
    BK_REASON_SYSTEMERROR,
    BK_REASON_SYSTEMFULL,
    BK_REASON_NETWORKERROR,
    BK_REASON_EXPIRED,
    BK_REASON_CONTENTERROR,
    BK_REASON_NOTCOMPLIANTRFC,
    BK_REASON_SYNTAXERROR,
    BK_REASON_MAILERERROR,
    BK_REASON_ONHOLD,
    BK_REASON_DELIVERED,
    BK_REASON_VACATION,
    BK_REASON_FEEDBACK,
    BK_REASON__COUNT /* not a reason: the number of reasons */
} bk_reason;

/** The reason's word ("userunknown"); "undefined" for out-of-range values. */
BK_API const char *bk_reason_name(bk_reason r);
/** One sentence that explains the reason in plain English. */
BK_API const char *bk_reason_describe(bk_reason r);
/** Parse a reason word (case-insensitive).  BK_ENOTFOUND if unknown. */
BK_API int bk_reason_from_name(const char *s, size_t len, bk_reason *out);

/** Whether a failure should remove the address from a list. */
typedef enum bk_bounce {
    BK_BOUNCE_NONE = 0, /* not a failure: delivered, auto-reply, complaint */
    BK_BOUNCE_SOFT,     /* may succeed later, or the sender's problem */
    BK_BOUNCE_HARD      /* the address or its domain is permanently bad */
} bk_bounce;
/** "none", "soft" or "hard". */
BK_API const char *bk_bounce_name(bk_bounce b);

/** What the sender should do. */
typedef enum bk_decision {
    BK_DECISION_NONE = 0,   /* nothing to do */
    BK_DECISION_SUPPRESS,   /* stop mailing this address now */
    BK_DECISION_RETRY,      /* try again later */
    BK_DECISION_FIX_SENDER  /* the address is fine; fix how mail is sent */
} bk_decision;
/** "none", "suppress", "retry" or "fix-sender". */
BK_API const char *bk_decision_name(bk_decision d);

/**
 * The bounce kind and decision that follow from a reason and a class.
 * Hard only for userunknown, hostunknown, hasmoved and notaccept with a
 * permanent (or absent) class: a transient reply is never hard.
 */
BK_API bk_bounce bk_reason_bounce(bk_reason r, bk_class c);
BK_API bk_decision bk_reason_decision(bk_reason r, bk_class c);

/* ------------------------------------------------------------------------
 * Enhanced status codes (RFC 3463, RFC 5248) and basic reply codes
 * ---------------------------------------------------------------------- */

/** A parsed enhanced status code "class.subject.detail". */
typedef struct bk_status {
    int cls;     /* 2, 4 or 5 */
    int subject; /* 0..999 */
    int detail;  /* 0..999 */
} bk_status;

/**
 * Parse an enhanced status code that makes up the whole input (surrounding
 * white space allowed): class 2/4/5, subject and detail of 1 to 3 digits,
 * no leading zeros beyond a single "0".
 * Returns BK_OK, BK_EEMPTY, or BK_EBADCODE ("5..1", "5.1.", "5.1.1.1").
 */
BK_API int bk_status_parse(const char *s, size_t len, bk_status *out);

/** Format as "5.1.1" into buf (at least 12 bytes).  Returns the length. */
BK_API size_t bk_status_format(const bk_status *st, char *buf, size_t size);

/** What the IANA registry knows about a code.  All strings are static. */
typedef struct bk_status_info {
    bk_status code;
    bk_class cls;
    const char *class_name;   /* registry name of the class, "Permanent Failure" */
    const char *subject_name; /* registry name of X.Y, "Addressing Status" */
    const char *detail_name;  /* registry name of X.Y.Z, "" when unregistered */
    const char *basic_codes;  /* associated basic codes, "" when not given */
    const char *reference;    /* "RFC 3463", "RFC 7505", ... */
    int registered;           /* 1 when X.Y.Z itself is in the registry */
    int deprecated;           /* 1 for codes the registry marks deprecated */
    bk_reason reason;         /* the reason the code alone suggests */
} bk_status_info;

/**
 * Look a code up in the built-in copy of the registry.  Unregistered but
 * well-formed codes ("5.1.99") are described by class and subject, with
 * registered = 0 and detail_name "".  A subject outside 0..7 gives
 * subject_name "" (still BK_OK: the code is well-formed).
 */
BK_API int bk_status_lookup(const bk_status *st, bk_status_info *out);

/** Number of registry entries (X.Y.Z codes) and access by index, for tools
 *  that list them all.  Returns BK_ENOTFOUND past the end. */
BK_API size_t bk_status_registry_count(void);
BK_API int bk_status_registry_at(size_t i, bk_status_info *out);

/* ------------------------------------------------------------------------
 * Reply classification: the heart of "bouncekit explain"
 * ---------------------------------------------------------------------- */

/** Hard limit on the size of one reply given to bk_reply_classify().  RFC
 *  5321 caps a reply line at 512 octets; 64 KiB leaves room for long
 *  multi-line replies and diagnostic texts while keeping work bounded. */
#define BK_REPLY_MAX 65536

/** Where a classification came from: the text, the enhanced code, the
 *  basic code, or nothing at all. */
typedef enum bk_basis {
    BK_BASIS_NONE = 0,
    BK_BASIS_TEXT,
    BK_BASIS_STATUS,
    BK_BASIS_REPLY_CODE
} bk_basis;

/**
 * The full verdict on one SMTP reply.  Every pointer refers to static const
 * data: the result stays valid after the input is freed.  The arrays are
 * NULL-terminated and also counted.
 */
typedef struct bk_reply_info {
    int reply_code;           /* 550, or 0 when the input has none */
    int has_status;           /* 1 when an enhanced code was found */
    bk_status status;         /* valid when has_status */
    char status_text[16];     /* "5.1.1", or "" */
    bk_class cls;             /* from the codes; UNKNOWN when none */
    const char *subject_name; /* registry names; "" when unknown */
    const char *detail_name;
    bk_reason reason;
    bk_basis basis;           /* what decided the reason */
    bk_bounce bounce;
    bk_decision decision;
    const char *provider;     /* "gmail", "microsoft", ... or "" */
    const char *rule;         /* id of the rule that decided, or "" */
    const char *summary;      /* one or two sentences */
    const char *const *causes; /* likely causes, NULL-terminated */
    size_t n_causes;
    const char *const *fixes;  /* what to do, NULL-terminated */
    size_t n_fixes;
} bk_reply_info;

/**
 * Classify one SMTP reply: an enhanced code ("5.1.1"), a basic code ("550"),
 * a whole reply as an MTA logs it (several lines of one multi-line reply
 * are allowed), or reply text without any code ("Mailbox full").
 *
 * The reason is decided from the text first, then the enhanced code, then
 * the basic code.  Errors: BK_EINVAL (NULL), BK_EEMPTY, BK_ETOOBIG (over
 * BK_REPLY_MAX), BK_ENUL, BK_EUTF8, BK_EBADCODE (shaped like a code but not
 * one: "5..1", "99999").  On error *out is zeroed.
 */
BK_API int bk_reply_classify(const char *text, size_t len, bk_reply_info *out);

/**
 * The same decision as bk_reply_classify() for a reply whose codes the
 * caller already parsed (a DSN's Status field, say): reply_code 0 and
 * status NULL when absent; text may be empty.  Input is not validated for
 * UTF-8 or size: the caller passes what it has, and at most BK_REPLY_MAX
 * bytes of the text are read.
 */
BK_API int bk_reply_classify_parts(int reply_code, const bk_status *status,
                                   const char *text, size_t len,
                                   bk_reply_info *out);

/**
 * bk_reply_classify_parts() for a reply whose SMTP command is known from
 * elsewhere (a log line, a DSN's transcript): command is "RCPT", "DATA",
 * "MAIL", "EHLO", "HELO", "STARTTLS", "AUTH" or "CONN" (the greeting),
 * any case; NULL or "" when unknown.  The command matters to generic
 * "user unknown" words: answered to RCPT TO they mean a missing mailbox
 * (userunknown), after DATA a filter's refusal (filtered), to MAIL FROM a
 * refused sender (rejected).  A command the text itself names ("in reply
 * to RCPT TO command") takes precedence.  BK_EINVAL for an unknown
 * command word.
 */
BK_API int bk_reply_classify_cmd(int reply_code, const bk_status *status,
                                 const char *command, const char *text,
                                 size_t len, bk_reply_info *out);

/**
 * Only the reason for a piece of text, with the provider it names, as
 * decided by the rule table alone (no codes).  Returns BK_OK and sets
 * *reason to BK_REASON_UNDEFINED when no rule matches.  Fast path for
 * decoders that hold a diagnostic text.
 */
BK_API int bk_text_reason(const char *text, size_t len, bk_reason *reason,
                          const char **provider);

/**
 * Find the codes inside a reply: the leading basic code ("550", "550-",
 * "550 "), and the first enhanced code anywhere in the text, also inside
 * "#5.1.1", "(5.1.1)", "[5.1.1]" or after a provider prefix.  Inside
 * running text only subjects 0 to 7 count, so that version numbers and
 * addresses ("Exim 4.96.1", "192.0.2.5.1") are not taken for codes.
 * Missing values are left 0 / has_status 0.  Never fails on any input.
 */
BK_API void bk_reply_find_codes(const char *text, size_t len, int *reply_code,
                                bk_status *status, int *has_status);

/* ------------------------------------------------------------------------
 * Bounce parsing: "bouncekit parse"
 *
 * bk_parse_message() decodes one message (a bounce, a delay or delivery
 * notice, an ARF complaint, an auto-reply, or ordinary mail) into
 * per-recipient records.  A bk_parser holds options and caches and is
 * reused across messages (one per thread); each bk_result owns every
 * string of its records in one arena, released by bk_result_free().
 * ---------------------------------------------------------------------- */

/** Safety limits of the message layer.  Each bounds the work and memory an
 *  attacker can force with one message; bk_parse_options_init() sets the
 *  defaults below. */
typedef struct bk_parse_limits {
    size_t max_message;      /* bytes of one message (BK_ETOOBIG beyond) */
    size_t max_header_bytes; /* bytes of one header block: a 64 MB header line
                                must not be copied and unfolded */
    size_t max_headers;      /* header fields kept per block; more are ignored */
    size_t max_depth;        /* MIME nesting: 10,000-deep multiparts would
                                otherwise recurse without end */
    size_t max_parts;        /* MIME parts per message: a million empty parts
                                cost a million records */
    size_t max_records;      /* recipients reported per message */
    size_t max_arena;        /* bytes of decoded data held per message */
} bk_parse_limits;

#define BK_PARSE_MAX_MESSAGE ((size_t)128 << 20)  /* 128 MiB */
#define BK_PARSE_MAX_HEADER_BYTES ((size_t)1 << 20) /* 1 MiB */
#define BK_PARSE_MAX_HEADERS 2000
#define BK_PARSE_MAX_DEPTH 32
#define BK_PARSE_MAX_PARTS 2000
#define BK_PARSE_MAX_RECORDS 10000
#define BK_PARSE_MAX_ARENA ((size_t)512 << 20)  /* 512 MiB: ~4x the message */

/** Options of a parser.  Strings are copied by bk_parser_new(). */
typedef struct bk_parse_options {
    bk_parse_limits limits;
    /** VERP template such as "bounces+{local}={domain}@example.net", or
     *  NULL: when a message names no recipient, the envelope address
     *  (Return-Path, Delivered-To, To of the bounce, X-Original-To) that
     *  matches the template gives it. */
    const char *verp;
} bk_parse_options;

/** Fill *opt with the default limits and no VERP template. */
BK_API void bk_parse_options_init(bk_parse_options *opt);

typedef struct bk_parser bk_parser;
typedef struct bk_result bk_result;

/** One recipient of a message.  Every string is NUL-terminated and owned
 *  by the bk_result; "" when not known (never NULL).  Text is UTF-8 when
 *  the message declared its charset (bodies, RFC 2047 words); undeclared
 *  8-bit bytes are passed on as found.
 *
 *  Typical use:
 *      bk_parser *p = bk_parser_new(NULL);
 *      bk_result *r;
 *      if (bk_parse_message(p, data, len, &r) == BK_OK) {
 *          for (size_t i = 0; i < bk_result_count(r); i++)
 *              use(bk_result_record(r, i));
 *          bk_result_free(r);
 *      }
 *      bk_parser_free(p);
 */
typedef struct bk_record {
    const char *recipient;          /* the failed (or notified) address */
    const char *original_recipient; /* DSN Original-Recipient */
    const char *sender;             /* envelope sender of the original message */
    const char *action;             /* failed, delayed, delivered, relayed,
                                       expanded; "" for complaints, auto-replies */
    const char *status;             /* enhanced code the message carries, "5.1.1" */
    int reply_code;                 /* SMTP reply code, 0 when none */
    const char *diagnostic;         /* the remote server's text, one line */
    bk_reason reason;
    bk_bounce bounce;
    bk_decision decision;
    int permanent;                  /* 1 when the failure is permanent */
    const char *remote_mta;         /* DSN Remote-MTA; else the receiving host
                                       the reply's text names ("host
                                       mx.example.com[192.0.2.1] said:") */
    const char *reporting_mta;      /* DSN Reporting-MTA; else the host the
                                       notice says wrote it, or the "by" host
                                       of its bottom-most Received field */
    const char *smtp_command;       /* CONN, HELO, EHLO, MAIL, RCPT, DATA, ... */
    const char *date;               /* RFC 3339 */
    const char *message_id;         /* of the original message */
    const char *subject;            /* of the original message */
    const char *list_id;            /* of the original message */
    const char *feedback_type;      /* ARF: abuse, fraud, ... */
    const char *format;             /* the decoder family: "rfc3464", "postfix", ... */
} bk_record;

/** Create a parser; opt NULL for the defaults.  Returns NULL when out of
 *  memory.  Free with bk_parser_free(). */
BK_API bk_parser *bk_parser_new(const bk_parse_options *opt);
BK_API void bk_parser_free(bk_parser *p);

/**
 * Parse one message of len bytes (any line ends: LF, CRLF, CR).  On BK_OK
 * *out is a result the caller frees with bk_result_free(); it may hold no
 * record (ordinary mail).  Errors: BK_EINVAL, BK_EEMPTY (no bytes or only
 * white space), BK_ETOOBIG (over max_message), BK_ELIMIT (a limit of the
 * message layer was hit), BK_ENOMEM; *out is NULL on error.
 */
BK_API int bk_parse_message(bk_parser *p, const char *data, size_t len, bk_result **out);

/** After bk_parse_message() failed: a short text naming what failed
 *  ("MIME nesting too deep", "header section too big", ...); "" after a
 *  success.  Static text, valid for the life of the process. */
BK_API const char *bk_parser_error_detail(const bk_parser *p);

/** Number of records, and the i-th one (NULL past the end). */
BK_API size_t bk_result_count(const bk_result *r);
BK_API const bk_record *bk_result_record(const bk_result *r, size_t i);

/**
 * A header of the returned (original) message, by name, case-insensitive:
 * the n-th occurrence (0 first), unfolded and with RFC 2047 words decoded.
 * Returns NULL when absent.  Valid until bk_result_free().
 */
BK_API const char *bk_result_returned_header(const bk_result *r, const char *name, size_t n);
/** Number of header fields of the returned message, and the i-th one's
 *  name and value (BK_ENOTFOUND past the end). */
BK_API size_t bk_result_returned_header_count(const bk_result *r);
BK_API int bk_result_returned_header_at(const bk_result *r, size_t i, const char **name,
                                        const char **value);
BK_API void bk_result_free(bk_result *r);

/**
 * Mailbox iterator: splits an mbox stream ("From " separator lines) into
 * messages without holding more than one message (plus a read buffer) in
 * memory.  ">From " quoting is left as is.  bk_mbox_next() returns BK_OK
 * with a view of the next message valid until the next call, BK_EOF at
 * the end, BK_EIO on a read error, BK_ETOOBIG when one message exceeds
 * max_message (that message is skipped; iteration may go on).
 */
typedef struct bk_mbox bk_mbox;
/** Start reading an mbox from fd (a file, pipe or socket); max_message 0
 *  means BK_PARSE_MAX_MESSAGE.  The fd stays the caller's.  NULL when out
 *  of memory or fd < 0.  Separator lines "From " are recognised after LF,
 *  CRLF or CR line ends; each message handed out starts with its own
 *  separator line, which bk_parse_message() skips. */
BK_API bk_mbox *bk_mbox_open_fd(int fd, size_t max_message);
BK_API int bk_mbox_next(bk_mbox *m, const char **data, size_t *len, uint64_t *offset);
BK_API void bk_mbox_close(bk_mbox *m); /* does not close the fd */

/* ========================================================================
 * Address verification: "bouncekit verify"
 *
 * Checks, in the order bk_verify_*() runs them: syntax (an is_email style
 * graded diagnosis, RFC 5321 envelope rules, RFC 6531 UTF-8 local parts,
 * IDNA domains), a typo suggestion for the domain, the disposable / role /
 * free-provider lists, then (outside the pure library part, in src/net)
 * DNS and an optional SMTP probe.
 * ====================================================================== */

/** The is_email categories, with is_email's own values: the larger, the
 *  worse.  DNSWARN is never produced offline. */
typedef enum bk_addr_category {
    BK_ADDR_VALID = 1,    /* a plain dot-atom at a host name */
    BK_ADDR_DNSWARN = 7,  /* valid, but DNS found no record (online only) */
    BK_ADDR_RFC5321 = 15, /* valid SMTP with unusual parts: quoted local part,
                             address literal, one-label or numeric TLD */
    BK_ADDR_CFWS = 31,    /* comments or folding white space: valid in a
                             header, not usable unmodified in the envelope */
    BK_ADDR_DEPREC = 63,  /* obsolete RFC 5322 syntax */
    BK_ADDR_RFC5322 = 127, /* only valid by RFC 5322's broad grammar */
    BK_ADDR_ERR = 255     /* invalid for any purpose */
} bk_addr_category;

/** The is_email diagnoses, with is_email's values (the worst one found is
 *  reported).  bouncekit adds the last three (151..153). */
typedef enum bk_addr_diag {
    BK_ADDR_DIAG_VALID = 0,
    BK_ADDR_DIAG_DNSWARN_NO_MX_RECORD = 5,
    BK_ADDR_DIAG_DNSWARN_NO_RECORD = 6,
    BK_ADDR_DIAG_RFC5321_TLD = 9,
    BK_ADDR_DIAG_RFC5321_TLDNUMERIC = 10,
    BK_ADDR_DIAG_RFC5321_QUOTEDSTRING = 11,
    BK_ADDR_DIAG_RFC5321_ADDRESSLITERAL = 12,
    BK_ADDR_DIAG_RFC5321_IPV6DEPRECATED = 13, /* category DEPREC */
    BK_ADDR_DIAG_CFWS_COMMENT = 17,
    BK_ADDR_DIAG_CFWS_FWS = 18,
    BK_ADDR_DIAG_DEPREC_LOCALPART = 33,
    BK_ADDR_DIAG_DEPREC_FWS = 34,
    BK_ADDR_DIAG_DEPREC_QTEXT = 35,
    BK_ADDR_DIAG_DEPREC_QP = 36,
    BK_ADDR_DIAG_DEPREC_COMMENT = 37,
    BK_ADDR_DIAG_DEPREC_CTEXT = 38,
    BK_ADDR_DIAG_DEPREC_CFWS_NEAR_AT = 49,
    BK_ADDR_DIAG_RFC5322_DOMAIN = 65,
    BK_ADDR_DIAG_RFC5322_TOOLONG = 66,
    BK_ADDR_DIAG_RFC5322_LOCAL_TOOLONG = 67,
    BK_ADDR_DIAG_RFC5322_DOMAIN_TOOLONG = 68,
    BK_ADDR_DIAG_RFC5322_LABEL_TOOLONG = 69,
    BK_ADDR_DIAG_RFC5322_DOMAINLITERAL = 70,
    BK_ADDR_DIAG_RFC5322_DOMLIT_OBSDTEXT = 71,
    BK_ADDR_DIAG_RFC5322_IPV6_GRPCOUNT = 72,
    BK_ADDR_DIAG_RFC5322_IPV6_2X2XCOLON = 73,
    BK_ADDR_DIAG_RFC5322_IPV6_BADCHAR = 74,
    BK_ADDR_DIAG_RFC5322_IPV6_MAXGRPS = 75,
    BK_ADDR_DIAG_RFC5322_IPV6_COLONSTRT = 76,
    BK_ADDR_DIAG_RFC5322_IPV6_COLONEND = 77,
    BK_ADDR_DIAG_ERR_EXPECTING_DTEXT = 129,
    BK_ADDR_DIAG_ERR_NOLOCALPART = 130,
    BK_ADDR_DIAG_ERR_NODOMAIN = 131,
    BK_ADDR_DIAG_ERR_CONSECUTIVEDOTS = 132,
    BK_ADDR_DIAG_ERR_ATEXT_AFTER_CFWS = 133,
    BK_ADDR_DIAG_ERR_ATEXT_AFTER_QS = 134,
    BK_ADDR_DIAG_ERR_ATEXT_AFTER_DOMLIT = 135,
    BK_ADDR_DIAG_ERR_EXPECTING_QPAIR = 136,
    BK_ADDR_DIAG_ERR_EXPECTING_ATEXT = 137,
    BK_ADDR_DIAG_ERR_EXPECTING_QTEXT = 138,
    BK_ADDR_DIAG_ERR_EXPECTING_CTEXT = 139,
    BK_ADDR_DIAG_ERR_BACKSLASHEND = 140,
    BK_ADDR_DIAG_ERR_DOT_START = 141,
    BK_ADDR_DIAG_ERR_DOT_END = 142,
    BK_ADDR_DIAG_ERR_DOMAINHYPHENSTART = 143,
    BK_ADDR_DIAG_ERR_DOMAINHYPHENEND = 144,
    BK_ADDR_DIAG_ERR_UNCLOSEDQUOTEDSTR = 145,
    BK_ADDR_DIAG_ERR_UNCLOSEDCOMMENT = 146,
    BK_ADDR_DIAG_ERR_UNCLOSEDDOMLIT = 147,
    BK_ADDR_DIAG_ERR_FWS_CRLF_X2 = 148,
    BK_ADDR_DIAG_ERR_FWS_CRLF_END = 149,
    BK_ADDR_DIAG_ERR_CR_NO_LF = 150,
    BK_ADDR_DIAG_ERR_IDNA = 151,      /* the domain fails UTS #46 / IDNA2008 */
    BK_ADDR_DIAG_ERR_NESTING = 152,   /* comments nested deeper than allowed */
    BK_ADDR_DIAG_ERR_TOOLONG_INPUT = 153 /* input over BK_ADDR_INPUT_MAX */
} bk_addr_diag;

/** Which categories count as valid. */
typedef enum bk_addr_profile {
    BK_ADDR_PROFILE_DEFAULT = 0, /* VALID, DNSWARN, RFC5321 */
    BK_ADDR_PROFILE_STRICT,      /* VALID, DNSWARN only */
    BK_ADDR_PROFILE_LENIENT      /* also CFWS and DEPREC */
} bk_addr_profile;

/** "VALID", "DNSWARN", "RFC5321", "CFWS", "DEPREC", "RFC5322", "ERR". */
BK_API const char *bk_addr_category_name(bk_addr_category c);
/** The diagnosis name without is_email's prefix: "RFC5321_QUOTEDSTRING";
 *  "" for values that are not diagnoses. */
BK_API const char *bk_addr_diag_name(bk_addr_diag d);
/** The category a diagnosis belongs to (is_email's table). */
BK_API bk_addr_category bk_addr_diag_category(bk_addr_diag d);
/** Parse "default", "strict" or "lenient".  BK_ENOTFOUND otherwise. */
BK_API int bk_addr_profile_from_name(const char *s, size_t len, bk_addr_profile *out);

/** Longest input bk_address_check() parses; longer inputs get the
 *  diagnosis ERR_TOOLONG_INPUT.  An envelope address has at most 254
 *  octets; the rest of the margin is for comments and white space. */
#define BK_ADDR_INPUT_MAX 4096
/** Nesting limit for comments: deeper nesting is an attack, not mail. */
#define BK_ADDR_NEST_MAX 32
/** Sizes of the normalized parts (with their NUL).  An address that is
 *  valid in any profile has at most 254 octets in all. */
#define BK_ADDR_LOCAL_SIZE 260
#define BK_ADDR_DOMAIN_SIZE 260
#define BK_ADDR_NORMALIZED_SIZE 520

/**
 * The syntax verdict on one address.  All text is copied into the struct:
 * it owns nothing and needs no free.
 */
typedef struct bk_address {
    int valid;                 /* 1 when the profile accepts the category
                                  and no control character is present */
    bk_addr_category category;
    bk_addr_diag diagnosis;    /* the worst diagnosis found */
    int smtputf8;              /* the local part has UTF-8: needs SMTPUTF8 */
    int idn;                   /* the domain was converted from U-labels */
    int quoted;                /* the local part needs quoting */
    int literal;               /* the domain is an address literal [...] */
    int control;               /* a control character (CR, LF, NUL, ...) was
                                  present: never valid in any profile */
    /* Normalized envelope form, "" when the category is RFC5322 or ERR:
     * comments and folding removed, quoting only where needed, the domain
     * in lower case and in A-labels (xn--). */
    char local[BK_ADDR_LOCAL_SIZE];
    char domain[BK_ADDR_DOMAIN_SIZE];
    char normalized[BK_ADDR_NORMALIZED_SIZE];
    /* The domain part as typed (between the last top-level '@' and the end,
     * comments kept), for typo suggestions on invalid input: offset and
     * length into the caller's input; len 0 when there is no '@'. */
    size_t domain_off, domain_len;
    size_t local_off, local_len;   /* the local part as typed */
} bk_address;

/**
 * Check the syntax of one address (an RFC 5321 envelope address, with
 * RFC 5322's header forms diagnosed rather than rejected outright).
 * Always fills *out when it returns BK_OK, also for invalid addresses.
 * Errors: BK_EINVAL (NULL out, or s NULL with len > 0, or a bad profile).
 */
BK_API int bk_address_check(const char *s, size_t len, bk_addr_profile profile,
                            bk_address *out);

/** Whether a profile accepts a category (controls aside). */
BK_API int bk_addr_profile_accepts(bk_addr_profile profile, bk_addr_category c);

/* ---- Typo suggestion for the domain ------------------------------------ */

/** The typo suggester: a curated, weighted list of popular mailbox domains
 *  indexed for near matches, and the Public Suffix List (libpsl: the
 *  distribution's file when installed, else libpsl's built-in copy).
 *  Read-only once created: one handle may serve several threads. */
typedef struct bk_typo bk_typo;

/** Create a suggester.  BK_ENOMEM on failure.  Free with bk_typo_free(). */
BK_API int bk_typo_create(bk_typo **out);
BK_API void bk_typo_free(bk_typo *t);

/**
 * Suggest the domain that was probably meant: "gmial.com" -> "gmail.com",
 * "gmailcom" -> "gmail.com", "gmail,com" -> "gmail.com", "hotmail.con" ->
 * "hotmail.com", "example.con" -> "example.com".  The domain may be
 * syntactically invalid.  A domain of the popular list (ymail.com,
 * mail.com, gmx.at, ...) is never corrected, and a well-formed domain with
 * a real suffix is corrected only one edit towards a popular name of five
 * or more letters.
 * Returns 1 and the lower-case suggestion in out (NUL-terminated), 0 when
 * there is none (out = ""), BK_EINVAL, or BK_ETOOBIG when size is too small
 * (256 bytes always suffice).
 */
BK_API int bk_typo_suggest(const bk_typo *t, const char *domain, size_t len,
                           char *out, size_t size);

/** 1 when the domain (any case) is in the popular list, else 0. */
BK_API int bk_typo_is_popular(const bk_typo *t, const char *domain, size_t len);

/* ---- Disposable, role and free-provider lists ---------------------------- */

typedef enum bk_list_kind {
    BK_LIST_DISPOSABLE = 0, /* throw-away domains (covers subdomains) */
    BK_LIST_ROLE = 1,       /* role local parts: postmaster, info, noreply */
    BK_LIST_FREE = 2        /* free / consumer mailbox providers */
} bk_list_kind;

/** The three lists; empty when created.  Read-only lookups may run from
 *  several threads once loading is done. */
typedef struct bk_lists bk_lists;
BK_API int bk_lists_create(bk_lists **out);
BK_API void bk_lists_free(bk_lists *l);
/** Add the entries of a text (one a line, '#' comments, blank lines
 *  ignored).  Role entries are folded like lookups: case, "+tag" and the
 *  separators . - _ are ignored.  BK_EINVAL, BK_ENOMEM. */
BK_API int bk_lists_load(bk_lists *l, bk_list_kind kind, const char *data, size_t len);
/** Load a file in that format.  BK_EIO when it cannot be read. */
BK_API int bk_lists_load_file(bk_lists *l, bk_list_kind kind, const char *path);
/** Load disposable.txt, role.txt and free.txt from a directory (the
 *  project installs them in $prefix/share/bouncekit/verify). */
BK_API int bk_lists_load_dir(bk_lists *l, const char *dir);
BK_API size_t bk_lists_count(const bk_lists *l, bk_list_kind kind);
/** 1 when the domain (or local part, for BK_LIST_ROLE) is listed.  A
 *  disposable entry also matches its subdomains. */
BK_API int bk_lists_contains(const bk_lists *l, bk_list_kind kind, const char *s, size_t len);

/* ---- The whole check ------------------------------------------------------ */

/** The verdict on one address. */
typedef enum bk_verdict {
    BK_VERDICT_DELIVERABLE = 0, /* nothing found against it */
    BK_VERDICT_UNDELIVERABLE,   /* mail to it will bounce */
    BK_VERDICT_RISKY,           /* may work, but likely to hurt (typo,
                                   disposable, role, catch-all, full) */
    BK_VERDICT_UNKNOWN          /* could not be decided (offline, DNS or
                                   SMTP failure, probe refused) */
} bk_verdict;
/** "deliverable", "undeliverable", "risky", "unknown". */
BK_API const char *bk_verdict_name(bk_verdict v);

/** Reason codes: bits of bk_verify_result.reasons.  Append-only. */
typedef enum bk_verify_reason {
    BK_VR_SYNTAX_ERROR = 1u << 0,
    BK_VR_TYPO_SUGGESTED = 1u << 1,
    BK_VR_NO_MX = 1u << 2,            /* the domain exists, nothing receives mail */
    BK_VR_NULL_MX = 1u << 3,          /* RFC 7505: the domain accepts no mail */
    BK_VR_DOMAIN_NOT_FOUND = 1u << 4, /* NXDOMAIN */
    BK_VR_DNS_ERROR = 1u << 5,        /* SERVFAIL, refused: unknown */
    BK_VR_DISPOSABLE = 1u << 6,
    BK_VR_ROLE = 1u << 7,
    BK_VR_CATCH_ALL = 1u << 8,        /* the server accepts any address */
    BK_VR_MAILBOX_FULL = 1u << 9,
    BK_VR_MAILBOX_NOT_FOUND = 1u << 10, /* 5.1.1 and friends */
    BK_VR_SMTP_REJECTED = 1u << 11,   /* another permanent refusal */
    BK_VR_SMTP_BLOCKED = 1u << 12,    /* the probe itself was refused (5.7.x) */
    BK_VR_SMTP_TEMPFAIL = 1u << 13,   /* 4xx or greylisting, also after retry */
    BK_VR_SMTP_UNREACHABLE = 1u << 14, /* no MX host answered on port 25 */
    BK_VR_TIMEOUT = 1u << 15,         /* DNS or SMTP timed out */
    BK_VR_OFFLINE = 1u << 16          /* DNS was not checked (--offline) */
} bk_verify_reason;
#define BK_VR__COUNT 17
/** The name of one reason bit ("syntax_error"), "" for others. */
BK_API const char *bk_verify_reason_name(unsigned bit);

/** MX hosts kept per domain (more are ignored, lowest preference first). */
#define BK_VERIFY_MX_MAX 16

/** The SMTP probe of one address (see bk_verify_options.smtp). */
typedef struct bk_smtp_probe {
    int attempted;           /* 1 when a probe ran */
    int connected;           /* 1 when an MX host answered */
    const char *host;        /* the MX host that answered, or "" */
    int reply_code;          /* the RCPT TO reply, 0 when none */
    char status[16];         /* its enhanced code, "" when none */
    bk_reason reason;        /* bk_reply_classify() on the RCPT reply */
    int accepted;            /* the RCPT was accepted (2xx) */
    int catch_all;           /* a random address was accepted too: -1 unknown */
    int tls;                 /* STARTTLS was used */
    int tempfail;            /* still 4xx after the retry */
    int port_blocked;        /* no connection to any MX host of any domain
                                of the batch succeeded, and some failed:
                                outbound SMTP is likely blocked here */
    char *transcript;        /* the dialogue, "C: ..." / "S: ..." lines;
                                owned by the result, "" when none */
} bk_smtp_probe;

/** The result of the whole check.  Pointers (mx, smtp.host) refer to the
 *  verifier's cache and live until bk_verifier_free(); the transcript is
 *  owned by the result: release with bk_verify_result_clear(). */
typedef struct bk_verify_result {
    bk_address syntax;
    char suggestion[BK_ADDR_NORMALIZED_SIZE]; /* whole corrected address, "" */
    bk_verdict verdict;
    uint32_t reasons;          /* bk_verify_reason bits */
    int disposable, role, free_provider;
    int domain_checked;        /* 1 when DNS was asked */
    int domain_exists;         /* 1 yes, 0 no (NXDOMAIN), -1 unknown */
    int null_mx, implicit_mx;
    size_t n_mx;
    const char *mx[BK_VERIFY_MX_MAX];
    bk_smtp_probe smtp;
} bk_verify_result;
BK_API void bk_verify_result_clear(bk_verify_result *r);

/** Options of a verifier.  Start from bk_verify_options_init(). */
typedef struct bk_verify_options {
    bk_addr_profile profile;
    int offline;               /* skip DNS and SMTP */
    int smtp;                  /* probe mailboxes over SMTP */
    const char *dns_server;    /* "IP" or "IP:PORT"; NULL: the system's */
    int dns_timeout_ms;        /* per try; default 2000 */
    int dns_tries;             /* default 2 */
    int dns_inflight;          /* concurrent queries; default 256 */
    const char *helo_name;     /* EHLO name; default "localhost" */
    const char *mail_from;     /* MAIL FROM address; default "" (null path) */
    int smtp_port;             /* default 25 */
    int smtp_timeout_ms;       /* per reply; default 10000 */
    int smtp_concurrency;      /* connections at once, each to a different
                                  domain (one per domain); default 8 */
    int smtp_rate;             /* new connections per second; 0: no limit */
    int smtp_retry_ms;         /* wait before retrying a 4xx; default 0 */
    int starttls;              /* use STARTTLS when offered; default 1 */
    int smtp_per_host;         /* connections at once to one MX host name,
                                  across the domains that share it; 0:
                                  the default, 2 */
} bk_verify_options;
BK_API void bk_verify_options_init(bk_verify_options *o);

/** A verifier: the typo index, the lists, the DNS cache and resolver.
 *  One per thread.  With smtp set, bk_verify_batch() starts up to
 *  smtp_concurrency threads of its own and writes to sockets: a process
 *  should ignore SIGPIPE (TLS writes to a peer that hung up raise it). */
typedef struct bk_verifier bk_verifier;

/**
 * Create a verifier.  The lists start empty: fill them through
 * bk_verifier_lists().  Errors: BK_EINVAL (a bad profile, or a helo_name or
 * mail_from with spaces, control characters or angle brackets, or longer
 * than 255), BK_ENOMEM, BK_ENET (the resolver could not be set up, or
 * dns_server is not an IP[:PORT]).
 */
BK_API int bk_verifier_create(const bk_verify_options *o, bk_verifier **out);
BK_API void bk_verifier_free(bk_verifier *v);
BK_API bk_lists *bk_verifier_lists(bk_verifier *v);
BK_API const bk_typo *bk_verifier_typo(const bk_verifier *v);

/** One address of a batch: pointer and length. */
typedef struct bk_verify_input {
    const char *addr;
    size_t len;
} bk_verify_input;

/**
 * Verify a batch: all DNS queries of the batch run at once (each domain is
 * asked once per verifier: results are cached), then the SMTP probes.
 * out[i] belongs to in[i]; clear each with bk_verify_result_clear().
 * Errors: BK_EINVAL, BK_ENOMEM.  DNS and SMTP failures are not errors:
 * they are verdicts (unknown) with reasons.
 */
BK_API int bk_verify_batch(bk_verifier *v, const bk_verify_input *in, size_t n,
                           bk_verify_result *out);
/** bk_verify_batch() for one address. */
BK_API int bk_verify_address(bk_verifier *v, const char *addr, size_t len,
                             bk_verify_result *out);

/** What DNS says about one domain (bk_verifier_check_domains()).  mx
 *  points into the verifier's cache (valid until bk_verifier_free()). */
typedef struct bk_domain_info {
    int exists;              /* 1, 0 (NXDOMAIN), -1 unknown */
    int null_mx, implicit_mx;
    size_t n_mx;
    const char *mx[BK_VERIFY_MX_MAX];
    uint32_t reasons;        /* no_mx, null_mx, domain_not_found, dns_error,
                                timeout, or syntax_error for a bad name */
} bk_domain_info;

/**
 * The DNS check alone, for n domains at once (U-labels are converted; any
 * case).  Needs a verifier created without offline (else BK_EINVAL).
 */
BK_API int bk_verifier_check_domains(bk_verifier *v, const bk_verify_input *domains,
                                     size_t n, bk_domain_info *out);

/**
 * The offline checks alone (syntax, typo, lists) without a verifier: a
 * NULL typo or lists skips that check.  Verdict as with offline = 1.
 */
BK_API int bk_verify_offline(const bk_typo *typo, const bk_lists *lists,
                             bk_addr_profile profile, const char *addr, size_t len,
                             bk_verify_result *out);

/* ------------------------------------------------------------------------
 * Suppressions: the event record, the policy, the store
 *
 * Bounce events (from MTA logs, ESP webhooks, bounce messages or manual
 * entries) are fed to bk_store_ingest() as an array of bk_event records.
 * The policy (rules as data) decides for each event whether the recipient
 * is suppressed, and the store keeps every event, the suppression list and
 * the rule behind each decision.  bk_store_check() answers "may I mail this
 * address?".  See docs/store.md for the schema, formats and guarantees.
 * ---------------------------------------------------------------------- */

/** Longest address kept, in bytes: RFC 5321 allows 64 octets of local part
 *  and 255 of domain plus "@". */
#define BK_ADDRESS_MAX 320
/** Longest scope (list or stream name) kept, in bytes. */
#define BK_SCOPE_MAX 64
/** Longest rule name in a policy, in bytes. */
#define BK_RULE_MAX 48

/** What happened to one recipient of one message. */
typedef enum bk_action {
    BK_ACTION_FAILED = 0, /* a bounce: the delivery failed (hard or soft) */
    BK_ACTION_DELAYED,    /* a delay notice or deferral: still being tried */
    BK_ACTION_DELIVERED,  /* delivered or relayed: counts as sent */
    BK_ACTION_COMPLAINT,  /* a spam complaint (ARF feedback, webhook) */
    BK_ACTION_SUPPRESS,   /* a manual suppression (add, import) */
    BK_ACTION__COUNT      /* not an action: the number of actions */
} bk_action;

/** "failed", "delayed", "delivered", "complaint", "suppress"; "unknown". */
BK_API const char *bk_action_name(bk_action a);
/** Parse an action word (case-insensitive).  BK_ENOTFOUND if unknown. */
BK_API int bk_action_from_name(const char *s, size_t len, bk_action *out);

/**
 * One event: the record every source produces and bk_store_ingest()
 * consumes.  Strings are NUL-terminated and owned by the caller; NULL is
 * the same as "".  Only recipient is required.
 */
typedef struct bk_event {
    int64_t time;           /* Unix seconds, UTC; 0 means "now" */
    bk_action action;
    const char *recipient;  /* the address the event is about */
    const char *status;     /* enhanced status code "5.1.1", or "" */
    int reply_code;         /* basic reply code 550, or 0 */
    bk_reason reason;       /* as classified (bk_reply_classify) */
    bk_bounce bounce;       /* hard / soft / none */
    bk_decision decision;   /* the classifier's advice */
    const char *diagnostic; /* the remote reply or diagnostic text */
    const char *source;     /* "postfix", "exim", "ses", "manual", ... */
    const char *message_id; /* Message-ID or MTA queue id */
    const char *sender;     /* envelope sender */
    const char *campaign;   /* campaign or list header (List-Id, tag) */
    const char *scope;      /* "" global, or the list / stream it is about */
    const char *event_key;  /* unique id from the source (webhook event id);
                               "" derives one from the content */
    const char *note;       /* free text (manual suppressions) */
    int64_t expires;        /* manual suppressions: 0 permanent, else when
                               the suppression ends (Unix seconds) */
} bk_event;

/** A policy: ordered rules, first match wins; plus address folding. */
typedef struct bk_policy bk_policy;

/** How the local part of an address is compared (the domain always
 *  compares case-insensitively). */
typedef enum bk_fold {
    BK_FOLD_EXACT = 0, /* local part as written (RFC 5321) */
    BK_FOLD_LOWER,     /* local part lower-cased (ASCII) */
    BK_FOLD_PROVIDER   /* known providers' rules: gmail drops dots and
                          +tags, several ignore +tags and case */
} bk_fold;

/** What a rule does with an event that matches it. */
typedef enum bk_rule_do {
    BK_RULE_NONE = 0,   /* take no action */
    BK_RULE_SUPPRESS,   /* suppress (maybe after a count of events) */
    BK_RULE_COUNT,      /* count only: reported, never suppresses */
    BK_RULE_SENDER      /* count as the sender's problem, never suppress */
} bk_rule_do;

/** The rule an event matched (pointers into the policy). */
typedef struct bk_policy_verdict {
    const char *rule;     /* rule name; "" when no rule matched */
    bk_rule_do act;
    int after;            /* suppress once this many events matched ... */
    int64_t within;       /* ... within this many seconds (0: any time) */
    int64_t duration;     /* suppression length in seconds; 0 permanent */
    int reset_on_delivery;/* a delivery resets the count */
} bk_policy_verdict;

/** The built-in default policy as text, in the policy file format. */
BK_API const char *bk_policy_default_text(void);

/**
 * Parse a policy file.  On a syntax error returns BK_EMALFORMED and writes
 * "line N: what" into err (err may be NULL).  The policy is freed with
 * bk_policy_free().  Limits: BK_POLICY_MAX_RULES rules, 64 KiB of text.
 */
#define BK_POLICY_MAX_RULES 64
BK_API int bk_policy_parse(const char *text, size_t len, bk_policy **out,
                           char *err, size_t errsize);
/** The default policy (parsed from bk_policy_default_text()). */
BK_API int bk_policy_default(bk_policy **out);
/** Read and parse a file; BK_EIO when it cannot be read. */
BK_API int bk_policy_load(const char *path, bk_policy **out, char *err, size_t errsize);
BK_API void bk_policy_free(bk_policy *p);
/** The policy written back in the file format (canonical); caller frees. */
BK_API int bk_policy_format(const bk_policy *p, char **out, size_t *len);
/** Which rule an event matches.  No match gives rule "" and BK_RULE_NONE. */
BK_API void bk_policy_match(const bk_policy *p, const bk_event *ev, bk_policy_verdict *out);
/** The folding the policy asks for. */
BK_API bk_fold bk_policy_fold(const bk_policy *p);

/**
 * Normalise an address for comparison: trims white space and one pair of
 * angle brackets, lower-cases the domain, folds the local part.  Writes a
 * NUL-terminated result of at most BK_ADDRESS_MAX bytes into out (size at
 * least BK_ADDRESS_MAX + 1).  Errors: BK_EEMPTY, BK_ETOOBIG, BK_EMALFORMED
 * (no "@", empty local part or domain, control characters or spaces).
 */
BK_API int bk_address_normalize(const char *addr, size_t len, bk_fold fold,
                                char *out, size_t size);

/** An open store.  One handle per thread. */
typedef struct bk_store bk_store;

typedef struct bk_store_options {
    const char *backend;  /* NULL or "sqlite" (the only one so far) */
    int readonly;         /* open without creating or migrating */
    int busy_timeout_ms;  /* wait this long for a lock; 0: 5000 */
    int sync_full;        /* 1: fsync every commit (synchronous=FULL) */
} bk_store_options;

/**
 * The default store path: $BOUNCEKIT_DB if set, else
 * $XDG_DATA_HOME/bouncekit/bouncekit.db, else
 * $HOME/.local/share/bouncekit/bouncekit.db.  BK_ETOOBIG when it does not
 * fit into size bytes.
 */
BK_API int bk_store_default_path(char *buf, size_t size);

/**
 * Open (creating and migrating as needed) the store at path; opt may be
 * NULL.  Errors: BK_ESTORE (details in bk_store_errmsg of the returned
 * handle are lost, so the message goes to err when not NULL), BK_EBUSY,
 * BK_ENOMEM.
 */
BK_API int bk_store_open(const char *path, const bk_store_options *opt, bk_store **out,
                         char *err, size_t errsize);
BK_API void bk_store_close(bk_store *s);
/** The detail of the last error on this handle; never NULL. */
BK_API const char *bk_store_errmsg(const bk_store *s);
/** The schema version of the open store. */
BK_API int bk_store_schema_version(const bk_store *s);

/** What one ingest call did. */
typedef struct bk_ingest_stats {
    size_t events;      /* new events stored */
    size_t duplicates;  /* events already stored (same event key): skipped */
    size_t suppressed;  /* suppressions created or renewed */
    size_t counted;     /* events counted towards a threshold or reported */
    size_t invalid;     /* events skipped: recipient unusable */
} bk_ingest_stats;

/**
 * THE INGESTION SEAM.  Store n events and apply the policy, all in one
 * transaction: when this returns BK_OK the events are committed
 * (acknowledged); on any error nothing of the call is kept.  An event whose
 * key is already stored is skipped, so feeding the same events twice is
 * harmless.  When cursor_name is not NULL, cursor_value is saved in the
 * same transaction (the position of a log reader, say), so position and
 * events never disagree after a crash.  policy NULL means the default.
 * stats may be NULL.  Errors: BK_EINVAL, BK_ESTORE, BK_EBUSY, BK_ENOMEM.
 */
BK_API int bk_store_ingest(bk_store *s, const bk_policy *policy, const bk_event *events,
                           size_t n, const char *cursor_name, const char *cursor_value,
                           bk_ingest_stats *stats);

/** Read a saved cursor into buf; BK_ENOTFOUND when none. */
BK_API int bk_store_cursor_get(bk_store *s, const char *name, char *buf, size_t size);

/** One suppression, as stored. */
typedef struct bk_suppression {
    char address[BK_ADDRESS_MAX + 1];
    char scope[BK_SCOPE_MAX + 1]; /* "" global */
    char reason[32];              /* reason word, "complaint", "manual" */
    char rule[BK_RULE_MAX + 1];   /* the rule that decided, "manual" */
    char source[32];
    char note[256];
    int64_t first_seen, last_seen;
    int64_t expires;              /* 0: permanent */
    int64_t events;               /* bounce events that led to it */
} bk_suppression;

/** The answer to "may I mail this address?". */
typedef struct bk_check_result {
    int suppressed;             /* 1 when the address must not be mailed */
    int detailed;               /* 1: every field of entry is filled; 0: the
                                   answer came from the in-memory index and
                                   entry has address, scope, reason, rule and
                                   expires only */
    bk_suppression entry;       /* valid when suppressed */
} bk_check_result;

/**
 * Check one address against the suppression list: a global suppression or
 * one in scope (scope NULL or "": global only) that has not expired at now
 * (0: the current time).  policy (NULL: default) gives the folding.  When
 * an index is loaded (bk_store_index_load) the answer comes from memory
 * (see bk_check_result.detailed); the index holds 64-bit fingerprints, so
 * a false "suppressed" has a probability near n / 2^64 per check.
 * Errors: those of bk_address_normalize, BK_ESTORE.
 */
BK_API int bk_store_check(bk_store *s, const bk_policy *policy, const char *addr, size_t len,
                          const char *scope, int64_t now, bk_check_result *out);

/**
 * Load every suppression into an in-memory hash index for fast checks
 * (about 30 bytes per suppression).  Changes made through this handle keep
 * it current; changes by other processes are seen after a new load.
 */
BK_API int bk_store_index_load(bk_store *s);

/** Add or replace a suppression by hand (recorded as an event too, so
 *  "why" tells it).  entry->address is normalised with the policy's fold. */
BK_API int bk_store_suppression_add(bk_store *s, const bk_policy *policy,
                                    const bk_suppression *entry);
/** Remove suppressions of an address (in scope; NULL: every scope).
 *  *removed (may be NULL) gets how many.  With an index loaded, removing
 *  from every scope reloads the index (the scopes are not kept in it). */
BK_API int bk_store_suppression_remove(bk_store *s, const bk_policy *policy, const char *addr,
                                       size_t len, const char *scope, int *removed);

/** Visit suppressions; a non-zero return of cb stops and is returned.
 *  With include_expired 0, those expired at now are skipped. */
typedef int (*bk_suppression_cb)(void *ctx, const bk_suppression *s);
BK_API int bk_store_suppressions(bk_store *s, int include_expired, int64_t now,
                                 bk_suppression_cb cb, void *ctx);
/** The same, from the first address above after (byte order, as strcmp;
 *  NULL: from the start), for paging: give the last address of a page to
 *  read the next without reading the ones before it. */
BK_API int bk_store_suppressions_after(bk_store *s, int include_expired, int64_t now,
                                       const char *after, bk_suppression_cb cb, void *ctx);

/** An event as stored, with what the policy made of it.  Strings are
 *  valid during the callback only. */
typedef struct bk_event_row {
    int64_t id;
    bk_event ev;
    const char *rule;    /* the rule that matched, "" none */
    const char *outcome; /* "suppressed", "counted 2/3", "sender", "none" */
} bk_event_row;
typedef int (*bk_event_cb)(void *ctx, const bk_event_row *row);

/** Visit stored events in time order: of one address (addr not NULL, as
 *  normalised with policy) or all, with time >= since. */
BK_API int bk_store_events(bk_store *s, const bk_policy *policy, const char *addr, size_t len,
                           int64_t since, bk_event_cb cb, void *ctx);

/**
 * A growable list of events that owns copies of their strings: what the
 * log, webhook (and message) readers fill and bk_store_ingest() takes via
 * bk_events_data() / bk_events_count().
 */
typedef struct bk_events bk_events;
BK_API int bk_events_new(bk_events **out);
BK_API void bk_events_free(bk_events *b);
/** Forget every event (memory is kept for reuse). */
BK_API void bk_events_clear(bk_events *b);
/** Append a copy of ev (strings copied).  BK_ELIMIT past BK_EVENTS_MAX. */
#define BK_EVENTS_MAX 1000000
BK_API int bk_events_add(bk_events *b, const bk_event *ev);
BK_API size_t bk_events_count(const bk_events *b);
/** The events; valid until the next add, clear or free. */
BK_API const bk_event *bk_events_data(const bk_events *b);

/** The MTA whose log format a line is in. */
typedef enum bk_mta {
    BK_MTA_ANY = 0, /* detect */
    BK_MTA_POSTFIX,
    BK_MTA_EXIM,
    BK_MTA_SENDMAIL
} bk_mta;

/**
 * Parse one MTA log line: a Postfix "to=<...>, ... status=bounced|deferred|
 * sent (reply)" line, an Exim main log "**", "==", "=>" or "->" line, or a
 * Sendmail "to=<...>, ... stat=..." line.  On BK_OK one event (failed,
 * delayed or delivered, classified with bk_reply_classify_parts) is
 * appended to out.  Lines that are no delivery record give BK_ENOTFOUND.
 * Syslog timestamps carry no year: the year is taken from now (Unix
 * seconds, 0: current time) so that the result is not in the future.
 * Lines over BK_MTALOG_LINE_MAX bytes give BK_ETOOBIG.
 */
#define BK_MTALOG_LINE_MAX 16384
BK_API int bk_mtalog_parse_line(const char *line, size_t len, bk_mta mta, int64_t now,
                                bk_events *out);

/** The ESP whose webhook payload was recognised. */
typedef enum bk_esp {
    BK_ESP_UNKNOWN = 0,
    BK_ESP_SES,       /* SNS notification or bare SES event */
    BK_ESP_SENDGRID,  /* event webhook array */
    BK_ESP_MAILGUN,   /* "event-data" object */
    BK_ESP_POSTMARK,  /* RecordType objects */
    BK_ESP_SPARKPOST  /* msys batches */
} bk_esp;
/** "ses", "sendgrid", "mailgun", "postmark", "sparkpost", "unknown". */
BK_API const char *bk_esp_name(bk_esp e);

/**
 * Parse one webhook payload (JSON) of SES, SendGrid, Mailgun, Postmark or
 * SparkPost, detecting the provider from its shape, and append one event
 * per recipient of each bounce, complaint, delivery or delay in it (other
 * event types are skipped).  *esp (may be NULL) gets the provider.
 * Errors: BK_EMALFORMED (not JSON), BK_ENOTFOUND (JSON of no known shape),
 * BK_ETOOBIG (over BK_WEBHOOK_MAX), BK_ELIMIT (nesting over 64 levels).
 * Authenticating the payload (signatures) is the receiver's job.
 */
#define BK_WEBHOOK_MAX (16u << 20)
BK_API int bk_webhook_parse(const char *body, size_t len, bk_events *out, bk_esp *esp);

/**
 * A remote mailbox of bounces, read over IMAP or POP3 (libcurl): the
 * message source whose messages are acknowledged on the server only after
 * their events are committed.  url is "imap[s]://host[:port]/MAILBOX" or
 * "pop3[s]://host[:port]/"; user and password may be NULL when the URL
 * carries them.  IMAP lists the messages without the keyword
 * "$BouncekitDone" and acknowledges by setting it (and \Seen), or, with
 * delete, by \Deleted and EXPUNGE; POP3 lists every message and
 * acknowledges with DELE (applied when the mailbox is closed).  Errors:
 * BK_ENET (connection, login, protocol), BK_ENOTFOUND (built without
 * libcurl), BK_EINVAL; details in err.
 */
typedef struct bk_mailbox bk_mailbox;
BK_API int bk_mailbox_open(const char *url, const char *user, const char *password, int delete_after,
                           bk_mailbox **out, char *err, size_t errsize);
/** The next message: a view valid until the next call, and its id for
 *  bk_mailbox_ack().  BK_EOF after the last. Messages over
 *  BK_PARSE_MAX_MESSAGE give BK_ETOOBIG (skipped; iteration goes on). */
BK_API int bk_mailbox_next(bk_mailbox *m, const char **data, size_t *len, uint64_t *id);
/** Acknowledge a message after its events were committed. */
BK_API int bk_mailbox_ack(bk_mailbox *m, uint64_t id);
/** The detail of the last error. */
BK_API const char *bk_mailbox_errmsg(const bk_mailbox *m);
/** Close (POP3: QUIT, which applies the deletions). */
BK_API int bk_mailbox_close(bk_mailbox *m);

/* ========================================================================
 * Mailbox in memory
 * ======================================================================== */
/**
 * Split an mbox held in memory, data[0..len), as bk_mbox_open_fd() splits
 * a stream: the same messages, offsets and separator lines.  Nothing is
 * copied: the views bk_mbox_next() hands out point into data, which must
 * stay valid and unchanged until bk_mbox_close() (which does not free it).
 * A message longer than max_message (0 means BK_PARSE_MAX_MESSAGE) gives
 * BK_ETOOBIG and is skipped; iteration goes on.  NULL when out of memory,
 * or data is NULL with len > 0.
 */
BK_API bk_mbox *bk_mbox_open_mem(const char *data, size_t len, size_t max_message);

#ifdef __cplusplus
}
#endif
#endif /* BOUNCEKIT_H */
