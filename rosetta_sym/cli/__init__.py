"""The ``rosetta`` command line."""
