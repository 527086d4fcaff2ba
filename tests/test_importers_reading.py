"""read(): zips and folders, format detection and forcing, the order of records, progress."""

from __future__ import annotations

import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from meetfirst.core.errors import UnknownFormat, UnreadableFile
from meetfirst.core.records import (
    ConnectionRecord,
    InvitationRecord,
    MessageRecord,
    OwnerRecord,
    Record,
    RowError,
)
from meetfirst.importers import FORMATS, FormatInfo, read
from tests.conftest import DATA

EXPORTS = DATA / "linkedin"
OSLO = ZoneInfo("Europe/Oslo")


def read_all(*paths: Path, **options: object) -> list[Record | RowError]:
    return list(read(list(paths), zone=OSLO, **options))  # type: ignore[arg-type]


def zip_folder(folder: Path, target: Path, *, prefix: str = "") -> Path:
    """A zip of every file under `folder`, as a user or LinkedIn would make it."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + path.relative_to(folder).as_posix())
    return target


def without_source(item: Record | RowError) -> tuple[object, ...]:
    fields = [getattr(item, name) for name in item.__slots__ if name != "source"]
    return (type(item).__name__, *fields)


def test_formats_name_every_format_with_a_description() -> None:
    names = [each.name for each in FORMATS]
    assert names == [
        "linkedin",
        "linkedin-profile",
        "linkedin-emails",
        "linkedin-connections",
        "linkedin-invitations",
        "linkedin-messages",
        "linkedin-messages-2018",
        "google-csv",
        "google-csv-legacy",
        "outlook-csv",
        "linkedin-contacts",
        "linkedin-contacts-2018",
        "zendesk-csv",
        "freshdesk-csv",
        "servicenow-csv",
        "jira-csv",
        "osticket-csv",
        "tickets-csv",
        "ics",
        "vcard",
        "mbox",
        "helpdesk-json",
        "zendesk-json",
        "eml",
    ]
    assert all(isinstance(each, FormatInfo) and each.description for each in FORMATS)


@pytest.mark.parametrize("era", ["2018", "2023", "2025", "2026"])
def test_a_zip_of_an_export_reads_like_its_folder(tmp_path: Path, era: str) -> None:
    archive = zip_folder(EXPORTS / era, tmp_path / f"Basic_LinkedInDataExport_{era}.zip")
    from_zip = read_all(archive)
    from_folder = read_all(EXPORTS / era)
    assert [without_source(each) for each in from_zip] == [without_source(each) for each in from_folder]
    assert [each.source.line for each in from_zip] == [each.source.line for each in from_folder]  # type: ignore[union-attr]


def test_zip_members_are_named_after_the_archive_the_user_gave(tmp_path: Path) -> None:
    archive = zip_folder(
        EXPORTS / "2023", tmp_path / "export.zip", prefix="Complete_LinkedInDataExport_11-04-2025 (1)/"
    )
    invitation = next(each for each in read_all(archive) if isinstance(each, InvitationRecord))
    assert invitation.source.file == f"{archive}!Complete_LinkedInDataExport_11-04-2025 (1)/Invitations.csv"


def test_a_bad_row_in_a_zip_names_the_member(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(DATA / "bad" / "Invitations-malformed.csv", "Invitations.csv")
    errors = [each for each in read_all(archive) if isinstance(each, RowError)]
    assert str(errors[0]) == f"{archive}!Invitations.csv:3: cannot read the Sent At time 'yesterday, 2:21 PM'"


def test_macos_resource_forks_in_a_zip_are_ignored(tmp_path: Path) -> None:
    archive = zip_folder(EXPORTS / "2021", tmp_path / "export.zip")
    with zipfile.ZipFile(archive, "a") as zipped:
        zipped.writestr("__MACOSX/._Invitations.csv", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
        zipped.writestr("._Connections.csv", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    assert not [each for each in read_all(archive) if isinstance(each, RowError)]


def test_files_from_several_paths_come_out_in_the_export_order(tmp_path: Path) -> None:
    items = read_all(
        EXPORTS / "2023" / "messages.csv",
        EXPORTS / "2023" / "Invitations.csv",
        EXPORTS / "2023" / "Connections.csv",
    )
    kinds = [type(each) for each in items]
    assert kinds[0] is OwnerRecord  # learnt from the invitations
    first = {kind: kinds.index(kind) for kind in (ConnectionRecord, InvitationRecord, MessageRecord)}
    assert first[ConnectionRecord] < first[InvitationRecord] < first[MessageRecord]


def test_the_format_is_found_from_the_content_not_the_name(tmp_path: Path) -> None:
    renamed = tmp_path / "downloaded (3).txt"
    renamed.write_bytes((EXPORTS / "2023" / "Invitations.csv").read_bytes())
    assert sum(isinstance(each, InvitationRecord) for each in read_all(renamed)) == 12


def test_a_forced_format_reads_only_that_kind_of_file_from_an_export() -> None:
    items = read_all(EXPORTS / "2023", format="linkedin-connections")
    assert {type(each) for each in items} == {ConnectionRecord}


def test_a_forced_format_that_does_not_fit_a_lone_file_is_refused() -> None:
    path = EXPORTS / "2023" / "Invitations.csv"
    with pytest.raises(UnknownFormat) as caught:
        read_all(path, format="linkedin-connections")
    assert str(caught.value).startswith(f"{path}: This file matches no format meetfirst knows: it is not a")
    assert "linkedin-connections" in str(caught.value)


def test_the_whole_export_format_accepts_a_folder_and_a_lone_file() -> None:
    assert read_all(EXPORTS / "2021", format="linkedin") == read_all(EXPORTS / "2021")
    lone = read_all(EXPORTS / "2021" / "Invitations.csv", format="linkedin")
    assert all(isinstance(each, InvitationRecord) for each in lone)


def test_an_unknown_format_name_is_refused() -> None:
    with pytest.raises(UnknownFormat, match="no format named 'palm-pilot'"):
        read_all(EXPORTS / "2021", format="palm-pilot")


def test_a_lone_file_of_no_known_format_is_refused_by_name() -> None:
    path = DATA / "bad" / "unknown.csv"
    with pytest.raises(UnknownFormat) as caught:
        read_all(path)
    assert caught.value.file == str(path)
    assert str(caught.value).startswith(f"{path}: This file matches no format meetfirst knows")


def test_a_lone_file_we_skip_inside_an_export_is_refused_on_its_own() -> None:
    with pytest.raises(UnknownFormat):
        read_all(EXPORTS / "2026" / "LearningCoachMessages.csv")


def test_an_empty_file_is_refused_as_empty(tmp_path: Path) -> None:
    empty = tmp_path / "Invitations.csv"
    empty.touch()
    with pytest.raises(UnknownFormat, match="the file is empty"):
        read_all(empty)


def test_a_folder_without_any_export_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("Name,Phone\nAma,123\n", encoding="utf-8")
    with pytest.raises(UnknownFormat, match="found no LinkedIn export file in it"):
        read_all(tmp_path)


def test_a_missing_path_is_unreadable() -> None:
    missing = DATA / "no-such-export.zip"
    with pytest.raises(UnreadableFile) as caught:
        read_all(missing)
    assert str(caught.value) == f"{missing}: Cannot read this file: no such file or folder"


def test_header_only_files_are_read_as_empty(tmp_path: Path) -> None:
    lone = tmp_path / "Invitations.csv"
    lone.write_text("From,To,Sent At,Message,Direction\n", encoding="utf-8")
    assert read_all(lone) == []


def test_a_file_lacking_a_needed_column_is_refused_at_its_header(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text("Notes:\n\nFirst Name,URL,Connected On\nAma,,05 Jan 2024\n", encoding="utf-8")
    with pytest.raises(UnknownFormat) as caught:
        read_all(path)
    assert caught.value.line == 3
    assert "it looks like linkedin-connections but lacks the columns last name" in str(caught.value)


def test_progress_is_reported_now_and_then_up_to_the_total(tmp_path: Path) -> None:
    big = tmp_path / "messages.csv"
    row = (
        "2-abc,,Ama Owusu,https://www.linkedin.com/in/ama-owusu,Maren Lindqvist,"
        "https://www.linkedin.com/in/maren-lindqvist,2024-12-03 07:20:03 UTC,,Hello,INBOX\n"
    )
    header = (EXPORTS / "2023" / "messages.csv").read_text(encoding="utf-8").splitlines()[0] + "\n"
    big.write_text(header + row * 20_000, encoding="utf-8")
    calls: list[tuple[int, int]] = []
    items = read_all(
        big, EXPORTS / "2023" / "Connections.csv", progress=lambda done, total: calls.append((done, total))
    )
    assert len(items) == 20_009
    total = big.stat().st_size + (EXPORTS / "2023" / "Connections.csv").stat().st_size
    assert {each[1] for each in calls} == {total}
    done = [each[0] for each in calls]
    assert done == sorted(done)
    assert done[0] == 0 and done[-1] == total
    assert 5 < len(calls) < 20  # now and then, not per row


def test_an_empty_profile_still_leaves_the_owner_slug_from_invitations(tmp_path: Path) -> None:
    export = tmp_path / "export"
    export.mkdir()
    profile = (EXPORTS / "2023" / "Profile.csv").read_text(encoding="utf-8").splitlines()[0]
    (export / "Profile.csv").write_text(profile + "\n", encoding="utf-8")
    (export / "Invitations.csv").write_bytes((EXPORTS / "2023" / "Invitations.csv").read_bytes())
    items = read_all(export)
    assert isinstance(items[0], OwnerRecord)
    assert items[0].profile_slug == "maren-lindqvist"
    assert items[0].source.file == str(export / "Invitations.csv")
