/*
 * test_replies.c - the reply classifier against real replies of mailbox
 * providers and MTAs: each row is a reply as it was seen (in a bounce, an
 * MTA log or a provider's postmaster page), with the reason, the bounce
 * kind and, where it matters, the decision and the provider we expect.
 *
 * Addresses, IPs and host names are replaced by documentation values.
 */
#include <string.h>

#include "bk_test.h"
#include "bouncekit.h"
#include "reply_rules.h"

typedef struct reply_case {
    const char *seen;     /* where this reply was seen */
    const char *text;     /* the reply, as logged; "\n" joins lines */
    const char *reason;
    const char *bounce;   /* "hard", "soft" or "none" */
    const char *decision; /* NULL: not checked */
    const char *provider; /* NULL: not checked; "" expects none */
} reply_case;

static const reply_case cases[] = {
    /* ---- the three replies of the seed text: missing mailbox, suppress ---- */
    {"Gmail, seed", "550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient's email address for typos or\n550-5.1.1 unnecessary spaces. Learn more at\n550 5.1.1  https://support.google.com/mail/?p=NoSuchUser d9si1234567qkb.123 - gsmtp", "userunknown", "hard", "suppress", "gmail"},
    {"Yahoo, seed", "554 delivery error: dd This user doesn't have a yahoo.com account (nobody@yahoo.com) [0] - mta1234.mail.ne1.yahoo.com", "userunknown", "hard", "suppress", "yahoo"},
    {"Microsoft 365, seed", "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient nobody@example.com not found by SMTP address lookup", "userunknown", "hard", "suppress", "microsoft"},

    /* ---- Gmail / Google Workspace ---- */
    {"Gmail one line", "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. Learn more at https://support.google.com/mail/?p=NoSuchUser a1si2 - gsmtp", "userunknown", "hard", "suppress", "gmail"},
    {"Gmail inactive account", "550-5.2.1 The email account that you tried to reach is inactive. For more\n550-5.2.1 information, go to\n550 5.2.1  https://support.google.com/mail/?p=DisabledUser a1si2 - gsmtp", "suspend", "soft", "retry", "gmail"},
    {"Gmail disabled account", "550-5.2.1 The email account that you tried to reach is disabled. Learn more at\n550 5.2.1 https://support.google.com/mail/?p=DisabledUser a1si2 - gsmtp", "suspend", "soft", NULL, "gmail"},
    {"Gmail receiving rate 5xx", "550-5.2.1 The user you are trying to contact is receiving mail at a rate that\n550-5.2.1 prevents additional messages from being delivered. For more\n550-5.2.1 information, go to\n550 5.2.1  https://support.google.com/mail/?p=ReceivingRatePerm a1si2 - gsmtp", "speeding", "soft", "fix-sender", "gmail"},
    {"Gmail receiving rate 4xx", "450-4.2.1 The user you are trying to contact is receiving mail at a rate that\n450-4.2.1 prevents additional messages from being delivered. Please resend your\n450 4.2.1 message at a later time. a1si2 - gsmtp", "speeding", "soft", NULL, "gmail"},
    {"Gmail receiving too quickly", "450 4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time. - gsmtp", "speeding", "soft", NULL, "gmail"},
    {"Gmail over quota perm", "552-5.2.2 The email account that you tried to reach is over quota. Please direct\n552 5.2.2 the recipient to https://support.google.com/mail/?p=OverQuotaPerm a1si2 - gsmtp", "mailboxfull", "soft", "retry", "gmail"},
    {"Gmail over quota temp", "452-4.2.2 The email account that you tried to reach is over quota. Please direct\n452 4.2.2 the recipient to https://support.google.com/mail/?p=OverQuotaTemp a1si2 - gsmtp", "mailboxfull", "soft", "retry", "gmail"},
    {"Gmail storage", "452 4.2.2 The recipient's inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp - gsmtp", "mailboxfull", "soft", NULL, "gmail"},
    {"Gmail DMARC", "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's\n550-5.7.26 DMARC policy. Please contact the administrator of example.com domain if\n550 5.7.26 this was a legitimate mail. a1si2 - gsmtp", "authfailure", "soft", "fix-sender", "gmail"},
    {"Gmail 2024 sender rules", "550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.\n550 5.7.26 Authentication results: dkim=none spf=fail - gsmtp", "authfailure", "soft", NULL, "gmail"},
    {"Gmail SPF and DKIM", "421-4.7.26 This mail has been rate limited because it is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. - gsmtp", "authfailure", "soft", NULL, "gmail"},
    {"Gmail PTR", "550-5.7.25 The IP address sending this message does not have a PTR record setup, or the\n550-5.7.25 corresponding forward DNS entry does not point to the sending IP. As a policy,\n550 5.7.25 Gmail does not accept messages from IPs with missing PTR records. - gsmtp", "requireptr", "soft", "fix-sender", "gmail"},
    {"Gmail unsolicited rate", "421-4.7.28 Our system has detected an unusual rate of unsolicited mail originating\n421-4.7.28 from your IP address. To protect our users from spam, mail sent from your IP\n421 4.7.28 address has been temporarily rate limited. - gsmtp", "blocked", "soft", NULL, "gmail"},
    {"Gmail unsolicited mail", "550-5.7.1 Our system has detected that this message is likely unsolicited mail. To reduce\n550-5.7.1 the amount of spam sent to Gmail, this message has been blocked. For more\n550 5.7.1 information, go to https://support.google.com/mail/?p=UnsolicitedMessageError - gsmtp", "spamdetected", "soft", "fix-sender", "gmail"},
    {"Gmail RFC 5322", "550-5.7.1 This message is not RFC 5322 compliant. There are multiple Subject\n550-5.7.1 headers. To reduce the amount of spam sent to Gmail, this message has\n550 5.7.1 been blocked. - gsmtp", "notcompliantrfc", "soft", NULL, "gmail"},
    {"Gmail low reputation", "550-5.7.1 Our system has detected that this message is likely suspicious due to the very low reputation of the sending domain. - gsmtp", "badreputation", "soft", "fix-sender", "gmail"},
    {"Gmail blocked content", "552-5.7.0 This message was blocked because its content presents a potential\n552-5.7.0 security issue. Please visit https://support.google.com/mail/?p=BlockedMessage - gsmtp", "virusdetected", "soft", NULL, "gmail"},
    {"Gmail message too big", "552-5.3.4 Your message exceeded Google's message size limits. Please visit\n552 5.3.4 https://support.google.com/mail/?p=MaxSizeError - gsmtp", "mesgtoobig", "soft", NULL, "gmail"},
    {"Gmail too many recipients", "452-4.5.3 Your message has too many recipients. For more information regarding\n452 4.5.3 Google's sending limits, visit https://support.google.com/mail/?p=TooManyRecipientsError - gsmtp", "toomanyconn", "soft", NULL, "gmail"},
    {"Gmail TLS required", "530 5.7.0 Must issue a STARTTLS command first. - gsmtp", "failedstarttls", "soft", NULL, "gmail"},
    {"Gmail temporary", "451 4.3.0 Mail server temporarily rejected message. Temporary System Problem. Try again later. - gsmtp", "systemerror", "soft", "retry", "gmail"},
    {"Gmail IP whitelist", "421 4.7.0 IP not in whitelist for RCPT domain, closing connection. - gsmtp", "blocked", "soft", NULL, "gmail"},
    {"Gmail notice, Address not found", "** Address not found **\n\nYour message wasn't delivered to nobody@example.com because the address couldn't be found, or is unable to receive mail.", "userunknown", "hard", NULL, "gmail"},
    {"Gmail notice, null MX", "DNS Error: 1234 DNS type 'mx' lookup of example.org responded with code NOERROR The domain example.org doesn't receive email according to the administrator: returned Null MX", "notaccept", "hard", NULL, NULL},
    {"Workspace DNS error (transient)", "451 4.0.0 DNS Error: 1234 DNS type 'mx' lookup of example.jp responded with code NXDOMAIN Domain name not found: example.jp", "networkerror", "soft", NULL, NULL},
    {"Google Groups", "We're writing to let you know that the group you tried to contact (list) may not exist, or you may not have permission to post messages to the group. https://groups.google.com/support/", "rejected", "soft", NULL, "gmail"},

    /* ---- Microsoft 365 / Outlook.com / Exchange ---- */
    {"Exchange Online 5.1.1", "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found", "userunknown", "hard", "suppress", "microsoft"},
    {"Exchange ExRecipNotFound", "550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found", "userunknown", "hard", NULL, "microsoft"},
    {"Outlook.com mailbox unavailable", "550 Requested action not taken: mailbox unavailable (-1234567890:1234:-2147467259)", "userunknown", "hard", "suppress", NULL},
    {"Outlook.com 5.5.0 mailbox unavailable", "550 5.5.0 Requested action not taken: mailbox unavailable. [BN1NAM02FT012.eop-nam02.prod.protection.outlook.com]", "userunknown", "hard", NULL, "microsoft"},
    {"Microsoft 5.4.1 edge blocking", "550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [DM6NAM11FT012.eop-nam11.prod.protection.outlook.com]", "userunknown", "hard", NULL, "microsoft"},
    {"Outlook.com S3150", "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [DB3EUR04FT007.eop-eur04.prod.protection.outlook.com]", "blocked", "soft", "fix-sender", "microsoft"},
    {"Outlook.com S3140", "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3140).", "blocked", "soft", NULL, NULL},
    {"Hotmail SC-001", "550 SC-001 (BAY004-MC4F49) Unfortunately, messages from 192.0.2.1 weren't sent. Please contact your Internet service provider since part of their network is on our block list.", "blocked", "soft", NULL, "microsoft"},
    {"Outlook.com banned IP", "550 5.7.606 Access denied, banned sending IP [192.0.2.1]. To request removal from this list please visit https://sender.office.com/ and follow the directions.", "blocked", "soft", "fix-sender", "microsoft"},
    {"Outlook.com IP reputation", "451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://postmaster.live.com (S775)", "badreputation", "soft", NULL, "microsoft"},
    {"Microsoft 365 DMARC", "550 5.7.509 Access denied, sending domain example.com does not pass DMARC verification and has a DMARC policy of reject.", "authfailure", "soft", NULL, NULL},
    {"Microsoft 365 relay", "550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain", "norelaying", "soft", "fix-sender", NULL},
    {"Microsoft 365 tenant relay", "550 5.7.64 TenantAttribution; Relay Access Denied", "norelaying", "soft", NULL, "microsoft"},
    {"Exchange mailbox full", "554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded", "mailboxfull", "soft", "retry", "microsoft"},
    {"Exchange auth required", "550 5.7.1 RESOLVER.RST.AuthRequired; authentication required", "securityerror", "soft", NULL, "microsoft"},
    {"Exchange not authorized", "550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized", "rejected", "soft", NULL, "microsoft"},
    {"Exchange recipient size limit", "552 5.3.4 RESOLVER.RST.RecipSizeLimit; message too large for this recipient", "exceedlimit", "soft", NULL, "microsoft"},
    {"Exchange hop count", "554 5.4.14 Hop count exceeded - possible mail loop ATTR34", "networkerror", "soft", NULL, NULL},
    {"Exchange DNS domain", "550 5.4.310 DNS domain example.invalid does not exist [Message=InfoDomainNonexistent]", "hostunknown", "hard", "suppress", NULL},
    {"Exchange expired", "550 4.4.7 Message expired: unable to deliver in 2880 minutes. <421 4.4.2 Connection dropped due to SocketError>", "expired", "soft", "retry", NULL},
    {"Exchange 2003 notice", "The recipient name is not recognized\n\tThe MTS-ID of the original message is: c=us;a= ;p=example;l=HOST\n    MSEXCH:IMS:Example:Site:HOST 0 (000C05A6) Unknown Recipient", "userunknown", "hard", NULL, "microsoft"},
    {"Exchange remote 5.1.351", "550 5.1.351 Remote server returned unknown recipient or mailbox unavailable -> 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown", "userunknown", "hard", NULL, NULL},
    {"Hotmail domain mismatch", "550 domain [example.com] mismatches client ip 192.0.2.1.", "requireptr", "soft", NULL, NULL},

    /* ---- Yahoo / AOL ---- */
    {"Yahoo mailbox disabled", "554 delivery error: dd Sorry your message to nobody@yahoo.com cannot be delivered. This mailbox is disabled (554.30). - mta1234.mail.bf1.yahoo.com", "suspend", "soft", "retry", "yahoo"},
    {"Yahoo account disabled", "554 delivery error: dd Sorry your message to nobody@yahoo.com cannot be delivered. This account has been disabled or discontinued [#102]. - mta1234.mail.bf1.yahoo.com", "suspend", "soft", NULL, "yahoo"},
    {"Yahoo 552 mailbox not found", "552 1 Requested mail action aborted, mailbox not found", "userunknown", "hard", NULL, ""},
    {"Yahoo TSS04", "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes", "badreputation", "soft", "fix-sender", "yahoo"},
    {"Yahoo TS01", "421 4.7.0 [TS01] Messages from 192.0.2.1 temporarily deferred due to user complaints - 4.16.55.1; see https://help.yahoo.com/kb/postmaster/SLN3434.html", "blocked", "soft", NULL, "yahoo"},
    {"Yahoo 5.7.9 policy", "554 5.7.9 Message not accepted for policy reasons.  See https://senders.yahooinc.com/error-codes", "policyviolation", "soft", "fix-sender", "yahoo"},
    {"Yahoo BL21 Spamhaus", "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.1, because the ip is in Spamhaus's list; see https://postmaster.yahooinc.com/error-codes", "blocked", "soft", NULL, "yahoo"},
    {"Yahoo outbound, sender rejected", "Remote host said: 501 5.1.8 Sender address rejected [MAIL_FROM]", "rejected", "soft", "fix-sender", NULL},
    {"Yahoo outbound, user unknown at RCPT", "Remote host said:\n550 5.2.1 <nobody@example.com>... User Unknown\n[RCPT_TO]", "userunknown", "hard", NULL, NULL},
    {"Yahoo receiving too quickly", "450 User is receiving mail too quickly", "speeding", "soft", NULL, ""},
    {"Yahoo max per connection", "421 Max message per connection reached, closing transmission channel", "toomanyconn", "soft", NULL, "yahoo"},
    {"AOL RTR:BL", "554- (RTR:BL) https://postmaster.aol.com/error-codes#554rtrbl", "blocked", "soft", NULL, "aol"},
    {"AOL DNS:NR", "421 4.7.1 : (DNS:NR) https://postmaster.aol.com/error-codes#421dnsnr", "requireptr", "soft", NULL, "aol"},

    /* ---- iCloud ---- */
    {"iCloud user unknown", "550 5.1.1 <nobody@icloud.com>: user does not exist", "userunknown", "hard", "suppress", "icloud"},
    {"iCloud CS01", "550 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137", "spamdetected", "soft", NULL, "icloud"},
    {"iCloud HM08", "554 5.7.1 [HM08] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137", "blocked", "soft", NULL, "icloud"},
    {"iCloud DMARC", "554 5.7.1 Your message was rejected due to example.com's DMARC policy. See https://support.apple.com/en-us/HT204137 for info", "authfailure", "soft", NULL, "icloud"},
    {"iCloud Spamhaus DBL", "550 5.7.1 Your email was rejected due to having a domain present in the Spamhaus DBL -- see https://www.spamhaus.org/dbl/", "blocked", "soft", NULL, NULL},
    {"iCloud excessive volume", "421 4.7.1 Messages to nobody@icloud.com deferred due to excessive volume. Try again later - https://support.apple.com/en-us/HT204137", "speeding", "soft", NULL, "icloud"},
    {"iCloud not accepting connections", "554 st11p00im-smtpin013.me.com ESMTP not accepting connections", "blocked", "soft", NULL, NULL},

    /* ---- Comcast, Cox, Spectrum, AT&T, GoDaddy ---- */
    {"Comcast not our customer", "551 5.1.1 <nobody@comcast.net> not our customer", "userunknown", "hard", NULL, "comcast"},
    {"Comcast BL000001", "554 resimta-h1p-012345.sys.comcast.net resimta-h1p-012345.sys.comcast.net 192.0.2.1 found on one or more RBLs (BL000001). Refer to http://postmaster.comcast.net/smtp-error-codes.php#BL000001", "blocked", "soft", NULL, "comcast"},
    {"Comcast PTR", "554 mta1.comcast.net comcast 192.0.2.1 Comcast requires that all mail servers must have a PTR record with a valid Reverse DNS entry. Learn more at http://postmaster.comcast.net/smtp-error-codes.php#RL000001", "requireptr", "soft", NULL, "comcast"},
    {"Comcast too many sessions", "421 Too many sessions opened", "toomanyconn", "soft", NULL, ""},
    {"Cox CDRBL", "550 5.1.0 <bounce@example.com> sender rejected. Refer to Error Codes section at https://www.cox.com/residential/support/email-error-codes.html for more information. AUP#CDRBL", "blocked", "soft", NULL, "cox"},
    {"Spectrum AUP#In", "550 5.1.0 <bounce@example.com> sender rejected. Please see https://www.spectrum.net/support/internet/understanding-email-error-codes for more information. AUP#In-1310", "toomanyconn", "soft", NULL, "spectrum"},
    {"AT&T reverse DNS", "550 5.7.1 Connections not accepted from servers without a valid sender domain. ## Fix reverse DNS for 192.0.2.1", "requireptr", "soft", NULL, NULL},
    {"AT&T addressee unknown", "550 5.2.1 <NOBODY@PRODIGY.NET>... Addressee unknown, relay=[192.0.2.1]", "userunknown", "hard", NULL, NULL},
    {"GoDaddy IB607", "550 5.1.1 <nobody@example.com> - 192.0.2.1 has sent to too many recipients this hour. IB607 <http://x.co/rlbounce>", "speeding", "soft", NULL, "godaddy"},
    {"GoDaddy IB508 SPF", "550 5.1.0 192.0.2.1 is not allowed to send from <example.net> per it's SPF Record. Please inspect your SPF settings, and try again. IB508 <http://x.co/srbounce>", "authfailure", "soft", NULL, "godaddy"},

    /* ---- GMX / WEB.DE / T-Online / Orange ---- */
    {"GMX mailbox unavailable", "550 Requested action not taken: mailbox unavailable", "userunknown", "hard", NULL, NULL},
    {"GMX block list", "554-gmx.net (mxgmx104) Nemesis ESMTP Service not available\n554-No SMTP service\n554-IP address is block listed.\n554 For explanation visit https://postmaster.gmx.net/en/case?c=r0201&i=ip&v=192.0.2.1", "blocked", "soft", "fix-sender", "gmx"},
    {"GMX SPF", "550 <nobody@example.com>: Reject due to SPF policy. The originating IP of the message is not permitted by the domain owner", "authfailure", "soft", NULL, "gmx"},
    {"GMX user inactive", "550 5.2.1 <nobody@gmx.de>... User is inactive", "suspend", "soft", NULL, "gmx"},
    {"GMX user unknown at RCPT", "SMTP error from remote server after RCPT command:\nhost: mx00.emig.gmx.net\n5.1.1 <nobody@gmx.de>... User is unknown", "userunknown", "hard", NULL, "gmx"},
    {"WEB.DE quota", "550 Benutzer hat das Speichervolumen ueberschritten. / User has exhausted allowed storage space.", "mailboxfull", "soft", NULL, "webde"},
    {"T-Online user unknown", "550 5.1.1 <nobody@t-online.de> user unknown", "userunknown", "hard", NULL, NULL},
    {"T-Online blocklist", "554 IP=192.0.2.1 - A problem occurred. (Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.) (BL)", "blocked", "soft", NULL, NULL},
    {"Orange invalid recipient", "550 5.5.0 Adresse destinataire invalide. Invalid recipient. LPN007_416", "userunknown", "hard", NULL, "orange"},
    {"Orange blocked account", "550 5.5.0 Le compte du destinataire est bloque. The recipient account is blocked. LPN007_426", "suspend", "soft", NULL, "orange"},
    {"Orange spam IP", "550 mwinf5c04 ME Adresse IP source bloquee pour incident de spam. Client host blocked for spamming issues. OFR006_102 Ref http://csi.cloudmark.com/reset-request/?ip=192.0.2.1 [102]", "blocked", "soft", NULL, "orange"},
    {"Orange content", "550 5.2.0 Mail rejete. Mail rejected. ofr_506 [506]", "spamdetected", "soft", NULL, "orange"},

    /* ---- Mail.ru, Yandex, QQ, NetEase, i.ua ---- */
    {"Mail.ru invalid mailbox", "550 Message was not accepted -- invalid mailbox.  Local mailbox nobody@mail.ru is unavailable: user not found", "userunknown", "hard", NULL, "mailru"},
    {"Mail.ru spam", "550 spam message rejected. Please visit https://help.mail.ru/notspam-support/id?c=XXX or report details to abuse@corp.mail.ru. Error code: XXX", "spamdetected", "soft", NULL, "mailru"},
    {"Mail.ru ratelimit", "421 4.7.0 ratelimited. Try again later", "speeding", "soft", NULL, ""},
    {"Yandex no such user", "550 5.7.1 No such user!", "userunknown", "hard", NULL, "yandex"},
    {"Yandex spam", "554 5.7.1 [2] Message rejected under suspicion of SPAM; https://ya.cc/1IrBc 1234567890-abcdefgh", "spamdetected", "soft", NULL, "yandex"},
    {"Yandex account blocked", "550 5.7.1 Policy rejection on the target address", "suspend", "soft", NULL, "yandex"},
    {"Yandex spam statistics", "554 5.7.1 Blocked by spam statistics", "blocked", "soft", NULL, "yandex"},
    {"Interia blocked sender", "550 5.7.1 Recipient doesn\xe2\x80\x99t want your mail", "filtered", "soft", NULL, NULL},
    {"Interia unknown account", "550 <nobody@interia.pl>: Account not found", "userunknown", "hard", NULL, "interia"},
    {"Seznam unknown user", "550 5.1.1 szn; User hasn't got the service mapped", "userunknown", "hard", NULL, "seznam"},
    {"Yandex SPF", "550 5.7.1 SPF check failed: 192.0.2.1 is not authorized to send in the name of example.com (in reply to RCPT TO command)", "authfailure", "soft", NULL, NULL},
    {"authentication not passed", "550 5.7.15 Access denied, this organization does not accept mail from senders that don't pass authentication", "authfailure", "soft", NULL, NULL},
    {"DMARC in words", "550 5.7.1 Message rejected due to DMARC", "authfailure", "soft", NULL, NULL},
    {"not RFC 2822", "550 5.7.1 Delivery not authorized, message refused: Message is not RFC 2822 compliant", "notcompliantrfc", "soft", NULL, NULL},
    {"blocked by content filter", "550 5.7.1 Message blocked by content filter", "filtered", "soft", NULL, NULL},
    {"user blocked the sender", "550 Blocked: user has blocked sender", "filtered", "soft", NULL, NULL},
    {"sender not allowed", "550 Sender is not allowed", "rejected", "soft", NULL, NULL},
    {"SPF not passed", "550 5.7.27 The sender does not pass SPF.", "authfailure", "soft", NULL, NULL},
    {"DKIM failed", "550 5.7.1 Message failed DKIM verification", "authfailure", "soft", NULL, NULL},
    {"DKIM domain mismatch", "421 4.7.32 The IP address sending this message does not match the DKIM domain or the From domain.", "authfailure", "soft", NULL, NULL},
    {"mailbox has been disabled", "550 5.3.0 Mailbox has been disabled", "suspend", "soft", NULL, NULL},
    {"Trend Micro ERS words", "550 5.7.1 Mail rejected by Trend Micro Email Reputation Service", "blocked", "soft", NULL, NULL},
    {"greeting timed out", "conversation with mx.example.com[192.0.2.1] timed out while receiving the initial server greeting", "expired", "soft", NULL, NULL},
    {"no MX or A", "No MX or A records for example.com", "notaccept", "hard", NULL, NULL},
    {"size in words", "552 Message rejected because of its size", "mesgtoobig", "soft", NULL, NULL},
    {"given up after days", "Unable to deliver message after 5 days", "expired", "soft", NULL, NULL},
    {"delivery time exceeded", "message delivery time exceeded", "expired", "soft", NULL, NULL},
    {"certificate not verified", "Server certificate not verified", "failedstarttls", "soft", NULL, NULL},
    {"recipient's block list", "550 5.7.1 Sender is on user's blocklist", "filtered", "soft", NULL, NULL},
    {"recipient's content filter", "550 5.7.1 Message refused by the recipient's content filter", "filtered", "soft", NULL, NULL},
    {"executable attachments", "550 5.7.1 Executable attachments are not accepted", "policyviolation", "soft", NULL, NULL},
    {"receiving too fast", "450 4.2.1 User is receiving mail at too great a rate", "speeding", "soft", NULL, NULL},
    {"account inactive", "550 Account inactive", "suspend", "soft", NULL, NULL},
    {"intrusion prevention", "421 4.7.1 Intrusion prevention active for [192.0.2.1]", "blocked", "soft", NULL, NULL},
    {"QQ mailbox not found", "550 Mailbox not found. http://service.exmail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000728", "userunknown", "hard", NULL, "qq"},
    {"QQ IP frequency", "550 Ip frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000725", "toomanyconn", "soft", NULL, "qq"},
    {"QQ content denied", "550 Mail content denied. http://service.exmail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000726", "spamdetected", "soft", NULL, "qq"},
    {"QQ DMARC", "550 DMARC check failed. http://service.mail.qq.com/cgi-bin/help?subtype=1&&no=1001508&&id=16.", "authfailure", "soft", NULL, "qq"},
    {"QQ rejected by recipients", "550 Mail is rejected by recipients", "filtered", "soft", NULL, "qq"},
    {"NetEase user not found", "550 User not found: nobody@163.com", "userunknown", "hard", NULL, "netease"},
    {"NetEase spam", "554 DT:SPM 163 smtp12,EMCowAC5Cz1x, please see http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.1", "spamdetected", "soft", NULL, "netease"},
    {"i.ua frozen", "550 Mailbox is frozen. See http://mail.i.ua/err/3/", "suspend", "soft", NULL, "iua"},

    /* ---- filtering gateways ---- */
    {"Mimecast host network", "554 Host network not allowed - https://community.mimecast.com/docs/DOC-1369#554 [abc.us222]", "policyviolation", "soft", NULL, "mimecast"},
    {"Mimecast security policies", "554 email rejected due to security policies - MCSpamSignature.sa.2.2", "virusdetected", "soft", NULL, "mimecast"},
    {"Proofpoint blocked", "554 5.7.0 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.1", "blocked", "soft", NULL, "proofpoint"},
    {"Barracuda UBE", "550 5.7.1 Message content rejected, UBE, id=00000-22-225", "spamdetected", "soft", NULL, NULL},
    {"Barracuda user unknown", "550 cuda_nsu 5.1.1 <nobody@example.com> Recipient address rejected: User unknown", "userunknown", "hard", NULL, NULL},
    {"Symantec SMTP AUTH", "550-Please turn on SMTP Authentication in your mail client.\n550-mail0.example.messagelabs.com [192.0.2.1]:1234 is not permitted to relay through this server without authentication.", "securityerror", "soft", NULL, NULL},
    {"Facebook recipient preferences", "550 5.1.1 RCP-P2 http://postmaster.facebook.com/response_codes?ip=192.0.2.1#rcp Refused due to recipient preferences", "filtered", "soft", NULL, "facebook"},
    {"Amazon SES filtered", "550 5.2.0 Message Filtered", "filtered", "soft", NULL, NULL},
    {"Amazon SES suppression list", "Amazon SES did not send the message to this address because it is on the suppression list for your account.", "suspend", "soft", NULL, "amazonses"},

    /* ---- Postfix ---- */
    {"Postfix local table", "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table", "userunknown", "hard", "suppress", NULL},
    {"Postfix virtual table", "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table", "userunknown", "hard", NULL, NULL},
    {"Postfix relay table, transient", "450 4.1.1 <nobody@example.com>: Recipient address rejected: User unknown in relay recipient table", "userunknown", "soft", "retry", NULL},
    {"Postfix bounce body", "host mx.example.com[192.0.2.1] said: 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command)", "userunknown", "hard", NULL, NULL},
    {"Postfix relay access denied", "554 5.7.1 <nobody@example.org>: Relay access denied", "norelaying", "soft", "fix-sender", NULL},
    {"Postfix RBL", "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.1", "blocked", "soft", "fix-sender", NULL},
    {"Postfix no hostname", "450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]", "requireptr", "soft", NULL, NULL},
    {"Postfix reverse hostname", "450 4.7.25 Client host rejected: cannot find your reverse hostname, [192.0.2.1]", "requireptr", "soft", NULL, NULL},
    {"Postfix sender domain", "450 4.1.8 <bounce@example.invalid>: Sender address rejected: Domain not found", "rejected", "soft", "fix-sender", NULL},
    {"Postfix sender domain 5xx", "550 5.1.8 <bounce@example.invalid>: Sender address rejected: Domain not found", "rejected", "soft", NULL, NULL},
    {"Postfix size", "552 5.3.4 Message size exceeds fixed limit", "mesgtoobig", "soft", NULL, NULL},
    {"Postfix too many recipients", "452 4.5.3 Error: too many recipients", "toomanyconn", "soft", NULL, NULL},
    {"Postfix STARTTLS", "530 5.7.0 Must issue a STARTTLS command first", "failedstarttls", "soft", NULL, NULL},
    {"Postfix host not found", "Host or domain name not found. Name service error for name=example.invalid type=A: Host not found", "hostunknown", "hard", "suppress", NULL},
    {"Postfix connect timeout", "connect to mx.example.com[192.0.2.1]:25: Connection timed out", "expired", "soft", NULL, NULL},
    {"Postfix mailbox full (local)", "cannot update mailbox /var/mail/nobody for user nobody. error writing message: Disk quota exceeded", "mailboxfull", "soft", NULL, NULL},
    {"Postfix null MX", "556 5.1.10 <nobody@example.com>: Recipient address rejected: Domain example.com does not accept mail (nullMX)", "notaccept", "hard", "suppress", NULL},
    {"Postfix loop", "554 5.4.6 mail for example.com loops back to myself", "networkerror", "soft", NULL, NULL},
    {"Postfix too many hops", "554 5.4.0 Error: too many hops", "networkerror", "soft", NULL, NULL},
    {"Postfix unverified", "450 4.1.1 <nobody@example.com>: Recipient address rejected: unverified address: host mx.example.com[192.0.2.1] said: 550 5.1.1 User unknown", "userunknown", "soft", NULL, NULL},
    {"Postfix protocol violation", "550 Protocol violation (in reply to DATA command)", "policyviolation", "soft", NULL, NULL},
    {"Postfix policyd-spf", "550 5.7.23 <nobody@example.com>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=bounce@example.com;ip=192.0.2.1;r=mx.example.com", "authfailure", "soft", NULL, NULL},

    /* ---- Sendmail ---- */
    {"Sendmail user unknown", "550 5.1.1 <nobody@example.com>... User unknown", "userunknown", "hard", "suppress", NULL},
    {"Sendmail host unknown", "550 5.1.2 <nobody@example.invalid>... Host unknown (Name server: example.invalid: host not found)", "hostunknown", "hard", NULL, NULL},
    {"Sendmail user not local", "551 5.1.6 User not local; please try <nobody@example.net>", "hasmoved", "hard", "suppress", NULL},
    {"Sendmail storage", "552 5.2.2 Requested mail action aborted: exceeded storage allocation", "mailboxfull", "soft", NULL, NULL},
    {"Sendmail relaying denied", "550 5.7.1 <nobody@example.org>... Relaying denied. Proper authentication required.", "norelaying", "soft", NULL, NULL},
    {"Sendmail sender domain", "553 5.1.8 <bounce@example.invalid>... Domain of sender address bounce@example.invalid does not exist", "rejected", "soft", NULL, NULL},
    {"Sendmail loop", "554 5.3.5 Local configuration error: mail loops back to me (MX problem?)", "networkerror", "soft", NULL, NULL},
    {"Sendmail unknown or illegal user", "553 5.1.1 unknown or illegal user: nobody@example.jp", "userunknown", "hard", NULL, NULL},
    {"Sendmail transcript, MAIL FROM refused", ">>> MAIL From:<bounce@example.jp>\n<<< 550 5.7.1 <bounce@example.jp>... Access denied", "rejected", "soft", NULL, NULL},
    {"Sendmail deferred connection refused", "<nobody@example.jp>... Deferred: Connection refused by mx.example.jp.\nMessage could not be delivered for 5 days", "blocked", "soft", NULL, NULL},
    {"Sendmail warning", "Cannot send message for 5 days", "expired", "soft", NULL, NULL},

    /* ---- Exim ---- */
    {"Exim/Courier unknown user, no command known, no enhanced code: unconfirmed", "550 Unknown user nobody@example.com", "filtered", "soft", "retry", NULL},
    {"Exim unrouteable", "Unrouteable address", "hostunknown", "hard", NULL, NULL},
    {"Exim RCPT context", "SMTP error from remote mail server after RCPT TO:<nobody@example.com>:\nhost mx.example.com [192.0.2.1]: 550 No such user here", "userunknown", "hard", NULL, NULL},
    {"Exim DATA context", "SMTP error from remote mail server after end of data:\nhost mx.example.com [192.0.2.1]: 550 No such user here", "filtered", "soft", NULL, NULL},
    {"Exim MAIL context", "SMTP error from remote mail server after MAIL FROM:<bounce@example.com> SIZE=1234:\nhost mx.example.com [192.0.2.1]: 550 5.1.0 <bounce@example.com> rejected", "rejected", "soft", NULL, NULL},
    {"Exim retry timeout", "retry timeout exceeded", "expired", "soft", NULL, NULL},
    {"Exim all hosts failing", "all hosts have been failing for a long time and were last tried after this message arrived", "expired", "soft", NULL, NULL},
    {"Exim sender verify", "550-Verification failed for <bounce@example.com>\n550-Unrouteable address\n550 Sender verify failed", "rejected", "soft", NULL, NULL},
    {"Exim dnslist", "550 Rejected because 192.0.2.1 is in a black list at zen.spamhaus.org", "blocked", "soft", NULL, NULL},
    {"Exim no SMTP service", "an MX or SRV record indicated no SMTP service", "notaccept", "hard", NULL, NULL},
    {"Exim pipe", "pipe to |/usr/local/bin/procmail\n  generated by nobody@example.com\nChild process of pipe transport returned 75", "mailererror", "soft", NULL, NULL},
    {"Exim mailbox full", "mailbox is full: retry timeout exceeded", "mailboxfull", "soft", NULL, NULL},
    {"Exim malformed address", "malformed address: <nobody@example.net> may not follow nobody@example.com", "syntaxerror", "soft", NULL, NULL},
    {"Exim ratelimit", "451 4.7.1 Temporarily rejected: too many messages from 192.0.2.1, ratelimited", "speeding", "soft", NULL, NULL},

    /* ---- qmail, Courier, Dovecot, Domino, OpenSMTPD, DMA ---- */
    {"qmail no mailbox", "Sorry, no mailbox here by that name. (#5.1.1)", "userunknown", "hard", "suppress", NULL},
    {"qmail remote", "192.0.2.1 does not like recipient.\nRemote host said: 550 5.1.1 <nobody@example.jp>... User Unknown\nGiving up on 192.0.2.1.", "userunknown", "hard", NULL, NULL},
    {"qmail rcpthosts", "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", "norelaying", "soft", NULL, NULL},
    {"qmail no host", "Sorry, I couldn't find any host named example.invalid. (#5.1.2)", "hostunknown", "hard", NULL, NULL},
    {"qmail no mail exchanger", "Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)", "notaccept", "hard", NULL, NULL},
    {"qmail quota", "The users mailfolder is over the allowed quota (size). (#5.2.2)", "mailboxfull", "soft", NULL, NULL},
    {"qmail no connection", "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)\nI'm not going to try again; this message has been in the queue too long.", "networkerror", "soft", NULL, NULL},
    {"qmail HELO rejected", "Connected to 192.0.2.1 but my name was rejected.\nRemote host said: 501 5.0.0 Invalid domain name", "blocked", "soft", NULL, NULL},
    {"Courier unknown user after RCPT", ">>> RCPT TO:<nobody@example.jp>\n<<< 550 Unknown user nobody@example.jp", "userunknown", "hard", NULL, NULL},
    {"Courier no such domain", "No such domain.", "hostunknown", "hard", NULL, NULL},
    {"Dovecot quota", "552 5.2.2 <nobody@example.com> Quota exceeded (mailbox for user is full)", "mailboxfull", "soft", NULL, NULL},
    {"Dovecot LMTP", "452 4.2.2 <nobody@example.com> Mailbox is full", "mailboxfull", "soft", NULL, NULL},
    {"Domino", "User some.name (nobody@example.jp) not listed in Domino Directory", "userunknown", "hard", NULL, NULL},
    {"OpenSMTPD expired", "Envelope expired", "expired", "soft", NULL, NULL},
    {"OpenSMTPD no MX", "No MX found for domain", "notaccept", "hard", NULL, NULL},
    {"DragonFly Mail Agent", "Could not deliver for the last 432000 seconds. Giving up.", "expired", "soft", NULL, NULL},
    {"DragonFly DNS failure", "DNS lookup failure: host example.invalid not found", "hostunknown", "hard", NULL, NULL},

    /* ---- generic MTA texts ---- */
    {"RFC 3463 mailbox full", "452 4.2.2 Mailbox full", "mailboxfull", "soft", "retry", ""},
    {"over quota, no code", "Mailbox quota exceeded", "mailboxfull", "soft", NULL, ""},
    {"mailbox disabled", "550 5.2.1 Mailbox disabled, not accepting messages", "suspend", "soft", NULL, ""},
    {"account suspended", "550 5.2.1 This account has been suspended", "suspend", "soft", NULL, ""},
    {"virus", "550 5.7.1 Virus Detected; Content Rejected", "virusdetected", "soft", "fix-sender", ""},
    {"amavis spam", "554 5.7.0 Reject, id=12345-01 - SPAM", "spamdetected", "soft", NULL, ""},
    {"denied by policy", "550 5.7.1 Denied by policy", "policyviolation", "soft", NULL, ""},
    {"DKIM", "550 5.7.20 No passing DKIM signature found", "authfailure", "soft", NULL, ""},
    {"auth required", "530 5.7.0 Authentication required", "securityerror", "soft", NULL, ""},
    {"unauthenticated", "550 Unauthenticated senders not allowed", "securityerror", "soft", NULL, ""},
    {"too many connections", "421 4.7.0 Too many connections from your IP, try again later", "toomanyconn", "soft", NULL, ""},
    {"rate limited", "451 4.7.1 Rate limit exceeded, please slow down", "speeding", "soft", NULL, ""},
    {"system full", "452 4.3.1 Insufficient system storage", "systemfull", "soft", NULL, ""},
    {"local error", "451 4.3.0 Requested action aborted: local error in processing", "systemerror", "soft", "retry", ""},
    {"syntax", "501 5.5.4 Syntax error in parameters or arguments", "syntaxerror", "soft", NULL, ""},
    {"bad sequence", "503 5.5.1 Bad sequence of commands", "syntaxerror", "soft", NULL, ""},
    {"null MX code only", "556 5.1.10 Recipient address has null MX", "notaccept", "hard", NULL, ""},
    {"mailbox moved RFC 3463", "550 5.1.6 Destination mailbox has moved, No forwarding address", "hasmoved", "hard", NULL, ""},
    {"code only 5.1.1", "5.1.1", "userunknown", "hard", "suppress", ""},
    {"code only 550-5.1.1", "550-5.1.1", "userunknown", "hard", NULL, ""},
    {"code only 4.4.7", "4.4.7", "expired", "soft", "retry", ""},
    {"code only 5.7.1 is the sender", "550 5.7.1", "rejected", "soft", "fix-sender", ""},
    {"5.7.1 with a relay text", "550 5.7.1 Unable to relay", "norelaying", "soft", NULL, ""},
    {"success", "250 2.0.0 OK 1234567890 a1si2 - gsmtp", "delivered", "none", "none", NULL},
    {"auto-reply", "I am out of the office until Monday with limited access to email.", "vacation", "none", "none", ""},

    /* ---- more MTA and provider texts ---- */
    {"QQ mailbox unavailable", "550 Mailbox unavailable or access denied [MTA]", "suspend", "soft", NULL, "qq"},
    {"Japanese carrier user reject", "550 5.1.2 User reject", "filtered", "soft", NULL, NULL},
    {"SonicWall BATV", "550 5.7.1 BATV failed to verify", "rejected", "soft", "fix-sender", NULL},
    {"Postfix policy slower", "451 4.7.1 <mx.example.jp[192.0.2.2]>: Client host rejected: Please try again slower", "speeding", "soft", NULL, NULL},
    {"connection rate limit", "452 4.3.2 Connection rate limit exceeded. (in reply to MAIL FROM command)", "toomanyconn", "soft", NULL, NULL},
    {"Gmail illegal attachment", "552-5.7.0 Our system detected an illegal attachment on your message. Please\n552-5.7.0 visit http://mail.google.com/support/bin/answer.py?answer=6590 to review\n552 5.7.0 our attachment guidelines. - gsmtp", "policyviolation", "soft", NULL, "gmail"},
    {"Sendmail delay warning", "Deferred: 421 Warning: message still undelivered after 4 hours", "expired", "soft", NULL, NULL},
    {"Postfix delivery suspended", "delivery temporarily suspended: connect to mx.example.com[192.0.2.1]: server refused to talk to me: 421 Service not available", "blocked", "soft", NULL, NULL},
    {"sending quota", "550 5.4.5 Daily sending quota exceeded", "speeding", "soft", NULL, NULL},
    {"Sendmail mail.local", "mail.local: unknown user: nobody", "userunknown", "hard", NULL, NULL},
    {"Postfix via procmail", "procmail: Couldn't create \"/var/spool/mail/nobody\": No such user", "mailererror", "soft", NULL, NULL},
    {"Yahoo TSS09", "553 5.7.2 [TSS09] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes", "blocked", "soft", NULL, "yahoo"},
    {"Exchange group", "550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required", "rejected", "soft", NULL, "microsoft"},
    {"Exim no MX hosts", "all relevant MX records point to non-existent hosts", "hostunknown", "hard", NULL, NULL},
    {"Postfix HELO", "504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname", "blocked", "soft", NULL, NULL},
    {"5.7.9 alone", "554 5.7.9 Rejected", "securityerror", "soft", NULL, NULL},

    /* ---- older MTAs and regional providers ---- */
    {"X-HERMES mailbox full", "551 bounce as<the destination mailbox <nobody@example.com> is full> queue as 100.1.ZmxEL.720k.1140313037.nobody@example.com (in reply to end of DATA command)", "mailboxfull", "soft", NULL, NULL},
    {"Postfix local mailbox_size_limit", "cannot append message to destination file /var/mail/nobody: error writing message: File too large", "mailboxfull", "soft", NULL, NULL},
    {"Chinese provider user path", "450 user path no exist", "userunknown", "soft", NULL, NULL},
    {"Sina mailbox not found", "550 Mailbox ( nobody@example.cn ) not found or inactivated", "userunknown", "hard", NULL, NULL},
    {"21cn RCPT not OK", "550 Command RCPT User <nobody@example.cn> not OK", "userunknown", "hard", NULL, NULL},
    {"user not a member of domain", "550 User not a member of domain: <nobody@example.com>", "userunknown", "hard", NULL, NULL},
    {"user (address) unknown, no stage known", "550 User (nobody@example.com) unknown.", "filtered", "soft", NULL, NULL},
    {"recipient rejected", "550 <nobody@example.com> recipient rejected", "userunknown", "hard", NULL, NULL},
    {"user disabled", "550 user disabled", "suspend", "soft", NULL, NULL},
    {"disabled with MTA service", "550 <nobody> is now disabled with MTA service.", "suspend", "soft", NULL, NULL},
    {"Sendmail relaying prohibited", "550 relaying to <nobody@example.com> prohibited by administrator", "norelaying", "soft", NULL, NULL},
    {"RBL behind a mailbox code", "550 5.2.1 Mailbox unavailable. Your IP address 192.0.2.1 is blacklisted using RBL", "blocked", "soft", "fix-sender", NULL},
    {"Microsoft 5.7.708", "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.", "blocked", "soft", NULL, "microsoft"},
    {"Microsoft SendAsDenied", "554 5.2.252 SendAsDenied; bounce@example.com not allowed to send as nobody@example.com", "rejected", "soft", "fix-sender", "microsoft"},
    {"Symantec.cloud macros", "552 MS-Office file containing VBA macros found inside of the email", "virusdetected", "soft", NULL, NULL},
    {"only from specific addresses", "554 5.7.1 Your mail could not be delivered because the recipient is only accepting mail from specific email addresses", "filtered", "soft", NULL, NULL},
    {"prose 'mail from' is no MAIL FROM", "550 5.7.1 The recipient does not accept mail from you", "filtered", "soft", NULL, NULL},
    {"MAIL FROM in a transcript", ">>> MAIL From:<bounce@example.com> <<< 550 5.1.1 User unknown", "rejected", "soft", "fix-sender", NULL},

    /* ---- the address named inside the refusal ---- */
    {"user <address> does not exist", "550 User <nobody@example.com> does not exist", "userunknown", "hard", NULL, NULL},
    {"mailbox <address> does not exist", "550 5.1.1 Mailbox <nobody@example.com> does not exist", "userunknown", "hard", NULL, NULL},
    {"host does not exist (Exim)", "553 mx.example.invalid does not exist", "hostunknown", "hard", NULL, NULL},
    {"does not exist at the organization", "550 5.1.1 Account nobody@example.com does not exist at the organization this message was sent to", "userunknown", "hard", NULL, NULL},
    {"qmail validrcptto", "553 sorry, this recipient is not in my validrcptto list (#5.7.1)", "userunknown", "hard", NULL, NULL},
    {"vpopmail", "vdeliver: Invalid or unknown virtual user 'nobody'", "userunknown", "hard", NULL, NULL},
    {"Gmail notice in German", "Ihre Nachricht wurde nicht an nobody@example.com zugestellt, weil die Adresse nicht gefunden wurde oder keine E-Mails empfangen kann.", "userunknown", "hard", NULL, "gmail"},
    {"French MTA", "550 5.1.1 Utilisateur inconnu !", "userunknown", "hard", NULL, NULL},

    /* ---- the sender refused ---- */
    {"BATV", "550 5.7.1 BATV failed to verify", "rejected", "soft", "fix-sender", NULL},
    {"Amazon SES unverified sender", "554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: bounce@example.com", "rejected", "soft", NULL, NULL},
    {"McAfee BounceDeny", "550 Denied [BounceDeny] (Mode: normal)", "rejected", "soft", NULL, NULL},
    {"MailMarshal rule", "550 Rule imposed mailbox access for nobody@example.com refused: sender not allowed", "rejected", "soft", NULL, NULL},

    /* ---- the sending host refused, content judged spam ---- */
    {"Exim dnslists black list", "550 Rejected because 192.0.2.1 is in a black list at zen.spamhaus.org", "blocked", "soft", "fix-sender", NULL},
    {"Outlook.com not accepting from IP", "550 SC-001 (BAY0-MC1-F1) Unfortunately, messages from 192.0.2.1 weren't sent. Our system is not currently accepting mail from your IP", "blocked", "soft", NULL, "microsoft"},
    {"Sendmail open proxy", "550 5.7.1 Rejecting open proxy 192.0.2.1", "blocked", "soft", NULL, NULL},
    {"Free.fr spam volume", "550 5.7.1 too many spams from your IP (192.0.2.1)", "blocked", "soft", NULL, NULL},
    {"URIBL", "550 5.7.1 Your email breaches local URIBL policy", "spamdetected", "soft", NULL, NULL},
    {"content filter rejection", "550 5.7.1 Message cannot be accepted, content filter rejection", "spamdetected", "soft", NULL, NULL},
    {"spam or virus", "554 5.7.1 Message contains spam or virus", "spamdetected", "soft", NULL, NULL},
    {"Cyren RPD", "550 This message was rejected by Recurrent Pattern Detection System", "spamdetected", "soft", NULL, NULL},

    /* ---- recipient's filter ---- */
    {"user rules", "550 5.7.1 Message rejected due to user rules", "filtered", "soft", NULL, NULL},
    {"not accepting any mail", "550 5.7.1 nobody@example.com is not accepting any mail", "filtered", "soft", NULL, NULL},

    /* ---- mailbox full, policy, network, system, expiry, security ---- */
    {"NTT docomo too much data", "552 too much mail data", "mailboxfull", "soft", NULL, NULL},
    {"quota violation", "552 5.2.2 Quota violation for nobody@example.com", "mailboxfull", "soft", NULL, NULL},
    {"AOL attachments", "554 5.7.1 Your mail could not be delivered because the recipient is not accepting mail with attachments or embedded images.", "policyviolation", "soft", NULL, NULL},
    {"Mailman members-only", "Post by non-member to a members-only list", "policyviolation", "soft", NULL, NULL},
    {"Postfix DNS try again", "Host or domain name not found. Name service error for name=example.com type=MX: Host not found, try again", "networkerror", "soft", NULL, NULL},
    {"Postfix forwarding loop", "mail forwarding loop for nobody@example.com", "networkerror", "soft", NULL, NULL},
    {"Postfix loop, no code", "mail for example.com loops back to myself", "networkerror", "soft", NULL, NULL},
    {"Sendmail aliasing loop", "554 5.0.0 aliasing/forwarding loop broken", "systemerror", "soft", NULL, NULL},
    {"Postfix queue file", "451 4.3.0 Error: queue file write error", "systemerror", "soft", NULL, NULL},
    {"qmail giving up", "I'm not going to try again; this message has been in the queue too long. Giving up on 192.0.2.1.", "expired", "soft", NULL, NULL},
    {"Exim hosts failing", "retry time not reached for any host after a long failure period; all hosts have been failing for a long time", "expired", "soft", NULL, NULL},
    {"SES not authorized", "User arn:aws:iam::123:user/x is not authorized to perform ses:SendRawEmail on resource arn:aws:ses:us-east-1:123:identity/example.com", "securityerror", "soft", NULL, NULL},
    {"mail receiving disabled", "550 5.7.1 Mail receiving disabled", "notaccept", "hard", NULL, NULL},

    /* ---- PTR, relaying, connection and rate limits ---- */
    {"generic PTR records", "550 5.7.1 We do not accept mail from hosts with dynamic IP or generic DNS PTR-records", "requireptr", "soft", NULL, NULL},
    {"custom reverse DNS", "554 Please get a custom reverse DNS name from your ISP for your host 192.0.2.1", "requireptr", "soft", NULL, NULL},
    {"not a gateway", "550 5.7.1 <nobody@example.com>... we are not a gateway", "norelaying", "soft", NULL, NULL},
    {"MailEnable relay", "530 This mail server requires authentication when attempting to send to a non-local e-mail address. Please check your mail client settings", "norelaying", "soft", NULL, NULL},
    {"Sendmail sessions", "421 4.3.2 Too many SMTP sessions for this host", "toomanyconn", "soft", NULL, NULL},
    {"SES daily quota", "454 Throttling failure: Daily message quota exceeded.", "speeding", "soft", "fix-sender", NULL},
    {"cPanel hourly limit", "550 Domain example.com has exceeded the max emails per hour (100/100 (100%)) allowed. Message discarded.", "speeding", "soft", NULL, NULL},

    /* ---- size, content, authentication, local delivery ---- */
    {"Postfix file too big, no code", "552 Error: message file too big", "mesgtoobig", "soft", NULL, NULL},
    {"inbound size", "552 Message exceeded maximum inbound message size", "mesgtoobig", "soft", NULL, NULL},
    {"Exchange header size", "552 5.3.4 Message header size, or recipient list, exceeds policy limit", "contenterror", "soft", NULL, NULL},
    {"virus or spam content", "554 5.7.1 The message was rejected because it contains prohibited virus or spam content", "virusdetected", "soft", NULL, NULL},
    {"Outlook.com 5.7.515", "550 5.7.515 Access denied, sending domain example.com doesn't meet the required authentication level.", "authfailure", "soft", NULL, "microsoft"},
    {"pipe exit", "Command died with status 1: \"/usr/bin/filter || exit 75\"", "mailererror", "soft", NULL, NULL},
    {"address replaced", "550 5.1.6 nobody@example.com has been replaced by somebody@example.org", "hasmoved", "hard", NULL, NULL},

    /* ---- qmail-ldap and Exim's own texts ---- */
    {"qmail-ldap disabled", "Mailaddress is administratively disabled. (#5.2.1)", "suspend", "soft", NULL, NULL},
    {"qmail-ldap LDAP down", "Unable to contact LDAP server. (#4.4.3)", "systemerror", "soft", NULL, NULL},
    {"qmail-ldap size", "The message exeeded the maximum size the user accepts. (#5.2.3)", "exceedlimit", "soft", NULL, NULL},
    {"Exim host lookups", "all host address lookups failed permanently", "hostunknown", "hard", NULL, NULL},
    {"Exim pipe forbidden", "delivery to pipe forbidden", "systemerror", "soft", NULL, NULL},
    {"Exim frozen", "Message 1abcde-000001-AB has been frozen by the system filter.", "expired", "soft", NULL, NULL},
    {"Exim delay reason with a cause", "Delay reason: SMTP error from remote mail server after MAIL FROM:<bounce@example.com> SIZE=1024: 450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]", "requireptr", "soft", NULL, NULL},

    /* ---- refused at the greeting ---- */
    {"Postfix refused to talk", "host mx.example.com[192.0.2.1] refused to talk to me: 554 mx.example.com ESMTP not accepting messages", "blocked", "soft", "fix-sender", NULL},

    /* ---- Exchange 2003/2007 and Domino ---- */
    {"Exchange 2003 unknown recipient", "MSEXCH:IMS:EXAMPLE:SITE:EXCHANGE 0 (000C05A6) Unknown Recipient", "userunknown", "hard", NULL, "microsoft"},
    {"Exchange 2003 no AUTH", "MSEXCH:IMS:EXAMPLE:SITE:EXCHANGE 0 (000B0981) 502 Server does not support AUTH", "securityerror", "soft", NULL, "microsoft"},
    {"Exchange MX loopback", "554 5.4.4 SMTPSEND.DNS.MxLoopback; DNS records for the destination computer are misconfigured", "networkerror", "soft", NULL, "microsoft"},
    {"Domino in Spanish", "nobody@example.com no se encuentra en el Directorio de Domino", "userunknown", "hard", NULL, NULL},
    {"Domino several matches", "Several matches found in Domino Directory", "systemerror", "soft", NULL, NULL},
    {"au / ezweb limited", "The user(s) account is temporarily limited.", "suspend", "soft", NULL, "kddi"},

    /* ---- Gmail's older notices: the SMTP state in parentheses ---- */
    {"Gmail state 18 (after DATA)", "The error that the other server returned was: 550 550 Unknown user nobody@example.jp (state 18).", "filtered", "soft", NULL, NULL},
    {"Gmail state 14 (RCPT TO)", "The error that the other server returned was: 550 550 5.2.1 <nobody@example.jp>... User Unknown (state 14).", "userunknown", "hard", NULL, NULL},
    {"Gmail DNS no data", "DNS Error: DNS server returned answer with no data", "hostunknown", "hard", NULL, "gmail"},

    /* ---- OpenSMTPD, Courier, Lotus Notes ---- */
    {"OpenSMTPD no route", "No valid route to remote MX", "networkerror", "soft", NULL, NULL},
    {"OpenSMTPD rejects all", "Destination seem to reject all mails", "notaccept", "hard", NULL, NULL},
    {"Courier DNS", "This domain's DNS violates RFC 1035.", "systemerror", "soft", NULL, NULL},
    {"Notes hop count", "Message has exceeded maximum hop count", "networkerror", "soft", NULL, NULL},

    /* ---- Symantec Email Security.cloud (MessageLabs) ---- */
    {"Symantec reputation", "501 Connection rejected by policy [7.7] 20805, please visit www.messagelabs.com/support for more details about this error message.", "badreputation", "soft", NULL, NULL},
    {"Symantec TLS", "451 TLS/SSLv3 Connection required. (#4.7.1)", "failedstarttls", "soft", NULL, NULL},
    {"Symantec domain blocked", "553 Sorry, your domain has been blocked", "rejected", "soft", NULL, NULL},
    {"Symantec invalid mailbox", "553 Recipient mailbox is not allowed", "userunknown", "hard", NULL, NULL},

    /* ---- Exchange Online NDR reference ---- */
    {"Exchange Online 5.7.133", "550 5.7.133 Sender not authenticated for group", "rejected", "soft", NULL, "microsoft"},
    {"Exchange Online 5.7.12", "550 5.7.12 Sender was not authenticated by organization", "rejected", "soft", NULL, "microsoft"},
    {"Exchange Online DANE", "550 5.7.323 tlsa-invalid: The domain failed DANE validation.", "failedstarttls", "soft", NULL, "microsoft"},
    {"Exchange Online submission quota", "554 5.2.2 Submission quota exceeded", "speeding", "soft", "fix-sender", "microsoft"},
    {"Exchange Online receive limit", "550 5.2.122 The recipient has exceeded their limit for the number of messages they can receive per hour.", "speeding", "soft", NULL, "microsoft"},
    {"Exchange Online banned recipient", "550 5.7.505 Access denied, banned recipient", "suspend", "soft", NULL, "microsoft"},
    {"Exchange Online try later", "451 4.7.550 Access denied, please try again later", "blocked", "soft", NULL, "microsoft"},
    {"Outlook.com RP-001", "421 RP-001 (BAY004-MC1F5) Unfortunately, some messages from 192.0.2.1 weren't sent. Please try again.", "badreputation", "soft", NULL, "microsoft"},

    /* ---- Google's SMTP error reference ---- */
    {"Gmail 4.7.27 SPF", "421-4.7.27 Your email has been rate limited because SPF authentication didn't pass for this message. Gmail requires all bulk email senders to authenticate their email with SPF. - gsmtp", "authfailure", "soft", NULL, "gmail"},
    {"Gmail 4.7.29 TLS", "421-4.7.29 Your email has been rate limited because this message wasn't sent over a TLS connection. Gmail requires all bulk email senders to use TLS/SSL for SMTP connections. - gsmtp", "failedstarttls", "soft", NULL, "gmail"},
    {"Gmail 4.7.23 PTR", "421-4.7.23 The sending IP address for this message doesn't have a PTR record, or the PTR record's forward DNS entry doesn't match the sending IP address. - gsmtp", "requireptr", "soft", NULL, "gmail"},
    {"Gmail no Message-ID", "550-5.7.1 Messages missing a valid Message-ID: header are not accepted. - gsmtp", "notcompliantrfc", "soft", NULL, "gmail"},
    {"Gmail HELO invalid", "501-5.5.4 HELO/EHLO argument is invalid. - gsmtp", "blocked", "soft", NULL, "gmail"},
    {"Workspace relay credentials", "550-5.7.1 Invalid credentials for relay [192.0.2.1]. The IP address you've registered in your Workspace SMTP Relay service doesn't match the domain of the account this email is being sent from. - gsmtp", "norelaying", "soft", NULL, "gmail"},
    {"Gmail same Message-ID", "421-4.7.28 Gmail has detected this message exceeded its quota for sending messages with the same Message-ID:. - gsmtp", "policyviolation", "soft", NULL, "gmail"},

    /* ---- Orange / La Poste codes, Yahoo, iCloud ---- */
    {"Orange invalid sender", "501 5.1.0 Emetteur invalide. Invalid Sender. OFR004_405 [405]", "rejected", "soft", NULL, "orange"},
    {"Orange service refused", "421 4.2.0 Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR005_505 [505]", "systemerror", "soft", NULL, "orange"},
    {"Orange too many connections", "421 mwinf5c79 ME Trop de connexions, veuillez verifier votre configuration. Too many connections, slow down. OFR005_104 [104]", "toomanyconn", "soft", NULL, "orange"},
    {"La Poste SPF", "550 5.5.0 SPF: example.com is not allowed to send mail. LPN004_401", "authfailure", "soft", NULL, "orange"},
    {"La Poste archived", "550 5.5.0 Boite du destinataire archivee. Archived recipient. LPN007_420", "suspend", "soft", NULL, "orange"},
    {"Yahoo unauthenticated", "550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM.", "authfailure", "soft", NULL, "yahoo"},
    {"Yahoo headers", "554 5.7.9 Message not accepted because headers are not RFC compliant", "notcompliantrfc", "soft", NULL, "yahoo"},
    {"iCloud SPF and DKIM", "554 5.7.1 [HME1] This message was blocked for failing both SPF and DKIM authentication checks. See https://support.apple.com/en-us/HT204137", "authfailure", "soft", NULL, "icloud"},
    {"iCloud moved", "550 5.1.6 recipient no longer on server: nobody@icloud.com", "hasmoved", "hard", NULL, "icloud"},

    /* ---- Cox, Spectrum, GoDaddy, QQ codes ---- */
    {"Cox CXDNS", "554 AUP#CXDNS Reverse DNS lookup failed for 192.0.2.1 https://www.cox.com/residential/support/cox-postmaster-email-administration.html", "requireptr", "soft", NULL, "cox"},
    {"Cox CXSNDR", "550 5.7.1 AUP#CXSNDR https://www.cox.com/residential/support/cox-postmaster-email-administration.html", "authfailure", "soft", NULL, "cox"},
    {"Spectrum IPv6", "550 AUP#In-1260 Spectrum does not process IPv6 addresses", "networkerror", "soft", NULL, "spectrum"},
    {"Spectrum outgoing size", "552 AUP#Out-1530 Your email was rejected because it's larger than the maximum size of 20MB", "mesgtoobig", "soft", NULL, "spectrum"},
    {"Spectrum reverse DNS", "550 AUP#In-1120 full circle DNS required", "requireptr", "soft", NULL, "spectrum"},
    {"GoDaddy blank From", "550 jane@example.com Blank From: addresses are not allowed. Provide a valid From. IB501", "notcompliantrfc", "soft", NULL, "godaddy"},
    {"GoDaddy reverse DNS", "421 Temporarily rejected. Reverse DNS for this IP failed. IB108", "requireptr", "soft", NULL, "godaddy"},
    {"GoDaddy CSI reputation", "554 Connection refused. This IP has a poor reputation on Cloudmark Sender Intelligence (CSI). IB103", "badreputation", "soft", NULL, "godaddy"},
    {"QQ spam IP", "550 Suspected spam ip, please try again later", "blocked", "soft", NULL, "qq"},

    /* ---- Mimecast, Facebook, i.ua codes ---- */
    {"Mimecast SPF", "550 SPF Sender Invalid - envelope rejected - https://community.mimecast.com/docs/DOC-1369#550", "authfailure", "soft", NULL, "mimecast"},
    {"Mimecast TLS", "553 This route requires encryption (TLS) - https://community.mimecast.com/docs/DOC-1369#553", "failedstarttls", "soft", NULL, "mimecast"},
    {"Mimecast inbounds disabled", "451 Account inbounds disabled - https://community.mimecast.com/docs/DOC-1369#451", "notaccept", "soft", NULL, "mimecast"},
    {"Facebook DNS-P3", "550 DNS-P3 http://postmaster.facebook.com/response_codes?ip=192.0.2.1#dns Your mail server does not have a reverse DNS record", "requireptr", "soft", NULL, "facebook"},
    {"Facebook RCP-P3", "550 5.1.1 RCP-P3 http://postmaster.facebook.com/response_codes?ip=192.0.2.1#rcp", "filtered", "soft", NULL, "facebook"},
    {"i.ua unused mailbox", "550 Mailbox is frozen. See http://mail.i.ua/err/3/", "suspend", "soft", NULL, NULL},
    {"i.ua sending limit", "550 5 Letter sending limit is exceeded. See http://mail.i.ua/err/5/", "speeding", "soft", NULL, NULL},

    /* ---- regional providers and older MTAs, more ---- */
    {"au / KDDI relay error", "Could not be delivered to: <nobody@ezweb.ne.jp> Due to the following SMTP relay error", "norelaying", "soft", NULL, "kddi"},
    {"IMail final delivery", "Invalid final delivery userid: nobody@example.com", "userunknown", "hard", NULL, NULL},
    {"1&1 size limit", "Mail size limit exceeded. For explanation visit http://postmaster.1and1.com/en/error-messages?ip=192.0.2.1", "mesgtoobig", "soft", NULL, NULL},
    {"Messaging Server bad host", "Illegal host/domain name found", "hostunknown", "hard", NULL, NULL},
    {"Cloudflare DNSBL", "550 5.7.1 Sending IP 192.0.2.1 found on one or more DNSBLs, see https://developers.cloudflare.com/email-routing/postmaster/", "blocked", "soft", NULL, NULL},

    {"SparkPost IP in black list", "550 MAIL REFUSED - IP (192.0.2.1) is in black list", "blocked", "soft", "fix-sender", NULL},

    /* ---- fml ---- */
    {"fml not a member", "You are not a member of this mailing list <list@example.org>.", "rejected", "soft", NULL, NULL},
    {"fml loop alert", "Loop Alert: Duplicated Message-ID (list ML)", "systemerror", "soft", NULL, NULL},

    /* ---- au / KDDI: the address named or left out ---- */
    {"au/KDDI RCPT TO, missing mailbox", "550 <nobody@ezweb.ne.jp>: User unknown", "userunknown", "hard", "suppress", "kddi"},
    {"au/KDDI via Exim, after RCPT TO", "SMTP error from remote mail server after RCPT TO:<nobody@ezweb.ne.jp>: host lsean.ezweb.ne.jp [192.0.2.1]: 550 <nobody@ezweb.ne.jp>: User unknown", "userunknown", "hard", NULL, "kddi"},
    {"au/KDDI via Exim, filter after DATA", "SMTP error from remote mail server after end of data: host lsean.ezweb.ne.jp [192.0.2.1]: 550 : User unknown", "filtered", "soft", NULL, "kddi"},

    /* ---- a notice's fixed words, no reason ---- */
    {"Postfix notice without report", "This is the mail system at host mx.example.net. I'm sorry to have to inform you that your message could not be delivered to one or more recipients. It's attached below. --- Delivery report unavailable ---", "undefined", "soft", NULL, NULL},
    {"Postfix notice with a reply", "I'm sorry to have to inform you that your message could not be delivered to one or more recipients. <nobody@example.com>: host mx.example.com[192.0.2.1] said: 552 5.2.2 Mailbox full", "mailboxfull", "soft", NULL, NULL},

    /* ---- codes inside the text ---- */
    {"code after #", "550 Unrouteable address #5.1.2", "hostunknown", "hard", NULL, NULL},
    {"code in parentheses", "Message rejected (5.1.1) no such recipient", "userunknown", "hard", NULL, NULL},
    {"code in brackets", "smtp; 554 [5.7.1] Message rejected as spam", "spamdetected", "soft", NULL, NULL},
    {"code after provider prefix", "host gmail-smtp-in.l.google.com[192.0.2.1] said: 550-5.1.1 The email account that you tried to reach does not exist.", "userunknown", "hard", NULL, "gmail"},
    {"diagnostic type prefix", "smtp; 550 5.1.1 <nobody@example.com>... User unknown", "userunknown", "hard", NULL, NULL},
    {"X-Unix diagnostic", "X-Unix; 255", "mailererror", "soft", NULL, NULL},
    /* a mailer's <sysexits.h> status names the cause */
    {"X-Unix EX_NOPERM", "X-Unix; 77", "systemerror", "soft", NULL, NULL},
    {"X-Unix EX_CANTCREAT", "X-Unix; 73", "systemerror", "soft", NULL, NULL},
    {"X-Unix EX_NOUSER", "X-Unix; 67", "userunknown", "hard", NULL, NULL},
    {"X-Unix EX_SOFTWARE (70): the program's own failure", "X-Unix; 70", "mailererror", "soft", NULL, NULL},
};

static void test_table(void)
{
    size_t n = sizeof cases / sizeof cases[0];
    BK_CHECK(n >= 150);
    for (size_t i = 0; i < n; i++) {
        const reply_case *c = &cases[i];
        bk_reply_info r;
        int err = bk_reply_classify(c->text, strlen(c->text), &r);
        if (err != BK_OK) {
            BK_CHECK_STR_AT(c->seen, "BK_OK", bk_strerror(err));
            continue;
        }
        BK_CHECK_STR_AT(c->seen, c->reason, bk_reason_name(r.reason));
        BK_CHECK_STR_AT(c->seen, c->bounce, bk_bounce_name(r.bounce));
        if (c->decision != NULL)
            BK_CHECK_STR_AT(c->seen, c->decision, bk_decision_name(r.decision));
        if (c->provider != NULL)
            BK_CHECK_STR_AT(c->seen, c->provider, r.provider);
    }
}

/* The same replies through bk_reply_classify_parts() with the codes given
 * separately, as a bounce decoder passes them: same reason. */
static void test_parts_agree(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const reply_case *c = &cases[i];
        int rc, hs;
        bk_status st;
        bk_reply_find_codes(c->text, strlen(c->text), &rc, &st, &hs);
        bk_reply_info a, b;
        if (bk_reply_classify(c->text, strlen(c->text), &a) != BK_OK)
            continue;
        BK_CHECK_INT(BK_OK, bk_reply_classify_parts(rc, hs ? &st : NULL, c->text,
                                                    strlen(c->text), &b));
        BK_CHECK_STR_AT(c->seen, bk_reason_name(a.reason), bk_reason_name(b.reason));
    }
}

/* Every rule id is reported only for text decisions and is never empty
 * then; the provider is always a string. */
static void test_rule_and_provider_fields(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const reply_case *c = &cases[i];
        bk_reply_info r;
        if (bk_reply_classify(c->text, strlen(c->text), &r) != BK_OK)
            continue;
        BK_CHECK(r.provider != NULL && r.rule != NULL && r.summary != NULL);
        if (r.basis == BK_BASIS_TEXT && r.reason != BK_REASON_REJECTED &&
            r.reason != BK_REASON_BLOCKED)
            BK_CHECK(r.rule[0] != '\0');
    }
}

/* The Gmail 5.2.1 pair of the issue: one code, two reasons. */
static void test_gmail_521_pair(void)
{
    const char *inactive = "550 5.2.1 The email account that you tried to reach is inactive.";
    const char *rate = "550 5.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.";
    bk_reply_info a, b;
    BK_CHECK_INT(BK_OK, bk_reply_classify(inactive, strlen(inactive), &a));
    BK_CHECK_INT(BK_OK, bk_reply_classify(rate, strlen(rate), &b));
    BK_CHECK_INT(BK_REASON_SUSPEND, a.reason);
    BK_CHECK_INT(BK_REASON_SPEEDING, b.reason);
    BK_CHECK_INT(BK_BASIS_TEXT, a.basis);
    BK_CHECK_INT(BK_BASIS_TEXT, b.basis);
}

/* bk_text_reason() sees the same rules without codes. */
static void test_text_reason(void)
{
    bk_reason r;
    const char *prov;
    const char *t = "This user doesn't have a yahoo.com account";
    BK_CHECK_INT(BK_OK, bk_text_reason(t, strlen(t), &r, &prov));
    BK_CHECK_INT(BK_REASON_USERUNKNOWN, r);
    BK_CHECK_STR("yahoo", prov);
    /* the command the text names counts here too */
    t = "550 User unknown (in reply to end of DATA command)";
    BK_CHECK_INT(BK_OK, bk_text_reason(t, strlen(t), &r, &prov));
    BK_CHECK_INT(BK_REASON_FILTERED, r);
    t = "User unknown";
    BK_CHECK_INT(BK_OK, bk_text_reason(t, strlen(t), &r, &prov));
    BK_CHECK_INT(BK_REASON_USERUNKNOWN, r);
    t = "nothing to see here";
    BK_CHECK_INT(BK_OK, bk_text_reason(t, strlen(t), &r, &prov));
    BK_CHECK_INT(BK_REASON_UNDEFINED, r);
    BK_CHECK_STR("", prov);
}

/* The rule table itself: every rule says where its text was seen, names a
 * real reason, and no two rules share an id or a pattern. */
static void test_rule_table(void)
{
    BK_CHECK(bk__reply_rules_count >= 500);
    for (size_t i = 0; i < bk__reply_rules_count; i++) {
        const bk_reply_rule *r = &bk__reply_rules[i];
        BK_CHECK(r->id != NULL && r->id[0] != '\0');
        BK_CHECK(r->pattern != NULL && r->pattern[0] != '\0');
        if (r->seen == NULL || r->seen[0] == '\0')
            BK_CHECK_STR_AT(r->id, "a source", "");
        BK_CHECK((unsigned)r->reason < BK_REASON__COUNT);
        if (r->provider != NULL)
            BK_CHECK(r->provider[0] != '\0');
        for (size_t k = 0; k < i; k++)
            if (strcmp(bk__reply_rules[k].pattern, r->pattern) == 0)
                BK_CHECK_STR_AT(r->id, "a pattern of its own", bk__reply_rules[k].id);
    }
    for (size_t i = 0; i < bk__provider_rules_count; i++)
        BK_CHECK(bk__provider_rules[i].provider[0] != '\0');
    /* Each rule's own pattern, as text, is classified by that rule or by
     * an earlier, more specific one: no rule is unreachable because a
     * later rule always shadows it. */
    for (size_t i = 0; i < bk__reply_rules_count; i++) {
        const bk_reply_rule *r = &bk__reply_rules[i];
        if (strchr(r->pattern, '*') != NULL || (r->flags & BK_RULE_TRANSIENT_ONLY))
            continue;
        bk_reason got;
        const char *prov;
        BK_CHECK_INT(BK_OK, bk_text_reason(r->pattern, strlen(r->pattern), &got, &prov));
        if (r->reason == BK_REASON_UNDEFINED)
            BK_CHECK_STR_AT(r->id, "undefined", bk_reason_name(got));
        else
            BK_CHECK(got != BK_REASON_UNDEFINED);
    }
}

/* Replies as a bounce decoder passes them: a DSN's Status field apart
 * from the reply text, often only a generic 5.0.0. */
static void test_dsn_status(void)
{
    static const struct {
        const char *seen;
        int rc;
        const char *status; /* NULL: none */
        const char *text;
        const char *reason;
    } T[] = {
        {"au/KDDI, Status 5.0.0, address named", 550, "5.0.0", "550 <nobody@ezweb.ne.jp>: User unknown", "userunknown"},
        {"au/KDDI, Status 5.0.0, address left out", 550, "5.0.0", "550 : User unknown", "filtered"},
        {"generic user unknown, Status 5.0.0", 550, "5.0.0", "550 Unknown user nobody@example.jp", "filtered"},
        {"generic user unknown, no Status", 550, NULL, "550 Unknown user nobody@example.jp", "filtered"},
        {"Postfix notice only", 0, NULL, "This is the mail system at host mx.example.net. I'm sorry to have to inform you that your message could not be delivered to one or more recipients.", "undefined"},
        {"Postfix notice, Status 5.2.2", 0, "5.2.2", "I'm sorry to have to inform you that your message could not be delivered to one or more recipients.", "mailboxfull"},
        {"Postfix notice, reply code 552", 552, NULL, "I'm sorry to have to inform you that your message could not be delivered to one or more recipients.", "mailboxfull"},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        bk_status st;
        if (T[i].status != NULL)
            BK_CHECK_INT(BK_OK, bk_status_parse(T[i].status, strlen(T[i].status), &st));
        bk_reply_info r;
        BK_CHECK_INT(BK_OK, bk_reply_classify_parts(T[i].rc, T[i].status ? &st : NULL, T[i].text,
                                                    strlen(T[i].text), &r));
        BK_CHECK_STR_AT(T[i].seen, T[i].reason, bk_reason_name(r.reason));
    }
}

static const bk_test_case tests[] = {
    {"replies_rule_table", test_rule_table},
    {"replies_table", test_table},
    {"replies_parts_agree", test_parts_agree},
    {"replies_rule_and_provider_fields", test_rule_and_provider_fields},
    {"replies_gmail_521_pair", test_gmail_521_pair},
    {"replies_text_reason", test_text_reason},
    {"replies_dsn_status", test_dsn_status},
    {NULL, NULL},
};
BK_TEST_MAIN(tests)
