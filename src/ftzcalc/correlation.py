"""Rank correlation between metrics' growth: the check that a matrix is one, and the mixer
that gives normal variables that rank correlation (a Gaussian copula).

Its own module, so that the data layer can check a data file's matrix without importing the
Monte Carlo engine; numpy is imported only when a matrix is checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ftzcalc.errors import InputError
from ftzcalc.i18n import Message

if TYPE_CHECKING:
    import numpy as np


def copula_mixer(rank: Sequence[Sequence[float]]) -> np.ndarray:
    """A matrix A with A @ A.T the Pearson correlation that gives the rank correlation ``rank``
    to normal variables; refuses a matrix that is not a correlation matrix."""
    import numpy as np

    r = np.asarray(rank, dtype=float)
    n = r.shape[0]
    if r.shape != (n, n):
        raise InputError(Message("the correlation matrix must be square"))
    if not np.allclose(r, r.T, atol=1e-12):
        i, j = np.argwhere(~np.isclose(r, r.T, atol=1e-12))[0]
        raise InputError(
            Message(
                "the correlation matrix is not symmetric: row {row}, column {column} is "
                "{value:g} but row {column}, column {row} is {mirror:g}",
                row=i + 1,
                column=j + 1,
                value=r[i, j],
                mirror=r[j, i],
            )
        )
    if not np.allclose(np.diag(r), 1.0):
        raise InputError(Message("the correlation matrix must have 1 on its diagonal"))
    if (np.abs(r) > 1).any():
        raise InputError(Message("correlations must be between -1 and 1"))
    pearson = 2 * np.sin(np.pi * r / 6)
    values, vectors = np.linalg.eigh(pearson)
    if values.min() < -1e-10:
        raise InputError(
            Message(
                "the correlation matrix is not positive semi-definite "
                "(its smallest eigenvalue is {eigenvalue:.4g}): no set of variables has it",
                eigenvalue=values.min(),
            )
        )
    return vectors * np.sqrt(np.clip(values, 0, None))
