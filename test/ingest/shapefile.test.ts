// Zipped Shapefiles: reprojected from their .prj to WGS84, attributes in Windows-1252, and the
// bad zips of a SIG export refused: no .shp, no .prj (asked, not guessed), a zip bomb.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import proj4 from 'proj4';
import { createOrganisation } from '../../src/catalog/index.js';
import { previewFile, publishFile } from '../../src/ingest/index.js';
import { testPlatform, temporaryDir, type TestPlatform } from '../helpers/platform.js';
import { writeShapefile, zip } from '../helpers/shapefile.js';

const LAMBERT93_PRJ =
  'PROJCS["RGF93_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
  'PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",700000.0],PARAMETER["False_Northing",6600000.0],PARAMETER["Central_Meridian",3.0],' +
  'PARAMETER["Standard_Parallel_1",44.0],PARAMETER["Standard_Parallel_2",49.0],PARAMETER["Latitude_Of_Origin",46.5],UNIT["Meter",1.0]]';
const L93 = '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +units=m +no_defs';

describe('zipped Shapefiles', () => {
  let t: TestPlatform;
  let dir: string;
  let parts: Record<string, Buffer>;
  const places: [string, number, number][] = [['Hôtel de ville de Nantes', -1.5536, 47.2184], ['Préfecture de Vendée', -1.4270, 46.6705]];
  before(async () => {
    t = await testPlatform('sqlite', {}, { maxExtractedBytes: 1_000_000 });
    await createOrganisation(t.platform.db, { name: 'Région', kind: 'region' });
    dir = temporaryDir();
    parts = writeShapefile(dir, 'equipements', places.map(([nom, lon, lat], i) => {
      const [x, y] = proj4('EPSG:4326', L93, [lon, lat]) as [number, number];
      return { x, y, properties: { nom, places: 100 * (i + 1) } };
    }));
  });
  after(async () => t?.dispose());

  test('a Lambert-93 layer with its .prj becomes WGS84 points, attributes and accents kept', async () => {
    const file = await zip(path.join(dir, 'equipements.zip'), { ...parts, 'equipements.prj': LAMBERT93_PRJ });
    const result = await publishFile(t.platform, { file, datasetId: 'equipements' }, t.platform.publishOptions);
    assert.equal(result.read.format, 'shapefile');
    assert.deepEqual(result.version.fields.map((f) => `${f.name}:${f.type}`), ['nom:text', 'places:int', 'geometry:geo_point_2d']);
    const rows = await t.platform.engine.query('select * from read_parquet($1)', [t.platform.blobs.absolute(result.version.file)]);
    for (const [index, [nom, lon, lat]] of places.entries()) {
      assert.equal(rows[index]?.nom, nom);
      const point = rows[index]?.geometry as { lon: number; lat: number };
      assert.ok(Math.abs(point.lon - lon) < 1e-6 && Math.abs(point.lat - lat) < 1e-6, JSON.stringify(point));
    }
  });

  test('without a .prj the system is asked, not guessed; given, it is used', async () => {
    const file = await zip(path.join(dir, 'sans-prj.zip'), parts);
    await assert.rejects(previewFile(t.platform, file), (error: Error & { code?: string; messageFr?: string }) => {
      assert.equal(error.code, 'INGEST_SHAPEFILE_NO_PRJ');
      assert.match(error.messageFr ?? '', /EPSG:2154 pour le Lambert-93/);
      return true;
    });
    const preview = await previewFile(t.platform, file, { projection: 'EPSG:2154' });
    assert.equal((preview.fields[2]?.samples[0] as { lat: number }).lat.toFixed(4), '47.2184');
  });

  test('a zip without a Shapefile, and a zip bomb, are refused', async () => {
    const noShp = await zip(path.join(dir, 'docs.zip'), { 'lisez-moi.txt': 'pas de couche ici' });
    await assert.rejects(previewFile(t.platform, noShp), { code: 'INGEST_ZIP_NO_SHAPEFILE' });
    // 5 MB of zeros compress to a few kilobytes: past the 1 MB these tests allow once extracted.
    const bomb = await zip(path.join(dir, 'bomb.zip'), { ...parts, 'equipements.dbf': Buffer.alloc(5_000_000), 'equipements.prj': LAMBERT93_PRJ });
    await assert.rejects(publishFile(t.platform, { file: bomb, datasetId: 'bomb' }, t.platform.publishOptions), { code: 'INGEST_ZIP_TOO_LARGE' });
  });
});
