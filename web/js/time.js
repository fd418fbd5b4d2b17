// time.js - stored UTC instants <-> wall-clock times in the user's zone,
// with Intl only.  The server stores UTC and answers ISO 8601 with an
// offset; <input type="datetime-local"> holds a wall time without zone,
// which we read and write in the user's zone (Asia/Tokyo by default).

const partFormatters = new Map();

function partsIn(ms, zone) {
  let f = partFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit',
      day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    partFormatters.set(zone, f);
  }
  const p = {};
  for (const x of f.formatToParts(new Date(ms))) p[x.type] = x.value;
  return { y: +p.year, mo: +p.month, d: +p.day, h: +p.hour, mi: +p.minute, s: +p.second };
}

// The zone's offset from UTC at instant 'ms', in milliseconds.
export function zoneOffset(ms, zone) {
  const p = partsIn(ms, zone);
  const wall = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  return wall - Math.floor(ms / 1000) * 1000;
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

export function isValidZone(zone) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// ISO 8601 with the zone's offset: 2026-11-20T09:30:00+09:00.
export function isoInZone(ms, zone) {
  const p = partsIn(ms, zone);
  const off = Math.round(zoneOffset(ms, zone) / 60000);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}` +
    `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

// "2026-11-20T09:30" read as a wall time in 'zone' -> ISO with offset;
// null when the text is not such a time.
export function localInputToIso(value, zone) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value || '');
  if (!m) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0));
  // The offset at the wall time read as UTC is a first guess; one more
  // step settles it except inside a daylight-saving gap.
  let ms = wall - zoneOffset(wall, zone);
  ms = wall - zoneOffset(ms, zone);
  return isoInZone(ms, zone);
}

// An instant (ISO text) -> "2026-11-20T09:30" in 'zone', for an input.
export function isoToLocalInput(iso, zone) {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const p = partsIn(ms, zone);
  return `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}`;
}

export function nowLocalInput(zone) {
  return isoToLocalInput(new Date().toISOString(), zone);
}

// The UTC form shown behind a displayed time: 2026-11-20 00:30 UTC.
export function utcText(iso) {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}
