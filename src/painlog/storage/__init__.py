"""Storage: the SQLite file, its engine, its schema version and migrations."""
