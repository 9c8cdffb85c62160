from wagtail import hooks

from .metrics import PAGE_ROUTE_ATTRIBUTE


@hooks.register("before_serve_page")
def remember_page_type(page, request, serve_args, serve_kwargs) -> None:
    """Label the request by page type ("page:news.articlepage"), not by its URL."""
    setattr(request, PAGE_ROUTE_ATTRIBUTE, f"page:{page._meta.label_lower}")
