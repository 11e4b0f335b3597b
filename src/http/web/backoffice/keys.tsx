// `/espace/cles` (the signed-in user's API keys) and `/espace/organisations/{org}/cles` (an
// organisation's, for its administrators). Thin: who may create, list and revoke which key, the
// scopes a key may get and the audit trail are src/auth/access-keys.ts's. The creation is
// answered with the page itself, not a redirect: the key is in that answer and nowhere else
// (never in a URL, never stored), so the answer must not be kept by any cache either.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  checkKeyName, checkScopes, createOrganisationKey, createOwnKey, listOrganisationKeys, listOwnKeys, revokeOrganisationKey, revokeOwnKey, type Acting, type CreatedApiKey,
} from '../../../auth/index.js';
import { getOrganisation, type ApiKeyRow, type KeyScope } from '../../../catalog/index.js';
import type { Platform } from '../../../platform.js';
import { defineTexts, href, renderPage } from '../../../web/index.js';
import type { FormErrors } from '../../../web/pages/backoffice/fields.js';
import { KeysPage, keysPath, SCOPE_CHOICES, type KeyView } from '../../../web/pages/backoffice/keys.js';
import { requireSession } from '../../session.js';
import { siteOf } from '../site.js';
import { errorsOf, field, formBody, privatePage, type FormBody } from './forms.js';

const tt = defineTexts({
  nameRequired: { fr: 'Donnez un nom à la clé.', en: 'Give the key a name.' },
  scopesRequired: { fr: 'Cochez au moins une portée.', en: 'Tick at least one scope.' },
});

/** Whose keys a page shows, and the domain functions that manage them. */
interface KeyOwner {
  organisation: { slug: string; name: string } | null;
  list(): Promise<ApiKeyRow[]>;
  create(input: { name: string; scopes: KeyScope[] }): Promise<CreatedApiKey>;
  revoke(id: string): Promise<void>;
}

type OrgParams = { Params: { org: string } };

const keyView = (row: ApiKeyRow): KeyView => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: JSON.parse(row.scopes) as string[],
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

export async function keyRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  const { db } = platform;
  const by = (request: FastifyRequest): Acting => ({ caller: request.caller, ip: request.ip });

  const own = (request: FastifyRequest): KeyOwner => ({
    organisation: null,
    list: () => listOwnKeys(db, by(request)),
    create: (input) => createOwnKey(db, by(request), input),
    revoke: (id) => revokeOwnKey(db, by(request), id),
  });
  const organisationOf = async (request: FastifyRequest<OrgParams>): Promise<KeyOwner> => {
    requireSession(request);
    const row = await getOrganisation(db, request.params.org);
    return {
      organisation: { slug: row.slug, name: row.name },
      list: () => listOrganisationKeys(db, by(request), row.slug),
      create: (input) => createOrganisationKey(db, by(request), row.slug, input),
      revoke: (id) => revokeOrganisationKey(db, by(request), row.slug, id),
    };
  };

  const page = async (request: FastifyRequest, reply: FastifyReply, owner: KeyOwner, input: { created?: CreatedApiKey; values?: { name: string; scopes: KeyScope[] }; errors?: FormErrors } = {}) => {
    const session = requireSession(request);
    // Listing first: it is where a caller who may not manage these keys is refused.
    const keys = await owner.list();
    const errors = input.errors ?? {};
    // Only an id travels in the redirect's URL; the name said is the catalog's.
    const revokedId = field(formBody(request.query), 'revoquee');
    const revoked = revokedId ? keys.find((k) => k.id === revokedId && k.revoked_at)?.name : undefined;
    const element = (
      <KeysPage
        site={siteOf(request)}
        csrf={session.csrf}
        organisation={owner.organisation}
        keys={keys.map(keyView)}
        created={input.created && { name: input.created.name, key: input.created.key }}
        revoked={revoked}
        values={input.values ?? { name: '', scopes: ['read'] }}
        errors={errors}
      />
    );
    return privatePage(reply, Object.keys(errors).length > 0 ? 400 : 200).send(renderPage(element));
  };

  const create = async (request: FastifyRequest, reply: FastifyReply, owner: KeyOwner) => {
    requireSession(request);
    const { lang } = siteOf(request);
    const body = formBody(request.body);
    const values = { name: field(body, 'name'), scopes: scopesOf(body) };
    const errors: FormErrors = {};
    if (!values.name) errors.name = tt(lang, 'nameRequired');
    if (values.scopes.length === 0) errors.scopes = tt(lang, 'scopesRequired');
    if (Object.keys(errors).length > 0) return page(request, reply, owner, { values, errors });
    let created: CreatedApiKey;
    try {
      created = await owner.create({ name: checkKeyName(values.name), scopes: checkScopes(values.scopes) });
    } catch (error) {
      return page(request, reply, owner, { values, errors: errorsOf(error, lang, 'name') });
    }
    // The form starts empty again: a second submission would make a second key.
    return page(request, reply, owner, { created });
  };

  const revoke = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, owner: KeyOwner) => {
    requireSession(request);
    await owner.revoke(request.params.id);
    return reply.redirect(href(siteOf(request), keysPath(owner.organisation), { revoquee: request.params.id }), 303);
  };

  app.get('/espace/cles', async (request, reply) => page(request, reply, own(request)));
  app.post('/espace/cles', async (request, reply) => create(request, reply, own(request)));
  app.post<{ Params: { id: string } }>('/espace/cles/:id/revoquer', async (request, reply) => revoke(request, reply, own(request)));

  app.get<OrgParams>('/espace/organisations/:org/cles', async (request, reply) => page(request, reply, await organisationOf(request)));
  app.post<OrgParams>('/espace/organisations/:org/cles', async (request, reply) => create(request, reply, await organisationOf(request)));
  app.post<{ Params: { org: string; id: string } }>('/espace/organisations/:org/cles/:id/revoquer', async (request, reply) => revoke(request, reply, await organisationOf(request)));
}

/** The ticked scopes among those offered (a checkbox sends its value once per ticked box). */
function scopesOf(body: FormBody): KeyScope[] {
  const sent = body.scopes;
  const list = Array.isArray(sent) ? sent : sent ? [sent] : [];
  return SCOPE_CHOICES.filter((scope) => list.includes(scope));
}
