"""The output formats, by name: the one list the command line, the
configuration's schema and the reporters share (kept free of imports, so
naming the formats costs nothing)."""

FORMATS = ("full", "concise", "json", "sarif", "github", "junit", "gitlab", "markdown")
