"""Wires the jobs to APScheduler; one process holds the database lock and does the work."""
import contextlib
import json
import logging
import os
import signal
import socket
import zlib
from datetime import timedelta

import click
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger
from flask import current_app
from flask.cli import with_appcontext
from peewee import PostgresqlDatabase

from . import jobs
from .db import connection, db
from .models import SchedulerLease, utcnow

LEASE = timedelta(minutes=5)
LOCK_KEY = zlib.crc32(b"passage-scheduler")
TICK_SECONDS = 60


def _holder():
    return f"{socket.gethostname()}:{os.getpid()}"


@contextlib.contextmanager
def tick_lock():
    """True for the one process that may tick now: a PostgreSQL advisory lock, or a lease row."""
    if isinstance(db.obj, PostgresqlDatabase):
        got = db.execute_sql("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()[0]
        try:
            yield got
        finally:
            if got:
                db.execute_sql("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
        return
    holder, now = _holder(), utcnow()
    SchedulerLease.insert(name="tick", holder=holder, until=now).on_conflict_ignore().execute()
    got = (SchedulerLease.update(holder=holder, until=now + LEASE)
           .where((SchedulerLease.name == "tick")
                  & ((SchedulerLease.until <= now) | (SchedulerLease.holder == holder)))
           .execute())
    try:
        yield bool(got)
    finally:
        if got:
            SchedulerLease.update(until=utcnow()).where(
                (SchedulerLease.name == "tick") & (SchedulerLease.holder == holder)).execute()


def tick(now=None):
    """Run every job once if this process holds the lock; the counts of what was sent."""
    with connection(), tick_lock() as mine:
        if not mine:
            return {"skipped": "another scheduler is running"}
        return jobs.run_all(now or utcnow())


def build(app, scheduler_class=BlockingScheduler):
    """A scheduler that ticks every minute inside the app."""
    scheduler = scheduler_class(timezone="UTC")

    def run():
        with app.app_context():
            app.logger.info("scheduler tick: %s", json.dumps(tick()))

    scheduler.add_job(run, IntervalTrigger(seconds=TICK_SECONDS), id="tick", coalesce=True,
                      max_instances=1, next_run_time=utcnow())
    return scheduler


def start_in_process(app):
    """For `flask run` in development only: the scheduler as a thread of the dev server."""
    scheduler = build(app, BackgroundScheduler)
    scheduler.start()
    return scheduler


@click.command("scheduler")
@click.option("--once", is_flag=True, help="Run every job once, print the counts, exit.")
@with_appcontext
def scheduler_command(once):
    """Run the scheduler (its own process: exactly one per deployment)."""
    if once:
        click.echo(json.dumps(tick(), sort_keys=True))
        return
    app = current_app._get_current_object()
    # Each tick's counts, or "skipped", are how an operator sees which scheduler works.
    app.logger.setLevel(logging.INFO)
    scheduler = build(app)

    def stop(signum, frame):
        # A service manager stops us with SIGTERM: let the running tick finish, so it lets the
        # lease go, or the next scheduler would wait out the whole lease.
        scheduler.shutdown()

    signal.signal(signal.SIGTERM, stop)
    scheduler.start()
