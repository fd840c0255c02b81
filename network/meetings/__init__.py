"""Peer-support meetings: series, RSVPs with a waitlist, attendance and calendar feeds."""
