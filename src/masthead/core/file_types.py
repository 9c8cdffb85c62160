"""Which uploaded files a reader's browser can play, by file name.

Read by ``settings.py`` for the document upload list, so nothing here may import
Django models. One list for the upload form, the article's player and the
WordPress importer, so a file the form accepts is never one the page cannot play.
"""

AUDIO_EXTENSIONS = ("mp3", "m4a", "aac", "oga", "ogg", "opus", "wav", "flac")
VIDEO_EXTENSIONS = ("mp4", "m4v", "webm", "ogv", "mov")
OFFICE_EXTENSIONS = ("csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip")


def media_kind(filename: str) -> str:
    """ "audio", "video" or "" (not playable in a page) for a file name or URL."""
    name = filename.split("?", 1)[0].rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in AUDIO_EXTENSIONS:
        return "audio"
    if extension in VIDEO_EXTENSIONS:
        return "video"
    return ""
