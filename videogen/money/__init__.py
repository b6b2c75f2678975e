"""Money and its days: the daily cap and where today stands (budget.py), the team's days and how times
are shown (days.py). Below the tasks, which check the cap inside their transaction."""
