/*
 * main.c - the bouncekit command-line tool: dispatch to subcommands.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const bk_cli_command commands[] = {
    {"explain", bk_cmd_explain, "explain SMTP replies and enhanced status codes"},
    {"parse", bk_cmd_parse, "decode bounce messages into per-recipient records"},
    {"verify", bk_cmd_verify, "check addresses before they are mailed"},
    {"ingest", bk_cmd_ingest, "store bounce events from MTA logs and webhooks; apply the policy"},
    {"check", bk_cmd_check, "may these addresses be mailed? (suppression lookup)"},
    {"suppressions", bk_cmd_suppressions, "add, remove, list, import and export suppressions"},
    {"why", bk_cmd_why, "why an address is suppressed: events, rule, expiry"},
    {"report", bk_cmd_report, "bounce and complaint rates against provider thresholds"},
    {"serve", bk_cmd_serve, "HTTP server: the commands above and ESP webhooks, JSON in and out"},
    {NULL, NULL, NULL}
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: bouncekit COMMAND [OPTIONS] [ARGS...]\n"
            "\n"
            "Bounce handling and list hygiene.\n"
            "\n"
            "Commands:\n");
    for (const bk_cli_command *c = commands; c->name != NULL; c++)
        fprintf(out, "  %-14s %s\n", c->name, c->summary);
    fprintf(out,
            "\n"
            "Run 'bouncekit COMMAND --help' for a command's options,\n"
            "'man bouncekit-COMMAND' for its manual.\n"
            "  -h, --help       show this help\n"
            "  -V, --version    show the version\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return BK_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return BK_EXIT_OK;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("bouncekit %s\n", bk_version());
        return BK_EXIT_OK;
    }
    for (const bk_cli_command *c = commands; c->name != NULL; c++)
        if (strcmp(c->name, cmd) == 0)
            return c->run(argc - 1, argv + 1);
    fprintf(stderr, "bouncekit: unknown command '%s'\n", cmd);
    usage(stderr);
    return BK_EXIT_USAGE;
}
