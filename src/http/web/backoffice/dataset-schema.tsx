// `/espace/jeux/{id}/schema`: the Table Schema a dataset declares and its publishing policy, and
// each version's validation report. The dataset's editors choose the schema; the policy (block a
// file with errors, or publish it with its report) is its organisation's administrators' choice
// (canAdministerOrganisation), and so is the schema while the policy blocks: an editor removing it
// would lift the block. A change is audited as the other back-office changes are.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canAdministerOrganisation, datasetToEdit, recordAction } from '../../../auth/index.js';
import { listVersions, updateDataset, versionValidation, type Dataset, type SchemaPolicy } from '../../../catalog/index.js';
import { AppError } from '../../../errors.js';
import type { Platform } from '../../../platform.js';
import { findSchema, listSchemas } from '../../../schema/index.js';
import { defineTexts, href, renderPage } from '../../../web/index.js';
import { DatasetSchemaPage, SCHEMA_NOTICES, VersionReportPage, type LastValidation, type SchemaNotice } from '../../../web/pages/backoffice/schema.js';
import type { FormErrors } from '../../../web/pages/backoffice/fields.js';
import { schemaDisplayName } from '../../../web/pages/dataset/schema-badge.js';
import { requireSession } from '../../session.js';
import { isReport } from '../dataset-conformity.js';
import { siteOf } from '../site.js';
import { field, formBody, privatePage } from './forms.js';

type Params = { Params: { dataset_id: string } };
type VersionParams = { Params: { dataset_id: string; number: string } };

const POLICIES: readonly SchemaPolicy[] = ['warn', 'block'];

const tt = defineTexts({
  chooseSchema: { fr: 'Choisissez un schéma de la liste, ou aucun.', en: 'Choose a schema from the list, or none.' },
  choosePolicy: { fr: 'Choisissez de bloquer la publication ou de publier quand même.', en: 'Choose to block the publish or to publish anyway.' },
});

// The refused action, in the words FORBIDDEN shows (src/auth/action-words.ts has no entry for it).
const SET_POLICY = { action: 'change what a file with errors does for this dataset', action_fr: 'changer ce que devient un fichier avec des erreurs pour ce jeu de données' };
const CHANGE_BLOCKED_SCHEMA = { action: 'change the schema of a dataset whose publishing blocks on errors', action_fr: 'changer le schéma d’un jeu de données dont la publication est bloquée en cas d’erreur' };

export async function datasetSchemaRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  const base = (datasetId: string) => `/espace/jeux/${encodeURIComponent(datasetId)}`;
  const editing = (request: FastifyRequest<Params>) => datasetToEdit(platform.db, request.caller, request.params.dataset_id, 'dataset.update');

  const page = async (request: FastifyRequest<Params>, reply: FastifyReply, input: { values?: { schema: string; policy: SchemaPolicy }; errors?: FormErrors } = {}) => {
    const session = requireSession(request);
    const dataset = await editing(request);
    const schemas = (await listSchemas(platform.db)).map((entry) => ({ name: entry.name, label: `${schemaDisplayName(entry, entry.version)} (${entry.name})` }));
    const done = field(formBody(request.query), 'fait');
    const errors = input.errors ?? {};
    const view = (
      <DatasetSchemaPage
        site={siteOf(request)}
        csrf={session.csrf}
        dataset={{ datasetId: dataset.datasetId, title: dataset.title }}
        schemas={schemas}
        values={input.values ?? { schema: dataset.metas.schema ?? '', policy: policyOf(dataset) }}
        canSetPolicy={canAdministerOrganisation(request.caller, dataset.owner.id)}
        errors={errors}
        last={await lastValidation(dataset)}
        done={(SCHEMA_NOTICES as readonly string[]).includes(done) ? (done as SchemaNotice) : undefined}
      />
    );
    return privatePage(reply, Object.keys(errors).length > 0 ? 400 : 200).send(renderPage(view));
  };

  /** The newest version and its report (listVersions gives the newest first). */
  const lastValidation = async (dataset: Dataset): Promise<LastValidation | null> => {
    const [newest] = await listVersions(platform.db, dataset.uid);
    if (!newest) return null;
    const stored = await versionValidation(platform.db, newest.id);
    const report = isReport(stored) ? stored : null;
    return { number: newest.number, createdAt: newest.createdAt, live: newest.id === dataset.liveVersionId, report, schemaLabel: await reportSchemaLabel(dataset, report) };
  };

  /** The report's schema as pages name it: the registry's title when the dataset still declares it, else the report's own words. */
  const reportSchemaLabel = async (dataset: Dataset, report: { schema: { title: string | null; name: string | null; version: string | null } } | null): Promise<string> => {
    const entry = dataset.metas.schema ? (await findSchema(platform.db, dataset.metas.schema).catch(() => undefined))?.entry : undefined;
    const name = entry?.name ?? report?.schema.name ?? dataset.metas.schema ?? '';
    return schemaDisplayName({ name, title: report?.schema.title ?? entry?.title ?? null, homepage: entry?.homepage ?? null }, report?.schema.version ?? entry?.version ?? null);
  };

  app.get<Params>('/espace/jeux/:dataset_id/schema', async (request, reply) => page(request, reply));

  app.post<Params>('/espace/jeux/:dataset_id/schema', async (request, reply) => {
    requireSession(request);
    const dataset = await editing(request);
    const lang = siteOf(request).lang;
    const body = formBody(request.body);
    const admin = canAdministerOrganisation(request.caller, dataset.owner.id);
    const current = { schema: dataset.metas.schema ?? '', policy: policyOf(dataset) };
    // An editor's form has no policy field: the current one stays.
    const policyText = body.schemaPolicy === undefined ? current.policy : field(body, 'schemaPolicy');
    const schemaText = field(body, 'schema');
    const errors: FormErrors = {};
    const found = schemaText ? await findSchema(platform.db, schemaText).catch(() => undefined) : undefined;
    if (schemaText && !found) errors.schema = tt(lang, 'chooseSchema');
    if (!(POLICIES as readonly string[]).includes(policyText)) errors.schemaPolicy = tt(lang, 'choosePolicy');
    const values = { schema: schemaText, policy: (POLICIES as readonly string[]).includes(policyText) ? (policyText as SchemaPolicy) : current.policy };
    // Rights before the form's errors: a forged post is refused whatever it holds.
    if (!admin && values.policy !== current.policy) throw new AppError('FORBIDDEN', { ...SET_POLICY, organisation: dataset.owner.id });
    const schema = found?.entry.name ?? (schemaText ? schemaText : null);
    if (!admin && current.policy === 'block' && schema !== (dataset.metas.schema ?? null)) throw new AppError('FORBIDDEN', { ...CHANGE_BLOCKED_SCHEMA, organisation: dataset.owner.id });
    if (Object.keys(errors).length > 0) return page(request, reply, { values, errors });
    await updateDataset(platform.db, dataset, { metas: { schema, schemaPolicy: values.policy } });
    await recordAction(platform.db, request.caller, {
      action: 'dataset.update',
      target: dataset.datasetId,
      organisationId: dataset.owner.id,
      ip: request.ip,
      details: { fields: ['schema', 'schemaPolicy'], schema, schemaPolicy: values.policy, previous: { schema: current.schema || null, schemaPolicy: current.policy } },
    });
    return reply.redirect(href(siteOf(request), `${base(dataset.datasetId)}/schema`, { fait: 'enregistre' }), 303);
  });

  app.get<VersionParams>('/espace/jeux/:dataset_id/schema/versions/:number', async (request, reply) => {
    requireSession(request);
    const dataset = await datasetToEdit(platform.db, request.caller, request.params.dataset_id, 'dataset.update');
    const versions = await listVersions(platform.db, dataset.uid);
    const version = versions.find((v) => String(v.number) === request.params.number);
    if (!version) throw new AppError('VERSION_NOT_FOUND', { dataset_id: dataset.datasetId, number: request.params.number, kept: versions.map((v) => v.number).join(', ') || '—' });
    const stored = await versionValidation(platform.db, version.id);
    // A version published without a schema has no report: nothing to show at this address.
    if (!isReport(stored)) throw new AppError('ROUTE_NOT_FOUND', { method: request.method, url: request.url.split('?')[0] ?? request.url });
    const view = (
      <VersionReportPage
        site={siteOf(request)}
        dataset={{ datasetId: dataset.datasetId, title: dataset.title }}
        version={{ number: version.number, createdAt: version.createdAt }}
        report={stored}
        schemaLabel={await reportSchemaLabel(dataset, stored)}
      />
    );
    return privatePage(reply).send(renderPage(view));
  });
}

function policyOf(dataset: Dataset): SchemaPolicy {
  return dataset.metas.schemaPolicy === 'block' ? 'block' : 'warn';
}
