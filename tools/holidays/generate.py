#!/usr/bin/env python3
"""Generate src/Renkei.Domain/Calendar/holidays-jp.csv: Japan's national holidays 2016-2035.

Usage (from the repository root, Python 3 standard library only):

    python3 tools/holidays/generate.py            # rewrites the CSV
    python3 tools/holidays/generate.py --check    # exits 1 if the committed CSV differs

Why a script: the calendar must be reproducible and reviewable. The rules below are the
"Act on National Holidays" (国民の祝日に関する法律) as in force for 2016-2035, plus the
one-off laws of 2019 (the imperial succession) and 2020/2021 (the Tokyo Olympics).
Years after the last Cabinet Office announcement are a projection under today's law.

Rules:
- Fixed dates: 元日 1/1, 建国記念の日 2/11, 天皇誕生日 12/23 (2016-2018) and 2/23 (2020-),
  昭和の日 4/29, 憲法記念日 5/3, みどりの日 5/4, こどもの日 5/5, 山の日 8/11,
  文化の日 11/3, 勤労感謝の日 11/23. No 天皇誕生日 in 2019.
- Happy Monday: 成人の日 2nd Monday of January, 海の日 3rd Monday of July, 敬老の日 3rd
  Monday of September, 体育の日 (スポーツの日 from 2020) 2nd Monday of October.
- Olympics: 2020 海の日 7/23, スポーツの日 7/24, 山の日 8/10;
  2021 海の日 7/22, スポーツの日 7/23, 山の日 8/8.
- 2019: 即位の日 5/1 and 即位礼正殿の儀 10/22 count as national holidays.
- 春分の日 / 秋分の日: int(20.8431 + 0.242194*(y-1980) - int((y-1980)/4)) in March and
  int(23.2488 + ...) in September (valid 1980-2099).
- 振替休日: a holiday on Sunday moves to the next day that is not a national holiday.
- 国民の休日: a day that is not a national holiday but whose previous and next days are
  (e.g. 2019-04-30, 2019-05-02, 2026-09-22).

The output has the header `date,name` and one line per day, in date order, UTF-8, LF.
"""

import datetime as dt
import pathlib
import sys

FIRST_YEAR = 2016
LAST_YEAR = 2035
OUTPUT = pathlib.Path(__file__).resolve().parents[2] / "src" / "Renkei.Domain" / "Calendar" / "holidays-jp.csv"

SUBSTITUTE = "振替休日"
CITIZENS = "国民の休日"


def nth_monday(year, month, n):
    first = dt.date(year, month, 1)
    offset = (0 - first.weekday()) % 7  # Monday is weekday 0
    return first + dt.timedelta(days=offset + 7 * (n - 1))


def equinox_day(year, base):
    return int(base + 0.242194 * (year - 1980) - int((year - 1980) / 4))


def national_holidays(year):
    """The 国民の祝日 of one year (and the 2019 days treated as such), without substitutes."""
    d = {}

    def add(month, day, name):
        d[dt.date(year, month, day)] = name

    add(1, 1, "元日")
    d[nth_monday(year, 1, 2)] = "成人の日"
    add(2, 11, "建国記念の日")
    if year >= 2020:
        add(2, 23, "天皇誕生日")
    add(3, equinox_day(year, 20.8431), "春分の日")
    add(4, 29, "昭和の日")
    add(5, 3, "憲法記念日")
    add(5, 4, "みどりの日")
    add(5, 5, "こどもの日")

    if year == 2020:
        add(7, 23, "海の日")
        add(7, 24, "スポーツの日")
        add(8, 10, "山の日")
    elif year == 2021:
        add(7, 22, "海の日")
        add(7, 23, "スポーツの日")
        add(8, 8, "山の日")
    else:
        d[nth_monday(year, 7, 3)] = "海の日"
        add(8, 11, "山の日")
        d[nth_monday(year, 10, 2)] = "スポーツの日" if year >= 2020 else "体育の日"

    d[nth_monday(year, 9, 3)] = "敬老の日"
    add(9, equinox_day(year, 23.2488), "秋分の日")
    add(11, 3, "文化の日")
    add(11, 23, "勤労感謝の日")
    if year <= 2018:
        add(12, 23, "天皇誕生日")
    if year == 2019:
        add(5, 1, "即位の日")
        add(10, 22, "即位礼正殿の儀")
    return d


def all_holidays(first_year, last_year):
    # One year either side, so that rules looking at neighbouring days see them.
    national = {}
    for y in range(first_year - 1, last_year + 2):
        national.update(national_holidays(y))

    result = dict(national)
    one = dt.timedelta(days=1)
    for day in sorted(national):
        if day.weekday() == 6:  # Sunday
            sub = day + one
            while sub in national:
                sub += one
            result[sub] = SUBSTITUTE

    for day in sorted(national):
        between = day + one
        if between not in national and (between + one) in national and between not in result:
            result[between] = CITIZENS

    return {k: v for k, v in result.items() if first_year <= k.year <= last_year}


def render():
    lines = ["date,name"]
    for day, name in sorted(all_holidays(FIRST_YEAR, LAST_YEAR).items()):
        lines.append(f"{day.isoformat()},{name}")
    return "\n".join(lines) + "\n"


def main(argv):
    text = render()
    if "--check" in argv:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date; run tools/holidays/generate.py", file=sys.stderr)
            return 1
        print(f"{OUTPUT} is up to date")
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {OUTPUT} ({text.count(chr(10)) - 1} holidays)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
