"""Organizers vet volunteers and take newcomers in."""
