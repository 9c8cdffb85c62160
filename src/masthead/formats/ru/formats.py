# Russian: "7 декабря 2026", without Django's "г.", as Russian news sites date a
# story; everything else is Django's own Russian formats.
DATE_FORMAT = "j E Y"
