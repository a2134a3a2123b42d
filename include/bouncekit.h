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
 *  *removed (may be NULL) gets how many. */
BK_API int bk_store_suppression_remove(bk_store *s, const bk_policy *policy, const char *addr,
                                       size_t len, const char *scope, int *removed);

/** Visit suppressions; a non-zero return of cb stops and is returned.
 *  With include_expired 0, those expired at now are skipped. */
typedef int (*bk_suppression_cb)(void *ctx, const bk_suppression *s);
BK_API int bk_store_suppressions(bk_store *s, int include_expired, int64_t now,
                                 bk_suppression_cb cb, void *ctx);

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

#ifdef __cplusplus
}
#endif
#endif /* BOUNCEKIT_H */
