# English, as Masthead has always printed a story's date: "December 7, 2026".
# Only the date; everything else is Django's own English formats.
DATE_FORMAT = "F j, Y"
