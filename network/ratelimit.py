"""The rate limits' storage: short timeouts, per-worker memory while Redis is away, health."""
import logging

from flask.logging import default_handler

from .extensions import limiter

REDIS_SCHEMES = ("redis://", "rediss://", "redis+unix://")
DEGRADED = "rate-limit storage"


def init_app(app):
    """Bind the limiter: Redis answers quickly or is replaced by this worker's memory."""
    config = app.config
    # Never unlimited and never a 500: while Redis cannot be reached each worker counts alone.
    config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] = True
    if config["RATELIMIT_STORAGE_URI"].startswith(REDIS_SCHEMES):
        # A frozen Redis accepts connections and never answers: without a timeout it holds
        # the worker until gunicorn kills it.
        timeout = config["RATELIMIT_STORAGE_TIMEOUT"]
        config["RATELIMIT_STORAGE_OPTIONS"] = {"socket_connect_timeout": timeout,
                                               "socket_timeout": timeout}
    # The library logs the fall-back to a logger of its own that has only a NullHandler: the
    # operator would never read it.
    logging.getLogger("flask-limiter").addHandler(default_handler)
    limiter.init_app(app)


def degraded():
    """The dependencies that do not answer now, by name: empty when all is well."""
    return [] if limiter.storage.check() else [DEGRADED]
