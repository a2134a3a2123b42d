/*
 * test_verify_dns.c - the library's DNS check (bk_verifier_check_domains,
 * bk_verify_batch) against a real unbound on loopback, started through
 * tests/integration/lib/dns.sh (the integration tests' DNS server).  Skipped
 * with a message when unbound is not installed.
 */
#include <stdio.h>
#include <string.h>

#include "bk_test.h"
#include "bouncekit.h"

static char dns[64], dir[512];
static FILE *server;

static void start(void)
{
    const char *cmd =
        "bash -c '. " BK_TEST_DATA "/../integration/lib/common.sh; "
        ". " BK_TEST_DATA "/../integration/lib/dns.sh; bk_tmpdir; "
        "bk_dns_start $BK_TMP/dns >/dev/null 2>&1 || { echo SKIP; exit 0; }; "
        "echo 127.0.0.1:$BK_DNS_PORT $BK_TMP; "
        "while [ ! -e $BK_TMP/stop ]; do sleep 0.1; done'";
    server = popen(cmd, "r");
    char line[700] = "";
    if (server == NULL || fgets(line, sizeof line, server) == NULL ||
        sscanf(line, "%63s %511s", dns, dir) != 2) {
        dns[0] = '\0';
        if (server != NULL)
            pclose(server);
        server = NULL;
    }
}

static void stop(void)
{
    if (server == NULL)
        return;
    char path[600];
    snprintf(path, sizeof path, "%s/stop", dir);
    FILE *f = fopen(path, "w");
    if (f != NULL)
        fclose(f);
    pclose(server);
}

static void test_check_domains(void)
{
    if (dns[0] == '\0') {
        printf("# skipped: unbound is not installed\n");
        return;
    }
    bk_verify_options o;
    bk_verify_options_init(&o);
    o.dns_server = dns;
    o.dns_timeout_ms = 700;
    o.dns_tries = 1;
    bk_verifier *v = NULL;
    BK_CHECK_INT(BK_OK, bk_verifier_create(&o, &v));
    if (v == NULL)
        return;
    static const struct {
        const char *domain;
        int exists, null_mx, implicit_mx;
        size_t n_mx;
        const char *mx0;
        unsigned reasons;
    } rows[] = {
        {"mx.bk.test", 1, 0, 0, 1, "mail.mx.bk.test", 0},
        {"MULTI.bk.test", 1, 0, 0, 2, "a.multi.bk.test", 0},
        {"nullmx.bk.test", 1, 1, 0, 0, NULL, BK_VR_NULL_MX},
        {"aonly.bk.test", 1, 0, 1, 0, NULL, 0},
        {"nomail.bk.test", 1, 0, 0, 0, NULL, BK_VR_NO_MX},
        {"nosuch.bk.test", 0, 0, 0, 0, NULL, BK_VR_DOMAIN_NOT_FOUND},
        {"servfail.test", -1, 0, 0, 0, NULL, BK_VR_DNS_ERROR},
        {"silent.test", -1, 0, 0, 0, NULL, BK_VR_TIMEOUT},
        {"bad_name..test", -1, 0, 0, 0, NULL, BK_VR_SYNTAX_ERROR},
    };
    size_t n = sizeof rows / sizeof rows[0];
    bk_verify_input in[sizeof rows / sizeof rows[0]];
    bk_domain_info out[sizeof rows / sizeof rows[0]];
    for (size_t i = 0; i < n; i++) {
        in[i].addr = rows[i].domain;
        in[i].len = strlen(rows[i].domain);
    }
    BK_CHECK_INT(BK_OK, bk_verifier_check_domains(v, in, n, out));
    for (size_t i = 0; i < n; i++) {
        const char *d = rows[i].domain;
        if (out[i].exists != rows[i].exists || out[i].null_mx != rows[i].null_mx ||
            out[i].implicit_mx != rows[i].implicit_mx || out[i].n_mx != rows[i].n_mx ||
            out[i].reasons != rows[i].reasons) {
            char got[128];
            snprintf(got, sizeof got, "exists %d null %d implicit %d n_mx %zu reasons 0x%x",
                     out[i].exists, out[i].null_mx, out[i].implicit_mx, out[i].n_mx,
                     (unsigned)out[i].reasons);
            BK_CHECK_STR_AT(d, "as in the table", got);
        }
        if (rows[i].mx0 != NULL && out[i].n_mx > 0)
            BK_CHECK_STR_AT(d, rows[i].mx0, out[i].mx[0]);
    }
    /* The whole check for addresses reuses the cache. */
    bk_verify_result r;
    BK_CHECK_INT(BK_OK, bk_verify_address(v, "jane@mx.bk.test", 15, &r));
    BK_CHECK_STR("deliverable", bk_verdict_name(r.verdict));
    BK_CHECK_INT(1, r.domain_checked);
    bk_verify_result_clear(&r);
    bk_verifier_free(v);
    /* An offline verifier has no DNS. */
    o.offline = 1;
    BK_CHECK_INT(BK_OK, bk_verifier_create(&o, &v));
    BK_CHECK_INT(BK_EINVAL, bk_verifier_check_domains(v, in, 1, out));
    bk_verifier_free(v);
}

static const bk_test_case tests[] = {
    {"start", start},
    {"check_domains", test_check_domains},
    {"stop", stop},
    {NULL, NULL},
};

BK_TEST_MAIN(tests)
