"""The frame every page stands in: its sign-in gate, sidebar, language, the process's studio and each run's desk, the polling pace, notices, the balance, the shared uploader."""
