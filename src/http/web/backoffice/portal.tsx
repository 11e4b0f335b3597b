// `/espace/portails/{slug}`: a portal's look, home page and legal pages, changed as PATCH
// /api/management/v1/portals/:slug changes them (updatePortal checks every value). A portal
// showing one organisation's datasets is administered by that organisation's administrators; the
// others (the regional portal) by the platform's. Changes are audited as `portal.update`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canAdministerOrganisation, recordAction } from '../../../auth/index.js';
import { getPortalBySlug, updatePortal, type AccessibilityStatus, type Portal, type PortalChanges } from '../../../catalog/index.js';
import { AppError } from '../../../errors.js';
import type { Platform } from '../../../platform.js';
import { href, renderPage } from '../../../web/index.js';
import type { FormErrors } from '../../../web/pages/backoffice/fields.js';
import { PortalForm, portalValuesOf, type PortalValues } from '../../../web/pages/backoffice/portal.js';
import { requireSession } from '../../session.js';
import { siteOf } from '../site.js';
import { errorsOf, field, formBody, privatePage, type FormBody } from './forms.js';

type Params = { Params: { slug: string } };

export async function portalPageRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  const administered = async (request: FastifyRequest<Params>): Promise<Portal> => {
    requireSession(request);
    const portal = await getPortalBySlug(platform.db, request.params.slug);
    if (!canAdministerOrganisation(request.caller, portal.scope?.organisationId ?? '')) {
      throw new AppError('FORBIDDEN', { action: `change the portal ${portal.slug}`, action_fr: `modifier le portail ${portal.slug}` });
    }
    return portal;
  };

  const page = async (request: FastifyRequest<Params>, reply: FastifyReply, input: { values?: PortalValues; errors?: FormErrors } = {}) => {
    const session = requireSession(request);
    const portal = await administered(request);
    const site = siteOf(request);
    const errors = input.errors ?? {};
    // The portal as its visitors reach it wherever its hosts point: by its path on this site.
    const homeHref = `/portals/${encodeURIComponent(portal.slug)}/${site.lang === 'en' ? '?lang=en' : ''}`;
    const form = (
      <PortalForm
        site={site}
        csrf={session.csrf}
        portal={{ slug: portal.slug, title: portal.title, scopeName: portal.scope?.name ?? null, homeHref }}
        values={input.values ?? portalValuesOf(portal)}
        errors={errors}
        saved={field(formBody(request.query), 'fait') === 'enregistre'}
      />
    );
    return privatePage(reply, Object.keys(errors).length > 0 ? 400 : 200).send(renderPage(form));
  };

  app.get<Params>('/espace/portails/:slug', async (request, reply) => page(request, reply));

  app.post<Params>('/espace/portails/:slug', async (request, reply) => {
    const portal = await administered(request);
    const values = valuesFromForm(formBody(request.body));
    try {
      await updatePortal(platform.db, portal.slug, changesOf(values));
    } catch (error) {
      return page(request, reply, { values, errors: errorsOf(error, siteOf(request).lang, 'title') });
    }
    await recordAction(platform.db, request.caller, { action: 'portal.update', target: portal.slug, organisationId: portal.scope?.organisationId ?? null, ip: request.ip, details: { fields: Object.keys(values) } });
    return reply.redirect(href(siteOf(request), `/espace/portails/${encodeURIComponent(portal.slug)}`, { fait: 'enregistre' }), 303);
  });
}

function valuesFromForm(body: FormBody): PortalValues {
  // Markdown keeps its line breaks and its indentation: only the one-line fields are trimmed.
  const markdown = (name: string) => {
    const value = body[name];
    return (Array.isArray(value) ? (value.at(-1) ?? '') : (value ?? '')).replace(/\r\n/g, '\n');
  };
  return {
    title: field(body, 'title'),
    primary_color: field(body, 'primary_color'),
    logo_url: field(body, 'logo_url'),
    home_text: markdown('home_text'),
    legal_notice: markdown('legal_notice'),
    privacy: markdown('privacy'),
    accessibility: markdown('accessibility'),
    accessibility_status: field(body, 'accessibility_status'),
    featured: field(body, 'featured'),
  };
}

function changesOf(values: PortalValues): PortalChanges {
  return {
    title: values.title,
    homeText: values.home_text,
    theme: { primaryColor: values.primary_color, logoUrl: values.logo_url || null },
    pages: { legalNotice: values.legal_notice, privacy: values.privacy, accessibility: values.accessibility, accessibilityStatus: values.accessibility_status as AccessibilityStatus },
    featured: values.featured.split(',').map((id) => id.trim()).filter(Boolean),
  };
}
