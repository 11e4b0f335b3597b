// Validata's `french-gps-coordinates` and frformat's `coordonnees-gps-francaises` (§8): a point
// inside France's bounding boxes; written lat, lon (a swap Table Schema cannot see, §6.8) is told
// apart from a point outside France.
import type { CellValue, CustomCheckFactory } from '../model.js';
import { frenchGps } from '../french-formats.js';
import { formatCheck, type Problem } from './common.js';

const TERRITORIES_FR = 'métropole et Corse, Guadeloupe, Martinique, Guyane, La Réunion, Mayotte, Saint-Pierre-et-Miquelon';
const TERRITORIES_EN = 'metropolitan France and Corsica, Guadeloupe, Martinique, Guyane, La Réunion, Mayotte, Saint-Pierre-et-Miquelon';

/** [lon, lat] from the cast geopoint, or from the text of a column typed `string` (older Validata). */
function lonLat(value: Exclude<CellValue, null>, text: string): [number, number] | null {
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number') {
    return [value[0], value[1]];
  }
  const match = /^\s*\[?\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\]?\s*$/.exec(text);
  return match ? [Number(match[1]), Number(match[2])] : null;
}

/** The swapped point, written the way the publisher wrote the cell (array, object or "lon, lat"). */
function swapped(text: string, lon: number, lat: number): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) return `[${lat}, ${lon}]`;
  if (trimmed.startsWith('{')) return `{"lon": ${lat}, "lat": ${lon}}`;
  return `${lat}, ${lon}`;
}

function judge(reversedCode: string, text: string, value: Exclude<CellValue, null>): Problem | null {
  const point = lonLat(value, text);
  if (!point) {
    return {
      note: 'not a [lon, lat] pair of decimal degrees',
      message: {
        fr: `« ${text} » n'est pas un point GPS : écrivez la longitude puis la latitude en degrés décimaux WGS84, avec un point décimal, par exemple « [-1.5536, 47.2184] ».`,
        en: `"${text}" is not a GPS point: write the longitude then the latitude in WGS84 decimal degrees, with a decimal point, e.g. "[-1.5536, 47.2184]".`,
      },
    };
  }
  const [lon, lat] = point;
  const verdict = frenchGps(lon, lat);
  if (verdict === 'ok') return null;
  if (verdict === 'reversed') {
    const fixed = swapped(text, lon, lat);
    return {
      code: reversedCode,
      note: 'latitude and longitude are swapped',
      message: {
        fr: `La latitude et la longitude sont inversées : la longitude vient en premier. Écrivez « ${fixed} ».`,
        en: `Latitude and longitude are swapped: the longitude comes first. Write "${fixed}".`,
      },
    };
  }
  return {
    note: 'point outside France',
    message: {
      fr: `Le point (longitude ${lon}, latitude ${lat}) n'est pas en France (${TERRITORIES_FR}) : vérifiez les coordonnées, en degrés décimaux WGS84.`,
      en: `The point (longitude ${lon}, latitude ${lat}) is not in France (${TERRITORIES_EN}): check the coordinates, in WGS84 decimal degrees.`,
    },
  };
}

/**
 * `reversedCode`: Validata reports a swap as `reversed-french-gps-coordinates`; frformat's check
 * has a single error, so `coordonnees-gps-francaises` keeps its own name for both.
 */
export function gpsCheck(code: string, reversedCode: string): CustomCheckFactory {
  return formatCheck(code, (text, value) => judge(reversedCode, text, value));
}
