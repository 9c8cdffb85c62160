"""Month names in the genitive ("of December"), for dates such as "7 декабря 2026".

Django's ``E`` date format prints the month's "alt. month" translation; its own
Armenian catalogue gives the nominative there ("Դեկտեմբեր"). Listing the
months here puts them in Masthead's catalogues (``masthead/locale``), whose
translations come first, so Armenian dates read "դեկտեմբերի 7, 2026".
Nothing imports this module; ``makemessages`` reads it.
"""

from django.utils.translation import pgettext_lazy

GENITIVE_MONTHS = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]
