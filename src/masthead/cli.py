"""The ``masthead`` command: Masthead's own commands first, then all of Django's.

``masthead demo`` runs the management command ``demo``; hyphenated names
(``masthead generate-corpus``) map to underscored ones (``generate_corpus``).
"""

import os
import sys

MASTHEAD_COMMANDS = {
    "run": "Serve the site for development, with the background worker, on http://127.0.0.1:8000.",
    "serve": "Serve the site in production (Granian, several workers, static files included).",
    "worker": "Run background tasks and carry out scheduled publishing.",
    "setup": "Create or update the database and the newsroom's roles (safe to repeat).",
    "demo": "Build the demo newsroom into an empty database.",
    "generate-corpus": "Add a large synthetic corpus of articles, for benchmarks.",
    "warm-pages": "Render every live page once so first readers get prepared pictures.",
    "create-editor": "Create an editor account (or reset its password) and print how to log in.",
    "evaluate-spam": "Measure the comment spam filter on a labelled CSV (text,label; 1 = spam).",
    "publish-scheduled": "Publish pages whose scheduled time has come (also done by the worker).",
    "import-wordpress": "Import a WordPress export (WXR) with its media, comments and redirects.",
    "rebuild-related": 'Recompute every article\'s "You May Also Like" list (progress bar).',
    "evaluate-discovery": "Measure related stories and search on a labelled corpus (CSV/JSONL).",
}

ALIASES = {"publish-scheduled": "publish_scheduled"}

HELP = """usage: masthead COMMAND [options]

Masthead: news publishing for small newsrooms.

Masthead commands:
{commands}

Every Django and Wagtail management command works too (masthead migrate,
masthead createsuperuser, masthead check --deploy, ...): `masthead help` lists them,
`masthead COMMAND --help` explains one.
"""


def command_name(name: str) -> str:
    return ALIASES.get(name, name.replace("-", "_"))


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    if len(argv) < 2 or argv[1] in {"-h", "--help"}:
        width = max(len(name) for name in MASTHEAD_COMMANDS)
        commands = "\n".join(
            f"  {name.ljust(width)}  {text}" for name, text in MASTHEAD_COMMANDS.items()
        )
        print(HELP.format(commands=commands))
        return
    argv[0] = "masthead"
    argv[1] = command_name(argv[1])
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
