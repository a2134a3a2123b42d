#!/usr/bin/env python3
"""make_replies_intl.py OUT [N] - a file of N (default 200,000) replies in
other languages for bench_classify: the localized texts of
tests/unit/test_classify_intl.c (18 language tags x 12 reasons), each with
a reply code, an address and, on most lines, an enhanced code.

    python3 bench/make_replies_intl.py /tmp/intl.txt
    build-rel/bench/bench_classify /tmp/intl.txt 3
"""
import os
import re
import sys


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 200000
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'unit',
                       'test_classify_intl.c')
    with open(src, encoding='utf-8') as f:
        texts = re.findall(r'\{"[a-z]+", [A-Z]+, "(.*?)"\},', f.read())
    if not texts:
        sys.exit('make_replies_intl: no texts found in ' + src)
    codes = ['550 5.1.1', '552 5.2.2', '550', '554 5.7.1', '451 4.3.0', '550 5.0.0']
    with open(out, 'w', encoding='utf-8') as f:
        for i in range(n):
            text = texts[i % len(texts)]
            f.write('%s <user%d@example.org>: %s\n' % (codes[i % len(codes)], i, text))
    print('%d replies from %d texts in %s' % (n, len(texts), out))


if __name__ == '__main__':
    main()
