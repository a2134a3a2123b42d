#!/usr/bin/env python3
"""Convert `bouncekit parse --format jsonl` output to the scorer's TSV:
sample, recipient, status, replycode, reason, hardbounce.

usage: bouncekit parse DIR | bench/parse_to_tsv.py > result.tsv
"""
import json
import sys


def main():
    out = sys.stdout
    out.write("sample\trecipient\tstatus\treplycode\treason\thardbounce\n")
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        r = json.loads(line)
        vals = [
            r.get("source") or "",
            r.get("recipient") or "",
            r.get("status") or "",
            str(r["reply_code"]) if r.get("reply_code") else "",
            r.get("reason") or "",
            "1" if r.get("bounce") == "hard" else "0",
        ]
        out.write("\t".join(v.replace("\t", " ") for v in vals) + "\n")


if __name__ == "__main__":
    main()
