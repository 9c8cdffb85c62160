"""Dates and numbers as each language writes them (``FORMAT_MODULE_PATH``).

Templates print dates with ``|date:"DATE_FORMAT"``; Django looks the format up
here first, then in its own ``django.conf.locale``. English keeps the format
the site has always printed ("December 7, 2026"); Armenian and Russian put the
month, in the genitive, where their newspapers do ("դեկտեմբերի 7, 2026",
"7 декабря 2026"). The genitive month names (``E``) come from the project's
catalogues (``masthead/core/month_names.py``).
"""
