// `/valider`: a visitor's file validated against a schema of the registry, nothing stored. The
// upload is received as the publishing wizard receives one (saveDraft: the size limit, then a file
// under the blob store's tmp/), validated by src/schema's validateContained (on its own thread), then removed whatever happens.
import multipart from '@fastify/multipart';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform.js';
import { findSchema, listSchemas, validateContained, type ValidationReport } from '../../schema/index.js';
import { defineTexts, formatNumber, renderPage, type Lang } from '../../web/index.js';
import type { FormErrors } from '../../web/pages/backoffice/fields.js';
import { schemaDisplayName } from '../../web/pages/dataset/schema-badge.js';
import { ValidateFilePage } from '../../web/pages/dataset/validate-file.js';
import { checkCsrf } from '../session.js';
import { draftFile, removeDraft, saveDraft, type Draft } from './backoffice/drafts.js';
import { errorsOf, field, formBody, privatePage, type FormBody } from './backoffice/forms.js';
import { siteOf } from './site.js';

const tt = defineTexts({
  chooseFile: { fr: 'Choisissez le fichier à valider.', en: 'Choose the file to validate.' },
  chooseSchema: { fr: 'Choisissez un schéma de la liste.', en: 'Choose a schema from the list.' },
});

type Outcome = { schema: string; errors: FormErrors; result?: { fileName: string; schemaLabel: string; report: ValidationReport } };

export async function validateFileRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  const page = async (request: FastifyRequest, reply: FastifyReply, input: Outcome) => {
    const site = siteOf(request);
    const schemas = (await listSchemas(platform.db)).map((entry) => ({ name: entry.name, label: schemaDisplayName(entry, entry.version) }));
    const view = <ValidateFilePage site={site} schemas={schemas} schema={input.schema} maxSize={sizeInWords(site.lang, platform.config.uploadMaxBytes)} errors={input.errors} result={input.result} />;
    // A report is about the visitor's own file: no shared cache keeps it.
    return privatePage(reply, Object.keys(input.errors).length > 0 ? 400 : 200).send(renderPage(view));
  };

  app.get('/valider', async (request, reply) => page(request, reply, { schema: field(formBody(request.query), 'schema'), errors: {} }));

  await app.register(async (scope) => {
    await scope.register(multipart, { throwFileSizeLimit: false });
    // Reading and checking a file is an API's work: limited as an API call is (api/quota.ts).
    scope.post('/valider', { config: { rateLimit: 'work' } }, async (request, reply) => {
      const lang = siteOf(request).lang;
      if (!request.isMultipart()) return page(request, reply, { schema: '', errors: { file: tt(lang, 'chooseFile') } });
      const fields: FormBody = {};
      let draft: Draft | undefined;
      let outcome: Outcome;
      try {
        let errors: FormErrors = {};
        for await (const part of request.parts({ limits: { fileSize: platform.config.uploadMaxBytes, files: 1 } })) {
          if (part.type === 'field') fields[part.fieldname] = String(part.value);
          else if (draft || part.fieldname !== 'file' || !part.filename || Object.keys(errors).length > 0) part.file.resume();
          else {
            // Signed in, the form carries the session's token (the sessions' hook leaves multipart bodies to their route).
            checkCsrf(request, field(fields, '_csrf'));
            try {
              draft = await saveDraft(platform, part.file as Readable & { truncated?: boolean }, { userId: '', organisation: '', datasetId: '', existing: false, fileName: part.filename });
            } catch (error) {
              errors = errorsOf(error, lang, 'file');
              part.file.resume();
            }
          }
        }
        outcome = await validated(draft, field(fields, 'schema'), errors, lang);
      } finally {
        // Removed before the answer is sent: nothing of the visitor's file outlives the request.
        if (draft) await removeDraft(platform, draft);
      }
      return page(request, reply, outcome);
    });
  });

  /** The report of the file received against the schema named, or what is missing, by its field. */
  async function validated(draft: Draft | undefined, schemaName: string, errors: FormErrors, lang: Lang): Promise<Outcome> {
    const found = schemaName ? await findSchema(platform.db, schemaName).catch(() => undefined) : undefined;
    if (!found) errors.schema = tt(lang, 'chooseSchema');
    if (!draft && !errors.file) errors.file = tt(lang, 'chooseFile');
    if (!draft || !found || Object.keys(errors).length > 0) return { schema: schemaName, errors };
    try {
      const report = await validateContained(draftFile(platform, draft), found.schema, { fileName: draft.fileName }, platform.config.validationTimeoutMs);
      return { schema: found.entry.name, errors: {}, result: { fileName: draft.fileName, schemaLabel: schemaDisplayName(found.entry, found.entry.version), report } };
    } catch (error) {
      return { schema: found.entry.name, errors: errorsOf(error, lang, 'file') };
    }
  }
}

function sizeInWords(lang: Lang, bytes: number): string {
  const mb = bytes / 1_000_000;
  return `${formatNumber(lang, Math.round(mb * 10) / 10)} ${lang === 'fr' ? 'Mo' : 'MB'}`;
}
