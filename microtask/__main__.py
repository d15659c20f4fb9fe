"""`python -m microtask`: see `microtask.cli`."""

import sys

from microtask.cli import main

sys.exit(main())
