"""The Gallery: the films made, then the saved videos as cards."""
