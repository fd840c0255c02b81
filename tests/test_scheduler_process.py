"""The scheduler as its own process says what each tick did: an operator running two sees
which one works and which one is skipped."""
import logging
import os
import signal
import threading
import time

from apscheduler.schedulers.blocking import BlockingScheduler

from network import jobs, scheduler
from network.db import connection


def test_the_scheduler_process_logs_each_tick(app, runner, monkeypatch, caplog, request):
    # The command raises the app logger's level: give it back afterwards.
    request.addfinalizer(lambda level=app.logger.level: app.logger.setLevel(level))

    def start(scheduler):
        # Run the tick once instead of blocking forever.
        for job in scheduler.get_jobs():
            job.func()

    monkeypatch.setattr(BlockingScheduler, "start", start)
    result = runner.invoke(args=["scheduler"])
    assert result.exit_code == 0, result.output
    ticks = [r for r in caplog.records
             if r.levelno == logging.INFO and r.getMessage().startswith("scheduler tick: ")]
    assert len(ticks) == 1
    assert '"emails_sent": 0' in ticks[0].getMessage()


def test_sigterm_lets_the_running_tick_finish_and_the_lock_go(app, runner, monkeypatch, request):
    request.addfinalizer(lambda level=app.logger.level: app.logger.setLevel(level))
    request.addfinalizer(lambda handler=signal.getsignal(signal.SIGTERM):
                         signal.signal(signal.SIGTERM, handler))
    running, release, finished = threading.Event(), threading.Event(), []

    def slow_run_all(now):
        running.set()
        release.wait(10)
        finished.append(now)
        return {}

    monkeypatch.setattr(jobs, "run_all", slow_run_all)
    monkeypatch.setattr(scheduler, "TICK_SECONDS", 3600)
    built, build = [], scheduler.build
    monkeypatch.setattr(scheduler, "build", lambda app: built.append(build(app)) or built[0])
    handled = []

    def terminate():
        running.wait(10)
        # Under the default handler SIGTERM would end this test run: send it only if handled.
        handled.append(signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL)
        if handled[0]:
            os.kill(os.getpid(), signal.SIGTERM)
        else:
            built[0].shutdown(wait=False)
        time.sleep(0.2)
        release.set()

    threading.Thread(target=terminate, daemon=True).start()
    result = runner.invoke(args=["scheduler"])
    assert handled == [True]
    assert result.exit_code == 0, result.output
    assert len(finished) == 1
    monkeypatch.setattr(scheduler, "_holder", lambda: "another-host:1")
    with app.app_context(), connection(), scheduler.tick_lock() as mine:
        assert mine
