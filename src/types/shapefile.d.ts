// The parts of `shapefile` (Mike Bostock's streaming reader, no types of its own) that we use.
declare module 'shapefile' {
  export interface ShapefileSource {
    bbox: number[];
    read(): Promise<{ done: boolean; value: { type: 'Feature'; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } | null } }>;
    cancel(): Promise<void>;
  }
  export function open(shp: string, dbf?: string, options?: { encoding?: string }): Promise<ShapefileSource>;
}
