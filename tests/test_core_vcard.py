from meetfirst.core import vcard


def test_it_escapes_backslash_comma_semicolon_and_newlines():
    assert vcard.escape_text("a\\b,c;d\ne\r\nf") == "a\\\\b\\,c\\;d\\ne\\nf"


def test_a_short_line_is_not_folded():
    assert vcard.fold("FN:Ana Silva") == "FN:Ana Silva"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "NOTE:" + "é" * 100 + "x" * 80
    folded = vcard.fold(line)
    pieces = folded.split("\r\n")
    assert len(pieces) > 2
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join([pieces[0]] + [p[1:] for p in pieces[1:]]) == line


def test_a_card_leaves_out_empty_fields_and_ends_lines_with_crlf():
    text = vcard.render(vcard.Card(full_name="Ana Silva", family_name="Silva", given_name="Ana"))
    assert text == "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana Silva\r\nN:Silva;Ana;;;\r\nEND:VCARD\r\n"


def test_a_phone_becomes_a_tel_uri_and_a_url_loses_line_breaks():
    text = vcard.render(
        vcard.Card(full_name="A", phones=("+351 912 345 678",), urls=("https://x.test/a\r\nEVIL:1",))
    )
    assert "TEL;VALUE=uri:tel:+351912345678\r\n" in text
    assert "URL:https://x.test/aEVIL:1\r\n" in text
