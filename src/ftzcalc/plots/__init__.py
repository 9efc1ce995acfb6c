"""Charts of the results, for reports: drawn with matplotlib, imported only for ``--plot`` and
``ftzcalc report``.

Each command's chart is built by the module of the same name (``plots.gap``, ``plots.project``,
…) as a ``matplotlib.figure.Figure``; :func:`save` writes it, in the format its file name asks
for, atomically and never over an existing file without ``force``.
"""

from __future__ import annotations

import os
import re
from typing import Any

#: The formats ``--plot`` writes, by file extension.
FORMATS = (".svg", ".png", ".pdf")


def save(figure: Any, path: str, force: bool = False) -> None:
    """Write ``figure`` to ``path`` (.svg, .png or .pdf) as every file is written
    (:func:`ftzcalc.render.output.write_file`): beside it first, then into place."""
    import io

    from ftzcalc.render.output import write_file

    extension = os.path.splitext(path)[1].lower()
    if extension == ".svg":
        write_file(path, to_svg(figure), force)
        return
    buffer = io.BytesIO()
    figure.savefig(buffer, format=extension[1:], metadata=_metadata(extension))
    write_file(path, buffer.getvalue(), force)


def to_svg(figure: Any) -> str:
    """``figure`` as SVG text (text kept as text), for pages that embed it."""
    import io

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata=_metadata(".svg"))
    return stable_ids(buffer.getvalue())


#: An id matplotlib makes from a hash of what it names (a clip rectangle, a marker's path).
_HASHED_ID = re.compile(r'(?<=id=")([a-z]+)([0-9a-f]{10})(?=")')


def stable_ids(svg: str) -> str:
    """The SVG with matplotlib's hashed ids numbered in order of first use (``p53ce017caa`` is
    ``p1``): a hash of a clip rectangle's floats changes with their last bits, which the
    drawing (rounded to 1/1000 of a point) does not show, so the same chart would not always
    give the same bytes.

    >>> stable_ids('<a clip-path="url(#pab12cd34ef)"/><clipPath id="pab12cd34ef"/>')
    '<a clip-path="url(#p1)"/><clipPath id="p1"/>'
    """
    hashed = {prefix + digest: prefix for prefix, digest in _HASHED_ID.findall(svg)}
    if not hashed:
        return svg
    first_use = re.compile("|".join(re.escape(name) for name in hashed))
    numbers: dict[str, str] = {}
    counts: dict[str, int] = {}

    def renumber(match: re.Match[str]) -> str:
        name = match.group()
        if name not in numbers:
            prefix = hashed[name]
            counts[prefix] = counts.get(prefix, 0) + 1
            numbers[name] = f"{prefix}{counts[prefix]}"
        return numbers[name]

    return first_use.sub(renumber, svg)


def _metadata(extension: str) -> dict[str, Any]:
    """No creation date in the file, so the same chart gives the same bytes."""
    if extension == ".svg":
        return {"Date": None}
    if extension == ".pdf":
        return {"CreationDate": None}
    return {}


def sources(dataset: Any) -> list[str]:
    """What a chart's source line names: the article the dataset reads (its ``[source]``), the
    user's data files (not the shipped one) and, where figures were typed as options, that."""
    from ftzcalc.dataset import shipped_data_path
    from ftzcalc.i18n import _
    from ftzcalc.model import COMMAND_LINE

    named = []
    source = dataset.source
    if source.title:
        by = ", ".join(part for part in (source.publisher, source.published) if part)
        named.append(f"{source.title} ({by})" if by else source.title)
    shipped = os.path.realpath(shipped_data_path())
    named += [p for p in dataset.paths if os.path.realpath(p) != shipped]
    typed = any(
        (m.baseline is not None and m.baseline.origin == COMMAND_LINE)
        or any(a.origin == COMMAND_LINE for a in m.actuals)
        for m in dataset.metrics
    )
    if typed:
        named.append(_("figures given on the command line"))
    return named


def for_file(draw: Any, path: str | None) -> Any:
    """``draw`` (a function that makes a chart), with the chart told the file it goes to, so
    that an error in saving it names the file."""

    def drawn() -> Any:
        figure = draw()
        figure.file = path
        return figure

    return drawn
