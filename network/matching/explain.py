"""The engine's explanation codes in the reader's language."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..core.vocabulary import label, labels
from ..formats import date_format
from ..places import catalog

PARTS = {
    "base": _l("fits every requirement"),
    "same_city": _l("same city (%(city)s)"),
    "nearby": _l("%(km)s km away"),
    "same_region": _l("same region (%(region)s)"),
    "shared_languages": _l("shared languages: %(languages)s"),
    "urgency": _l("urgent: %(urgency)s"),
    "declined_before": _l("this pair was declined before"),
}
REASONS = {
    "no_shared_language": _l("No volunteer speaks %(languages)s."),
    "no_teacher": _l("Nobody teaches %(language)s at level %(level)s."),
    "no_host_beds": _l("No host in %(city)s with %(beds)s for these dates "
                       "(%(nights)s from %(start)s)."),
    "house_rules": _l("The house rules of every host exclude: %(needs)s."),
    "household_wish": _l("No household with room is the kind asked for: %(host_pref)s."),
}


def _params(params):
    out = dict(params)
    if "city" in out:
        commune = catalog.get(out["city"])
        out["city"] = commune.title if commune else "—"
    if "languages" in out:
        out["languages"] = labels("language", out["languages"])
    if "language" in out:
        out["language"] = label("language", out["language"])
    if "urgency" in out:
        out["urgency"] = label("urgency_inline", out["urgency"])
    if "needs" in out:
        out["needs"] = labels("house_rule_need", out["needs"])
    if "start" in out:
        out["start"] = date_format(date.fromisoformat(out["start"]), "medium")
    if "host_pref" in out:
        out["host_pref"] = label("host_pref", out["host_pref"])
    if "beds" in out:
        out["beds"] = ngettext("%(num)s bed", "%(num)s beds", out["beds"])
    if "nights" in out:
        out["nights"] = ngettext("%(num)s night", "%(num)s nights", out["nights"])
    if "level" in out:
        out["level"] = out["level"].upper()
    return out


def part_text(code, params):
    """One line of a score explanation."""
    if code == "waiting":
        return ngettext("waiting for %(num)s day", "waiting for %(num)s days", params["days"])
    if code == "load":
        return ngettext("already has %(num)s active match", "already has %(num)s active matches",
                        params["active"])
    return str(PARTS[code]) % _params(params)


def reason_text(code, params):
    """Why a request got no proposal."""
    if code == "no_volunteer_nearby":
        return str(_l("No fitting volunteer in %(city)s.") % {"city": _params(params)["city"]})
    if code == "host_takes" and not params["gender"]:
        return str(_l("The hosts with room take only some guests, and this person did not say "
                      "their gender: ask them, or ask a host."))
    if code == "host_takes":
        return str(_l("No host with room takes this guest (%(gender)s).")
                   % {"gender": label("gender", params["gender"])})
    if code == "at_capacity":
        return ngettext("The only fitting volunteer has no free place.",
                        "All %(num)s fitting volunteers have no free place.", params["volunteers"])
    if code == "taken":
        return ngettext("A request that fits better took the place of the only candidate.",
                        "Requests that fit better took the places of all %(num)s candidates.",
                        params["candidates"])
    return str(REASONS[code]) % _params(params)
