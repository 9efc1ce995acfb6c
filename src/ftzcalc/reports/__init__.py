"""``ftzcalc report``: every table the data supports in one file, an HTML page or a workbook.

:mod:`~ftzcalc.reports.content` computes what goes in (the gap, progress, scenarios, a
projection and a sensitivity grid for each parent metric, a simulation for each scenario with
growth distributions) as the commands compute it; :mod:`~ftzcalc.reports.html` lays it out as
one self-contained page from the same table reports the terminal draws, with the charts of
:mod:`ftzcalc.plots` inline; :mod:`~ftzcalc.reports.xlsx` writes it as a workbook, numbers as
numbers and the required rates as live formulas.
"""

from __future__ import annotations

import os

#: The formats ``ftzcalc report`` writes, by file extension.
FORMATS = {".html": "html", ".htm": "html", ".xlsx": "xlsx"}


def format_of(path: str) -> str | None:
    """``html`` or ``xlsx`` for a file name, by its extension; ``None`` for any other.

    >>> format_of("out.HTML"), format_of("book.xlsx"), format_of("out.pdf")
    ('html', 'xlsx', None)
    """
    return FORMATS.get(os.path.splitext(path)[1].lower())
