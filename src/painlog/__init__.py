"""painlog: a private, local pain and trigger diary for people with MS."""

# Read by the build (pyproject's [tool.hatch.version]); kept here rather than
# looked up through importlib.metadata, which costs every command ~25 ms.
__version__ = "0.1.0"
