/*
 * reply_rules.h - the knowledge behind the reply classifier, as data.
 *
 * Two tables, defined in reply_rules.c and reviewed like code:
 *
 *  bk__reply_rules[]    text pattern -> reason (and provider)
 *  bk__provider_rules[] text pattern -> provider name
 *  bk__context_rules[]  text pattern -> the SMTP command a reply answered
 *
 * Matching works on a normalised copy of the reply: ASCII letters folded to
 * lower case, accented Latin letters folded to ASCII (é -> e, ä -> ae,
 * ß -> ss), Cyrillic and Greek capitals to small letters (utf8_fold.h),
 * every run of white space (and the "550-5.1.1 " prefixes of continuation
 * lines) collapsed into one space.  Other non-ASCII bytes are kept as they
 * are.
 *
 * A pattern is lower case and written as the normaliser leaves text
 * ("boite pleine", "empfaenger"); the generator refuses anything else.  '*' inside a pattern separates pieces that must
 * all occur, in this order, with anything (including nothing) between them:
 * "user*not found" matches "user xyz not found".  A piece may not be empty.
 * A leading or trailing '*' is meaningless and not allowed.
 *
 * Priority: when several rules match, the one that comes FIRST in the table
 * wins, so specific texts go before generic ones; a WEAK rule wins only
 * when no other rule matches.  tools/gen_automaton.c compiles the start of
 * every pattern into an Aho-Corasick automaton at build time, so matching
 * costs one pass over the text whatever the number of rules.
 */
#ifndef BK_REPLY_RULES_H
#define BK_REPLY_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "bouncekit.h"

/* Rule flags. */
enum {
    /* Only when the enhanced code does not name a specific reason (no
     * code, X.0.x, or a code whose own reason is undefined).  For generic
     * words that an explicit code should overrule. */
    BK_RULE_WEAK = 1u << 0,
    /* Only when the reply is transient (4xx / 4.x.x). */
    BK_RULE_TRANSIENT_ONLY = 1u << 1,
    /* Only when the reply is permanent (5xx / 5.x.x) or has no code. */
    BK_RULE_PERMANENT_ONLY = 1u << 2,
    /* Generic "user unknown" wording whose meaning depends on when it was
     * said.  It is a missing mailbox (userunknown) when the reply answered
     * RCPT TO, or when the enhanced code speaks of the address (X.1.x,
     * X.2.1); said after DATA, or with X.0.0 / X.2.0 / X.3.x and no sign
     * of RCPT TO, it is a refusal by the recipient's filter (filtered):
     * Japanese mobile carriers and several filtering gateways answer
     * "user unknown" to mail their filters reject.  Said in reply to MAIL
     * FROM it concerns the sender (rejected).  With no code at all the
     * words are the mail system's own: userunknown.  This follows Sisimai. */
    BK_RULE_ADDR = 1u << 3,
    /* Wording that names the refused address ("550 <a@example.jp>: User
     * unknown"): the address itself was refused, whatever a generic DSN
     * Status says, so a missing mailbox -- unless it was said after DATA,
     * when a filter refused the message (filtered), or after MAIL FROM
     * (rejected, as for every mailbox reason). */
    BK_RULE_NAMED = 1u << 4
};

/* The SMTP command a reply answered, as the surrounding text tells
 * ("in reply to RCPT TO command", "after end of data", ">>> MAIL From"). */
typedef enum bk_smtp_cmd {
    BK_CMD_NONE = 0,
    BK_CMD_CONN, /* the greeting, HELO/EHLO, STARTTLS, AUTH */
    BK_CMD_MAIL,
    BK_CMD_RCPT,
    BK_CMD_DATA
} bk_smtp_cmd;

typedef struct bk_reply_rule {
    const char *id;       /* stable, unique: "gmail-inactive-account" */
    const char *pattern;  /* see above */
    bk_reason reason;
    const char *provider; /* NULL: any; else the provider this text identifies */
    unsigned flags;
    const char *seen;     /* where this text was seen: provider, MTA, document */
} bk_reply_rule;

typedef struct bk_provider_rule {
    const char *pattern;  /* lower case, same syntax as above */
    const char *provider; /* "gmail", "microsoft", "yahoo", ... */
} bk_provider_rule;

/* Text that names the SMTP command a reply answered.  When several
 * occur, the one found LAST in the text wins (transcripts list the
 * commands in order; the failing one comes last). */
typedef struct bk_context_rule {
    const char *pattern;  /* lower case, same syntax as above */
    bk_smtp_cmd cmd;
} bk_context_rule;

extern const bk_reply_rule bk__reply_rules[];
extern const size_t bk__reply_rules_count;
extern const bk_provider_rule bk__provider_rules[];
extern const size_t bk__provider_rules_count;
extern const bk_context_rule bk__context_rules[];
extern const size_t bk__context_rules_count;

/* ------------------------------------------------------------------------
 * The generated automaton (build/generated/reply_automaton.c).
 * Pattern ids: 0 .. bk__reply_rules_count-1 are reply rules,
 * bk__reply_rules_count + k is provider rule k, and
 * bk__reply_rules_count + bk__provider_rules_count + k is context rule k.
 *
 * The automaton holds only the ANCHOR of each pattern: BK_AC_ANCHOR_MAX
 * bytes (or the whole first piece when shorter) taken from its first
 * piece at an offset the generator picks so that few patterns share an
 * anchor.  When an anchor ends at position i, the matcher compares the
 * bytes of the first piece before and after it directly.  Short anchors
 * keep the automaton small (its transition table stays in the CPU cache),
 * distinct ones keep the number of candidate checks low.
 * ---------------------------------------------------------------------- */
#define BK_AC_ANCHOR_MAX 8
/* Transitions are 16 bits: the target state in the low 15, and this bit
 * when the target state reports matches. */
#define BK_AC_HAS_OUT 0x8000u

typedef struct bk_ac_state {
    uint32_t out_first; /* index into bk__ac_out of this state's matches */
    uint16_t out_count; /* number of anchors ending here (incl. via fail links) */
} bk_ac_state;

/* Per pattern id: where its anchor sits in its first piece and how long
 * both are, and whether more pieces follow ('*'). */
typedef struct bk_ac_pattern {
    uint16_t anchor_off;
    uint8_t anchor_len;
    uint8_t more;
    uint16_t first_len;
    /* The anchor holds bytes >= 0x80, which the automaton reads through
     * shared classes: compare the anchor too. */
    uint8_t verify;
} bk_ac_pattern;

extern const uint32_t bk__ac_nstates;
/* Dense transition table over byte classes (ASCII bytes a class each where
 * a pattern uses them; bytes >= 0x80 sharing 4 classes by their low two
 * bits), rows padded to 1 << bk__ac_shift:
 * t = bk__ac_delta[(state << bk__ac_shift) + class]; next = t & ~BK_AC_HAS_OUT. */
extern const uint32_t bk__ac_shift;
extern const uint8_t bk__ac_class[256];
extern const uint32_t bk__ac_nclasses;
extern const uint16_t bk__ac_delta[];
extern const bk_ac_state bk__ac_states[];
extern const uint32_t bk__ac_out[]; /* pattern ids */
extern const bk_ac_pattern bk__ac_patterns[];

#endif /* BK_REPLY_RULES_H */
