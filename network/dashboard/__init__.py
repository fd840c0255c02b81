"""The organizers' dashboard: what needs attention now, figures, charts and exports."""
