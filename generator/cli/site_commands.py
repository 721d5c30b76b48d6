"""Commands about the public site."""

COMMANDS: list = []
