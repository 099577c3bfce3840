"""Services: what painlog does, independent of how it is asked.

Every service takes the session explicitly, as keyword-only arguments, and
returns ORM objects or small dataclasses. Services never print.
"""
