"""The settings files' schema: safe YAML with line numbers, field validators, ``pressroom.yaml``."""
