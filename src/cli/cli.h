/*
 * cli.h - shared pieces of the bouncekit command-line tool.  The tool uses
 * only the public header of the library; these helpers are its own.
 */
#ifndef BK_CLI_H
#define BK_CLI_H

#include <stdio.h>
#include <stddef.h>

#include "bouncekit.h"

/* Exit statuses shared by every subcommand (sysexits where the MTA cares). */
enum {
    BK_EXIT_OK = 0,
    BK_EXIT_FAIL = 1,    /* the command ran; the answer is "no" / some items failed */
    BK_EXIT_USAGE = 2,   /* bad usage or malformed input */
    BK_EXIT_SOFTWARE = 70,
    BK_EXIT_TEMPFAIL = 75 /* EX_TEMPFAIL: try again later */
};

/* A subcommand: argv[0] is the subcommand's name. */
typedef struct bk_cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} bk_cli_command;

/* Subcommands (one src/cli/cmd_NAME.c each). */
int bk_cmd_explain(int argc, char **argv);
int bk_cmd_parse(int argc, char **argv);
int bk_cmd_verify(int argc, char **argv);
int bk_cmd_ingest(int argc, char **argv);
int bk_cmd_check(int argc, char **argv);
int bk_cmd_suppressions(int argc, char **argv);
int bk_cmd_why(int argc, char **argv);
int bk_cmd_report(int argc, char **argv);
int bk_cmd_serve(int argc, char **argv);

/* ---- output buffer ---------------------------------------------------- */
/* A growable memory buffer that output is rendered into.  Start it zeroed;
 * err is sticky: once an allocation failed, further writes are dropped. */
typedef struct bk_cli_buf {
    char *data;
    size_t len, cap;
    int err;
} bk_cli_buf;

/* Room for n more bytes at data + len; returns 0, or -1 (err set). */
int bk_cli_buf_reserve(bk_cli_buf *b, size_t n);
void bk_cli_buf_put(bk_cli_buf *b, const char *s, size_t n);
void bk_cli_buf_free(bk_cli_buf *b);

/* ---- JSON output (one compact object per line) ------------------------ */
/* Bytes gathered by a writer on a FILE before they are handed to stdio. */
#define BK_JSON_WINDOW 4096

typedef struct bk_json {
    FILE *out;   /* the stream written to; NULL when writing to memory */
    int first;   /* no member written yet at this nesting level */
    int depth;
    /* Output is gathered in w[0..len) (cap bytes): the window below for a
     * FILE, which reaches the stream at bk_json_key() and bk_json_end(),
     * or mem's own storage. */
    bk_cli_buf *mem;
    char *w;
    size_t len, cap;
    char window[BK_JSON_WINDOW];
} bk_json;

/* After bk_json_key() the caller may write a value of its own to j->out
 * (FILE writers only); every other call must pass through these helpers
 * until bk_json_end(). */
void bk_json_begin(bk_json *j, FILE *out);          /* "{" */
void bk_json_begin_buf(bk_json *j, bk_cli_buf *b);  /* "{" appended to b */
void bk_json_end(bk_json *j);                       /* "}\n" */
void bk_json_key(bk_json *j, const char *key);
void bk_json_str(bk_json *j, const char *key, const char *s);      /* NULL -> null */
void bk_json_strn(bk_json *j, const char *key, const char *s, size_t n);
void bk_json_str_or_null(bk_json *j, const char *key, const char *s); /* "" or NULL -> null */
void bk_json_int(bk_json *j, const char *key, long long v);
void bk_json_int_or_null(bk_json *j, const char *key, long long v, int present);
void bk_json_bool(bk_json *j, const char *key, int v);
void bk_json_null(bk_json *j, const char *key);
void bk_json_array_begin(bk_json *j, const char *key);
void bk_json_array_str(bk_json *j, const char *s);
void bk_json_array_end(bk_json *j);
void bk_json_object_begin(bk_json *j, const char *key);  /* nested object */
void bk_json_object_end(bk_json *j);
/* Write s as a JSON string literal (with quotes); invalid UTF-8 becomes U+FFFD. */
void bk_json_write_string(FILE *out, const char *s, size_t n);
/* The same literal at dst, which has room for BK_JSON_ESCAPED_MAX(n)
 * bytes; returns the bytes written.  For renderers that reserve the room
 * of a whole record at once. */
#define BK_JSON_ESCAPED_MAX(n) (6 * (size_t)(n) + 2)
size_t bk_json_escape(char *dst, const char *s, size_t n);
/* The decimal form of v at d, which has room for BK_JSON_INT_MAX bytes;
 * returns the end of what was written (no NUL). */
#define BK_JSON_INT_MAX 24
char *bk_json_put_int(char *d, long long v);

/* ---- misc ---- */
/* Read all of a stream into a malloc'd buffer (NUL-terminated).  At most
 * max bytes; returns NULL and sets *err (BK_ENOMEM, BK_ETOOBIG, BK_EIO). */
char *bk_cli_read_all(FILE *f, size_t max, size_t *len, int *err);
/* Room for a path the tool builds (bk_cli_verify_data_dir's buf). */
#define BK_CLI_PATH_MAX 4096
/* The directory of the verifier's lists (disposable, role, free providers):
 * given (--data-dir), else $BOUNCEKIT_DATA_DIR, else share/bouncekit/verify
 * beside the tool's bin/ directory, else the installed copy, else the
 * source tree's (a build tree).  buf (size bytes, BK_CLI_PATH_MAX) may
 * receive the path.  NULL when none has the lists. */
const char *bk_cli_verify_data_dir(const char *given, char *buf, size_t size);
/* Whether stdout is a terminal (for choosing human output). */
int bk_cli_stdout_is_tty(void);

#endif /* BK_CLI_H */
