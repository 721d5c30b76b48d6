"""The program's data as pydantic models: the single source of truth for every file's shape.

Every field carries a Chinese title and description and is marked public or private; only
public fields may ever reach the site (see ``base.public_data``). The JSON Schemas in
``generator/schema`` are exported from these models by ``sfxm schema``.
"""
