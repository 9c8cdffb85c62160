"""The blocks an article body is made of."""

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from masthead.core.file_types import media_kind

PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Heading"), ("h3", "Subheading")], default="h2", required=True
    )

    class Meta:
        icon = "title"
        template = "news/blocks/heading.html"


class BlockQuoteBlock(blocks.StructBlock):
    """A quotation set apart from the text, with who said it."""

    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "news/blocks/blockquote.html"


class PullQuoteBlock(blocks.StructBlock):
    """A line lifted from the story and shown large, to draw the eye."""

    quote = blocks.TextBlock(max_length=300)
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "pick"
        template = "news/blocks/pullquote.html"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        label="Alt text",
        required=False,
        max_length=500,
        help_text=(
            "What the picture shows, for readers who cannot see it. Leave empty to use "
            "the image's own description. Needed before the story is submitted."
        ),
    )
    decorative = blocks.BooleanBlock(
        required=False,
        help_text="Tick only if the picture adds nothing to the text: screen readers skip it.",
    )
    caption = blocks.CharBlock(required=False, max_length=500)
    credit = blocks.CharBlock(
        required=False, max_length=255, help_text="Leave empty to use the image's own credit."
    )

    class Meta:
        icon = "image"
        template = "news/blocks/figure.html"


class EmbedWithFallbackBlock(blocks.StructBlock):
    """A video or post from another site; readers still get a link if it cannot be embedded."""

    url = EmbedBlock(help_text="Address of the video, post or map to embed.")
    caption = blocks.CharBlock(required=False, max_length=500)

    class Meta:
        icon = "media"
        label = "Embed"
        template = "news/blocks/embed.html"


class DataTableBlock(TypedTableBlock):
    """A table of text cells with column headings and a caption: results, budgets, timetables.

    Wagtail's typed table, so editors add rows and columns in the admin without a
    spreadsheet widget, and readers get a real ``<table>`` that screen readers
    can navigate by heading.
    """

    text = blocks.CharBlock(required=False, label="Text")

    def get_context(self, value, parent_context=None) -> dict:
        context = super().get_context(value, parent_context)
        # A header row of empty cells would be read out as blank headings.
        context["has_headings"] = any(column["heading"] for column in value.columns)
        return context

    class Meta:
        icon = "table"
        template = "news/blocks/table.html"


class MediaFileBlock(blocks.StructBlock):
    """A podcast episode or a video from the newsroom's own documents, played in the page.

    The files stay on this site (no third-party player, no tracking), the
    browser's own controls are keyboard-accessible, and a transcript makes the
    recording usable for deaf readers and findable by search.
    """

    file = DocumentChooserBlock(
        help_text="An audio (MP3, M4A, OGG, WAV) or video (MP4, WebM, MOV) file from Documents."
    )
    caption = blocks.CharBlock(required=False, max_length=500)
    transcript = blocks.TextBlock(
        required=False,
        help_text="What is said, for readers who cannot hear it; shown under “Transcript”.",
    )

    def get_context(self, value, parent_context=None) -> dict:
        context = super().get_context(value, parent_context)
        document = value.get("file")
        context["kind"] = media_kind(document.filename) if document is not None else ""
        return context

    class Meta:
        icon = "media"
        label = "Audio or video"
        template = "news/blocks/media_file.html"


class PreformattedBlock(blocks.TextBlock):
    """Text whose spacing is its meaning: code, a command, a poem's indents, a fixed-width table.

    A paragraph would fold its spaces and line breaks; this keeps every one and
    shows it in a fixed-width font, scrolling sideways on a phone rather than
    wrapping a line of code in the middle.
    """

    class Meta:
        icon = "code"
        label = "Preformatted text or code"
        template = "news/blocks/preformatted.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, template="news/blocks/paragraph.html"
    )
    heading = HeadingBlock()
    blockquote = BlockQuoteBlock()
    pullquote = PullQuoteBlock()
    image = FigureBlock()
    table = DataTableBlock()
    media = MediaFileBlock()
    embed = EmbedWithFallbackBlock()
    preformatted = PreformattedBlock(
        help_text="Spaces and line breaks are kept as typed, in a fixed-width font."
    )
