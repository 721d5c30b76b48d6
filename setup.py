"""Packaging beyond pyproject.toml: sfxm's repository files, shipped inside the package.

``generator._repo`` is this repository's root as a data-only package: the wheel carries the files
a programme repository needs from sfxm (the site's theme overrides, assets and hand-written pages,
``mkdocs.yml``, the CI files, the registry of units and the holiday notices; listed in
pyproject.toml's package-data), under the same paths as here, so that ``generator.kit`` finds them
in the same place whether sfxm runs from a wheel or from this checkout.
"""

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py


class BuildPy(build_py):
    """No Python modules from the repository root (this script): generator._repo is data only."""

    def find_package_modules(self, package, package_dir):
        return [] if package == "generator._repo" else super().find_package_modules(package, package_dir)


setup(
    packages=[*find_packages(include=["generator*"]), "generator._repo"],
    package_dir={"generator._repo": "."},
    cmdclass={"build_py": BuildPy},
)
