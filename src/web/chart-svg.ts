// A chart drawn on the server as SVG by ECharts' server-side rendering, so that the analyze tab
// shows it without a script and an embed is one HTML page. Values are numbers in the page's
// language (`1 234,5` in French), the portal's primary colour comes first, animation is off (a
// string has no frames). The SVG is marked as one image with its accessible name: the page puts
// the same values in a table right below it, the chart's text alternative.
import type * as EChartsModule from 'echarts';
import { formatNumber, type Lang } from './i18n.js';

export type ChartType = 'bar' | 'line' | 'pie' | 'scatter';
export const CHART_TYPES: readonly ChartType[] = ['bar', 'line', 'pie', 'scatter'];

export interface ChartSeries {
  name: string;
  /** One value per category; null where the group has none. */
  values: (number | null)[];
}

export interface ChartSpec {
  type: ChartType;
  categories: string[];
  /** One series, or one per value of the series field (bar and line). A pie draws the first. */
  series: ChartSeries[];
  lang: Lang;
  primaryColor: string;
  /** The accessible name of the image: what it shows, in words. */
  label: string;
  xName?: string;
  yName?: string;
  width?: number;
  height?: number;
}

// After the portal's colour: the DSFR's illustration colours, each distinct from its neighbours.
const PALETTE = ['#e1000f', '#18753c', '#b34000', '#6a6af4', '#a558a0', '#009081', '#716043', '#ce614a', '#417dc4', '#66673d'];
const TEXT = '#3a3a3a';

type ECharts = typeof EChartsModule;
let loading: Promise<ECharts> | undefined;

/**
 * ECharts is loaded on the first chart, not with the server: most requests never draw one. Its
 * one-file ES build: the package's default entry is some 600 modules, which take seconds to load
 * where the bundle takes a few hundred milliseconds. The bundle has no type declarations of its
 * own; it is the same library as the entry's, whose types it is given.
 */
function echarts(): Promise<ECharts> {
  const bundle: string = 'echarts/dist/echarts.esm.min.mjs';
  loading ??= import(bundle).then((module: unknown) => module as ECharts);
  return loading;
}

export async function renderChartSvg(spec: ChartSpec): Promise<string> {
  const lib = await echarts();
  const width = spec.width ?? 960;
  const height = spec.height ?? 440;
  const chart = lib.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(chartOption(spec));
    return labelled(chart.renderToSVGString(), spec.label);
  } finally {
    chart.dispose();
  }
}

/** The ECharts option of a chart: exported for the tests of its shape. */
export function chartOption(spec: ChartSpec): EChartsModule.EChartsCoreOption {
  const number = (value: unknown): string => (typeof value === 'number' ? formatNumber(spec.lang, value) : '');
  const primary = /^#[0-9a-fA-F]{3,8}$/.test(spec.primaryColor) ? spec.primaryColor : '#000091';
  const color = [primary, ...PALETTE.filter((c) => c.toLowerCase() !== primary.toLowerCase())];
  const common = { animation: false, color, textStyle: { fontFamily: 'system-ui, sans-serif', color: TEXT, fontSize: 13 } };
  const legend = spec.series.length > 1 ? { legend: { top: 0, type: 'plain', textStyle: { color: TEXT } } } : {};

  if (spec.type === 'pie') {
    const values = spec.series[0]?.values ?? [];
    return {
      ...common,
      series: [
        {
          type: 'pie',
          radius: ['0%', '62%'],
          center: ['50%', '52%'],
          // A slice without a value is no slice.
          data: spec.categories.flatMap((name, i) => (typeof values[i] === 'number' ? [{ name, value: values[i] }] : [])),
          label: { formatter: (p: { name: string; value: unknown }) => `${p.name} : ${number(p.value)}`, color: TEXT, overflow: 'truncate', width: 260 },
        },
      ],
    };
  }

  const many = spec.categories.length > 8;
  const withLabels = spec.type === 'bar' && spec.series.length === 1 && spec.categories.length <= 30;
  return {
    ...common,
    ...legend,
    // Rotated labels leave no room for the axis name under them: the caption and the table name it then.
    grid: { left: 16, right: 24, top: spec.series.length > 1 ? 64 : 48, bottom: spec.xName && !many ? 32 : 16, containLabel: true },
    xAxis: {
      type: 'category',
      data: spec.categories,
      name: many ? undefined : spec.xName,
      nameLocation: 'middle',
      nameGap: 32,
      // Every name while they can be read; past 40, ECharts skips some (the table has them all).
      axisLabel: { color: TEXT, interval: spec.categories.length > 40 ? 'auto' : 0, rotate: many ? 40 : 0, overflow: 'truncate', width: many ? 110 : Math.floor(((spec.width ?? 960) - 80) / Math.max(spec.categories.length, 1)) - 8 },
      axisLine: { lineStyle: { color: '#666' } },
    },
    yAxis: {
      type: 'value',
      name: spec.yName,
      nameGap: 24,
      nameTextStyle: { color: TEXT, align: 'left' },
      axisLabel: { color: TEXT, formatter: (value: number) => number(value) },
      splitLine: { lineStyle: { color: '#ddd' } },
    },
    series: spec.series.map((s) => ({
      type: spec.type,
      name: s.name,
      data: s.values,
      ...(spec.type === 'scatter' ? { symbolSize: 12 } : {}),
      ...(spec.type === 'line' ? { symbolSize: 6, connectNulls: false } : {}),
      ...(withLabels ? { label: { show: true, position: 'top', color: TEXT, formatter: (p: { value: unknown }) => number(p.value) } } : {}),
    })),
  };
}

/** The SVG as one image with its name (its own texts are then not read one by one: the table says them). */
function labelled(svg: string, label: string): string {
  return svg.replace(/^<svg\b/, `<svg role="img" aria-label="${escapeAttribute(label)}" focusable="false"`);
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
