// The conformity of a dataset to its declared Table Schema, as a badge: by the dataset page's
// title (« Conforme au schéma Subventions (SCDL) 2.1.1 », or « Non conforme … — 3 erreurs »,
// linked to the report) and, smaller, on the catalogue's cards (« Conforme : subventions »).
import type { JSX } from 'preact';
import type { Dataset } from '../../../catalog/index.js';
import { defineTexts, type Lang } from '../../i18n.js';
import { errorCountText } from './validation-report.js';

const tt = defineTexts({
  conforms: { fr: 'Conforme au schéma {schema}', en: 'Conforms to the schema {schema}' },
  notConforms: { fr: 'Non conforme au schéma {schema} — {errors}', en: 'Does not conform to the schema {schema} — {errors}' },
  seeReport: { fr: 'voir le rapport de validation', en: 'see the validation report' },
  cardConforms: { fr: 'Conforme : {name}', en: 'Conforms: {name}' },
});

/** What a schema is called on a page: its title, « (SCDL) » for the Socle commun des données locales, its version. */
export function schemaDisplayName(schema: { name: string; title: string | null; homepage?: string | null }, version: string | null): string {
  // The SCDL schemas are those schema.data.gouv.fr publishes under scdl/ (src/schema/registry.ts).
  const scdl = schema.homepage?.includes('/schemas/scdl/') ? ' (SCDL)' : '';
  return `${schema.title ?? schema.name}${scdl}${version ? ` ${version}` : ''}`;
}

/** The registry name and version of `name@version`, as a conforming version records it. */
export function parseConformsTo(conformsTo: string): { name: string; version: string | null } {
  const at = conformsTo.indexOf('@');
  return at < 0 ? { name: conformsTo, version: null } : { name: conformsTo.slice(0, at), version: conformsTo.slice(at + 1) || null };
}

export type SchemaBadgeState = { conforms: true; schema: string } | { conforms: false; schema: string; errors: number };

/** By the title of the dataset page: a link to the report, its words say the verdict (not the colour alone). */
export function SchemaBadge({ lang, state, href }: { lang: Lang; state: SchemaBadgeState; href: string }): JSX.Element {
  const text = state.conforms ? tt(lang, 'conforms', { schema: state.schema }) : tt(lang, 'notConforms', { schema: state.schema, errors: errorCountText(lang, state.errors) });
  return (
    <p class="schema-conformity">
      <a href={href} class={state.conforms ? 'schema-badge schema-ok' : 'schema-badge schema-errors'}>
        <span aria-hidden="true">{state.conforms ? '✓ ' : '✗ '}</span>
        {text}
        <span class="visually-hidden"> ({tt(lang, 'seeReport')})</span>
      </a>
    </p>
  );
}

// On white: #18753c and #ce0500 reach WCAG AA contrast for normal text.
export const SCHEMA_BADGE_STYLES = `
.schema-conformity{margin:-.5rem 0 1rem}
.schema-badge{display:inline-block;border:2px solid;border-radius:4px;padding:.15rem .6rem;font-weight:600;text-decoration:none}
.schema-badge:hover{text-decoration:underline}
.schema-ok{color:#18753c;border-color:#18753c}.schema-errors{color:#ce0500;border-color:#ce0500}
`;

/** On a catalogue card: only a conforming live version earns it (the catalog's "schema" facet counts the same ones). */
export function CatalogSchemaBadge({ lang, dataset }: { lang: Lang; dataset: Pick<Dataset, 'metas' | 'live'> }): JSX.Element | null {
  const conformsTo = dataset.metas.schema ? dataset.live?.conformsTo : null;
  if (!conformsTo) return null;
  const { name } = parseConformsTo(conformsTo);
  // Inline: the card is listed by pages (home, catalogue) that each have their own style sheet.
  // #18753c on #e6f4ea: contrast 4.9:1 (WCAG AA).
  return (
    <span class="badge schema-card-badge" style="background:#e6f4ea;color:#18753c">
      <span aria-hidden="true">✓ </span>
      {tt(lang, 'cardConforms', { name })}
    </span>
  );
}
