"""Running Masthead in production: health probes, request logs, metrics, the 503 page."""
