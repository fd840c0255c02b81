"""Errors services raise; the web layer turns them into pages, so services never import Flask's."""


class ServiceError(Exception):
    """A refusal whose message can be shown to the person."""


class NotFound(Exception):
    """What was asked for does not exist, or this person has no relation to it: answered 404."""
