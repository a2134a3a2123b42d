#!/usr/bin/env python3
"""Measure the reply classifier's reason accuracy on a corpus of real bounces.

usage: bench/corpus_reasons.py [--corpus DIR] [--driver PATH] [--misses N]
                               [--split dev|holdout|all] [--set bsd|dos|mac|all]
                               [--module SUBSTR] [--show-text] [--dump]
                               [--from-parse BOUNCEKIT]

For every sample of DIR/truth.tsv it pulls the diagnostic text of each
recipient out of the message - the Diagnostic-Code field (with the Status
field) of a delivery-status report, or for bounces without one the error
lines of the human-readable body - and runs it through the C driver
bench_corpus_reasons (bk_reply_classify_parts(), the call a bounce decoder
makes).  It prints the reason accuracy and the misses.

The extraction here is deliberately simple: it is a stand-in for the real
bounce decoder, so that the rule table can be measured on its own.

With --from-parse BOUNCEKIT it instead runs `BOUNCEKIT parse` over the
corpus (the real decoder, which calls the same classifier per recipient)
and compares the reason of its records with the truth, sample by sample
(rows paired by reason, whatever their order); misses show the decoder's
diagnostic text.
Python 3 standard library only.
"""
import json
import argparse
import collections
import email
import email.policy
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "corpus", "sisimai"))
TEXT_MAX = 8192  # characters of body text handed over per recipient

# Lines from which the copy of the original message starts.
ORIGINAL_MARKERS = re.compile(
    r"^\s*(-+\s*)?("
    r"original message|this is a copy of|the original message|below this line is a copy|"
    r"returned message|message headers follow|headers of the original|original message headers|"
    r"unsent message below|content-type: message/|\*\*\* original|-+ ?the header of the original|"
    r"the first \d+ lines|--- below this line|original mail|received: from)",
    re.I)
HEADER_LINE = re.compile(r"^[A-Za-z][A-Za-z0-9-]{1,40}: ")
CODE_IN_TEXT = re.compile(r"(?:^|[\s:;(\[\"'])([245][0-5]\d)(?=[ -])", re.M)


def load_truth(corpus):
    rows = []
    with open(os.path.join(corpus, "truth.tsv"), encoding="utf-8") as fh:
        head = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            f = line.rstrip("\n").split("\t")
            rows.append(dict(zip(head, f + [""] * (len(head) - len(f)))))
    return rows


def part_text(part):
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if payload is None:
        p = part.get_payload()
        return p if isinstance(p, str) else ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def unfold(v):
    return re.sub(r"\s+", " ", str(v)).strip()


def dsn_blocks(msg):
    """Per-recipient field blocks of a message/delivery-status part."""
    for part in msg.walk():
        ct = part.get_content_type()
        if ct not in ("message/delivery-status", "message/global-delivery-status"):
            continue
        payload = part.get_payload()
        blocks = []
        if isinstance(payload, list):
            for sub in payload:
                blocks.append({k.lower(): unfold(v) for k, v in sub.items()})
        else:
            # Not parsed into blocks: split the text on blank lines.
            text = payload if isinstance(payload, str) else part_text(part)
            for chunk in re.split(r"\n\s*\n", text.replace("\r", "")):
                fields = {}
                last = None
                for line in chunk.split("\n"):
                    if line[:1] in (" ", "\t") and last:
                        fields[last] += " " + line.strip()
                        continue
                    m = re.match(r"([A-Za-z-]+):\s*(.*)", line)
                    if m:
                        last = m.group(1).lower()
                        fields[last] = m.group(2).strip()
                if fields:
                    blocks.append(fields)
        recips = [b for b in blocks if "final-recipient" in b or "original-recipient" in b
                  or "action" in b or "status" in b and "reporting-mta" not in b]
        if recips:
            return recips
    return []


def body_text(msg):
    """The human-readable notice, up to the copy of the original message."""
    texts = []
    for part in msg.walk():
        if part.get_content_maintype() == "multipart":
            continue
        ct = part.get_content_type()
        if ct in ("text/plain", "text/html") or (not texts and ct.startswith("text/")):
            t = part_text(part)
            if ct == "text/html":
                t = re.sub(r"<[^>]+>", " ", t)
            texts.append(t)
            if ct == "text/plain":
                break
        if ct in ("message/rfc822", "text/rfc822-headers"):
            break
    text = "\n".join(texts).replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for line in text.split("\n"):
        if ORIGINAL_MARKERS.match(line) and out:
            break
        if HEADER_LINE.match(line) and not re.match(r"^\s*(diagnostic|remote|reason|error|status)", line, re.I):
            continue
        out.append(line)
    return "\n".join(out).strip()[:TEXT_MAX]


def strip_type(diag):
    m = re.match(r"^\s*[A-Za-z-]{1,16};\s*(.*)$", diag, re.S)
    return m.group(1) if m else diag


def find_reply_code(text):
    m = CODE_IN_TEXT.search(text)
    return m.group(1) if m else ""


def extract(path):
    """[(reply_code, status, text), ...] one per recipient found."""
    with open(path, "rb") as fh:
        raw = fh.read()
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    out = []
    blocks = dsn_blocks(msg)
    body = None
    for b in blocks:
        diag = b.get("diagnostic-code", "")
        status = b.get("status", "").split()[0] if b.get("status") else ""
        if not re.match(r"^[245]\.\d{1,3}\.\d{1,3}$", status):
            status = ""
        text = diag
        if not text.strip():
            if body is None:
                body = body_text(msg)
            text = body
        out.append((find_reply_code(strip_type(diag) or text), status, text))
    if not out:
        body = body_text(msg)
        out.append((find_reply_code(body), "", body))
    return out


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")


def find_driver():
    for cand in ("build/bench/bench_corpus_reasons", "build-rel/bench/bench_corpus_reasons"):
        p = os.path.join(HERE, "..", cand)
        if os.path.exists(p):
            return p
    return None


def from_parse(args, truth):
    """Reason accuracy of `bouncekit parse` records against the truth."""
    sel = [t for t in truth
           if (args.split == "all" or t.get("split") == args.split)
           and (args.set == "all" or t["sample"].split("/")[1] == args.set)
           and args.module in t["module"]]
    sets = sorted({t["sample"].split("/")[1] for t in sel})
    recs = collections.defaultdict(list)
    for sub in sets:
        top = os.path.join(args.corpus, "maildir", sub)
        res = subprocess.run([args.from_parse, "parse", "-j", "2", top], capture_output=True,
                             text=True, errors="replace")
        for line in res.stdout.splitlines():
            try:
                r = json.loads(line)
            except ValueError:
                continue
            src = r.get("source") or ""
            i = src.find("maildir/")
            recs[src[i:]].append(r)
    by_sample = collections.OrderedDict()
    for t in sel:
        by_sample.setdefault(t["sample"], []).append(t)
    total = ok = 0
    misses = []
    for sample, rows in by_sample.items():
        got = recs.get(sample, [])
        left = collections.Counter(r.get("reason") or "undefined" for r in got)
        for t in rows:
            total += 1
            if left[t["reason"]] > 0:
                left[t["reason"]] -= 1
                ok += 1
            else:
                misses.append((sample, t, got))
    for sample, t, got in misses[:args.misses]:
        print("MISS %s [%s] want %s got %s" % (sample, t["module"], t["reason"],
                                               ",".join(r.get("reason") or "-" for r in got) or "(none)"))
        if args.show_text:
            for r in got[:3]:
                print("     %s %s %s" % (r.get("reply_code") or "-", r.get("status") or "-",
                                         re.sub(r"\s+", " ", r.get("diagnostic") or "")[:300]))
    print("reason accuracy (bouncekit parse): %d/%d = %.2f%%" % (ok, total, 100.0 * ok / max(total, 1)))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--driver", default=None)
    ap.add_argument("--misses", type=int, default=1000)
    ap.add_argument("--split", default="all")
    ap.add_argument("--set", default="all")
    ap.add_argument("--module", default="")
    ap.add_argument("--show-text", action="store_true", help="print the text of each miss")
    ap.add_argument("--dump", action="store_true", help="print the driver input and stop")
    ap.add_argument("--from-parse", metavar="BOUNCEKIT", help="measure `BOUNCEKIT parse` instead")
    args = ap.parse_args()

    if not os.path.isfile(os.path.join(args.corpus, "truth.tsv")):
        print("corpus_reasons: no corpus at %s: skipped" % args.corpus)
        return 0
    driver = args.driver or find_driver()
    if not args.dump and not args.from_parse and (driver is None or not os.path.exists(driver)):
        print("corpus_reasons: build bench_corpus_reasons first (or pass --driver)", file=sys.stderr)
        return 2

    truth = load_truth(args.corpus)
    if args.from_parse:
        return from_parse(args, truth)
    sel = [t for t in truth
           if (args.split == "all" or t.get("split") == args.split)
           and (args.set == "all" or t["sample"].split("/")[1] == args.set)
           and args.module in t["module"]]
    by_sample = collections.OrderedDict()
    for t in sel:
        by_sample.setdefault(t["sample"], []).append(t)

    lines = []
    inputs = {}
    for sample, rows in by_sample.items():
        try:
            recs = extract(os.path.join(args.corpus, sample))
        except Exception as e:  # a broken sample: count its rows as misses
            print("corpus_reasons: %s: %s" % (sample, e), file=sys.stderr)
            recs = [("", "", "")]
        for i, t in enumerate(rows):
            rc, st, text = recs[min(i, len(recs) - 1)]
            key = "%s#%d" % (sample, i)
            inputs[key] = (rc, st, text)
            lines.append("%s\t%s\t%s\t%s\n" % (key, rc, st, esc(text)))
    if args.dump:
        sys.stdout.write("".join(lines))
        return 0
    res = subprocess.run([driver], input="".join(lines), capture_output=True, text=True,
                         errors="replace")
    if res.returncode != 0:
        print(res.stderr, file=sys.stderr)
        return 1
    got = {}
    for line in res.stdout.splitlines():
        f = line.split("\t")
        got[f[0]] = f[1:]

    total = ok = hard_ok = 0
    misses = []
    per_reason = collections.Counter()
    per_reason_ok = collections.Counter()
    for sample, rows in by_sample.items():
        for i, t in enumerate(rows):
            key = "%s#%d" % (sample, i)
            g = got.get(key, ["undefined", "none", "", "", ""])
            total += 1
            per_reason[t["reason"]] += 1
            hard = "1" if g[1] == "hard" else "0"
            if hard == t["hardbounce"]:
                hard_ok += 1
            if g[0] == t["reason"]:
                ok += 1
                per_reason_ok[t["reason"]] += 1
            else:
                misses.append((sample, i, t, g))
    for sample, i, t, g in misses[:args.misses]:
        rc, st, text = inputs["%s#%d" % (sample, i)]
        print("MISS %s#%d [%s] want %s got %s (rule %s) rc=%s st=%s/%s" %
              (sample, i, t["module"], t["reason"], g[0], g[2] or "-", rc or "-", st or "-",
               t["status"] or "-"))
        if args.show_text:
            print("     " + re.sub(r"\s+", " ", text)[:400])
    print()
    for r in sorted(per_reason, key=lambda r: -per_reason[r]):
        print("  %-16s %4d/%-4d" % (r, per_reason_ok[r], per_reason[r]))
    print("reason accuracy: %d/%d = %.2f%%   hardbounce agreement: %.2f%%" %
          (ok, total, 100.0 * ok / max(total, 1), 100.0 * hard_ok / max(total, 1)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
