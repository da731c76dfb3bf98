"""Sentence splitter comparison: boundary precision/recall/F1 and speed, by splitter.

    .venv/bin/python bench/sentences.py

Gold data: (1) the reference summaries in ../shared/eval/summaries (one sentence a line):
lines joined by a space, split again, boundaries compared (XSum's references are lower-cased
and one line each: their first letter is capitalised and five are joined per text); (2) hand-made tricky cases below
(quotes, titles, acronyms, decimals, initials, URLs, ellipses, lists, headings, CJK).
Splitters: ours (rules, as used by the app), syntok's segmenter (on the same paragraph/line
units), pysbd if installed, and a naive regex. Speed: seconds for a 3,000-sentence text.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SUMMARIES = ROOT.parent / "shared" / "eval" / "summaries"

from reader.core import segment  # noqa: E402

TRICKY: list[list[str]] = [
    ["Mr. Smith went to Washington.", "He met Dr. Jones there."],
    ["The U.S. economy grew 3.5 per cent.", "Analysts were surprised."],
    ["He moved to the U.S.", "The weather there is fine."],
    ['"Are you coming?" she asked.', "He said no."],
    ['He said: "Go home."', "Then he left."],
    ["J. R. R. Tolkien wrote it.", "It sold well."],
    ["George W. Bush spoke at 9 a.m. on Monday.", "Reporters listened."],
    ["Wait for it...", "Then it happened."],
    ["Wait for it…", "Then it happened."],
    ["See https://example.com/a.b?c=1 for details.", "Next sentence."],
    ["Mail jane.doe@example.org today.", "She replies fast."],
    ["It costs $4.99 today.", "Tomorrow, $5.50 or more."],
    ["The vote was 52.4% in favour.", "Turnout was 71.2%."],
    ["Prices rose (see Fig. 3) in May.", "They fell in June."],
    ["Apple Inc. reported results.", "Shares rose 4%."],
    ["The talks, e.g. on trade, failed.", "Both sides left."],
    ["Is it true?", "Yes!", "It is."],
    ["Chapter 1", "It was a dark night."],
    ["Ingredients", "- two eggs", "- a cup of flour"],
    ["1. Open the box", "2. Remove the tray"],
    ["今天天气很好。", "我们去公园吧！", "你去吗？"],
    ["東京は晴れです。", "明日は雨です。"],
    ["No. 10 Downing Street issued a statement.", "It was short."],
    ["The match ended 2-1.", "Fans celebrated."],
    ["St. Louis beat Chicago.", "The crowd cheered."],
    ["(This was a test.)", "It passed."],
    ["The score was 3 vs. 2 at half time.", "It ended 4-2."],
    ["She studied at the Univ. of Texas.", "Then she moved."],
    ["Prices fell to $3.00.", "Buyers returned."],
    ["Doctors warned the GPs.", "But unions objected."],
    ["He weighs 12.5st.", "He lost 3st in a year."],
    ["The site is Philly.com and it is popular.", "Readers agree."],
    ["Rain is likely; take a coat.", "It will clear later."],
    ["Lt. Craig Martinez said so.", "The case continues."],
    ["The deal closed on Nov. 19, 2019.", "Less than a year later it failed."],
    ["He arrived Jan. 5 in St. Louis at 9 a.m. on Tuesday.", "Then he left."],
    ["Gen. Smith met U.S. officials at 5 p.m. Monday.", "It went well."],
    ["It weighs approx. 5 kg, e.g. this one.", "Others vs. them are lighter."],
    ["Prices fell in Dec.", "The new year began well."],
]
# How each tricky case is laid out: most as one line; heading/list cases one sentence a line.
LINE_CASES = {"Chapter 1", "Ingredients", "1. Open the box"}


def _naive(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in re.finditer(r"(?<=[.!?。！？])\s+", text):
        spans.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append((pos, len(text.rstrip())))
    return spans


def _pysbd():
    try:
        import pysbd
    except ImportError:
        return None
    seg = pysbd.Segmenter(language="en", clean=False, char_span=True)

    def split(text: str) -> list[tuple[int, int]]:
        out = []
        for s in seg.segment(text):
            body = s.sent.rstrip()
            out.append((s.start, s.start + len(body)))
        return out
    return split


def splitters() -> dict:
    out = {
        "ours (rules)": lambda t: [(s.start, s.end) for s in segment.split_sentences(t, engine="rules")],
        "syntok": lambda t: [(s.start, s.end) for s in segment.split_sentences(t, engine="syntok")],
        "naive regex": _naive,
    }
    pysbd = _pysbd()
    if pysbd:
        out["pysbd 0.3"] = pysbd
    return out


def gold_sets() -> dict[str, list[tuple[str, set[int]]]]:
    """name -> [(text, set of gold sentence start offsets after the first)]."""
    sets: dict[str, list[tuple[str, set[int]]]] = {}
    for dataset in ("cnndm", "xsum"):
        items = []
        for path in sorted((SUMMARIES / dataset).glob("*.summary.txt")):
            lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
            if dataset == "xsum":  # XSum references are lower-cased: restore the initial capital
                lines = [_capitalize(ln) for ln in lines]
            items.append(_join(lines, " "))
        # xsum references are one sentence each: join five at a time to have boundaries.
        if dataset == "xsum":
            lines = [t for t, _ in items]
            items = [_join(lines[i:i + 5], " ") for i in range(0, len(lines), 5)]
        sets[f"{dataset} reference lines"] = items
    sets["hand-made tricky cases"] = [
        _join(case, "\n" if case[0] in LINE_CASES else ("" if "。" in case[0] else " ")) for case in TRICKY]
    return sets


def _capitalize(line: str) -> str:
    for i, ch in enumerate(line):
        if ch.isalpha():
            return line[:i] + ch.upper() + line[i + 1:]
    return line


def _join(parts: list[str], sep: str) -> tuple[str, set[int]]:
    text, starts = "", set()
    for i, part in enumerate(parts):
        if i:
            text += sep
            starts.add(len(text))
        text += part
    return text, starts


def score(split, items) -> tuple[float, float, float, float]:
    tp = fp = fn = exact = 0
    for text, gold in items:
        got = {a for a, _ in split(text)} - {0}
        got = {a for a in got if text[:a].strip()}
        tp += len(got & gold)
        fp += len(got - gold)
        fn += len(gold - got)
        exact += got == gold
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, exact / len(items)


def main() -> int:
    sys.path.insert(0, str(ROOT / "bench"))
    from summary import long_text

    sets = gold_sets()
    names = list(splitters())
    print("| splitter | " + " | ".join(f"{k} P / R / F1 (texts all right)" for k in sets)
          + " | seconds, 3,000 sentences |")
    print("|---|" + "---|" * (len(sets) + 1))
    big = long_text(3000)
    for name, split in splitters().items():
        cells = []
        for items in sets.values():
            p, r, f, ex = score(split, items)
            cells.append(f"{100 * p:.1f} / {100 * r:.1f} / {100 * f:.1f} ({100 * ex:.0f}%)")
        t = time.perf_counter()
        split(big)
        cells.append(f"{time.perf_counter() - t:.2f}")
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)
    print("\nTexts all right: share of texts whose every boundary is right.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
