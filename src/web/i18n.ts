// Interface texts, French first. A page picks its language from `?lang=`, French by default.
export type Lang = 'fr' | 'en';

const TEXTS = {
  skipToContent: { fr: 'Aller au contenu', en: 'Skip to content' },
  otherLanguage: { fr: 'English', en: 'Français' },
  otherLanguageLabel: { fr: 'Read this page in English', en: 'Lire cette page en français' },
  datasets: { fr: 'Jeux de données', en: 'Datasets' },
  datasetCount: { fr: '{n} jeux de données', en: '{n} datasets' },
  datasetCountOne: { fr: '1 jeu de données', en: '1 dataset' },
  noDataset: { fr: 'Aucun jeu de données publié pour le moment.', en: 'No dataset published yet.' },
  publisher: { fr: 'Producteur', en: 'Publisher' },
  records: { fr: 'Enregistrements', en: 'Records' },
  updated: { fr: 'Mis à jour le', en: 'Updated on' },
  viewRecords: { fr: 'Voir les données (API)', en: 'View the records (API)' },
  restricted: { fr: 'Accès restreint', en: 'Restricted' },
  private: { fr: 'Privé', en: 'Private' },
  apiLink: { fr: 'API (compatible OpenDataSoft Explore v2.1)', en: 'API (OpenDataSoft Explore v2.1 compatible)' },
  poweredBy: { fr: 'Propulsé par Territoires, plateforme open data libre', en: 'Powered by Territoires, open-source open data platform' },
  noPortal: {
    fr: "Aucun portail n'est encore configuré sur cette plateforme. Lancez « territoires serve --demo » pour découvrir la région de démonstration.",
    en: 'No portal is configured on this platform yet. Run "territoires serve --demo" to see the demo region.',
  },
  catalogue: { fr: 'Catalogue', en: 'Catalogue' },
  organisations: { fr: 'Organisations', en: 'Organisations' },
  apiDocs: { fr: 'Documentation de l’API', en: 'API reference' },
  mainMenu: { fr: 'Menu principal', en: 'Main menu' },
  home: { fr: 'Accueil', en: 'Home' },
  legalNotice: { fr: 'Mentions légales', en: 'Legal notice' },
  privacy: { fr: 'Données personnelles', en: 'Personal data' },
  accessibility: { fr: 'Accessibilité', en: 'Accessibility' },
  accessibilityStatus_non: { fr: 'Accessibilité : non conforme', en: 'Accessibility: not compliant' },
  accessibilityStatus_partiel: { fr: 'Accessibilité : partiellement conforme', en: 'Accessibility: partially compliant' },
  accessibilityStatus_total: { fr: 'Accessibilité : totalement conforme', en: 'Accessibility: fully compliant' },
  footerLinks: { fr: 'Liens de pied de page', en: 'Footer links' },
  signIn: { fr: 'Se connecter', en: 'Sign in' },
  signOut: { fr: 'Se déconnecter', en: 'Sign out' },
  myAccount: { fr: 'Mon espace', en: 'My space' },
  allDatasetsOf: { fr: 'Les données de {name} et des collectivités de son territoire.', en: 'Data of {name} and of the local authorities of its territory.' },
} as const;

export type TextKey = keyof typeof TEXTS;

/** A text in both languages. */
export interface Bilingual {
  fr: string;
  en: string;
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The texts shared by every page (layout, errors). */
export function t(lang: Lang, key: TextKey, params: Record<string, string | number> = {}): string {
  return fill(TEXTS[key][lang], params);
}

/**
 * A page's own texts, kept in its module: `const tt = defineTexts({ title: { fr: 'Catalogue', en: 'Catalogue' } })`
 * then `tt(lang, 'title')`. One dictionary per page keeps each page readable on its own.
 */
export function defineTexts<T extends Record<string, Bilingual>>(texts: T): (lang: Lang, key: keyof T & string, params?: Record<string, string | number>) => string {
  return (lang, key, params = {}) => fill((texts[key] as Bilingual)[lang], params);
}

export function langOf(query: unknown): Lang {
  const value = (query as { lang?: unknown } | undefined)?.lang;
  return value === 'en' ? 'en' : 'fr';
}

const LOCALES: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

// Formatters are made once per language: building one costs far more than formatting a value,
// and a table or a chart formats hundreds.
const NUMBER = formatters((locale) => new Intl.NumberFormat(locale));
const EXACT_NUMBER = formatters((locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 20 }));
const DATE = formatters((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeZone: 'Europe/Paris' }));

function formatters<F>(make: (locale: string) => F): Record<Lang, F> {
  return { fr: make(LOCALES.fr), en: make(LOCALES.en) };
}

/**
 * `1 234,5` in French (narrow no-break space), `1,234.5` in English; at most three decimals, or
 * with `exact` every decimal the value has (a value as published: a coordinate's fourth decimal matters).
 */
export function formatNumber(lang: Lang, value: number, options: { exact?: boolean } = {}): string {
  return (options.exact ? EXACT_NUMBER : NUMBER)[lang].format(value);
}

/** `22/11/2026` in French, in Paris time. */
export function formatDate(lang: Lang, iso: string): string {
  return DATE[lang].format(new Date(iso));
}
