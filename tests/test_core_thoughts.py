from datetime import date, timedelta

import pytest

from meetfirst.core import thoughts
from meetfirst.core.errors import BadInput

DAY = date(2026, 6, 15)


def test_the_shipped_set_has_our_own_lines_and_public_domain_lines_before_1931():
    shipped = thoughts.shipped()
    ours = [t for t in shipped if t.author == "meetfirst"]
    quoted = [t for t in shipped if t.author != "meetfirst"]
    assert len(ours) >= 20
    assert len(quoted) >= 20
    for item in quoted:
        assert item.author and item.work, item.text
        assert item.year is not None and item.year < 1931, item.text
    assert len({t.key for t in shipped}) == len(shipped)


def test_a_csv_file_gives_text_author_work_and_year_with_or_without_a_header():
    text = 'text,author,work,year\n"Be kind, always.",Me,Notebook,2020\nShort one\n'
    found = thoughts.parse_thoughts(text, file="mine.csv")
    assert [(t.text, t.author, t.work, t.year) for t in found] == [
        ("Be kind, always.", "Me", "Notebook", 2020),
        ("Short one", "", "", None),
    ]
    assert len(thoughts.parse_thoughts("Just a line\n", file="mine.csv")) == 1


def test_a_bad_year_in_a_csv_names_the_file_and_line():
    with pytest.raises(BadInput) as caught:
        thoughts.parse_thoughts("text,author,work,year\nfine,,,\nbad,,,soon\n", file="mine.csv")
    assert caught.value.message.startswith("mine.csv:3: ")
    assert "year" in caught.value.message


def test_a_json_list_takes_strings_or_objects():
    text = '["Plain line", {"text": "Full", "author": "A", "work": "W", "year": 1900}]'
    found = thoughts.parse_thoughts(text, file="mine.json")
    assert [(t.text, t.author, t.year) for t in found] == [("Plain line", "", None), ("Full", "A", 1900)]


def test_broken_json_names_the_line():
    with pytest.raises(BadInput) as caught:
        thoughts.parse_thoughts('[\n"ok",\n{oops}\n]', file="mine.json")
    assert caught.value.message.startswith("mine.json:3: ")


def test_a_json_item_without_text_is_named_by_its_position():
    with pytest.raises(BadInput) as caught:
        thoughts.parse_thoughts('["ok", {"author": "A"}]', file="mine.json")
    assert "item 2" in caught.value.message


def test_a_fortune_file_splits_on_percent_lines_and_reads_the_credit():
    text = "First line\nsecond line\n%\nOn its own\n%\n\nWith credit\n-- Jane Doe, Letters, 1890\n%\n"
    found = thoughts.parse_thoughts(text, file="quotes")
    assert [(t.text, t.author, t.work, t.year) for t in found] == [
        ("First line\nsecond line", "", "", None),
        ("On its own", "", "", None),
        ("With credit", "Jane Doe", "Letters", 1890),
    ]


def test_an_empty_file_is_refused():
    with pytest.raises(BadInput, match="no thought found"):
        thoughts.parse_thoughts("%\n%\n", file="quotes.txt")


def test_the_key_ignores_case_and_spacing():
    assert thoughts.thought_key("Be  kind") == thoughts.thought_key("be kind")


def test_the_choice_for_a_day_is_stable():
    keys = [f"k{n}" for n in range(40)]
    assert thoughts.choose(DAY, keys, {}) == thoughts.choose(DAY, list(reversed(keys)), {})


def test_no_thought_comes_back_within_30_days_when_there_are_enough():
    keys = [f"k{n}" for n in range(31)]
    last: dict[str, date] = {}
    for offset in range(60):
        day = DAY + timedelta(days=offset)
        key, repeated = thoughts.choose(day, keys, last)
        assert not repeated
        assert key not in last or (day - last[key]).days >= 30
        last[key] = day


def test_with_fewer_than_30_the_least_recently_shown_comes_back_and_says_so():
    keys = ["a", "b", "c"]
    last = {"a": DAY - timedelta(days=2), "b": DAY - timedelta(days=3), "c": DAY - timedelta(days=1)}
    assert thoughts.choose(DAY, keys, last) == ("b", True)
