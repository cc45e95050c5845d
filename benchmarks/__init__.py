"""The performance benchmark suite: a loopback DeepSeek-format server and one script per metric.

Run it with `python -m benchmarks` (see benchmarks/README.md). Nothing here is a test.
"""
