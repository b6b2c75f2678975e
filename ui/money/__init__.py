"""Money on the page: the cost box, the daily cap's panel and settings, the spending ledger's view."""
