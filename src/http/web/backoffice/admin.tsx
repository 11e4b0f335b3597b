// `/espace/admin/…`: the platform administrators' pages, to create organisations and portals.
// Anyone else gets a 403 before anything is read. Organisations are created through src/auth
// (which checks and audits); portals as `territoires portals create` creates them, audited here.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createOrganisationAsAdmin, isPlatformAdmin, recordAction } from '../../../auth/index.js';
import { countMembersByOrganisation, createPortal, listOrganisations, listPortals, type OrganisationKind } from '../../../catalog/index.js';
import { AppError } from '../../../errors.js';
import type { Platform } from '../../../platform.js';
import { defineTexts, href, renderPage, type Lang } from '../../../web/index.js';
import { AdminOrganisations, AdminPortals, type AdminOrganisation, type OrganisationValues, type PortalValues } from '../../../web/pages/backoffice/admin.js';
import type { FormErrors } from '../../../web/pages/backoffice/fields.js';
import { requireSession } from '../../session.js';
import { siteOf } from '../site.js';
import { errorsOf, field, formBody, privatePage, type FormBody } from './forms.js';

const tt = defineTexts({
  nameRequired: { fr: 'Indiquez un nom.', en: 'Give a name.' },
  titleRequired: { fr: 'Indiquez un titre.', en: 'Give a title.' },
  sirenInvalid: { fr: 'Un SIREN s’écrit avec 9 chiffres.', en: 'A SIREN is written with 9 digits.' },
  cogInvalid: { fr: 'Un code INSEE s’écrit avec 2 à 5 chiffres (2A ou 2B pour la Corse).', en: 'An INSEE code is written with 2 to 5 digits (2A or 2B for Corsica).' },
  scopeUnknown: { fr: 'Choisissez une organisation de la liste.', en: 'Choose an organisation from the list.' },
});

export async function adminRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  const asAdmin = (request: FastifyRequest) => {
    const session = requireSession(request);
    if (!isPlatformAdmin(request.caller)) throw new AppError('FORBIDDEN', { action: 'administer the platform', action_fr: 'administrer la plateforme' });
    return session;
  };
  const organisations = async (): Promise<AdminOrganisation[]> => {
    const rows = await listOrganisations(platform.db);
    const members = await countMembersByOrganisation(platform.db);
    const names = new Map(rows.map((o) => [o.id, o.name]));
    return rows.map((o) => ({ id: o.id, slug: o.slug, name: o.name, kind: o.kind, parentName: o.parent_id ? (names.get(o.parent_id) ?? null) : null, siren: o.siren, cog: o.cog, members: members.get(o.id) ?? 0 }));
  };
  const created = (request: FastifyRequest) => field(formBody(request.query), 'cree') || undefined;
  const status = (errors: FormErrors) => (Object.keys(errors).length > 0 ? 400 : 200);

  // ---- Organisations

  const organisationsPage = async (request: FastifyRequest, reply: FastifyReply, input: { values?: OrganisationValues; errors?: FormErrors } = {}) => {
    const session = asAdmin(request);
    const errors = input.errors ?? {};
    const values = input.values ?? { name: '', kind: 'commune', parent: '', siren: '', cog: '' };
    const page = <AdminOrganisations site={siteOf(request)} csrf={session.csrf} organisations={await organisations()} values={values} errors={errors} created={created(request)} />;
    return privatePage(reply, status(errors)).send(renderPage(page));
  };

  app.get('/espace/admin/organisations', async (request, reply) => organisationsPage(request, reply));

  app.post('/espace/admin/organisations', async (request, reply) => {
    asAdmin(request);
    const lang = siteOf(request).lang;
    const body = formBody(request.body);
    const values: OrganisationValues = { name: field(body, 'name'), kind: field(body, 'kind'), parent: field(body, 'parent'), siren: field(body, 'siren'), cog: field(body, 'cog').toUpperCase() };
    const errors = organisationErrors(values, lang);
    if (Object.keys(errors).length > 0) return organisationsPage(request, reply, { values, errors });
    let row;
    try {
      row = await createOrganisationAsAdmin(platform.db, { caller: request.caller, ip: request.ip }, {
        name: values.name,
        kind: values.kind as OrganisationKind,
        parentId: values.parent || null,
        siren: values.siren || null,
        cog: values.cog || null,
      });
    } catch (error) {
      return organisationsPage(request, reply, { values, errors: errorsOf(error, lang, 'name', { slug: 'name', organisation: 'parent' }) });
    }
    return reply.redirect(href(siteOf(request), '/espace/admin/organisations', { cree: row.name }), 303);
  });

  // ---- Portals

  const portalsPage = async (request: FastifyRequest, reply: FastifyReply, input: { values?: PortalValues; errors?: FormErrors } = {}) => {
    const session = asAdmin(request);
    const errors = input.errors ?? {};
    const portals = (await listPortals(platform.db)).map((p) => ({ slug: p.slug, title: p.title, hostnames: p.hostnames, scopeName: p.scope?.name ?? null, isDefault: p.isDefault }));
    const values = input.values ?? { slug: '', title: '', hostnames: '', scope: '' };
    const page = <AdminPortals site={siteOf(request)} csrf={session.csrf} portals={portals} organisations={await organisations()} values={values} errors={errors} created={created(request)} />;
    return privatePage(reply, status(errors)).send(renderPage(page));
  };

  app.get('/espace/admin/portails', async (request, reply) => portalsPage(request, reply));

  app.post('/espace/admin/portails', async (request, reply) => {
    asAdmin(request);
    const lang = siteOf(request).lang;
    const values = portalValues(formBody(request.body));
    const scope = values.scope ? (await listOrganisations(platform.db)).find((o) => o.id === values.scope) : null;
    const errors: FormErrors = {};
    if (!values.title) errors.title = tt(lang, 'titleRequired');
    if (scope === undefined) errors.scope = tt(lang, 'scopeUnknown');
    if (Object.keys(errors).length > 0 || scope === undefined) return portalsPage(request, reply, { values, errors });
    let portal;
    try {
      const hostnames = values.hostnames.split(',').map((h) => h.trim()).filter(Boolean);
      portal = await createPortal(platform.db, { slug: values.slug, title: values.title, hostnames, scope });
    } catch (error) {
      return portalsPage(request, reply, { values, errors: errorsOf(error, lang, 'slug') });
    }
    await recordAction(platform.db, request.caller, { action: 'portal.create', target: portal.slug, organisationId: scope?.id ?? null, ip: request.ip, details: { title: portal.title, hostnames: portal.hostnames } });
    return reply.redirect(href(siteOf(request), '/espace/admin/portails', { cree: portal.title }), 303);
  });
}

function organisationErrors(values: OrganisationValues, lang: Lang): FormErrors {
  const errors: FormErrors = {};
  if (!values.name) errors.name = tt(lang, 'nameRequired');
  if (values.siren && !/^\d{9}$/.test(values.siren)) errors.siren = tt(lang, 'sirenInvalid');
  // A commune's code has 5 characters, a département's 2 or 3, a région's 2; Corsica's start 2A or 2B.
  if (values.cog && !/^(\d{2,5}|2[AB]\d{0,3})$/.test(values.cog)) errors.cog = tt(lang, 'cogInvalid');
  return errors;
}

function portalValues(body: FormBody): PortalValues {
  return { slug: field(body, 'slug'), title: field(body, 'title'), hostnames: field(body, 'hostnames'), scope: field(body, 'scope') };
}
