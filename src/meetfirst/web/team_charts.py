"""Server-side SVG charts of the team's mirror, drawn with matplotlib like the funnel's (web/charts.py)."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from meetfirst.core.team_report import DepthLine, MonthFigures
from meetfirst.web.charts import COLOURS, _style, _svg


def _percent(value: float | None) -> float:
    # matplotlib leaves a gap at NaN: a month with no customer or no rating shows no point, not a zero.
    return float("nan") if value is None else value * 100


def trend_svg(months: Sequence[MonthFigures]) -> str:
    """Transactional share and CSAT per month, in percent, each over the 90 days ending with the month."""
    figure = Figure(figsize=(7, 3.2))
    axes = figure.add_subplot()
    labels = [month.month for month in months]
    axes.plot(
        labels,
        [_percent(m.figures.transactional_share) for m in months],
        marker="o",
        color=COLOURS[1],
        label="transactional share",
    )
    axes.plot(labels, [_percent(m.figures.csat) for m in months], marker="s", color=COLOURS[2], label="CSAT")
    axes.set_ylim(0, 105)
    axes.set_ylabel("%")
    axes.legend(frameon=False, ncols=2, loc="upper left", bbox_to_anchor=(0, 1.15))
    if len(labels) > 8:
        axes.tick_params(axis="x", labelrotation=45)
    _style(axes)
    return _svg(figure)


def touches_svg(months: Sequence[MonthFigures]) -> str:
    """Human touches per customer served, per month."""
    figure = Figure(figsize=(7, 3.2))
    axes = figure.add_subplot()
    values = [m.figures.touches_per_customer or 0.0 for m in months]
    bars = axes.bar([m.month for m in months], values, color=COLOURS[0])
    axes.bar_label(bars, labels=[f"{v:.2f}" for v in values], padding=2, fontsize=8)
    axes.set_ylabel("human touches per customer")
    if len(months) > 8:
        axes.tick_params(axis="x", labelrotation=45)
    _style(axes)
    return _svg(figure)


def depth_svg(depth: Sequence[DepthLine]) -> str:
    """CSAT per depth of relationship, each bar labelled with how many ratings it stands on."""
    figure = Figure(figsize=(7, 3.2))
    axes = figure.add_subplot()
    values = [0.0 if line.csat is None else line.csat * 100 for line in depth]
    bars = axes.bar([line.depth for line in depth], values, color=COLOURS[3:6])
    labels = [
        f"{v:.0f}% of {line.rated}" if line.rated else "no ratings"
        for v, line in zip(values, depth, strict=True)
    ]
    axes.bar_label(bars, labels=labels, padding=2)
    axes.set_ylim(0, 110)
    axes.set_ylabel("CSAT %")
    _style(axes)
    return _svg(figure)
