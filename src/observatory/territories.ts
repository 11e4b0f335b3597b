// The reference of territories: régions, départements, EPCI à fiscalité propre and communes, with
// their official codes and populations, from @etalab/decoupage-administratif (pinned: communes
// change every year).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface RawRegion { code: string; nom: string; chefLieu: string }
interface RawDepartement { code: string; nom: string; region: string; chefLieu: string }
interface RawCommune { code: string; nom: string; type: string; departement: string; region: string; siren?: string; population?: number; codesPostaux?: string[] }
interface RawEpci { code: string; nom: string; type: string; membres: { code: string }[] }

export interface Commune {
  code: string;
  name: string;
  siren: string | null;
  departement: string;
  population: number | null;
  epci: string | null;
}

export interface Epci {
  siren: string;
  name: string;
  /** The département of its most populous member commune in the region. */
  departement: string;
  population: number;
}

export interface RegionTerritories {
  region: { code: string; name: string };
  departements: { code: string; name: string }[];
  epcis: Epci[];
  communes: Commune[];
}

/** A region with its départements, its EPCI (those with a member commune in it) and its current communes. */
export function regionTerritories(regionCode: string): RegionTerritories {
  const regions = require('@etalab/decoupage-administratif/data/regions.json') as RawRegion[];
  const departements = require('@etalab/decoupage-administratif/data/departements.json') as RawDepartement[];
  const communes = require('@etalab/decoupage-administratif/data/communes.json') as RawCommune[];
  const epcis = require('@etalab/decoupage-administratif/data/epci.json') as RawEpci[];

  const region = regions.find((r) => r.code === regionCode);
  if (!region) throw new Error(`unknown region ${regionCode}`);
  const regionCommunes = communes.filter((c) => c.region === regionCode && c.type === 'commune-actuelle');
  const byCode = new Map(regionCommunes.map((c) => [c.code, c]));
  const epciOf = new Map<string, string>();
  const regionEpcis: Epci[] = [];
  for (const epci of epcis) {
    const members = epci.membres.map((m) => byCode.get(m.code)).filter((c): c is RawCommune => c !== undefined);
    if (members.length === 0) continue;
    for (const member of members) epciOf.set(member.code, epci.code);
    const largest = members.reduce((a, b) => ((b.population ?? 0) > (a.population ?? 0) ? b : a));
    regionEpcis.push({ siren: epci.code, name: epci.nom, departement: largest.departement, population: members.reduce((sum, m) => sum + (m.population ?? 0), 0) });
  }
  return {
    region: { code: region.code, name: region.nom },
    departements: departements.filter((d) => d.region === regionCode).map((d) => ({ code: d.code, name: d.nom })),
    epcis: regionEpcis.sort((a, b) => a.siren.localeCompare(b.siren)),
    communes: regionCommunes
      .map((c) => ({ code: c.code, name: c.nom, siren: c.siren ?? null, departement: c.departement, population: c.population ?? null, epci: epciOf.get(c.code) ?? null }))
      .sort((a, b) => a.code.localeCompare(b.code)),
  };
}
