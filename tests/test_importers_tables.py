"""Reading one CSV file: encodings, newlines, line numbers, and limits that keep bad files from hurting."""

from __future__ import annotations

import codecs
import csv
import time
import tracemalloc
from collections.abc import Generator
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo

import pytest

from meetfirst.core.errors import UnreadableFile
from meetfirst.core.records import InvitationRecord, MessageRecord, Record, RowError
from meetfirst.importers import read
from meetfirst.importers.registry import FILE_FORMATS, INVITATIONS
from meetfirst.importers.tables import FIELD_LIMIT, Table, sniff_encoding
from tests.conftest import DATA

HEADER = "From,To,Sent At,Message,Direction"
ROWS = [
    'Ama Owusu,Maren Lindqvist,"11/9/23, 8:15 AM","Hi Maren, lovely to meet you!",INCOMING',
    'Tobias Grünwald,Maren Lindqvist,"10/30/23, 2:21 PM",,INCOMING',
]
MESSAGES_HEADER = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER"


def read_all(path: Path) -> list[Record | RowError]:
    return list(read([path], zone=ZoneInfo("UTC")))


def names(items: list[Record | RowError]) -> list[str]:
    return [each.from_name for each in items if isinstance(each, InvitationRecord)]


@pytest.mark.parametrize(
    ("prefix", "encoding", "newline"),
    [
        (b"", "utf-8", "\n"),
        (b"", "utf-8", "\r\n"),
        (b"", "utf-8", "\r"),
        (codecs.BOM_UTF8, "utf-8", "\r\n"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "\r\n"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "\n"),
        (b"", "utf-16-le", "\n"),
    ],
)
def test_it_reads_every_encoding_and_newline_it_meets(
    tmp_path: Path, prefix: bytes, encoding: str, newline: str
) -> None:
    path = tmp_path / "Invitations.csv"
    path.write_bytes(prefix + newline.join([HEADER, *ROWS]).encode(encoding))
    assert names(read_all(path)) == ["Ama Owusu", "Tobias Grünwald"]


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_it_reads_tab_and_semicolon_delimited_files(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "Invitations.csv"
    lines = [HEADER.replace(",", delimiter)]
    lines += [delimiter.join(["Ama Owusu", "Maren Lindqvist", "11/9/23, 8:15 AM", "Hi, Maren", "INCOMING"])]
    path.write_text("\n".join(lines), encoding="utf-8")
    (invitation,) = read_all(path)
    assert isinstance(invitation, InvitationRecord)
    assert invitation.note == "Hi, Maren"


def test_it_sniffs_encodings_from_the_first_bytes() -> None:
    assert sniff_encoding(b"\xef\xbb\xbfFi") == "utf-8-sig"
    assert sniff_encoding(b'\xff\xfe"\x00') == "utf-16"
    assert sniff_encoding(b"F\x00r\x00") == "utf-16-le"
    assert sniff_encoding(b"\x00F\x00r") == "utf-16-be"
    assert sniff_encoding(b"From") == "utf-8"
    assert sniff_encoding(b"") == "utf-8"


def test_invalid_utf8_names_the_line_that_holds_it() -> None:
    path = DATA / "bad" / "Connections-latin1.csv"
    with pytest.raises(UnreadableFile) as caught:
        read_all(path)
    assert (caught.value.file, caught.value.line) == (str(path), 3)
    assert "not valid UTF-8" in str(caught.value)


def test_invalid_utf8_far_into_a_file_names_its_exact_line(tmp_path: Path) -> None:
    path = tmp_path / "Invitations.csv"
    good = [ROWS[0]] * 5000
    path.write_bytes(
        "\n".join([HEADER, *good]).encode() + b'\nAma Ow\xfcsu,Maren,"1/1/24, 1:00 AM",,INCOMING\n'
    )
    with pytest.raises(UnreadableFile) as caught:
        read_all(path)
    assert caught.value.line == 5002


def test_a_multi_line_field_keeps_later_line_numbers_right(tmp_path: Path) -> None:
    path = tmp_path / "messages.csv"
    path.write_text(
        MESSAGES_HEADER
        + '\n2-a,,Ama,,Maren,2024-01-01 10:00:00 UTC,,"one\ntwo\r\nthree",INBOX'
        + "\n2-a,,Ama,,Maren,2024-01-01 10:01:00 UTC,,four,INBOX",
        encoding="utf-8",
    )
    messages = [each for each in read_all(path) if isinstance(each, MessageRecord)]
    assert [(m.source.line, m.content) for m in messages] == [(2, "one\ntwo\r\nthree"), (5, "four")]


def test_blank_lines_and_trailing_empty_cells_are_not_errors(tmp_path: Path) -> None:
    path = tmp_path / "Invitations.csv"
    path.write_text(f"{HEADER}\n\n{ROWS[0]},,\n,,,,\n{ROWS[1]}\n", encoding="utf-8")
    items = read_all(path)
    assert names(items) == ["Ama Owusu", "Tobias Grünwald"]
    assert [each.source.line for each in items] == [3, 5]  # type: ignore[union-attr]


def test_an_unclosed_quote_becomes_a_row_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "Invitations.csv"
    path.write_text(
        f'{HEADER}\n{ROWS[0]}\nKevin,Maren,"11/12/23, 11:58 PM","Hello dear,INCOMING\n{ROWS[1]}\n',
        encoding="utf-8",
    )
    items = read_all(path)
    assert names(items) == ["Ama Owusu"]
    (error,) = [each for each in items if isinstance(each, RowError)]
    assert error.line == 3


def test_a_50_mb_field_is_a_clear_error_without_a_memory_blow_up(tmp_path: Path) -> None:
    path = tmp_path / "messages.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write(MESSAGES_HEADER + "\n2-a,,Ama,,Maren,2024-01-01 10:00:00 UTC,,hello,INBOX\n")
        out.write('2-b,,Ama,,Maren,2024-01-01 10:00:00 UTC,,"')
        chunk = "spam " * 200_000  # 1 MB
        for _ in range(50):
            out.write(chunk)
        out.write('",INBOX\n')
    limit_before = csv.field_size_limit()
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(UnreadableFile) as caught:
            read_all(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (caught.value.file, caught.value.line) == (str(path), 3)
    assert f"a field is longer than {FIELD_LIMIT >> 20} MiB" in str(caught.value)
    assert peak < 32 << 20
    assert time.monotonic() - started < 10
    assert csv.field_size_limit() == limit_before


def test_a_huge_line_without_a_huge_field_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "Invitations.csv"
    wide = ",".join(["x" * 1000] * 6000)  # 6 MB on one line, every field small
    path.write_text(f"{HEADER}\n{ROWS[0]}\n{wide}\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="a line is longer than 4 MiB") as caught:
        read_all(path)
    assert caught.value.line == 3


def test_a_field_under_the_limit_but_over_csvs_default_is_read(tmp_path: Path) -> None:
    path = tmp_path / "messages.csv"
    long_text = "word " * 60_000  # 300 kB, above csv's 128 kB default
    path.write_text(
        MESSAGES_HEADER + f'\n2-a,,Ama,,Maren,2024-01-01 10:00:00 UTC,,"{long_text}",INBOX\n',
        encoding="utf-8",
    )
    (message,) = read_all(path)
    assert isinstance(message, MessageRecord)
    assert message.content == long_text


def test_the_csv_field_limit_is_restored_between_rows(tmp_path: Path) -> None:
    path = tmp_path / "Invitations.csv"
    path.write_text("\n".join([HEADER, *ROWS]), encoding="utf-8")
    before = csv.field_size_limit()
    stream = cast(Generator[Record | RowError, None, None], read([path], zone=ZoneInfo("UTC")))
    next(stream)
    assert csv.field_size_limit() == before  # while the reader waits between rows
    stream.close()
    assert csv.field_size_limit() == before


def test_a_table_finds_the_header_after_a_preamble_and_maps_columns_by_name(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text(
        'Notes:\n"some notice"\n\nDirection,Message,Sent At,To,From\n'
        'INCOMING,Hi,"1/1/24, 1:00 AM",Maren,Ama\n',
        encoding="utf-8",
    )
    with Table(str(path), lambda: path.open("rb"), FILE_FORMATS) as table:
        assert table.format is INVITATIONS
        assert table.header_line == 4
        assert table.columns["from"] == 4
        assert list(table.rows()) == [(5, ["INCOMING", "Hi", "1/1/24, 1:00 AM", "Maren", "Ama"])]
    (invitation,) = read_all(path)
    assert isinstance(invitation, InvitationRecord)
    assert (invitation.from_name, invitation.to_name, invitation.note) == ("Ama", "Maren", "Hi")


def test_repeated_header_names_keep_every_column_as_name_dot_n(tmp_path: Path) -> None:
    path = tmp_path / "Invitations.csv"
    path.write_text(HEADER + ",Message,Message\n" + ROWS[0] + ",second,third\n", encoding="utf-8")

    with Table(str(path), lambda: path.open("rb"), (INVITATIONS,)) as table:
        (_, row), *_ = table.rows()

    assert table.columns["message"] == 3  # the first of them, as before
    assert [row[table.columns[n]] for n in ("message.1", "message.2")] == ["second", "third"]
    assert names(read_all(path)) == ["Ama Owusu"]
