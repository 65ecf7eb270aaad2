"""The README keeps its word: its library example runs as written, its commands are the project's, and every
file it or the guide links to exists."""

import doctest
import re
import tomllib

import pytest

from tests.browser_support import ROOT

README = ROOT / "README.md"
DOCS = [README, ROOT / "docs" / "guide.md"]


def test_the_library_example_runs_as_written():
    result = doctest.testfile(
        str(README), module_relative=False, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    assert result.attempted >= 15 and result.failed == 0


def bash_blocks(text: str) -> list[str]:
    return re.findall(r"```bash\n(.*?)```", text, flags=re.S)


def test_the_two_commands_install_run_and_test():
    text = README.read_text()
    section = text[text.index("## Install and run") : text.index("### Serve a class")]
    install, tests = (block.strip() for block in bash_blocks(section))
    command = next(iter(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]))
    assert "python3 -m venv .venv" in install and ".venv/bin/pip install ." in install
    assert install.endswith(f".venv/bin/{command}") and "\n" not in install
    assert tests == "bash tests/run.sh"
    ci = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line and not line.startswith("#")]
    assert ci == ["set -euo pipefail", 'cd "$(dirname "$0")/.."', "bash tests/run.sh"]  # CI is the README's command


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_linked_file_exists(doc):
    links = re.findall(r"\]\(([^)\s]+)\)", doc.read_text())
    local = [link.split("#")[0] for link in links if not re.match(r"[a-z]+:", link) and link.split("#")[0]]
    assert local, "no links found"
    missing = [link for link in local if not (doc.parent / link).exists()]
    assert not missing
