// A dataset's back-office pages beside its main one: with whom a restricted dataset is shared
// (`/acces`), its processing steps (`/etapes`) and the purge of a version (`/versions/{n}/purger`).
// Each route checks first that the caller edits the dataset (404 for a dataset they cannot see,
// 403 for one they see but may not edit), and each change is audited as the management API's is.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { datasetToEdit, grantAccess, listGrants, recordAction, revokeAccess, type Acting } from '../../../auth/index.js';
import { listVersions, setDatasetSteps, type GranteeKind } from '../../../catalog/index.js';
import { purgeVersion } from '../../../data/index.js';
import { AppError } from '../../../errors.js';
import { parseSteps } from '../../../ingest/index.js';
import type { Platform } from '../../../platform.js';
import { defineTexts, href, renderPage } from '../../../web/index.js';
import { ACCESS_NOTICES, AccessPage, GRANTEE_KINDS, type AccessNotice } from '../../../web/pages/backoffice/access.js';
import { PurgeConfirmation, StepsPage } from '../../../web/pages/backoffice/dataset-tools.js';
import type { FormErrors } from '../../../web/pages/backoffice/fields.js';
import { requireSession } from '../../session.js';
import { siteOf } from '../site.js';
import { errorsOf, field, formBody, privatePage } from './forms.js';

type Params = { Params: { dataset_id: string } };

const tt = defineTexts({
  granteeRequired: { fr: 'Indiquez à qui donner accès.', en: 'Say whom to grant access to.' },
});
type VersionParams = { Params: { dataset_id: string; number: string } };

export async function datasetAccessRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  const acting = (request: FastifyRequest): Acting => ({ caller: request.caller, ip: request.ip });
  const base = (datasetId: string) => `/espace/jeux/${encodeURIComponent(datasetId)}`;
  const status = (errors: FormErrors) => (Object.keys(errors).length > 0 ? 400 : 200);

  // ---- Access to a restricted dataset (src/auth/access-keys.ts checks and audits)

  const accessPage = async (request: FastifyRequest<Params>, reply: FastifyReply, input: { kind?: GranteeKind; grantee?: string; errors?: FormErrors } = {}) => {
    const session = requireSession(request);
    const { dataset, grants } = await listGrants(platform.db, acting(request), request.params.dataset_id);
    const done = field(formBody(request.query), 'fait');
    const errors = input.errors ?? {};
    const page = (
      <AccessPage
        site={siteOf(request)}
        csrf={session.csrf}
        dataset={{ datasetId: dataset.datasetId, title: dataset.title, visibility: dataset.visibility }}
        grants={grants.map((g) => ({ kind: g.kind, grantee: g.grantee, name: g.name, createdAt: g.created_at }))}
        values={{ kind: input.kind ?? 'organisation', grantee: input.grantee ?? '' }}
        errors={errors}
        done={(ACCESS_NOTICES as readonly string[]).includes(done) ? (done as AccessNotice) : undefined}
      />
    );
    return privatePage(reply, status(errors)).send(renderPage(page));
  };
  const granteeOf = (request: FastifyRequest) => {
    const body = formBody(request.body);
    const kindText = field(body, 'kind');
    const kind = (GRANTEE_KINDS as readonly string[]).includes(kindText) ? (kindText as GranteeKind) : 'organisation';
    return { kind, grantee: field(body, 'grantee') };
  };
  const backToAccess = (request: FastifyRequest<Params>, reply: FastifyReply, done: AccessNotice) =>
    reply.redirect(href(siteOf(request), `${base(request.params.dataset_id)}/acces`, { fait: done }), 303);

  app.get<Params>('/espace/jeux/:dataset_id/acces', async (request, reply) => accessPage(request, reply));

  app.post<Params>('/espace/jeux/:dataset_id/acces', async (request, reply) => {
    requireSession(request);
    const { kind, grantee } = granteeOf(request);
    const lang = siteOf(request).lang;
    // Rights first: a refusal or an unknown dataset is the page's error, not the field's.
    await datasetToEdit(platform.db, request.caller, request.params.dataset_id, 'grant.add');
    if (!grantee) return accessPage(request, reply, { kind, grantee, errors: { grantee: tt(lang, 'granteeRequired') } });
    try {
      await grantAccess(platform.db, acting(request), request.params.dataset_id, { kind, reference: grantee });
    } catch (error) {
      return accessPage(request, reply, { kind, grantee, errors: errorsOf(error, lang, 'grantee', { organisation: 'grantee', user: 'grantee', id: 'grantee' }) });
    }
    return backToAccess(request, reply, 'ajoute');
  });

  app.post<Params>('/espace/jeux/:dataset_id/acces/retirer', async (request, reply) => {
    requireSession(request);
    const { kind, grantee } = granteeOf(request);
    await revokeAccess(platform.db, acting(request), request.params.dataset_id, { kind, reference: grantee });
    return backToAccess(request, reply, 'retire');
  });

  // ---- Processing steps (as PUT /api/management/v1/datasets/:id/steps saves them)

  const stepsPage = async (request: FastifyRequest<Params>, reply: FastifyReply, input: { steps?: string; errors?: FormErrors } = {}) => {
    const session = requireSession(request);
    const dataset = await datasetToEdit(platform.db, request.caller, request.params.dataset_id, 'dataset.steps');
    const errors = input.errors ?? {};
    const stored = dataset.steps.length > 0 ? JSON.stringify(dataset.steps, null, 2) : '';
    const page = (
      <StepsPage
        site={siteOf(request)}
        csrf={session.csrf}
        dataset={{ datasetId: dataset.datasetId, title: dataset.title }}
        steps={input.steps ?? stored}
        errors={errors}
        saved={field(formBody(request.query), 'fait') === 'enregistre'}
      />
    );
    return privatePage(reply, status(errors)).send(renderPage(page));
  };

  app.get<Params>('/espace/jeux/:dataset_id/etapes', async (request, reply) => stepsPage(request, reply));

  app.post<Params>('/espace/jeux/:dataset_id/etapes', async (request, reply) => {
    requireSession(request);
    const dataset = await datasetToEdit(platform.db, request.caller, request.params.dataset_id, 'dataset.steps');
    const text = field(formBody(request.body), 'steps');
    let steps;
    try {
      steps = parseSteps(text ? parseJson(text) : []);
    } catch (error) {
      // parseSteps names the step and its key (`steps[2].field`): all of it goes by the one textarea.
      const message = Object.values(errorsOf(error, siteOf(request).lang, 'steps'))[0] ?? '';
      return stepsPage(request, reply, { steps: text, errors: { steps: message } });
    }
    await setDatasetSteps(platform.db, dataset.uid, steps);
    await recordAction(platform.db, request.caller, { action: 'dataset.steps', target: dataset.datasetId, organisationId: dataset.owner.id, ip: request.ip, details: { steps: steps.length } });
    return reply.redirect(href(siteOf(request), `${base(dataset.datasetId)}/etapes`, { fait: 'enregistre' }), 303);
  });

  // ---- Purging a version (src/data/purge.ts), after a confirmation

  const versionToPurge = async (request: FastifyRequest<VersionParams>) => {
    const dataset = await datasetToEdit(platform.db, request.caller, request.params.dataset_id, 'dataset.purge');
    const versions = await listVersions(platform.db, dataset.uid);
    const version = versions.find((v) => String(v.number) === request.params.number);
    if (!version) throw new AppError('VERSION_NOT_FOUND', { dataset_id: dataset.datasetId, number: request.params.number, kept: versions.map((v) => v.number).join(', ') || '—' });
    return { dataset, versions, version };
  };

  app.get<VersionParams>('/espace/jeux/:dataset_id/versions/:number/purger', async (request, reply) => {
    const session = requireSession(request);
    const { dataset, versions, version } = await versionToPurge(request);
    const live = version.id === dataset.liveVersionId;
    // As purgeVersion chooses: the newest version left takes the live one's place.
    const previous = versions.find((v) => v.id !== version.id)?.number ?? null;
    const page = (
      <PurgeConfirmation
        site={siteOf(request)}
        csrf={session.csrf}
        dataset={{ datasetId: dataset.datasetId, title: dataset.title }}
        version={{ number: version.number, records: version.rowCount, createdAt: version.createdAt, live }}
        previous={previous}
      />
    );
    return privatePage(reply).send(renderPage(page));
  });

  app.post<VersionParams>('/espace/jeux/:dataset_id/versions/:number/purger', async (request, reply) => {
    requireSession(request);
    const { dataset, version } = await versionToPurge(request);
    const { purged, live } = await purgeVersion(platform, dataset.uid, dataset.datasetId, version.number);
    await recordAction(platform.db, request.caller, {
      action: 'dataset.purge',
      target: dataset.datasetId,
      organisationId: dataset.owner.id,
      ip: request.ip,
      details: { version: version.number, checksum: purged.checksum, live: live?.number ?? null },
    });
    return reply.redirect(href(siteOf(request), base(dataset.datasetId), { fait: 'purge' }), 303);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = (error as Error).message;
    throw new AppError('INVALID_FIELD', { field: 'steps', value: 'text that is not JSON', value_fr: 'un texte qui n’est pas du JSON', expected: `a JSON array (${detail})`, expected_fr: `un tableau JSON (${detail})` }, { field: 'steps' });
  }
}
