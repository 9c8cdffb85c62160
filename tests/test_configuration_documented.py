"""Every setting Masthead reads from the environment is named in docs/configuration.md.

An operator who cannot find a variable cannot set it; the names are read from
the code itself (``os.environ.get("X")``, ``os.environ["X"]``, ``env_bool("X")``
and the other ``env_*`` helpers), so a new one fails here until documented.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READS = re.compile(
    r"""(?:os\.environ(?:\.get)?\(|os\.environ\[|os\.getenv\(|\benv_\w+\()\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def variables_read() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "src" / "masthead").rglob("*.py"):
        names |= set(READS.findall(path.read_text(encoding="utf-8")))
    return names


def test_every_environment_variable_is_documented():
    documented = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    names = variables_read()
    assert "DATABASE_URL" in names and "MASTHEAD_TRUSTED_PROXIES" in names  # the reading works
    missing = sorted(name for name in names if f"`{name}`" not in documented)
    assert not missing, f"Not in docs/configuration.md: {missing}"
