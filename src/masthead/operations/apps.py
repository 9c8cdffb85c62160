import os
from pathlib import Path

from django.apps import AppConfig
from django.core import checks
from django.core.signals import got_request_exception


class OperationsConfig(AppConfig):
    """What operators and their tools see: probes, logs, metrics and graceful failure."""

    name = "masthead.operations"
    label = "operations"
    verbose_name = "Masthead operations"

    def ready(self) -> None:
        from .checks import check_metrics_settings
        from .unavailable import remember_database_error

        checks.register(check_metrics_settings, "masthead")
        # Errors raised in middleware never reach process_exception(); Django turns
        # them into a 500 response first and only this signal tells what happened.
        got_request_exception.connect(
            remember_database_error, dispatch_uid="masthead.operations.database_error"
        )
        # prometheus_client writes each process's samples into this folder in
        # multiprocess mode and fails on the first sample if it is missing.
        multiprocess_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
        if multiprocess_dir:
            Path(multiprocess_dir).mkdir(parents=True, exist_ok=True)
