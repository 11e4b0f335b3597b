// The map tab's script, the portal's only client code (bundled with MapLibre by src/web/assets.ts).
// It reads its settings from the page's `<script type="application/json" id="map-config">` and asks
// the portal's own Explore API, with the page's filters, for what it draws:
// - a geo_point_2d field: clusters of the visible box (`group_by=geo_cluster(field, zoom)`, counted
//   by the server, query/geo-cluster.ts), redrawn after each move; the records themselves (at most
//   100, the records API's page) once few enough are in view or the map is zoomed in far;
// - a geo_shape field: the shapes as GeoJSON (the export, at most SHAPE_LIMIT), filled and outlined.
// Clusters and points are HTML markers, not a symbol layer: their count needs no font server (the
// map works offline on a plain background) and each is a focusable button for keyboard users.
// When a drawing is done the container says so (`data-state="ready"`, `data-points`), for tests.
import { LngLatBounds, Map as MapLibreMap, Marker, NavigationControl, Popup, type GeoJSONSource, type LngLatBoundsLike, type StyleSpecification } from 'maplibre-gl';
import type { FeatureCollection, Geometry, Position } from 'geojson';

/** What the page gives the script (src/web/pages/dataset/map.tsx writes it). */
export interface MapConfig {
  datasetId: string;
  /** The Explore API of this portal: `/portals/{slug}/api/explore/v2.1` or `/api/explore/v2.1`. */
  apiBase: string;
  /** The field drawn, and the other geo fields of the dataset. */
  geoField: { name: string; type: 'geo_point_2d' | 'geo_shape' };
  geoFields: { name: string; label: string; type: string }[];
  /** The fields a point's popup lists, in the dataset's order. */
  fields: { name: string; label: string }[];
  /** The page's filters as a v2.1 query string (where, refine, exclude…), without `?`. */
  filters: string;
  /** A MapLibre style URL (TERRITOIRES_MAP_STYLE_URL); empty: a plain background, no tiles. */
  styleUrl: string;
  primaryColor: string;
  lang: 'fr' | 'en';
  texts: {
    map: string;
    /** `{n}`: the count, as the page writes numbers. */
    cluster: string;
    record: string;
    zoomIn: string;
    zoomOut: string;
    closePopup: string;
    failed: string;
    truncated: string;
  };
}

/** The records API's largest page (ODS v2.1 §3: limit ≤ 100). */
const POINT_LIMIT = 100;
const SHAPE_LIMIT = 5000;
/** From this zoom on, records are drawn one by one whatever their number (about a street). */
const DETAIL_ZOOM = 16;
const MOVE_DEBOUNCE_MS = 250;
const POPUP_FIELDS = 12;
// Web Mercator's limit (query/geo-cluster.ts): a box beyond it would be refused or pointless.
const MAX_LATITUDE = 85.0511;
// Metropolitan France, before the data is known.
const FRANCE: LngLatBoundsLike = [
  [-5.2, 41.3],
  [9.6, 51.1],
];

type Box = { west: number; south: number; east: number; north: number };
interface Cluster {
  n: number;
  lon: number;
  lat: number;
  bbox: [number, number, number, number];
}

function start(): void {
  const container = document.getElementById('map');
  const configElement = document.getElementById('map-config');
  if (!container || !configElement) return;
  const config = JSON.parse(configElement.textContent ?? '{}') as MapConfig;
  container.dataset.state = 'loading';
  container.classList.add('map-live');
  const map = new MapLibreMap({
    container,
    style: config.styleUrl || plainStyle(),
    bounds: FRANCE,
    keyboard: true,
    locale: { 'Map.Title': config.texts.map, 'NavigationControl.ZoomIn': config.texts.zoomIn, 'NavigationControl.ZoomOut': config.texts.zoomOut, 'Popup.Close': config.texts.closePopup },
  });
  map.addControl(new NavigationControl({ showCompass: false }));
  const api = new Api(config);
  map.on('load', () => {
    const drawing = config.geoField.type === 'geo_shape' ? drawShapes(map, api, config, container) : drawPoints(map, api, config, container);
    drawing.catch(report(container, config));
  });
}

/** The Explore API of the page's dataset, with the page's filters on every call. */
class Api {
  constructor(private readonly config: MapConfig) {}

  async get(path: string, params: Record<string, string>, where: string[] = []): Promise<unknown> {
    const query = new URLSearchParams(this.config.filters);
    for (const w of where) query.append('where', w);
    for (const [key, value] of Object.entries(params)) query.set(key, value);
    const url = `${this.config.apiBase}/catalog/datasets/${encodeURIComponent(this.config.datasetId)}/${path}?${query}`;
    const response = await fetch(url, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  }

  /** The clusters of the records in a box (or everywhere), at a zoom and precision of geo_cluster(). */
  async clusters(zoom: number, precision: number, box?: Box): Promise<Cluster[]> {
    const field = odsqlName(this.config.geoField.name);
    const body = (await this.get('records', { select: 'count(*) as n', group_by: `geo_cluster(${field}, ${zoom}, ${precision}) as cluster`, limit: '20000' }, box ? [inBox(field, box)] : [])) as { results: { n: number; cluster: Omit<Cluster, 'n'> | null }[] };
    return body.results.filter((r) => r.cluster !== null).map((r) => ({ n: r.n, ...(r.cluster as Omit<Cluster, 'n'>) }));
  }
}

async function drawPoints(map: MapLibreMap, api: Api, config: MapConfig, container: HTMLElement): Promise<void> {
  const field = config.geoField.name;
  let markers: Marker[] = [];
  let turn = 0;
  const extent = await dataExtent(api);
  if (extent) map.fitBounds(extent, { padding: 40, maxZoom: 15, duration: 0 });

  const redraw = async () => {
    const mine = ++turn;
    container.dataset.state = 'loading';
    const box = visibleBox(map);
    const zoom = Math.max(0, Math.min(25, Math.floor(map.getZoom())));
    const clusters = await api.clusters(zoom, 3, box);
    const inView = clusters.reduce((sum, c) => sum + c.n, 0);
    let next: Marker[];
    let drawn: number;
    if (inView <= POINT_LIMIT || zoom >= DETAIL_ZOOM) {
      const page = (await api.get('records', { limit: String(POINT_LIMIT) }, [inBox(odsqlName(field), box)])) as { total_count: number; results: Record<string, unknown>[] };
      if (mine !== turn) return;
      next = page.results.flatMap((record) => {
        const point = record[field] as { lon: number; lat: number } | null;
        return point ? [pointMarker(config, record, point)] : [];
      });
      drawn = next.length;
      container.title = page.total_count > drawn ? fill(config.texts.truncated, { n: drawn, total: page.total_count }) : '';
    } else {
      if (mine !== turn) return;
      const largest = Math.max(...clusters.map((c) => c.n));
      next = clusters.map((c) => clusterMarker(map, config, c, largest));
      drawn = inView;
      container.title = '';
    }
    for (const marker of markers) marker.remove();
    markers = next;
    for (const marker of markers) marker.addTo(map);
    container.dataset.points = String(drawn);
    container.dataset.state = 'ready';
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  map.on('moveend', () => {
    clearTimeout(timer);
    timer = setTimeout(() => redraw().catch(report(container, config)), MOVE_DEBOUNCE_MS);
  });
  await redraw();
}

/** Where the records are: clusters over the world, then inside the one cell if they all fall in one. */
async function dataExtent(api: Api): Promise<LngLatBounds | undefined> {
  let box: Box | undefined;
  let clusters: Cluster[] = [];
  // Cells of 1.4° at the first pass (zoom 0, 2^8 cells), then 2^8 times finer inside a lone cell.
  for (const zoom of [0, 8]) {
    clusters = await api.clusters(zoom, 8, box);
    if (clusters.length !== 1) break;
    const [west, south, east, north] = (clusters[0] as Cluster).bbox;
    box = { west, south, east, north };
  }
  if (clusters.length === 0) return undefined;
  const bounds = new LngLatBounds();
  for (const c of clusters) bounds.extend([c.lon, c.lat]);
  return bounds;
}

async function drawShapes(map: MapLibreMap, api: Api, config: MapConfig, container: HTMLElement): Promise<void> {
  const collection = (await api.get('exports/geojson', { limit: String(SHAPE_LIMIT) })) as FeatureCollection;
  map.addSource('records', { type: 'geojson', data: collection });
  const source = map.getSource('records') as GeoJSONSource | undefined;
  if (!source) throw new Error('the GeoJSON source was not added');
  map.addLayer({ id: 'records-fill', type: 'fill', source: 'records', filter: ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]], paint: { 'fill-color': config.primaryColor, 'fill-opacity': 0.3 } });
  map.addLayer({ id: 'records-line', type: 'line', source: 'records', paint: { 'line-color': config.primaryColor, 'line-width': 2 } });
  map.addLayer({ id: 'records-point', type: 'circle', source: 'records', filter: ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]], paint: { 'circle-color': config.primaryColor, 'circle-radius': 6, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } });
  for (const layer of ['records-fill', 'records-line', 'records-point']) {
    map.on('click', layer, (event) => {
      const feature = event.features?.[0];
      if (!feature) return;
      new Popup({ maxWidth: '20rem' }).setLngLat(event.lngLat).setDOMContent(recordDetails(config, feature.properties ?? {})).addTo(map);
    });
    map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
  }
  const bounds = new LngLatBounds();
  for (const feature of collection.features) if (feature.geometry) eachPosition(feature.geometry, (p) => bounds.extend([p[0] ?? 0, p[1] ?? 0]));
  if (!bounds.isEmpty()) map.fitBounds(bounds, { padding: 40, maxZoom: 15, duration: 0 });
  container.dataset.points = String(collection.features.length);
  container.dataset.state = 'ready';
}

function clusterMarker(map: MapLibreMap, config: MapConfig, cluster: Cluster, largest: number): Marker {
  const element = document.createElement('div');
  element.className = 'map-cluster';
  // Area proportional to the count, between 28 and 64 pixels across.
  const size = Math.round(28 + 36 * Math.sqrt(cluster.n / Math.max(largest, 1)));
  element.style.width = element.style.height = `${size}px`;
  element.style.borderColor = config.primaryColor;
  const count = formatCount(config, cluster.n);
  element.textContent = count;
  element.setAttribute('aria-label', fill(config.texts.cluster, { n: count }));
  element.tabIndex = 0;
  const zoomIn = () => {
    const [west, south, east, north] = cluster.bbox;
    map.fitBounds([west, south, east, north], { padding: 20, maxZoom: Math.min(map.getZoom() + 3, 22) });
  };
  element.addEventListener('click', (event) => {
    event.stopPropagation();
    zoomIn();
  });
  element.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    event.stopPropagation();
    zoomIn();
  });
  return new Marker({ element }).setLngLat([cluster.lon, cluster.lat]);
}

function pointMarker(config: MapConfig, record: Record<string, unknown>, point: { lon: number; lat: number }): Marker {
  const element = document.createElement('div');
  element.className = 'map-point';
  element.style.backgroundColor = config.primaryColor;
  const title = firstText(config, record);
  element.setAttribute('aria-label', title ? `${config.texts.record} : ${title}` : config.texts.record);
  const popup = new Popup({ maxWidth: '20rem', offset: 10 }).setDOMContent(recordDetails(config, record));
  return new Marker({ element }).setLngLat([point.lon, point.lat]).setPopup(popup);
}

/** A record's fields as a definition list, built as text (never as HTML: the values are the publisher's). */
function recordDetails(config: MapConfig, record: Record<string, unknown>): HTMLElement {
  const list = document.createElement('dl');
  list.className = 'map-popup';
  const geo = new Set(config.geoFields.map((f) => f.name));
  for (const field of config.fields.filter((f) => !geo.has(f.name)).slice(0, POPUP_FIELDS)) {
    const value = record[field.name];
    if (value === null || value === undefined || value === '') continue;
    const term = document.createElement('dt');
    term.textContent = field.label;
    const description = document.createElement('dd');
    description.textContent = Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
    list.append(term, description);
  }
  return list;
}

/** The first text value of a record, to name its marker. */
function firstText(config: MapConfig, record: Record<string, unknown>): string {
  for (const field of config.fields) {
    const value = record[field.name];
    if (typeof value === 'string' && value.trim() !== '') return value.slice(0, 80);
  }
  return '';
}

/** The visible box, within the limits of the world and of Web Mercator. */
function visibleBox(map: MapLibreMap): Box {
  const bounds = map.getBounds();
  const clamp = (value: number, limit: number) => Math.max(-limit, Math.min(limit, value));
  return { west: clamp(bounds.getWest(), 180), south: clamp(bounds.getSouth(), MAX_LATITUDE), east: clamp(bounds.getEast(), 180), north: clamp(bounds.getNorth(), MAX_LATITUDE) };
}

// ODSQL §4: in_bbox(field, lat1, lon1, lat2, lon2), two opposite corners, latitude first.
function inBox(field: string, box: Box): string {
  return `in_bbox(${field}, ${box.south}, ${box.west}, ${box.north}, ${box.east})`;
}

/** A field name as ODSQL reads it: in backquotes when it is not a plain name. */
function odsqlName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/i.test(name) ? name : `\`${name.replace(/`/g, '\\`')}\``;
}

function eachPosition(geometry: Geometry, visit: (position: Position) => void): void {
  if (geometry.type === 'GeometryCollection') {
    for (const g of geometry.geometries) eachPosition(g, visit);
    return;
  }
  const walk = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') visit(value as Position);
    else if (Array.isArray(value)) for (const v of value) walk(v);
  };
  walk(geometry.coordinates);
}

function plainStyle(): StyleSpecification {
  return { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } }] };
}

function formatCount(config: MapConfig, n: number): string {
  return new Intl.NumberFormat(config.lang === 'en' ? 'en-GB' : 'fr-FR').format(n);
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function report(container: HTMLElement, config: MapConfig): (error: unknown) => void {
  return (error) => {
    console.error(error);
    container.dataset.state = 'error';
    showMessage(container, config.texts.failed);
  };
}

function showMessage(container: HTMLElement, text: string): void {
  const message = document.getElementById('map-message');
  if (message) message.textContent = text;
  else container.setAttribute('aria-description', text);
}

// Last: the classes above exist only once their declaration has run.
start();
