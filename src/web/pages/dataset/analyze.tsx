// The analyze tab: a chart builder. A GET form (its state is the URL, so a chart is shared and
// embedded by its link) chooses the chart; the chart itself is an SVG drawn on the server
// (chart-svg.ts), and the same values follow it as a table, its text alternative. On an embed,
// only the chart and its table.
import type { JSX } from 'preact';
import type { Dataset, FieldType } from '../../../catalog/index.js';
import type { ChartSeries, ChartType } from '../../chart-svg.js';
import { defineTexts, formatNumber, type Lang } from '../../i18n.js';
import { absoluteHref, href, type Site } from '../../site.js';
import { datasetPath } from './shell.js';

export const AGGREGATIONS = ['count', 'sum', 'avg', 'min', 'max'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
export const PERIODS = ['year', 'month'] as const;
export type Period = (typeof PERIODS)[number];
export const ORDERS = ['value', 'x'] as const;
export type ChartOrder = (typeof ORDERS)[number];
export const MAX_CATEGORIES = 100;
export const DEFAULT_CATEGORIES = 20;

/** The chart the URL asks for: `?type=bar&x=departement&agg=sum&y=population&series=&limit=20&order=value`. */
export interface ChartForm {
  type: ChartType;
  x: string;
  /** How a date or datetime x (or series) field is grouped. */
  period: Period;
  agg: Aggregation;
  /** The numeric field aggregated; unused by count. */
  y?: string;
  series?: string;
  limit: number;
  order: ChartOrder;
}

/** A value of the URL the page cannot use, said in words on the page. */
export type ChartProblem =
  | { kind: 'field'; parameter: 'x' | 'series'; value: string }
  | { kind: 'numeric'; value: string }
  | { kind: 'noNumeric' }
  | { kind: 'choice'; parameter: 'type' | 'agg' | 'period' | 'order'; value: string }
  | { kind: 'limit'; value: string }
  | { kind: 'sameField' }
  | { kind: 'noField' };

export interface FieldOption {
  name: string;
  label: string;
  type: FieldType;
}

export interface ChartResult {
  svg: string;
  categories: string[];
  series: ChartSeries[];
  /** How many categories the records have (more than shown when the limit cuts them). */
  totalCategories: number;
  /** Values of the series field left out (only the largest series are drawn). */
  seriesLeftOut: number;
}

const tt = defineTexts({
  settings: { fr: 'Paramètres du graphique', en: 'Chart settings' },
  type: { fr: 'Type de graphique', en: 'Chart type' },
  type_bar: { fr: 'Barres', en: 'Bars' },
  type_line: { fr: 'Courbe', en: 'Line' },
  type_pie: { fr: 'Secteurs', en: 'Pie' },
  type_scatter: { fr: 'Nuage de points', en: 'Scatter' },
  typeName_bar: { fr: 'Diagramme en barres', en: 'Bar chart' },
  typeName_line: { fr: 'Courbe', en: 'Line chart' },
  typeName_pie: { fr: 'Diagramme en secteurs', en: 'Pie chart' },
  typeName_scatter: { fr: 'Nuage de points', en: 'Scatter chart' },
  x: { fr: 'Catégories (axe horizontal)', en: 'Categories (horizontal axis)' },
  period: { fr: 'Regroupement des dates', en: 'Date grouping' },
  periodHint: { fr: 'Pour un champ de date en catégories ou en série.', en: 'For a date field as categories or series.' },
  period_year: { fr: 'Par année', en: 'By year' },
  period_month: { fr: 'Par mois', en: 'By month' },
  agg: { fr: 'Calcul', en: 'Calculation' },
  agg_count: { fr: 'Nombre d’enregistrements', en: 'Number of records' },
  agg_sum: { fr: 'Somme', en: 'Sum' },
  agg_avg: { fr: 'Moyenne', en: 'Average' },
  agg_min: { fr: 'Minimum', en: 'Minimum' },
  agg_max: { fr: 'Maximum', en: 'Maximum' },
  y: { fr: 'Valeur calculée (champ numérique)', en: 'Value calculated (numeric field)' },
  yHint: { fr: 'Sans effet pour le nombre d’enregistrements.', en: 'Not used for the number of records.' },
  noNumericHint: { fr: 'Ce jeu de données n’a pas de champ numérique : seul le nombre d’enregistrements peut être calculé.', en: 'This dataset has no numeric field: only the number of records can be calculated.' },
  series: { fr: 'Séries (une par valeur)', en: 'Series (one per value)' },
  seriesHint: { fr: 'Barres et courbes seulement.', en: 'Bars and lines only.' },
  noSeries: { fr: 'Aucune', en: 'None' },
  limit: { fr: 'Nombre de catégories', en: 'Number of categories' },
  limitHint: { fr: 'De 1 à {max}.', en: 'From 1 to {max}.' },
  order: { fr: 'Ordre', en: 'Order' },
  order_value: { fr: 'Par valeur décroissante', en: 'By value, largest first' },
  order_x: { fr: 'Par catégorie', en: 'By category' },
  submit: { fr: 'Afficher le graphique', en: 'Show the chart' },
  title_count: { fr: 'Nombre d’enregistrements par {x}', en: 'Number of records by {x}' },
  title_sum: { fr: 'Somme de {y} par {x}', en: 'Sum of {y} by {x}' },
  title_avg: { fr: 'Moyenne de {y} par {x}', en: 'Average of {y} by {x}' },
  title_min: { fr: 'Minimum de {y} par {x}', en: 'Minimum of {y} by {x}' },
  title_max: { fr: 'Maximum de {y} par {x}', en: 'Maximum of {y} by {x}' },
  titleSeries: { fr: '{title} et {series}', en: '{title} and {series}' },
  byYear: { fr: '{field} (année)', en: '{field} (year)' },
  byMonth: { fr: '{field} (mois)', en: '{field} (month)' },
  filtered: { fr: 'enregistrements filtrés', en: 'filtered records' },
  imageLabel: { fr: '{type} : {title}. {n} catégories ; leurs valeurs sont dans le tableau qui suit.', en: '{type}: {title}. {n} categories; their values are in the table that follows.' },
  shownOf: { fr: 'Les {shown} premières catégories sur {total} sont montrées.', en: 'The first {shown} categories of {total} are shown.' },
  seriesLeftOut: { fr: 'Seules les séries les plus grandes sont montrées ({n} autres laissées de côté).', en: 'Only the largest series are shown ({n} others left out).' },
  seriesIgnored: { fr: 'Les séries ne s’appliquent qu’aux barres et aux courbes : le champ de séries est ignoré.', en: 'Series apply to bars and lines only: the series field is ignored.' },
  noRecords: { fr: 'Aucun enregistrement ne correspond : il n’y a rien à représenter.', en: 'No record matches: there is nothing to chart.' },
  tableCaption: { fr: 'Valeurs du graphique : {title}', en: 'Values of the chart: {title}' },
  tableRegion: { fr: 'Valeurs du graphique (défilement horizontal)', en: 'Values of the chart (scrolls horizontally)' },
  empty: { fr: '(vide)', en: '(empty)' },
  noValue: { fr: 'aucune valeur', en: 'no value' },
  share: { fr: 'Partager ou intégrer ce graphique', en: 'Share or embed this chart' },
  link: { fr: 'Lien vers ce graphique', en: 'Link to this chart' },
  embedCode: { fr: 'Code d’intégration (iframe)', en: 'Embed code (iframe)' },
  problem_field_x: { fr: '« {value} » n’est pas un champ de ce jeu de données que l’on peut mettre en catégories : choisissez-en un dans la liste « Catégories (axe horizontal) ».', en: '“{value}” is not a field of this dataset that can be used as categories: choose one in the list “Categories (horizontal axis)”.' },
  problem_field_series: { fr: '« {value} » n’est pas un champ de ce jeu de données que l’on peut mettre en séries : choisissez-en un dans la liste « Séries ».', en: '“{value}” is not a field of this dataset that can be used as series: choose one in the list “Series”.' },
  problem_numeric: { fr: '« {value} » n’est pas un champ numérique de ce jeu de données : choisissez la valeur calculée dans la liste.', en: '“{value}” is not a numeric field of this dataset: choose the value calculated in the list.' },
  problem_noNumeric: { fr: 'Ce jeu de données n’a pas de champ numérique : seul le nombre d’enregistrements peut être calculé.', en: 'This dataset has no numeric field: only the number of records can be calculated.' },
  problem_choice_type: { fr: '« {value} » n’est pas un type de graphique connu : barres (bar), courbe (line), secteurs (pie) ou nuage de points (scatter).', en: '“{value}” is not a chart type: bar, line, pie or scatter.' },
  problem_choice_agg: { fr: '« {value} » n’est pas un calcul connu : nombre (count), somme (sum), moyenne (avg), minimum (min) ou maximum (max).', en: '“{value}” is not a calculation: count, sum, avg, min or max.' },
  problem_choice_period: { fr: '« {value} » n’est pas un regroupement des dates connu : par année (year) ou par mois (month).', en: '“{value}” is not a date grouping: year or month.' },
  problem_choice_order: { fr: '« {value} » n’est pas un ordre connu : par valeur (value) ou par catégorie (x).', en: '“{value}” is not an order: value or x.' },
  problem_limit: { fr: '« {value} » n’est pas un nombre de catégories possible : un nombre entier de 1 à {max}.', en: '“{value}” is not a possible number of categories: a whole number from 1 to {max}.' },
  problem_sameField: { fr: 'Les séries doivent venir d’un autre champ que les catégories.', en: 'The series must come from another field than the categories.' },
  problem_noField: { fr: 'Ce jeu de données n’a aucun champ texte, date ou nombre à représenter.', en: 'This dataset has no text, date or number field to chart.' },
});

export interface AnalyzeViewProps {
  site: Site;
  dataset: Pick<Dataset, 'datasetId' | 'title'>;
  embed: boolean;
  /** The page's filters (q, refine.*, exclude.*, sort), kept by the form as hidden inputs. */
  filters: URLSearchParams;
  /** The fields a chart may group by, and those it may calculate on. */
  xFields: FieldOption[];
  yFields: FieldOption[];
  form: ChartForm;
  problems: ChartProblem[];
  /** The filters or the query could not be read: the reason, in the page's language. */
  error?: string;
  /** A series field was given to a pie or a scatter chart, which draw one series. */
  seriesIgnored?: boolean;
  chart?: ChartResult;
}

export const ANALYZE_STYLES = `
.chart-form{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:1rem;align-items:start;border:1px solid #ddd;border-radius:4px;padding:1rem;margin:0 0 1.5rem}
.chart-form .control{display:flex;flex-direction:column;gap:.25rem}
.chart-form .hint{color:#3a3a3a;font-size:.875rem}
.chart-form .actions{align-self:end}
.chart-form input[type=number]{font:inherit;padding:.4rem .5rem;border:1px solid #666;border-radius:4px;width:8rem}
figure.chart{margin:1.5rem 0;max-width:100%}
figure.chart figcaption{font-weight:700;margin:0 0 .5rem}
figure.chart svg{display:block;max-width:100%;height:auto}
.chart-note{color:#3a3a3a}

table.chart-values{border-collapse:collapse;margin:.5rem 0 1.5rem}
table.chart-values caption{text-align:left;font-weight:600;padding:.25rem 0}
table.chart-values th,table.chart-values td{border-bottom:1px solid #ddd;padding:.3rem .75rem;text-align:left}
table.chart-values td{text-align:right;font-variant-numeric:tabular-nums}
.share textarea{font:inherit;font-size:.875rem;width:100%;min-height:4rem;border:1px solid #666;border-radius:4px}
.share input{font:inherit;width:100%;padding:.4rem .5rem;border:1px solid #666;border-radius:4px}
`;

/** The chart's parameters in the URL, for links to it. */
export function chartParams(form: ChartForm): Record<string, string> {
  return {
    type: form.type,
    x: form.x,
    period: form.period,
    agg: form.agg,
    ...(form.agg !== 'count' && form.y ? { y: form.y } : {}),
    ...(form.series ? { series: form.series } : {}),
    limit: String(form.limit),
    order: form.order,
  };
}

/** What the chart shows, in words: its caption, and the base of its accessible name. */
export function chartTitle(lang: Lang, form: ChartForm, fields: readonly FieldOption[]): string {
  const name = (fieldName: string | undefined): string => {
    const field = fields.find((f) => f.name === fieldName);
    if (!field) return fieldName ?? '';
    if (field.type !== 'date' && field.type !== 'datetime') return field.label;
    return tt(lang, form.period === 'month' ? 'byMonth' : 'byYear', { field: field.label });
  };
  const title = tt(lang, `title_${form.agg}`, { x: name(form.x), y: name(form.y) });
  return form.series ? tt(lang, 'titleSeries', { title, series: name(form.series) }) : title;
}

export function chartImageLabel(lang: Lang, type: ChartType, title: string, categories: number): string {
  return tt(lang, 'imageLabel', { type: tt(lang, `typeName_${type}`), title, n: formatNumber(lang, categories) });
}

/** The name of the value column of a one-series chart. */
export function valueName(lang: Lang, form: ChartForm, fields: readonly FieldOption[]): string {
  if (form.agg === 'count') return tt(lang, 'agg_count');
  return `${tt(lang, `agg_${form.agg}`)} (${fields.find((f) => f.name === form.y)?.label ?? form.y ?? ''})`;
}

/** A group key as a category's name: a missing value is said so. */
export function categoryName(lang: Lang, value: unknown): string {
  return value === null || value === undefined || value === '' ? tt(lang, 'empty') : String(value);
}

export function AnalyzeView(props: AnalyzeViewProps): JSX.Element {
  const { site, form, chart } = props;
  const { lang } = site;
  const allFields = [...props.xFields, ...props.yFields];
  // A pie or a scatter drew no series: its caption does not name one.
  const title = chartTitle(lang, props.seriesIgnored ? { ...form, series: undefined } : form, allFields);
  const filtered = [...props.filters.keys()].some((k) => k === 'q' || k.startsWith('refine.') || k.startsWith('exclude.'));
  return (
    <>
      {!props.embed && <ChartFormView {...props} />}
      {props.error && (
        <p class="error-box" role="alert">
          {props.error}
        </p>
      )}
      {props.problems.length > 0 && (
        <div class="error-box" role="alert">
          {props.problems.map((problem, i) => (
            <p key={i}>{problemText(lang, problem)}</p>
          ))}
        </div>
      )}
      {props.seriesIgnored && <p class="chart-note">{tt(lang, 'seriesIgnored')}</p>}
      {chart && chart.categories.length === 0 && <p class="chart-note">{tt(lang, 'noRecords')}</p>}
      {chart && chart.categories.length > 0 && (
        <>
          <figure class="chart">
            <figcaption>
              {title}
              {filtered && ` (${tt(lang, 'filtered')})`}
            </figcaption>
            <div dangerouslySetInnerHTML={{ __html: chart.svg }} />
          </figure>
          {chart.totalCategories > chart.categories.length && <p class="chart-note">{tt(lang, 'shownOf', { shown: formatNumber(lang, chart.categories.length), total: formatNumber(lang, chart.totalCategories) })}</p>}
          {chart.seriesLeftOut > 0 && <p class="chart-note">{tt(lang, 'seriesLeftOut', { n: formatNumber(lang, chart.seriesLeftOut) })}</p>}
          <ValuesTable lang={lang} title={title} xName={allFields.find((f) => f.name === form.x)?.label ?? form.x} chart={chart} />
          {!props.embed && <Share {...props} />}
        </>
      )}
    </>
  );
}

function ValuesTable(props: { lang: Lang; title: string; xName: string; chart: ChartResult }): JSX.Element {
  const { lang, chart } = props;
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label={tt(lang, 'tableRegion')}>
      <table class="chart-values">
        <caption>{tt(lang, 'tableCaption', { title: props.title })}</caption>
        <thead>
          <tr>
            <th scope="col">{props.xName}</th>
            {chart.series.map((s) => (
              <th scope="col" key={s.name}>
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {chart.categories.map((category, i) => (
            <tr key={`${category}-${i}`}>
              <th scope="row">{category}</th>
              {chart.series.map((s) => {
                const value = s.values[i];
                return <td key={s.name}>{typeof value === 'number' ? formatNumber(lang, value) : <span aria-label={tt(lang, 'noValue')}>—</span>}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ChartFormView(props: AnalyzeViewProps): JSX.Element {
  const { site, form, filters } = props;
  const { lang } = site;
  const hidden = [...filters];
  const select = (name: string, options: { value: string; label: string }[], selected: string | undefined, hint?: string) => (
    <div class="control">
      <label for={`chart-${name}`}>{tt(lang, name as 'type')}</label>
      <select id={`chart-${name}`} name={name} aria-describedby={hint ? `chart-${name}-hint` : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === (selected ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && (
        <span class="hint" id={`chart-${name}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
  const fieldOptions = (fields: readonly FieldOption[]) => fields.map((f) => ({ value: f.name, label: f.label }));
  return (
    <section aria-labelledby="chart-settings">
      <h2 id="chart-settings">{tt(lang, 'settings')}</h2>
      <form class="chart-form" method="get" action={href(site, datasetPath(props.dataset, 'analyze', props.embed))}>
        {hidden.map(([key, value], i) => (
          <input key={`${key}-${i}`} type="hidden" name={key} value={value} />
        ))}
        {lang === 'en' && <input type="hidden" name="lang" value="en" />}
        {select('type', (['bar', 'line', 'pie', 'scatter'] as const).map((v) => ({ value: v, label: tt(lang, `type_${v}`) })), form.type)}
        {select('x', fieldOptions(props.xFields), form.x)}
        {props.xFields.some((f) => f.type === 'date' || f.type === 'datetime') && select('period', PERIODS.map((v) => ({ value: v, label: tt(lang, `period_${v}`) })), form.period, tt(lang, 'periodHint'))}
        {select('agg', (props.yFields.length > 0 ? AGGREGATIONS : (['count'] as const)).map((v) => ({ value: v, label: tt(lang, `agg_${v}`) })), form.agg)}
        {props.yFields.length > 0 ? (
          select('y', fieldOptions(props.yFields), form.y ?? props.yFields[0]?.name, tt(lang, 'yHint'))
        ) : (
          <p class="hint">{tt(lang, 'noNumericHint')}</p>
        )}
        {select('series', [{ value: '', label: tt(lang, 'noSeries') }, ...fieldOptions(props.xFields)], form.series, tt(lang, 'seriesHint'))}
        <div class="control">
          <label for="chart-limit">{tt(lang, 'limit')}</label>
          <input id="chart-limit" type="number" name="limit" min={1} max={MAX_CATEGORIES} step={1} value={form.limit} aria-describedby="chart-limit-hint" />
          <span class="hint" id="chart-limit-hint">
            {tt(lang, 'limitHint', { max: MAX_CATEGORIES })}
          </span>
        </div>
        {select('order', ORDERS.map((v) => ({ value: v, label: tt(lang, `order_${v}`) })), form.order)}
        <div class="actions">
          <button type="submit">{tt(lang, 'submit')}</button>
        </div>
      </form>
    </section>
  );
}

function Share(props: AnalyzeViewProps): JSX.Element {
  const { site } = props;
  const { lang } = site;
  const params = new URLSearchParams([...props.filters, ...Object.entries(chartParams(props.form))]);
  const page = absoluteHref(site, datasetPath(props.dataset, 'analyze'), params);
  const embed = absoluteHref(site, datasetPath(props.dataset, 'analyze', true), params);
  const iframe = `<iframe src="${embed.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" title="${props.dataset.title.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" width="100%" height="700" style="border:0"></iframe>`;
  return (
    <details class="share">
      <summary>{tt(lang, 'share')}</summary>
      <p class="control">
        <label for="chart-link">{tt(lang, 'link')}</label>
        <input id="chart-link" type="text" readOnly value={page} />
      </p>
      <p class="control">
        <label for="chart-embed">{tt(lang, 'embedCode')}</label>
        <textarea id="chart-embed" readOnly>
          {iframe}
        </textarea>
      </p>
    </details>
  );
}

function problemText(lang: Lang, problem: ChartProblem): string {
  switch (problem.kind) {
    case 'field':
      return tt(lang, `problem_field_${problem.parameter}`, { value: problem.value });
    case 'numeric':
      return tt(lang, 'problem_numeric', { value: problem.value });
    case 'choice':
      return tt(lang, `problem_choice_${problem.parameter}`, { value: problem.value });
    case 'limit':
      return tt(lang, 'problem_limit', { value: problem.value, max: MAX_CATEGORIES });
    default:
      return tt(lang, `problem_${problem.kind}`);
  }
}
