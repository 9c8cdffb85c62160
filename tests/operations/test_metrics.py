"""/metrics: off by default, for allowed scrapers only, with bounded labels."""

import textwrap

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.http import HttpResponse
from django.test import RequestFactory
from operations_helpers import run_settings_script
from prometheus_client.parser import text_string_to_metric_families

METRIC_NAMES = (
    "masthead_http_request_duration_seconds",
    "masthead_page_cache_responses",
    "masthead_task_queue_depth",
    "masthead_newsletter_deliveries",
)


def scrape(client, **headers) -> dict[str, dict[tuple, float]]:
    """The scrape as {sample name: {sorted labels: value}}."""
    response = client.get("/metrics", **headers)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("text/plain")
    samples: dict[str, dict[tuple, float]] = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples.setdefault(sample.name, {})[tuple(sorted(sample.labels.items()))] = sample.value
    return samples


def request_count(samples, route: str, status: str = "2xx") -> float:
    counts = samples.get("masthead_http_request_duration_seconds_count", {})
    return counts.get((("route", route), ("status", status)), 0.0)


@pytest.mark.django_db
def test_metrics_are_off_by_default(client, home):
    assert client.get("/metrics").status_code == 404


@pytest.mark.django_db
def test_metrics_list_every_metric_and_count_requests(client, metrics_on):
    before = scrape(client)
    for name in ("masthead_task_queue_depth", "masthead_newsletter_deliveries_total"):
        assert name in before
    client.get("/healthz")
    client.get("/healthz")
    response = client.get("/metrics")
    text = response.content.decode()
    for name in METRIC_NAMES:
        assert f"# TYPE {name}" in text
    after = scrape(client)
    assert (
        request_count(after, "operations:healthz")
        == request_count(before, "operations:healthz") + 2
    )
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_pages_are_labelled_by_page_type_never_by_path(client, metrics_on, home, section):
    client.get(section.url)
    samples = scrape(client)
    routes = {
        dict(labels)["route"] for labels in samples["masthead_http_request_duration_seconds_count"]
    }
    assert f"page:{type(section.specific)._meta.label_lower}" in routes
    assert not [route for route in routes if "/" in route]


@pytest.mark.django_db
def test_other_addresses_are_refused(client, metrics_on):
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 403
    assert b"masthead_" not in response.content


@pytest.mark.django_db
def test_networks_on_the_allow_list_may_scrape(client, metrics_on):
    metrics_on.MASTHEAD_METRICS_ALLOW = ["10.0.0.0/8", "2001:db8::/32"]
    assert client.get("/metrics", REMOTE_ADDR="10.20.30.40").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="2001:db8::7").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403


@pytest.mark.django_db
def test_the_bearer_token_lets_any_address_scrape(client, metrics_on):
    metrics_on.MASTHEAD_METRICS_TOKEN = "scrape-token-123"
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    assert scrape(client, HTTP_AUTHORIZATION="Bearer scrape-token-123", **outside)
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-token-124", **outside)
    assert wrong.status_code == 403


def test_page_cache_results_are_counted_from_the_x_cache_header(settings):
    from prometheus_client import REGISTRY

    from masthead.operations.metrics import observe_response

    def count(result: str) -> float:
        value = REGISTRY.get_sample_value("masthead_page_cache_responses_total", {"result": result})
        return value or 0.0

    def answered_by_the_page_cache() -> float:
        labels = {"route": "page_cache", "status": "2xx"}
        value = REGISTRY.get_sample_value("masthead_http_request_duration_seconds_count", labels)
        return value or 0.0

    request = RequestFactory().get("/")
    before = {result: count(result) for result in ("hit", "miss", "bypass")}
    hits_before = answered_by_the_page_cache()
    for header in ("hit", "hit", "miss", "bypass", None):
        response = HttpResponse()
        if header:
            response["X-Cache"] = header
        observe_response(request, response, 0.01)
    assert count("hit") == before["hit"] + 2
    assert count("miss") == before["miss"] + 1
    assert count("bypass") == before["bypass"] + 1
    # A hit answered before URL resolution is labelled as the page cache's.
    assert answered_by_the_page_cache() == hits_before + 2


@pytest.mark.django_db
def test_queue_depth_counts_tasks_waiting_in_the_database(client, metrics_on):
    from masthead.newsletters.tasks import deliver_edition

    metrics_on.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    before = scrape(client)["masthead_task_queue_depth"][()]
    deliver_edition.enqueue(edition_id=1)
    deliver_edition.enqueue(edition_id=2)
    assert scrape(client)["masthead_task_queue_depth"][()] == before + 2


@pytest.mark.django_db
def test_queue_depth_reads_the_rq_queue_length(client, metrics_on, redis_server):
    import django_rq
    from rq import Queue

    metrics_on.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    metrics_on.RQ_QUEUES = {"default": {"URL": redis_server}}
    assert scrape(client)["masthead_task_queue_depth"][()] == 0
    # Straight to RQ: django-rq would hold the jobs until the test's transaction commits.
    queue = Queue("default", connection=django_rq.get_connection("default"))
    queue.enqueue("math.floor", 1.5)
    queue.enqueue("math.floor", 2.5)
    assert scrape(client)["masthead_task_queue_depth"][()] == 2


@pytest.mark.django_db
def test_newsletter_deliveries_come_from_the_delivery_records(client, metrics_on):
    from masthead.newsletters.models import (
        Delivery,
        DeliveryStatus,
        Edition,
        NewsletterList,
        Subscriber,
    )

    newsletter = NewsletterList.objects.create(name="Daily", slug="daily")
    edition = Edition.objects.create(newsletter=newsletter, subject="Monday")
    for number, status in enumerate(
        [DeliveryStatus.SENT, DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.PENDING]
    ):
        subscriber = Subscriber.objects.create(email=f"reader{number}@example.org")
        Delivery.objects.create(edition=edition, subscriber=subscriber, status=status)
    deliveries = scrape(client)["masthead_newsletter_deliveries_total"]
    assert deliveries[(("status", "sent"),)] == 2
    assert deliveries[(("status", "failed"),)] == 1


def test_a_mistyped_allow_list_entry_fails_the_system_check(settings):
    settings.MASTHEAD_METRICS_ALLOW = ["127.0.0.1", "10.0.0.0/33"]
    with pytest.raises(SystemCheckError, match="10.0.0.0/33"):
        call_command("check", tags=["masthead"])


def test_worker_processes_add_up_in_multiprocess_mode(tmp_path):
    """Two forked workers count one request each; a scrape from a third sees both."""
    script = textwrap.dedent(
        """
        import os, django
        django.setup()
        from django.http import HttpResponse
        from django.test import RequestFactory
        from masthead.operations.metrics import exposition, observe_response

        for _ in range(2):
            pid = os.fork()
            if pid == 0:
                request = RequestFactory().get("/")
                observe_response(request, HttpResponse(status=204), 0.02)
                os._exit(0)
            os.waitpid(pid, 0)
        print(exposition().decode())
        """
    )
    metrics_dir = tmp_path / "prometheus"
    result = run_settings_script(script, tmp_path, PROMETHEUS_MULTIPROC_DIR=str(metrics_dir))
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(result.stdout)
        for sample in family.samples
    }
    key = (
        "masthead_http_request_duration_seconds_count",
        (("route", "unresolved"), ("status", "2xx")),
    )
    assert samples[key] == 2
    assert len(list(metrics_dir.glob("*.db"))) >= 1
