/*
 * test_parse_complaints.c - bk_parse_message() on complaints (ARF, RFC
 * 5965, and the feedback loops of mailbox providers: Yahoo/AOL, Microsoft
 * JMRP in its ARF and older forms, Comcast and other Validity-operated
 * loops, Mail.ru, Yandex, Fastmail, Zoho, Cloudmark, X-ARF, SpamCop, SES
 * through SNS), authentication failure reports (RFC 6591, DMARC failure
 * reports), opt-out and not-spam reports, digests of reports, redacted
 * recipients; and on success DSNs (Action delivered, relayed, expanded)
 * of Postfix, Exim, Sendmail and Exchange, and a DSN mixing a failed, a
 * delivered and a delayed recipient.
 *
 * Every file of tests/data/parse/complaints/ and tests/data/parse/success/
 * is parsed as it is and with CRLF line ends; its records must be exactly
 * the rows of ROWS[] for that file, in order (a file whose one row has a
 * NULL recipient must give no record; "" is a record whose recipient is
 * unknown).  A file without rows fails the test.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bk_test.h"
#include "bouncekit.h"
#include "parse_fixtures.h"

static const struct row {
    const char *file;          /* relative to tests/data/parse */
    const char *recipient;     /* NULL: the file gives no record */
    const char *reason;
    const char *feedback_type; /* "" for bounces and deliveries */
    const char *action;        /* "" for complaints */
    const char *sender;        /* the original message's sender */
    const char *decision;
} ROWS[] = {
    {"complaints/abuse-text-attached.eml", "karl.nyberg@isp-h.test", "feedback", "abuse", "", "h-bounce@sender.test", "suppress"},
    {"complaints/abuse-text-inline.eml", "lina.berg@isp-i.test", "feedback", "abuse", "", "i-bounce@sender.test", "suppress"},
    {"complaints/aol-redacted.eml", "redacted@aol.test", "feedback", "abuse", "", "news-bounces@sender.test", "suppress"},
    {"complaints/arf-mislabelled-part.eml", "noah.brenner@isp-l.test", "feedback", "abuse", "", "l-bounce@sender.test", "suppress"},
    {"complaints/arf-no-original.eml", "greta.lund@isp-a.test", "feedback", "abuse", "", "na-bounce@sender.test", "suppress"},
    {"complaints/arf-typed-fields.eml", "Paula.Weiss@isp-m.test", "feedback", "abuse", "", "inv-bounce@sender.test", "suppress"},
    {"complaints/auth-failure-dkim.eml", "carl.jensen@receiver.test", "feedback", "auth-failure", "", "billing@sender.test", "fix-sender"},
    {"complaints/base64-parts.eml", "tuula.niemi@isp-o.test", "feedback", "abuse", "", "o-bounce@sender.test", "suppress"},
    {"complaints/cloudmark.eml", "kofi.mensah@isp-cm.test", "feedback", "abuse", "", "cm-bounce@sender.test", "suppress"},
    {"complaints/comcast-headers.eml", "pat.reilly@comcast.test", "feedback", "abuse", "", "b-991@bounce.sender.test", "suppress"},
    {"complaints/digest-three.eml", "ada.holm@isp-d.test", "feedback", "abuse", "", "d-bounce@sender.test", "suppress"},
    {"complaints/digest-three.eml", "ben.kidd@isp-d.test", "feedback", "abuse", "", "d-bounce@sender.test", "suppress"},
    {"complaints/digest-three.eml", "cleo.ward@isp-d.test", "feedback", "opt-out", "", "d-bounce@sender.test", "suppress"},
    {"complaints/dmarc-ruf.eml", "dora.fink@receiver2.test", "feedback", "auth-failure", "", "spoof@sender.test", "fix-sender"},
    {"complaints/fastmail-headers.eml", "tom.baker@fastmail.test", "feedback", "abuse", "", "fm-bounce@sender.test", "suppress"},
    {"complaints/forwarded-single-report.eml", NULL, NULL, NULL, NULL, NULL, NULL},
    {"complaints/jmrp-anonymized-headers.eml", "3f1c9a0e7b6d5c4b3a2918f7e6d5c4b3@outlook.test", "feedback", "abuse", "", "promo-bounce@sender.test", "suppress"},
    {"complaints/jmrp-arf.eml", "jonas.weber@outlook.test", "feedback", "abuse", "", "promo-bounce@sender.test", "suppress"},
    {"complaints/jmrp-old-mixed.eml", "mila.novak@hotmail.test", "feedback", "abuse", "", "list-bounce@sender.test", "suppress"},
    {"complaints/jmrp-old-no-header.eml", "rosa.lind@hotmail.test", "feedback", "abuse", "", "club-bounce@sender.test", "suppress"},
    {"complaints/mailru.eml", "ivan.petrov@mail.test", "feedback", "abuse", "", "ru-bounce@sender.test", "suppress"},
    {"complaints/optout-removal.eml", "eva.brandt@isp-e.test", "feedback", "opt-out", "", "list-bounces@sender.test", "suppress"},
    {"complaints/received-for.eml", "sami.koski@isp-n.test", "feedback", "abuse", "", "n-bounce@sender.test", "suppress"},
    {"complaints/redacted-hash.eml", "xxxxxxxx@isp-c.test", "feedback", "abuse", "", "h-bounce@sender.test", "suppress"},
    {"complaints/redacted-rcpt-field.eml", "", "feedback", "abuse", "", "nl-bounce@sender.test", "suppress"},
    {"complaints/ses-no-type.eml", "hugo.lenz@webmail.test", "feedback", "abuse", "", "news@sender.test", "suppress"},
    {"complaints/ses-no-type.eml", "ida.moll@webmail.test", "feedback", "abuse", "", "news@sender.test", "suppress"},
    {"complaints/ses-sns-json.eml", "lena.fischer@webmail.test", "feedback", "abuse", "", "news@sender.test", "suppress"},
    {"complaints/spamcop-arf.eml", "", "feedback", "abuse", "", "sc2-bounce@sender.test", "suppress"},
    {"complaints/spamcop-text.eml", "", "feedback", "abuse", "", "sc-bounce@sender.test", "suppress"},
    {"complaints/type-fraud.eml", "hans.kurz@isp-g.test", "feedback", "fraud", "", "g-bounce@sender.test", "suppress"},
    {"complaints/type-not-spam.eml", "gina.hart@isp-g.test", "feedback", "not-spam", "", "g-bounce@sender.test", "none"},
    {"complaints/type-other.eml", "jack.moss@isp-g.test", "feedback", "other", "", "g-bounce@sender.test", "suppress"},
    {"complaints/type-virus.eml", "iris.lamb@isp-g.test", "feedback", "virus", "", "g-bounce@sender.test", "suppress"},
    {"complaints/unsubscribe.eml", "finn.olsen@isp-f.test", "feedback", "unsubscribe", "", "u-bounce@sender.test", "suppress"},
    {"complaints/validity-no-rcpt.eml", "rita.gomez@rr.test", "feedback", "abuse", "", "news-bounce@sender.test", "suppress"},
    {"complaints/verp-redacted.eml", "redacted@isp-j.test", "feedback", "abuse", "", "bounces+zoe.quinn=isp-j.test@sender.test", "suppress"},
    {"complaints/xarf-abusix.eml", "trap-4451@abuse-desk.test", "feedback", "abuse", "", "x-bounce@sender.test", "suppress"},
    {"complaints/yahoo-cfl-no-rcpt.eml", "", "feedback", "abuse", "", "bounce-55102@mail.sender.test", "suppress"},
    {"complaints/xarf-login-attack.eml", NULL, NULL, NULL, NULL, NULL, NULL}, /* X-ARF about SSH logins: no message, no complaint */
    {"complaints/yahoo-cfl.eml", "anna.kowalski@yahoo.test", "feedback", "abuse", "", "bounce-2231@mail.sender.test", "suppress"},
    {"complaints/yandex-xoriginal.eml", "olga.smirnova@yandex.test", "feedback", "abuse", "", "ya-bounce@sender.test", "suppress"},
    {"complaints/zoho.eml", "priya.nair@zohomail.test", "feedback", "abuse", "", "zoho-bounce@sender.test", "suppress"},
    {"success/exchange-delivered.eml", "fin.ahl@exch.test", "delivered", "", "delivered", "alice@sender.test", "none"},
    {"success/exchange-relayed.eml", "gil.berg@partner.test", "delivered", "", "relayed", "alice@sender.test", "none"},
    {"success/exim-delivered.eml", "dag.holm@exim.test", "delivered", "", "delivered", "alice@sender.test", "none"},
    {"success/mixed-three.eml", "hal.ness@mixed.test", "userunknown", "", "failed", "alice@sender.test", "suppress"},
    {"success/mixed-three.eml", "ivy.orr@mixed.test", "delivered", "", "delivered", "alice@sender.test", "none"},
    {"success/mixed-three.eml", "jan.pike@slow.test", "expired", "", "delayed", "alice@sender.test", "retry"},
    {"success/postfix-delivered.eml", "bo.lind@dest.test", "delivered", "", "delivered", "alice@sender.test", "none"},
    {"success/postfix-expanded.eml", "team@dest.test", "delivered", "", "expanded", "alice@sender.test", "none"},
    {"success/postfix-relayed.eml", "cai.meng@legacy.test", "delivered", "", "relayed", "alice@sender.test", "none"},
    {"success/sendmail-expanded.eml", "staff@sm.test", "delivered", "", "expanded", "alice@sender.test", "none"},
    {"success/sendmail-relayed.eml", "eli.roth@old-host.test", "delivered", "", "relayed", "alice@sender.test", "none"},
};
#define NROWS (sizeof ROWS / sizeof ROWS[0])

static void check_file(void *ctx, const char *label, const char *file, const bk_result *r)
{
    (void)ctx;
    size_t want = 0, first = NROWS;
    for (size_t i = 0; i < NROWS; i++)
        if (strcmp(ROWS[i].file, file) == 0) {
            if (first == NROWS)
                first = i;
            if (ROWS[i].recipient != NULL)
                want++;
        }
    if (first == NROWS) {
        bk_test_fail_(__FILE__, __LINE__);
        fprintf(stderr, "    [%s] no rows in ROWS[]\n", label);
        return;
    }
    size_t n = bk_result_count(r);
    if (n != want) {
        bk_test_fail_(__FILE__, __LINE__);
        fprintf(stderr, "    [%s] expected %zu records, got %zu\n", label, want, n);
        for (size_t k = 0; k < n; k++)
            fprintf(stderr, "      got \"%s\"\n", bk_result_record(r, k)->recipient);
        return;
    }
    for (size_t k = 0; k < n; k++) {
        const struct row *w = &ROWS[first + k];
        const bk_record *x = bk_result_record(r, k);
        char at[1200];
        snprintf(at, sizeof at, "%s #%zu", label, k);
        BK_CHECK_STR_AT(at, w->recipient, x->recipient);
        BK_CHECK_STR_AT(at, w->reason, bk_reason_name(x->reason));
        BK_CHECK_STR_AT(at, w->feedback_type, x->feedback_type);
        BK_CHECK_STR_AT(at, w->action, x->action);
        BK_CHECK_STR_AT(at, w->sender, x->sender);
        BK_CHECK_STR_AT(at, w->decision, bk_decision_name(x->decision));
        /* complaints and deliveries are never bounces */
        if (x->reason == BK_REASON_FEEDBACK || x->reason == BK_REASON_DELIVERED)
            BK_CHECK_INT(BK_BOUNCE_NONE, x->bounce);
    }
}

enum { FILES_MAX = 256 };
static char names[FILES_MAX][300];
static char *sorted[FILES_MAX];
static size_t nfiles;

static void list_dir(const char *sub)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/parse/%s", BK_TEST_DATA, sub);
    DIR *d = opendir(dir);
    BK_CHECK(d != NULL);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && nfiles < FILES_MAX) {
        size_t l = strlen(e->d_name);
        if (l < 5 || l + strlen(sub) + 2 >= sizeof names[0] ||
            strcmp(e->d_name + l - 4, ".eml") != 0)
            continue;
        size_t sl = strlen(sub);
        memcpy(names[nfiles], sub, sl);
        names[nfiles][sl] = '/';
        memcpy(names[nfiles] + sl + 1, e->d_name, l + 1);
        sorted[nfiles] = names[nfiles];
        nfiles++;
    }
    closedir(d);
}

static void test_files(void)
{
    nfiles = 0;
    list_dir("complaints");
    list_dir("success");
    qsort(sorted, nfiles, sizeof sorted[0], bk_fx_cmp_names);
    BK_CHECK(nfiles > 0);

    bk_parser *p = bk_parser_new(NULL);
    BK_CHECK(p != NULL);
    for (size_t i = 0; p != NULL && i < nfiles; i++) {
        char path[1400];
        snprintf(path, sizeof path, "%s/parse/%s", BK_TEST_DATA, sorted[i]);
        bk_fx_parse_both(p, path, sorted[i], check_file, NULL);
    }
    bk_parser_free(p);

    /* every row's file exists */
    for (size_t k = 0; k < NROWS; k++) {
        int found = 0;
        for (size_t i = 0; i < nfiles && !found; i++)
            found = strcmp(sorted[i], ROWS[k].file) == 0;
        if (!found) {
            bk_test_fail_(__FILE__, __LINE__);
            fprintf(stderr, "    row for missing file %s\n", ROWS[k].file);
        }
    }
}

/* With a VERP template the sender's own envelope address names the
 * complainer that the report redacted. */
static void test_verp(void)
{
    bk_parse_options o;
    bk_parse_options_init(&o);
    o.verp = "bounces+{local}={domain}@sender.test";
    bk_parser *p = bk_parser_new(&o);
    BK_CHECK(p != NULL);
    if (p == NULL)
        return;
    char path[1400];
    snprintf(path, sizeof path, "%s/parse/complaints/verp-redacted.eml", BK_TEST_DATA);
    size_t len = 0;
    char *m = bk_fx_slurp(path, &len);
    BK_CHECK(m != NULL);
    bk_result *r = NULL;
    if (m != NULL && bk_parse_message(p, m, len, &r) == BK_OK) {
        BK_CHECK_INT(1, bk_result_count(r));
        if (bk_result_count(r) == 1) {
            BK_CHECK_STR("zoe.quinn@isp-j.test", bk_result_record(r, 0)->recipient);
            BK_CHECK_STR("abuse", bk_result_record(r, 0)->feedback_type);
        }
    } else {
        BK_CHECK(0);
    }
    bk_result_free(r);
    free(m);
    bk_parser_free(p);
}

static const bk_test_case tests[] = {
    {"files", test_files},
    {"verp", test_verp},
    {NULL, NULL},
};

BK_TEST_MAIN(tests)
