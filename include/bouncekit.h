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

#ifdef __cplusplus
}
#endif
#endif /* BOUNCEKIT_H */
