"""Is the collected static folder in step with the code?

In production, static files are served from STATIC_ROOT under hashed names
listed in a manifest (``staticfiles.json``) that ``collectstatic`` writes. A
server started before ``collectstatic`` ran, or after an upgrade that changed a
file without running it, fails on every page that links a missing name. So
``masthead setup`` always collects, and ``masthead serve`` collects again only
when this module finds the manifest missing or older than a source file: two
servers starting side by side then do not both rewrite the folder.
"""

import json
from pathlib import Path

from django.contrib.staticfiles.finders import get_finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

# collectstatic's own default ignore patterns, so both see the same files.
IGNORE_PATTERNS = ["CVS", ".*", "*~"]


def uses_manifest() -> bool:
    """Whether static files must be collected before serving (production storage)."""
    return isinstance(staticfiles_storage, ManifestFilesMixin)


def manifest_path() -> Path:
    return Path(staticfiles_storage.location) / staticfiles_storage.manifest_name


def stale_reason() -> str | None:
    """Why ``collectstatic`` must run before serving, or None when the manifest is current."""
    if not uses_manifest():
        return None
    manifest = manifest_path()
    try:
        collected = json.loads(manifest.read_text()).get("paths", {})
        built_at = manifest.stat().st_mtime
    except (OSError, ValueError):
        return f"there is no readable static manifest at {manifest}"
    for finder in get_finders():
        for path, storage in finder.list(IGNORE_PATTERNS):
            if path not in collected:
                return f"{path} was never collected"
            if storage.get_modified_time(path).timestamp() > built_at:
                return f"{path} changed after the last collectstatic"
    return None
