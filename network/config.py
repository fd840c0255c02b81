"""Configuration: safe defaults, overridden by the environment."""
import os
import secrets
import sys
from pathlib import Path
from urllib.parse import urlsplit

WEAK_KEYS = {"dev", "secret", "changeme", "change-me", "development", "test"}
MIN_KEY_LENGTH = 32
# What opens the database and forges a session: in production both come from outside its folder.
PRODUCTION_KEYS = ("SECRET_KEY", "PASSAGE_ENCRYPTION_KEYS")
GENERATED_KEY_FILES = ("secret_key", "encryption.key", "vapid.key")


class ConfigError(RuntimeError):
    """The configuration is unsafe to run with."""


def _env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def _started_by_flask_run():
    return os.path.basename(sys.argv[0]) == "flask" and "run" in sys.argv[1:]


def load(instance_path):
    """Return the configuration mapping for an app whose instance folder is given."""
    production = os.environ.get("PASSAGE_ENV", "development") == "production"
    database_url = os.environ.get(
        "DATABASE_URL", f"sqlite:///{Path(instance_path) / 'passage.sqlite3'}")
    if production:
        require_keys_from_environment(instance_path, database_url)
    public = public_url(production)
    return {
        "PRODUCTION": production,
        "SECRET_KEY": secret_key(instance_path, production),
        "DATABASE_URL": database_url,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Behind HTTPS the cookie must never travel in clear; locally there is no TLS.
        "SESSION_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", production),
        "SESSION_HOURS": _env_int("SESSION_HOURS", 12),
        "SESSION_HOURS_ORGANIZER": _env_int("SESSION_HOURS_ORGANIZER", 8),
        "SESSION_IDLE_MINUTES": _env_int("SESSION_IDLE_MINUTES", 60),
        "SESSION_IDLE_MINUTES_ORGANIZER": _env_int("SESSION_IDLE_MINUTES_ORGANIZER", 20),
        "BEHIND_PROXY": _env_bool("BEHIND_PROXY"),
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Seconds to connect to, and then to hear from, Redis before counting in memory.
        "RATELIMIT_STORAGE_TIMEOUT": float(os.environ.get("RATELIMIT_STORAGE_TIMEOUT") or 0.5),
        "LOGIN_LIMIT_ACCOUNT": os.environ.get("LOGIN_LIMIT_ACCOUNT", "5 per 15 minutes"),
        "LOGIN_LIMIT_ADDRESS": os.environ.get("LOGIN_LIMIT_ADDRESS", "20 per 15 minutes"),
        # Each reset request mails its account: a limit per account stops mail-bombing one person.
        "FORGOT_LIMIT_ACCOUNT": os.environ.get("FORGOT_LIMIT_ACCOUNT", "3 per hour"),
        "FORGOT_LIMIT_ADDRESS": os.environ.get("FORGOT_LIMIT_ADDRESS", "10 per hour"),
        "PASSWORD_MIN_LENGTH": _env_int("PASSWORD_MIN_LENGTH", 10),
        "INVITATION_DAYS": _env_int("INVITATION_DAYS", 7),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Paris",
        "LANGUAGES": ("ru", "uk", "fr", "en"),
        "AUDIT_PAGE_SIZE": 50,
        # A person's page is served again for this long while the database has not changed.
        "PAGE_CACHE_SECONDS": _env_int("PAGE_CACHE_SECONDS", 15),
        "PAGE_CACHE_SIZE": _env_int("PAGE_CACHE_SIZE", 256),
        "RETENTION_MONTHS": _env_int("RETENTION_MONTHS", 12),
        "LEAD_AWAY_DAYS": _env_int("LEAD_AWAY_DAYS", 14),
        "ERASURE_GRACE_DAYS": _env_int("ERASURE_GRACE_DAYS", 7),
        "TWO_ORGANIZER_RULE": _env_bool("TWO_ORGANIZER_RULE", True),
        "UNUSUAL_ACCESS_COUNT": _env_int("UNUSUAL_ACCESS_COUNT", 20),
        "UNUSUAL_ACCESS_MINUTES": _env_int("UNUSUAL_ACCESS_MINUTES", 10),
        # `flask run` in development ticks in-process; deployments run `flask scheduler` once.
        "SCHEDULER_IN_PROCESS": _env_bool("SCHEDULER_IN_PROCESS",
                                          not production and _started_by_flask_run()),
        # `flask run` in development compiles catalogs and migrates at start; deployments run
        # `flask upgrade`, so the app never writes into its source tree.
        "PREPARE_AT_START": _env_bool("PREPARE_AT_START",
                                      not production and _started_by_flask_run()),
        "PUBLIC_URL": public,
        # Without PUBLIC_URL (development), what a link built outside any request points to.
        "DEVELOPMENT_URL": development_url(),
        "TRUSTED_HOSTS": trusted_hosts(public, production),
        "SMTP_HOST": os.environ.get("SMTP_HOST", ""),
        "SMTP_PORT": _env_int("SMTP_PORT", 587),
        "SMTP_SECURITY": os.environ.get("SMTP_SECURITY", "starttls"),
        "SMTP_USERNAME": os.environ.get("SMTP_USERNAME", ""),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        "SMTP_FROM": os.environ.get("SMTP_FROM", "Passage <no-reply@localhost>"),
        "QUICK_EXIT_URL": os.environ.get("QUICK_EXIT_URL", "https://meteofrance.com/"),
        "VAPID_SUBJECT": os.environ.get("VAPID_SUBJECT", "mailto:push@localhost"),
        # A push service on the machine or its network, as in tests; never in production.
        "PUSH_PRIVATE_ENDPOINTS": not production and _env_bool("PUSH_PRIVATE_ENDPOINTS", True),
    }


def require_keys_from_environment(instance_path, database_url):
    """Production takes both keys from the environment, and no key file left beside the data."""
    missing = [name for name in PRODUCTION_KEYS if not os.environ.get(name, "").strip()]
    if missing:
        raise ConfigError(
            f"PASSAGE_ENV=production needs {' and '.join(missing)} in the environment, "
            "kept apart from the database and its backups.")
    folders = {Path(instance_path)}
    if database_url.startswith("sqlite:///"):
        folders.add(Path(database_url.removeprefix("sqlite:///")).parent)
    left = sorted(str(folder / name) for folder in folders for name in GENERATED_KEY_FILES
                  if (folder / name).exists())
    if left:
        raise ConfigError(
            f"A key file lies beside the database: {', '.join(left)}. Whoever takes that folder "
            "can read it; put its keys in the environment, then delete the file.")


def public_url(production):
    """The network's address, which links are built from; required in production."""
    url = os.environ.get("PUBLIC_URL", "").strip().rstrip("/")
    if not url:
        if production:
            raise ConfigError("PUBLIC_URL must be set in production (for example "
                              "https://passage.example.org): links are built from it and only "
                              "its host is served.")
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"PUBLIC_URL must be an http or https address, not {url!r}.")
    return url


def development_url(argv=None, environ=None):
    """Where `flask run` serves: its --host, --port and --cert, else FLASK_RUN_HOST, FLASK_RUN_PORT
    and FLASK_RUN_CERT (which it reads too), else http://127.0.0.1:5000."""
    argv = sys.argv if argv is None else argv
    environ = os.environ if environ is None else environ
    given = {name: environ.get(f"FLASK_RUN_{name.upper()}", "") for name in ("host", "port",
                                                                           "cert")}
    options = {"--host": "host", "-h": "host", "--port": "port", "-p": "port", "--cert": "cert"}
    args = argv[argv.index("run") + 1:] if "run" in argv[1:] else []
    for n, arg in enumerate(args):
        option, equals, value = arg.partition("=")
        if option in options:
            given[options[option]] = value if equals else (args[n + 1] if n + 1 < len(args) else "")
    host = given["host"] or "127.0.0.1"
    # Listening on every address includes this machine's own.
    host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    host = f"[{host}]" if ":" in host else host
    return f"{'https' if given['cert'] else 'http'}://{host}:{given['port'] or 5000}"


def trusted_hosts(public, production):
    """The Host names served: PUBLIC_URL's and TRUSTED_HOSTS; in development any, unless told."""
    hosts = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()]
    if public and (production or hosts):
        hosts.append(urlsplit(public).hostname)
    return hosts or None


def secret_key(instance_path, production):
    """The signing key: from SECRET_KEY, else a generated one kept in instance/."""
    key = os.environ.get("SECRET_KEY")
    if key:
        if production and (len(key) < MIN_KEY_LENGTH or key.lower() in WEAK_KEYS):
            raise ConfigError(
                f"SECRET_KEY is too weak: use at least {MIN_KEY_LENGTH} random characters."
            )
        return key
    if production:
        raise ConfigError("SECRET_KEY must be set in production.")
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
