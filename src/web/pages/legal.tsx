// The three pages a French public website must have: mentions légales (LCEN art. 6), données
// personnelles (RGPD art. 13) and the déclaration d'accessibilité (loi n° 2005-102 art. 47, RGAA 4.1)
// with its conformity status. Each shows the operator's Markdown; until the operator writes it, a
// default text that names the portal and its publisher and lists what remains to fill in.
import type { JSX } from 'preact';
import type { AccessibilityStatus } from '../../catalog/index.js';
import { defineTexts, type Lang } from '../i18n.js';
import { Layout } from '../layout.js';
import { renderMarkdown } from '../markdown.js';
import { PageMeta } from '../seo.js';
import type { Site } from '../site.js';

export const LEGAL_PAGES = {
  'mentions-legales': 'legalNotice',
  'donnees-personnelles': 'privacy',
  accessibilite: 'accessibility',
} as const;
export type LegalPageSlug = keyof typeof LEGAL_PAGES;
export type LegalPageKind = (typeof LEGAL_PAGES)[LegalPageSlug];

const tt = defineTexts({
  legalNotice: { fr: 'Mentions légales', en: 'Legal notice' },
  privacy: { fr: 'Données personnelles', en: 'Personal data' },
  accessibility: { fr: 'Déclaration d’accessibilité', en: 'Accessibility statement' },
  status_non: { fr: 'non conforme', en: 'not compliant' },
  status_partiel: { fr: 'partiellement conforme', en: 'partially compliant' },
  status_total: { fr: 'totalement conforme', en: 'fully compliant' },
  statusHeading: { fr: 'État de conformité', en: 'Compliance status' },
  statusText: {
    fr: '{portal} est {status} avec le référentiel général d’amélioration de l’accessibilité (RGAA), version 4.1.',
    en: '{portal} is {status} with the French accessibility guidelines (RGAA), version 4.1.',
  },
  toFill: { fr: 'À compléter par l’opérateur du portail', en: 'To be filled in by the portal’s operator' },
  defaultNote: {
    fr: 'Ce texte est celui que la plateforme propose par défaut : l’opérateur du portail le remplace par le sien (territoires portals set {slug} --{flag} FICHIER.md).',
    en: 'This is the platform’s default text: the portal’s operator replaces it with their own (territoires portals set {slug} --{flag} FILE.md).',
  },
  // Mentions légales
  legalIntro: { fr: 'Le site {portal} est publié par {publisher}.', en: 'The website {portal} is published by {publisher}.' },
  legalPublisher: { fr: 'Éditeur : dénomination, adresse du siège, numéro SIREN, téléphone et adresse électronique de {publisher}.', en: 'Publisher: name, head office address, SIREN number, telephone and e-mail address of {publisher}.' },
  legalDirector: { fr: 'Directeur ou directrice de la publication : son nom et sa fonction.', en: 'Director of publication: their name and position.' },
  legalHost: { fr: 'Hébergeur : nom, adresse et téléphone de l’hébergeur du site.', en: 'Host: name, address and telephone of the site’s host.' },
  legalReuse: {
    fr: 'Réutilisation : sauf mention contraire, les données sont publiées sous la Licence Ouverte 2.0 d’Etalab ; la licence de chaque jeu de données est indiquée sur sa page.',
    en: 'Reuse: unless stated otherwise, the data are published under Etalab’s Licence Ouverte 2.0; each dataset’s licence is shown on its page.',
  },
  // Données personnelles
  privacyIntro: {
    fr: '{publisher} publie sur {portal} des données ouvertes. Le site ne dépose pas de cookie de mesure d’audience ni de publicité.',
    en: '{publisher} publishes open data on {portal}. The site sets no audience-measurement or advertising cookie.',
  },
  privacyController: { fr: 'Responsable du traitement : {publisher}, et les coordonnées de son délégué ou sa déléguée à la protection des données (DPD).', en: 'Data controller: {publisher}, and the contact details of its data protection officer (DPO).' },
  privacyLogs: {
    fr: 'Données traitées : les journaux techniques du serveur (adresse IP, page demandée, date), leur finalité (sécurité, bon fonctionnement) et leur durée de conservation.',
    en: 'Data processed: the server’s technical logs (IP address, page requested, date), why (security, operation) and how long they are kept.',
  },
  privacyRights: {
    fr: 'Vos droits : accès, rectification, effacement, limitation et opposition (RGPD, articles 15 à 21), l’adresse où les exercer, et le droit d’introduire une réclamation auprès de la CNIL.',
    en: 'Your rights: access, rectification, erasure, restriction and objection (GDPR, articles 15 to 21), where to exercise them, and the right to lodge a complaint with the CNIL.',
  },
  // Accessibilité
  a11yIntro: {
    fr: '{publisher} s’engage à rendre {portal} accessible conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.',
    en: '{publisher} undertakes to make {portal} accessible in accordance with article 47 of French law no. 2005-102 of 11 February 2005.',
  },
  a11yAudit: { fr: 'Résultats des tests : la date et l’auteur de l’audit, le taux de conformité et les pages testées.', en: 'Test results: the date and author of the audit, the compliance rate and the pages tested.' },
  a11yContent: { fr: 'Contenus non accessibles : les non-conformités, les dérogations et les contenus hors champ.', en: 'Content not accessible: the non-compliances, exemptions and content out of scope.' },
  a11yContact: { fr: 'Retour d’information et contact : une adresse où signaler un défaut d’accessibilité.', en: 'Feedback and contact: an address where an accessibility defect can be reported.' },
  a11yRemedy: {
    fr: 'Voies de recours : si vous n’obtenez pas de réponse, vous pouvez saisir le Défenseur des droits (formulaire en ligne, délégué dans votre région, ou courrier : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07).',
    en: 'Remedies: if you get no answer, you may refer the matter to the Défenseur des droits (online form, local delegate, or by post: Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07).',
  },
});

const STYLES = `.legal-default{border-left:4px solid #ddd;padding-left:1rem}.legal-note{color:#3a3a3a;font-style:italic}`;

export function legalPageTitle(lang: Lang, kind: LegalPageKind): string {
  return tt(lang, kind);
}

export interface LegalPageProps {
  site: Site;
  kind: LegalPageKind;
  /** The operator's Markdown; empty: the default text. */
  markdown: string;
  /** The portal's publishing organisation, named in the default texts. */
  publisher: string;
  accessibilityStatus: AccessibilityStatus;
}

/** The operator's Markdown one heading level down: the page's own title is its only h1. */
function lowerHeadings(html: string): string {
  return html.replace(/<(\/?)h([1-5])>/g, (_, slash: string, level: string) => `<${slash}h${Number(level) + 1}>`);
}

export function LegalPage(props: LegalPageProps): JSX.Element {
  const { site, kind } = props;
  const { lang } = site;
  const portal = site.portal?.title ?? 'Territoires';
  const title = tt(lang, kind);
  const slug = Object.entries(LEGAL_PAGES).find(([, k]) => k === kind)?.[0] ?? '';
  const params = { portal, publisher: props.publisher, slug: site.portal?.slug ?? '', flag: `${kind === 'legalNotice' ? 'legal-notice' : kind}-file` };
  const status = tt(lang, `status_${props.accessibilityStatus}`);
  return (
    <Layout site={site} title={title} styles={STYLES} head={<PageMeta site={site} title={title} description="" path={`/pages/${slug}/`} />}>
      <h1>{title}</h1>
      {kind === 'accessibility' && (
        <>
          <h2>{tt(lang, 'statusHeading')}</h2>
          <p>
            <strong>{tt(lang, 'statusText', { portal, status })}</strong>
          </p>
        </>
      )}
      {props.markdown.trim() ? (
        <div class="legal-text" dangerouslySetInnerHTML={{ __html: lowerHeadings(renderMarkdown(props.markdown)) }} />
      ) : (
        <div class="legal-default">
          <p>{tt(lang, kind === 'legalNotice' ? 'legalIntro' : kind === 'privacy' ? 'privacyIntro' : 'a11yIntro', params)}</p>
          {kind === 'legalNotice' && <p>{tt(lang, 'legalReuse')}</p>}
          <h2>{tt(lang, 'toFill')}</h2>
          <ul>
            {DEFAULT_ITEMS[kind].map((key) => (
              <li key={key}>{tt(lang, key, params)}</li>
            ))}
          </ul>
          <p class="legal-note">{tt(lang, 'defaultNote', params)}</p>
        </div>
      )}
    </Layout>
  );
}

const DEFAULT_ITEMS = {
  legalNotice: ['legalPublisher', 'legalDirector', 'legalHost'],
  privacy: ['privacyController', 'privacyLogs', 'privacyRights'],
  accessibility: ['a11yAudit', 'a11yContent', 'a11yContact', 'a11yRemedy'],
} as const;
