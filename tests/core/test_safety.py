"""safety.clean: nothing a terminal could act on survives; ordinary text is untouched."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.safety import clean, clean_line, is_clean

ATTACKS = {
    "osc52 clipboard": "\x1b]52;c;ZWNobyBwd25lZA==\x07",
    "screen clear": "\x1b[2J\x1b[H",
    "osc8 hyperlink": "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "c1 csi": "\x9b31m",
    "c1 osc": "\x9d52;c;AA==\x9c",
    "bidi override": "abc\u202edcba\u202c",
    "bidi isolate": "\u2067x\u2069",
    "backspace overstrike": "safe\x08\x08\x08\x08evil",
    "bell": "\x07",
    "tag smuggling": "hi\U000e0041\U000e0042",
    "lone surrogate": "a\udcff b",
}


def test_each_attack_is_neutralised():
    for name, attack in ATTACKS.items():
        out = clean("before " + attack + " after")
        assert is_clean(out), name
        assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs") and c not in "\n\t"
                       and c not in "\u200c\u200d" for c in out), name
        assert out.startswith("before ") and out.endswith(" after"), name
        out.encode("utf-8")  # never crashes output


def test_visible_text_survives():
    assert clean("]52;c;ZWNobw==") == "]52;c;ZWNobw=="  # printable remains, inert without ESC
    text = "Grüße, 日本語, עברית, مرحبا, emoji 👩‍👩‍👧 and \u0928\u094d\u200d\u092f.\n\tindented"
    assert clean(text) == text  # ZWJ/ZWNJ, RTL letters, tabs, newlines all kept


def test_newline_forms():
    assert clean("a\r\nb\rc\u2028d\u2029e") == "a\nb\nc\nd\ne"
    assert clean(None) == "" and clean("") == ""


def test_invisible_hiders_removed():
    assert clean("pass\u200bword\u2060s\ufeff\u00ad") == "passwords"


def test_clean_line_folds_whitespace():
    assert clean_line("  A\n\ttitle \x1b[31m red ") == "A title [31m red"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_is_idempotent_and_total(text):
    out = clean(text)
    assert is_clean(out)
    assert clean(out) == out
    out.encode("utf-8")
    assert len(out) <= len(text)
    # Only dangerous characters are dropped: printable letters/digits/punctuation all survive.
    kept = [c for c in text if unicodedata.category(c)[0] in "LNPS" and c not in "\u00ad"]
    assert "".join(c for c in out if c in set(kept)) == "".join(kept)
    assert is_clean(clean_line(text)) and "\n" not in clean_line(text)
