/*
 * test_parse_formats.c - bk_parse_message() on the bounce layouts of
 * servers and providers beyond the development corpus: Exchange 5.5/2000/
 * 2003, Lotus Domino, GroupWise, Netscape/Sun Java System Messaging
 * Server, IMail, MDaemon, hMailServer, SmarterMail, CommuniGate Pro,
 * Zimbra, qmail (vpopmail, qmail-ldap), Postfix and Exim with German and
 * French templates, Sendmail 8 without MIME, smail, the DragonFly Mail
 * Agent (dma), old Gmail notices,
 * and the notices of German, Russian, Chinese, Korean, French, Italian
 * and Portuguese providers.  Every file of tests/data/parse/formats/ is
 * parsed as it is and with CRLF line ends; its records must be exactly
 * the rows of FORMATS[] for that file, in order (a file whose one row has
 * a NULL recipient must give no record).  A file missing from the table
 * fails the test, so a new fixture cannot go unchecked.
 *
 * reason and bounce NULL: not checked (no row leaves them so today).
 * DIAGNOSTICS[]: what the first record's diagnostic holds and lacks, where
 * a report's sentence stands above the reason.
 */
#include "parse_fixtures.h"

static const bk_fx_row FORMATS[] = {
    {"communigate-full.eml", "noah.fry@cgp.corp.test", "", 0, "failed", "mailboxfull", "soft"},
    {"communigate-unknown.eml", "mia.park@far.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"domino-full.eml", "lena.hoff@acme.test", "", 0, "failed", "mailboxfull", "soft"},
    {"domino-unknown.eml", "kurt.meyer@acme.test", "", 0, "failed", "userunknown", "hard"},
    {"exchange2000-unreached.eml", "hanna.berg@ex2k.test", "5.1.1", 0, "failed", "userunknown", "hard"},
    {"exchange2000-unreached.eml", "ivo.lind@ex2k.test", "5.2.2", 0, "failed", "mailboxfull", "soft"},
    {"exchange2003-delay.eml", "jon.ek@far-away.test", "", 0, "delayed", "expired", "soft"},
    {"exchange2003-expired.eml", "greta.holm@ex2003.test", "", 0, "failed", "expired", "soft"},
    {"exchange55-two.eml", "carla.diaz@hq.corp.test", "", 0, "failed", "userunknown", "hard"},
    {"exchange55-two.eml", "dan.reyes@hq.corp.test", "", 0, "failed", "mailboxfull", "soft"},
    {"exchange55-unknown.eml", "bob.smith@corp.test", "", 0, "failed", "userunknown", "hard"},
    {"exim-de-unknown.eml", "wolf.engel@ziel.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"exim-fr-full.eml", "xavier.morel@boite.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"exim-warning-delay.eml", "mona.falk@down.test", "4.3.0", 451, "delayed", "expired", "soft"},
    {"gmail-old-delay.eml", "lara.maas@slow.test", "", 0, "delayed", "expired", "soft"},
    {"gmail-old-permanent.eml", "kai.lutz@far.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"gmx-de-unknown.eml", "otto.brandt@gmx.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"groupwise-transcript.eml", "nils.park@far.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"groupwise-unknown.eml", "mark.olsen@gw.univ.test", "", 0, "failed", "userunknown", "hard"},
    {"hmailserver-two.eml", "hugo.brandt@nodomain-here.test", "", 0, "failed", "hostunknown", "hard"},
    {"hmailserver-two.eml", "ines.roth@full.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"hmailserver-unknown.eml", "gina.wolf@far.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"imail-remote.eml", "tina.cole@remote.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"imail-unknown.eml", "sam.wolf@shop.test", "", 0, "failed", "userunknown", "hard"},
    {"laposte-fr-full.eml", "sophie.martin@laposte.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"libero-it-unknown.eml", "giulia.ferri@libero.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"libero-it-unknown.eml", "marco.rossi@libero.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"mailru-unknown.eml", "petr.orlov@mail.test", "", 550, "failed", "userunknown", "hard"},
    {"mdaemon-delay.eml", "vera.kos@slow.test", "", 0, "delayed", "expired", "soft"},
    {"mdaemon-unknown.eml", "uma.ross@far.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"naver-ko-unknown.eml", "park.jisoo@naver.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"netease-zh-full.eml", "li.na@163.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"netscape-did-not-receive.eml", "ida.jung@nms.corp.test", "", 0, "failed", "userunknown", "hard"},
    {"netscape-did-not-receive.eml", "jan.kool@nms.corp.test", "", 0, "failed", "userunknown", "hard"},
    {"netscape-overquota.eml", "hal.ives@nms.corp.test", "", 0, "failed", "mailboxfull", "soft"},
    {"netscape-rejected.eml", "gus.wren@remote.test", "5.1.1", 0, "failed", "userunknown", "hard"},
    {"oldstyle-permanent-fatal.eml", "fred.hunt@oldisp.test", "5.2.1", 550, "failed", "suspend", "soft"},
    {"orange-fr-unknown.eml", "remi.dupont@orange.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"postfix-de-unknown.eml", "uwe.kraft@zielfirma.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"postfix-fr-nodsn.eml", "vincent.leroy@boite.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"qmail-ldap-quota.eml", "rita.holt@isp.test", "5.2.2", 0, "failed", "mailboxfull", "soft"},
    {"qmail-ldap-quota.eml", "sven.dahl@isp.test", "5.2.1", 0, "failed", "suspend", "soft"},
    {"qmail-remote-unknown.eml", "tom.vik@far.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"qmail-remote-unknown.eml", "ulla.berg@nxdomain.test", "5.1.2", 0, "failed", "hostunknown", "hard"},
    {"qq-zh-unknown.eml", "zhang.wei@qq.test", "", 550, "failed", "userunknown", "hard"},
    {"sendmail8-hostunknown.eml", "abel.roy@nosuch.test", "", 550, "failed", "hostunknown", "hard"},
    {"sendmail8-nomime.eml", "yann.petit@campus.test", "", 550, "failed", "userunknown", "hard"},
    {"sendmail8-nomime.eml", "zoe.klein@campus.test", "", 550, "failed", "userunknown", "hard"},
    {"sendmail8-warning.eml", "bea.voss@slowhost.test", "", 0, "delayed", "expired", "soft"},
    {"smail-unknown.eml", "carl.nagy@smail.host.test", "", 0, "failed", "userunknown", "hard"},
    {"smartermail-full-nomx.eml", "kim.lowe@smarter.test", "", 0, "failed", "mailboxfull", "soft"},
    {"smartermail-full-nomx.eml", "lee.marsh@no-mx-here.test", "", 0, "failed", "notaccept", "hard"},
    {"smartermail-unknown.eml", "jack.hale@remote.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"sunjava-delay.eml", "rolf.berg@slow.test", "4.4.1", 0, "delayed", "expired", "soft"},
    {"sunjava-full-text.eml", "petra.lund@ms.city.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"sunjava-full-text.eml", "quinn.moss@ms.city.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"sunjava-unknown.eml", "olaf.strand@univ.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"terra-pt-full.eml", "maria.souza@terra.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"tonline-relay.eml", "dora.funk@t-online.test", "", 0, "failed", "userunknown", "hard"},
    {"tonline-relay.eml", "emil.graf@t-online.test", "", 0, "failed", "mailboxfull", "soft"},
    {"uol-pt-unknown.eml", "joao.silva@uol.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"vpopmail-nomailbox.eml", "pia.sand@vhost.test", "5.1.1", 0, "failed", "userunknown", "hard"},
    {"webde-full.eml", "paula.sommer@web.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"yandex-ru-full.eml", "raisa.fomina@yandex.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"yandex-ru-unknown-text.eml", "semen.ivanov@yandex.test", "5.7.1", 550, "failed", "userunknown", "hard"},
    {"zimbra-overquota.eml", "olga.varga@school.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"axigen-unknown.eml", "radu.ionescu@axigen.host.test", "5.1.1", 0, "failed", "userunknown", "hard"},
    {"did-not-receive-list.eml", "cara.diaz@biz.test", "", 0, "failed", "onhold", "soft"},
    {"did-not-receive-list.eml", "dean.ford@biz.test", "", 0, "failed", "onhold", "soft"},
    {"domino-two.eml", "mats.ek@partner.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"domino-two.eml", "nora.lie@partner.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"earthlink-sorry.eml", "walt.cruz@earthlink.test", "", 552, "failed", "mailboxfull", "soft"},
    {"eyou-deliver.eml", "amy.zhou@eyou.host.test", "", 550, "failed", "filtered", "soft"}, /* generic words, a basic code, no command: a filter's refusal (docs/classifier.md) */
    {"groupwise-two.eml", "oscar.pratt@gw.univ.test", "", 0, "failed", "userunknown", "hard"},
    {"groupwise-two.eml", "paul.quist@gw.univ.test", "", 0, "failed", "mailboxfull", "soft"},
    {"icewarp-full.eml", "pavel.novak@icewarp.host.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"imail-two.eml", "una.vale@shop.test", "", 0, "failed", "userunknown", "hard"},
    {"imail-two.eml", "vic.ward@shop.test", "", 0, "failed", "userunknown", "hard"},
    {"invalid-receiver.eml", "ben.hu@portal.test", "", 0, "failed", "userunknown", "hard"},
    {"kerio-unknown.eml", "oskar.lind@far.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"lsmtp-error-for.eml", "yusuf.demir@far.test", "5.1.1", 0, "failed", "userunknown", "hard"},
    {"mdaemon-did-not-receive.eml", "quentin.roux@far.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"mdaemon-did-not-receive.eml", "rosa.sanz@far.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"merak-unknown.eml", "quido.marek@far.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"mercury-unknown.eml", "simon.wade@mercury.lan.test", "", 0, "failed", "userunknown", "hard"},
    {"smtpsvc-user.eml", "zack.moore@iis.host.test", "", 0, "failed", "onhold", "soft"}, /* "could not be delivered to the following user" names no cause */
    {"usanet-intended.eml", "xena.lopez@usa.test", "", 550, "failed", "filtered", "soft"}, /* generic words, a basic code, no command: a filter's refusal (docs/classifier.md) */
    {"yahoo-old-addresses.eml", "umar.khan@yahoo.test", "", 0, "failed", "userunknown", "hard"},
    {"yahoo-old-addresses.eml", "vera.lang@yahoo.test", "5.2.2", 0, "failed", "mailboxfull", "soft"},
    {"yahoo-old-unable.eml", "tara.bell@sbc.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"sendmail8-two-reasons.eml", "yann.petit@campus.test", "", 550, "failed", "userunknown", "hard"},
    {"sendmail8-two-reasons.eml", "zoe.klein@campus.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"exim-de-delay.eml", "xaver.lenz@langsam.test", "4.2.0", 450, "delayed", "onhold", "soft"},
    {"exim-de-unroutable.eml", "yvonne.maier@gibtsnicht.test", "", 0, "failed", "hostunknown", "hard"},
    {"kerio-two.eml", "carl.dahl@kerio.firm.test", "", 0, "failed", "mailboxfull", "soft"},
    {"kerio-two.eml", "dora.eng@far.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"postfix-de-delay.eml", "zenzi.huber@langsam.test", "4.4.1", 0, "delayed", "expired", "soft"},
    {"postfix-fr-hostunknown.eml", "aline.marchand@nexistepas.test", "", 0, "failed", "hostunknown", "hard"},
    {"yandex-delay.eml", "boris.popov@medlenno.test", "4.7.1", 451, "delayed", NULL, "soft"}, /* "451 4.7.1 Please try again later": rejected, a retry request */
    {"notes-r5-oneline.eml", "bernd.vogt@notes5.corp.test", "", 0, "failed", "userunknown", "hard"},
    {"exchange2003-de-unknown.eml", "claudia.roth@ex2k.de.test", "5.1.1", 0, "failed", "userunknown", "hard"},
    {"exchange2003-fr-full.eml", "denis.faure@ex2k.fr.test", "5.2.2", 0, "failed", "mailboxfull", "soft"},
    {"sunjava-expired.eml", "egon.falk@slow.test", "", 0, "failed", "expired", "soft"},
    {"netease-zh-gbk-unknown.eml", "wang.fang@163.test", "", 550, "failed", "userunknown", "hard"},
    {"naver-ko-euckr-full.eml", "lee.minho@naver.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    /* dma: no delivery-status part; "There was an error delivering your
     * mail to <x>." above the remote reply or dma's own reason */
    {"dma-unknown.eml", "olav.berg@harbour.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"dma-dns.eml", "ops@retired-host.test", "", 0, "failed", "hostunknown", "hard"},
    {"dma-expired.eml", "kim.vogel@offline.test", "", 0, "failed", "expired", "soft"},
    {"domino-ordinary.eml", NULL, NULL, 0, NULL, NULL, NULL},
    {"exchange55-read-notice.eml", NULL, NULL, 0, NULL, NULL, NULL},
};
#define NROWS (sizeof FORMATS / sizeof FORMATS[0])

/* The SMTP command of the first record, where a transcript of the whole
 * session (commands accepted before the one that failed) or the reply's
 * own words say it. */
static const bk_fx_command COMMANDS[] = {
    {"groupwise-transcript.eml", "RCPT"}, {"mdaemon-unknown.eml", "RCPT"},
    {"hmailserver-unknown.eml", "RCPT"},  {"imail-remote.eml", "RCPT"},
    {"zimbra-overquota.eml", "DATA"},     {"postfix-de-unknown.eml", "RCPT"},
    {"exim-de-unknown.eml", "RCPT"},      {"exim-warning-delay.eml", "RCPT"},
    {"dma-unknown.eml", "RCPT"},
};

/* The diagnostic is the reason, not the sentence that leads in to it. */
static const struct {
    const char *file, *has, *lacks;
} DIAGNOSTICS[] = {
    {"dma-unknown.eml", "550 5.1.1 <olav.berg@harbour.test>: Recipient address rejected",
     "error delivering"},
    {"dma-dns.eml", "DNS lookup failure: host retired-host.test not found", "error delivering"},
    {"dma-expired.eml", "Could not deliver for the last 432000 seconds", "error delivering"},
};

/* The receiving host a text report names (no Remote-MTA field), and the
 * host that says it wrote the report or whose Received field is the
 * bounce's first (no Reporting-MTA field). */
static const struct {
    const char *file, *remote, *reporting;
} REMOTES[] = {
    /* HOST [IP] did not like our RCPT TO; Received by */
    {"dma-unknown.eml", "mx1.harbour.test", "relay.shop.test"},
    /* Host HOST [IP]; Received by */
    {"exim-de-unknown.eml", "mx.ziel.test", "mx.verein.test"},
    /* IP does not like recipient; "This is the qmail-send program at" */
    {"qmail-remote-unknown.eml", "203.0.113.80", "relay.host.test"},
    /* l'hote HOST[IP] a dit; no Received field */
    {"postfix-fr-nodsn.eml", "mx.boite.test", ""},
    /* names no receiving host */
    {"sendmail8-hostunknown.eml", "", ""},
};

static void test_formats(void)
{
    static const bk_fx_table t = {"parse/formats", FORMATS, NROWS, COMMANDS,
                                  sizeof COMMANDS / sizeof COMMANDS[0]};
    bk_fx_run(&t);
}

/* The result of parsing formats/FILE (NULL after a failed check). */
static bk_result *parse_fixture(bk_parser *p, const char *file)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/parse/formats/%s", BK_TEST_DATA, file);
    size_t len = 0;
    char *d = bk_fx_slurp(path, &len);
    BK_CHECK(d != NULL);
    bk_result *r = NULL;
    if (d != NULL)
        BK_CHECK_INT(BK_OK, bk_parse_message(p, d, len, &r));
    free(d);
    BK_CHECK(r != NULL && bk_result_count(r) > 0);
    return r;
}

static void test_diagnostics(void)
{
    bk_parser *p = bk_parser_new(NULL);
    BK_CHECK(p != NULL);
    for (size_t i = 0; p != NULL && i < sizeof DIAGNOSTICS / sizeof DIAGNOSTICS[0]; i++) {
        bk_result *r = parse_fixture(p, DIAGNOSTICS[i].file);
        const bk_record *x = r != NULL && bk_result_count(r) > 0 ? bk_result_record(r, 0) : NULL;
        if (x != NULL) {
            if (strstr(x->diagnostic, DIAGNOSTICS[i].has) == NULL ||
                strstr(x->diagnostic, DIAGNOSTICS[i].lacks) != NULL)
                fprintf(stderr, "%s: diagnostic '%s'\n", DIAGNOSTICS[i].file, x->diagnostic);
            BK_CHECK(strstr(x->diagnostic, DIAGNOSTICS[i].has) != NULL);
            BK_CHECK(strstr(x->diagnostic, DIAGNOSTICS[i].lacks) == NULL);
        }
        bk_result_free(r);
    }
    bk_parser_free(p);
}

static void test_remote_hosts(void)
{
    bk_parser *p = bk_parser_new(NULL);
    BK_CHECK(p != NULL);
    for (size_t i = 0; p != NULL && i < sizeof REMOTES / sizeof REMOTES[0]; i++) {
        bk_result *r = parse_fixture(p, REMOTES[i].file);
        const bk_record *x = r != NULL && bk_result_count(r) > 0 ? bk_result_record(r, 0) : NULL;
        if (x != NULL) {
            if (strcmp(x->remote_mta, REMOTES[i].remote) != 0 ||
                strcmp(x->reporting_mta, REMOTES[i].reporting) != 0)
                fprintf(stderr, "%s: remote_mta '%s', reporting_mta '%s'\n", REMOTES[i].file,
                        x->remote_mta, x->reporting_mta);
            BK_CHECK_STR(REMOTES[i].remote, x->remote_mta);
            BK_CHECK_STR(REMOTES[i].reporting, x->reporting_mta);
        }
        bk_result_free(r);
    }
    bk_parser_free(p);
}

static const bk_test_case tests[] = {
    {"formats", test_formats},
    {"diagnostics", test_diagnostics},
    {"remote_hosts", test_remote_hosts},
    {NULL, NULL},
};

BK_TEST_MAIN(tests)
