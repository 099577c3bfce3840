"""Analysis of the diary: weekly trends, patterns, triggers and remedies.

``frames`` reads the diary into pandas tables (one query per table); the
other modules are pure functions of those tables, so tests can build
hundreds of diaries as tables without a database. pandas and numpy are
imported at the top of these modules, and these modules are imported only
inside the analysis commands: logging, listing and showing never load them.
"""
