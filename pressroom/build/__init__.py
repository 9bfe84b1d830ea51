"""The build: planning jobs, the read → plan → write → commit phases, the cache and the worker processes.

The usual entry points::

    from pressroom.build.jobs import Options, plan
    from pressroom.build.pipeline import build
"""
