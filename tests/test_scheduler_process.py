"""The scheduler as its own process says what each tick did: an operator running two sees
which one works and which one is skipped."""
import logging

from apscheduler.schedulers.blocking import BlockingScheduler


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
