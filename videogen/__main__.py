"""`python -m videogen ...`: the command line (videogen/cli/)."""

import sys

from videogen.cli import main

if __name__ == "__main__":
    sys.exit(main())
