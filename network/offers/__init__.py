"""Volunteers: their profile and their offers of mentoring, housing and language help."""
