"""The verbs of the ``pressroom`` command, one module each (as MkDocs' ``commands``).

``make`` is the build itself (:mod:`pressroom.build`); the others read or
deliver what it made, or prepare sources. :mod:`pressroom.cli` parses the
command line and calls them.
"""
