"""Build tooling of the book: the papermill runner and the Sphinx extension.

Kept apart from the analysis library (``kzdiaspora``) so that editing the tooling does not
make every chapter execute again.
"""
