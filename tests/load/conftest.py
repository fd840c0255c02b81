"""The load and fault run is a script (`python tests/load/run.py --json`), never part of pytest."""
collect_ignore_glob = ["*.py"]
