"""Rendering: turning results into text tables, JSON, charts and reports."""
