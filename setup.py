"""Which packages the distribution holds; everything else is in pyproject.toml.

Every package under surface/ and explorer/ is found (subpackages added later included), and the repository's
assets/ folder (the page's scripts and styles) is shipped as ``explorer/assets``, so that an installed app
serves them: ``explorer.application.assets_folder()`` looks there first, then beside the repository's sources.
pyproject.toml alone cannot map a folder that lies outside a package into one.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["surface", "surface.*", "explorer", "explorer.*"]), "explorer.assets"],
    package_dir={"explorer.assets": "assets"},
    package_data={"explorer.assets": ["*", "**/*"]},
)
