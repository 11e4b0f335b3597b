// The map tab: the records of a dataset with a geo field, drawn in the browser by the map script
// (src/web/islands/map.ts) from the portal's own Explore API with the page's filters; the page
// itself says in words how many records are located. The only page that loads a script.
import type { Field } from '../../../catalog/index.js';
import { queryRecords, type ExploreQuery } from '../../../query/index.js';
import { webAssets } from '../../../web/assets.js';
import { MAP_STYLES, MapHead, MapTab, mapTexts } from '../../../web/pages/dataset/map.js';
import { EXPLORE_BASE, exploreParams } from '../dataset-api-url.js';
import type { DatasetTab } from '../dataset-tab.js';

const NO_ROWS = { limit: 0, offset: 0 };

export const mapTab: DatasetTab = async ({ platform, site, dataset, embed, filters, query, queryError }) => {
  const fields = dataset.live?.fields ?? [];
  const geoFields = fields.filter((f) => f.type === 'geo_point_2d' || f.type === 'geo_shape');
  // Points first: clusters draw any number of them; shapes are drawn one by one (at most 5,000).
  const geoField = geoFields.find((f) => f.type === 'geo_point_2d') ?? geoFields[0];
  const base = { site, dataset, embed, filters, total: 0, located: 0 };
  if (queryError || !geoField) return { body: <MapTab {...base} queryError={queryError} geoField={geoField} />, styles: MAP_STYLES };

  const [all, located, assets] = await Promise.all([
    queryRecords(platform, dataset, NO_ROWS, query),
    queryRecords(platform, dataset, NO_ROWS, { ...query, where: [...query.where, `${odsqlName(geoField.name)} is not null`] }),
    webAssets(),
  ]);
  const config = {
    datasetId: dataset.datasetId,
    apiBase: `${site.prefix}${EXPLORE_BASE}`,
    geoField: { name: geoField.name, type: geoField.type as 'geo_point_2d' | 'geo_shape' },
    geoFields: geoFields.map((f) => ({ name: f.name, label: f.label, type: f.type })),
    fields: fields.map((f: Field) => ({ name: f.name, label: f.label })),
    filters: mapFilters(query),
    styleUrl: platform.config.mapStyleUrl,
    primaryColor: site.portal?.primaryColor ?? '#000091',
    lang: site.lang,
    texts: mapTexts(site.lang, dataset.title),
  };
  return {
    head: <MapHead script={assets.mapScript} styles={assets.mapStyles} />,
    body: <MapTab {...base} total={all.totalCount} located={located.totalCount} geoField={geoField} config={config} />,
    styles: MAP_STYLES,
  };
};

/** The page's filters as the API's parameters; the order of the records does not matter on a map. */
function mapFilters(query: ExploreQuery): string {
  return exploreParams({ ...query, orderBy: undefined, select: undefined, groupBy: undefined }).toString();
}

/** A field name as ODSQL reads it: in backquotes when it is not a plain name. */
function odsqlName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/i.test(name) ? name : `\`${name.replace(/`/g, '\\`')}\``;
}
