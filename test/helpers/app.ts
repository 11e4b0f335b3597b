// A platform with one top organisation, an operator key and the built app, for the HTTP tests
// that start from an empty catalog.
import type { FastifyInstance } from 'fastify';
import { createOperatorKey } from '../../src/auth/index.js';
import { createOrganisation, type OrganisationKind } from '../../src/catalog/index.js';
import { buildApp } from '../../src/http/app.js';
import type { TestBackend } from './backends.js';
import { testPlatform, type TestPlatform } from './platform.js';

export interface TestApp {
  t: TestPlatform;
  app: FastifyInstance;
  /** `Authorization: Apikey …` of an operator key. */
  headers: Record<string, string>;
  dispose(): Promise<void>;
}

export async function testApp(options: { backend?: TestBackend; env?: Record<string, string>; organisation?: { name: string; kind: OrganisationKind } } = {}): Promise<TestApp> {
  const t = await testPlatform(options.backend ?? 'sqlite', options.env ?? {});
  const organisation = options.organisation ?? { name: 'Région', kind: 'region' as const };
  await createOrganisation(t.platform.db, organisation);
  const headers = { authorization: `Apikey ${(await createOperatorKey(t.platform.db, 'tests')).key}` };
  const app = await buildApp(t.platform);
  return {
    t,
    app,
    headers,
    async dispose() {
      await app.close();
      await t.dispose();
    },
  };
}
