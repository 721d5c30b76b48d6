"""Reading files: the only place that touches bytes and the YAML format.

``sources`` lists and reads files from a working tree or a git commit; ``yamlfile`` turns the
bytes of one YAML file into plain data plus the line and column of every node, refusing the
hazards (wrong encoding, duplicate keys, aliases, tabs, tags, non-text keys, empty or oversized
files) with catalogued findings.
"""

from generator.load.sources import FileEntry, FileSystemSource, GitTreeSource, Source
from generator.load.yamlfile import Document, parse_yaml

__all__ = [
    "Document",
    "FileEntry",
    "FileSystemSource",
    "GitTreeSource",
    "Source",
    "parse_yaml",
]
