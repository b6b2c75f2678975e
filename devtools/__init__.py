"""Tools for developers: the throwaway PostgreSQL cluster the tests and benchmarks start."""
