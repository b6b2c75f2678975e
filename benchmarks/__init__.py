"""Benchmarks: the project's way against the naive way, measured in the same run. Prints figures only."""
