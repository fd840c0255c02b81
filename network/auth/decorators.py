"""Who may reach which view, and relation checks that answer 404 where there is none."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from ..core.access import NewcomerView, newcomer_relation
from ..core.errors import NotFound
from ..models import VOLUNTEER_ROLES, NewcomerProfile, User

__all__ = ["login_required", "role_required", "get_newcomer_for", "get_newcomer_view",
           "get_volunteer_for", "volunteer_required"]


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


# Vetted volunteers: mentors and organizers whose account is active.
volunteer_required = role_required(*VOLUNTEER_ROLES)


def get_newcomer_for(user, newcomer_id):
    """The newcomer (with profile) this user may see, else 404: never a hint it exists."""
    return get_newcomer_view(user, newcomer_id)[0]


def get_newcomer_view(user, newcomer_id):
    """The newcomer this user may see and what they may see of the record, else 404."""
    relation = newcomer_relation(user, newcomer_id)
    newcomer = None
    if relation is not None:
        newcomer = (User.select(User, NewcomerProfile).join(NewcomerProfile)
                    .where((User.id == newcomer_id) & (User.role == "newcomer")).get_or_none())
    if newcomer is None:
        raise NotFound()
    return newcomer, NewcomerView(relation)


def get_volunteer_for(user, volunteer_id):
    """A volunteer's account for the organizers who vet them, else 404."""
    volunteer = None
    if user.is_organizer:
        volunteer = User.get_or_none((User.id == volunteer_id) & User.role.in_(VOLUNTEER_ROLES))
    if volunteer is None:
        raise NotFound()
    return volunteer
