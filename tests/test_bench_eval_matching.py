"""The evaluation set and its report: the accuracy targets hold on a small seeded set."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

from eval_matching import PRECISION_TARGET, RECALL_TARGET, evaluate  # noqa: E402
from matching_data import NOISES, Generator, evaluation_set  # noqa: E402


def test_the_generator_is_seeded_and_labels_every_request():
    one, two = (
        evaluation_set(humans=120, strangers=40, others=100),
        evaluation_set(humans=120, strangers=40, others=100),
    )
    assert one.requests == two.requests and one.known == two.known
    assert set(one.kind.values()) == {*NOISES, "stranger"}
    assert sum(v is None for v in one.truth.values()) == 40


def test_noise_looks_like_what_people_type():
    gen = Generator(1)
    bob = gen.human("Robert", "Müller", "Acme Inc")
    assert gen.noisy(bob, "nickname", 1).name == "Bob Müller"
    assert gen.noisy(bob, "umlaut", 2).name == "Robert Mueller"
    assert gen.noisy(bob, "swapped", 3).name == "Müller Robert"
    assert gen.noisy(bob, "initial", 4).name == "R. Müller"


def test_automatic_links_are_precise_and_suggestions_find_nearly_everyone():
    report = evaluate(evaluation_set(humans=600, strangers=200, others=1000))
    assert report["automatic_precision"] >= PRECISION_TARGET, report
    assert report["links_and_suggestions_recall"] >= RECALL_TARGET, report
