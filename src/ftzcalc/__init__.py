"""ftzcalc: how far the Qingdao Area's 2023 advanced-manufacturing targets are, and what growth they need."""

__version__ = "0.1.0"
