"""Benchmarks: run with `make bench` (or `python -m tests.bench`). Not part of the test suite."""
