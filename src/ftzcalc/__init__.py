"""ftzcalc: how far the Qingdao Area's 2023 manufacturing targets are, and the growth they need.

From Python: :mod:`ftzcalc.api` (``from ftzcalc import api``) has a function for each command.
"""

__version__ = "0.1.0"
