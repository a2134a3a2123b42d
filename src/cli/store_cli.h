/*
 * store_cli.h - pieces shared by the store commands (ingest, check,
 * suppressions, why, report, serve): opening the store and the policy,
 * exit statuses, times, bounce records as events and CSV.
 */
#ifndef BK_STORE_CLI_H
#define BK_STORE_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "bouncekit.h"
#include "cli.h"

/* sysexits(3) values: what an MTA piping into "bouncekit ingest" acts on. */
enum {
    BK_EX_DATAERR = 65,     /* the input is malformed */
    BK_EX_NOINPUT = 66,     /* an input file cannot be opened */
    BK_EX_UNAVAILABLE = 69, /* the feature is not available in this build */
    BK_EX_SOFTWARE = 70,
    BK_EX_CANTCREAT = 73,
    BK_EX_IOERR = 74,
    BK_EX_TEMPFAIL = 75,    /* try again later: nothing was lost */
    BK_EX_CONFIG = 78       /* the policy file is wrong */
};

/* Options every store command takes. */
typedef struct bk_store_args {
    const char *db;        /* --db PATH; NULL: default */
    const char *policy;    /* --policy FILE; NULL: default */
    int sync_full;         /* --sync-full */
} bk_store_args;

/* Open the store (creating its directory when it is the default path).
 * Prints the reason and returns a sysexits status on failure, 0 on success. */
int bk_store_cli_open(const char *prog, const bk_store_args *a, int readonly, bk_store **out);
/* Load the policy: --policy, else $BOUNCEKIT_POLICY, else
 * $XDG_CONFIG_HOME/bouncekit/policy.conf or ~/.config/bouncekit/policy.conf
 * when present, else the built-in default.  0 or BK_EX_CONFIG. */
int bk_store_cli_policy(const char *prog, const bk_store_args *a, bk_policy **out);
/* The sysexits status for a library error from the store. */
int bk_store_cli_exit(int err);

/* "2026-11-27T10:00:00Z" into buf (at least 24 bytes). */
void bk_store_cli_time(int64_t t, char *buf, size_t size);
/* Parse an ISO 8601 time, Unix seconds, an RFC 2822 date, or a duration
 * from now ("30d", "12h") when allow_duration.  0 or -1. */
int bk_store_cli_parse_time(const char *s, int allow_duration, int64_t now, int64_t *out);

/* Queue the event of one parsed bounce record (the action from its Action
 * field, a complaint for a feedback report, a failure of reason authfailure
 * for an authentication failure report, nothing for a not-spam report,
 * its date as the event time)
 * with the idempotency key Message-ID|action|status|date when it has a
 * Message-ID, so that a bounce both piped to "bouncekit ingest" and posted
 * to "bouncekit serve" is stored once.  Returns bk_events_add()'s code. */
int bk_store_cli_add_record(bk_events *out, const bk_record *r, int64_t now);

/* The members "address", "suppressed" and, when suppressed, those of the
 * suppression (scope, reason, rule, first_seen, last_seen, expires, note)
 * of "bouncekit why --json" and GET /v1/suppressions/{address}. */
void bk_store_cli_json_suppression(bk_json *j, const bk_check_result *r);
/* One stored event as an element of their "events" array. */
void bk_store_cli_json_event(bk_json *j, const bk_event_row *r);

/* ---- CSV (RFC 4180) ---- */
#define BK_CSV_MAX_FIELDS 32
typedef struct bk_csv_row {
    char *field[BK_CSV_MAX_FIELDS];
    int n;
} bk_csv_row;
/* Read one record (quoted fields may span lines).  Returns 1, 0 at end,
 * -1 on a line over 64 KiB.  Fields point into an internal buffer that the
 * next call reuses. */
int bk_csv_read(FILE *f, bk_csv_row *row);
void bk_csv_write_field(FILE *out, const char *s, int last);

#endif /* BK_STORE_CLI_H */
