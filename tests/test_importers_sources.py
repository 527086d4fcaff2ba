"""Finding the files of an export, and refusing zips that are unsafe to open (built here, at test time)."""

from __future__ import annotations

import zipfile
from contextlib import ExitStack
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from meetfirst.core.errors import UnreadableFile, UnsafeArchive
from meetfirst.core.records import Record, RowError
from meetfirst.importers import read, sources
from tests.conftest import DATA

INVITATIONS = (DATA / "linkedin" / "2021" / "Invitations.csv").read_bytes()


def read_all(path: Path) -> list[Record | RowError]:
    return list(read([path], zone=ZoneInfo("UTC")))


def make_zip(path: Path, members: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return path


@pytest.mark.parametrize(
    "member",
    [
        "../Invitations.csv",
        "export/../../Invitations.csv",
        "/etc/Invitations.csv",
        "C:/Invitations.csv",
        "..\\x.csv",
    ],
)
def test_a_zip_member_that_escapes_the_archive_is_refused(tmp_path: Path, member: str) -> None:
    archive = make_zip(tmp_path / "export.zip", {"Invitations.csv": INVITATIONS, member: INVITATIONS})
    with pytest.raises(UnsafeArchive) as caught:
        read_all(archive)
    assert caught.value.file == str(archive)
    assert "points outside the archive" in str(caught.value)


def test_a_member_that_expands_too_much_is_refused_as_a_zip_bomb(tmp_path: Path) -> None:
    # 8 MiB of zeros deflate to about 8 KiB: a ratio near 1000, where real CSVs stay under 20.
    archive = make_zip(
        tmp_path / "export.zip", {"Invitations.csv": INVITATIONS, "messages.csv": bytes(8 << 20)}
    )
    with pytest.raises(UnsafeArchive, match="looks like a zip bomb"):
        read_all(archive)


def test_a_small_member_may_compress_well(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "export.zip", {"Invitations.csv": INVITATIONS, "Padding.csv": bytes(500_000)}
    )
    assert read_all(archive)


def test_an_archive_too_large_in_all_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_TOTAL_SIZE", 1000)
    archive = make_zip(tmp_path / "export.zip", {"Invitations.csv": INVITATIONS, "Other.csv": b"x" * 1000})
    with pytest.raises(UnsafeArchive, match="the limit is 0 MiB"):
        read_all(archive)


def test_an_archive_with_too_many_members_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_MEMBERS", 3)
    archive = make_zip(tmp_path / "export.zip", {f"Part_{n}.csv": b"a,b\n" for n in range(4)})
    with pytest.raises(UnsafeArchive, match="it holds 4 files; the limit is 3"):
        read_all(archive)


def test_a_damaged_zip_is_unreadable(tmp_path: Path) -> None:
    broken = tmp_path / "export.zip"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(UnreadableFile, match="not a readable zip archive"):
        read_all(broken)


def test_a_member_whose_data_is_damaged_is_unreadable_by_name(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "export.zip", {"Invitations.csv": INVITATIONS}, method=zipfile.ZIP_STORED)
    data = bytearray(archive.read_bytes())
    at = data.index(b"Kevin Marsh")
    data[at : at + 5] = b"Xevin"  # the CRC no longer matches
    archive.write_bytes(bytes(data))
    with pytest.raises(UnreadableFile) as caught:
        read_all(archive)
    assert caught.value.file == f"{archive}!Invitations.csv"


def test_a_folder_is_searched_at_any_depth_and_in_any_case(tmp_path: Path) -> None:
    deep = tmp_path / "Downloads" / "Complete_LinkedInDataExport_11-04-2025 (1)"
    deep.mkdir(parents=True)
    (deep / "INVITATIONS.CSV").write_bytes(INVITATIONS)
    (deep / "Articles").mkdir()
    (deep / "Articles" / "post.html").write_text("<p>not a csv</p>", encoding="utf-8")
    with ExitStack() as stack:
        found, whole = sources.find_sources(tmp_path, stack)
    assert whole
    assert [each.member for each in found] == [
        "Downloads/Complete_LinkedInDataExport_11-04-2025 (1)/INVITATIONS.CSV"
    ]
    assert len(read_all(tmp_path)) == 9


@pytest.mark.parametrize(
    ("name", "unsafe"),
    [
        ("Invitations.csv", False),
        ("a/b/c.csv", False),
        ("a..b.csv", False),
        ("../a.csv", True),
        ("\\a.csv", True),
    ],
)
def test_it_tells_unsafe_member_names(name: str, unsafe: bool) -> None:
    assert sources.unsafe_member_name(name) is unsafe
