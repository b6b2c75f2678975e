"""The background workers' one loop (the tracker and the batch sender both run in it)."""

from videogen.tasks.background import Background


class Steps(Background):
    """Steps through a script: a number is the wait it returns, an exception is raised."""

    def __init__(self, script, *, available=lambda: True):
        super().__init__()
        self.script, self.available = list(script), available
        self.failures, self.let_go_calls, self.done = [], 0, 0

    def step(self):
        if not self.script:
            self.stop()
            return 0
        what = self.script.pop(0)
        self.done += 1
        if isinstance(what, Exception):
            raise what
        return what

    def let_go(self):
        self.let_go_calls += 1

    def _run(self):
        self.repeat(
            self.step, pause=0.01, available=self.available, on_failure=self.failures.append, let_go=self.let_go
        )


def test_a_failure_is_said_once_until_another_and_the_loop_goes_on_then_lets_go():
    boom, again, other = ValueError("boom"), ValueError("boom"), KeyError("other")
    worker = Steps([0, boom, again, 0, other, boom, None])
    worker.start().join(timeout=5)
    assert worker.done == 7  # every step ran: a failure never ends the loop
    assert [repr(f) for f in worker.failures] == [repr(boom), repr(other), repr(boom)]  # the repeat is not said
    assert worker.let_go_calls == 1  # stopped on purpose: what it held is let go


def test_the_loop_ends_when_the_store_is_gone_without_letting_go():
    worker = Steps([0, 0, 0], available=lambda: False)
    worker.start().join(timeout=5)
    assert worker.done == 0 and worker.let_go_calls == 0
