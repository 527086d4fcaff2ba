from datetime import timedelta

import pytest

from meetfirst.core import thoughts as rules
from meetfirst.core.errors import BadInput
from meetfirst.services import replies, thoughts
from meetfirst.store.models import Thought, ThoughtShown
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.django_db
TODAY = FIXED_NOW.date()


@pytest.fixture(autouse=True)
def utc_policy(home):
    (home / "policy.toml").write_text('timezone = "UTC"\n', encoding="utf-8")


def test_the_thought_of_the_day_is_the_same_all_day_and_recorded():
    morning = thoughts.thought_today(now=FIXED_NOW.replace(hour=6))
    evening = thoughts.thought_today(now=FIXED_NOW.replace(hour=23))
    assert morning.thought == evening.thought
    assert ThoughtShown.objects.get(day=TODAY).thought_key == morning.thought.key
    assert not morning.repeated


def test_no_thought_repeats_within_30_days():
    seen: dict[str, int] = {}
    for offset in range(45):
        key = thoughts.thought_for(TODAY + timedelta(days=offset)).thought.key
        assert key not in seen or offset - seen[key] >= rules.NO_REPEAT_DAYS
        seen[key] = offset


def test_with_fewer_than_30_thoughts_it_repeats_the_least_recent_and_says_so(monkeypatch):
    few = [rules.ThoughtItem(f"Line {n}", shipped=True) for n in range(3)]
    monkeypatch.setattr(rules, "shipped", lambda: few)
    shown = [thoughts.thought_for(TODAY + timedelta(days=n)) for n in range(6)]
    assert [s.thought.text for s in shown[3:]] == [s.thought.text for s in shown[:3]]
    assert [s.repeated for s in shown] == [False, False, False, True, True, True]
    assert "only 3 thoughts" in shown[3].note


def test_adding_a_file_skips_lines_already_there(tmp_path):
    path = tmp_path / "mine.csv"
    first = rules.shipped()[0].text
    path.write_text(
        f"text,author,work,year\nMy own line,Me,,\nmy  OWN line,,,\n{first},,,\n", encoding="utf-8"
    )
    added = thoughts.add_from_file(path)
    assert (added.read, added.added, added.already_there) == (3, 1, 2)
    assert thoughts.add_from_file(path).added == 0
    assert Thought.objects.get().author == "Me"
    assert "My own line" in [t.text for t in thoughts.all_thoughts()]


def test_adding_an_unreadable_file_is_bad_input(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(BadInput, match=r"mine\.txt"):
        thoughts.add_from_file(path)
    with pytest.raises(BadInput, match="cannot read"):
        thoughts.add_from_file(tmp_path / "missing.txt")


def test_the_reply_template_can_show_the_thought_of_the_day(home):
    (home / "policy.toml").write_text(
        'timezone = "UTC"\ntemplate = "Hi {{ first_name }}.\\n\\n{{ thought }}"\n', encoding="utf-8"
    )
    make.owner()
    request = make.request(make.person("Ana Silva"), sent_at=FIXED_NOW - timedelta(days=2))
    (draft,) = replies.draft([request.pk], now=FIXED_NOW)
    day = thoughts.thought_today(now=FIXED_NOW).thought
    assert draft.text == f"Hi Ana.\n\n{day.text} -- {day.author}"
