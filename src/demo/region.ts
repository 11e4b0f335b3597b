// The demo region "Pays de la Loire": real organisations from the reference of territories, three
// portals on *.localhost, datasets published through the same ingest path as any publisher's (one
// of each visibility), and two accounts to sign in with (accounts.ts).
// Created only by `territoires serve --demo` on an empty catalog; never by `serve` alone.
import { execFile } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { countOrganisations, createOrganisation, createPortal, grantDataset, type CatalogDb, type OrganisationRow } from '../catalog/index.js';
import type { DataPlaneContext, PublishOptions } from '../data/index.js';
import { publishFile } from '../ingest/index.js';
import { regionTerritories } from '../observatory/index.js';
import { createDemoAccounts } from './accounts.js';

const REGION_CODE = '52';
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const DEMO_HOSTNAMES = {
  region: 'paysdelaloire.localhost',
  loireAtlantique: 'loire-atlantique.localhost',
  laRocheSurYon: 'larochesuryon.localhost',
} as const;

/** The demo's `restricted` dataset: seen by La Roche-sur-Yon's members and by the Vendée's, granted to it. */
export const RESTRICTED_DATASET = 'points-eau-incendie-la-roche-sur-yon';

export interface DemoSummary {
  created: boolean;
  organisations: number;
  datasets: string[];
}

/** Creates the demo region unless the catalog already has organisations. */
export async function ensureDemoRegion(ctx: DataPlaneContext, options: PublishOptions, log: (message: string) => void = () => undefined): Promise<DemoSummary> {
  const existing = await countOrganisations(ctx.db);
  if (existing > 0) return { created: false, organisations: existing, datasets: [] };
  log('Création de la région de démonstration Pays de la Loire… / Creating the demo region…');
  const orgs = await createOrganisations(ctx.db);
  await createPortals(ctx.db, orgs);
  await createDemoAccounts(ctx.db, orgs.laRocheSurYon);
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'territoires-demo-'));
  try {
    const datasets = await publishDatasets(ctx, options, orgs, work);
    return { created: true, organisations: await countOrganisations(ctx.db), datasets };
  } finally {
    await fsp.rm(work, { recursive: true, force: true });
  }
}

interface DemoOrganisations {
  region: OrganisationRow;
  loireAtlantique: OrganisationRow;
  vendee: OrganisationRow;
  laRocheSurYon: OrganisationRow;
  nantes: OrganisationRow;
}

async function createOrganisations(db: CatalogDb): Promise<DemoOrganisations> {
  const territories = regionTerritories(REGION_CODE);
  return db.transaction().execute(async (trx) => {
    const region = await createOrganisation(trx, { name: `Région ${territories.region.name}`, slug: 'pays-de-la-loire', kind: 'region', cog: territories.region.code });
    const departements = new Map<string, OrganisationRow>();
    for (const d of territories.departements) {
      departements.set(d.code, await createOrganisation(trx, { name: d.name, kind: 'departement', cog: d.code, parentId: region.id }));
    }
    const epcis = new Map<string, OrganisationRow>();
    for (const e of territories.epcis) {
      const parent = departements.get(e.departement) ?? region;
      epcis.set(e.siren, await createOrganisation(trx, { name: e.name, kind: 'epci', siren: e.siren, parentId: parent.id, population: e.population }));
    }
    const communes = new Map<string, OrganisationRow>();
    for (const c of territories.communes) {
      const parent = (c.epci ? epcis.get(c.epci) : undefined) ?? departements.get(c.departement) ?? region;
      communes.set(c.code, await createOrganisation(trx, { name: c.name, kind: 'commune', cog: c.code, siren: c.siren, parentId: parent.id, population: c.population }));
    }
    const pick = (map: Map<string, OrganisationRow>, code: string) => {
      const found = map.get(code);
      if (!found) throw new Error(`demo: ${code} is missing from the reference of territories`);
      return found;
    };
    return { region, loireAtlantique: pick(departements, '44'), vendee: pick(departements, '85'), laRocheSurYon: pick(communes, '85191'), nantes: pick(communes, '44109') };
  });
}

async function createPortals(db: CatalogDb, orgs: DemoOrganisations): Promise<void> {
  await createPortal(db, {
    slug: 'pays-de-la-loire',
    title: 'Open data Pays de la Loire',
    hostnames: [DEMO_HOSTNAMES.region],
    scope: null,
    isDefault: true,
    homeText: 'Le portail régional : les données de la Région, des départements, des intercommunalités et des communes des Pays de la Loire.',
    theme: { primaryColor: '#000091' },
  });
  await createPortal(db, {
    slug: 'loire-atlantique',
    title: 'Open data Loire-Atlantique',
    hostnames: [DEMO_HOSTNAMES.loireAtlantique],
    scope: orgs.loireAtlantique,
    homeText: 'Les données du Département de Loire-Atlantique, de ses intercommunalités et de ses communes.',
    theme: { primaryColor: '#6e445a' },
  });
  await createPortal(db, {
    slug: 'la-roche-sur-yon',
    title: 'Open data La Roche-sur-Yon',
    hostnames: [DEMO_HOSTNAMES.laRocheSurYon],
    scope: orgs.laRocheSurYon,
    homeText: 'Les données publiques de la Ville de La Roche-sur-Yon.',
    theme: { primaryColor: '#18753c' },
  });
}

async function publishDatasets(ctx: DataPlaneContext, options: PublishOptions, orgs: DemoOrganisations, work: string): Promise<string[]> {
  const territories = regionTerritories(REGION_CODE);
  const departementNames = new Map(territories.departements.map((d) => [d.code, d.name]));
  const epciNames = new Map(territories.epcis.map((e) => [e.siren, e.name]));

  const communesFile = path.join(work, 'communes.csv');
  const lines = [csvLine(['code_insee', 'nom', 'population', 'code_departement', 'departement', 'siren_epci', 'epci'])];
  for (const c of territories.communes) {
    lines.push(csvLine([c.code, c.name, c.population === null ? '' : String(c.population), c.departement, departementNames.get(c.departement) ?? '', c.epci ?? '', c.epci ? (epciNames.get(c.epci) ?? '') : '']));
  }
  await fsp.writeFile(communesFile, `${lines.join('\n')}\n`);

  // The Excel-French variant of the generator: Windows-1252, `;`, decimal commas, CRLF (Paimbœuf must survive).
  const addressesFile = path.join(work, 'adresses.csv');
  await promisify(execFile)(process.execPath, [
    path.join(PACKAGE_ROOT, 'bench', 'gen-addresses.mjs'),
    '--rows', '50000', '--region', REGION_CODE, '--seed', '1', '--latin1', '--semicolon', '--crlf', '--out', addressesFile,
  ], { cwd: PACKAGE_ROOT });

  const privateFile = path.join(work, 'suivi-interne.csv');
  await fsp.writeFile(
    privateFile,
    'reference;objet;service;date_demande;montant_demande\nDI-2026-001;Réfection de la toiture du gymnase;Sports;03/02/2026;45000\nDI-2026-002;Extension de la médiathèque;Culture;17/03/2026;120000\nDI-2026-003;Plan vélo quartier Nord;Mobilités;02/06/2026;38500\n',
  );

  const hydrantsFile = path.join(work, 'points-eau-incendie.csv');
  await fsp.writeFile(hydrantsFile, HYDRANTS_CSV);

  const publications = [
    {
      file: communesFile,
      datasetId: 'communes-pays-de-la-loire',
      organisation: orgs.region.slug,
      title: 'Communes des Pays de la Loire',
      description: 'Les communes de la région avec leur code INSEE, leur population, leur département et leur intercommunalité (source : Découpage administratif, Etalab).',
      metas: { keywords: ['communes', 'population', 'découpage administratif'], themes: ['Territoire'], spatialCoverage: 'Pays de la Loire' },
    },
    {
      file: addressesFile,
      datasetId: 'adresses-loire-atlantique',
      organisation: orgs.loireAtlantique.slug,
      title: 'Adresses des Pays de la Loire (jeu de démonstration)',
      description: 'Un fichier d’adresses au format de la Base Adresse Nationale, généré pour la démonstration : communes réelles, voies et coordonnées fictives. Exporté d’Excel (Windows-1252, point-virgule, virgule décimale).',
      metas: { keywords: ['adresses', 'BAN'], themes: ['Aménagement du territoire'], spatialCoverage: 'Pays de la Loire' },
    },
    {
      file: path.join(PACKAGE_ROOT, 'schemas', 'subventions', 'example-valid.csv'),
      datasetId: 'subventions-la-roche-sur-yon',
      organisation: orgs.laRocheSurYon.slug,
      title: 'Subventions attribuées (exemple SCDL)',
      description: 'Le fichier d’exemple du schéma SCDL « Subventions » 2.1.1, publié pour montrer un jeu conforme au Socle commun des données locales.',
      metas: { keywords: ['subventions', 'SCDL'], themes: ['Économie'], schema: 'subventions' },
    },
    {
      file: hydrantsFile,
      datasetId: RESTRICTED_DATASET,
      organisation: orgs.laRocheSurYon.slug,
      title: 'Points d’eau incendie de La Roche-sur-Yon',
      description: 'Les poteaux, bouches et réserves incendie de la commune, avec leur débit et leur état. Partagé avec le Département de la Vendée (accès restreint) : positions et débits sont ceux d’un jeu de démonstration.',
      metas: { keywords: ['défense incendie', 'PEI'], themes: ['Sécurité'], spatialCoverage: 'La Roche-sur-Yon' },
      visibility: 'restricted' as const,
    },
    {
      file: privateFile,
      datasetId: 'suivi-interne-nantes',
      organisation: orgs.nantes.slug,
      title: 'Suivi interne des demandes d’investissement (brouillon)',
      description: 'Un jeu privé : il ne doit apparaître nulle part sans droits.',
      visibility: 'private' as const,
    },
  ];
  const published: string[] = [];
  for (const publication of publications) {
    const { dataset } = await publishFile(ctx, publication, options);
    // The commune shares its hydrants with the Département, whose fire service plans with them.
    if (dataset.datasetId === RESTRICTED_DATASET) await grantDataset(ctx.db, dataset.uid, { kind: 'organisation', id: orgs.vendee.id });
    published.push(publication.datasetId);
  }
  return published;
}

// Points d'eau incendie as a commune's register lists them (type, address, flow in m³/h at 1 bar,
// state); the streets are La Roche-sur-Yon's, the positions and flows invented for the demo.
const HYDRANTS_CSV = `numero;type;adresse;debit_m3h;etat;lat;lon
PEI-001;Poteau incendie;Place Napoléon;120;Disponible;46.6706;-1.4269
PEI-002;Poteau incendie;Rue Georges Clemenceau;90;Disponible;46.6721;-1.4301
PEI-003;Bouche incendie;Boulevard d’Angleterre;60;Indisponible;46.6689;-1.4350
PEI-004;Poteau incendie;Rue de la République;110;Disponible;46.6740;-1.4255
PEI-005;Réserve incendie;Rue du Maréchal Joffre;;Disponible;46.6668;-1.4222
PEI-006;Poteau incendie;Boulevard Aristide Briand;75;Disponible;46.6752;-1.4318
PEI-007;Bouche incendie;Rue des Halles;55;Disponible;46.6712;-1.4283
PEI-008;Poteau incendie;Boulevard Louis Blanc;130;Indisponible;46.6680;-1.4190
`;

function csvLine(values: string[]): string {
  return values.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
}
