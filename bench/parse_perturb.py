#!/usr/bin/env python3
"""Perturbation check for `bouncekit parse`.

For every bounce of the development corpus, write variants that a real
bounce of the same kind could just as well have been, parse originals and
variants, and count the messages whose decoded verdicts moved.  A change
means the parser leans on an accident of the sample (an address's length,
a boundary string, the transfer encoding, header folding, the size of the
returned message, line ends) rather than on the format.

Variant kinds:
  rcpt-long    each failed recipient address replaced, consistently, by a
               longer one (dots and plus in the local part, upper-case domain)
  rcpt-long-rewrap  the same, the text then wrapped at 60 columns as the
               MTA would for the longer address (see rewrap)
  rcpt-short   ... by a short one in a subdomain of another domain
  rcpt-extra   (one-recipient bounces) a second recipient failing the same
               way: the recipient's paragraph of the text and its DSN block
               repeated for another address; expected: the same record
               twice, once for each address
  sender       the original sender's address (the bounce's To) replaced
               everywhere by a longer one
  boundary     new MIME boundary strings and Message-ID values
  qp, base64   the human-readable text/* parts outside the returned message
               (7bit/8bit/none) re-encoded, with Content-Transfer-Encoding
  unfold       header fields (message, MIME parts, DSN blocks) unfolded, two
               Received fields added on top
  refold       the same fields folded at 40 columns, Received fields on top
  field-case   header and DSN field names in lower case (RFC 5322 and 3464
               names are case-insensitive)
  trailing-ws  a space at the end of each header, DSN and text line (not
               inside the returned message)
  dsn-space    DSN typed values written without / with the space after ';'
               ("rfc822;a@b" <-> "rfc822; a@b")
  dsn-angle    DSN recipients in angle brackets ("rfc822; <a@b>")
  value-case   DSN keywords in another case ("Action: Failed", "RFC822;",
               "SMTP;", "DNS;")
  status-comment  "Status: 5.1.1 (comment)" (RFC 3464 fields may carry
               comments)
  dsn-blank-lines  empty lines doubled inside the delivery-status part
  dsn-no-message-fields  the DSN's per-message fields (Reporting-MTA, ...)
               left out, as some gateways write it
  global-dsn   message/delivery-status as message/global-delivery-status
               in base64 (RFC 6533 lets it be encoded)
  ctype-params multipart Content-Type parameters in the other order, the
               boundary quoted <-> unquoted where it can be
  mbox-from    the mbox "From " line removed, or one added
  subject-2047 the bounce's Subject as an RFC 2047 encoded word
  from-form    the bounce's From written in the other common form
               ("Name <addr>" <-> "addr (Name)", "addr" <-> "<addr>")
  from-local   the bounce's From local part MAILER-DAEMON <-> postmaster
               (which one an MTA signs with is configuration)
  drop-xfr     X-Failed-Recipients removed (proxies strip X- fields; the
               text still names the recipients)
  drop-hints   Auto-Submitted and Precedence fields removed (not from
               auto-replies, which RFC 3834 defines by that field)
  notice-contact  a sentence naming a help-desk address added to the
               opening of the human-readable text (a customised notice)
  notice-footer  the same sentence as a footer at the end of that text
  notice-disclaimer  a gateway's confidentiality disclaimer (with an
               address and a number) appended to that text
  blank-lines  every empty line of the human-readable text doubled
  tab-indent   indentation of the human-readable text (4 or 8 spaces) as tabs
  html-only    (multipart bounces) the text/plain part as text/html: lines
               as <br>, paragraphs as <p>, entities escaped, as mailers
               that write only HTML do
  rewrap       lines of the human-readable text longer than 60 columns
               wrapped there, continuations indented by four spaces (what
               the same MTA writes for a longer address or reply)
  no-original  the returned message part (message/rfc822, text/rfc822-headers)
               dropped
  headers-only the returned message as text/rfc822-headers (headers only)
  big-original the returned message's body made 200 KB longer
  noisy-original  the returned message's body made longer by text that
               looks like a bounce (addresses, codes, DSN-like lines): it
               is the sender's content, never the bounce's (plain-text
               bounces too, when a header block shows the copy)
  crlf         CRLF line ends
  cr           CR-only line ends (old Mac mail stores)

The variants are written to a temporary directory that is removed at the
end (--keep DIR keeps them); nothing is written into the source tree.

usage: python3 bench/parse_perturb.py [BOUNCEKIT] [--kinds k1,k2] [--show N]
                                      [--match SUBSTR] [--keep DIR]
"""
import argparse
import base64
import collections
import hashlib
import json
import os
import quopri
import re
import shutil
import subprocess
import sys
import tempfile

FIELDS = ["records", "recipient", "status", "reply_code", "reason",
          "bounce", "action"]
KINDS = ["rcpt-long", "rcpt-long-rewrap", "rcpt-short", "rcpt-extra", "sender", "boundary", "qp", "base64", "unfold",
         "refold", "field-case", "trailing-ws", "dsn-space", "dsn-angle", "value-case",
         "status-comment", "dsn-blank-lines", "dsn-no-message-fields",
         "global-dsn", "ctype-params", "mbox-from", "subject-2047", "from-form", "from-local", "drop-hints", "drop-xfr",
         "notice-contact", "notice-footer", "notice-disclaimer", "blank-lines", "tab-indent", "html-only",
         "rewrap", "no-original", "headers-only", "big-original",
         "noisy-original", "crlf", "cr"]

# ---------------------------------------------------------------- MIME walk

def split_head(data, start=0):
    """(header_end, body_start) of the header block that starts at start."""
    i = start
    n = len(data)
    while i < n:
        j = data.find(b"\n", i)
        if j < 0:
            return n, n
        if j == i:  # empty line
            return i, j + 1
        i = j + 1
    return n, n


def header_fields(block):
    """[(name_lower, value_unfolded)] of a header block (bytes)."""
    out = []
    for line in block.split(b"\n"):
        if line[:1] in (b" ", b"\t") and out:
            out[-1][1] += b" " + line.strip()
        elif b":" in line:
            name, _, val = line.partition(b":")
            out.append([name.strip().lower(), val.strip()])
    return out


def ctype_of(fields):
    ct = b"text/plain"
    params = {}
    cte = b""
    for name, val in fields:
        if name == b"content-type":
            parts = val.split(b";")
            ct = parts[0].strip().lower()
            for p in parts[1:]:
                k, _, v = p.partition(b"=")
                params[k.strip().lower()] = v.strip().strip(b'"')
        elif name == b"content-transfer-encoding":
            cte = val.strip().lower()
    return ct, params, cte


class Part:
    """One MIME entity: offsets into the message bytes."""

    def __init__(self, hstart, hend, bstart, bend, ctype, params, cte,
                 depth, inside_rfc822):
        self.hstart, self.hend = hstart, hend
        self.bstart, self.bend = bstart, bend
        self.ctype, self.params, self.cte = ctype, params, cte
        self.depth, self.inside = depth, inside_rfc822
        self.children = []


def walk(data, hstart, end, depth=0, inside=False, out=None):
    """Flat list of parts of the entity at hstart (header) .. end."""
    if out is None:
        out = []
    hend, bstart = split_head(data, hstart)
    bstart = min(bstart, end)
    hend = min(hend, end)
    fields = header_fields(data[hstart:hend])
    ct, params, cte = ctype_of(fields)
    part = Part(hstart, hend, bstart, end, ct, params, cte, depth, inside)
    out.append(part)
    if depth > 8:
        return out
    if ct.startswith(b"multipart/") and params.get(b"boundary"):
        delim = b"--" + params[b"boundary"]
        # delimiter lines
        pos = []
        i = bstart
        while i < end:
            if data.startswith(delim, i):
                rest = data[i + len(delim):i + len(delim) + 2]
                pos.append((i, rest.startswith(b"--")))
            j = data.find(b"\n", i, end)
            if j < 0:
                break
            i = j + 1
        for k, (p, closing) in enumerate(pos):
            if closing:
                break
            lend = data.find(b"\n", p, end)
            if lend < 0:
                break
            cstart = lend + 1
            cend = pos[k + 1][0] - 1 if k + 1 < len(pos) else end
            if cend < cstart:
                cend = cstart
            walk(data, cstart, cend, depth + 1, inside, out)
    elif ct in (b"message/rfc822", b"message/global") and not inside:
        walk(data, bstart, end, depth + 1, True, out)
    return out


# ------------------------------------------------------------- perturbations

def new_long_addr(addr, i):
    local, _, dom = addr.rpartition(b"@")
    clean = re.sub(rb"[^A-Za-z0-9]", b"", local)[:12] or b"x"
    return b"first.middle.last+tag-%d.%s@%s" % (i, clean.lower(),
                                                  dom.upper())


def new_short_addr(addr, i):
    return b"q%d@mx.sub.example-%d.net" % (i, i)


def replace_addresses(data, recips, maker):
    """Replace each recipient address (case-insensitive) everywhere."""
    mapping = {}
    for i, r in enumerate(sorted(set(recips), key=len, reverse=True)):
        mapping[r.encode().lower()] = maker(r.encode(), i + 1)
    if not mapping:
        return None, None
    pat = re.compile(b"|".join(re.escape(r) for r in
                               sorted(mapping, key=len, reverse=True)),
                     re.IGNORECASE)

    # do not replace inside a longer address (x@a.com inside xx@a.com.au)
    def sub(m):
        s, e = m.start(), m.end()
        before = data[s - 1:s]
        after = data[e:e + 1]
        if before and re.match(rb"[A-Za-z0-9._+-]", before):
            return m.group(0)
        if after and re.match(rb"[A-Za-z0-9-]", after):
            return m.group(0)
        if after == b"." and re.match(rb"\.[A-Za-z0-9]", data[e:e + 2]):
            return m.group(0)
        return mapping.get(m.group(0).lower(), m.group(0))
    out = pat.sub(sub, data)
    if out == data:
        return None, None
    back = {v.decode("utf-8", "replace").lower(): k.decode("utf-8", "replace")
            for k, v in mapping.items()}
    return out, back


EXTRA = "dana.q.extra+2@other-dest.example.net"


def perturb_extra(data, parts, recips):
    """Repeat the paragraph (text) and the DSN block naming the only
    recipient for another address."""
    if len(set(r.lower() for r in recips)) != 1 or re.search(rb"\nFrom ", data):
        return None, None
    r = recips[0].encode()
    pat = re.compile(re.escape(r), re.IGNORECASE)
    edits = []
    spans = [(p.bstart, p.bend) for p in text_parts(parts)
             if p.ctype == b"text/plain"]
    for p in parts:
        if not p.inside and p.ctype in (b"message/delivery-status",
                                        b"message/global-delivery-status") \
                and p.cte in (b"", b"7bit", b"8bit"):
            spans.append((p.bstart, p.bend))
    for s0, e0 in spans:
        body = data[s0:e0]
        m = pat.search(body)
        if not m:
            continue
        # the paragraph around the first mention
        ps = body.rfind(b"\n\n", 0, m.start())
        ps = 0 if ps < 0 else ps + 2
        pe = body.find(b"\n\n", m.end())
        pe = len(body) if pe < 0 else pe + 1
        para = body[ps:pe]
        # only a paragraph about the recipient: it names it on its first
        # line; not a JSON notification or a copy of the message
        first = para.split(b"\n", 1)[0]
        if not pat.search(first) or para.lstrip().startswith(b"{") or \
                re.search(rb"(?mi)^(to|from|received|subject):", para):
            return None, None
        if not para.endswith(b"\n"):
            para += b"\n"
        if len(pat.findall(body)) != len(pat.findall(para)):
            return None, None  # named elsewhere too: the copy would differ
        copy = pat.sub(EXTRA.encode(), para)
        edits.append((s0 + pe, s0 + pe, b"\n" + copy))
    if not edits:
        return None, None
    out = []
    last = 0
    for at, _, rep in sorted(edits):
        out.append(data[last:at])
        out.append(rep)
        last = at
    out.append(data[last:])
    return b"".join(out), {EXTRA: recips[0].lower(), "__extra__": "1"}


def perturb_boundary(data, parts):
    out = data
    n = 0
    for p in parts:
        b = p.params.get(b"boundary")
        if not b or not p.ctype.startswith(b"multipart/"):
            continue
        n += 1
        nb = b"=_Part_%d_%s.perturbed-boundary" % (
            n, hashlib.sha1(b).hexdigest()[:7].encode())
        # parameter value, then delimiter lines
        out = re.sub(rb'(boundary\s*=\s*"?)' + re.escape(b) + rb'("?)',
                     lambda m: m.group(1) + nb + m.group(2), out, count=1,
                     flags=re.IGNORECASE)
        out = re.sub(rb"(^|\n)--" + re.escape(b), lambda m: m.group(1) +
                     b"--" + nb, out)
    def mid(m):
        h = hashlib.sha1(m.group(2)).hexdigest()[:10].encode()
        return m.group(1) + b"<perturbed." + h + b".1234@relay.mx.example.com>"
    out2 = re.sub(rb"(\n[Mm][Ee][Ss][Ss][Aa][Gg][Ee]-[Ii][Dd]:[ \t]*)"
                  rb"(<[^>\n]*>)", mid, b"\n" + out)[1:]
    return out2 if out2 != data else None


def text_parts(parts):
    return [p for p in parts
            if not p.inside and p.ctype.startswith(b"text/")
            and p.ctype != b"text/rfc822-headers"
            and p.cte in (b"", b"7bit", b"8bit")
            and p.bend > p.bstart]


def set_cte(header, cte):
    """Header block with Content-Transfer-Encoding set to cte."""
    lines = header.split(b"\n")
    out = []
    skip = False
    for ln in lines:
        if skip and ln[:1] in (b" ", b"\t"):
            continue
        skip = False
        if ln.lower().startswith(b"content-transfer-encoding:"):
            skip = True
            continue
        out.append(ln)
    while out and out[-1] == b"":
        out.pop()
    out.append(b"Content-Transfer-Encoding: " + cte)
    return b"\n".join(out)


def encode_body(body, how):
    if how == "qp":
        enc = quopri.encodestring(body)
    else:
        b = base64.b64encode(body)
        enc = b"\n".join(b[i:i + 76] for i in range(0, len(b), 76)) + b"\n"
    if not enc.endswith(b"\n"):
        enc += b"\n"
    return enc


def perturb_encoding(data, parts, how):
    tps = text_parts(parts)
    if not tps:
        return None
    # top-level single part: the whole body (a plain-text bounce)
    edits = []
    for p in tps:
        if p.depth == 0 and p is not parts[0]:
            continue
        body = data[p.bstart:p.bend]
        edits.append((p.hstart, p.bend, set_cte(data[p.hstart:p.hend], how
                                                 .replace("qp", "quoted-printable")
                                                 .encode()) +
                      b"\n\n" + encode_body(body, how)))
    return apply_edits(data, edits)


def apply_edits(data, edits):
    if not edits:
        return None
    edits.sort()
    out = []
    last = 0
    for s, e, rep in edits:
        if s < last:
            continue
        out.append(data[last:s])
        out.append(rep)
        last = e
    out.append(data[last:])
    return b"".join(out)


RECEIVED = (b"Received: from mx-in-07.perturbed.example.org (mx-in-07."
            b"perturbed.example.org [198.51.100.77])\n\tby mail.perturbed."
            b"example.com (Postfix) with ESMTPS id 4AbCdEfGhIj\n\tfor "
            b"<postmaster@perturbed.example.com>; Mon, 2 Jan 2023 "
            b"10:11:12 +0000 (UTC)\n"
            b"Received: from localhost (localhost [127.0.0.1])\n\tby "
            b"mx-in-07.perturbed.example.org (Postfix) with ESMTP id "
            b"77AA1BB2CC3;\n\tMon, 2 Jan 2023 10:11:11 +0000 (UTC)\n")


def unfold_block(block):
    return re.sub(rb"\n[ \t]+", b" ", block)


def fold_block(block, width=40):
    out = []
    for ln in unfold_block(block).split(b"\n"):
        if len(ln) <= width or b":" not in ln:
            out.append(ln)
            continue
        cur = b""
        # fold before whitespace once the line passed width
        for tok in re.split(rb"(?=[ \t])", ln):
            if cur and len(cur) + len(tok) > width and tok[:1] in (b" ",
                                                                   b"\t") \
                    and cur.strip() and not cur.rstrip().endswith(b":"):
                out.append(cur)
                cur = tok
            else:
                cur += tok
        out.append(cur)
    return b"\n".join(out)


def dsn_blocks(data, p):
    """Offsets of the field blocks of a delivery-status part."""
    blocks = []
    i = p.bstart
    while i < p.bend:
        # skip blank lines
        while i < p.bend and data[i:i + 1] == b"\n":
            i += 1
        if i >= p.bend:
            break
        j = data.find(b"\n\n", i, p.bend)
        e = p.bend if j < 0 else j
        blocks.append((i, e))
        i = e + 1
    return blocks


def perturb_folding(data, parts, how):
    edits = []
    f = unfold_block if how == "unfold" else fold_block
    for p in parts:
        if p.inside:
            continue
        blk = data[p.hstart:p.hend]
        edits.append((p.hstart, p.hend, f(blk)))
        if p.ctype in (b"message/delivery-status",
                       b"message/global-delivery-status") and \
                p.cte in (b"", b"7bit", b"8bit"):
            for s, e in dsn_blocks(data, p):
                edits.append((s, e, f(data[s:e])))
    out = apply_edits(data, edits)
    out = out if out is not None else data
    at = 0
    if out.startswith(b"From "):  # mbox separator line stays first
        at = out.find(b"\n") + 1
    return out[:at] + RECEIVED + out[at:]


def returned_parts(parts):
    return [p for p in parts if not p.inside and p.depth >= 1 and
            p.ctype in (b"message/rfc822", b"message/global",
                        b"text/rfc822-headers",
                        b"message/global-headers")]


def perturb_drop(data, parts):
    rps = returned_parts(parts)
    if not rps:
        return None
    p = rps[0]
    # the part from its delimiter line to just before the next delimiter
    dstart = data.rfind(b"\n--", 0, p.hstart - 1)
    if dstart < 0:
        return None
    return data[:dstart + 1] + data[p.bend + 1:] if p.bend + 1 <= len(data) \
        else data[:dstart + 1]


FILLER = (b"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
          b"eiusmod tempor\nincididunt ut labore et dolore magna aliqua. Ut "
          b"enim ad minim veniam, quis\nnostrud exercitation ullamco laboris "
          b"nisi ut aliquip ex ea commodo consequat.\n\n")


def filler(size):
    n = size // len(FILLER) + 1
    return (FILLER * n)[:size].rsplit(b"\n", 1)[0] + b"\n"


def rewrap_text(body, width=60):
    out = []
    for ln in body.split(b"\n"):
        # an MTA wraps its prose, not its marker lines ("----- ... -----"),
        # a session transcript (">>> RCPT TO", "<<< 550 ...") or
        # Sendmail's "550 <a@b>... User unknown" lines
        if re.match(rb"\s*([-=*#_]{2}|>>>|<<<|[245]\d\d[ -])", ln):
            out.append(ln)
            continue
        while len(ln) > width:
            cut = ln.rfind(b" ", 0, width)
            if cut <= 4 or not ln[:cut].strip():
                break
            out.append(ln[:cut])
            ln = b"    " + ln[cut + 1:].lstrip(b" ")
        out.append(ln)
    return b"\n".join(out)


def perturb_rewrap(data, parts):
    tps = [p for p in text_parts(parts) if p.ctype == b"text/plain"]
    if not tps:
        return None
    edits = []
    for p in tps:
        end = p.bend
        if p is parts[0]:
            # a plain-text bounce: stop at the returned message (first
            # header-looking block after a blank line)
            m = re.search(rb"\n\n(Return-Path|Received|Message-Id|From|To|"
                          rb"Subject|Date):", data[p.bstart:p.bend],
                          re.IGNORECASE)
            if m:
                end = p.bstart + m.start() + 1
        edits.append((p.bstart, end, rewrap_text(data[p.bstart:end])))
    out = apply_edits(data, edits)
    return out if out != data else None


NOISE = (b"\n> From: Support Team <support.team@helpdesk.example.net>\n"
         b"> Subject: Re: Undelivered Mail Returned to Sender\n>\n"
         b"> Hi, your last newsletter bounced for dana.smith@example.net:\n"
         b">   550 5.2.2 <dana.smith@example.net>: mailbox full, quota "
         b"exceeded\n"
         b">   Final-Recipient: rfc822; dana.smith@example.net\n"
         b">   Action: delayed\n>   Status: 4.4.7\n"
         b"> and for lee@example.org: 554 5.7.1 rejected as spam, host "
         b"blacklisted.\n> The account has been disabled.\n\n"
         b"Regards,\nThe list team <lists@example.com>\n")


def perturb_noisy(data, parts):
    rps = [p for p in returned_parts(parts)
           if p.ctype in (b"message/rfc822", b"message/global")]
    if not rps:
        # a plain-text bounce with the message copied in below a header
        # block: the end of the text is the returned message's body
        if parts[0].ctype.startswith(b"multipart/") or \
                not re.search(rb"\n\n(Return-Path|Received|Message-Id|"
                              rb"From|To|Subject|Date):[^\n]*\n([A-Za-z-]+:.*\n)+",
                              data[parts[0].bstart:]):
            return None
        body = data if data.endswith(b"\n") else data + b"\n"
        return body + NOISE * 3
    p = rps[0]
    inner = [q for q in parts if q.inside and q.hstart == p.bstart]
    if not inner or inner[0].ctype.startswith(b"multipart/") or \
            inner[0].cte not in (b"", b"7bit", b"8bit") or \
            inner[0].bstart >= p.bend:
        return None
    pre = data[:p.bend]
    if not pre.endswith(b"\n"):
        pre += b"\n"
    return pre + NOISE * 3 + data[p.bend:]


def perturb_big(data, parts):
    rps = [p for p in returned_parts(parts)
           if p.ctype in (b"message/rfc822", b"message/global")]
    big = filler(200 * 1024)
    if rps:
        p = rps[0]
        # the inner message's body end == part end
        at = p.bend
        pre = data[:at]
        if not pre.endswith(b"\n"):
            pre += b"\n"
        return pre + big + data[at:]
    if parts[0].ctype.startswith(b"multipart/"):
        return None
    body = data
    if not body.endswith(b"\n"):
        body += b"\n"
    return body + big


def header_blocks(data, parts, dsn=True):
    """(start, end) of every header block and DSN field block outside the
    returned message."""
    out = []
    for p in parts:
        if p.inside:
            continue
        out.append((p.hstart, p.hend))
        if dsn and p.ctype in (b"message/delivery-status",
                               b"message/global-delivery-status") and \
                p.cte in (b"", b"7bit", b"8bit"):
            out.extend(dsn_blocks(data, p))
    return out


def perturb_field_case(data, parts):
    def low(block):
        return re.sub(rb"(?m)^([A-Za-z][A-Za-z0-9-]*)(?=[ \t]*:)",
                      lambda m: m.group(1).lower(), block)
    edits = [(s, e, low(data[s:e])) for s, e in header_blocks(data, parts)
             if not data.startswith(b"From ", s)]
    # the mbox separator line is not a field
    if data.startswith(b"From "):
        nl = data.find(b"\n") + 1
        edits = [(s, e, r) for s, e, r in edits if s != 0]
        hend = parts[0].hend
        edits.append((nl, hend, low(data[nl:hend])))
    return apply_edits(data, edits)


def perturb_trailing_ws(data, parts):
    def ws(block):
        return re.sub(rb"(?m)(?<=[^\n])$", b" ", block)
    spans = header_blocks(data, parts)
    spans += [(p.bstart, p.bend) for p in text_parts(parts)]
    edits = [(s, e, ws(data[s:e])) for s, e in spans]
    return apply_edits(data, edits)


def perturb_dsn_space(data, parts):
    def sp(block):
        def f(m):
            return m.group(1) + (b";" if m.group(2) else b"; ")
        return re.sub(rb"(?mi)^((?:final|original)-recipient:[ \t]*"
                      rb"[A-Za-z0-9-]+|diagnostic-code:[ \t]*[A-Za-z0-9-]+|"
                      rb"(?:remote|reporting)-mta:[ \t]*[A-Za-z0-9-]+)"
                      rb"[ \t]*;([ \t]*)", f, block)
    edits = []
    for p in parts:
        if not p.inside and p.ctype in (b"message/delivery-status",
                                        b"message/global-delivery-status"):
            edits.extend((s, e, sp(data[s:e])) for s, e in dsn_blocks(data, p))
    out = apply_edits(data, edits)
    return out if out != data else None


def dsn_edit(data, parts, fn):
    edits = []
    for p in parts:
        if not p.inside and p.ctype in (b"message/delivery-status",
                                        b"message/global-delivery-status") \
                and p.cte in (b"", b"7bit", b"8bit"):
            edits.extend((s, e, fn(data[s:e])) for s, e in dsn_blocks(data, p))
    out = apply_edits(data, edits)
    return out if out != data else None


def perturb_dsn_angle(data, parts):
    return dsn_edit(data, parts, lambda b: re.sub(
        rb"(?mi)^((?:final|original)-recipient:[ \t]*rfc822[ \t]*;[ \t]*)"
        rb"([^<\s][^\s]*@[^\s]+?)[ \t]*$", rb"\1<\2>", b))


def perturb_value_case(data, parts):
    def f(b):
        b = re.sub(rb"(?mi)^(action:[ \t]*)([a-z]+)",
                   lambda m: m.group(1) + m.group(2).capitalize(), b)
        b = re.sub(rb"(?mi)^((?:final|original)-recipient|x-actual-recipient)"
                   rb"(:[ \t]*)rfc822;",
                   lambda m: m.group(1) + m.group(2) + b"RFC822;", b)
        b = re.sub(rb"(?mi)^(diagnostic-code:[ \t]*)smtp;",
                   lambda m: m.group(1) + b"SMTP;", b)
        b = re.sub(rb"(?mi)^((?:reporting|remote)-mta:[ \t]*)dns;",
                   lambda m: m.group(1) + b"DNS;", b)
        return b
    return dsn_edit(data, parts, f)


def perturb_status_comment(data, parts):
    return dsn_edit(data, parts, lambda b: re.sub(
        rb"(?mi)^(status:[ \t]*[245]\.\d{1,3}\.\d{1,3})[ \t]*$",
        rb"\1 (delivery status)", b))


def perturb_from_form(data, parts):
    p = parts[0]
    block = data[p.hstart:p.hend]
    m = re.search(rb"(?mi)^from:[ \t]*(.*)$", block)
    if not m:
        return None
    v = m.group(1).strip()
    a = re.match(rb'^"?([^"<]*?)"?\s*<([^>\s]+@[^>\s]+)>$', v)
    b = re.match(rb"^([^\s<>()]+@[^\s<>()]+)\s*\(([^)]*)\)$", v)
    c = re.match(rb"^<?([^\s<>()]+@[^\s<>()]+)>?$", v)
    if a and a.group(1).strip():
        nv = a.group(2) + b" (" + a.group(1).strip() + b")"
    elif b:
        nv = b'"' + b.group(2) + b'" <' + b.group(1) + b">"
    elif c:
        nv = c.group(1) if v.startswith(b"<") else b"<" + c.group(1) + b">"
    else:
        return None
    nb = block[:m.start(1)] + nv + block[m.end(1):]
    return data[:p.hstart] + nb + data[p.hend:]


def perturb_from_local(data, parts):
    p = parts[0]
    block = data[p.hstart:p.hend]
    m = re.search(rb"(?mi)^from:.*?\b(mailer-daemon|postmaster)@", block)
    if not m:
        return None
    new = b"postmaster" if m.group(1).lower() == b"mailer-daemon" else b"MAILER-DAEMON"
    nb = block[:m.start(1)] + new + block[m.end(1):]
    return data[:p.hstart] + nb + data[p.hend:]


def perturb_drop_xfr(data, parts):
    p = parts[0]
    block = data[p.hstart:p.hend]
    nb = re.sub(rb"(?mi)^x-failed-recipients:.*\n(?:[ \t].*\n)*", b"",
                block + b"\n")[:-1]
    if nb == block:
        return None
    return data[:p.hstart] + nb + data[p.hend:]


def perturb_drop_hints(data, parts):
    p = parts[0]
    block = data[p.hstart:p.hend]
    if re.search(rb"(?mi)^auto-submitted:\s*auto-replied", block):
        return None  # what makes an RFC 3834 auto-reply one
    nb = re.sub(rb"(?mi)^(auto-submitted|precedence):.*\n(?:[ \t].*\n)*",
                b"", block + b"\n")[:-1]
    if nb == block:
        return None
    return data[:p.hstart] + nb + data[p.hend:]


CONTACT = (b"If you need help, please contact our help desk at\n"
           b"help.desk@support-team.example.com or call +1 555 0100.\n\n")


def perturb_contact(data, parts):
    tps = [p for p in text_parts(parts) if p.ctype == b"text/plain"]
    if not tps:
        return None
    p = tps[0]
    # after the first paragraph of the text
    body = data[p.bstart:p.bend]
    i = body.find(b"\n\n")
    at = p.bstart + (i + 2 if i >= 0 else 0)
    return data[:at] + CONTACT + data[at:]


def perturb_footer(data, parts):
    tps = [p for p in text_parts(parts) if p.ctype == b"text/plain"]
    if not tps or tps[0] is parts[0]:
        return None  # a plain-text bounce: its text runs into the original
    p = tps[0]
    pre = data[:p.bend]
    if not pre.endswith(b"\n"):
        pre += b"\n"
    return pre + b"\n-- \n" + CONTACT + data[p.bend:]


def perturb_global_dsn(data, parts):
    edits = []
    for p in parts:
        if p.inside or p.ctype != b"message/delivery-status" or \
                p.cte not in (b"", b"7bit", b"8bit"):
            continue
        hdr = re.sub(rb"(?i)message/delivery-status", b"message/global-delivery-status",
                     set_cte(data[p.hstart:p.hend], b"base64"), count=1)
        edits.append((p.hstart, p.bend, hdr + b"\n\n" +
                      encode_body(data[p.bstart:p.bend], "base64")))
    return apply_edits(data, edits)


def dsn_parts(parts):
    return [p for p in parts if not p.inside and p.ctype in
            (b"message/delivery-status", b"message/global-delivery-status")
            and p.cte in (b"", b"7bit", b"8bit")]


def perturb_dsn_blank_lines(data, parts):
    edits = [(p.bstart, p.bend, b"\n" + re.sub(rb"\n\n", b"\n\n\n",
                                                data[p.bstart:p.bend]))
             for p in dsn_parts(parts)]
    return apply_edits(data, edits)


def perturb_dsn_no_message_fields(data, parts):
    edits = []
    for p in dsn_parts(parts):
        blocks = dsn_blocks(data, p)
        if len(blocks) < 2 or re.search(rb"(?mi)^(final|original)-recipient:",
                                        data[blocks[0][0]:blocks[0][1]]):
            continue
        edits.append((blocks[0][0], blocks[1][0], b""))
    return apply_edits(data, edits)


def perturb_ctype_params(data, parts):
    edits = []
    for p in parts:
        if p.inside or not p.ctype.startswith(b"multipart/"):
            continue
        blk = data[p.hstart:p.hend]
        m = re.search(rb"(?mi)^content-type:[ \t]*((?:.*)(?:\n[ \t].*)*)", blk)
        if not m:
            continue
        items = [x.strip() for x in re.sub(rb"\s+", b" ", m.group(1)).split(b";")
                 if x.strip()]
        if len(items) < 2:
            continue
        out = []
        for it in items[1:]:
            k, _, v = it.partition(b"=")
            if k.strip().lower() == b"boundary":
                bv = v.strip()
                if bv.startswith(b'"') and re.match(rb'^"[A-Za-z0-9\'()+_,./:=?-]+"$', bv) \
                        and not bv.endswith(b' "'):
                    bv = bv[1:-1]
                elif not bv.startswith(b'"'):
                    bv = b'"' + bv + b'"'
                it = k.strip() + b"=" + bv
            out.append(it)
        out.reverse()
        nv = items[0] + b"; " + b";\n\t".join(out)
        edits.append((p.hstart + m.start(1), p.hstart + m.end(1), nv))
    return apply_edits(data, edits)


def perturb_mbox_from(data, parts):
    # a file with a "From " line inside reads as a mailbox of several
    # messages once it starts with one: not the same input
    if re.search(rb"\nFrom ", data):
        return None
    if data.startswith(b"From "):
        return data[data.find(b"\n") + 1:]
    return b"From MAILER-DAEMON  Mon Jan  2 10:11:12 2023\n" + data


def text_edit(data, parts, fn):
    tps = [p for p in text_parts(parts) if p.ctype == b"text/plain"]
    edits = []
    for p in tps:
        end = p.bend
        if p is parts[0]:
            m = re.search(rb"\n\n(Return-Path|Received|Message-Id|From|To|"
                          rb"Subject|Date):", data[p.bstart:p.bend],
                          re.IGNORECASE)
            if m:
                end = p.bstart + m.start() + 1
        edits.append((p.bstart, end, fn(data[p.bstart:end])))
    out = apply_edits(data, edits)
    return out if out != data else None


def perturb_blank_lines(data, parts):
    return text_edit(data, parts, lambda b: re.sub(rb"\n\n", b"\n\n\n", b))


def perturb_tab_indent(data, parts):
    return text_edit(data, parts, lambda b: re.sub(
        rb"(?m)^( {8}| {4})(?=\S)", lambda m: b"\t" * (len(m.group(1)) // 4), b))


def perturb_html(data, parts):
    if not parts[0].ctype.startswith(b"multipart/"):
        return None
    tps = [p for p in text_parts(parts) if p.ctype == b"text/plain"]
    if not tps:
        return None
    p = tps[0]
    body = data[p.bstart:p.bend]
    esc = body.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;")
    paras = [x for x in re.split(rb"\n\s*\n", esc) if x.strip()]
    html = (b"<html><head><style>p { margin: 0 }</style></head><body>\n" +
            b"\n".join(b"<p>" + x.strip(b"\n").replace(b"\n", b"<br>\n") + b"</p>"
                       for x in paras) + b"\n</body></html>\n")
    hdr = data[p.hstart:p.hend]
    if re.search(rb"(?mi)^content-type:", hdr):
        hdr = re.sub(rb"(?i)text/plain", b"text/html", hdr, count=1)
    else:  # no Content-Type: text/plain by default
        hdr = (hdr + b"\n" if hdr.strip() else b"") + b"Content-Type: text/html"
        hdr = hdr.lstrip(b"\n")
    return data[:p.hstart] + hdr + b"\n\n" + html + data[p.bend:]


DISCLAIMER = (b"CONFIDENTIALITY NOTICE: This e-mail and any attachments are "
              b"confidential and\nintended solely for the addressee. If you "
              b"received it in error, please notify\nus at "
              b"it.security@relay-corp.example.com (ref. 2024-551) and delete "
              b"it.\n")


def perturb_disclaimer(data, parts):
    tps = [p for p in text_parts(parts) if p.ctype == b"text/plain"]
    if not tps or tps[0] is parts[0]:
        return None
    p = tps[0]
    pre = data[:p.bend]
    if not pre.endswith(b"\n"):
        pre += b"\n"
    return pre + b"\n" + DISCLAIMER + data[p.bend:]


def perturb_subject(data, parts):
    p = parts[0]
    block = data[p.hstart:p.hend]
    m = re.search(rb"(?mi)^subject:[ \t]*((?:.*)(?:\n[ \t].*)*)", block)
    if not m or b"=?" in m.group(1) or not m.group(1).strip():
        return None
    subj = re.sub(rb"\s+", b" ", m.group(1)).strip()
    enc = b"=?UTF-8?B?" + base64.b64encode(subj) + b"?="
    nb = block[:m.start(1)] + enc + block[m.end(1):]
    return data[:p.hstart] + nb + data[p.hend:]


def perturb_headers_only(data, parts):
    rps = [p for p in returned_parts(parts)
           if p.ctype in (b"message/rfc822", b"message/global")]
    if not rps:
        return None
    p = rps[0]
    inner = [q for q in parts if q.inside and q.hstart == p.bstart]
    if not inner:
        return None
    q = inner[0]
    hdr = re.sub(rb"(?i)message/(rfc822|global)", b"text/rfc822-headers",
                 data[p.hstart:p.hend], count=1)
    return data[:p.hstart] + hdr + b"\n\n" + data[q.hstart:q.hend] + \
        b"\n" + data[p.bend:]


# ------------------------------------------------------------------ driving

def variants(data, recips):
    data = data.replace(b"\r\n", b"\n")
    parts = walk(data, 0, len(data))
    out = {}
    out["rcpt-long"] = replace_addresses(data, recips, new_long_addr)
    rl, rb = out["rcpt-long"]
    out["rcpt-long-rewrap"] = (None, None)
    if rl is not None:
        rw = perturb_rewrap(rl, walk(rl, 0, len(rl)))
        out["rcpt-long-rewrap"] = (rw, rb) if rw is not None else (None, None)
    sm = re.search(rb"(?mi)^to:[^\n]*?([A-Za-z0-9._%+=-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})",
                   data[:parts[0].hend])
    out["sender"] = (None, None)
    fm = re.search(rb"(?mi)^from:[^\n]*?([A-Za-z0-9._%+=-]+@[A-Za-z0-9.-]+)",
                   data[:parts[0].hend])
    # not when the notice is from that address too (a list's -admin)
    if sm and sm.group(1).decode("latin-1").lower() not in \
            [r.lower() for r in recips] and \
            not (fm and fm.group(1).lower() == sm.group(1).lower()):
        out["sender"] = replace_addresses(
            data, [sm.group(1).decode("latin-1")],
            lambda a, i: b"Sender.Long-Name+list-" + b"%d" % i + b"@mail.SENDER-example.net")
    out["rcpt-short"] = replace_addresses(data, recips, new_short_addr)
    out["rcpt-extra"] = perturb_extra(data, parts, recips)
    out["boundary"] = (perturb_boundary(data, parts), None)
    out["qp"] = (perturb_encoding(data, parts, "qp"), None)
    out["base64"] = (perturb_encoding(data, parts, "base64"), None)
    out["unfold"] = (perturb_folding(data, parts, "unfold"), None)
    out["refold"] = (perturb_folding(data, parts, "refold"), None)
    out["field-case"] = (perturb_field_case(data, parts), None)
    out["trailing-ws"] = (perturb_trailing_ws(data, parts), None)
    out["dsn-space"] = (perturb_dsn_space(data, parts), None)
    out["dsn-angle"] = (perturb_dsn_angle(data, parts), None)
    out["value-case"] = (perturb_value_case(data, parts), None)
    out["status-comment"] = (perturb_status_comment(data, parts), None)
    out["dsn-blank-lines"] = (perturb_dsn_blank_lines(data, parts), None)
    out["dsn-no-message-fields"] = (perturb_dsn_no_message_fields(data, parts), None)
    out["global-dsn"] = (perturb_global_dsn(data, parts), None)
    out["ctype-params"] = (perturb_ctype_params(data, parts), None)
    out["mbox-from"] = (perturb_mbox_from(data, parts), None)
    out["from-form"] = (perturb_from_form(data, parts), None)
    out["from-local"] = (perturb_from_local(data, parts), None)
    out["drop-xfr"] = (perturb_drop_xfr(data, parts), None)
    out["drop-hints"] = (perturb_drop_hints(data, parts), None)
    out["notice-contact"] = (perturb_contact(data, parts), None)
    out["notice-footer"] = (perturb_footer(data, parts), None)
    out["blank-lines"] = (perturb_blank_lines(data, parts), None)
    out["tab-indent"] = (perturb_tab_indent(data, parts), None)
    out["html-only"] = (perturb_html(data, parts), None)
    out["notice-disclaimer"] = (perturb_disclaimer(data, parts), None)
    out["subject-2047"] = (perturb_subject(data, parts), None)
    out["headers-only"] = (perturb_headers_only(data, parts), None)
    out["no-original"] = (perturb_drop(data, parts), None)
    out["big-original"] = (perturb_big(data, parts), None)
    out["rewrap"] = (perturb_rewrap(data, parts), None)
    out["noisy-original"] = (perturb_noisy(data, parts), None)
    out["crlf"] = (data.replace(b"\n", b"\r\n"), None)
    out["cr"] = (data.replace(b"\n", b"\r"), None)
    return out


def run_parse(bk, path):
    p = subprocess.run([bk, "parse", "-j", "2", "--format", "jsonl", path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    res = collections.defaultdict(list)
    for line in p.stdout.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if not line:
            continue
        r = json.loads(line)
        res[os.path.realpath(r.get("source") or "")].append(r)
    errs = p.stderr.decode("utf-8", "replace").strip()
    return res, errs


def val(r, f):
    v = r.get(f)
    if v is None:
        return ""
    return str(v).lower() if f == "recipient" else str(v)


def compare(orig, var, back):
    """Fields (set) that differ between two record lists, with examples."""
    diffs = {}
    if back and "__extra__" in back:
        # the variant names one more recipient, failing like the first
        orig = orig + orig
    if len(orig) != len(var):
        diffs["records"] = (str(len(orig)), str(len(var)))
    # pair records: by mapped recipient, then by position
    def mapped(r):
        v = val(r, "recipient")
        return back.get(v, v) if back else v
    used = set()
    pairs = []
    for a in orig:
        ra = val(a, "recipient")
        hit = None
        for k, b in enumerate(var):
            if k not in used and mapped(b) == ra:
                hit = k
                break
        if hit is None:
            for k, b in enumerate(var):
                if k not in used:
                    hit = k
                    break
        if hit is None:
            break
        used.add(hit)
        pairs.append((a, var[hit]))
    for a, b in pairs:
        if val(a, "recipient") != mapped(b) and "recipient" not in diffs:
            diffs["recipient"] = (val(a, "recipient"), val(b, "recipient"))
        for f in FIELDS[2:]:
            if val(a, f) != val(b, f) and f not in diffs:
                diffs[f] = (val(a, f) or "null", val(b, f) or "null")
    return diffs


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = os.path.dirname(here)
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bouncekit", nargs="?",
                    default=os.path.join(src, "build", "bouncekit"))
    ap.add_argument("--kinds", default=",".join(KINDS),
                    help="comma-separated kinds to run (default: all)")
    ap.add_argument("--show", type=int, default=30,
                    help="examples to print (default 30)")
    ap.add_argument("--match", default="",
                    help="only corpus files whose path contains this")
    ap.add_argument("--keep", default="",
                    help="write the variants to this directory and keep it")
    args = ap.parse_args()
    shared = os.environ.get("BK_SHARED", os.path.join(src, "..", "shared"))
    corpus = os.path.join(shared, "corpus", "sisimai", "maildir")
    if not os.path.isdir(corpus):
        print("parse_perturb: %s not found; nothing to check" % corpus,
              file=sys.stderr)
        return 77
    if not os.access(args.bouncekit, os.X_OK):
        print("parse_perturb: %s is not an executable; build it first"
              % args.bouncekit, file=sys.stderr)
        return 2
    kinds = [k for k in args.kinds.split(",") if k]
    for k in kinds:
        if k not in KINDS:
            print("parse_perturb: unknown kind %r (known: %s)" %
                  (k, ", ".join(KINDS)), file=sys.stderr)
            return 2
    files = []
    for sub in ("bsd", "not"):
        d = os.path.join(corpus, sub)
        if os.path.isdir(d):
            for name in sorted(os.listdir(d)):
                p = os.path.join(d, name)
                if os.path.isfile(p) and args.match in p:
                    files.append(os.path.realpath(p))
    if args.keep:
        tmp = os.path.abspath(args.keep)
        os.makedirs(tmp, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="bk-perturb-")
    try:
        origdir = os.path.join(tmp, "orig")
        os.makedirs(origdir, exist_ok=True)
        names = {}
        for p in files:
            name = os.path.basename(os.path.dirname(p)) + "-" + \
                os.path.basename(p)
            names[p] = name
            with open(p, "rb") as fi, \
                    open(os.path.join(origdir, name), "wb") as fo:
                fo.write(fi.read())
        orig, errs = run_parse(args.bouncekit, origdir)
        if errs:
            print("originals: " + errs, file=sys.stderr)
        backs = {}
        applied = collections.Counter()
        for k in kinds:
            os.makedirs(os.path.join(tmp, k), exist_ok=True)
        for p in files:
            with open(p, "rb") as fi:
                data = fi.read()
            op = os.path.realpath(os.path.join(origdir, names[p]))
            recips = [r.get("recipient") for r in orig.get(op, [])
                      if r.get("recipient")]
            for k, (v, back) in variants(data, recips).items():
                if k not in kinds or v is None:
                    continue
                applied[k] += 1
                vp = os.path.join(tmp, k, names[p])
                with open(vp, "wb") as fo:
                    fo.write(v)
                backs[(k, names[p])] = back
        changed = {k: collections.Counter() for k in kinds}
        anychange = collections.Counter()
        examples = []
        for k in kinds:
            res, errs = run_parse(args.bouncekit, os.path.join(tmp, k))
            if errs:
                print("%s: %s" % (k, errs[:2000]), file=sys.stderr)
            for p in files:
                if (k, names[p]) not in backs:
                    continue
                a = orig.get(os.path.realpath(os.path.join(origdir,
                                                           names[p])), [])
                b = res.get(os.path.realpath(os.path.join(tmp, k,
                                                          names[p])), [])
                d = compare(a, b, backs[(k, names[p])])
                if d:
                    anychange[k] += 1
                for f, (x, y) in d.items():
                    changed[k][f] += 1
                    examples.append((FIELDS.index(f), k, names[p], f, x, y))
        print("messages: %d (bsd/ and not/ of %s)" % (len(files), corpus))
        w = 13
        kw = max([len(k) for k in kinds] + [5])
        print("%-*s %8s %7s" % (kw, "kind", "variants", "changed") +
              "".join("%*s" % (w - 2, f) for f in FIELDS))
        total = collections.Counter()
        for k in kinds:
            print("%-*s %8d %7d" % (kw, k, applied[k], anychange[k]) +
                  "".join("%*d" % (w - 2, changed[k][f]) for f in FIELDS))
            total["variants"] += applied[k]
            total["changed"] += anychange[k]
            for f in FIELDS:
                total[f] += changed[k][f]
        print("%-*s %8d %7d" % (kw, "total", total["variants"],
                                 total["changed"]) +
              "".join("%*d" % (w - 2, total[f]) for f in FIELDS))
        if examples and args.show > 0:
            print("\nexamples (file, perturbation, field, before -> after):")
            examples.sort()
            seen = set()
            shown = 0
            for _, k, name, f, x, y in examples:
                if (k, name) in seen:
                    continue
                seen.add((k, name))
                print("  %s  %s  %s: %s -> %s" % (name, k, f, x[:60],
                                                  y[:60]))
                shown += 1
                if shown >= args.show:
                    break
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
