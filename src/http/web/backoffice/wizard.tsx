// The publishing wizard (`/espace/publier`): the file is received as a draft (drafts.ts), its
// preview shown with the ingest's detection, the publisher corrects column types and writes the
// metadata, then the same domain function as the management API's upload publishes it. With
// `?jeu={id}`, the same steps publish a new file for a dataset that exists.
// The upload is a multipart form, read in a scope of its own that registers @fastify/multipart;
// with the upload script, the same form comes by XMLHttpRequest and is answered in JSON.
import multipart from '@fastify/multipart';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actionWords, datasetScope, datasetToEdit, isPlatformAdmin, organisationToPublishIn, PLATFORM, recordAction } from '../../../auth/index.js';
import { checkDatasetId, DEFAULT_METAS, FIELD_TYPES, findDataset, getOrganisation, listOrganisations, type FieldType } from '../../../catalog/index.js';
import { AppError } from '../../../errors.js';
import { previewFile, processingOf, publishFile } from '../../../ingest/index.js';
import type { Platform } from '../../../platform.js';
import { defineTexts, href, renderPage } from '../../../web/index.js';
import { metadataValuesOf, type FormErrors, type MetadataValues } from '../../../web/pages/backoffice/fields.js';
import { PublishPreview } from '../../../web/pages/backoffice/preview.js';
import { PublishStart } from '../../../web/pages/backoffice/publish.js';
import { checkCsrf, requireSession } from '../../session.js';
import { siteOf } from '../site.js';
import { draftFile, readDraft, removeDraft, saveDraft, type Draft } from './drafts.js';
import { errorsOf, field, formBody, metadataFromForm, privatePage, type FormBody } from './forms.js';
import { uploadScriptPath } from './upload-script.js';

const tt = defineTexts({
  chooseOrganisation: { fr: 'Choisissez une organisation de la liste.', en: 'Choose an organisation from the list.' },
  chooseFile: { fr: 'Choisissez le fichier à publier.', en: 'Choose the file to publish.' },
  taken: { fr: 'Un jeu de données porte déjà l’identifiant {id} : choisissez-en un autre.', en: 'A dataset already has the identifier {id}: choose another one.' },
});

export async function wizardRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  /** The organisations where the caller publishes, by name. */
  const publishable = async (request: FastifyRequest) => {
    const caller = request.caller;
    const all = await listOrganisations(platform.db);
    if (isPlatformAdmin(caller)) return all;
    const editable = new Set(caller.kind === 'account' ? caller.rights.editable : []);
    return all.filter((o) => editable.has(o.id));
  };

  /** The dataset a new file is for, once the caller is known to edit it; undefined for a new dataset. */
  const existingOf = async (request: FastifyRequest, datasetId: string) => (datasetId ? datasetToEdit(platform.db, request.caller, datasetId, 'dataset.publish') : undefined);

  const startPage = async (request: FastifyRequest, reply: FastifyReply, values: { organisation: string; datasetId: string; existing?: string }, errors: FormErrors) => {
    const session = requireSession(request);
    const existing = values.existing ? await existingOf(request, values.existing) : undefined;
    const organisations = (await publishable(request)).map((o) => ({ slug: o.slug, name: o.name }));
    if (organisations.length === 0) throw new AppError('FORBIDDEN', actionWords('dataset.publish'));
    const status = Object.keys(errors).length > 0 ? 400 : 200;
    const page = <PublishStart site={siteOf(request)} csrf={session.csrf} organisations={organisations} values={values} errors={errors} existing={existing && { datasetId: existing.datasetId, title: existing.title }} script={await uploadScriptPath(request.portalPrefix)} />;
    return privatePage(reply, status).send(renderPage(page));
  };

  app.get('/espace/publier', async (request, reply) => startPage(request, reply, { organisation: '', datasetId: '', existing: field(formBody(request.query), 'jeu') }, {}));

  await app.register(async (scope) => {
    // Past the size limit, a file is cut and marked `truncated` (saveDraft says so by its field)
    // rather than failing the whole request.
    await scope.register(multipart, { throwFileSizeLimit: false });
    scope.post('/espace/publier', async (request, reply) => {
      const session = requireSession(request);
      const site = siteOf(request);
      const lang = site.lang;
      if (!request.isMultipart()) return startPage(request, reply, { organisation: '', datasetId: '' }, { file: tt(lang, 'chooseFile') });
      // The fields come before the file (the form puts it last): they are checked, and the
      // CSRF token with them (the sessions' hook leaves multipart bodies to their route), before
      // the file is received.
      const fields: FormBody = {};
      let outcome: { draft: Draft } | { values: { organisation: string; datasetId: string; existing?: string }; errors: FormErrors } | undefined;
      const receive = async (fileName: string, stream: (Readable & { truncated?: boolean }) | null) => {
        checkCsrf(request, field(fields, '_csrf'));
        const existing = await existingOf(request, field(fields, 'jeu'));
        const values = existing ? { organisation: existing.owner.slug, datasetId: existing.datasetId, existing: existing.datasetId } : { organisation: field(fields, 'organisation'), datasetId: field(fields, 'dataset_id') };
        const errors = existing ? {} : await checkStart(request, values, lang);
        if (!stream || !fileName) errors.file = tt(lang, 'chooseFile');
        if (!stream || Object.keys(errors).length > 0) return { values, errors };
        try {
          return { draft: await saveDraft(platform, stream, { userId: session.user.id, organisation: values.organisation, datasetId: values.datasetId, existing: !!existing, fileName }) };
        } catch (error) {
          return { values, errors: errorsOf(error, lang, 'file') };
        }
      };
      for await (const part of request.parts({ limits: { fileSize: platform.config.uploadMaxBytes, files: 1 } })) {
        if (part.type === 'field') fields[part.fieldname] = String(part.value);
        else if (outcome || part.fieldname !== 'file') part.file.resume();
        else {
          outcome = await receive(part.filename, part.file);
          // A file refused before it was read is drained, so that the answer can be sent.
          if (!('draft' in outcome)) part.file.resume();
        }
      }
      outcome ??= await receive('', null);
      if (!('draft' in outcome)) return startPage(request, reply, outcome.values, outcome.errors);
      const { draft } = outcome;
      const location = href(site, `/espace/publier/${draft.id}`);
      if ((request.headers.accept ?? '').includes('application/json')) return reply.header('cache-control', 'no-store').send({ location });
      return reply.redirect(location, 303);
    });
  });

  /** The organisation and id of a new dataset, checked before its file is received. */
  async function checkStart(request: FastifyRequest, values: { organisation: string; datasetId: string }, lang: 'fr' | 'en'): Promise<FormErrors> {
    const errors: FormErrors = {};
    const organisations = await publishable(request);
    if (!organisations.some((o) => o.slug === values.organisation)) errors.organisation = tt(lang, 'chooseOrganisation');
    try {
      checkDatasetId(values.datasetId);
      if (await findDataset(platform.db, datasetScope(PLATFORM, null), values.datasetId)) errors.dataset_id = tt(lang, 'taken', { id: values.datasetId });
    } catch (error) {
      Object.assign(errors, errorsOf(error, lang, 'dataset_id'));
    }
    return errors;
  }

  const previewPage = async (request: FastifyRequest, reply: FastifyReply, draft: Draft, input: { types: Record<string, FieldType>; values: MetadataValues; errors: FormErrors }) => {
    const session = requireSession(request);
    const site = siteOf(request);
    const organisation = await getOrganisation(platform.db, draft.organisation);
    // A dataset's processing steps apply to its new file: the preview shows what will be published.
    const existing = draft.existing ? await existingOf(request, draft.datasetId) : undefined;
    let preview;
    let readError: string | undefined;
    try {
      preview = await previewFile(platform, draftFile(platform, draft), { types: input.types }, draft.fileName, existing && processingOf(platform, existing, input.values.visibility));
    } catch (error) {
      readError = Object.values(errorsOf(error, site.lang, 'file')).join(' ');
    }
    const status = readError || Object.keys(input.errors).length > 0 ? 400 : 200;
    const page = (
      <PublishPreview
        site={site}
        csrf={session.csrf}
        draft={{ id: draft.id, datasetId: draft.datasetId, organisationName: organisation.name, fileName: draft.fileName, existing: draft.existing }}
        preview={preview ?? null}
        readError={readError}
        types={input.types}
        values={input.values}
        errors={input.errors}
      />
    );
    return privatePage(reply, status).send(renderPage(page));
  };

  app.get<{ Params: { draft: string } }>('/espace/publier/:draft', async (request, reply) => {
    const session = requireSession(request);
    const draft = await readDraft(platform, request.params.draft, session.user.id);
    const existing = draft.existing ? await existingOf(request, draft.datasetId) : undefined;
    if (existing) return previewPage(request, reply, draft, { types: {}, values: metadataValuesOf(existing), errors: {} });
    const title = draft.fileName.replace(/\.[^.]+$/, '') || draft.datasetId;
    const values: MetadataValues = { title, description: '', themes: '', keywords: '', license: DEFAULT_METAS.license, frequency: '', temporalCoverage: '', spatialCoverage: '', visibility: 'public' };
    return previewPage(request, reply, draft, { types: {}, values, errors: {} });
  });

  app.post<{ Params: { draft: string } }>('/espace/publier/:draft', async (request, reply) => {
    const session = requireSession(request);
    const draft = await readDraft(platform, request.params.draft, session.user.id);
    const lang = siteOf(request).lang;
    const body = formBody(request.body);
    const { values, changes, errors } = metadataFromForm(body, lang, 'public');
    const types = chosenTypes(body);
    if (Object.keys(errors).length > 0) return previewPage(request, reply, draft, { types: types.all, values, errors });
    // The rights are checked again: they may have changed since the upload; and the id of a new
    // dataset may have been taken meanwhile.
    if (draft.existing) await existingOf(request, draft.datasetId);
    else await organisationToPublishIn(platform.db, request.caller, draft.datasetId, draft.organisation, 'dataset.publish');
    if (!draft.existing && (await findDataset(platform.db, datasetScope(PLATFORM, null), draft.datasetId))) {
      return previewPage(request, reply, draft, { types: types.all, values, errors: { dataset_id: tt(lang, 'taken', { id: draft.datasetId }) } });
    }
    let result;
    try {
      result = await publishFile(
        platform,
        {
          file: draftFile(platform, draft),
          fileName: draft.fileName,
          datasetId: draft.datasetId,
          organisation: draft.organisation,
          title: changes.title,
          description: changes.description,
          visibility: changes.visibility,
          metas: changes.metas,
          // Only the corrected types: the others are detected again on each refresh.
          read: { types: types.corrected },
        },
        platform.publishOptions,
      );
    } catch (error) {
      const columns = Object.fromEntries(Object.keys(types.all).map((name) => [name, `type:${name}`]));
      const formErrors = errorsOf(error, lang, 'file', columns);
      // An error of the file itself has no field of this form: it goes above the form.
      return previewPage(request, reply, draft, { types: types.all, values, errors: formErrors });
    }
    await removeDraft(platform, draft);
    await recordAction(platform.db, request.caller, { action: 'dataset.publish', target: draft.datasetId, organisationId: result.dataset.owner.id, ip: request.ip, details: { version: result.version.number, created: result.created, file: draft.fileName } });
    return reply.redirect(href(siteOf(request), `/espace/jeux/${encodeURIComponent(draft.datasetId)}`, { fait: 'publie' }), 303);
  });
}

/** `type:<column>` as chosen, and those that differ from `detected:<column>`. */
function chosenTypes(body: FormBody): { all: Record<string, FieldType>; corrected: Record<string, FieldType> } {
  const all: Record<string, FieldType> = {};
  const corrected: Record<string, FieldType> = {};
  for (const key of Object.keys(body)) {
    if (!key.startsWith('type:')) continue;
    const name = key.slice(5);
    const type = field(body, key);
    if (!(FIELD_TYPES as readonly string[]).includes(type)) continue;
    all[name] = type as FieldType;
    if (field(body, `detected:${name}`) !== type) corrected[name] = type as FieldType;
  }
  return { all, corrected };
}
