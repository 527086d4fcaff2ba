"""The person page's timeline entries, written in Python: escaped like the template's autoescape, and
dated in the owner's zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from meetfirst.store.timeline_queries import TimelineItem
from meetfirst.web.timeline_html import timeline_entries

HOSTILE = "<script>alert(\"x\")</script><img src=x onerror='alert(1)'> & more"
AT = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)


def test_everything_a_stranger_wrote_is_escaped() -> None:
    item = TimelineItem(AT, "message", HOSTILE, text=HOSTILE, details=[HOSTILE])
    html = str(timeline_entries([item], UTC))
    assert "<script" not in html and "<img" not in html
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") == 3
    assert html.count("onerror=&#x27;alert(1)&#x27;") == 3
    assert html.count("&amp; more") == 3


def test_the_kind_is_escaped_in_the_class_too() -> None:
    item = TimelineItem(AT, 'note" onclick="x', "A note")
    assert 'class="timeline-note&quot; onclick=&quot;x"' in str(timeline_entries([item], UTC))


@pytest.mark.parametrize(
    ("zone", "shown"),
    [(UTC, "2026-03-01 23:30"), (ZoneInfo("Europe/Berlin"), "2026-03-02 00:30"),
     (ZoneInfo("America/Los_Angeles"), "2026-03-01 15:30")],
)  # fmt: skip
def test_times_are_shown_in_the_given_zone(zone: ZoneInfo, shown: str) -> None:
    html = str(timeline_entries([TimelineItem(AT, "call", "Call from them")], zone))
    assert f'<span class="when">{shown}</span>' in html


def test_tickets_and_ratings_say_what_they_are_and_empty_parts_are_left_out() -> None:
    items = [
        TimelineItem(AT, "ticket", "Ticket #1"),
        TimelineItem(AT, "rating", "Rated ticket #1"),
        TimelineItem(AT, "note", "Note"),
    ]
    html = str(timeline_entries(items, UTC))
    assert html.count("<li ") == 3
    assert "a ticket opened: service, not yet a conversation" in html
    assert "how they rated a ticket" in html
    assert "message-text" not in html and 'class="muted"' in html
    assert html.index("Ticket #1") < html.index("Rated ticket #1") < html.index("Note")


def test_no_items_is_an_empty_string() -> None:
    assert str(timeline_entries([], UTC)) == ""
