"""Charset decoding: declarations are hints, bytes decide; bad bytes never raise."""

from reader.core.formats.charset import decode_html, decode_text, meta_charset

TEXT = "Café crème, naïve façade — “quoted”"


def test_utf8_without_declaration():
    text, enc = decode_html(f"<p>{TEXT}</p>".encode("utf-8"))
    assert TEXT in text and enc == "utf-8"


def test_meta_claims_latin1_but_bytes_are_utf8():
    body = f'<html><head><meta charset="iso-8859-1"></head><body><p>{TEXT}</p>'.encode("utf-8")
    text, enc = decode_html(body)
    assert TEXT in text and enc == "utf-8"


def test_meta_claims_utf8_but_bytes_are_windows_1252():
    body = f'<meta charset="utf-8"><p>{TEXT}</p>'.encode("cp1252")
    text, _ = decode_html(body)
    assert TEXT in text


def test_latin1_declared_in_header():
    body = "<p>Ça coûte très cher à Genève.</p>".encode("latin-1")
    text, enc = decode_html(body, "ISO-8859-1")
    assert "Ça coûte très cher à Genève." in text and enc == "cp1252"


def test_http_equiv_meta_is_read():
    body = b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>x</p>'
    assert meta_charset(body) == "windows-1251"
    text, _ = decode_html(body + "<p>Привет, мир</p>".encode("cp1251"))
    assert "Привет, мир" in text


def test_utf16_bom():
    body = "\ufeff<p>Grüße aus Köln</p>".encode("utf-16-le")
    body = b"\xff\xfe" + body[2:]
    text, enc = decode_html(body)
    assert "Grüße aus Köln" in text and enc.startswith("utf-16")
    assert decode_text("plain ü".encode("utf-16")) == "plain ü"


def test_invalid_bytes_never_raise():
    body = b"<p>ok \xff\xfe\xfa\x80 \xc3 broken</p>" * 10
    text, _ = decode_html(body, "utf-8")
    assert "ok" in text and "broken" in text
    assert "ok" in decode_text(body, "no-such-charset")


def test_nul_bytes_survive_as_text():
    text = decode_text(b"one\x00two three four five six")
    assert "two three" in text


def test_bogus_declaration_is_ignored():
    text, enc = decode_html("<meta charset='x-made-up'><p>naïve</p>".encode("utf-8"))
    assert "naïve" in text and enc == "utf-8"


LONG = "Über den Flüssen Köln, Zürich und Genève — «très» naïve façades, “quoted” " * 3


def test_utf8_with_a_few_broken_bytes_stays_utf8():
    """A page that is UTF-8 but for a truncated character or one stray legacy byte (in any
    place, with or without a declaration) is not re-read as windows-1252 mojibake."""
    good = LONG.encode("utf-8")
    for broken in (good[:40] + b"\xc3" + good[40:],            # a truncated character
                   good[:60] + b"\xe9" + good[60:] + b"\x97",  # stray windows-1252 bytes
                   good + "é".encode("utf-8")[:1]):             # cut at the end
        for declared in (None, "utf-8", "iso-8859-1"):
            text, enc = decode_html(b"<p>" + broken + b"</p>", declared)
            assert enc == "utf-8", (broken[:70], declared)
            assert "Köln, Zürich und Genève" in text and "Ã" not in text
            assert "Köln" in decode_text(broken, declared)


def test_legacy_text_is_not_taken_for_broken_utf8():
    """windows-1252 and latin-1 bytes make almost no valid UTF-8 sequence: they stay legacy,
    even with a few accidental UTF-8-looking pairs among them."""
    legacy = LONG.encode("cp1252") + "Ã©".encode("cp1252")  # one pair that is valid UTF-8
    text, enc = decode_html(b"<p>" + legacy + b"</p>", "utf-8")
    assert "Köln, Zürich und Genève" in text and enc != "utf-8"
    assert "Köln" in decode_text(legacy)
