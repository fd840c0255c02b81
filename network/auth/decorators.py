"""Who may reach which view, and relation checks that answer 404 where there is none."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from ..models import Match, NewcomerProfile, User

__all__ = ["login_required", "role_required", "get_newcomer_for", "get_volunteer_for"]


def role_required(*roles, statuses=("active",)):
    """One of these roles, in one of these statuses (active by default); anyone else gets 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.status not in statuses or current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def newcomer_relation(user, newcomer_id):
    """How this user relates to a newcomer: organizer, mentor, helper (host or teacher) or None."""
    if user.is_organizer:
        return "organizer"
    if user.status != "active" or user.role not in ("mentor", "organizer"):
        return None
    kinds = {kind for (kind,) in Match.select(Match.kind).where(
        (Match.volunteer == user.id) & (Match.newcomer == newcomer_id)
        & (Match.status == "active")).tuples()}
    if "mentor" in kinds:
        return "mentor"
    return "helper" if kinds else None


def get_newcomer_for(user, newcomer_id):
    """The newcomer (with profile and `relation`) this user may see, else 404: never a hint it exists."""
    relation = newcomer_relation(user, newcomer_id)
    newcomer = None
    if relation is not None:
        newcomer = (User.select(User, NewcomerProfile).join(NewcomerProfile)
                    .where((User.id == newcomer_id) & (User.role == "newcomer")).get_or_none())
    if newcomer is None:
        abort(404)
    newcomer.relation = relation
    return newcomer


def get_volunteer_for(user, volunteer_id):
    """A volunteer's account for the organizers who vet them, else 404."""
    if not user.is_organizer:
        abort(404)
    volunteer = User.get_or_none(
        (User.id == volunteer_id) & (User.role.in_(("mentor", "organizer")))
    )
    if volunteer is None:
        abort(404)
    return volunteer
