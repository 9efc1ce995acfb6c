"""Charts of the results, for reports: drawn with matplotlib, imported only for ``--plot`` and
``ftzcalc report``.

Each command's chart is built by the module of the same name (``plots.gap``, ``plots.project``,
…) as a ``matplotlib.figure.Figure``; :func:`save` writes it, in the format its file name asks
for, atomically and never over an existing file without ``force``.
"""

from __future__ import annotations

import os
from typing import Any

#: The formats ``--plot`` writes, by file extension.
FORMATS = (".svg", ".png", ".pdf")


def save(figure: Any, path: str, force: bool = False) -> None:
    """Write ``figure`` to ``path`` (.svg, .png or .pdf) as every file is written
    (:func:`ftzcalc.render.output.write_file`): beside it first, then into place."""
    import io

    from ftzcalc.render.output import write_file

    extension = os.path.splitext(path)[1].lower()
    buffer = io.BytesIO()
    figure.savefig(buffer, format=extension[1:], metadata=_metadata(extension))
    write_file(path, buffer.getvalue(), force)


def to_svg(figure: Any) -> str:
    """``figure`` as SVG text (text kept as text), for pages that embed it."""
    import io

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata=_metadata(".svg"))
    return buffer.getvalue()


def _metadata(extension: str) -> dict[str, Any]:
    """No creation date in the file, so the same chart gives the same bytes."""
    if extension == ".svg":
        return {"Date": None}
    if extension == ".pdf":
        return {"CreationDate": None}
    return {}
