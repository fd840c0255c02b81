"""Peer-support meetings: the list, RSVPs, running a series, attendance and calendar feeds."""
from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext, pgettext
from flask_login import current_user

from ..actions import button_action, flash_refusal, page_number
from ..audit.service import record_read
from ..auth.decorators import login_required, role_required
from ..extensions import limiter
from ..forms import EmptyForm
from ..inputs import int_arg
from ..links import absolute
from ..models import utcnow
from . import access, calendar, membership, queries, seats
from . import series as changes
from .attendance import (
    REPORT_WEEKS,
    attendance_choices,
    attendance_report,
    attendees,
    isolation,
    record_attendance,
)
from .forms import (
    AttendanceForm,
    CountForm,
    FilterForm,
    MeetingForm,
    OccurrenceForm,
)

bp = Blueprint("meetings", __name__, url_prefix="/meetings")
member_required = role_required("newcomer", "mentor", "organizer")
volunteer_required = role_required("mentor", "organizer")


@bp.context_processor
def _helpers():
    return {"title_of": access.title_of, "ends_at": access.ends_at,
            "general_place": access.general_place, "needs_commune": access.needs_commune}


@bp.route("/")
@member_required
def index():
    """The dates to come, nearest first, filtered by language and place; and one's own."""
    form = FilterForm(request.args)
    form.set_communes(queries.communes())
    valid = form.validate()
    page = page_number()
    region = queries.home_region(current_user)
    rows, more = queries.upcoming(current_user, language=form.language.data if valid else None,
                                  place=form.place.data if valid else None, region=region,
                                  page=page)
    managed = queries.managed_meetings(current_user) if access.may_create(current_user) else []
    return render_template("meetings/index.html", form=form, rows=rows, more=more, page=page,
                           mine=queries.my_meetings(current_user), managed=managed,
                           button=EmptyForm(), region=region, near=queries.NEAR,
                           online=queries.ONLINE)


def _own_facilitation(form):
    """Organizers name the facilitator; a mentor facilitates what they create."""
    if current_user.is_organizer:
        return None
    del form.facilitator
    return current_user.id


@bp.route("/new", methods=["GET", "POST"])
@volunteer_required
def new():
    """Create a meeting or a series."""
    form = MeetingForm()
    own = _own_facilitation(form)
    if request.method == "GET" and own is None:
        form.facilitator.data = current_user.email
    if form.validate_on_submit():
        with flash_refusal():
            meeting = changes.create_meeting(current_user, form.values(facilitator=own))
            flash(_("The meeting is created."), "success")
            return redirect(url_for("meetings.series", meeting_id=meeting.id))
    return render_template("meetings/form.html", form=form, meeting=None)


@bp.route("/series/<int:meeting_id>")
@volunteer_required
def series(meeting_id):
    """A series as its facilitator or an organizer sees it: every date and how many came."""
    meeting = access.get_meeting_for(current_user, meeting_id)
    past, coming, waiting = queries.series_dates(meeting)
    return render_template("meetings/series.html", meeting=meeting, past=past, coming=coming,
                           waiting=waiting, button=EmptyForm())


@bp.route("/series/<int:meeting_id>/edit", methods=["GET", "POST"])
@volunteer_required
def edit(meeting_id):
    """Change the whole series from now on."""
    meeting = access.get_meeting_for(current_user, meeting_id)
    form = MeetingForm()
    own = _own_facilitation(form)
    if request.method == "GET":
        form.load(meeting)
    elif form.validate_on_submit():
        with flash_refusal():
            changes.update_meeting(meeting, current_user,
                                   form.values(facilitator=meeting.facilitator_id if own else None))
            flash(_("The meeting is changed."), "success")
            return redirect(url_for("meetings.series", meeting_id=meeting.id))
    return render_template("meetings/form.html", form=form, meeting=meeting)


@bp.route("/series/<int:meeting_id>/cancel", methods=["POST"])
@volunteer_required
def cancel_series(meeting_id):
    """Cancel the series; everyone registered is told."""
    meeting = access.get_meeting_for(current_user, meeting_id)
    button_action(lambda: changes.cancel_series(meeting, current_user),
                  _("The meeting is cancelled; the people registered are told."))
    return redirect(url_for("meetings.series", meeting_id=meeting.id))


@bp.route("/<int:occurrence_id>")
@login_required
def occurrence(occurrence_id):
    """One date: when, where (for those with a seat), and registering or leaving."""
    occurrence = access.get_occurrence_for(current_user, occurrence_id)
    people = queries.people_registered(occurrence) if occurrence.managed else []
    if people:
        record_read("attendance", [rsvp.user.id for rsvp in people
                                   if rsvp.user.role == "newcomer"], item=occurrence)
    return render_template("meetings/occurrence.html", occurrence=occurrence,
                           meeting=occurrence.meeting, where=access.location(occurrence),
                           joinable=membership.joinable(occurrence.meeting),
                           member=membership.is_member(occurrence.meeting, current_user),
                           people=people, button=EmptyForm(), now=utcnow())


@bp.route("/<int:occurrence_id>.ics")
@login_required
def ics(occurrence_id):
    """One date as a calendar file."""
    occurrence = access.get_occurrence_for(current_user, occurrence_id)
    body = calendar.occurrence_ics(occurrence, access.location(occurrence))
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f"attachment; filename=meeting-{occurrence.id}.ics",
        "Cache-Control": "private, no-store"})


@bp.route("/<int:occurrence_id>/edit", methods=["GET", "POST"])
@volunteer_required
def edit_occurrence(occurrence_id):
    """Move one date, or give it another title or place."""
    occurrence = access.get_occurrence_for(current_user, occurrence_id)
    if not occurrence.managed:
        abort(404)
    form = OccurrenceForm()
    if request.method == "GET":
        form.load(occurrence)
    elif form.validate_on_submit():
        with flash_refusal():
            changes.update_occurrence(occurrence, current_user, form.values())
            flash(_("This date is changed."), "success")
            return redirect(url_for("meetings.occurrence", occurrence_id=occurrence.id))
    return render_template("meetings/edit_occurrence.html", form=form, occurrence=occurrence,
                           meeting=occurrence.meeting)


@bp.route("/<int:occurrence_id>/cancel", methods=["POST"])
@volunteer_required
def cancel_occurrence(occurrence_id):
    """Cancel one date; everyone registered is told."""
    occurrence = access.get_occurrence_for(current_user, occurrence_id)
    if not occurrence.managed:
        abort(404)
    button_action(lambda: changes.cancel_occurrence(occurrence, current_user),
                  _("This date is cancelled; the people registered are told."))
    return redirect(url_for("meetings.occurrence", occurrence_id=occurrence.id))


@bp.route("/<int:occurrence_id>/rsvp", methods=["POST"])
@login_required
def rsvp(occurrence_id):
    """Take a seat, or a place on the waitlist."""
    occurrence = access.get_occurrence_for(current_user, occurrence_id)
    button_action(lambda: seats.rsvp(occurrence, current_user), _seated)
    return redirect(url_for("meetings.occurrence", occurrence_id=occurrence.id))


def _seated(status):
    if status == "going":
        return _("You have a seat.")
    return pgettext("meeting date", "The meeting is full: you are on the waitlist. If a seat "
                    "frees up, it is yours and you are told.")


@bp.route("/<int:occurrence_id>/leave", methods=["POST"])
@login_required
def leave(occurrence_id):
    """Give up a seat or a place on the waitlist."""
    occurrence = access.get_occurrence_for(current_user, occurrence_id)
    button_action(lambda: seats.cancel_rsvp(occurrence, current_user),
                  _("You are no longer registered for this date."))
    return redirect(url_for("meetings.occurrence", occurrence_id=occurrence.id))


@bp.route("/<int:occurrence_id>/join-series", methods=["POST"])
@login_required
def join_series(occurrence_id):
    """Take a seat, or the waitlist, on every date to come of this date's series."""
    occurrence = access.get_occurrence_for(current_user, occurrence_id)
    button_action(lambda: membership.join_series(occurrence.meeting, current_user), _joined)
    return redirect(url_for("meetings.occurrence", occurrence_id=occurrence.id))


def _joined(taken):
    said = [pgettext("meeting series", "You joined the group.")]
    if taken["going"]:
        said.append(ngettext("You have a seat on %(num)s date.",
                             "You have a seat on %(num)s dates.", taken["going"]))
    if taken["waitlist"]:
        said.append(ngettext("%(num)s date is full: you are on its waitlist.",
                             "%(num)s dates are full: you are on their waitlists.",
                             taken["waitlist"]))
    return " ".join(said)


@bp.route("/<int:occurrence_id>/leave-series", methods=["POST"])
@login_required
def leave_series(occurrence_id):
    """Leave this date's series and every date of it to come."""
    occurrence = access.get_occurrence_for(current_user, occurrence_id)
    button_action(lambda: membership.leave_series(occurrence.meeting, current_user),
                  pgettext("meeting series", "You left the group: you are no longer registered "
                                             "for its dates to come."))
    return redirect(url_for("meetings.occurrence", occurrence_id=occurrence.id))


@bp.route("/<int:occurrence_id>/attendance", methods=["GET", "POST"])
@volunteer_required
def attendance(occurrence_id):
    """The facilitator or an organizer records who came, or only how many."""
    occurrence = access.get_occurrence_for(current_user, occurrence_id)
    if not occurrence.managed:
        abort(404)
    meeting = occurrence.meeting
    if meeting.count_only:
        form = CountForm()
        if request.method == "GET" and occurrence.attended is not None:
            form.count.data = occurrence.attended
    else:
        form = AttendanceForm()
        people = attendance_choices(occurrence)
        form.people.choices = [(user.id, user.display_name) for user in people]
        if request.method == "GET" and occurrence.attended is not None:
            form.people.data = attendees(occurrence)
            form.others.data = occurrence.attended - len(form.people.data)
    if form.validate_on_submit():
        values = (dict(count=form.count.data) if meeting.count_only
                  else dict(people=form.people.data or [], others=form.others.data))
        with flash_refusal():
            record_attendance(occurrence, current_user, **values)
            flash(_("Attendance is recorded."), "success")
            return redirect(url_for("meetings.series", meeting_id=meeting.id))
    if not meeting.count_only:
        record_read("attendance", [user.id for user in people if user.role == "newcomer"],
                    item=occurrence)
    return render_template("meetings/attendance.html", form=form, occurrence=occurrence,
                           meeting=meeting, started=occurrence.start_at <= utcnow())


@bp.route("/report")
@role_required("organizer")
def report():
    """Attendance of each series over the last weeks, and who has not come for long."""
    page = page_number()
    series_rows, more = attendance_report(page=page)
    who = int_arg("who")
    isolated, more_isolated = isolation(page=who)
    return render_template("meetings/report.html", series_rows=series_rows, more=more,
                           page=page, isolated=isolated, more_isolated=more_isolated,
                           who=who, weeks=REPORT_WEEKS)


@bp.route("/calendar")
@member_required
def calendar_settings():
    """The person's private calendar link: made, replaced, or revoked by replacing it."""
    return render_template("meetings/calendar.html", since=calendar.feed_since(current_user),
                           url=None, button=EmptyForm())


@bp.route("/calendar/new", methods=["POST"])
@member_required
def calendar_new():
    """A new private calendar link, shown once; the old one stops working."""
    if not EmptyForm().validate_on_submit():
        flash(_("The request could not be processed."), "error")
        return redirect(url_for("meetings.calendar_settings"))
    token = calendar.new_feed(current_user)
    # Shown in this answer only: just its hash is kept, and it never travels in a redirect.
    url = absolute(url_for("meetings.feed", feed_token=token))
    return render_template("meetings/calendar.html", since=calendar.feed_since(current_user),
                           url=url, button=EmptyForm())


@bp.route("/feed/<feed_token>.ics")
@limiter.limit("60 per minute")
def feed(feed_token):
    """A person's private calendar feed: no login, the token is the key."""
    owner = calendar.feed_owner(feed_token)
    if owner is None:
        abort(404)
    return Response(calendar.feed(owner), mimetype="text/calendar", headers={
        "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex"})
