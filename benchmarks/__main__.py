"""`python -m benchmarks`: the whole suite (see benchmarks/run.py and benchmarks/README.md)."""

from benchmarks.run import main

main()
