"""One definition of "overdue": the dashboard lists exactly the check-ins the scheduler acts on."""
from datetime import datetime, timedelta

from network.checkins.rules import OVERDUE_AFTER, overdue_checkins, overdue_checkins_of
from network.dashboard.attention import attention
from network.models import CheckIn

from .factories import make_match, make_mentor, make_newcomer

NOW = datetime(2026, 11, 24, 9, 0)
SECOND = timedelta(seconds=1)


def _dashboard(now):
    return sorted(checkin.id for checkin in attention(now)["overdue"])


def _job(now):
    return sorted(checkin_id for checkin_id, _, _ in overdue_checkins_of(now))


def _due(match, before, **fields):
    return CheckIn.create(match=match, due_at=NOW - before, **fields).id


def test_the_dashboard_and_the_job_agree_on_what_is_overdue(app, organizer):
    live = make_match(make_mentor(), make_newcomer())
    ended = make_match(make_mentor(), make_newcomer(), status="ended")
    late = _due(live, OVERDUE_AFTER + SECOND)
    _due(live, OVERDUE_AFTER)  # exactly 48 hours: not yet overdue
    _due(live, OVERDUE_AFTER - SECOND)
    long_late = _due(live, timedelta(days=5))
    _due(live, timedelta(days=3), status="done", logged_at=NOW - timedelta(days=2))
    _due(ended, timedelta(days=3))
    with app.app_context():
        assert _job(NOW) == _dashboard(NOW) == sorted([late, long_late])
        overdue_checkins(NOW)
        # Marked missed, they stay on the dashboard until someone acts; none is overdue again.
        assert _dashboard(NOW) == sorted([late, long_late]) and _job(NOW) == []
        later = NOW + SECOND
        assert _job(later) == [CheckIn.get(CheckIn.due_at == NOW - OVERDUE_AFTER).id]
        assert _dashboard(later) == sorted([late, long_late] + _job(later))
