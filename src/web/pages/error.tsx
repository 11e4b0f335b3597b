// An error as a page in the portal's look: a dataset that does not exist, a filter that cannot be
// read, a page that is not there. Says what went wrong in words and where to go next.
import { defineTexts } from '../i18n.js';
import { Layout } from '../layout.js';
import { href, type Site } from '../site.js';

const tt = defineTexts({
  notFoundTitle: { fr: 'Page introuvable', en: 'Page not found' },
  badRequestTitle: { fr: 'Demande incorrecte', en: 'Bad request' },
  errorTitle: { fr: 'Une erreur est survenue', en: 'Something went wrong' },
  backHome: { fr: 'Retour à l’accueil', en: 'Back to the home page' },
  searchCatalogue: { fr: 'Chercher dans le catalogue', en: 'Search the catalogue' },
});

export interface ErrorPageProps {
  site: Site;
  status: number;
  /** The error's message in the page's language. */
  message: string;
  embed?: boolean;
}

export function ErrorPage(props: ErrorPageProps) {
  const { site, status } = props;
  const { lang } = site;
  const title = status === 404 ? tt(lang, 'notFoundTitle') : status < 500 ? tt(lang, 'badRequestTitle') : tt(lang, 'errorTitle');
  return (
    <Layout site={site} title={title} embed={props.embed}>
      <h1>{title}</h1>
      <p class="error-box" role="alert">
        {props.message}
      </p>
      <ul>
        <li>
          <a href={href(site, '/explore/')}>{tt(lang, 'searchCatalogue')}</a>
        </li>
        <li>
          <a href={href(site, '/')}>{tt(lang, 'backHome')}</a>
        </li>
      </ul>
    </Layout>
  );
}
