"""Allow ``python -m kpilint``."""

from kpilint.cli import console

if __name__ == "__main__":
    console()
