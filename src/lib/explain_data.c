/*
 * explain_data.c - explanations, in our own words.  See explain_data.h for
 * how an entry is chosen.
 *
 * The table is in four parts, each in a fixed order so entries are easy to
 * find and review:
 *
 *   1. one entry per reason (no code, no provider): the general advice,
 *      which must fit the decision bk_reason_decision() gives that reason;
 *   2. one entry per code of the IANA enhanced status registry, keyed by
 *      the code and by the reason status.c assigns to it ("X.1.1"), split
 *      into "5.S.D" and "4.S.D" where a temporary reply calls for other
 *      advice (the address reasons: hard when permanent, retried when
 *      transient), plus a few success codes;
 *   3. one entry per subject ("X.1", "5.1" ...) for well-formed codes the
 *      registry does not list, keyed by the reason status.c gives the
 *      subject;
 *   4. provider entries: what the big mailbox providers mean by their own
 *      replies and what they require.  A provider entry without a code only
 *      wins when no code entry of the same reason fits, so where a provider
 *      uses a registry code for the same reason the entry carries the code.
 *
 * Finally one fallback for any reason.  Unlisted array slots are NULL: the
 * causes and fixes lists end at the first NULL.
 */
#include "explain_data.h"

#define R(name) BK_REASON_##name
#define ANY BK_REASON__COUNT

const char *const bk__reason_descriptions[BK_REASON__COUNT] = {
    [BK_REASON_UNDEFINED] = "The failure could not be tied to a known cause.",
    [BK_REASON_USERUNKNOWN] = "The recipient's mailbox does not exist at the destination.",
    [BK_REASON_HOSTUNKNOWN] =
        "The recipient's domain does not exist or has no server that receives mail for it.",
    [BK_REASON_HASMOVED] =
        "The recipient has moved to another address; the old one no longer receives mail.",
    [BK_REASON_NOTACCEPT] =
        "The destination does not accept email at all (a null MX, or a host that refuses all mail).",
    [BK_REASON_MAILBOXFULL] = "The recipient's mailbox is over its storage quota.",
    [BK_REASON_SUSPEND] =
        "The recipient's mailbox exists but is disabled, suspended or inactive.",
    [BK_REASON_EXCEEDLIMIT] =
        "The message breaks a limit set for the recipient, such as a per-mailbox size limit or a "
        "cap on recipients.",
    [BK_REASON_MESGTOOBIG] = "The message is larger than the receiving system accepts.",
    [BK_REASON_FILTERED] =
        "A filter on the recipient's side (set by the user or the domain) refused the message.",
    [BK_REASON_REJECTED] =
        "The envelope sender (the MAIL FROM address or its domain) was refused.",
    [BK_REASON_BLOCKED] =
        "The sending host or IP address is blocked, for example by a blocklist or for a missing "
        "or generic host name.",
    [BK_REASON_SPAMDETECTED] = "The receiving side judged the message to be spam.",
    [BK_REASON_VIRUSDETECTED] =
        "The receiving side found malware or a dangerous attachment in the message.",
    [BK_REASON_POLICYVIOLATION] =
        "The message broke a local policy of the receiving site (content, attachments, who may "
        "write to whom).",
    [BK_REASON_AUTHFAILURE] =
        "The message failed sender authentication: SPF, DKIM or DMARC did not pass.",
    [BK_REASON_REQUIREPTR] =
        "The sending IP address has no reverse DNS (PTR) name, or one that does not match.",
    [BK_REASON_BADREPUTATION] =
        "The sending IP address or domain has too poor a reputation for the receiver to accept "
        "its mail now.",
    [BK_REASON_SPEEDING] =
        "The sender went over a rate limit: too many messages in too short a time.",
    [BK_REASON_TOOMANYCONN] =
        "The sender opened more simultaneous connections than the receiving server allows.",
    [BK_REASON_NORELAYING] =
        "The server refused to relay: it does not handle the recipient's domain and the sender "
        "may not relay through it.",
    [BK_REASON_SECURITYERROR] =
        "A security requirement of the receiving side was not met (login, encryption or another "
        "security policy).",
    [BK_REASON_FAILEDSTARTTLS] =
        "An encrypted connection (STARTTLS) was required but could not be set up.",
    [BK_REASON_SYSTEMERROR] = "The receiving mail system failed or is misconfigured.",
    [BK_REASON_SYSTEMFULL] =
        "The receiving mail system has run out of disk space or another resource.",
    [BK_REASON_NETWORKERROR] =
        "A network, routing or DNS problem kept the message from reaching the destination.",
    [BK_REASON_EXPIRED] =
        "The message could not be delivered within the retry period and the sending server gave "
        "up.",
    [BK_REASON_CONTENTERROR] =
        "The receiving side could not accept the message's format, encoding or content type.",
    [BK_REASON_NOTCOMPLIANTRFC] =
        "The message breaks the email format standards (RFC 5322 and related), such as duplicate "
        "or missing headers.",
    [BK_REASON_SYNTAXERROR] =
        "The SMTP conversation contained a command or argument the server did not understand or "
        "accept.",
    [BK_REASON_MAILERERROR] =
        "A local delivery program (a mailer, pipe or script) on the receiving host failed.",
    [BK_REASON_ONHOLD] =
        "The cause is not decided yet: the bounce needs another look before acting on it.",
    [BK_REASON_DELIVERED] = "The message was accepted or delivered; this is not a failure.",
    [BK_REASON_VACATION] =
        "An automatic reply such as an out-of-office notice; the message was delivered.",
    [BK_REASON_FEEDBACK] =
        "A complaint: the recipient reported the message as spam through a feedback loop.",
};

const bk_explanation bk__explanations[] = {
    /* ====================================================================
     * 1. Reasons
     * ==================================================================== */
    {R(UNDEFINED), NULL, NULL,
     "The receiving side reported a failure without saying why, and neither the codes nor the "
     "text name a cause. Treat it as temporary until it repeats.",
     {"A server that returns generic codes such as 550 or 5.0.0 with little text",
      "A reply cut short or rewritten by a relay on the way",
      "A local rule on the receiving side that does not explain itself"},
     {"Read the full reply text: it often names the real problem",
      "Let the normal retry schedule run",
      "If the same address fails the same way on several sends, stop mailing it",
      "Ask the recipient's postmaster if the failures continue"}},

    {R(USERUNKNOWN), NULL, NULL,
     "The recipient's mailbox does not exist on the receiving server: the domain works, the "
     "local part does not. As a permanent reply this is a hard bounce; as a temporary (4xx) reply "
     "the server could not confirm the address right now.",
     {"The address was mistyped when it was entered",
      "The account was deleted or closed, for example after an employee left",
      "The address never existed (bought, scraped or made-up addresses)",
      "A catch-all on the domain was turned off, exposing invalid addresses"},
     {"Remove the address from your list now; never retry a permanent user-unknown",
      "Look for typos in the domain such as gmial.com, outlok.com or yaho.com",
      "Verify addresses when they are entered, at signup",
      "Use double opt-in so that only confirmed addresses join the list",
      "If the reply was temporary (4xx), let it retry; suppress when it turns permanent"}},

    {R(HOSTUNKNOWN), NULL, NULL,
     "The domain part of the address does not exist in DNS, or no server accepts mail for it. "
     "A permanent reply makes it a hard bounce; a temporary one may be a passing DNS failure.",
     {"A typo in the domain (gmial.com, hotmial.com, yaho.com)",
      "The domain expired or was never registered",
      "The domain has no MX record and no address record to fall back on",
      "A temporary DNS outage at the domain's name servers"},
     {"Remove the address now when the failure is permanent; never retry it",
      "Fix obvious domain typos only with the subscriber's confirmation",
      "Check the domain's MX records (dig MX domain) to confirm",
      "Verify the domain at signup, before the address enters your list",
      "If the reply was temporary (4xx), let it retry before deciding"}},

    {R(HASMOVED), NULL, NULL,
     "The recipient has left this address, and the server will not forward mail to the new one. "
     "The old address is permanently dead for you.",
     {"The person changed jobs or providers",
      "The mailbox or domain changed owner (RFC 7293 checks)",
      "The server knows a new address but will not forward (SMTP 551)"},
     {"Remove the old address now; never retry it",
      "If the reply names a new address, ask the person to confirm it before mailing it",
      "Ask subscribers to update their address through your preference page"}},

    {R(NOTACCEPT), NULL, NULL,
     "The destination says it does not take email at all, for example with a null MX record "
     "(\"MX 0 .\") or a 521/556 reply. No retry will change that.",
     {"The domain publishes a null MX because it never receives mail",
      "The domain is parked or used only for a website",
      "The server refuses all mail from everyone"},
     {"Remove the address now; never retry it",
      "Check the domain's MX record: \"0 .\" means it never receives mail",
      "Reject such domains at signup"}},

    {R(MAILBOXFULL), NULL, NULL,
     "The recipient's mailbox is over its storage quota. The address exists, so this is a soft "
     "bounce: mail may get through once the owner frees space.",
     {"The owner has not cleaned up the mailbox",
      "The mailbox is abandoned and filling up with unread mail",
      "A large message would push the mailbox over its quota"},
     {"Retry later; most mail servers do so on their own",
      "Suppress the address after repeated failures over several weeks: a mailbox that stays "
      "full is usually abandoned",
      "Keep messages small: large attachments fill quotas fastest"}},

    {R(SUSPEND), NULL, NULL,
     "The mailbox exists but is disabled, suspended or marked inactive. It may come back, but "
     "a mailbox that stays disabled is usually on its way to deletion.",
     {"The account has not been used for a long time",
      "The provider suspended the account (unpaid bill, abuse)",
      "The owner or an administrator turned the mailbox off"},
     {"Treat it as a soft bounce and stop sending to it for now",
      "Suppress the address if it keeps failing this way over several weeks",
      "Do not count on it: remove long-inactive subscribers from regular sends"}},

    {R(EXCEEDLIMIT), NULL, NULL,
     "The message goes over a limit set for this recipient or transaction, such as a mailbox's "
     "size limit or a maximum number of recipients. The address is fine.",
     {"The message, with attachments, is larger than the recipient accepts",
      "Too many recipients in one transaction",
      "Encoding grew the attachments by about a third over their file size"},
     {"Do not resend the same message unchanged",
      "Send large files as links instead of attachments",
      "Split big recipient lists over several transactions",
      "Retry later if the limit is a temporary one"}},

    {R(MESGTOOBIG), NULL, NULL,
     "The receiving system does not accept messages this large. The address is fine; the "
     "message has to change.",
     {"Large attachments or embedded images",
      "Base64 encoding grew the message by about a third",
      "The receiving system has an unusually low size limit"},
     {"Shrink the message: compress images, drop attachments",
      "Host files and link to them instead of attaching them",
      "Check the receiver's SIZE value in its EHLO reply"}},

    {R(FILTERED), NULL, NULL,
     "A filter set up by the recipient or the recipient's domain refused this message. The "
     "address exists, but mail like this one from you is not wanted there.",
     {"The recipient blocked your address or domain",
      "A content rule on the recipient's side matched the message",
      "The recipient only accepts mail from known senders"},
     {"Do not keep resending the same message",
      "If the recipient wants your mail, ask them to allow your sending address",
      "Suppress the address if every message to it is filtered"}},

    {R(REJECTED), NULL, NULL,
     "The receiving server refused the envelope sender: your MAIL FROM address or its domain. "
     "The recipient's address is not the problem; fix the sender side.",
     {"The return-path domain does not resolve or has no MX (or a null MX)",
      "The sender address is malformed or does not exist",
      "The sender domain is on the receiver's block list",
      "The sender is not authorised to send as this domain"},
     {"Use a return-path address on a domain you control that can receive bounces",
      "Check that the sender domain has working MX and A records",
      "Make sure the sender is allowed to use this domain (SPF, DKIM)",
      "Do not suppress the recipient for this"}},

    {R(BLOCKED), NULL, NULL,
     "The receiving side refused your sending host or IP address, before looking at the "
     "message. The recipient is fine; your sending infrastructure is not trusted there.",
     {"The sending IP address is on a public or private blocklist",
      "The IP is in a dynamic or residential range",
      "The host has no reverse DNS name, or a generic one",
      "Earlier spam from the same IP or network"},
     {"Look the IP up on the blocklist named in the reply and follow its removal steps",
      "Send through a relay or ESP with well-kept IP addresses",
      "Give the sending IP a matching PTR and A record",
      "Find and stop any abuse from the host before asking for delisting",
      "Do not suppress the recipient for this"}},

    {R(SPAMDETECTED), NULL, NULL,
     "The receiving side judged this message to be spam and refused it. The address is fine; "
     "the message or its sending pattern is the problem.",
     {"Content that looks like spam: wording, links, image-only mail",
      "Links or domains with a poor reputation",
      "Recipients who never asked for the mail, or complaints from them",
      "Missing or failing authentication"},
     {"Review the content and every linked domain",
      "Authenticate with SPF, DKIM and DMARC",
      "Mail only people who opted in; remove unengaged subscribers",
      "Watch complaint rates in the providers' postmaster tools"}},

    {R(VIRUSDETECTED), NULL, NULL,
     "The receiving side found malware or a dangerous attachment in the message. Do not resend "
     "it as it is.",
     {"An infected attachment",
      "Executable, script or macro-enabled attachments",
      "A compromised account or site sending malware",
      "A false positive on an encrypted or unusual archive"},
     {"Scan the sending system and the attachment",
      "Send files as links instead of attachments",
      "Avoid executable and macro-enabled file types",
      "Change passwords if an account may be compromised"}},

    {R(POLICYVIOLATION), NULL, NULL,
     "The message broke a rule of the receiving site, for example on content, attachment types "
     "or who may write to whom. The site decides; the address is fine.",
     {"Attachment types or content the site does not allow",
      "A sender or domain the site does not accept mail from",
      "A message that breaks the site's rules for its users or lists"},
     {"Read the reply text for the rule that was broken",
      "Change the message to fit the policy, or ask the site's postmaster",
      "Do not keep resending the same message"}},

    {R(AUTHFAILURE), NULL, NULL,
     "The message did not pass sender authentication: SPF, DKIM or DMARC failed, or the "
     "domains did not align with the From address. Big providers now refuse such mail.",
     {"The sending IP is not in the domain's SPF record",
      "No DKIM signature, or one broken by changes in transit",
      "A DMARC policy of quarantine or reject with neither SPF nor DKIM aligned",
      "A new sending service added without updating DNS"},
     {"Add every sending service to the domain's SPF record",
      "Sign all mail with DKIM using a key published in DNS",
      "Publish DMARC and align SPF or DKIM with the From domain",
      "Check the Authentication-Results header of a test message",
      "Do not suppress the recipient for this"}},

    {R(REQUIREPTR), NULL, NULL,
     "The receiving side requires a reverse DNS name for the sending IP, and yours has none or "
     "one that does not point back to the IP.",
     {"No PTR record for the sending IP",
      "The PTR name does not resolve back to the same IP",
      "A generic PTR name such as one that contains the IP digits"},
     {"Ask whoever runs the IP range (hosting provider, ISP) to set a PTR record",
      "Make the PTR name resolve back to the sending IP (forward-confirmed rDNS)",
      "Use the same name in the HELO/EHLO greeting"}},

    {R(BADREPUTATION), NULL, NULL,
     "The receiver thinks too poorly of your sending IP or domain to take its mail now. It is "
     "often temporary, but it clears only after the sending behaviour improves.",
     {"High complaint rates from recipients",
      "Mail to many unknown addresses or spam traps",
      "A new IP or domain without a sending history",
      "A sudden jump in volume"},
     {"Slow down and let deferred mail retry",
      "Remove unengaged and bouncing addresses",
      "Warm up new IPs and domains gradually",
      "Watch reputation in Google Postmaster Tools and Microsoft SNDS",
      "Do not suppress the recipient for this"}},

    {R(SPEEDING), NULL, NULL,
     "You sent too many messages too quickly, and the receiver is rate-limiting you. Mail will "
     "flow again at a lower pace.",
     {"A large send to one provider at once",
      "A new or cold IP sending above its allowed rate",
      "Many messages to the same recipient in a short time"},
     {"Let the deferred messages retry; do not force a resend",
      "Lower the sending rate or spread campaigns over time",
      "Warm up new IPs gradually",
      "Do not suppress the recipient for this"}},

    {R(TOOMANYCONN), NULL, NULL,
     "Your server opened more connections at once than the receiver allows. Mail goes through "
     "with fewer parallel connections.",
     {"High parallelism to one destination",
      "Several sending hosts behind the same IP",
      "The receiver lowered its limit for your IP"},
     {"Lower the number of simultaneous connections per destination",
      "Send more messages per connection instead",
      "Let the deferred messages retry"}},

    {R(NORELAYING), NULL, NULL,
     "The server refused to pass the message on: it does not handle the recipient's domain, "
     "and your client may not relay through it.",
     {"Mail was sent to the wrong server (stale MX or a hard-coded host)",
      "The client did not log in to the relay (SMTP AUTH)",
      "The recipient's domain moved its mail elsewhere"},
     {"Deliver to the hosts in the recipient domain's MX records",
      "Log in to your relay before sending",
      "Check your smarthost and relay settings"}},

    {R(SECURITYERROR), NULL, NULL,
     "The receiving side refused the message for a security reason: a login, encryption or "
     "trust requirement was not met.",
     {"The client did not log in, or used a method the server does not allow",
      "A signing or encryption problem",
      "A security policy the message does not meet"},
     {"Read the reply text for the requirement that failed",
      "Check the SMTP AUTH and TLS settings of the sending client",
      "Fix the sending side; the recipient address is not the problem"}},

    {R(FAILEDSTARTTLS), NULL, NULL,
     "The receiving side needs an encrypted connection and it could not be set up, or your side "
     "required TLS and the receiver could not provide it.",
     {"The sending client does not use STARTTLS",
      "Old TLS versions or ciphers on one side",
      "An expired or mismatched certificate when TLS is enforced (MTA-STS, DANE)"},
     {"Enable opportunistic TLS on the sending server",
      "Support TLS 1.2 or newer with current ciphers",
      "Check certificates and the domain's MTA-STS or DANE policy"}},

    {R(SYSTEMERROR), NULL, NULL,
     "The receiving mail system had an internal failure or is misconfigured. It is not about "
     "you or the address; it usually passes.",
     {"A crash, restart or bug on the receiving server",
      "A misconfiguration after a change on their side",
      "A back-end (storage, directory) the server depends on is down"},
     {"Let the normal retry schedule run",
      "If it lasts for days, tell the recipient's postmaster",
      "Do not suppress the address on the first failures"}},

    {R(SYSTEMFULL), NULL, NULL,
     "The receiving mail system is out of disk space or another resource. It should recover once "
     "the operators free space.",
     {"The receiving server's disk or queue is full",
      "A spike of incoming mail overloaded the server"},
     {"Let the normal retry schedule run",
      "If it lasts, tell the recipient's postmaster",
      "Do not suppress the address for this"}},

    {R(NETWORKERROR), NULL, NULL,
     "The message could not reach the destination because of a network, routing or DNS problem. "
     "This is usually temporary.",
     {"The receiving server is down or unreachable",
      "A firewall or a routing problem between the two sides",
      "DNS lookups for the domain failed or timed out",
      "A mail loop between misconfigured servers"},
     {"Let the normal retry schedule run",
      "Check the domain's MX records and that port 25 answers",
      "If it keeps failing for days, suppress after the retry period ends"}},

    {R(EXPIRED), NULL, NULL,
     "The sending server kept the message in its queue for the whole retry period without "
     "delivering it, and gave up. The earlier temporary errors hold the real reason.",
     {"The destination was down or unreachable for days",
      "Repeated deferrals: greylisting, rate limits or reputation",
      "A DNS problem that never cleared"},
     {"Look at the last temporary error in the logs: it tells the cause",
      "Send again later if the destination is back",
      "Suppress the address if its messages keep expiring"}},

    {R(CONTENTERROR), NULL, NULL,
     "The receiving side could not accept the message's format: its encoding, MIME structure or "
     "character set. The address is fine; the message has to change.",
     {"8-bit or UTF-8 data sent to a server that does not support it",
      "Broken MIME structure or encodings",
      "Media types the receiver does not accept"},
     {"Encode bodies properly (quoted-printable or base64)",
      "Check the MIME structure of the message with a validator",
      "Use SMTPUTF8 only when the receiver announces it"}},

    {R(NOTCOMPLIANTRFC), NULL, NULL,
     "The message breaks the email format rules (RFC 5322 and related), and the receiver refuses "
     "malformed mail.",
     {"Duplicate headers such as two Subject or From lines",
      "A missing or invalid From, Date or Message-ID header",
      "Over-long lines or bad header folding"},
     {"Fix the software that builds the message",
      "Make sure every message has exactly one From, Date and Subject",
      "Keep lines under 998 characters and fold headers correctly"}},

    {R(SYNTAXERROR), NULL, NULL,
     "The receiving server did not understand or accept an SMTP command or its arguments. The "
     "sending software is at fault, not the address.",
     {"A bug or unusual option in the sending software",
      "Commands sent out of order, or pipelining misused",
      "An extension (SIZE, SMTPUTF8, AUTH) used without being offered"},
     {"Find the failing command in the SMTP transcript",
      "Update or fix the sending software",
      "Use only the extensions the server lists in its EHLO reply"}},

    {R(MAILERERROR), NULL, NULL,
     "A local delivery program on the receiving host (a mailer, pipe or script) failed while "
     "handing over the message. It is a fault on their side.",
     {"A delivery script or filter program crashed",
      "A pipe command in an alias or .forward file failed",
      "The mailer could not run because of a local configuration problem"},
     {"Let the normal retry schedule run",
      "Tell the recipient's postmaster if it keeps happening",
      "Do not suppress the address for this"}},

    {R(ONHOLD), NULL, NULL,
     "The bounce could not be tied to a cause yet, so no decision has been made. Hold off on "
     "suppressing the address until more is known.",
     {"A bounce without a clear reason or status code",
      "A failure that was only relayed on, without details"},
     {"Keep the address but watch it",
      "Look at the full bounce for details",
      "Decide after the next send: a repeated failure tells more"}},

    {R(DELIVERED), NULL, NULL,
     "The message was accepted or delivered. Nothing failed.",
     {"A success reply (2xx) or a delivery report with action delivered or relayed"},
     {"Nothing to do"}},

    {R(VACATION), NULL, NULL,
     "This is an automatic reply, such as an out-of-office notice. The message was delivered, "
     "and the address works.",
     {"The recipient is away and set an auto-responder"},
     {"Nothing to do: do not count it as a bounce",
      "Do not remove the address"}},

    {R(FEEDBACK), NULL, NULL,
     "The recipient reported your message as spam, and their provider passed the complaint on "
     "to you. Delivery worked, but the person does not want the mail.",
     {"The recipient does not remember signing up",
      "Too many or unexpected messages",
      "The unsubscribe link was hard to find"},
     {"Stop mailing the address now and record the complaint",
      "Offer a one-click unsubscribe (RFC 8058 List-Unsubscribe-Post)",
      "Keep the complaint rate under 0.1%; Gmail and Yahoo act when it nears 0.3%",
      "Review how this address was collected"}},

    /*@@CODES@@*/

    /* ====================================================================
     * Fallback for any reason
     * ==================================================================== */
    {ANY, NULL, NULL,
     "The receiving side reported a failure that bouncekit could not tie to a specific cause.",
     {"A reply with little or no explanation"},
     {"Read the full reply text for details", "Let the normal retry schedule run"}},
};
const size_t bk__explanations_count = sizeof bk__explanations / sizeof bk__explanations[0];
