"""Unicode ranges of the scripts that need their own rules, in one place for all of core.

Chinese, Japanese and Korean text breaks the assumptions of Latin text: Chinese and Japanese
put no spaces between words, a CJK character is counted about half a word, and text browsers
draw these characters two terminal columns wide. Sentence splitting, word counting, dump
unwrapping and column detection all ask the same questions, so they share these classes.
"""

from __future__ import annotations

import re

# Kana, CJK unified ideographs (and extension A), compatibility ideographs, Hangul syllables.
CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
# Scripts written without spaces between words (CJK without Hangul, which has spaces), with
# CJK punctuation, radicals and full-width forms.
NO_SPACE_RANGES = "\u2e80-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
# Characters a terminal draws two columns wide (East Asian Wide and Fullwidth, as text browsers
# lay them out): Hangul Jamo, CJK punctuation to Yi, Hangul syllables, compatibility forms.
WIDE_RANGES = ("\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
               "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6")

CJK_CHAR = re.compile(f"[{CJK_RANGES}]")
CJK_RUN = re.compile(f"[{CJK_RANGES}]+")
NO_SPACE_CHAR = re.compile(f"[{NO_SPACE_RANGES}]")
WIDE_CHAR = re.compile(f"[{WIDE_RANGES}]")


def display_width(line: str) -> int:
    """Width in terminal columns: wide CJK characters take two, as a text browser counts them."""
    if line.isascii():
        return len(line)
    return len(line) + len(WIDE_CHAR.findall(line))
