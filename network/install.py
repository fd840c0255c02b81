"""Bring an install up to its code: compiled catalogs and applied migrations, by command."""
import click
from flask import current_app
from flask.cli import with_appcontext

from . import db, i18n


def prepare(app):
    """Compile stale catalogs and apply pending migrations; return what was done, as lines."""
    done = [f"compiled: {path}" for path in i18n.compile_catalogs(i18n.TRANSLATIONS)]
    with app.app_context(), db.connection():
        done += [f"applied: {name}" for name in db.upgrade()]
    return done


def init_app(app):
    """Prepare at start only where told (the development server); production says what is stale."""
    if app.config["PREPARE_AT_START"]:
        for line in prepare(app):
            app.logger.info(line)
    elif app.config["PRODUCTION"]:
        stale = i18n.stale_catalogs(i18n.TRANSLATIONS)
        if stale:
            app.logger.warning("catalogs missing or older than their .po: %s; "
                               "run `flask --app wsgi upgrade`", ", ".join(map(str, stale)))


@click.command("upgrade")
@with_appcontext
def upgrade_command():
    """Compile the translation catalogs and apply pending database migrations."""
    done = prepare(current_app)
    click.echo("\n".join(done) or "Catalogs and database are up to date.")


@click.command("translations")
def translations_command():
    """Compile the translation catalogs whose .po changed."""
    written = i18n.compile_catalogs(i18n.TRANSLATIONS)
    click.echo("\n".join(f"compiled: {path}" for path in written) or "Catalogs are up to date.")


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create the schema of an empty database (same as upgrade)."""
    prepare(current_app)
    click.echo(f"Database ready: {current_app.config['DATABASE_URL'].split('@')[-1]}")


commands = [upgrade_command, translations_command, init_db_command]
