"""Property tests: no bytes make the mail and vCard readers crash, and cutting an mbox loses nothing."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from meetfirst.core.records import ContactRecord, EmailRecord, InvitationRecord, RowError, SkippedItem
from meetfirst.importers import mbox, vcard

HEADERISH = st.lists(
    st.sampled_from(
        [
            b"From: A <a@b.example>\n",
            b"To: x@y.example, =?utf-8?q?Z=C3=A9?= <z@y.example>\n",
            b"Date: Thu, 05 Mar 2026 10:00:00 +0000\n",
            b"Date: garbage\n",
            b'Content-Type: multipart/alternative; boundary="b"\n',
            b"Content-Type: text/html; charset=nope\n",
            b"Content-Type: text/plain; charset=rot13\n",
            b"Content-Transfer-Encoding: base64\n",
            b"Content-Transfer-Encoding: quoted-printable\n",
            b"\n",
            b"--b\n",
            b"--b--\n",
            b"<p>hi</p>\n",
            b"=E9=\n",
            b"From someone\n",
        ]
    )
    | st.binary(max_size=40),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(HEADERISH)
def test_any_bytes_make_a_record_or_a_row_error_never_a_crash(parts: list[bytes]):
    item = mbox.mail_item("x.eml", b"".join(parts))

    assert isinstance(item, EmailRecord | InvitationRecord | SkippedItem | RowError)


@settings(max_examples=200, deadline=None)
@given(HEADERISH, st.integers(min_value=1, max_value=64))
def test_cutting_an_mbox_into_messages_keeps_every_byte(parts: list[bytes], chunk: int):
    data = b"From a\n" + b"".join(parts)
    original = mbox.CHUNK
    mbox.CHUNK = chunk
    try:
        pieces = [piece for _, piece in mbox._messages(io.BytesIO(data))]
    finally:
        mbox.CHUNK = original

    assert b"".join(pieces).rstrip() == data.rstrip() or not data[7:].strip()
    assert all(piece.startswith(b"From ") for piece in pieces)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["BEGIN:VCARD", "END:VCARD", "VERSION:2.1", "FN:Ann", "EMAIL:a@b.example", "N:;;;;", "TEL:+1 555"]
        )
        | st.text(max_size=30),
        max_size=20,
    )
)
def test_any_text_makes_contacts_or_row_errors_from_a_vcard_reader(lines: list[str]):
    data = ("\n".join(lines)).encode("utf-8", "surrogatepass")

    for item in vcard.read_vcards("x.vcf", io.BytesIO(data)):
        assert isinstance(item, ContactRecord | RowError)
