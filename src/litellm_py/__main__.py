"""`python -m litellm_py`: the command line (see `litellm_py.cli`)."""

from litellm_py.cli import main

raise SystemExit(main())
