#!/usr/bin/env python3
"""Generate N host reports for the merge benchmark.

    bench/gen-reports.py TEMPLATE_DIR DEST N

Each report is a copy of one of the real reports in TEMPLATE_DIR (written
by `vcaudit scan --format json`) in turn, with its own target.name
(host-00001...) and score, so that every file is a distinct host. The
bytes are otherwise those of a real report; nothing is re-serialised.
"""
import os
import re
import sys

src, dest, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
templates = []
for name in sorted(os.listdir(src)):
    with open(os.path.join(src, name), encoding="utf-8") as f:
        templates.append(f.read())
if not templates:
    sys.exit("no templates in " + src)
name_re = re.compile(r'("target": \{\n    "kind": "[a-z]+",\n    "name": )"[^"]*"')
score_re = re.compile(r'"score_after_waivers": [0-9.]+')
os.makedirs(dest, exist_ok=True)
for i in range(n):
    t = templates[i % len(templates)]
    t = name_re.sub(lambda m: m.group(1) + '"host-%05d"' % i, t, count=1)
    t = score_re.sub('"score_after_waivers": %.1f' % ((i * 37) % 1001 / 10.0), t, count=1)
    with open(os.path.join(dest, "host-%05d.json" % i), "w", encoding="utf-8") as f:
        f.write(t)
