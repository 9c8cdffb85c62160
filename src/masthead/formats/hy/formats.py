# Eastern Armenian: the month in the genitive before the day, as Armenian
# newsrooms date a story ("դեկտեմբերի 7, 2026"); Django has no formats for hy.
DATE_FORMAT = "E j, Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "E j, Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "E j"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # non-breaking space
NUMBER_GROUPING = 3
