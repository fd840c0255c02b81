"""The app as gunicorn serves it in the load run, with a fresh rate-limit key prefix per run
(so an earlier run's lockouts in the shared Redis never count) and a header naming the worker
that answered (so the run can show that requests really spread over the workers)."""
import os

from network import create_app

app = create_app({"RATELIMIT_KEY_PREFIX": os.environ.get("PASSAGE_LOAD_KEY_PREFIX", "")})


@app.after_request
def _name_the_worker(response):
    response.headers["X-Load-Worker"] = str(os.getpid())
    return response
