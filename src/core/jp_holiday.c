/* SPDX-License-Identifier: MIT */
/*
 * jp_holiday.c - Japan's national holidays (see jp_holiday.h).
 *
 * Sources of the rules: 国民の祝日に関する法律 (1948) and its amendments —
 * 1966 (建国記念の日, 敬老の日, 体育の日), 1973 (振替休日), 1985 (国民の休日),
 * 1989 (みどりの日, 天皇誕生日 12/23), 1995 (海の日 from 1996), 1998 and 2001
 * (Happy Monday from 2000 and 2003), 2005 (昭和の日 from 2007, 振替休日 to
 * the next non-holiday), 2014 (山の日 from 2016), 2017 (天皇誕生日 2/23
 * from 2020), 2018 (スポーツの日 from 2020), and the Olympic special
 * measures act for 2020 and 2021.  Equinox days use the standard
 * approximation of the astronomical almanac's dates.
 */
#include "core/jp_holiday.h"

#include <stddef.h>

#include "util/timefmt.h"

int jp_weekday(int y, int m, int d)
{
    /* 1970-01-01 was a Thursday. */
    int64_t days = timefmt_days_from_civil(y, m, d);
    int w = (int)((days % 7 + 7 + 4) % 7);

    return w;
}

int jp_vernal_equinox(int y)
{
    double base = y <= 1979 ? 20.8357 : y <= 2099 ? 20.8431 : 21.8510;
    int k = y - 1980;

    return (int)(base + 0.242194 * k) - (k >= 0 ? k / 4 : (k - 3) / 4);
}

int jp_autumnal_equinox(int y)
{
    double base = y <= 1979 ? 23.2588 : y <= 2099 ? 23.2488 : 24.2488;
    int k = y - 1980;

    return (int)(base + 0.242194 * k) - (k >= 0 ? k / 4 : (k - 3) / 4);
}

/* Day of month of the n-th Monday of y-m. */
static int nth_monday(int y, int m, int n)
{
    int first = jp_weekday(y, m, 1);
    int offset = (8 - first) % 7; /* days from the 1st to the first Monday */

    return 1 + offset + 7 * (n - 1);
}

/* Holidays set by special laws for one day only (imperial ceremonies). */
static const struct {
    int y, m, d;
    const char *key;
} one_off[] = {
    {1959, 4, 10, "jp.imperial_ceremony"},
    {1989, 2, 24, "jp.imperial_ceremony"},
    {1990, 11, 12, "jp.imperial_ceremony"},
    {1993, 6, 9, "jp.imperial_ceremony"},
    {2019, 5, 1, "jp.imperial_ceremony"},
    {2019, 10, 22, "jp.imperial_ceremony"},
};

/* The holidays the act names directly (no substitutes or sandwiches). */
static const char *named_holiday(int y, int m, int d)
{
    for (size_t i = 0; i < sizeof(one_off) / sizeof(one_off[0]); i++) {
        if (one_off[i].y == y && one_off[i].m == m && one_off[i].d == d)
            return one_off[i].key;
    }
    switch (m) {
    case 1:
        if (d == 1)
            return "jp.new_year";
        if (y < 2000 ? d == 15 : d == nth_monday(y, 1, 2))
            return "jp.coming_of_age";
        break;
    case 2:
        if (d == 11 && y >= 1967)
            return "jp.foundation";
        if (d == 23 && y >= 2020)
            return "jp.emperor_birthday";
        break;
    case 3:
        if (d == jp_vernal_equinox(y))
            return "jp.vernal_equinox";
        break;
    case 4:
        if (d == 29)
            return y >= 2007   ? "jp.showa"
                   : y >= 1989 ? "jp.greenery"
                               : "jp.emperor_birthday";
        break;
    case 5:
        if (d == 3)
            return "jp.constitution";
        if (d == 4 && y >= 2007)
            return "jp.greenery";
        if (d == 5)
            return "jp.children";
        break;
    case 7:
        if (y == 2020 && d == 23)
            return "jp.marine";
        if (y == 2021 && d == 22)
            return "jp.marine";
        if (y == 2020 && d == 24)
            return "jp.sports";
        if (y == 2021 && d == 23)
            return "jp.sports";
        if (y >= 1996 && y <= 2002 && d == 20)
            return "jp.marine";
        if (y >= 2003 && y != 2020 && y != 2021 && d == nth_monday(y, 7, 3))
            return "jp.marine";
        break;
    case 8:
        if (y == 2020 && d == 10)
            return "jp.mountain";
        if (y == 2021 && d == 8)
            return "jp.mountain";
        if (y >= 2016 && y != 2020 && y != 2021 && d == 11)
            return "jp.mountain";
        break;
    case 9:
        if (y >= 1966 && (y < 2003 ? d == 15 : d == nth_monday(y, 9, 3)))
            return "jp.respect_for_aged";
        if (d == jp_autumnal_equinox(y))
            return "jp.autumnal_equinox";
        break;
    case 10:
        if (y >= 1966 && y < 2000 && d == 10)
            return "jp.sports";
        if (y >= 2000 && y != 2020 && y != 2021 && d == nth_monday(y, 10, 2))
            return "jp.sports";
        break;
    case 11:
        if (d == 3)
            return "jp.culture";
        if (d == 23)
            return "jp.labour_thanksgiving";
        break;
    case 12:
        if (d == 23 && y >= 1989 && y <= 2018)
            return "jp.emperor_birthday";
        break;
    default:
        break;
    }
    return NULL;
}

/* The civil date 'delta' days from y-m-d. */
static void shift(int y, int m, int d, int delta, int *oy, int *om, int *od)
{
    timefmt_civil_from_days(timefmt_days_from_civil(y, m, d) + delta, oy, om,
                            od);
}

static bool named_at(int y, int m, int d, int delta)
{
    int ny;
    int nm;
    int nd;

    shift(y, m, d, delta, &ny, &nm, &nd);
    return named_holiday(ny, nm, nd) != NULL;
}

/* 振替休日: a holiday falling on a Sunday moves to the next day that is
 * not a holiday (from 2007; before, only to the Monday, from 1973-04-12). */
static bool is_substitute(int y, int m, int d)
{
    int64_t day = timefmt_days_from_civil(y, m, d);

    if (day < timefmt_days_from_civil(1973, 4, 12))
        return false;
    if (named_holiday(y, m, d) != NULL)
        return false;
    if (y < 2007)
        return jp_weekday(y, m, d) == 1 && named_at(y, m, d, -1);
    /* Walk back over the run of holidays just before this day: if the run
     * contains a Sunday, this is its substitute. */
    for (int back = 1; back <= 7; back++) {
        int py;
        int pm;
        int pd;
        shift(y, m, d, -back, &py, &pm, &pd);
        if (named_holiday(py, pm, pd) == NULL)
            return false;
        if (jp_weekday(py, pm, pd) == 0)
            return true;
    }
    return false;
}

/* 国民の休日: a day between two holidays is a holiday too (from
 * 1985-12-27), unless it is a Sunday or already a holiday. */
static bool is_citizens(int y, int m, int d)
{
    if (timefmt_days_from_civil(y, m, d) <
        timefmt_days_from_civil(1985, 12, 27))
        return false;
    if (jp_weekday(y, m, d) == 0 || named_holiday(y, m, d) != NULL)
        return false;
    return named_at(y, m, d, -1) && named_at(y, m, d, 1);
}

const char *jp_holiday(int y, int m, int d)
{
    const char *name;

    if (y < JP_HOLIDAY_FIRST_YEAR || y > JP_HOLIDAY_LAST_YEAR || m < 1 ||
        m > 12 || d < 1 || d > 31)
        return NULL;
    name = named_holiday(y, m, d);
    if (name != NULL)
        return name;
    if (is_substitute(y, m, d))
        return "jp.substitute";
    if (is_citizens(y, m, d))
        return "jp.citizens";
    return NULL;
}

bool jp_is_holiday(int y, int m, int d)
{
    return jp_holiday(y, m, d) != NULL;
}
