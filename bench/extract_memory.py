"""Peak memory of `extract` on generated big pages (issue 6: under 500 MB on any input).

Each case runs in a fresh subprocess and reports its peak RSS (ru_maxrss), so cases do not
share a heap. `--no-shrink` measures the extractor without the pre-parse shrinking step.

    .venv/bin/python bench/extract_memory.py [--sizes 20,50] [--no-shrink]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import subprocess
import sys

_PARA = ("<p>The harbour board met on Tuesday to discuss the wall, which has been crumbling for "
         "years; <a href='/x{}'>members</a> agreed that <b>repairs</b> must start soon.</p>\n")


def dense_page(mb: int) -> bytes:
    """Many small nested blocks: the worst case for tree size per byte."""
    out, size, i = ["<html><head><title>Dense</title></head><body>"], 0, 0
    while size < mb * 1024 * 1024:
        chunk = (f"<div class='c{i % 7}'><section><h3>Part {i}</h3>" + _PARA.format(i) * 3
                 + "<ul><li>one</li><li>two</li></ul><script>var x = {i};</script></section></div>\n")
        out.append(chunk)
        size += len(chunk)
        i += 1
    out.append("</body></html>")
    return "".join(out).encode()


def image_page(mb: int) -> bytes:
    """A SingleFile-style save: a short article and one huge inline image."""
    blob = base64.b64encode(os.urandom(mb * 1024 * 1024 * 3 // 4)).decode()
    article = "".join(_PARA.format(i) for i in range(30))
    return (f"<html><head><title>Photo</title></head><body><article><h1>Photo</h1>"
            f"<img src=\"data:image/png;base64,{blob}\">{article}</article></body></html>").encode()


def text_dump(mb: int) -> bytes:
    """A plain-text dump: menus, wrapped prose and bullets, repeated to `mb` MB."""
    block = ("Home\nNews\nSport\n\n" + "The harbour board met on Tuesday to discuss the wall, which has\n"
             "been crumbling for years; members agreed that repairs must start.\n\n" * 5
             + "  * Related: council votes\n  * Weather\n\n")
    return (block * (mb * 1024 * 1024 // len(block) + 1)).encode()


_CHILD = r"""
import json, resource, sys, time
from reader.core.extract import extract
import reader.core.extract as ex
from reader.core.models import Page
if sys.argv[2] == "no":
    from reader.core.extract.shrink import Shrunk
    ex.shrink = lambda html, budget=0: Shrunk(html)
    ex.cut_text = lambda text, budget=0: (text, False)
body = open(sys.argv[1], "rb").read()
t = time.perf_counter()
a = extract(Page(location="big", body=body, media_type="text/plain"))
print(json.dumps({"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "secs": round(time.perf_counter() - t, 2), "chars": len(a.text),
                  "truncated": a.truncated}))
"""


def measure(make, mb: int, shrink: bool) -> dict:
    """Generate the page in one child and extract it in another.

    The parent must stay small when it forks: Linux carries the parent's peak RSS into the
    child's ru_maxrss across exec, which would inflate every figure.
    """
    path = f"/tmp/reader-mem-{os.getpid()}.html"
    subprocess.run([sys.executable, __file__, "--make", make.__name__, str(mb), path], check=True)
    try:
        out = subprocess.run([sys.executable, "-c", _CHILD, path, "yes" if shrink else "no"],
                             capture_output=True, text=True, timeout=1800)
    finally:
        os.unlink(path)
    if out.returncode:
        return {"error": out.stderr.strip().splitlines()[-1:]}
    return json.loads(out.stdout)


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--make":
        with open(sys.argv[4], "wb") as f:
            f.write(globals()[sys.argv[2]](int(sys.argv[3])))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="20,50", help="dense page sizes in MB")
    ap.add_argument("--image", type=int, default=20, help="inline-image page size in MB (0: skip)")
    ap.add_argument("--no-shrink", action="store_true")
    ap.add_argument("--dump", type=int, default=50, help="text dump size in MB (0: skip)")
    args = ap.parse_args()
    cases = [(f"dense {mb} MB", dense_page, int(mb)) for mb in args.sizes.split(",") if mb]
    if args.image:
        cases.append((f"inline image {args.image} MB", image_page, args.image))
    if args.dump:
        cases.append((f"text dump {args.dump} MB", text_dump, args.dump))
    print("| page | shrink | peak RSS MB | seconds | text chars | truncated |\n|---|---|---|---|---|---|")
    for name, make, mb in cases:
        r = measure(make, mb, not args.no_shrink)
        if "error" in r:
            print(f"| {name} | {not args.no_shrink} | error: {r['error']} | | | |")
        else:
            print(f"| {name} | {not args.no_shrink} | {r['rss_mb']:.0f} | {r['secs']} | {r['chars']} | {r['truncated']} |")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
