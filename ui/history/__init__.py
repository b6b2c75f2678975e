"""History's room: what the page decides (paging, the task it opens), as pure functions with their own tests."""
