"""Allow ``python -m ftzcalc``."""

from ftzcalc.cli import main

if __name__ == "__main__":
    main(prog_name="ftzcalc")
