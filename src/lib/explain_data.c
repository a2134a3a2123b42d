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
     "refusal came after the address was accepted, or without a sign that the address itself "
     "was refused, so it does not prove the mailbox is missing.",
     {"The recipient blocked your address or domain",
      "A content rule on the recipient's side matched the message",
      "The recipient only accepts mail from known senders",
      "A filtering gateway said \"user unknown\" after DATA, or without naming the command"},
     {"Do not keep resending the same message",
      "If the recipient wants your mail, ask them to allow your sending address",
      "Suppress the address if every message to it is filtered",
      "If you know the reply answered RCPT TO, explain it again with --command RCPT"}},

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
     "Your server opened more connections, or put more recipients or messages into one session, "
     "than the receiver allows. Mail goes through with smaller batches.",
     {"High parallelism to one destination",
      "Too many recipients in one message or session",
      "Several sending hosts behind the same IP",
      "The receiver lowered its limits for your IP"},
     {"Lower the number of simultaneous connections per destination",
      "Send fewer recipients per message and fewer messages per session",
      "Let the deferred messages retry",
      "Do not suppress the recipient for this"}},

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

    /* ====================================================================
     * 2. Registry codes (IANA "SMTP Enhanced Status Codes")
     * ==================================================================== */

    /* X.0 Other or undefined status */
    {R(UNDEFINED), "X.0.0", NULL,
     "The server used the catch-all code X.0.0: something failed, and the code says nothing "
     "about what. The reply text and the basic code (550, 451 ...) carry the meaning.",
     {"A server that reports every failure with the same generic code",
      "A relay that replaced a more precise code",
      "A local rule or filter that does not explain itself"},
     {"Read the reply text: it usually names the real problem",
      "A 4.0.0 is temporary: let it retry",
      "For a 5.0.0, stop after the same address fails this way more than once"}},

    /* X.1 Addressing status */
    {R(UNDEFINED), "X.1.0", NULL,
     "The server reported a problem with an address (sender or recipient) but did not say "
     "which kind of problem.",
     {"An invalid or unknown recipient the server did not classify further",
      "A sender address the server did not like",
      "A generic address rule on the receiving side"},
     {"Read the reply text to see which address is meant",
      "Check the recipient address for typos",
      "Check that your sender address and domain are valid"}},

    {R(USERUNKNOWN), "5.1.1", NULL,
     "The recipient's mailbox does not exist: the domain is real and its server answered, but "
     "there is no such user. This permanent reply is a hard bounce and the most common one.",
     {"A typo in the local part or the domain of the address",
      "The account was deleted or deactivated, for example after an employee left",
      "The address never existed (bought or scraped lists)",
      "A catch-all on the domain was turned off"},
     {"Remove the address from your list now; never retry a 5.1.1",
      "Check for common domain typos: gmial.com, outlok.com, yaho.com",
      "Verify addresses in real time on signup forms",
      "Use double opt-in to confirm new subscribers",
      "Suppress 5.1.1 bounces automatically, as soon as they arrive"}},

    {R(USERUNKNOWN), "4.1.1", NULL,
     "The server could not accept this recipient for now: the address may be unknown, or the "
     "server could not look it up. Because the reply is temporary, it is not a hard bounce yet.",
     {"The recipient's directory or lookup service was unavailable",
      "The mailbox is being created or moved",
      "A server that defers unknown recipients instead of refusing them"},
     {"Let the normal retry schedule run",
      "Suppress the address if the final reply turns into a 5.1.1",
      "Check the address for typos if it keeps being deferred"}},

    {R(HOSTUNKNOWN), "5.1.2", NULL,
     "The domain part of the address is wrong: it does not exist, or mail cannot be delivered "
     "to it. This permanent reply is a hard bounce.",
     {"A typo in the domain (gmial.com, hotmial.com, yaho.com)",
      "The domain expired or was never registered",
      "The domain has no MX or address records"},
     {"Remove the address now; never retry a 5.1.2",
      "Check the domain's DNS (dig MX domain) to confirm",
      "Catch domain typos at signup with address verification"}},

    {R(HOSTUNKNOWN), "4.1.2", NULL,
     "The destination domain could not be resolved right now. This is often a temporary DNS "
     "problem, so the message is retried.",
     {"The domain's name servers timed out or failed",
      "A DNS problem on the sending side",
      "A domain that was just registered or just changed its DNS"},
     {"Let the normal retry schedule run",
      "Check the sending server's own DNS resolver",
      "Suppress the address if the domain still does not resolve when retries end"}},

    {R(USERUNKNOWN), "5.1.3", NULL,
     "The recipient address is not even valid syntax, so no server will accept it. Treat it as a "
     "hard bounce.",
     {"Spaces, commas or other invalid characters in the address",
      "A missing @ or domain, or two @ signs",
      "An address mangled by import or copy and paste"},
     {"Remove or correct the address now; never retry it as it is",
      "Validate address syntax on entry (RFC 5321 rules)",
      "Check how the address was imported or typed"}},

    {R(USERUNKNOWN), "4.1.3", NULL,
     "The server could not accept the recipient address as written for now. The reply is "
     "temporary, so it is not yet a hard bounce, but a malformed address will not fix itself.",
     {"An address with invalid characters or format",
      "An address the server could not parse while a component was unavailable"},
     {"Check the address for syntax errors and correct it",
      "Let the retry run; suppress if the failure becomes permanent"}},

    {R(USERUNKNOWN), "5.1.4", NULL,
     "The recipient address matches more than one mailbox, so the server cannot decide where to "
     "deliver. It will not work as written.",
     {"A short or partial address that several users share",
      "A directory with duplicate entries"},
     {"Do not retry this address as it is",
      "Ask the recipient for their full, exact address",
      "Remove the address if it cannot be corrected"}},

    {R(USERUNKNOWN), "4.1.4", NULL,
     "The recipient address matches more than one mailbox for now; the server defers until "
     "that is sorted out.",
     {"A directory with duplicate entries", "A partial address that several users share"},
     {"Let the retry run", "Ask the recipient for their exact address if it keeps failing"}},

    {R(DELIVERED), "X.1.5", NULL,
     "The server confirmed that the recipient address is valid. This is a positive answer, not "
     "a failure.",
     {"An accepted RCPT TO command (usually 250 2.1.5)"},
     {"Nothing to do for this address"}},

    {R(HASMOVED), "5.1.6", NULL,
     "The recipient's mailbox has moved and the server has no forwarding address for you. The "
     "old address is gone for good.",
     {"The person left the organisation or changed providers",
      "The mailbox was migrated without forwarding"},
     {"Remove the old address now; never retry it",
      "Ask the person for their new address through another channel"}},

    {R(HASMOVED), "4.1.6", NULL,
     "The server says the mailbox has moved, but answers with a temporary code, so delivery "
     "may still be retried.",
     {"A mailbox migration in progress", "A moved mailbox during a grace period"},
     {"Let the retry run", "Ask the recipient for their current address",
      "Suppress the old address once the reply turns permanent"}},

    {R(REJECTED), "X.1.7", NULL,
     "The receiving server refused the sender address (MAIL FROM) because it is not valid "
     "syntax. The recipient is not the problem.",
     {"A malformed return-path, for example with spaces or without a domain",
      "A sending program that builds the envelope sender badly"},
     {"Fix the envelope sender your software sends",
      "Use a plain address such as bounces@example.com as the return-path",
      "Do not suppress the recipient for this"}},

    {R(REJECTED), "X.1.8", NULL,
     "The receiving server refused your sender address because its domain is unusable: it "
     "does not resolve or cannot receive mail. The recipient is not the problem.",
     {"The return-path domain does not exist or has no MX or A record",
      "A typo in the sender domain",
      "A temporary DNS failure for the sender domain (with a 4.1.8)"},
     {"Use a return-path on a domain with working MX records",
      "Check the sender domain's DNS from outside your network",
      "Do not suppress the recipient for this"}},

    {R(UNDEFINED), "X.1.9", NULL,
     "The message was passed on to a mail system that does not send delivery reports, so no "
     "further status will come back. It is not a failure by itself.",
     {"A gateway to a non-SMTP system or an old mailer"},
     {"Do not expect further notifications for this message",
      "Nothing to do unless the recipient says the mail never arrived"}},

    {R(NOTACCEPT), "5.1.10", NULL,
     "The recipient's domain publishes a null MX (\"MX 0 .\"): it declares that it never "
     "receives email. Note that Microsoft 365 also uses 5.1.10 for a recipient it cannot find; "
     "either way the address is dead.",
     {"A domain that only exists for a website or is parked",
      "A domain set up to never receive mail",
      "With Microsoft 365: no such recipient in the organisation"},
     {"Remove the address now; never retry it",
      "Check the domain's MX record (\"0 .\" means no mail)",
      "Reject such domains on signup forms"}},

    {R(NOTACCEPT), "4.1.10", NULL,
     "The recipient's domain appears to refuse all mail (a null MX), but the reply is temporary, "
     "so it is retried for now.",
     {"A domain that publishes a null MX", "A DNS change in progress"},
     {"Let the retry run", "Check the domain's MX record; suppress if it stays \"0 .\""}},

    /* X.2 Mailbox status */
    {R(UNDEFINED), "X.2.0", NULL,
     "The server reported a problem with the recipient's mailbox without naming it. The "
     "mailbox probably exists but could not take the message.",
     {"A mailbox that is locked, disabled or over quota",
      "A mailbox-level rule on the receiving side"},
     {"Read the reply text for the actual cause",
      "Let the retry run; suppress if the address fails this way repeatedly"}},

    {R(FILTERED), "X.2.0", NULL,
     "The recipient's mailbox refused the message without saying why. With X.2.0 this is most "
     "often a filter set by the recipient or their domain.",
     {"The recipient blocks your address or domain",
      "A mailbox rule that accepts mail only from known senders",
      "A mailbox that is locked or unavailable"},
     {"Read the reply text for the actual cause",
      "Do not keep resending the same message",
      "Suppress the address if every message to it is refused this way"}},

    {R(SUSPEND), "X.2.1", NULL,
     "The recipient's mailbox exists but is disabled and not accepting mail. It may be "
     "reactivated, but a mailbox that stays disabled is usually abandoned.",
     {"An account unused for a long time and switched off by the provider",
      "An account suspended for billing or abuse",
      "A mailbox turned off by the owner or an administrator"},
     {"Treat it as a soft bounce and stop mailing it for now",
      "Suppress the address if it stays disabled over several sends",
      "Remove long-inactive subscribers from regular sends"}},

    {R(MAILBOXFULL), "X.2.2", NULL,
     "The recipient's mailbox is full. The address is real; the message may go through once the "
     "owner frees space, so this is a soft bounce.",
     {"The owner has not emptied the mailbox",
      "An abandoned mailbox that keeps filling up",
      "A large message that would overflow the quota"},
     {"Retry later; most servers do so on their own",
      "Suppress the address if it stays full over several weeks",
      "Send smaller messages: link to large files"}},

    {R(EXCEEDLIMIT), "X.2.3", NULL,
     "The message is larger than the limit set for this recipient's mailbox. The address is "
     "fine; this message is too big for it.",
     {"Large attachments", "A per-mailbox size limit lower than the system's",
      "Encoding that grew the message by about a third"},
     {"Send a smaller message: compress or drop attachments",
      "Link to large files instead of attaching them",
      "Do not resend the same message unchanged"}},

    {R(SYSTEMERROR), "X.2.4", NULL,
     "The recipient is a mailing list, and the list server failed to expand it into its member "
     "addresses. It is a problem on the list's side.",
     {"A list with a broken or empty member file",
      "A list server with a configuration error"},
     {"Let the retry run",
      "Tell the list owner or postmaster if it continues"}},

    /* X.3 Mail system status */
    {R(SYSTEMERROR), "X.3.0", NULL,
     "The receiving mail system had a problem it did not describe further. It is on their side, "
     "not about the address.",
     {"A server fault or misconfiguration", "Maintenance or an overloaded server"},
     {"Let the retry run",
      "Read the reply text; tell the postmaster if it lasts for days"}},

    {R(SYSTEMFULL), "X.3.1", NULL,
     "The receiving mail system is out of storage for the moment. It usually recovers once its "
     "operators free space.",
     {"A full disk or queue on the receiving server", "A sudden surge of incoming mail"},
     {"Let the retry run",
      "Tell the recipient's postmaster if it lasts",
      "Do not suppress the address for this"}},

    {R(NOTACCEPT), "5.3.2", NULL,
     "The receiving host does not accept mail from the network at all. The address cannot "
     "receive mail from you there, so treat it as a hard bounce.",
     {"A host that only sends mail or does not run a mail service",
      "A wrong or outdated MX record pointing at the host",
      "A server that answers 521 to all connections"},
     {"Remove the address if the domain keeps refusing all mail",
      "Check the domain's MX records for mistakes",
      "Never retry a permanent refusal of all mail"}},

    {R(NOTACCEPT), "4.3.2", NULL,
     "The receiving host is not accepting mail right now, for example while it shuts down or "
     "restarts. This is temporary.",
     {"Maintenance or a restart on the receiving side",
      "A server refusing connections while overloaded"},
     {"Let the retry run", "Do not suppress the address for a temporary refusal"}},

    {R(SYSTEMERROR), "X.3.3", NULL,
     "The message needs a feature the receiving system does not support, such as an SMTP "
     "extension or a delivery option.",
     {"A delivery option (DSN, priority, REQUIRETLS) the receiver lacks",
      "8-bit or UTF-8 data sent to a 7-bit-only system"},
     {"Send without the unsupported feature or option",
      "Convert 8-bit content to quoted-printable or base64"}},

    {R(MESGTOOBIG), "X.3.4", NULL,
     "The message is larger than the receiving system accepts for any recipient. The message has "
     "to shrink; the address is fine.",
     {"Large attachments or embedded images",
      "Base64 encoding adding about a third to attachments",
      "A low system-wide size limit (see SIZE in the EHLO reply)"},
     {"Remove or compress attachments",
      "Link to large files instead of attaching them",
      "Check the receiver's SIZE limit before sending large mail"}},

    {R(SYSTEMERROR), "X.3.5", NULL,
     "The receiving system is misconfigured and cannot deliver the message. The fault lies with "
     "its operators.",
     {"A wrong configuration on the receiving server",
      "A broken internal route or transport on their side"},
     {"Let the retry run",
      "Tell the recipient's postmaster, with the full reply text"}},

    {R(UNDEFINED), "X.3.6", NULL,
     "The receiving side changed the priority you requested for the message (RFC 6710). It is "
     "a notice, not a failure.",
     {"A priority level the receiving side does not honour for you"},
     {"Nothing to do unless delivery timing matters",
      "Send without a priority request if it causes trouble"}},

    /* X.4 Network and routing status */
    {R(NETWORKERROR), "X.4.0", NULL,
     "A network or routing problem stopped the delivery, without further detail. It is usually "
     "temporary.",
     {"The destination was unreachable", "A routing or DNS problem between the two sides"},
     {"Let the retry run", "Check the domain's MX records and network reachability"}},

    {R(NETWORKERROR), "X.4.1", NULL,
     "The destination server did not answer: the connection could not be made or timed out. It "
     "is a network problem, usually temporary.",
     {"The receiving server is down or overloaded",
      "A firewall blocking port 25 on one side",
      "MX records pointing at a host that does not run a mail service"},
     {"Let the retry run",
      "Check that your server can reach port 25 on the recipient's MX hosts",
      "Suppress only if the domain stays unreachable when retries end"}},

    {R(EXPIRED), "4.4.1", NULL,
     "The sending server could not get an answer from the destination and gave up: the message "
     "expired in its queue.",
     {"The receiving server was down or unreachable for the whole retry period",
      "A firewall dropping connections to port 25",
      "MX records pointing at a host without a mail service"},
     {"Check that the recipient domain's MX hosts answer on port 25",
      "Send again later if the destination is back",
      "Suppress the address if its messages keep expiring"}},

    {R(NETWORKERROR), "X.4.2", NULL,
     "The connection to the destination broke off or was unusable during the transfer. It is "
     "usually temporary.",
     {"A dropped connection or a timeout mid-transfer",
      "A receiving server closing connections under load",
      "Network trouble between the two sides"},
     {"Let the retry run",
      "Check for network problems or timeouts on your side if it keeps happening"}},

    {R(SYSTEMERROR), "X.4.3", NULL,
     "The receiving side could not reach a directory server it needs, for example to look up "
     "the recipient or route the message. It is their problem and usually temporary.",
     {"A DNS, LDAP or other directory service down on the receiving side",
      "A DNS failure when looking up the destination"},
     {"Let the retry run",
      "Tell the recipient's postmaster if it lasts"}},

    {R(HOSTUNKNOWN), "5.4.4", NULL,
     "No route to the recipient's domain could be found: it has no usable MX or address "
     "records. As a permanent reply this is a hard bounce.",
     {"The domain has no mail servers in DNS",
      "A typo in the domain",
      "An expired or abandoned domain"},
     {"Remove the address now; never retry it",
      "Check the domain's MX and A records to confirm",
      "Catch such domains at signup"}},

    {R(HOSTUNKNOWN), "4.4.4", NULL,
     "No route to the recipient's domain could be found right now, often because a DNS lookup "
     "failed. It may work on a later attempt.",
     {"A temporary DNS failure", "A domain whose DNS is being changed"},
     {"Let the retry run",
      "Suppress the address if the domain still has no route when retries end"}},

    {R(NETWORKERROR), "X.4.5", NULL,
     "The mail system is congested and deferred the message. It is temporary by nature.",
     {"A busy receiving server or queue", "A peak of traffic on either side"},
     {"Let the retry run", "Spread large sends over time"}},

    {R(NETWORKERROR), "X.4.6", NULL,
     "The message went round in a loop between mail servers and was stopped. The servers' "
     "configuration has to be fixed.",
     {"MX or forwarding settings that send mail back to where it came from",
      "A forward from one mailbox to another and back",
      "Too many Received headers after many relays"},
     {"Check the recipient domain's MX records and forwarding",
      "Tell the recipient's postmaster: the loop is usually on their side"}},

    {R(EXPIRED), "X.4.7", NULL,
     "The message stayed in the queue for the whole retry period without being delivered, and "
     "the sending server gave up. The earlier temporary errors say why.",
     {"The destination was down for days",
      "Repeated deferrals: greylisting, rate limits, reputation",
      "A DNS problem that never cleared"},
     {"Check the last temporary error in your logs",
      "Send again later if the destination is back",
      "Suppress the address if its messages keep expiring"}},

    /* X.5 Mail delivery protocol status */
    {R(SYNTAXERROR), "X.5.0", NULL,
     "Something went wrong in the SMTP conversation, without more detail. It points to the "
     "sending software or its settings.",
     {"A command the server did not expect at this point",
      "A sending program that does not follow SMTP"},
     {"Look at the SMTP transcript for the failing command",
      "Update or fix the sending software"}},

    {R(SYNTAXERROR), "X.5.1", NULL,
     "The server did not recognise a command, or it was not allowed at that point in the "
     "session.",
     {"A command the server does not support",
      "Commands sent in the wrong order, for example data before a recipient was accepted"},
     {"Check the SMTP transcript for the failing command",
      "Fix or update the sending software"}},

    {R(SYNTAXERROR), "X.5.2", NULL,
     "The server could not parse a command because its syntax was wrong.",
     {"A malformed MAIL FROM or RCPT TO line",
      "A missing angle bracket or stray character in an address"},
     {"Check the exact commands your software sends",
      "Fix the code that formats SMTP commands"}},

    {R(EXCEEDLIMIT), "X.5.3", NULL,
     "The message has more recipients than the server accepts in one transaction. The "
     "recipients over the limit were refused, not the addresses themselves.",
     {"Too many RCPT TO commands in one message",
      "A sending program that does not split large recipient lists"},
     {"Send the remaining recipients in a new transaction",
      "Limit recipients per message (often 50 or 100)",
      "Do not suppress the refused recipients for this"}},

    {R(SYNTAXERROR), "X.5.4", NULL,
     "A command was valid, but one of its arguments or parameters was not, such as an unknown "
     "option after MAIL FROM.",
     {"An SMTP extension parameter the server does not support",
      "A badly formed parameter value"},
     {"Use only the parameters the server lists in its EHLO reply",
      "Fix the sending software's use of SMTP extensions"}},

    {R(SYNTAXERROR), "X.5.5", NULL,
     "The two sides do not agree on the protocol version, so the session cannot go on.",
     {"A client speaking an old or unusual protocol variant",
      "A client that skipped EHLO/HELO"},
     {"Use standard ESMTP with an EHLO greeting",
      "Update the sending software"}},

    {R(SYNTAXERROR), "X.5.6", NULL,
     "A line of the SMTP authentication exchange was too long for the server.",
     {"A very long AUTH token, such as a large OAuth bearer token"},
     {"Send the AUTH data in a continuation line instead of on the AUTH command",
      "Check the client's AUTH settings or use another mechanism"}},

    /* X.6 Message content or media status */
    {R(CONTENTERROR), "X.6.0", NULL,
     "The receiving side had a problem with the content or format of the message, without more "
     "detail.",
     {"Broken MIME structure or encoding", "Content types the receiver does not accept"},
     {"Check the message with a MIME validator",
      "Read the reply text for the part that was refused"}},

    {R(CONTENTERROR), "X.6.1", NULL,
     "The message contains a media type the receiving side does not accept.",
     {"An attachment or body part of a type the receiver refuses",
      "Blocked file types such as executables"},
     {"Send the file in another format or as a link",
      "Avoid attachment types that mail systems commonly block"}},

    {R(CONTENTERROR), "X.6.2", NULL,
     "The message had to be converted to be delivered, but conversion was forbidden, so it "
     "could not be delivered as sent.",
     {"8-bit content to a 7-bit system with conversion switched off",
      "A message marked as not to be converted"},
     {"Send content already encoded as 7-bit (quoted-printable or base64)",
      "Allow conversion in the sending options"}},

    {R(CONTENTERROR), "X.6.3", NULL,
     "The message needed conversion before it could be delivered, and the receiving path cannot "
     "do that conversion.",
     {"8-bit or binary content towards a system that only takes 7-bit",
      "A content type with no available converter"},
     {"Encode the content as 7-bit (quoted-printable or base64)",
      "Use plainer formats for the message body"}},

    {R(UNDEFINED), "X.6.4", NULL,
     "The message was converted on the way, and some information was lost. It was delivered, "
     "possibly not exactly as sent.",
     {"A conversion between formats or character sets that could not keep everything"},
     {"Check that the message arrived readable",
      "Send content in widely supported formats to avoid conversion"}},

    {R(CONTENTERROR), "X.6.5", NULL,
     "A conversion the message needed was attempted and failed.",
     {"Content the converter could not handle",
      "A broken encoding in the original message"},
     {"Check the message's encodings and MIME structure",
      "Send content that needs no conversion"}},

    {R(CONTENTERROR), "X.6.6", NULL,
     "The content the server was asked to use is not available, for example in a BURL "
     "submission that points to a message it cannot fetch.",
     {"A referenced message part that has expired or cannot be retrieved"},
     {"Resend the message with its full content",
      "Check the client's BURL or message-reference settings"}},

    {R(CONTENTERROR), "X.6.7", NULL,
     "An address with non-ASCII characters was used, and the sender or recipient side does "
     "not support internationalised addresses.",
     {"An internationalised (UTF-8) address to a server without SMTPUTF8",
      "A non-ASCII sender address"},
     {"Use an ASCII form of the address if the person has one",
      "Send with SMTPUTF8 only to servers that announce it"}},

    {R(CONTENTERROR), "X.6.8", NULL,
     "The server needed to answer in UTF-8, but the client had not announced support for it.",
     {"A client that did not use SMTPUTF8 with a server that needs it"},
     {"Enable SMTPUTF8 support on the sending side",
      "Use ASCII-only addresses and parameters"}},

    {R(CONTENTERROR), "X.6.9", NULL,
     "The message has UTF-8 headers and cannot be passed on to one or more recipients whose "
     "systems do not support them, so it was refused.",
     {"UTF-8 in headers towards a system without SMTPUTF8"},
     {"Encode non-ASCII header text with MIME encoded-words (RFC 2047)",
      "Send UTF-8 headers only when every hop supports them"}},

    {R(CONTENTERROR), "X.6.10", NULL,
     "A deprecated code with the same meaning as X.6.8: a UTF-8 reply was needed but the "
     "client had not allowed it.",
     {"A client without SMTPUTF8 support talking to a server that needs it"},
     {"Enable SMTPUTF8 on the sending side",
      "Use ASCII-only addresses and parameters"}},

    /* X.7 Security or policy status */
    {R(SECURITYERROR), "X.7.0", NULL,
     "The message was refused or deferred for a security or policy reason that the code does "
     "not name. The reply text usually says which one.",
     {"Failed or missing authentication (SPF, DKIM, DMARC)",
      "A TLS requirement that was not met",
      "A reputation or policy block on the receiving side"},
     {"Read the reply text for the rule that applied",
      "Check SPF, DKIM, DMARC and TLS on the sending side",
      "Fix the sending side; do not suppress the recipient for this"}},

    {R(REJECTED), "5.7.1", NULL,
     "The receiving side refused to accept this message from you: delivery was not authorised. "
     "It is a policy refusal, often about the sender, the sending IP or authentication; the "
     "reply text names the rule.",
     {"The sender address or domain is not allowed to send here",
      "The sending IP is on a block list or has a poor reputation",
      "SPF, DKIM or DMARC failed",
      "The recipient only accepts mail from certain senders"},
     {"Read the reply text: it usually names the exact rule",
      "Check your SPF, DKIM and DMARC records",
      "Check your sending IP on the common block lists",
      "Do not suppress the recipient for this alone; fix the sender side"}},

    {R(REJECTED), "4.7.1", NULL,
     "The receiving side refused this message from you for now. Temporary policy refusals are "
     "often greylisting or a reputation check that may pass on a later attempt.",
     {"Greylisting: the first attempt from an unknown sender is deferred",
      "A temporary block on the sending IP or domain",
      "Authentication checks that did not pass yet"},
     {"Let your server retry: greylisting clears on a later attempt",
      "Make sure your server retries from the same IP address",
      "Check SPF, DKIM, DMARC and blocklists if it keeps happening"}},

    {R(SECURITYERROR), "X.7.2", NULL,
     "You are not allowed to send to this mailing list, so the server would not expand it to its "
     "members.",
     {"A list that accepts mail only from its members or moderators",
      "A sender address that is not subscribed to the list"},
     {"Send from the address subscribed to the list",
      "Ask the list owner for permission to post"}},

    {R(SECURITYERROR), "X.7.3", NULL,
     "The message needed a security conversion (for example re-encryption) that could not be "
     "done on the way.",
     {"Encrypted or signed content that a gateway cannot convert"},
     {"Send the message in a form every hop can handle",
      "Ask the recipient which security formats they accept"}},

    {R(SECURITYERROR), "X.7.4", NULL,
     "The message asked for a security feature the receiving side does not support.",
     {"A security option or extension the receiver lacks",
      "A required TLS or authentication feature unavailable"},
     {"Send without the unsupported security option",
      "Check which features the receiver announces in its EHLO reply"}},

    {R(SECURITYERROR), "X.7.5", NULL,
     "A cryptographic operation failed, such as decrypting or checking a signature on the "
     "message.",
     {"A broken signature or encryption", "Mismatched or expired keys or certificates"},
     {"Check the keys and certificates used to sign or encrypt",
      "Resend after fixing the signing or encryption setup"}},

    {R(SECURITYERROR), "X.7.6", NULL,
     "The message uses a cryptographic algorithm the receiving side does not support.",
     {"An old or unusual signing or encryption algorithm"},
     {"Use a current, widely supported algorithm",
      "Update the signing or encryption software"}},

    {R(SECURITYERROR), "X.7.7", NULL,
     "The receiving side found that the message was changed or damaged: its integrity check "
     "failed.",
     {"A message modified in transit after signing",
      "Corruption of the message on the way"},
     {"Check what changes the message in transit (footers, rewriting)",
      "Sign the message after any gateway that rewrites it"}},

    {R(SECURITYERROR), "X.7.8", NULL,
     "The login to the mail server failed: the user name or password (or token) is wrong. This "
     "is about your SMTP login, not the recipient.",
     {"A wrong or expired password or app password",
      "An expired OAuth token",
      "An account locked after too many failed logins"},
     {"Check the SMTP user name and password in the sending program",
      "Create a new app password or token if the provider requires one",
      "Do not suppress the recipient for this"}},

    {R(SECURITYERROR), "X.7.9", NULL,
     "The login method you used is too weak for this server.",
     {"A plain-text mechanism over an unencrypted connection",
      "A method the server has switched off, such as LOGIN or CRAM-MD5"},
     {"Use STARTTLS before logging in",
      "Choose a stronger mechanism that the server offers"}},

    {R(POLICYVIOLATION), "X.7.9", NULL,
     "The registry calls X.7.9 a login method that is too weak, but in practice (Yahoo, AOL, "
     "mail filters) it mostly refuses a message for policy reasons. The reply text tells which.",
     {"A message refused by the receiver's policy: content, reputation or authentication",
      "Rarely, an SMTP login with a method the server considers too weak"},
     {"Read the reply text for the policy that applied",
      "Check SPF, DKIM and DMARC for the From domain",
      "If it came at login, use STARTTLS and a stronger AUTH mechanism"}},

    {R(FAILEDSTARTTLS), "X.7.10", NULL,
     "The server requires an encrypted connection for this, and the session was not encrypted.",
     {"A client that does not use STARTTLS",
      "A server policy that requires TLS for your domain or for submission"},
     {"Enable STARTTLS on the sending side",
      "Support TLS 1.2 or newer with current ciphers"}},

    {R(FAILEDSTARTTLS), "X.7.11", NULL,
     "The login method you chose may only be used over an encrypted connection.",
     {"A login attempt before STARTTLS"},
     {"Start TLS before logging in",
      "Use port 465 (TLS from the start) or 587 with STARTTLS"}},

    {R(SECURITYERROR), "X.7.12", NULL,
     "The account's password has to be changed before it can log in again.",
     {"An expired password", "A password reset required by the administrator"},
     {"Change the account's password, then update the sending program"}},

    {R(SUSPEND), "X.7.13", NULL,
     "The account is disabled. For a recipient it means the mailbox is switched off; for a "
     "sending login it means your account may not send.",
     {"A mailbox or account suspended by the provider or administrator",
      "A long-unused account switched off"},
     {"If it is the recipient: treat it as a soft bounce and suppress if it persists",
      "If it is your sending account: contact the provider to reactivate it"}},

    {R(SECURITYERROR), "X.7.14", NULL,
     "The server only accepts this from peers it has a trust relationship with, and there is "
     "none with you.",
     {"A server that accepts mail only from known partners or via a set relay",
      "A missing client certificate or agreement"},
     {"Send through the route the receiving side expects",
      "Contact the receiving side to set up the trust they require"}},

    {R(POLICYVIOLATION), "X.7.15", NULL,
     "The message's priority is too low for the receiving side to take it now (RFC 6710).",
     {"A priority level below what the receiver accepts at this time"},
     {"Send again later or with the default priority"}},

    {R(MESGTOOBIG), "X.7.16", NULL,
     "The message is too big for the priority it was sent with (RFC 6710).",
     {"A large message sent at a priority with a lower size limit"},
     {"Send the message with a normal priority",
      "Make the message smaller"}},

    {R(HASMOVED), "5.7.17", NULL,
     "The mailbox has changed owner since the date you knew it was valid (an RFC 7293 check). "
     "It now belongs to someone else, so your subscriber is no longer there.",
     {"The provider recycled the address for a new person"},
     {"Remove the address now; never retry it",
      "Ask the person for their current address"}},

    {R(HASMOVED), "4.7.17", NULL,
     "The mailbox appears to have changed owner (an RFC 7293 check), but the reply is temporary.",
     {"A recycled address, or a check that could not finish"},
     {"Let the retry run", "Suppress the address once the reply is permanent"}},

    {R(HASMOVED), "5.7.18", NULL,
     "The domain has changed owner since the date you knew the address was valid (an RFC 7293 "
     "check). Mail to it would reach a different organisation.",
     {"The domain expired and was registered by someone else"},
     {"Remove the address now; never retry it",
      "Ask the person for their current address"}},

    {R(HASMOVED), "4.7.18", NULL,
     "The domain appears to have changed owner (an RFC 7293 check), but the reply is temporary.",
     {"A re-registered domain, or a check that could not finish"},
     {"Let the retry run", "Suppress the address once the reply is permanent"}},

    {R(POLICYVIOLATION), "X.7.19", NULL,
     "The receiving side could not complete the ownership check you asked for (RRVS, RFC "
     "7293), and you asked for no delivery in that case.",
     {"A receiver unable to tell when the mailbox changed owner"},
     {"Send without the RRVS requirement, or accept that it cannot be checked"}},

    {R(AUTHFAILURE), "X.7.20", NULL,
     "The message carries no DKIM signature that passes, and the receiving side requires one.",
     {"The message is not DKIM-signed",
      "The signature broke because the message changed in transit",
      "The public key is missing from DNS or does not match"},
     {"Sign all mail with DKIM and publish the key in DNS",
      "Check a test message's Authentication-Results header",
      "Do not change the message after it is signed"}},

    {R(AUTHFAILURE), "X.7.21", NULL,
     "The message has a valid DKIM signature, but not one the receiver accepts, for example "
     "from the wrong domain or with too weak a key.",
     {"A signature by your ESP's domain instead of yours",
      "A key shorter than 1024 bits or a weak algorithm"},
     {"Sign with your own domain (the one in From)",
      "Use an RSA key of 2048 bits"}},

    {R(AUTHFAILURE), "X.7.22", NULL,
     "No valid DKIM signature matches the author's domain (the From address), and the receiver "
     "requires one.",
     {"Mail signed only by a sending service's domain",
      "A From domain different from the signing domain"},
     {"Set up DKIM signing for the From domain at your sending service",
      "Align the DKIM d= domain with the From domain"}},

    {R(AUTHFAILURE), "X.7.23", NULL,
     "The message failed SPF: the sending IP is not authorised by the SPF record of the "
     "envelope sender's domain.",
     {"The sending service is missing from the domain's SPF record",
      "The message was forwarded through a server not listed in SPF",
      "An SPF record that ends in -all without every sender in it"},
     {"Add every sending IP or service to the SPF record (include:)",
      "Check the record with an SPF checker",
      "Also sign with DKIM so forwarded mail still authenticates"}},

    {R(AUTHFAILURE), "X.7.24", NULL,
     "The SPF check could not be completed because of an error: the record is broken, or DNS "
     "lookups failed.",
     {"A syntax error in the SPF record, or two SPF records",
      "More than 10 DNS lookups in the SPF record",
      "A temporary DNS failure (with a 4.7.24)"},
     {"Fix the SPF record: one record, valid syntax",
      "Reduce the number of include: and other lookups to 10 or fewer",
      "For a 4.7.24, let the retry run"}},

    {R(REQUIREPTR), "X.7.25", NULL,
     "The sending IP failed the reverse DNS check: it has no PTR name, or the name does not "
     "point back to the IP.",
     {"No PTR record for the sending IP",
      "A PTR name that does not resolve back to the IP"},
     {"Ask the IP's owner (hosting provider, ISP) to set a PTR record",
      "Make the PTR name resolve back to the IP",
      "Use the same name in your HELO/EHLO"}},

    {R(AUTHFAILURE), "X.7.26", NULL,
     "Several authentication checks failed together, typically SPF and DKIM, so the message "
     "could not be trusted. Gmail uses this code for unauthenticated senders.",
     {"Neither SPF nor DKIM passes for the sending domain",
      "A DMARC policy that rejects unauthenticated mail"},
     {"Make SPF pass for all sending services",
      "Sign with DKIM for the From domain",
      "Publish DMARC and align SPF or DKIM with the From domain"}},

    {R(REJECTED), "X.7.27", NULL,
     "Your sender address's domain publishes a null MX, so it cannot receive replies or "
     "bounces, and the server refuses mail from it. (Gmail uses 4.7.27 / 5.7.27 for a failed SPF "
     "check instead.)",
     {"A return-path domain that publishes \"MX 0 .\"",
      "A sending domain set up only for sending"},
     {"Use a return-path domain that can receive mail",
      "Remove the null MX from a domain you send from",
      "Check SPF if the reply came from Gmail"}},

    {R(SPEEDING), "X.7.28", NULL,
     "The receiving side saw a flood of mail from you and stopped accepting it for now.",
     {"A sudden burst of messages to one provider",
      "A large send from a new or little-used IP",
      "Many messages that recipients treat as unwanted"},
     {"Slow down and let the deferred messages retry",
      "Spread large sends over hours",
      "Warm up new IPs gradually"}},

    {R(AUTHFAILURE), "X.7.29", NULL,
     "The message's ARC chain (authentication results kept across forwarding) did not validate.",
     {"A forwarder or mailing list that adds a broken ARC seal",
      "A message changed after it was sealed"},
     {"Ask the forwarding service to fix its ARC signing",
      "Check that DKIM for your own domain survives forwarding"}},

    {R(FAILEDSTARTTLS), "X.7.30", NULL,
     "The message was sent with REQUIRETLS, and a server on the path does not support it, so it "
     "was not delivered. (Gmail uses 4.7.30 / 5.7.30 for a missing DKIM signature instead.)",
     {"A hop that does not offer REQUIRETLS",
      "A message marked as needing TLS all the way"},
     {"Send without REQUIRETLS if the content allows it",
      "Deliver through a route that supports REQUIRETLS",
      "Check DKIM if the reply came from Gmail"}},

    /* Success codes that come with 2xx replies. */
    {R(DELIVERED), "2.0.0", NULL,
     "The receiving server accepted the message. Nothing failed.",
     {"A normal 250 reply at the end of the data transfer"},
     {"Nothing to do"}},

    {R(DELIVERED), "2.6.4", NULL,
     "The message was delivered, but it had to be converted on the way and something was lost.",
     {"A conversion between formats or character sets"},
     {"Check that the message arrived readable"}},

    {R(DELIVERED), "2.3.6", NULL,
     "The message was accepted, with a different priority than requested.",
     {"A priority the receiving side does not grant you"},
     {"Nothing to do unless delivery timing matters"}},

    /* ====================================================================
     * 3. Subjects: well-formed codes the registry does not list
     * ==================================================================== */
    {R(UNDEFINED), "X.0", NULL,
     "The code has no subject (X.0.x) and a detail the registry does not define, so it says only "
     "that something failed. The reply text holds the meaning.",
     {"A server using its own private detail numbers"},
     {"Read the reply text for the cause",
      "A 4.0.x is temporary: let it retry",
      "For a 5.0.x, stop mailing an address that fails this way repeatedly"}},

    {R(USERUNKNOWN), "5.1", NULL,
     "A permanent addressing failure (5.1.x) with a detail bouncekit does not know: the server "
     "says the recipient address is not valid there. Treat it like an unknown mailbox.",
     {"An address that does not exist at the destination",
      "A typo in the address",
      "A server using its own detail numbers (Microsoft uses 5.1.10 and others)"},
     {"Remove the address now; never retry it",
      "Read the reply text to confirm which address is meant",
      "Verify addresses at signup"}},

    {R(USERUNKNOWN), "4.1", NULL,
     "A temporary addressing problem (4.1.x) with a detail bouncekit does not know. The address "
     "may be unknown, but the reply is temporary, so it is retried.",
     {"A recipient lookup that failed for now",
      "A server using its own detail numbers"},
     {"Let the retry run",
      "Suppress the address if the failure turns permanent"}},

    {R(MAILBOXFULL), "X.2", NULL,
     "A mailbox problem (X.2.x) with a detail bouncekit does not know; most such codes mean the "
     "mailbox is full or unavailable. The address probably exists.",
     {"A full, locked or disabled mailbox",
      "A server using its own detail numbers"},
     {"Retry later",
      "Suppress the address if it keeps failing over several weeks"}},

    {R(SYSTEMERROR), "X.3", NULL,
     "A problem with the receiving mail system (X.3.x) with a detail bouncekit does not know. "
     "It is on their side.",
     {"A fault, overload or configuration problem on the receiving server"},
     {"Let the retry run", "Tell the recipient's postmaster if it lasts"}},

    {R(NETWORKERROR), "X.4", NULL,
     "A network or routing problem (X.4.x) with a detail bouncekit does not know. It is usually "
     "temporary.",
     {"An unreachable or slow destination", "A routing or DNS problem"},
     {"Let the retry run", "Check the domain's MX records if it keeps failing"}},

    {R(SYNTAXERROR), "X.5", NULL,
     "An SMTP protocol problem (X.5.x) with a detail bouncekit does not know. It points to the "
     "sending software.",
     {"A command or parameter the server would not accept"},
     {"Check the SMTP transcript for the failing command",
      "Fix or update the sending software"}},

    {R(CONTENTERROR), "X.6", NULL,
     "A problem with the message's content or format (X.6.x) with a detail bouncekit does not "
     "know.",
     {"An encoding, MIME or media type the receiver refuses"},
     {"Read the reply text for the part that was refused",
      "Check the message's MIME structure and encodings"}},

    {R(SECURITYERROR), "X.7", NULL,
     "A security or policy refusal (X.7.x) with a detail bouncekit does not know. Providers use "
     "private detail numbers here for blocks, authentication and reputation.",
     {"The sending IP or domain is blocked or has a poor reputation",
      "SPF, DKIM or DMARC failed",
      "A local policy of the receiving side"},
     {"Read the reply text: it usually names the rule and a help page",
      "Check SPF, DKIM, DMARC and your IP's blocklist status",
      "Fix the sending side; do not suppress the recipient for this"}},

    /* ====================================================================
     * 4. Providers
     * ==================================================================== */

    /* ---- Gmail / Google Workspace ---- */
    {R(USERUNKNOWN), "5.1.1", "gmail",
     "Gmail says the account does not exist (\"The email account that you tried to reach does "
     "not exist\"). Gmail answers this only for addresses it has never had or has deleted, so it "
     "is a hard bounce.",
     {"A typo in the part before @gmail.com",
      "A deleted Google account",
      "An address that was never real (bought, scraped or made up)",
      "Stray spaces or dots where they change a Workspace address"},
     {"Remove the address from your list now; never retry it",
      "Check for typos, including in the domain: gmial.com, gmal.com, gmail.co",
      "Verify addresses at signup and use double opt-in",
      "Keep your user-unknown rate near zero: Gmail reads it as a sign of a poor list"}},

    {R(SUSPEND), "5.2.1", "gmail",
     "Gmail says the account is disabled (\"The email account that you tried to reach is "
     "disabled\"). Google switches off accounts that are unused for a long time or that broke its "
     "rules, and may delete them later.",
     {"A Google account inactive for about two years",
      "An account suspended by Google or by a Workspace administrator"},
     {"Stop mailing the address now; it is very unlikely to come back",
      "Suppress it after one more failure of the same kind",
      "Remove long-inactive subscribers before they turn into bounces"}},

    {R(SUSPEND), "4.2.1", "gmail",
     "Gmail uses 4.2.1 when one recipient is getting mail faster than it will deliver (\"receiving "
     "mail at a rate that prevents additional messages from being delivered\"). The account "
     "works; it is a per-recipient rate limit.",
     {"Many messages to the same Gmail user in a short time",
      "A notification system that sends one message per event"},
     {"Let the deferred messages retry",
      "Send fewer messages to the same recipient; batch notifications into digests",
      "Do not suppress the address for this"}},

    {R(SPEEDING), "4.2.1", "gmail",
     "Gmail is deferring mail to this one recipient because they are getting messages too fast. "
     "The account works; slow down for this address.",
     {"Many messages to the same Gmail user in a short time",
      "A notification system that sends one message per event"},
     {"Let the deferred messages retry",
      "Batch notifications to the same recipient into digests",
      "Do not suppress the address for this"}},

    {R(MAILBOXFULL), "X.2.2", "gmail",
     "The Gmail account is out of storage (\"over quota\" or \"out of storage space\"). Gmail "
     "shares storage with Drive and Photos, so it fills up even on quiet inboxes.",
     {"The owner's Google storage is full",
      "An abandoned account that keeps collecting mail"},
     {"Retry later; mail flows again once the owner frees space",
      "Suppress the address if it stays full over several weeks",
      "Keep messages small"}},

    {R(EXCEEDLIMIT), "X.2.3", "gmail",
     "The message is larger than Gmail accepts. Gmail caps incoming messages at 50 MB, "
     "encoding included, so attachments count about a third more than their file size.",
     {"Large attachments", "Attachments grown by base64 encoding"},
     {"Send large files as links (for example to a file share)",
      "Compress images and documents",
      "Do not resend the same message unchanged"}},

    {R(AUTHFAILURE), "X.7.26", "gmail",
     "Gmail refused or deferred the message because it is unauthenticated: neither SPF nor DKIM "
     "passed for the sending domain, or DMARC failed. Gmail requires every sender to "
     "authenticate.",
     {"No DKIM signature and an IP missing from SPF",
      "A sending service set up without your domain's DNS records",
      "A DMARC policy of reject or quarantine with nothing aligned"},
     {"Make SPF pass for every sending service and sign with DKIM",
      "Publish a DMARC record (p=none at least) and align SPF or DKIM with From",
      "Above 5,000 messages a day to Gmail: SPF, DKIM and DMARC are all required",
      "Check a test message's \"Show original\" view in Gmail"}},

    {R(AUTHFAILURE), NULL, "gmail",
     "Gmail found the message does not meet its authentication requirements. Its replies name "
     "the gap: 4.7.27/5.7.27 SPF, 4.7.30/5.7.30 DKIM, 4.7.32/5.7.32 From not aligned, "
     "4.7.40/5.7.40 no DMARC policy.",
     {"SPF does not pass for the sending IP",
      "The message is not DKIM-signed, or the signature breaks",
      "SPF and DKIM pass only for another domain than the one in From",
      "No DMARC record for a bulk sender"},
     {"Fix the part the code names; a 4.7.x gives you time, a 5.7.x is a refusal",
      "Sign with DKIM for the From domain and publish DMARC (p=none at least)",
      "Bulk senders also need forward-confirmed reverse DNS, TLS and one-click unsubscribe",
      "Check compliance in Google Postmaster Tools"}},

    {R(REJECTED), "X.7.27", "gmail",
     "From Gmail, 4.7.27 and 5.7.27 mean that SPF did not pass for your sending domain, not "
     "the registry's null-MX meaning. A 4.7.27 defers; a 5.7.27 refuses.",
     {"The sending IP or service is missing from the SPF record",
      "No SPF record at all for the envelope sender's domain"},
     {"Add every sending service to the domain's SPF record",
      "Also sign with DKIM so one passing method aligns with From",
      "Do not suppress the recipient for this"}},

    {R(FAILEDSTARTTLS), "X.7.30", "gmail",
     "From Gmail, 4.7.30 and 5.7.30 mean the message lacks a passing DKIM signature, not the "
     "registry's REQUIRETLS meaning.",
     {"The message is not DKIM-signed",
      "The signature breaks, or its key is not published in DNS"},
     {"Sign all mail with DKIM for your domain",
      "Publish the public key at the selector the signature names",
      "Do not suppress the recipient for this"}},

    {R(SECURITYERROR), "X.7", "gmail",
     "Gmail uses its own X.7 detail codes for its sender requirements, for example 4.7.32/5.7.32 "
     "(From domain not aligned with SPF or DKIM) and 4.7.40/5.7.40 (no DMARC policy).",
     {"SPF or DKIM passes only for a domain other than the From domain",
      "No DMARC record for the sending domain",
      "Another unmet sender requirement named in the reply"},
     {"Read the reply text and the Google help link in it",
      "Align SPF or DKIM with the From domain and publish DMARC",
      "Check compliance in Google Postmaster Tools"}},

    {R(SECURITYERROR), "X.7.0", "gmail",
     "Gmail uses 4.7.0 and 5.7.0 for several refusals: a message that looks suspicious, a "
     "sending IP or domain with very low reputation, missing authentication, or TLS that a "
     "domain requires. The reply text tells which.",
     {"Low reputation of the sending IP or domain",
      "SPF or DKIM not passing",
      "A Google Workspace domain that requires TLS or only accepts listed IPs"},
     {"Read the reply text and the Google help link in it",
      "Check SPF, DKIM and DMARC, and reputation in Postmaster Tools",
      "Let 4.7.0 deferrals retry at a lower rate",
      "Do not suppress the recipient for this"}},

    {R(REJECTED), "5.7.1", "gmail",
     "Gmail uses 5.7.1 for several refusals: likely spam, a sending IP not allowed to deliver "
     "directly, low reputation, or a Workspace domain's own rules. The reply text tells which.",
     {"Content or sending patterns that look like spam",
      "A dynamic or residential sending IP",
      "Low reputation of the IP or domain",
      "A Workspace administrator's restriction on who may send"},
     {"Read the reply text and the Google help link in it",
      "Send through a relay or ESP if the IP may not deliver directly",
      "Check reputation and spam rate in Google Postmaster Tools",
      "Do not suppress the recipient for this"}},

    {R(SPAMDETECTED), NULL, "gmail",
     "Gmail judged the message likely to be unsolicited mail and refused it (\"Our system has "
     "detected that this message is likely unsolicited mail\").",
     {"Recipients mark your mail as spam",
      "Content or links that resemble spam",
      "A sudden change in volume or content",
      "Missing authentication"},
     {"Keep the spam rate in Postmaster Tools under 0.1% and never reach 0.3%",
      "Mail only people who opted in; remove inactive subscribers",
      "Authenticate with SPF, DKIM and DMARC",
      "Offer one-click unsubscribe"}},

    {R(BADREPUTATION), NULL, "gmail",
     "Gmail thinks too poorly of your sending IP or domain to take its mail now (\"very low "
     "reputation of the sending IP address/domain\"). It recovers only when the mail people get "
     "from you improves.",
     {"High spam-complaint rates",
      "Mail to many invalid addresses or spam traps",
      "A new IP or domain sending a lot at once"},
     {"Check IP and domain reputation in Google Postmaster Tools",
      "Slow down and send only to your most engaged recipients for a while",
      "Remove bouncing and unengaged addresses",
      "Do not suppress the recipient for this"}},

    {R(SPEEDING), "X.7.28", "gmail",
     "Gmail rate-limited your IP because it saw an unusual amount of mail, often unwanted, from "
     "it (\"unusual rate of unsolicited mail originating from your IP address\").",
     {"A big send to Gmail addresses at once",
      "A new or cold IP",
      "Complaints about recent mail from the IP"},
     {"Let the deferred mail retry; do not force a resend",
      "Lower the rate to Gmail and warm up new IPs gradually",
      "Check the spam rate in Google Postmaster Tools"}},

    {R(SPEEDING), NULL, "gmail",
     "Gmail is limiting how fast it takes mail from you, or your own Gmail or Workspace account "
     "reached its daily sending limit (550 5.4.5). Mail flows again later or at a lower rate.",
     {"Too many messages or connections to Gmail at once",
      "A new IP without sending history",
      "A Gmail or Workspace account over its daily limit of messages or recipients"},
     {"Let the deferred mail retry", "Lower the sending rate to Gmail",
      "For a daily-limit notice, wait until the limit resets or send bulk mail through an ESP"}},

    {R(BLOCKED), "X.7.28", "gmail",
     "Gmail is refusing or rate-limiting mail from your IP because it saw an unusual rate of "
     "unsolicited mail from it (4.7.28 defers, 5.7.28 refuses).",
     {"A burst of mail that recipients did not want",
      "A new or cold IP sending a lot at once",
      "High spam-complaint rates"},
     {"Let deferred mail retry at a much lower rate",
      "Send only to recently engaged recipients until the rate clears",
      "Check the spam rate in Google Postmaster Tools",
      "Do not suppress the recipient for this"}},

    {R(TOOMANYCONN), NULL, "gmail",
     "Gmail limits recipients per message and per session (452-4.5.3 \"Your message has too "
     "many recipients\") and deferred the rest.",
     {"Too many RCPT TO commands in one message or connection"},
     {"Let the deferred recipients retry in a new transaction",
      "Send fewer recipients per message",
      "Do not suppress the recipients for this"}},

    {R(MESGTOOBIG), "X.3.4", "gmail",
     "The message exceeded Google's size limits. Gmail takes messages up to 50 MB, encoding "
     "included, so attachments count about a third more than their file size.",
     {"Large attachments", "Attachments grown by base64 encoding"},
     {"Share large files through a link instead",
      "Compress images and documents",
      "Do not resend the same message unchanged"}},

    {R(POLICYVIOLATION), NULL, "gmail",
     "Gmail blocked the message because of an attachment it does not allow, such as executable "
     "files or archives that contain them.",
     {"Executable or script attachments (.exe, .js, .bat and similar)",
      "Archives or documents that contain such files or macros"},
     {"Share the file through a link instead of attaching it",
      "Do not resend the same attachment"}},

    {R(FAILEDSTARTTLS), NULL, "gmail",
     "The Google Workspace domain requires TLS for incoming mail (\"must use TLS\"), and the "
     "session was not encrypted.",
     {"The sending server does not use STARTTLS",
      "A Workspace administrator set a TLS requirement for your domain"},
     {"Enable STARTTLS on the sending server",
      "Support TLS 1.2 or newer with a valid certificate"}},

    {R(REJECTED), NULL, "gmail",
     "Google refused the message for reasons tied to the sender: a Google Group that does not "
     "exist or does not let you post, or a failed \"Send mail as\" check.",
     {"The group address is wrong, or only members may post",
      "An address added under \"Send mail as\" that was not verified"},
     {"Check the group address and its posting permissions",
      "Verify the \"Send mail as\" address in Gmail settings"}},

    {R(BLOCKED), NULL, "gmail",
     "Gmail refused mail from your sending IP, for example because it is not allowed to send "
     "directly (\"The IP you're using to send mail is not authorized to send email directly to "
     "our servers\") or because it is listed as a source of abuse.",
     {"Sending from a dynamic or residential IP address",
      "An IP listed on a blocklist (often Spamhaus PBL)",
      "A Google Workspace domain that only accepts mail from listed IPs"},
     {"Send through your provider's SMTP relay or an ESP",
      "Check the IP on the blocklists and ask for removal",
      "Give the IP a matching PTR and A record",
      "Do not suppress the recipient for this"}},

    {R(REQUIREPTR), "X.7.25", "gmail",
     "Gmail requires a reverse DNS name for your sending IP that points back to the same IP, and "
     "yours does not have one.",
     {"No PTR record for the sending IP",
      "A PTR name whose A/AAAA record is a different address",
      "Sending over IPv6 without rDNS for the IPv6 address"},
     {"Ask the IP's owner to set a PTR record",
      "Make that name resolve back to the same IP",
      "Check IPv6 too, or send over IPv4 until IPv6 rDNS is set"}},

    {R(REQUIREPTR), NULL, "gmail",
     "Gmail checks that your sending IP has a reverse DNS name that points back to the same IP "
     "(4.7.23 when the names do not match, 5.7.25 when the PTR is missing).",
     {"No PTR record for the sending IP",
      "A PTR name whose A/AAAA record is a different address",
      "Sending over IPv6 without rDNS for the IPv6 address"},
     {"Ask the IP's owner to set a PTR record",
      "Make that name resolve back to the same IP",
      "Check IPv6 too, or send over IPv4 until IPv6 rDNS is set"}},

    {R(AUTHFAILURE), "X.7.23", "gmail",
     "From Gmail, 4.7.23 usually means the sending IP does not match the address of the host "
     "named in its PTR record: a reverse DNS problem more than an SPF one.",
     {"A PTR name that resolves to another IP, or not at all",
      "An SPF failure, when the reply text says so"},
     {"Make the PTR name of the sending IP resolve back to that IP",
      "Read the reply text; if it mentions SPF, fix the SPF record",
      "Do not suppress the recipient for this"}},

    {R(NOTCOMPLIANTRFC), NULL, "gmail",
     "Gmail refused the message because it is not RFC 5322 compliant, for example it has more "
     "than one Subject or From header, or no valid From.",
     {"Duplicate headers added by a template or gateway",
      "A missing or malformed From, Date or Message-ID header"},
     {"Fix the software that builds the message",
      "Check the raw message: exactly one From, Date and Subject",
      "Do not suppress the recipient for this"}},

    {R(VIRUSDETECTED), NULL, "gmail",
     "Gmail blocked the message because its content may be a security risk, usually an "
     "attachment type it does not allow or a detected threat.",
     {"Executable, script or archive files Gmail blocks",
      "Macro-enabled documents or detected malware",
      "Password-protected archives with risky content"},
     {"Share the file through a link instead of attaching it",
      "Scan the file and the sending system",
      "Do not resend the same attachment"}},

    {R(EXPIRED), NULL, "gmail",
     "Gmail, sending for one of its users, could not connect to the recipient's server for the "
     "whole retry period and gave up (\"The recipient server did not accept our requests to "
     "connect\").",
     {"The recipient's mail server was down or unreachable",
      "MX records pointing at a host that does not accept connections",
      "A firewall on the recipient's side"},
     {"Check the recipient domain's MX records and that port 25 answers",
      "Send again later if the destination is back",
      "Suppress the address if mail to it keeps expiring"}},

    /* ---- Microsoft (Outlook.com, Hotmail, Microsoft 365) ---- */
    {R(USERUNKNOWN), "5.1.10", "microsoft",
     "Microsoft 365 could not find the recipient in the organisation (\"RESOLVER.ADR."
     "RecipientNotFound; Recipient not found by SMTP address lookup\"). The address does not "
     "exist there, so this is a hard bounce.",
     {"A typo in the address",
      "A mailbox removed when an employee left",
      "An address that never existed in the organisation"},
     {"Remove the address from your list now; never retry it",
      "Check for typos such as outlok.com or hotmial.com",
      "Verify addresses at signup and use double opt-in"}},

    {R(USERUNKNOWN), "5.1.1", "microsoft",
     "Microsoft says the mailbox does not exist (\"The email account that you tried to reach "
     "doesn't exist\", or RESOLVER.ADR.RecipNotFound on Exchange). This is a hard bounce.",
     {"A typo in the address",
      "A closed Outlook.com or Hotmail account, or a removed Exchange mailbox",
      "An address that never existed"},
     {"Remove the address from your list now; never retry it",
      "Check for typos such as outlok.com or hotmial.com",
      "Verify addresses at signup and use double opt-in"}},

    {R(USERUNKNOWN), "5.4.1", "microsoft",
     "Microsoft 365 refused the recipient (\"Recipient address rejected: Access denied\"). The "
     "domain's directory-based blocking turns away addresses that do not exist in the "
     "organisation, so treat it as unknown.",
     {"An address that does not exist in the organisation",
      "A mailbox removed when its owner left"},
     {"Remove the address from your list now; never retry it",
      "If you are sure the address is valid, ask its administrator to check their "
      "accepted-domain settings"}},

    {R(NETWORKERROR), "5.4.1", "microsoft",
     "From Microsoft 365, 5.4.1 (\"Recipient address rejected: Access denied\") is not a "
     "network fault: the organisation refuses addresses it does not know.",
     {"An address that does not exist in the organisation",
      "An accepted-domain setting on the recipient's side"},
     {"Check the address; suppress it if the refusal repeats",
      "Ask the recipient's administrator if you are sure the address is valid"}},

    {R(USERUNKNOWN), NULL, "microsoft",
     "Microsoft says the mailbox does not exist or is unavailable (Outlook.com answers \"550 "
     "5.5.0 Requested action not taken: mailbox unavailable\" for unknown addresses). This is a "
     "hard bounce.",
     {"A typo in the address",
      "A closed Outlook.com or Hotmail account, or a removed Exchange mailbox",
      "An address that never existed"},
     {"Remove the address from your list now; never retry it",
      "Check for typos such as outlok.com or hotmial.com",
      "Verify addresses at signup and use double opt-in"}},

    {R(SYNTAXERROR), "5.5.0", "microsoft",
     "Outlook.com uses 550 5.5.0 (\"mailbox unavailable\") for recipients that do not exist, "
     "not for a protocol error. Check the address before blaming the sending software.",
     {"An address that does not exist at Outlook.com or Hotmail",
      "Rarely, a real protocol problem; the reply text tells"},
     {"Read the reply text: \"mailbox unavailable\" means the address is dead",
      "Suppress the address if the refusal repeats",
      "Fix the sending software only if the text names a command problem"}},

    {R(BLOCKED), "5.7", "microsoft",
     "Microsoft 365 banned your sending IP (5.7.606 to 5.7.649, \"Access denied, banned sending "
     "IP\"). Mail from that IP is refused until it is delisted.",
     {"Spam or a sudden volume jump from the IP",
      "A shared IP abused by another sender",
      "An IP with a poor history at Microsoft"},
     {"Request removal at Microsoft's delist portal (sender.office.com)",
      "Find and stop the cause before asking for removal",
      "Send through another well-kept IP or ESP meanwhile",
      "Do not suppress the recipient for this"}},

    {R(BLOCKED), "5.7.1", "microsoft",
     "Outlook.com refused mail from your IP because it or its network is on Microsoft's block "
     "list (\"part of their network is on our block list\", S3140/S3150).",
     {"The sending IP's network range has a poor reputation at Outlook.com",
      "Spam sent from the IP or its neighbours"},
     {"Ask for mitigation through Outlook.com's sender support form",
      "Sign up for SNDS and JMRP to watch your IP's data",
      "Ask your hosting provider or ISP about the range",
      "Do not suppress the recipient for this"}},

    {R(BLOCKED), NULL, "microsoft",
     "Microsoft refused mail from your sending IP (for example \"550 SC-001\" or \"banned sending "
     "IP\"). The recipient is fine; your IP is not trusted there.",
     {"The IP is on Microsoft's own block list",
      "Spam or a sudden volume jump from the IP or its network"},
     {"For Microsoft 365, request delisting at sender.office.com",
      "For Outlook.com and Hotmail, use Outlook.com's sender support form",
      "Watch the IP in SNDS; do not suppress the recipient for this"}},

    {R(BLOCKED), "5.7.750", "microsoft",
     "Microsoft 365 blocked the tenant from sending (\"Client blocked from sending from "
     "unregistered domains\"): it sends mail from domains it has not added and verified.",
     {"Mail sent with a From domain that is not an accepted domain of the tenant",
      "A new tenant sending large volumes from unverified domains"},
     {"Add and verify the sending domains in the Microsoft 365 admin center",
      "Contact Microsoft support to lift the block",
      "Do not suppress the recipient for this"}},

    {R(SECURITYERROR), "5.7.1", "microsoft",
     "The recipient, often a distribution group, accepts mail only from authenticated senders "
     "inside its organisation (RESOLVER.RST.AuthRequired).",
     {"A group or mailbox restricted to internal senders"},
     {"Ask the recipient's administrator to allow external senders, or you",
      "Reach the person through another address",
      "Do not suppress the recipient address for this alone"}},

    {R(REJECTED), "5.4.1", "microsoft",
     "Microsoft 365 refused all recipients (\"All recipient addresses rejected: Access "
     "denied\"): its directory does not know them.",
     {"Addresses that do not exist in the organisation",
      "An accepted-domain setting on the recipient's side"},
     {"Check the addresses; they are probably wrong or gone",
      "Ask the recipient's administrator if you are sure they are valid"}},

    {R(FILTERED), NULL, "microsoft",
     "The Microsoft recipient blocks your address (\"on the recipient's blocked senders "
     "list\") or does not accept mail from you.",
     {"The recipient added you to their blocked senders",
      "A mailbox or group that accepts mail only from certain senders"},
     {"Stop mailing the address unless the recipient asks for your mail again",
      "Suppress it if every message is refused the same way"}},

    {R(TOOMANYCONN), NULL, "microsoft",
     "Microsoft is throttling your connections or recipients (\"Server busy, please try again "
     "later\", or too many recipients in one message).",
     {"Too many connections from a new or cold IP",
      "Too many recipients per message"},
     {"Let the deferred mail retry",
      "Lower parallel connections and recipients per message to Microsoft",
      "Watch the IP in SNDS"}},

    {R(BADREPUTATION), "4.7.650", "microsoft",
     "Microsoft is rate-limiting your IP because of its reputation (\"temporarily rate limited "
     "due to IP reputation\"). Mail is deferred, not refused.",
     {"A new IP without history at Microsoft",
      "Complaints or spam-trap hits from recent mail"},
     {"Let the deferred mail retry at a lower rate",
      "Warm up the IP gradually",
      "Watch the IP in SNDS and join JMRP for complaints"}},

    {R(BADREPUTATION), "5.7.708", "microsoft",
     "Microsoft refuses traffic from this IP because of its reputation (\"Access denied, "
     "traffic not accepted from this IP\"), often an IP or tenant with little sending history.",
     {"A new or little-used sending IP",
      "Suspicious traffic seen from the IP or tenant"},
     {"Send through an IP with a good history",
      "Request delisting at sender.office.com if the IP is yours",
      "Do not suppress the recipient for this"}},

    {R(BLOCKED), "5.7.708", "microsoft",
     "Microsoft refuses traffic from this IP (\"Access denied, traffic not accepted from this "
     "IP\"), because of its poor or missing reputation.",
     {"A new or little-used sending IP",
      "Suspicious traffic seen from the IP or tenant"},
     {"Send through an IP with a good history",
      "Request delisting at sender.office.com if the IP is yours",
      "Do not suppress the recipient for this"}},

    {R(REJECTED), "5.7.1", "microsoft",
     "Microsoft uses 5.7.1 both for IPs on its block list (\"part of their network is on our "
     "block list\") and for recipients that do not take mail from you (\"Delivery not "
     "authorized\"). The reply text tells which.",
     {"The sending IP or its network is on Outlook.com's block list",
      "A Microsoft 365 recipient or group that only accepts certain senders"},
     {"For a block list entry, ask for mitigation through Outlook.com's sender support form",
      "For a restricted recipient, ask them or their administrator to allow you",
      "Do not suppress the recipient for this"}},

    {R(SPEEDING), NULL, "microsoft",
     "Microsoft is throttling your mail (4.7.500-699 deferrals), or your Microsoft 365 tenant or "
     "Outlook.com account went over its sending limits (5.7.7xx, daily limits).",
     {"A new or cold IP sending a lot",
      "A sharp jump in volume to Outlook.com",
      "A tenant or account over its sending threshold"},
     {"Let the deferred mail retry; do not force a resend",
      "Ramp up volume gradually",
      "Watch the IP in SNDS"}},

    {R(AUTHFAILURE), NULL, "microsoft",
     "Microsoft refused the message for failed authentication, for example 5.7.509 (DMARC reject "
     "policy) or 5.7.515 (the sending domain does not meet the required authentication level "
     "for high-volume senders).",
     {"SPF or DKIM failing, or not aligned with the From domain",
      "No DMARC record, which Outlook.com requires from high-volume senders",
      "A DMARC policy of reject on the From domain"},
     {"Make SPF and DKIM pass and align with the From domain",
      "Publish a DMARC record (p=none at least)",
      "Check a test message's Authentication-Results header",
      "Do not suppress the recipient for this"}},

    {R(SECURITYERROR), "X.7", "microsoft",
     "Microsoft uses its own X.7 detail codes: 5.7.606-649 banned sending IP, 5.7.509/5.7.515 "
     "authentication, 5.7.7xx sending limits of a Microsoft 365 tenant, 4.7.650 reputation "
     "throttling.",
     {"A blocked or low-reputation sending IP",
      "Failed SPF, DKIM or DMARC",
      "A Microsoft 365 tenant that went over its sending limits"},
     {"Read the reply text and the Microsoft link in it",
      "For banned IPs, request delisting at sender.office.com",
      "Fix authentication or sending limits as the code says"}},

    {R(SPAMDETECTED), NULL, "microsoft",
     "Microsoft's content filtering judged the message to be spam and refused it.",
     {"Content or links that resemble spam",
      "Complaints about earlier mail",
      "Missing authentication"},
     {"Review the content and linked domains",
      "Authenticate with SPF, DKIM and DMARC",
      "Join JMRP to see complaints from Outlook.com users"}},

    {R(NORELAYING), NULL, "microsoft",
     "Microsoft 365 refused to relay the message (for example 5.7.64 TenantAttribution or 5.7.54 "
     "\"Unable to relay\"): it could not tie the connection to an organisation allowed to relay.",
     {"A missing or wrong inbound connector in Microsoft 365",
      "A certificate or IP that does not match the connector",
      "Mail sent to the wrong MX host"},
     {"Check the organisation's connectors and their certificate or IP settings",
      "Deliver to the domain's published MX host"}},

    {R(FEEDBACK), NULL, "microsoft",
     "An Outlook.com or Hotmail user reported your message as junk, through Microsoft's Junk "
     "Mail Reporting Program (JMRP).",
     {"The recipient did not want the message"},
     {"Stop mailing the address now",
      "Review how the address was collected and how often you mail",
      "Watch complaint data in JMRP and SNDS"}},

    /* ---- Yahoo ---- */
    {R(USERUNKNOWN), NULL, "yahoo",
     "Yahoo says there is no such account (\"dd This user doesn't have a yahoo.com account\"). "
     "The mailbox does not exist, so this is a hard bounce.",
     {"A typo in the address or the domain (yaho.com, yahooo.com)",
      "A Yahoo account closed or deleted, for example after long inactivity",
      "An address that never existed"},
     {"Remove the address from your list now; never retry it",
      "Check for typos such as yaho.com or yahho.com",
      "Verify addresses at signup and use double opt-in"}},

    {R(SUSPEND), NULL, "yahoo",
     "Yahoo says the mailbox is disabled (\"This mailbox is disabled\"). Yahoo disables accounts "
     "that are not used for a long time and deletes them later.",
     {"An account inactive for about a year",
      "An account suspended by Yahoo"},
     {"Stop mailing the address; it rarely comes back",
      "Suppress it if the next send fails the same way"}},

    {R(BADREPUTATION), NULL, "yahoo",
     "Yahoo is deferring your mail because of complaints or unusual volume, with codes such as "
     "[TS01], [TS02] or [TSS04] (\"temporarily deferred due to unexpected volume or user "
     "complaints\").",
     {"Recipients mark your mail as spam",
      "A sudden jump in volume, or a new IP",
      "Mail to old or unengaged addresses"},
     {"Let the deferred mail retry; back off the sending rate",
      "Remove unengaged and bouncing addresses",
      "Join Yahoo's Complaint Feedback Loop and remove complainers",
      "Check the error code list on Yahoo's postmaster site"}},

    {R(SPEEDING), NULL, "yahoo",
     "Yahoo is deferring your mail because of its volume or rate ([TSS04] and similar "
     "\"temporarily deferred\" replies).",
     {"Too many messages or connections to Yahoo at once",
      "A new IP sending at full speed"},
     {"Let the deferred mail retry; do not force a resend",
      "Lower the rate and the number of connections to Yahoo",
      "Warm up new IPs gradually"}},

    {R(BLOCKED), NULL, "yahoo",
     "Yahoo refuses mail from your IP, for example with [TS03] or [TSS09] (\"permanently "
     "deferred\") or [BL21] (listed on a public blocklist). Retrying will not help until "
     "the cause is fixed.",
     {"Sustained complaints or spam-trap hits",
      "The IP is listed on Spamhaus or another public blocklist"},
     {"Fix the cause: stop the unwanted mail and clean the list",
      "Delist the IP at the blocklist the reply names",
      "Contact Yahoo through its postmaster site once the cause is fixed",
      "Do not suppress the recipient for this"}},

    {R(SECURITYERROR), "4.7.0", "yahoo",
     "From Yahoo, 421 4.7.0 with a [TS..] or [TSS..] code is a deferral for complaints, "
     "volume or reputation, not a security fault.",
     {"Complaints from Yahoo users about your mail",
      "Unexpected volume, or a new IP without history"},
     {"Let the deferred mail retry at a lower rate",
      "Remove unengaged addresses and complainers",
      "Check the code on Yahoo's postmaster site",
      "Do not suppress the recipient for this"}},

    {R(REJECTED), "5.7.1", "yahoo",
     "Yahoo uses 5.7.1 for blocklisted IPs (for example [BL21]) and for messages that fail the "
     "From domain's DMARC policy. The reply text tells which.",
     {"The sending IP is on a public blocklist",
      "SPF and DKIM not aligned with a From domain whose DMARC policy is reject"},
     {"Delist the IP at the blocklist named in the reply",
      "Make SPF or DKIM pass and align with the From domain",
      "Do not suppress the recipient for this"}},

    {R(BLOCKED), "4.7", "yahoo",
     "Yahoo is deferring mail from your IP ([TS01], [TS02], [TSS04] and similar, \"temporarily "
     "deferred\"). It clears when complaints and volume drop; a [TS03] means retries will not "
     "help until the cause is fixed.",
     {"Complaints from Yahoo users about your mail",
      "Unexpected volume, or a new IP without history",
      "Mail to old or unengaged addresses"},
     {"Let the deferred mail retry at a lower rate",
      "Remove unengaged addresses and complainers (Complaint Feedback Loop)",
      "Check the error code page on Yahoo's postmaster site",
      "Do not suppress the recipient for this"}},

    {R(AUTHFAILURE), NULL, "yahoo",
     "Yahoo refused or deferred the message because it is not properly authenticated (\"the "
     "sender is unauthenticated\"), or because it failed the From domain's DMARC policy.",
     {"SPF or DKIM not passing for the sending domain",
      "A DMARC policy of reject on the From domain with nothing aligned",
      "Sending with a From address at a domain you do not control"},
     {"Make SPF and DKIM pass and align with the From domain",
      "Publish DMARC (p=none at least); bulk senders must",
      "Never send with From addresses of yahoo.com, aol.com or other free-mail domains",
      "Do not suppress the recipient for this"}},

    {R(POLICYVIOLATION), NULL, "yahoo",
     "Yahoo refused the message for policy reasons (\"Message not accepted for policy "
     "reasons\"), usually its content, its reputation or its authentication.",
     {"Content or links that Yahoo considers abusive",
      "A poor reputation for the sending domain",
      "Missing or failing authentication"},
     {"Check SPF, DKIM and DMARC",
      "Review content and linked domains",
      "Read the error code page on Yahoo's postmaster site"}},

    {R(SECURITYERROR), "X.7.9", "yahoo",
     "From Yahoo, 5.7.9 is a policy or authentication refusal (\"Message not accepted for policy "
     "reasons\" or an unauthenticated sender), not a weak login method.",
     {"SPF, DKIM or DMARC not passing",
      "Content or reputation problems"},
     {"Check SPF, DKIM and DMARC for the From domain",
      "Read the error code page on Yahoo's postmaster site",
      "Do not suppress the recipient for this"}},

    {R(POLICYVIOLATION), "X.7.9", "yahoo",
     "Yahoo refused the message for policy reasons (5.7.9, \"Message not accepted for policy "
     "reasons\"), usually its content, reputation or authentication.",
     {"Content or links that Yahoo considers abusive",
      "A poor reputation for the sending domain",
      "Missing or failing authentication"},
     {"Check SPF, DKIM and DMARC",
      "Review content and linked domains",
      "Read the error code page on Yahoo's postmaster site",
      "Do not suppress the recipient for this"}},

    {R(FEEDBACK), NULL, "yahoo",
     "A Yahoo user reported your message as spam, and Yahoo's Complaint Feedback Loop passed it "
     "on to you.",
     {"The recipient did not want the message"},
     {"Stop mailing the address now",
      "Keep the complaint rate under 0.1%; Yahoo acts when it nears 0.3%",
      "Offer one-click unsubscribe"}},

    /* ---- AOL (runs on Yahoo's mail system) ---- */
    {R(USERUNKNOWN), NULL, "aol",
     "AOL says there is no such account (\"dd This user doesn't have a aol.com account\"). "
     "AOL mail runs on Yahoo's servers; the mailbox does not exist, so this is a hard bounce.",
     {"A typo in the address",
      "An AOL account closed or deleted after long inactivity",
      "An address that never existed"},
     {"Remove the address from your list now; never retry it",
      "Check for typos in the address and domain (aol.con, aoll.com)",
      "Verify addresses at signup and use double opt-in"}},

    {R(BADREPUTATION), NULL, "aol",
     "AOL (on Yahoo's mail system) is deferring your mail because of complaints or unusual "
     "volume, with the same [TS..]/[TSS..] codes as Yahoo.",
     {"Complaints from recipients",
      "A sudden jump in volume or a new IP"},
     {"Let the deferred mail retry; back off the rate",
      "Remove unengaged addresses and complainers",
      "Use Yahoo's postmaster site: it covers AOL too"}},

    {R(BLOCKED), NULL, "aol",
     "AOL (on Yahoo's mail system) refuses mail from your IP, because of sustained complaints or "
     "a public blocklist listing.",
     {"Sustained complaints or spam-trap hits",
      "The IP is listed on a public blocklist"},
     {"Fix the cause and delist the IP where it is listed",
      "Contact Yahoo's postmaster site, which covers AOL",
      "Do not suppress the recipient for this"}},

    {R(SECURITYERROR), "4.7.0", "aol",
     "From AOL (on Yahoo's mail system), 421 4.7.0 with a [TS..] or [TSS..] code is a deferral "
     "for complaints, volume or reputation.",
     {"Complaints about your mail", "Unexpected volume, or a new IP"},
     {"Let the deferred mail retry at a lower rate",
      "Remove unengaged addresses and complainers",
      "Do not suppress the recipient for this"}},

    {R(BLOCKED), "4.7", "aol",
     "AOL (on Yahoo's mail system) is deferring mail from your IP with Yahoo's [TS..]/[TSS..] "
     "codes. It clears when complaints and volume drop.",
     {"Complaints about your mail", "Unexpected volume, or a new IP"},
     {"Let the deferred mail retry at a lower rate",
      "Remove unengaged addresses and complainers",
      "Do not suppress the recipient for this"}},

    {R(AUTHFAILURE), NULL, "aol",
     "AOL (on Yahoo's mail system) refused the message for failed authentication or the From "
     "domain's DMARC policy.",
     {"SPF or DKIM not passing or not aligned",
      "A From address at a domain you do not control"},
     {"Make SPF and DKIM pass and align with the From domain",
      "Publish DMARC",
      "Do not suppress the recipient for this"}},

    {R(FEEDBACK), NULL, "aol",
     "An AOL user reported your message as spam; the complaint came through Yahoo's Complaint "
     "Feedback Loop, which covers AOL.",
     {"The recipient did not want the message"},
     {"Stop mailing the address now", "Offer one-click unsubscribe"}},

    /* ---- Apple iCloud ---- */
    {R(USERUNKNOWN), "5.1.1", "icloud",
     "iCloud Mail says the address does not exist (for example \"user does not exist\" or an "
     "unknown alias). The address is invalid, so this is a hard bounce.",
     {"A typo in the address (icloud.com, me.com or mac.com)",
      "A deleted Apple Account address or a removed alias"},
     {"Remove the address from your list now; never retry it",
      "Check the address and its domain for typos",
      "Verify addresses at signup"}},

    {R(USERUNKNOWN), NULL, "icloud",
     "iCloud Mail says the address does not exist. The address is invalid, so this is a hard "
     "bounce.",
     {"A typo in the address (icloud.com, me.com or mac.com)",
      "A deleted Apple Account address or a removed alias"},
     {"Remove the address from your list now; never retry it",
      "Check the address and its domain for typos",
      "Verify addresses at signup"}},

    {R(MAILBOXFULL), "X.2.2", "icloud",
     "The iCloud mailbox is full. iCloud Mail shares the owner's iCloud storage (5 GB on free "
     "plans) with backups and photos, so it fills up often.",
     {"The owner's iCloud storage is used up by backups or photos",
      "An abandoned account"},
     {"Retry later", "Suppress the address if it stays full over several weeks"}},

    {R(BLOCKED), NULL, "icloud",
     "iCloud Mail refused mail from your IP or domain (\"Blocked\" with a link to Apple's "
     "support pages, or [HM08] \"rejected due to local policy\").",
     {"A poor reputation of the sending IP or domain",
      "Missing reverse DNS or failing authentication",
      "Spam or complaints from iCloud users"},
     {"Follow the Apple postmaster page linked in the reply and its contact form",
      "Check SPF, DKIM, DMARC and reverse DNS",
      "Do not suppress the recipient for this"}},

    {R(SPAMDETECTED), NULL, "icloud",
     "iCloud Mail refused the message for its content ([CS01] \"Message rejected due to local "
     "policy\").",
     {"Content or links that iCloud's filters consider spam",
      "Complaints from iCloud users about similar mail"},
     {"Review the content and every linked domain",
      "Authenticate with SPF, DKIM and DMARC",
      "Send only to engaged, opted-in recipients"}},

    {R(POLICYVIOLATION), NULL, "icloud",
     "iCloud Mail refused the message under its local policy, often for reputation, "
     "authentication or content.",
     {"Content, links or volume that iCloud's filters distrust",
      "Missing authentication or reverse DNS",
      "Complaints from iCloud users"},
     {"Follow the Apple postmaster page linked in the reply",
      "Authenticate with SPF, DKIM and DMARC and set reverse DNS",
      "Send only to engaged, opted-in recipients"}},

    {R(AUTHFAILURE), NULL, "icloud",
     "iCloud Mail refused the message for failed authentication. Apple expects SPF and DKIM, "
     "and DMARC for bulk senders.",
     {"SPF or DKIM not passing", "Domains not aligned with From"},
     {"Make SPF and DKIM pass and align with the From domain",
      "Publish DMARC",
      "Do not suppress the recipient for this"}},

    /* ---- Comcast (Xfinity) ---- */
    {R(USERUNKNOWN), "5.1.1", "comcast",
     "Comcast says the address is not one of its customers (\"Not our Customer\"). The mailbox "
     "does not exist, so this is a hard bounce.",
     {"A closed Comcast or Xfinity account",
      "A typo in the address"},
     {"Remove the address from your list now; never retry it",
      "Verify addresses at signup"}},

    {R(USERUNKNOWN), NULL, "comcast",
     "Comcast says the address is not one of its customers (\"not our customer\") or is "
     "unknown. The mailbox does not exist, so this is a hard bounce.",
     {"A closed Comcast or Xfinity account",
      "A typo in the address"},
     {"Remove the address from your list now; never retry it",
      "Verify addresses at signup"}},

    {R(BLOCKED), NULL, "comcast",
     "Comcast refused mail from your IP; its replies carry a code such as BL000000 (Comcast's own "
     "list) or BL000001 (a public blocklist) that its postmaster site explains.",
     {"The IP is on Comcast's block list or a public blocklist",
      "Spam or complaints from the IP"},
     {"Look up the code on Comcast's postmaster site and follow its removal process",
      "Delist the IP on the public blocklist named",
      "Do not suppress the recipient for this"}},

    {R(TOOMANYCONN), NULL, "comcast",
     "Comcast limits connections and messages per IP (RL codes in the reply) and deferred your "
     "mail for going over them.",
     {"Too many simultaneous connections to Comcast",
      "Too many messages per connection or per hour"},
     {"Lower the number of parallel connections to Comcast",
      "Let the deferred mail retry"}},

    {R(SPEEDING), NULL, "comcast",
     "Comcast is rate-limiting your IP (RL codes in the reply) and deferred the mail.",
     {"Too many messages from the IP in a short time"},
     {"Let the deferred mail retry", "Lower the sending rate to Comcast"}},

    {R(REQUIREPTR), NULL, "comcast",
     "Comcast requires a valid reverse DNS name for the sending IP and refused mail without one.",
     {"No PTR record, or a generic one, for the sending IP"},
     {"Set a PTR record that resolves back to the IP",
      "Use the same name in HELO/EHLO"}},

    /* ---- GMX and WEB.DE (United Internet) ---- */
    {R(USERUNKNOWN), NULL, "gmx",
     "GMX or WEB.DE says the mailbox is unavailable (\"mailbox unavailable\"): the address does "
     "not exist there, so this is a hard bounce.",
     {"A typo in the address",
      "An account deleted, for example after long inactivity"},
     {"Remove the address from your list now; never retry it",
      "Verify addresses at signup and use double opt-in"}},

    {R(BLOCKED), NULL, "gmx",
     "GMX or WEB.DE refused the connection from your IP (\"IP address is block listed\" or "
     "\"Service not available\").",
     {"The IP is on GMX's own block list or a public blocklist",
      "A missing or generic reverse DNS name",
      "Spam or complaints from the IP"},
     {"Request unblocking through the GMX or WEB.DE postmaster pages",
      "Set a PTR name that resolves back to the IP",
      "Do not suppress the recipient for this"}},

    {R(REQUIREPTR), NULL, "gmx",
     "GMX and WEB.DE require a valid reverse DNS name for the sending IP that resolves back to "
     "it (\"Bad DNS PTR resource record\").",
     {"No PTR record, or a PTR name that does not resolve back to the IP"},
     {"Set a PTR record and a matching A/AAAA record",
      "Use the same name in HELO/EHLO"}},

    /* WEB.DE runs on the same platform as GMX. */
    {R(USERUNKNOWN), NULL, "webde",
     "WEB.DE says the mailbox is unavailable (\"mailbox unavailable\"): the address does not "
     "exist there, so this is a hard bounce.",
     {"A typo in the address",
      "An account deleted, for example after long inactivity"},
     {"Remove the address from your list now; never retry it",
      "Verify addresses at signup and use double opt-in"}},

    {R(BLOCKED), NULL, "webde",
     "WEB.DE refused the connection from your IP (it shares GMX's platform and block lists).",
     {"The IP is on the platform's block list or a public blocklist",
      "A missing or generic reverse DNS name"},
     {"Request unblocking through the WEB.DE postmaster pages",
      "Set a PTR name that resolves back to the IP",
      "Do not suppress the recipient for this"}},

    {R(REQUIREPTR), NULL, "webde",
     "WEB.DE requires a valid reverse DNS name for the sending IP that resolves back to it.",
     {"No PTR record, or a PTR name that does not resolve back to the IP"},
     {"Set a PTR record and a matching A/AAAA record",
      "Use the same name in HELO/EHLO"}},

    /* ---- Mail.ru ---- */
    {R(USERUNKNOWN), NULL, "mailru",
     "Mail.ru says the mailbox does not exist (\"invalid mailbox\", \"user not found\"). This is "
     "a hard bounce.",
     {"A typo in the address", "A deleted account"},
     {"Remove the address from your list now; never retry it",
      "Verify addresses at signup"}},

    {R(SUSPEND), NULL, "mailru",
     "Mail.ru says the account is disabled or blocked. It may come back, but usually does not.",
     {"An account blocked for inactivity or abuse"},
     {"Stop mailing the address for now",
      "Suppress it if it stays disabled over several sends"}},

    {R(SPAMDETECTED), NULL, "mailru",
     "Mail.ru judged the message to be spam and refused it (\"spam message rejected\"); the "
     "reply links to Mail.ru's support form.",
     {"Complaints or low engagement from Mail.ru users",
      "Content or links that resemble spam"},
     {"Check your standing in Mail.ru's postmaster service",
      "Use the support link in the reply once the cause is fixed",
      "Send only to engaged, opted-in recipients"}},

    {R(SPEEDING), NULL, "mailru",
     "Mail.ru is limiting how fast it takes mail from your IP and deferred the message.",
     {"Too many messages to Mail.ru in a short time"},
     {"Let the deferred mail retry", "Lower the sending rate to Mail.ru"}},

    /* ---- Yandex ---- */
    {R(USERUNKNOWN), NULL, "yandex",
     "Yandex says there is no such user (\"No such user!\", often with code 5.7.1). The "
     "mailbox does not exist, so this is a hard bounce.",
     {"A typo in the address", "A deleted Yandex account"},
     {"Remove the address from your list now; never retry it",
      "Verify addresses at signup"}},

    {R(REJECTED), "5.7.1", "yandex",
     "Yandex uses 5.7.1 for several refusals: an unknown user (\"No such user!\"), suspected "
     "spam, or a policy rule. The reply text tells which.",
     {"A recipient that does not exist",
      "A message judged to be spam",
      "A policy rule on the recipient's side"},
     {"Read the reply text before acting",
      "If it says \"No such user!\", remove the address now",
      "If it mentions spam, review content and authentication"}},

    {R(SPAMDETECTED), NULL, "yandex",
     "Yandex refused the message on suspicion of spam (\"Message rejected under suspicion of "
     "SPAM\").",
     {"Content or links that resemble spam",
      "Complaints from Yandex users",
      "Missing authentication"},
     {"Authenticate with SPF, DKIM and DMARC",
      "Review content and links",
      "Check your standing in Yandex's postmaster service"}},

    {R(SPEEDING), NULL, "yandex",
     "Yandex is limiting how fast it takes mail from you and deferred the message.",
     {"Too many messages to Yandex in a short time", "A new IP"},
     {"Let the deferred mail retry", "Lower the sending rate to Yandex"}},

    /* ---- QQ Mail (Tencent) ---- */
    {R(USERUNKNOWN), NULL, "qq",
     "QQ Mail says the mailbox does not exist (\"Mailbox not found\"). This is a hard bounce.",
     {"A typo in the address, often in the QQ number",
      "A closed or never-activated QQ mailbox"},
     {"Remove the address from your list now; never retry it",
      "Check the digits of numeric QQ addresses",
      "Verify addresses at signup"}},

    {R(SPAMDETECTED), NULL, "qq",
     "QQ Mail refused the message because of its content (\"Mail content denied\" or "
     "\"content is rejected\"). The reply links to Tencent's help page for the code.",
     {"Content or links that QQ's filters consider spam",
      "Complaints from QQ users"},
     {"Review the content and links",
      "Follow the help link in the reply",
      "Send only to engaged, opted-in recipients"}},

    {R(SPEEDING), NULL, "qq",
     "QQ Mail limits how often it accepts mail from you (\"Connection frequency limited\", "
     "\"Ip frequency limited\"). It answers with a 550 code, but it is a rate limit.",
     {"Too many connections or messages from your IP or domain to QQ"},
     {"Resend later at a lower rate, even though the code was 550",
      "Spread sends to QQ over time",
      "Do not suppress the recipient for this"}},

    {R(TOOMANYCONN), NULL, "qq",
     "QQ Mail limits how often your IP, domain or connection may deliver (\"Ip frequency "
     "limited\", \"Domain frequency limited\"). It answers 550, but it is a rate limit.",
     {"Too many connections or messages from your IP or domain to QQ"},
     {"Resend later at a lower rate, even though the code was 550",
      "Use fewer parallel connections to QQ",
      "Do not suppress the recipient for this"}},

    {R(BLOCKED), NULL, "qq",
     "QQ Mail refused mail from your IP or domain.",
     {"A poor reputation of the IP or domain at Tencent",
      "Spam or complaints from the IP"},
     {"Follow the help link in the reply",
      "Fix authentication and list quality before sending again",
      "Do not suppress the recipient for this"}},

    /* ====================================================================
     * Fallback for any reason
     * ==================================================================== */
    {ANY, NULL, NULL,
     "The receiving side reported a failure that bouncekit could not tie to a specific cause.",
     {"A reply with little or no explanation"},
     {"Read the full reply text for details", "Let the normal retry schedule run"}},
};
const size_t bk__explanations_count = sizeof bk__explanations / sizeof bk__explanations[0];
