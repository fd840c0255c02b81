"""Commands: create the first organizer, fill a demo network."""
import base64

import click
from flask import current_app
from flask.cli import with_appcontext

from . import backup
from .audit.service import record
from .auth import twofactor
from .auth.service import hash_password, normalise_email
from .core.errors import ServiceError
from .db import connection, upgrade
from .demo import seed_demo
from .lookalike import skeleton
from .models import User, VolunteerProfile
from .procedure.cli import procedure_timeline
from .scheduler import scheduler_command


@click.command("create-organizer")
@with_appcontext
@click.argument("email")
@click.option("--name", default="Organizer", show_default=True, help="Display name.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Prompted for when not given.")
def create_organizer(email, name, password):
    """Create an active organizer account (the first one, typically)."""
    if len(password) < current_app.config["PASSWORD_MIN_LENGTH"]:
        raise click.UsageError(
            f"Use a password of at least {current_app.config['PASSWORD_MIN_LENGTH']} characters.")
    with connection():
        # The first organizer is made on a fresh database: its schema comes first.
        upgrade()
    with connection() as db, db.atomic():
        if User.select().where(User.email_skeleton == skeleton(normalise_email(email))).exists():
            raise click.UsageError(
                f"An account with the email {email}, or one that looks like it, already exists.")
        user = User.create(email=normalise_email(email), display_name=name,
                           password_hash=hash_password(password), role="organizer",
                           status="active")
        VolunteerProfile.create(user=user)
        record("user.registered", target=user, actor=None, detail="organizer")
    click.echo(f"Organizer {user.email} created.")


@click.command("seed-demo")
@with_appcontext
@click.option("--password", default="passage-demo", show_default=True,
              help="Password of every demo account.")
@click.option("--scale", type=click.Choice(["small", "large"]), default="small",
              show_default=True)
@click.option("--seed", default=7, show_default=True, help="Random seed.")
@click.option("--totp-secret", default=None,
              help="Base32 secret that enrols the demo organizers' second factor.")
def seed_demo_command(password, scale, seed, totp_secret):
    """Fill an empty database with a demo network and print the demo accounts."""
    secret = (totp_secret or twofactor.new_secret()).replace(" ", "").upper()
    try:
        base64.b32decode(secret + "=" * (-len(secret) % 8))
    except ValueError:
        raise click.BadParameter("not a base32 secret", param_hint="--totp-secret") from None
    with connection():
        upgrade()
        try:
            accounts = seed_demo(password, scale=scale, seed=seed, totp_secret=secret)
        except ServiceError as exc:
            click.echo(str(exc))
            return
    click.echo("Demo accounts (password: %s):" % password)
    for email, role in accounts:
        click.echo(f"  {role:<10} {email}")
    click.echo(f"Demo organizers' two-step login secret (TOTP, base32): {secret}")


commands = [create_organizer, seed_demo_command, scheduler_command, *backup.commands,
            procedure_timeline]
