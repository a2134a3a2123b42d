/*
 * test_parse_modern.c - bk_parse_message() on the notices of current
 * systems: Exchange 2010-2019 and Exchange Online / Office 365 enhanced
 * NDRs (with and without their delivery-status part, HTML only, delays),
 * Outlook.com, Microsoft 365 connectors, Gmail and Google Workspace
 * ("Address not found", "Message blocked", "Delivery incomplete"),
 * Google Groups, Yahoo/AOL/Verizon, iCloud, Proton, Zoho, Fastmail, GMX,
 * mail.ru and Yandex in English, Comcast, Amazon SES, security gateways
 * (Proofpoint, Mimecast, Barracuda, Cisco Secure Email, Trend Micro,
 * Sophos), SMTPUTF8 notices (message/global-delivery-status, utf-8
 * addresses), the refusals of list managers (Mailman 2/3, Sympa,
 * LISTSERV: one record for the list's address, reason rejected) and
 * their held-post and welcome notices (no record).  Every file of tests/data/parse/modern/
 * is parsed as it is and with CRLF line ends; its records must be exactly
 * the rows of FORMATS[] for that file, in order (a file whose one row has
 * a NULL recipient must give no record).  A file missing from the table
 * fails the test.
 *
 * reason NULL: not checked ("Sender address rejected: Access denied by
 * policy" reads as policyviolation; the second recipient of a notice whose
 * one reply names the first has no words of its own).
 */
#include "parse_fixtures.h"

static const bk_fx_row FORMATS[] = {
    {"aol-remote-full.eml", "cole.dean@far-v.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"att-remote-unknown.eml", "ivy.jones@far-dg.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"barracuda-content.eml", "gina.kirk@client-ap.test", "5.7.1", 554, "failed", "spamdetected", "soft"},
    {"comcast-blocked.eml", "beth.cho@comcast.test", "", 554, "failed", "blocked", "soft"},
    {"exchange2010-nodomain.eml", "erin.fox@no-such-domain-h.test", "5.4.4", 550, "failed", "hostunknown", "hard"},
    {"exchange2013-html-two.eml", "nora.pitt@corp-ca.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"exchange2013-html-two.eml", "otto.rich@corp-ca.test", "5.2.2", 550, "failed", "mailboxfull", "soft"},
    {"exchange2016-delay-text.eml", "zoe.abel@slow-dk.test", "4.2.1", 421, "delayed", "networkerror", "soft"},
    {"exchange2016-two.eml", "ana.berg@corp-g.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"exchange2016-two.eml", "ben.cole@corp-g.test", "5.2.2", 554, "failed", "mailboxfull", "soft"},
    {"exchange2019-remote-two.eml", "sara.tell@client-cc.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"exchange2019-remote-two.eml", "uwe.vogt@client-cc.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"exim-smtputf8-full.eml", "jürgen.müller@bücher.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"fastmail-delay.eml", "una.bell@slow-aa.test", "", 0, "delayed", "expired", "soft"},
    {"gmail-address-not-found.eml", "theo.marsh@far-k.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"gmail-delay-text.eml", "wes.yale@slow-ce.test", "", 0, "delayed", "expired", "soft"},
    {"gmail-delivery-incomplete.eml", "lena.cross@slow-n.test", "4.3.0", 451, "delayed", "systemerror", "soft"},
    {"gmail-domain-not-found.eml", "ada.pike@nxdomain-l.test", "", 0, "failed", "hostunknown", "hard"},
    {"gmail-inbox-full.eml", "rita.snow@gmail-o.test", "4.2.2", 452, "delayed", "mailboxfull", "soft"},
    {"gmail-message-blocked.eml", "sam.ray@corp-m.test", "5.7.1", 550, "failed", "spamdetected", "soft"},
    {"gmail-too-big.eml", "vera.tate@far-t.test", "5.3.4", 552, "failed", "mesgtoobig", "soft"},
    {"gmx-en-unknown.eml", "nils.ernst@far-ab.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"google-groups-no-permission.eml", "board@groups.corp-s.test", "", 0, "failed", "userunknown", "hard"},
    {"icloud-full.eml", "bram.diaz@icloud-db.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"icloud-policy.eml", "gus.hart@corp-x.test", "5.7.1", 554, "failed", "spamdetected", "soft"},
    {"ironport-two.eml", "hal.moon@client-ar.test", "5.1.2", 550, "failed", "hostunknown", "hard"},
    {"ironport-two.eml", "ida.nash@client-as.test", "5.4.7", 554, "failed", "expired", "soft"},
    {"listserv-not-authorized.eml", "CHEM-L@lists.univ-be.test", "", 0, "failed", "rejected", "soft"},
    {"m365-connector-relay.eml", "rob.hale@partner-j.test", "5.7.64", 550, "failed", "norelaying", "soft"},
    {"mailman2-held-nonmember.eml", NULL, "", 0, NULL, NULL, NULL},
    {"mailman2-rejected.eml", "club@lists.corp-bc.test", "", 0, "failed", "rejected", "soft"},
    {"mailman3-nonmember.eml", "staff@lists.corp-ba.test", "", 0, "failed", "rejected", "soft"},
    {"mailman3-welcome.eml", NULL, "", 0, NULL, NULL, NULL},
    {"mailru-en-full.eml", "pavel.lebedev@far-ac.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"mailru-en-unknown.eml", "gleb.sokolov@mail-df.test", "", 550, "failed", "userunknown", "hard"},
    {"mimecast-rejected.eml", "eve.hunt@client-al.test", "", 550, "failed", "policyviolation", "soft"},
    {"o365-access-denied.eml", "kay.lamb@shop-c.test", "5.4.1", 550, "failed", "userunknown", "hard"},
    {"o365-delay.eml", "omar.kent@slow-f.test", "4.4.7", 400, "delayed", "expired", "soft"},
    {"o365-group-restricted.eml", "all-staff@tenant-b.test", "5.7.133", 550, "failed", "rejected", "soft"},
    {"o365-html-unknown.eml", "yuri.zane@tenant-c.test", "5.1.10", 550, "failed", "userunknown", "hard"},
    {"o365-spam-block.eml", "paul.west@retail-d.test", "5.7.1", 550, "failed", "blocked", "soft"},
    {"o365-too-big.eml", "dora.finch@agency-e.test", "5.3.4", 552, "failed", "mesgtoobig", "soft"},
    {"o365-unknown.eml", "gale.ortiz@tenant-b.test", "5.1.10", 550, "failed", "userunknown", "hard"},
    {"ordinary-it-notice.eml", NULL, "", 0, NULL, NULL, NULL},
    {"ordinary-o365-recall.eml", NULL, "", 0, NULL, NULL, NULL},
    {"outlook-delay-text.eml", "vic.wade@slow-cd.test", "4.7.1", 451, "delayed", "onhold", "soft"},
    {"outlook-mailbox-unavailable.eml", "lily.mott@outlook-i.test", "5.5.0", 550, "failed", "userunknown", "hard"},
    {"postfix-smtputf8-unknown.eml", "δοκιμή@παράδειγμα.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"proofpoint-relay.eml", "fred.jay@client-an.test", "5.7.1", 550, "failed", "spamdetected", "soft"},
    {"proton-html-blocked.eml", "cleo.ebb@corp-dc.test", "5.7.1", 554, "failed", "norelaying", "soft"},
    {"proton-unknown.eml", "lars.ode@far-y.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"sendmail-smtputf8-required.eml", "用户@例子.test", "5.6.7", 553, "failed", "contenterror", "soft"},
    {"ses-html-unknown.eml", "lara.moss@far-dj.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"ses-two.eml", "abe.cruz@far-ag.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"ses-two.eml", "bea.dunn@far-ag.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"sophos-unknown.eml", "lou.quill@client-aw.test", "5.1.10", 550, "failed", "userunknown", "hard"},
    {"symantec-cloud-blocked.eml", "karl.lund@client-di.test", "5.7.1", 553, "failed", NULL, "soft"},
    {"sympa-not-subscriber.eml", "research@lists.corp-bd.test", "", 0, "failed", "rejected", "soft"},
    {"trendmicro-blocked.eml", "kim.page@client-au.test", "5.7.1", 550, "failed", "blocked", "soft"},
    {"verizon-too-big.eml", "uma.kerr@far-af.test", "5.3.4", 552, "failed", "mesgtoobig", "soft"},
    {"webde-en-full.eml", "emil.hahn@web-de.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"workspace-relay-denied.eml", "jack.holt@client-q.test", "5.7.1", 550, "failed", "norelaying", "soft"},
    {"workspace-two-permanent.eml", "hugo.lind@far-p.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"workspace-two-permanent.eml", "iris.moss@far-p.test", "", 0, "failed", NULL, NULL},
    {"yahoo-remote-blocked.eml", "fay.north@corp-w.test", "5.7.1", 554, "failed", "blocked", "soft"},
    {"yahoo-remote-delay.eml", "abby.cole@slow-da.test", "4.3.2", 451, "delayed", "notaccept", "soft"},
    {"yahoo-remote-unknown.eml", "zack.wood@far-u.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"yandex-en-delay.eml", "fedor.popov@slow-de.test", "4.3.2", 421, "delayed", "notaccept", "soft"},
    {"yandex-en-unknown.eml", "dima.orlov@far-ad.test", "5.7.1", 550, "failed", "userunknown", "hard"},
    {"zoho-full.eml", "dirk.falk@far-dd.test", "5.2.2", 552, "failed", "mailboxfull", "soft"},
    {"zoho-full.eml", "dirk.falk2@far-dd.test", "5.1.1", 550, "failed", "userunknown", "hard"},
    {"zoho-invalid.eml", "ross.gray@far-z.test", "5.1.1", 550, "failed", "userunknown", "hard"},
};
#define NROWS (sizeof FORMATS / sizeof FORMATS[0])

/* The SMTP command of the first record, where a transcript of the whole
 * session (commands accepted before the one that failed) or the reply's
 * own words say it. */
static const bk_fx_command COMMANDS[] = {
    {"yahoo-remote-unknown.eml", "RCPT"}, {"yahoo-remote-blocked.eml", "DATA"},
    {"verizon-too-big.eml", "DATA"},      {"gmx-en-unknown.eml", "RCPT"},
    {"mailru-en-full.eml", "RCPT"},       {"icloud-policy.eml", "DATA"},
    {"exim-smtputf8-full.eml", "RCPT"},   {"postfix-smtputf8-unknown.eml", "RCPT"},
    {"fastmail-delay.eml", "CONN"},
};

static void test_modern(void)
{
    static const bk_fx_table t = {"parse/modern", FORMATS, NROWS, COMMANDS,
                                  sizeof COMMANDS / sizeof COMMANDS[0]};
    bk_fx_run(&t);
}

static const bk_test_case tests[] = {
    {"modern", test_modern},
    {NULL, NULL},
};

BK_TEST_MAIN(tests)
