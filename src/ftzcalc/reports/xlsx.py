"""The report as a workbook (XlsxWriter): a sheet for each table, numbers as numbers.

- **Gap**: the gap, multiple, years and required rate are formulas over the baseline and target
  cells (``=(target/baseline)^(1/years)-1``, Excel's RRI written out, which every spreadsheet
  computes), so a new baseline, typed into its cell, updates them; each baseline and target
  carries its source sentence as a cell comment.
- **Progress** (with actual figures) and **Scenarios**: the figures as computed.
- **Projection**: every metric that can be projected, year by year, as formulas: each year is
  the year before times (1 + the rate), the rate in a cell an analyst can change.
- **Sensitivity** (one for each parent metric): the grid of end values as formulas over its
  rates and years, the cells that meet the target shaded by conditional formatting.
- **Simulation** (one for each scenario with growth distributions) and **Sources**.

Every sheet freezes its header rows (and the id column); headers and notes are the words of the
terminal tables, in the language in use. Cells are written by type (text never becomes a
formula or a link, whatever a data file holds). A figure that cannot be computed is left blank,
with the reason as its comment.
"""

from __future__ import annotations

import io
import math
import re
from typing import TYPE_CHECKING, Any

from ftzcalc.gaps import Effect, GapRow
from ftzcalc.i18n import _, localize
from ftzcalc.model import COMMAND_LINE, IncreaseTarget, LevelTarget, TargetKind
from ftzcalc.render.layout import Block, Paragraph, Table
from ftzcalc.render.wrap import east_asian_cells
from ftzcalc.reports.content import SEED, TRIALS, Contents, Simulation

if TYPE_CHECKING:  # numpy is imported only when a grid is computed
    from ftzcalc.grids import Grid

#: Number formats: values with thousands separators, rates as percentages.
VALUE = "#,##0.00"
SIGNED = "+#,##0.00;-#,##0.00;0.00"
PERCENT = "0.00%"
WHOLE_PERCENT = "0%"
PROBABILITY = "0.0%"
MULTIPLE = '0.00"×"'
RATIO = "0.00"
YEAR = "0"
WIDEST = 60  # characters: a wider text wraps
NOTE_ROWS_GAP = 1  # empty rows between a table and its notes

_EFFECT_SIGN = {
    Effect.EXACT: "",
    Effect.AT_MOST: "≤",
    Effect.AT_LEAST: "≥",
    Effect.APPROXIMATE: "≈",
}


def render(contents: Contents, lang: str) -> tuple[bytes, list[dict[str, Any]]]:
    """The workbook's bytes, and its sheets: for each, the section id and the sheet's name."""
    import xlsxwriter

    buffer = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_numbers": False,
        "strings_to_formulas": False,
        "strings_to_urls": False,
    }
    book = xlsxwriter.Workbook(buffer, options)
    book.set_properties(
        {
            "title": _("Targets report"),
            "author": "ftzcalc",
            "comments": _("Made by ftzcalc {version}.").format(version=_version()),
        }
    )
    writer = _Writer(book, lang)
    manifest = writer.write(contents)
    book.close()
    return buffer.getvalue(), manifest


def _version() -> str:
    from ftzcalc import __version__

    return __version__


class _Sheet:
    """A worksheet that remembers how wide each column's content is."""

    def __init__(self, book: Any, name: str, formats: dict[str, Any]) -> None:
        self.ws = book.add_worksheet(name)
        self.name = name
        self.formats = formats
        self.widths: dict[int, int] = {}
        self.wrapped: set[int] = set()
        self.wrapped_cells: list[tuple[int, int, str]] = []

    def ref(self, row: int, col: int, absolute: bool = False) -> str:
        from xlsxwriter.utility import xl_rowcol_to_cell

        return xl_rowcol_to_cell(row, col, absolute, absolute)

    def external(self, row: int, col: int) -> str:
        """This sheet's cell as another sheet's formula names it."""
        return "'" + self.name.replace("'", "''") + "'!" + self.ref(row, col, True)

    def _fit(self, col: int, text: str) -> None:
        self.widths[col] = max(self.widths.get(col, 0), _width(text))

    def header(self, row: int, col: int, text: str, numeric: bool = False) -> None:
        """A column's header; over numbers, right-aligned as they are."""
        self.ws.write_string(row, col, text, self.formats["header_num" if numeric else "header"])
        self._fit(col, text if _width(text) <= 14 else "")  # long headers wrap

    def text(self, row: int, col: int, text: str | None, fmt: str = "text") -> None:
        if text is None or text == "":
            return
        self.ws.write_string(row, col, text, self.formats[fmt])
        for line in text.split("\n"):
            self._fit(col, line)
        if fmt == "wrap":
            self.wrapped.add(col)
            self.wrapped_cells.append((row, col, text))

    def number(self, row: int, col: int, value: float | None, fmt: str, why: str = "") -> None:
        if value is None or not math.isfinite(value):
            self.blank(row, col, fmt, why)
            return
        self.ws.write_number(row, col, value, self.formats[fmt])
        self._fit(col, _shown(value, fmt))

    def formula(self, row: int, col: int, formula: str, value: Any, fmt: str) -> None:
        """A formula, with the value it gives now for readers that do not compute."""
        cached = value if value is not None else ""
        self.ws.write_formula(row, col, formula, self.formats[fmt], cached)
        self._fit(col, _shown(value, fmt) if isinstance(value, (int, float)) else "")

    def blank(self, row: int, col: int, fmt: str, why: str = "") -> None:
        self.ws.write_blank(row, col, None, self.formats[fmt])
        if why:
            self.comment(row, col, why)

    def comment(self, row: int, col: int, text: str) -> None:
        if not text:
            return
        lines = sum(max(1, math.ceil(_width(line) / 52)) for line in text.split("\n"))
        self.ws.write_comment(
            row, col, text, {"author": "ftzcalc", "x_scale": 3, "y_scale": max(1, lines / 4)}
        )

    def notes(self, row: int, notes: list[str]) -> int:
        """Notes under a table, one a row from ``row``; the row after them."""
        for note in notes:
            self.ws.write_string(row, 0, note, self.formats["note"])
            row += 1
        return row

    def finish(self, minimum: int = 6) -> None:
        widths = {}
        for col, width in self.widths.items():
            fmt = self.formats["wrap"] if col in self.wrapped else None
            widths[col] = min(max(width, minimum), WIDEST) + 2
            self.ws.set_column(col, col, widths[col], fmt)
        # rows as tall as their wrapped text: LibreOffice does not grow them on opening
        lines: dict[int, int] = {}
        for row, col, text in self.wrapped_cells:
            width = max(widths.get(col, WIDEST) - 1, 1)
            count = sum(max(1, math.ceil(_width(line) / width)) for line in text.split("\n"))
            lines[row] = max(lines.get(row, 1), count)
        for row, count in lines.items():
            if count > 1:
                self.ws.set_row(row, 15 * count)
        # printed: A4 landscape, one page wide, the header row on every page
        self.ws.set_landscape()
        self.ws.set_paper(9)
        self.ws.fit_to_pages(1, 0)
        self.ws.repeat_rows(0)


class _Writer:
    def __init__(self, book: Any, lang: str) -> None:
        self.book = book
        self.lang = lang
        self.used: set[str] = set()
        base = {"valign": "top", "font_name": "Calibri", "font_size": 11}
        if lang == "zh":  # a font with Chinese, where the reader has it
            base["font_name"] = "DengXian"
        specs: dict[str, dict[str, Any]] = {
            "header": {"bold": True, "bg_color": "#F2F2F2", "bottom": 2, "text_wrap": True},
            "header_num": {"bold": True, "bg_color": "#F2F2F2", "bottom": 2, "text_wrap": True,
                           "align": "right"},
            "text": {},
            "id": {"bold": True},
            "wrap": {"text_wrap": True},
            "note": {"italic": True, "font_color": "#595959", "valign": "vcenter"},
            "value": {"num_format": VALUE},
            "signed": {"num_format": SIGNED},
            "percent": {"num_format": PERCENT},
            "whole_percent": {"num_format": WHOLE_PERCENT},
            "probability": {"num_format": PROBABILITY},
            "multiple": {"num_format": MULTIPLE},
            "ratio": {"num_format": RATIO},
            "year": {"num_format": YEAR},
            "input_value": {"num_format": VALUE, "bg_color": "#FFF2CC", "border": 1,
                            "border_color": "#BF9000"},
            "input_year": {"num_format": YEAR, "bg_color": "#FFF2CC", "border": 1,
                           "border_color": "#BF9000"},
            "input_percent": {"num_format": PERCENT, "bg_color": "#FFF2CC", "border": 1,
                              "border_color": "#BF9000"},
            "target_value": {"num_format": VALUE, "bold": True, "top": 1, "bottom": 1},
            "met": {"bg_color": "#E2EFDA", "font_color": "#375623"},
        }  # fmt: skip
        self.formats = {k: book.add_format({**base, **v}) for k, v in specs.items()}
        self.met_format = self.formats["met"]

    def sheet(self, title: str) -> _Sheet:
        return _Sheet(self.book, self._name(title), self.formats)

    def _name(self, title: str) -> str:
        """A sheet name Excel accepts: no []:*?/\\, at most 31 characters, unique."""
        name = re.sub(r"[\[\]:*?/\\]", " ", title)
        name = re.sub(r"\s+", " ", name).strip().strip("'") or "Sheet"
        name = name[:31].rstrip()
        candidate, n = name, 2
        while candidate.lower() in self.used:
            suffix = f" ({n})"
            candidate = name[: 31 - len(suffix)].rstrip() + suffix
            n += 1
        self.used.add(candidate.lower())
        return candidate

    # ------------------------------------------------------------------------------------
    def write(self, contents: Contents) -> list[dict[str, Any]]:
        manifest = []
        gap_sheet, gap_rows = self.gap(contents)
        manifest.append({"id": "gap", "sheet": gap_sheet.name})
        progress = self.progress(contents)
        if progress is not None:
            manifest.append({"id": "progress", "sheet": progress.name})
        manifest.append({"id": "scenarios", "sheet": self.scenarios(contents).name})
        projection = self.projection(contents, gap_sheet, gap_rows)
        manifest.append({"id": "projection", "sheet": projection.name})
        for grid in contents.grids:
            sheet = self.sensitivity(grid, gap_sheet, gap_rows)
            manifest.append({"id": f"sensitivity-{grid.metric.id}", "sheet": sheet.name})
        for simulation in contents.simulations:
            sheet = self.simulation(simulation)
            manifest.append({"id": f"simulation-{simulation.scenario.id}", "sheet": sheet.name})
        manifest.append({"id": "sources", "sheet": self.sources(contents).name})
        return manifest

    # ------------------------------------------------------------------------------------
    # Gap

    GAP_COLUMNS = (
        "id", "metric", "unit", "baseline", "baseline_year", "target", "target_level",
        "target_year", "gap", "multiple", "years", "rate", "marks",
    )  # fmt: skip

    def gap(self, contents: Contents) -> tuple[_Sheet, dict[str, int]]:
        from ftzcalc.views import gap as view

        s = self.sheet(_("Gap to target"))
        headers = (_("ID"), _("Metric"), _("Unit"), _("Baseline"), _("Baseline year"),
                   _("Target"), _("Target level"), _("Target year"), _("Gap"), _("Multiple"),
                   _("Years"), _("CAGR needed"), _("Marks"))  # fmt: skip
        for col, text in enumerate(headers):
            s.header(0, col, text, numeric=3 <= col <= 11 and col != 5)
        rows: dict[str, int] = {}
        for r, row in enumerate(contents.gap.rows, 1):
            rows[row.metric.id] = r
            self._gap_row(s, r, row)
        last = len(contents.gap.rows)
        s.ws.freeze_panes(1, 1)
        s.ws.autofilter(0, 0, last, len(headers) - 1)
        notes = view.footnotes(contents.gap)
        if any(r.metric.baseline is None and isinstance(r.metric.target, LevelTarget)
               for r in contents.gap.rows):  # fmt: skip
            notes.append(_("Or type a baseline and its year into the yellow cells: the gap, "
                           "multiple, years and rate follow."))  # fmt: skip
        notes += [view.rollup_sentence(r) for r in contents.gap.rollups]
        notes.append(_("CAGR needed = (target level / baseline) ^ (1 / years) - 1, Excel's "
                       "RRI: change a baseline and the figures follow."))  # fmt: skip
        s.notes(last + 1 + NOTE_ROWS_GAP, notes)
        s.finish()
        return s, rows

    def _gap_row(self, s: _Sheet, r: int, row: GapRow) -> None:
        m, b, t = row.metric, row.metric.baseline, row.metric.target
        c = {name: i for i, name in enumerate(self.GAP_COLUMNS)}
        from ftzcalc.views.describe import target_text

        s.text(r, c["id"], m.id, "id")
        s.text(r, c["metric"], m.name.pick(self.lang), "wrap")
        s.text(r, c["unit"], m.unit.pick(self.lang))
        level_target = isinstance(t, LevelTarget)
        if b is not None:
            s.number(r, c["baseline"], b.value, "input_value")
            s.number(r, c["baseline_year"], b.year, "input_year")
            s.comment(r, c["baseline"], _quote(b.quote, b.wording))
        elif level_target:  # an empty cell to type a baseline into
            s.blank(r, c["baseline"], "input_value")
            s.blank(r, c["baseline_year"], "input_year")
        s.text(r, c["target"], target_text(t))
        if t.kind is not TargetKind.QUALITATIVE:
            s.number(r, c["target_year"], t.year, "year")
        D, E = s.ref(r, c["baseline"]), s.ref(r, c["baseline_year"])
        G, H = s.ref(r, c["target_level"]), s.ref(r, c["target_year"])
        K = s.ref(r, c["years"])
        quote = _quote(t.quote, t.wording)
        if isinstance(t, LevelTarget):  # level_target
            s.number(r, c["target_level"], t.value, "value")
            s.comment(r, c["target_level"], quote)
            s.formula(r, c["gap"], f'=IF(ISNUMBER({D}),{G}-{D},"")', row.gap.value, "value")
            s.formula(r, c["years"], f'=IF(ISNUMBER({E}),{H}-{E},"")', row.years.value, "year")
        else:
            s.comment(r, c["target"], quote)
        figures = level_target
        if isinstance(t, IncreaseTarget):
            s.number(r, c["gap"], row.gap.value, "value")  # the increase itself
            s.number(r, c["years"], row.years.value, "year")
            if row.target_level.value is not None:  # a baseline for the year it counts from
                s.formula(r, c["target_level"], f"={D}+{t.value!r}", row.target_level.value,
                          "value")  # fmt: skip
                figures = True
            else:
                s.blank(r, c["target_level"], "value", localize(row.target_level.reason or ""))
        if figures:
            s.formula(r, c["multiple"], f'=IF(AND(ISNUMBER({D}),{D}<>0),{G}/{D},"")',
                      row.multiple.value, "multiple")  # fmt: skip
            rate = (f'=IF(AND(ISNUMBER({D}),ISNUMBER({K}),{D}<>0,{K}<>0),'
                    f'({G}/{D})^(1/{K})-1,"")')  # fmt: skip
            s.formula(r, c["rate"], rate, row.required_rate.value, "percent")
            high = row.required_rate_high
            if high is not None and high.value is not None:
                s.comment(r, c["rate"], _("High end of the range: {rate:.2%}").format(
                    rate=high.value))  # fmt: skip
        marks = _EFFECT_SIGN[row.rate_effect]
        if b is not None:
            marks += ("†" if b.proxy else "") + ("*" if b.origin == COMMAND_LINE else "")
        if row.already_met:
            marks += "✓"
        s.text(r, c["marks"], marks)

    # ------------------------------------------------------------------------------------
    # Progress

    def progress(self, contents: Contents) -> _Sheet | None:
        from ftzcalc.views import gap as view

        tracked = [r for r in contents.gap.rows if r.progress and r.progress.latest]
        if not tracked:
            return None
        as_of = {r.progress.as_of for r in tracked if r.progress and r.progress.as_of}
        title = _("Progress")
        s = self.sheet(title)
        headers = (
            _("ID"), _("Latest"), _("Year"), _("Covered"), _("Observed"), _("Required"),
            _("Needed now"), "R", _("Status"), _("At this pace"), _("Margin"), _("In"),
        )  # fmt: skip
        for col, text in enumerate(headers):
            s.header(0, col, text, numeric=col not in (0, 8))
        for r, row in enumerate(tracked, 1):
            p = row.progress
            assert p is not None and p.latest is not None
            s.text(r, 0, row.metric.id, "id")
            s.number(r, 1, p.latest.value, "value")
            s.number(r, 2, p.latest.year, "year")
            figures = [(p.share_covered, "whole_percent"), (p.observed_rate, "percent"),
                       (p.required_rate, "percent"), (p.rate_needed_now, "percent"),
                       (p.ratio, "ratio")]  # fmt: skip
            for col, (fig, fmt) in enumerate(figures, 3):
                s.number(r, col, fig.value, fmt, localize(fig.reason or ""))
            s.text(r, 8, _(p.status.label))
            s.number(r, 9, p.projected.value, "value", localize(p.projected.reason or ""))
            s.number(r, 10, p.margin.value, "signed", localize(p.margin.reason or ""))
            s.number(r, 11, row.metric.target.year, "year")
        s.ws.freeze_panes(1, 1)
        notes = []
        if len(as_of) == 1:
            notes.append(_("Progress as of {year}").format(year=next(iter(as_of))))
        notes += view.progress_notes(tracked)
        s.notes(len(tracked) + 1 + NOTE_ROWS_GAP, notes)
        s.finish()
        return s

    # ------------------------------------------------------------------------------------
    # Scenarios

    def scenarios(self, contents: Contents) -> _Sheet:
        from ftzcalc.views import scenario as view
        from ftzcalc.views.describe import target_text

        report = contents.scenarios
        s = self.sheet(_("Scenarios"))
        for col, text in enumerate((_("ID"), _("Metric"), _("Target"))):
            s.ws.merge_range(0, col, 1, col, text, self.formats["header"])
            s._fit(col, text)
        for i, scenario in enumerate(report.scenarios):
            first = 3 + 3 * i
            s.ws.merge_range(0, first, 0, first + 2, scenario.id, self.formats["header"])
            s.comment(0, first, localize(scenario.description))
            for k, text in enumerate((_("End"), _("Verdict"), _("Margin"))):
                s.header(1, first + k, text, numeric=k != 1)
        lines = [(r.metric.id, r.metric.name.pick(self.lang), r.metric.target, r.outcomes)
                 for r in report.rows]  # fmt: skip
        lines += [(f"Σ {r.parent.id}", _("sum of its {n} children").format(n=len(r.children)),
                   r.parent.target, r.outcomes) for r in report.rollups]  # fmt: skip
        for r, (ident, name, target, outcomes) in enumerate(lines, 2):
            s.text(r, 0, ident, "id")
            s.text(r, 1, name, "wrap")
            s.text(r, 2, target_text(target))
            for i, o in enumerate(outcomes):
                first = 3 + 3 * i
                why = localize(o.end.reason or "")
                s.number(r, first, o.end.value, "value", why)
                if o.met is not None:
                    s.text(r, first + 1, _("met") if o.met else _("missed"))
                s.number(r, first + 2, o.margin.value, "signed")
                if o.rate is not None and o.end.value is not None:
                    s.comment(r, first, _("Rate: {rate}").format(rate=localize(o.rate.label)))
        s.ws.freeze_panes(2, 1)
        cells = _("Cells: the value in the target year, ✓ met or ✗ missed, and the margin "
                  "(+ surplus, - shortfall).")  # fmt: skip
        notes = [b.text for b in view.to_table(report, self.lang).blocks
                 if not hasattr(b, "columns") and b.text != cells]  # fmt: skip
        s.notes(len(lines) + 2 + NOTE_ROWS_GAP, notes)
        s.finish(minimum=8)
        return s

    # ------------------------------------------------------------------------------------
    # Projection, year by year

    def projection(self, contents: Contents, gap: _Sheet, gap_rows: dict[str, int]) -> _Sheet:
        from ftzcalc.errors import FtzcalcError
        from ftzcalc.projection import (
            NotProjectable,
            default_path,
            rate_needed_now,
            start_point,
            target_point,
        )

        columns, skipped = [], []
        for metric in contents.dataset.metrics:
            if metric.target.kind is TargetKind.QUALITATIVE:
                continue
            try:
                start, target = start_point(metric), target_point(metric)
                path = default_path(metric)
                rate_needed_now(metric)
            except NotProjectable as exc:
                skipped.append((metric.id, localize(exc.reason)))
                continue
            except FtzcalcError as exc:
                skipped.append((metric.id, localize(str(exc))))
                continue
            columns.append((metric, start, target, path))
        s = self.sheet(_("Projection"))
        s.header(0, 0, _("ID"))
        s.text(1, 0, _("Metric"), "id")
        s.text(2, 0, _("Growth a year"), "id")
        if not columns:
            s.ws.freeze_panes(1, 1)
            s.notes(2 + NOTE_ROWS_GAP, [_("Nothing to project: no metric has a baseline.")])
            s.finish()
            return s
        first = min(start.year for _m, start, _t, _p in columns)
        last = max(target.year for _m, _s, target, _p in columns)
        top = 4  # the first year's row; row 3 names the column of years
        s.header(3, 0, _("Year"), numeric=True)
        for k, year in enumerate(range(first, last + 1)):
            s.number(top + k, 0, year, "year")
        below = top + (last - first) + 1 + NOTE_ROWS_GAP
        labels = (_("Start year"), _("Target"), _("Target year"), _("CAGR needed"), _("End"),
                  _("Margin"))  # fmt: skip
        for k, text in enumerate(labels):
            s.text(below + k, 0, text, "id")
        for col, column in enumerate(columns, 1):
            self._projection_column(s, col, column, (first, last, top, below), gap, gap_rows)
        s.ws.freeze_panes(top, 1)  # ids, names, rates and the header of the years
        notes = [
            _("Each year is the year before × (1 + the growth a year in row 3): change the rate "
              "(a yellow cell) and every year follows."),
            _("Start: the latest actual before the target year, else the baseline (from the gap "
              "sheet); the rate given is the observed pace where there is an actual, else the "
              "required rate."),
        ]  # fmt: skip
        if skipped:
            why = _("; ").join(_("{id} ({reason})").format(id=i, reason=r) for i, r in skipped)
            notes.append(_("Not projected: {reasons}.").format(reasons=why))
        s.notes(below + len(labels) + NOTE_ROWS_GAP, notes)
        s.finish(minimum=10)
        return s

    def _projection_column(
        self, s: _Sheet, col: int, column: tuple, years: tuple[int, int, int, int],
        gap: _Sheet, gap_rows: dict[str, int],
    ) -> None:  # fmt: skip
        """One metric's column: its rate (to change), then year by year from its start."""
        metric, start, target, path = column
        first, last, top, below = years
        s.header(0, col, metric.id, numeric=True)
        s.text(1, col, metric.name.pick(self.lang), "wrap")
        rate = path.points[0][1]
        needed = (target.value / start.value) ** (1 / (target.year - start.year)) - 1
        if abs(rate - needed) <= 1e-12 * max(1.0, abs(needed)):  # the required rate: live
            s.formula(2, col, f"={s.ref(below + 3, col)}", rate, "input_percent")
        else:
            s.number(2, col, rate, "input_percent")
        s.comment(2, col, localize(path.label))
        letter = s.ref(0, col).rstrip("0123456789")
        rate_cell = f"{letter}$3"  # row 3: the column's growth a year
        start_row = top + (start.year - first)
        end_row = start_row + (target.year - start.year)
        gap_row = gap_rows.get(metric.id)
        if start.origin == "baseline" and gap_row is not None:
            s.formula(start_row, col, "=" + gap.external(gap_row, 3), start.value, "value")
        else:
            s.number(start_row, col, start.value, "value")
        s.comment(start_row, col, localize(start.origin))
        value, end_value = start.value, start.value
        for year in range(start.year + 1, last + 1):
            value *= 1 + rate
            r = top + (year - first)
            if r == end_row:
                end_value = value
            fmt = "target_value" if r == end_row else "value"
            s.formula(r, col, f"={s.ref(r - 1, col)}*(1+{rate_cell})", value, fmt)
        s.number(below, col, start.year, "year")
        if gap_row is not None:
            s.formula(below + 1, col, "=" + gap.external(gap_row, 6), target.value, "value")
        else:
            s.number(below + 1, col, target.value, "value")
        s.number(below + 2, col, target.year, "year")
        t_ref, s0, y0, y1 = (s.ref(below + 1, col), s.ref(start_row, col), s.ref(below, col),
                             s.ref(below + 2, col))  # fmt: skip
        s.formula(below + 3, col, f"=({t_ref}/{s0})^(1/({y1}-{y0}))-1", needed, "percent")
        s.formula(below + 4, col, f"={s.ref(end_row, col)}", end_value, "value")
        end = s.ref(below + 4, col)
        if target.comparator.direction > 0:
            s.formula(below + 5, col, f"={end}-{t_ref}", end_value - target.value, "signed")
        else:
            s.formula(below + 5, col, f"={t_ref}-{end}", target.value - end_value, "signed")

    # ------------------------------------------------------------------------------------
    # Sensitivity

    def sensitivity(self, grid: Grid, gap: _Sheet, gap_rows: dict[str, int]) -> _Sheet:
        from ftzcalc.views import sensitivity as view

        s = self.sheet(_("Sensitivity: {id}").format(id=grid.metric.id))
        years = [int(y) for y in grid.columns]
        rates = [float(r) for r in grid.rates]
        s.header(0, 0, _("Rate"), numeric=True)
        for j, year in enumerate(years, 1):
            s.ws.write_number(0, j, year, self.formats["header_num"])
            s._fit(j, f"{grid.values.max():,.2f} ✓")
        below = len(rates) + 1 + NOTE_ROWS_GAP
        start_cell, year_cell, target_cell = (s.ref(below, 1, True), s.ref(below + 1, 1, True),
                                              s.ref(below + 2, 1, True))  # fmt: skip
        for i, rate in enumerate(rates, 1):
            s.number(i, 0, rate, "input_percent")
            for j in range(1, len(years) + 1):
                rate_ref = "$A" + str(i + 1)
                year_ref = s.ref(0, j).rstrip("0123456789") + "$1"
                s.formula(i, j, f"={start_cell}*(1+{rate_ref})^({year_ref}-{year_cell})",
                          float(grid.values[i - 1, j - 1]), "value")  # fmt: skip
        labels = (_("Start"), _("Start year"), _("Target"), _("met from"), _("exact"))
        for k, text in enumerate(labels):
            s.text(below + k, 0, text, "id")
        gap_row = gap_rows.get(grid.metric.id)
        if grid.start.origin == "baseline" and gap_row is not None:
            s.formula(below, 1, "=" + gap.external(gap_row, 3), grid.start.value, "input_value")
        else:
            s.number(below, 1, grid.start.value, "input_value")
        s.comment(below, 1, _(grid.start.origin))
        s.number(below + 1, 1, grid.start.year, "year")
        s.number(below + 2, 1, grid.target.value, "value")
        s.text(below + 2, 2, grid.target.comparator.symbol)
        for j, turn in enumerate(grid.turning_rates, 1):
            s.number(below + 3, j, turn, "percent", _("no rate of the grid meets it"))
            col = s.ref(0, j).rstrip("0123456789")
            exact = f"=({target_cell}/{start_cell})^(1/({col}$1-{year_cell}))-1"
            s.formula(below + 4, j, exact, grid.exact_rates[j - 1], "percent")
        symbol = {"more-than": ">", "at-least": ">=", "less-than": "<", "at-most": "<="}
        s.ws.conditional_format(1, 1, len(rates), len(years), {
            "type": "cell", "criteria": symbol[grid.target.comparator.value],
            "value": target_cell, "format": self.met_format,
        })  # fmt: skip
        s.ws.freeze_panes(1, 1)
        table = view.to_table(grid)
        notes = [_text(b) for b in table.blocks]  # the table's title, then the paragraphs
        notes.append(_("Shaded: meets the target. Each cell is start × (1 + rate) ^ (year - start "
                       "year): change a rate, a year or the start and it follows."))  # fmt: skip
        s.notes(below + len(labels) + NOTE_ROWS_GAP, notes)
        s.finish(minimum=10)
        return s

    # ------------------------------------------------------------------------------------
    # Simulation

    def simulation(self, simulation: Simulation) -> _Sheet:
        from ftzcalc.views import simulate as view
        from ftzcalc.views.describe import target_text

        result = simulation.result
        s = self.sheet(_("Simulation: {id}").format(id=simulation.scenario.id))
        headers = (_("ID"), _("Target"), _("Growth a year"), _("P(met)"), _("MC error"),
                   _("Exact"), "P5", _("Median"), "P95", _("Mean"))  # fmt: skip
        for col, text in enumerate(headers):
            s.header(0, col, text, numeric=col >= 3)
        lines = [(item.metric.id, target_text(item.metric.target), item.distribution.label, st)
                 for item, st in zip(result.items, result.stats, strict=True)]  # fmt: skip
        lines += [(f"Σ {p.parent.id}", target_text(p.parent.target),
                   _("sum of its {n} children").format(n=len(p.children)), p.stats)
                  for p in result.parents]  # fmt: skip
        for r, (ident, target, growth, st) in enumerate(lines, 1):
            s.text(r, 0, ident, "id")
            s.text(r, 1, target)
            s.text(r, 2, growth)
            s.number(r, 3, st.probability, "probability")
            s.number(r, 4, st.standard_error, "percent")
            s.number(r, 5, st.closed_form, "probability", _("no formula for this distribution"))
            for col, v in enumerate((st.p5, st.p50, st.p95, st.mean), 6):
                s.number(r, col, v, "value")
        s.ws.freeze_panes(1, 1)
        table = view.to_table(result, list(simulation.skipped), self.lang)
        notes = [_text(table.blocks[0])]  # the table's title: trials, seed, draws
        notes += [b.text for b in table.blocks if isinstance(b, Paragraph)]
        notes.append(
            _("As 'ftzcalc simulate --scenario {id} --trials {trials} --seed {seed}' gives it, "
              "with the same --data, --baseline and --actual.").format(
                trials=TRIALS, seed=SEED, id=simulation.scenario.id)
        )  # fmt: skip
        s.notes(len(lines) + 1 + NOTE_ROWS_GAP, notes)
        s.finish()
        return s

    # ------------------------------------------------------------------------------------
    # Sources

    def sources(self, contents: Contents) -> _Sheet:
        from ftzcalc.views import targets as view

        s = self.sheet(_("Sources"))
        report = view.to_table(contents.dataset, self.lang, quotes=True)
        table = next(b for b in report.blocks if isinstance(b, Table))  # the first block
        for col, column in enumerate(table.columns):
            s.header(0, col, column.header)
        for r, row in enumerate(table.rows, 1):
            for col, cell in enumerate(row):
                s.text(r, col, cell.text, "id" if col == 0 else "wrap")
        s.ws.freeze_panes(1, 1)
        notes = [b.text for b in report.blocks[1:] if not hasattr(b, "columns")]
        s.notes(len(table.rows) + 1 + NOTE_ROWS_GAP, notes)
        s.finish()
        return s


def _text(block: Block) -> str:
    """A view's block as a note under its sheet: a paragraph's text, a table's title."""
    return block.text if isinstance(block, Paragraph) else block.title or ""


def _quote(quote: str | None, wording: str | None) -> str:
    """A figure's comment: its source sentence, else the words of the source."""
    return quote or wording or ""


#: Characters a text takes in a column: 2 for a Chinese one.
_width = east_asian_cells


def _shown(value: Any, fmt: str) -> str:
    """About how wide a number looks in its format."""
    if not isinstance(value, (int, float)):
        return ""
    if fmt in ("percent", "input_percent", "probability", "whole_percent"):
        return f"{value * 100:.2f}%"
    if fmt in ("year", "input_year"):
        return f"{value:.0f}"
    return f"{value:+,.2f}×"
