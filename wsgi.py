"""The WSGI entry point: `flask --app wsgi run`, `gunicorn wsgi:app`."""
from network import create_app

app = create_app()
