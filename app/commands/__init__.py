"""The command line's commands beyond the basics, one module each (``app.cli`` parses and
dispatches; a command's work lives here so that new commands do not grow one file)."""
