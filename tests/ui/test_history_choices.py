"""History's decisions as pure functions: paging, the task the box opens, the row a click means."""

from ui.history import choices


def test_pages_and_where_each_starts():
    assert [choices.pages(n, 50) for n in (0, 1, 50, 51, 100, 101)] == [1, 1, 1, 2, 2, 3]
    assert [choices.offset(p, 120, 50) for p in (1, 2, 3)] == [0, 50, 100]


def test_a_page_past_the_last_shows_the_last_one():
    # The filter narrowed 120 rows to 30 while the box still says page 3: page 1's rows, not an empty table.
    assert choices.offset(3, 30, 50) == 0
    assert choices.offset(0, 30, 50) == 0


def test_the_box_opens_the_task_asked_for_then_the_one_shown_then_the_first():
    keys = ["k3", "k2", "k1"]
    assert choices.opened(keys, shown="k2", wanted="k1") == "k1"  # a retry moved the page to its new row
    assert choices.opened(keys, shown="k2", wanted="gone") == "k2"  # asked for, but not on this page
    assert choices.opened(keys, shown="k2") == "k2"  # the filter kept it: your place is kept
    assert choices.opened(keys, shown="filtered-out") == "k3"  # the filter removed it: the first row
    assert choices.opened([], shown="k2", wanted="k1") is None


def test_a_click_means_the_row_drawn_there():
    assert choices.clicked([1], ["k3", "k2", "k1"]) == "k2"
    assert choices.clicked([], ["k3"]) is None
    assert choices.clicked([5], ["k3"]) is None  # the rows changed under the click
    assert choices.clicked([-1], ["k3"]) is None
