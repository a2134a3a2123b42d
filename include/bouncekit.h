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
 * "#5.1.1", "(5.1.1)", "[5.1.1]" or after a provider prefix.  Missing
 * values are left 0 / has_status 0.  Never fails on any input.
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

/** One recipient of a message.  Every string is NUL-terminated UTF-8 owned
 *  by the bk_result; "" when not known (never NULL). */
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
    const char *remote_mta;
    const char *reporting_mta;
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
BK_API bk_mbox *bk_mbox_open_fd(int fd, size_t max_message);
BK_API int bk_mbox_next(bk_mbox *m, const char **data, size_t *len, uint64_t *offset);
BK_API void bk_mbox_close(bk_mbox *m); /* does not close the fd */

#ifdef __cplusplus
}
#endif
#endif /* BOUNCEKIT_H */
