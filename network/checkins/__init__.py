"""Check-ins between a mentor and a newcomer: the schedule, logging, moving, asking early."""
