"""Server-side SVG charts of the funnel, drawn with matplotlib (no pyplot: it is not thread-safe)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

STEPS = ["requests", "strangers", "replied", "answered", "met", "relationships"]
TREND = ["requests", "replied", "answered", "collectors"]
COLOURS = ["#0b5cad", "#8a5a00", "#1d7a46", "#7a3fb0", "#a3262d", "#4a4a4a"]


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", transparent=True)
    return buffer.getvalue()


def _style(axes: object) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)  # type: ignore[attr-defined]


def funnel_svg(totals: Mapping[str, int]) -> str:
    """Horizontal bars from requests down to relationships."""
    figure = Figure(figsize=(7, 3.2))
    axes = figure.add_subplot()
    values = [int(totals.get(step, 0)) for step in STEPS]
    bars = axes.barh(STEPS[::-1], values[::-1], color=COLOURS[: len(STEPS)][::-1])
    axes.bar_label(bars, padding=3)
    axes.set_xlabel("requests")
    _style(axes)
    return _svg(figure)


def trend_svg(months: Sequence[Mapping[str, object]]) -> str:
    """Requests, replies, answers and collectors per month of the request."""
    figure = Figure(figsize=(7, 3.2))
    axes = figure.add_subplot()
    labels = [str(row["month"]) for row in months]
    for key, colour in zip(TREND, COLOURS, strict=False):
        axes.plot(labels, [int(str(row.get(key, 0))) for row in months], marker="o", label=key, color=colour)
    axes.legend(frameon=False, ncols=len(TREND), loc="upper left", bbox_to_anchor=(0, 1.15))
    axes.set_ylabel("requests")
    if len(labels) > 8:
        axes.tick_params(axis="x", labelrotation=45)
    _style(axes)
    return _svg(figure)
