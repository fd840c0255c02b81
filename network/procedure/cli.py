"""`flask procedure-timeline`: the timeline of a few dates, computed by the code the app uses."""
import json

import click

from ..core.codes import PROCEDURE_TYPES
from ..models import utcnow
from ..timeutil import paris_date
from .timeline import Facts, compute

DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value):
    return value.date() if value else None


@click.command("procedure-timeline")
@click.option("--registered", type=DATE, required=True, help="GUDA registration (YYYY-MM-DD).")
@click.option("--entered", type=DATE, help="Arrival in France.")
@click.option("--procedure", type=click.Choice(PROCEDURE_TYPES),
              help="As on the attestation; left out, as in the app: not known yet.")
@click.option("--ofpra-filed", type=DATE, help="OFPRA file sent.")
@click.option("--inbox-checked", type=DATE, help="Last login to the OFPRA online account.")
@click.option("--interview", type=DATE, help="OFPRA interview.")
@click.option("--decision-notified", type=DATE, help="OFPRA decision received.")
@click.option("--legal-aid-requested", type=DATE, help="Legal aid asked for.")
@click.option("--legal-aid-decided", type=DATE, help="Legal aid answer received.")
@click.option("--department", help="Département of the newcomer's commune (57, 67 and 68 keep two "
              "more public holidays).")
@click.option("--today", type=DATE, help="Compute as of this day (default: today in Paris).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per step, one a line.")
def procedure_timeline(registered, entered, procedure, ofpra_filed, inbox_checked, interview,
                       decision_notified, legal_aid_requested, legal_aid_decided, department,
                       today, as_json):
    """Print the computed timeline of an asylum procedure."""
    facts = Facts(entered=_day(entered), registered=_day(registered), procedure=procedure,
                  ofpra_filed=_day(ofpra_filed), inbox_checked=_day(inbox_checked),
                  interview=_day(interview),
                  decision_notified=_day(decision_notified),
                  legal_aid_requested=_day(legal_aid_requested),
                  legal_aid_decided=_day(legal_aid_decided), department=department)
    for entry in compute(facts, _day(today) or paris_date(utcnow())):
        row = {"step": entry.step, "rule": entry.rule,
               "date": entry.date.isoformat() if entry.date else None,
               "state": entry.state, "source": entry.source}
        click.echo(json.dumps(row, ensure_ascii=False) if as_json
                   else f"{row['date'] or '—':<10}  {row['step']:<16}  {row['rule'] or ''}  "
                        f"{row['state']}")
