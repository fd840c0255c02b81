"""`flask procedure-timeline`: the timeline of a few dates, computed by the code the app uses."""
import json

import click

from ..core.codes import PROCEDURE_TYPES
from ..models import utcnow
from ..timeutil import paris_date
from .timeline import FIELDS, Facts, compute

DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value):
    return value.date() if value else None


def _options(command):
    """One option per date of the facts, named as the field."""
    for field in reversed(FIELDS):
        if field == "procedure":
            command = click.option(
                "--procedure", type=click.Choice(PROCEDURE_TYPES),
                help="As on the attestation; left out, as in the app: not known yet.")(command)
        else:
            command = click.option(f"--{field.replace('_', '-')}", field, type=DATE,
                                   help=f"{FACT_HELP[field]} (YYYY-MM-DD).")(command)
    return command


FACT_HELP = {"entered": "Arrival in France", "spada": "Pre-registration at the SPADA",
             "registered": "GUDA registration", "attestation_expires":
             "End of validity printed on the attestation", "ofii_offer": "OFII reception offer",
             "domiciliation": "Postal address obtained", "ofpra_filed": "OFPRA file sent",
             "inbox_checked": "Last login to the OFPRA online account",
             "interview": "OFPRA interview", "decision_notified": "OFPRA decision received",
             "legal_aid_requested": "Legal aid asked for",
             "legal_aid_decided": "Legal aid answer received",
             "cnda_appealed": "Appeal lodged at the CNDA", "cnda_hearing": "CNDA hearing",
             "cnda_decided": "CNDA decision received", "protection": "Protection granted",
             "residence_permit": "Residence permit received"}


@click.command("procedure-timeline")
@_options
@click.option("--department", help="Département of the newcomer's commune (57, 67 and 68 keep two "
              "more public holidays).")
@click.option("--today", type=DATE, help="Compute as of this day (default: today in Paris).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per step, one a line.")
def procedure_timeline(department, today, as_json, **dates):
    """Print the computed timeline of an asylum procedure."""
    if dates["registered"] is None:
        raise click.UsageError("Missing option '--registered'.")
    facts = Facts(**{field: value if field == "procedure" else _day(value)
                     for field, value in dates.items()}, department=department)
    for entry in compute(facts, _day(today) or paris_date(utcnow())):
        row = {"step": entry.step, "rule": entry.rule,
               "date": entry.date.isoformat() if entry.date else None,
               "state": entry.state, "source": entry.source}
        click.echo(json.dumps(row, ensure_ascii=False) if as_json
                   else f"{row['date'] or '—':<10}  {row['step']:<16}  {row['rule'] or ''}  "
                        f"{row['state']}")
