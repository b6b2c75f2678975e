"""The tasks wing: what was asked and what came of it. The store (records, migrations), submission under
one idempotency key, the tracker that follows tasks to a saved video, and the state vocabulary."""
