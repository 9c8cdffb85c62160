from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo newsroom: invented stories, people and pictures to try Masthead with."""

    name = "masthead.demo"
    label = "demo"
    verbose_name = "Demo newsroom"
