"""The embedded default keeps everything under ``var/``: make sure its folders exist."""

from pathlib import Path

from django.conf import settings


def ensure_var_dirs() -> None:
    for folder in (settings.VAR_DIR, settings.MEDIA_ROOT, settings.EMAIL_FILE_PATH):
        Path(folder).mkdir(parents=True, exist_ok=True)
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) != ":memory:":
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
