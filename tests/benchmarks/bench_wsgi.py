"""Passage and a bare Flask "hello" route behind one WSGI entry, so one gunicorn serves both."""
from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from network import create_app

hello = Flask("hello")


@hello.route("/")
def index():
    """The ceiling: the least a Flask route can do."""
    return "hello"


app = DispatcherMiddleware(create_app(), {"/hello": hello})
