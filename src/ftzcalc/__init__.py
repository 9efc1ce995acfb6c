"""ftzcalc: how far the Qingdao Area's 2023 manufacturing targets are, and the growth they need."""

__version__ = "0.1.0"
