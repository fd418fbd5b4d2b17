/* SPDX-License-Identifier: MIT */
/*
 * timefmt.c - ISO 8601 parsing and formatting (see timefmt.h).
 *
 * Conversions to and from the display zone go through the C library's
 * zone database (localtime_r, mktime), so daylight-saving rules of any zone
 * are right; UTC arithmetic is done here by the civil-date formulas.
 */
#include "util/timefmt.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char zone_name[64] = "Asia/Tokyo";

enum kz_err timefmt_setup_zone(const char *zone)
{
    if (zone == NULL || zone[0] == '\0')
        zone = getenv("KIZUKI_TZ");
    if (zone == NULL || zone[0] == '\0')
        zone = "Asia/Tokyo";
    if (strlen(zone) >= sizeof(zone_name) || strstr(zone, "..") != NULL)
        return KZ_EINVAL;
    /* glibc silently falls back to UTC for an unknown zone; refuse that. */
    if (strcmp(zone, "UTC") != 0) {
        char path[128];
        snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", zone);
        FILE *f = fopen(path, "rb");
        if (f == NULL)
            return KZ_EINVAL;
        fclose(f);
    }
    snprintf(zone_name, sizeof(zone_name), "%s", zone);
    setenv("TZ", zone_name, 1);
    tzset();
    return KZ_OK;
}

const char *timefmt_zone(void)
{
    return zone_name;
}

int64_t timefmt_days_from_civil(int y, int m, int d)
{
    /* Howard Hinnant's days_from_civil: exact for the proleptic calendar. */
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void timefmt_civil_from_days(int64_t days, int *y, int *m, int *d)
{
    /* Howard Hinnant's civil_from_days, the inverse of the above. */
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;

    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int days_in_month(int y, int m)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m == 2 && leap ? 29 : dim[m - 1];
}

/* Read exactly 'n' digits from *p into *v. */
static bool digits(const char **p, int n, int *v)
{
    int x = 0;

    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return false;
        x = x * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *v = x;
    return true;
}

static bool parse_offset(const char *p, int *off_sec)
{
    int hh;
    int mm;
    int sign;

    if (p[0] == 'Z' || p[0] == 'z') {
        *off_sec = 0;
        return p[1] == '\0';
    }
    if (p[0] != '+' && p[0] != '-')
        return false;
    sign = p[0] == '-' ? -1 : 1;
    p++;
    if (!digits(&p, 2, &hh))
        return false;
    if (*p == ':')
        p++;
    if (!digits(&p, 2, &mm))
        return false;
    if (*p != '\0' || hh > 23 || mm > 59)
        return false;
    *off_sec = sign * (hh * 3600 + mm * 60);
    return true;
}

/*
 * The instants timefmt_parse accepts: 1900-01-02T00:00:00Z up to
 * 9999-12-30T23:59:59Z.  The years of the text alone are not enough: an
 * offset or the display zone moves the instant up to a day, and
 * "9999-12-31T23:00:00Z" written in Tokyo is "10000-01-01T08:00:00+09:00",
 * "1900-01-01" read in Tokyo is "1899-12-31T15:00:00Z", neither of which
 * reads back.  A day inside the four-digit years on each side keeps every
 * form timefmt_format and timefmt_format_utc write of an accepted instant
 * readable, in any zone.
 */
#define TIME_MIN ((kz_time)(-2208902400LL)) /* 1900-01-02T00:00:00Z */
#define TIME_END ((kz_time)253402214400LL)  /* 9999-12-31T00:00:00Z */

/* timefmt_parse, telling in '*range' whether a refused text had the
 * right form but named no time kizuki accepts (a year before 1900, the
 * 30th of February, 25:00), so the message can say which. */
static enum kz_err parse_time(const char *s, kz_time *out, bool *range)
{
    bool bad = false;
    int y;
    int mo;
    int d;
    int h = 0;
    int mi = 0;
    int se = 0;
    int off = 0;
    bool has_off = false;
    const char *p = s;

    if (s == NULL || strlen(s) > 40)
        return KZ_EINVAL;
    if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
        *p++ != '-' || !digits(&p, 2, &d))
        return KZ_EINVAL;
    if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        bad = true;
    /* A date alone is that day's midnight in the display zone; an offset
     * after a date without a time ("2026-11-22Z") is no form anyone
     * writes, and which midnight it meant would be a guess. */
    if (*p != '\0' && *p != 'T' && *p != 't' && *p != ' ')
        return KZ_EINVAL;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
            return KZ_EINVAL;
        if (*p == ':') {
            p++;
            if (!digits(&p, 2, &se))
                return KZ_EINVAL;
            if (*p == '.' || *p == ',') {
                p++;
                if (!isdigit((unsigned char)*p))
                    return KZ_EINVAL;
                while (isdigit((unsigned char)*p))
                    p++;
            }
        }
        /* 24:00 and leap seconds are refused rather than normalised. */
        if (h > 23 || mi > 59 || se > 59)
            bad = true;
    }
    if (*p != '\0') {
        if (!parse_offset(p, &off))
            return KZ_EINVAL;
        has_off = true;
    }
    *range = true;
    if (bad)
        return KZ_EINVAL;
    if (has_off) {
        int64_t days = timefmt_days_from_civil(y, mo, d);
        kz_time t = days * 86400 + h * 3600 + mi * 60 + se - off;
        if (t < TIME_MIN || t >= TIME_END)
            return KZ_EINVAL;
        *out = t;
        return KZ_OK;
    }
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = se;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    if (t == (time_t)-1 && !(y == 1969 || y == 1970))
        return KZ_EINVAL;
    if ((kz_time)t < TIME_MIN || (kz_time)t >= TIME_END)
        return KZ_EINVAL;
    *out = (kz_time)t;
    *range = false;
    return KZ_OK;
}

enum kz_err timefmt_parse(const char *s, kz_time *out)
{
    bool range = false;

    return parse_time(s, out, &range);
}

bool timefmt_out_of_range(const char *s)
{
    kz_time t;
    bool range = false;

    return parse_time(s, &t, &range) != KZ_OK && range;
}

static char *put_digits(char *p, long v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return p + width;
}

static char *format_tm(const struct tm *tm, long off, char *out)
{
    char sign = off < 0 ? '-' : '+';
    long a = off < 0 ? -off : off;
    long year = (long)tm->tm_year + 1900;

    /* Every record's answer formats a dozen times; snprintf cost more
     * than the rest of the conversion.  Years of four digits only. */
    if (year < 0 || year > 9999 || a >= 100 * 3600) {
        snprintf(out, TIMEFMT_LEN,
                 "%04ld-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", year,
                 tm->tm_mon + 1, tm->tm_mday, tm->tm_hour, tm->tm_min,
                 tm->tm_sec, sign, a / 3600, (a % 3600) / 60);
        return out;
    }
    char *p = put_digits(out, year, 4);
    *p++ = '-';
    p = put_digits(p, tm->tm_mon + 1, 2);
    *p++ = '-';
    p = put_digits(p, tm->tm_mday, 2);
    *p++ = 'T';
    p = put_digits(p, tm->tm_hour, 2);
    *p++ = ':';
    p = put_digits(p, tm->tm_min, 2);
    *p++ = ':';
    p = put_digits(p, tm->tm_sec, 2);
    *p++ = sign;
    p = put_digits(p, a / 3600, 2);
    *p++ = ':';
    p = put_digits(p, (a % 3600) / 60, 2);
    *p = '\0';
    return out;
}

char *timefmt_format(kz_time t, char *out)
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (localtime_r(&tt, &tm) == NULL)
        return timefmt_format_utc(t, out);
    long off = tm.tm_gmtoff;
    /* An offset has no seconds in ISO 8601, but the local mean times
     * zones kept before they took standard time do (Amsterdam was
     * +00:19:32 until 1937).  Cutting only the offset would name another
     * instant, so the time is written in the offset cut to the minute. */
    if (off % 60 != 0) {
        off -= off % 60;
        time_t shifted = tt + off;
        if (gmtime_r(&shifted, &tm) == NULL)
            return timefmt_format_utc(t, out);
    }
    return format_tm(&tm, off, out);
}

char *timefmt_format_utc(kz_time t, char *out)
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (gmtime_r(&tt, &tm) == NULL) {
        snprintf(out, TIMEFMT_LEN, "invalid");
        return out;
    }
    snprintf(out, TIMEFMT_LEN, "%04d-%02d-%02dT%02d:%02d:%02dZ",
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
             tm.tm_min, tm.tm_sec);
    return out;
}

char *timefmt_format_short(kz_time t, char *out)
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (localtime_r(&tt, &tm) == NULL)
        return timefmt_format_utc(t, out);
    snprintf(out, TIMEFMT_LEN, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
    return out;
}

int timefmt_year(kz_time t)
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (localtime_r(&tt, &tm) == NULL)
        return 1970;
    return tm.tm_year + 1900;
}

void timefmt_local(kz_time t, int *y, int *m, int *d, int *hour)
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (localtime_r(&tt, &tm) == NULL)
        memset(&tm, 0, sizeof(tm));
    if (y != NULL)
        *y = tm.tm_year + 1900;
    if (m != NULL)
        *m = tm.tm_mon + 1;
    if (d != NULL)
        *d = tm.tm_mday;
    if (hour != NULL)
        *hour = tm.tm_hour;
}
