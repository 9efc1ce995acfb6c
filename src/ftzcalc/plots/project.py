"""``ftzcalc project --plot``: the metric year by year under each rate given, against the path
its target requires, with the actual figures, the target and the shortfall or surplus."""

from __future__ import annotations

from collections.abc import Sequence

from ftzcalc.i18n import _
from ftzcalc.plots import common
from ftzcalc.projection import Projection
from ftzcalc.render import numbers
from ftzcalc.views.describe import baseline_text


def figure(
    result: Projection | Sequence[Projection], lang: str, sources: Sequence[str]
) -> common.ReportFigure:
    """One line per projection (one per ``--rate``, all of the same metric), the required
    path dashed, actuals and the baseline as points, the target as a diamond in its year."""
    projections = [result] if isinstance(result, Projection) else list(result)
    first = projections[0]
    metric, target, start = first.metric, first.target, first.start
    with common.style():
        fig = common.new_figure(4.8)
        ax = fig.add_subplot()
        ax.set_xlabel(_("Year"))
        ax.set_ylabel(common.unit_label(metric.unit.pick(lang)))
        ax.yaxis.set_major_formatter(common.value_formatter())
        common.year_axis(ax.xaxis)

        required = [(r.year, r.required) for r in first.rows if r.required is not None]
        (line,) = ax.plot(
            [y for y, _v in required],
            [v for _y, v in required],
            color=common.REQUIRED,
            linestyle="--",
            linewidth=1.5,
            zorder=3,  # over a projection that runs along it
            label=_("Required path: {rate} a year").format(
                rate=numbers.rate(first.rate_needed_now)
            ),
        )
        line.set_gid("required")

        several = len(projections) > 1
        for i, p in enumerate(projections):
            colour = common.SERIES[i % len(common.SERIES)] if several else common.PROJECTED
            label = _("{rate} a year: {end} in {year}, {verdict}").format(
                rate=_rate(p),
                end=numbers.value(p.end_value),
                year=target.year,
                verdict=_verdict(p),
            )
            (line,) = ax.plot(
                [r.year for r in p.rows],
                [r.value for r in p.rows],
                color=colour,
                linewidth=2,
                marker="o",
                markersize=3.5,
                label=label,
            )
            line.set_gid(f"projected:{i}")
            (gap,) = ax.plot(
                [target.year, target.year],
                [p.end_value, target.value],
                color=colour,
                linestyle=":",
                linewidth=1.2,
            )
            gap.set_gid(f"margin:{i}")
            if not several and p.margin != 0:
                ax.annotate(
                    _verdict(p),
                    (target.year, (p.end_value + target.value) / 2),
                    xytext=(6, 0),
                    textcoords="offset points",
                    ha="left",
                    va="center",
                    fontsize=8,
                    color=colour,
                    bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"},
                )

        baseline = metric.baseline
        if baseline is not None:
            (point,) = ax.plot(
                [baseline.year],
                [baseline.value],
                linestyle="none",
                marker="o",
                markersize=7,
                markerfacecolor="white",
                markeredgecolor=common.ACTUAL,
                markeredgewidth=1.4,
                label=_("Baseline {baseline}").format(baseline=baseline_text(baseline)),
            )
            point.set_gid("baseline")
        if metric.actuals:
            (points,) = ax.plot(
                [a.year for a in metric.actuals],
                [a.value for a in metric.actuals],
                linestyle="none",
                marker="o",
                markersize=6,
                color=common.ACTUAL,
                label=_("Actual"),
            )
            points.set_gid("actuals")

        goal = _("{sign}{value} by {year}").format(
            sign=target.comparator.symbol, value=numbers.value(target.value), year=target.year
        )
        common.target_marker(
            ax, target.year, target.value, 9, "target",
            label=_("Target {target}").format(target=goal),
        )  # fmt: skip
        rising = target.comparator.direction > 0  # the label on the side the path comes from
        text = ax.annotate(
            _("Target {target}").format(target=goal),
            (target.year, target.value),
            xytext=(-8, 6 if rising else -6),
            textcoords="offset points",
            ha="right",
            va="bottom" if rising else "top",
            fontsize=8.5,
            color=common.TARGET,
            fontweight="bold",
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"},
        )
        text.set_gid("target-label")

        values = [v for p in projections for r in p.rows for v in (r.value, r.required) if v]
        values += [target.value, *(a.value for a in metric.actuals)]
        top = max(values)
        if min(values) >= 0:
            ax.set_ylim(0, top * 1.12)
        last = max(p.rows[-1].year for p in projections)
        ax.set_xlim(min(start.year, baseline.year if baseline else start.year) - 0.4, last + 0.6)
        ax.legend(loc="best")
        title = _("{name} ({id}): projected from {start} ({year})").format(
            name=metric.name.pick(lang),
            id=metric.id,
            start=numbers.value(start.value),
            year=start.year,
        )
        return common.finish(fig, title, sources)


def _rate(p: Projection) -> str:
    """The rate as the table's title says it, but a rate typed as a number only once
    (``15.00%``, not ``15.00% (15%)``)."""
    from ftzcalc.errors import InputError
    from ftzcalc.parsing import parse_rate
    from ftzcalc.views.project import describe_rate

    path = p.path
    if path.is_constant:
        try:
            if parse_rate(path.label) == path.points[0][1]:
                return numbers.rate(path.points[0][1])
        except InputError:
            pass
    return describe_rate(p)


def _verdict(p: Projection) -> str:
    """Shortfall or surplus in the target year, in the target's direction."""
    if p.margin > 0:
        return _("surplus {margin}").format(margin=numbers.value(p.margin))
    if p.margin < 0:
        return _("shortfall {margin}").format(margin=numbers.value(-p.margin))
    met = next(r.met for r in p.rows if r.year == p.target.year)
    return _("met") if met else _("exactly at the target, not beyond it")
