"""Conversations between a newcomer and their volunteer, or the organizers."""
