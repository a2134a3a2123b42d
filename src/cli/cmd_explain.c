/*
 * cmd_explain.c - "bouncekit explain": explain SMTP replies and enhanced
 * status codes.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void explain_usage(FILE *out)
{
    fprintf(out,
            "usage: bouncekit explain [--json] [--command CMD] [--] INPUT...\n"
            "       bouncekit explain [--json] [--command CMD] -\n"
            "\n"
            "Explain SMTP replies and enhanced status codes: what they mean, whether\n"
            "the failure is permanent, hard or soft, and what the sender should do.\n"
            "\n"
            "Each INPUT is one reply: an enhanced status code (5.1.1), a basic reply\n"
            "code (550), a whole reply as an MTA logs it (several lines of one\n"
            "multi-line reply allowed), or reply text without a code (\"Mailbox full\").\n"
            "'-' reads replies from standard input, one a line; continuation lines of\n"
            "a multi-line reply (550-... then 550 ...) are joined.\n"
            "\n"
            "Options:\n"
            "  -j, --json     print JSON Lines: one object per input, in input order\n"
            "  -c, --command CMD\n"
            "                 the SMTP command the replies answered (RCPT, DATA, MAIL,\n"
            "                 EHLO, HELO, STARTTLS, AUTH, CONN), when the text does not\n"
            "                 say: generic \"user unknown\" words are a missing mailbox\n"
            "                 at RCPT, a filter's refusal after DATA\n"
            "  -h, --help     show this help\n"
            "\n"
            "Exit status: 0 when every input was explained, 2 when any input was\n"
            "malformed (the others are still explained) or on bad usage.\n");
}

static void print_json(const bk_reply_info *r)
{
    bk_json j;
    bk_json_begin(&j, stdout);
    bk_json_int_or_null(&j, "reply_code", r->reply_code, r->reply_code != 0);
    bk_json_str(&j, "status", r->has_status ? r->status_text : NULL);
    bk_json_str(&j, "class", bk_class_name(r->cls));
    bk_json_str_or_null(&j, "subject", r->subject_name);
    bk_json_str_or_null(&j, "detail", r->detail_name);
    bk_json_str(&j, "reason", bk_reason_name(r->reason));
    bk_json_str(&j, "bounce", bk_bounce_name(r->bounce));
    bk_json_str(&j, "decision", bk_decision_name(r->decision));
    bk_json_str_or_null(&j, "provider", r->provider);
    bk_json_str(&j, "summary", r->summary);
    bk_json_array_begin(&j, "causes");
    for (size_t i = 0; i < r->n_causes; i++)
        bk_json_array_str(&j, r->causes[i]);
    bk_json_array_end(&j);
    bk_json_array_begin(&j, "fixes");
    for (size_t i = 0; i < r->n_fixes; i++)
        bk_json_array_str(&j, r->fixes[i]);
    bk_json_array_end(&j);
    bk_json_end(&j);
}

static void print_json_error(const char *input, size_t len, int err)
{
    bk_json j;
    bk_json_begin(&j, stdout);
    /* Show at most the first 200 bytes of the offending input. */
    bk_json_strn(&j, "input", input, len > 200 ? 200 : len);
    bk_json_str(&j, "error", bk_strerror(err));
    bk_json_end(&j);
}

/* The input as it will be shown in an error message: printable, short. */
static void print_quoted(FILE *out, const char *s, size_t len)
{
    size_t n = len > 60 ? 60 : len;
    putc('\'', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\x%02x", c);
        else
            putc(c, out);
    }
    if (n < len)
        fputs("...", out);
    putc('\'', out);
}

static void print_text(const bk_reply_info *r, const char *input, size_t len, int first)
{
    if (!first)
        putchar('\n');
    size_t show = len > 300 ? 300 : len;
    printf("%.*s\n", (int)show, input);
    if (r->has_status && r->reply_code)
        printf("  code:      %d %s", r->reply_code, r->status_text);
    else if (r->has_status)
        printf("  code:      %s", r->status_text);
    else if (r->reply_code)
        printf("  code:      %d", r->reply_code);
    else
        printf("  code:      (none: decided from the text)");
    printf(" (%s)\n", bk_class_name(r->cls));
    if (r->subject_name[0] != '\0')
        printf("  registry:  %s%s%s\n", r->subject_name, r->detail_name[0] ? " / " : "",
               r->detail_name);
    printf("  reason:    %s - %s\n", bk_reason_name(r->reason), bk_reason_describe(r->reason));
    printf("  bounce:    %s\n", bk_bounce_name(r->bounce));
    printf("  decision:  %s\n", bk_decision_name(r->decision));
    if (r->provider[0] != '\0')
        printf("  provider:  %s\n", r->provider);
    printf("\n  %s\n", r->summary);
    if (r->n_causes > 0) {
        printf("\n  Likely causes:\n");
        for (size_t i = 0; i < r->n_causes; i++)
            printf("   - %s\n", r->causes[i]);
    }
    if (r->n_fixes > 0) {
        printf("\n  What to do:\n");
        for (size_t i = 0; i < r->n_fixes; i++)
            printf("   - %s\n", r->fixes[i]);
    }
}

typedef struct explain_state {
    int json;
    const char *command;
    int count;
    int bad;
} explain_state;

static void explain_one(explain_state *s, const char *input, size_t len)
{
    bk_reply_info r;
    int err = bk_reply_classify(input, len, &r);
    if (err == BK_OK && s->command != NULL)
        err = bk_reply_classify_cmd(r.reply_code, r.has_status ? &r.status : NULL, s->command,
                                    input, len, &r);
    if (err != BK_OK) {
        s->bad = 1;
        fprintf(stderr, "bouncekit explain: ");
        print_quoted(stderr, input, len);
        fprintf(stderr, ": %s\n", bk_strerror(err));
        if (s->json)
            print_json_error(input, len, err);
        s->count++;
        return;
    }
    if (s->json)
        print_json(&r);
    else
        print_text(&r, input, len, s->count == 0);
    s->count++;
}

/* A line that continues a multi-line reply: "NNN-" where NNN repeats. */
static int is_continuation_start(const char *line, size_t len)
{
    return len >= 4 && line[0] >= '2' && line[0] <= '5' && line[1] >= '0' && line[1] <= '9' &&
           line[2] >= '0' && line[2] <= '9' && line[3] == '-';
}

static int explain_stdin(explain_state *s)
{
    size_t len;
    int err;
    /* Replies are small; a whole input of 256 MiB is a mistake. */
    char *data = bk_cli_read_all(stdin, (size_t)256 << 20, &len, &err);
    if (data == NULL) {
        fprintf(stderr, "bouncekit explain: standard input: %s\n", bk_strerror(err));
        return BK_EXIT_USAGE;
    }
    size_t i = 0;
    size_t rstart = 0, rlen = 0; /* current multi-line reply being joined */
    int joining = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && data[e] != '\n')
            e++;
        size_t le = e;
        if (le > i && data[le - 1] == '\r')
            le--;
        const char *line = data + i;
        size_t ll = le - i;
        if (joining) {
            /* Same code as the reply we are joining? */
            if (ll >= 4 && memcmp(line, data + rstart, 3) == 0 &&
                (line[3] == '-' || line[3] == ' ')) {
                rlen = le - rstart;
                if (line[3] == ' ') {
                    explain_one(s, data + rstart, rlen);
                    joining = 0;
                }
                i = e + 1;
                continue;
            }
            explain_one(s, data + rstart, rlen);
            joining = 0;
        }
        if (is_continuation_start(line, ll)) {
            joining = 1;
            rstart = i;
            rlen = ll;
        } else if (ll > 0) {
            explain_one(s, line, ll);
        } else if (e < len || ll > 0) {
            /* Blank lines separate replies; they are not inputs. */
        }
        i = e + 1;
    }
    if (joining)
        explain_one(s, data + rstart, rlen);
    free(data);
    return BK_EXIT_OK;
}

int bk_cmd_explain(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'},
        {"command", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    explain_state s = {0, NULL, 0, 0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+jc:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'j':
            s.json = 1;
            break;
        case 'c': {
            bk_reply_info probe;
            if (bk_reply_classify_cmd(0, NULL, optarg, "", 0, &probe) != BK_OK) {
                fprintf(stderr, "bouncekit explain: unknown SMTP command '%s'\n", optarg);
                return BK_EXIT_USAGE;
            }
            s.command = optarg;
            break;
        }
        case 'h':
            explain_usage(stdout);
            return BK_EXIT_OK;
        default:
            explain_usage(stderr);
            return BK_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "bouncekit explain: no input given\n");
        explain_usage(stderr);
        return BK_EXIT_USAGE;
    }
    for (int i = optind; i < argc; i++) {
        if (strcmp(argv[i], "-") == 0) {
            int rc = explain_stdin(&s);
            if (rc != BK_EXIT_OK)
                return rc;
        } else {
            explain_one(&s, argv[i], strlen(argv[i]));
        }
    }
    fflush(stdout);
    return s.bad ? BK_EXIT_USAGE : BK_EXIT_OK;
}
