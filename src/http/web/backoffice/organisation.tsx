// `/espace/organisations/{org}/membres`: the members of an organisation, for its administrators.
// Thin: the rights (403 for anyone else, audited as a refusal), the rule that an organisation keeps
// an administrator, the invitation mail and the audit trail are src/auth/access.ts's. Each change
// is answered with a redirect to the list (post/redirect/get) whose notice says what was done.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkEmail, checkRole, inviteToOrganisation, listMembers, removeMember, setMember, type Acting } from '../../../auth/index.js';
import { findUserById, type MemberRow, type Role } from '../../../catalog/index.js';
import { AppError } from '../../../errors.js';
import type { Platform } from '../../../platform.js';
import { href, renderPage } from '../../../web/index.js';
import type { FormErrors } from '../../../web/pages/backoffice/fields.js';
import { MembersPage, membersPath, RemoveMemberConfirmation, ROLE_CHOICES, type MembersNotice, type MemberView } from '../../../web/pages/backoffice/organisation.js';
import { mailLinkBase } from '../../public-url.js';
import { requireSession } from '../../session.js';
import { siteOf } from '../site.js';
import { errorsOf, field, formBody, privatePage } from './forms.js';

type OrgParams = { Params: { org: string } };
type MemberParams = { Params: { org: string; user: string } };

const memberView = (m: MemberRow): MemberView => ({ userId: m.user_id, name: m.name, email: m.email, role: m.role });

export async function organisationRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  const { db } = platform;
  const by = (request: FastifyRequest): Acting => ({ caller: request.caller, ip: request.ip });

  /** The organisation and its members, once the caller is known to administer it (else FORBIDDEN: a 403 page). */
  const administered = async (request: FastifyRequest<OrgParams>) => {
    requireSession(request);
    return listMembers(db, by(request), request.params.org);
  };

  const memberOf = async (request: FastifyRequest<MemberParams>) => {
    const { organisation, members } = await administered(request);
    const member = members.find((m) => m.user_id === request.params.user);
    // The back-office changes members only: someone new joins through an invitation.
    if (!member) throw new AppError('MEMBER_NOT_FOUND', { user: request.params.user, organisation: organisation.slug });
    return { organisation, member };
  };

  const page = async (request: FastifyRequest<OrgParams>, reply: FastifyReply, input: { invite?: { email: string; role: Role }; errors?: FormErrors } = {}) => {
    const session = requireSession(request);
    const { organisation, members } = await administered(request);
    const errors = input.errors ?? {};
    const notice = Object.keys(errors).length > 0 ? undefined : await noticeOf(request.query, members);
    const element = (
      <MembersPage
        site={siteOf(request)}
        csrf={session.csrf}
        organisation={{ slug: organisation.slug, name: organisation.name }}
        members={members.map(memberView)}
        selfId={session.user.id}
        invite={input.invite ?? { email: '', role: 'editor' }}
        errors={errors}
        notice={notice}
      />
    );
    return privatePage(reply, Object.keys(errors).length > 0 ? 400 : 200).send(renderPage(element));
  };

  /**
   * The notice of the redirect's query. Only ids and an address travel in the URL, and the
   * names said are read from the catalog: a link cannot make the page say another text.
   */
  const noticeOf = async (query: unknown, members: MemberRow[]): Promise<MembersNotice | undefined> => {
    const q = formBody(query);
    const done = field(q, 'fait');
    if (done === 'role') {
      const member = members.find((m) => m.user_id === field(q, 'membre'));
      return member && { kind: 'role', who: member.name || member.email, role: member.role };
    }
    if (done === 'retire') {
      const user = await findUserById(db, field(q, 'membre'));
      return user && { kind: 'retire', who: user.name || user.email };
    }
    if (done === 'invite') {
      try {
        return { kind: 'invite', who: checkEmail(field(q, 'a')) };
      } catch {
        return undefined;
      }
    }
    return undefined;
  };

  const backTo = (request: FastifyRequest, reply: FastifyReply, slug: string, params: Record<string, string>) =>
    reply.redirect(href(siteOf(request), membersPath(slug), params), 303);

  app.get<OrgParams>('/espace/organisations/:org/membres', async (request, reply) => page(request, reply));

  app.post<MemberParams>('/espace/organisations/:org/membres/:user/role', async (request, reply) => {
    const { organisation, member } = await memberOf(request);
    const errorField = `role-${member.user_id}`;
    try {
      await setMember(db, by(request), organisation.slug, member.user_id, checkRole(field(formBody(request.body), 'role')));
    } catch (error) {
      return page(request, reply, { errors: errorsOf(error, siteOf(request).lang, errorField, { role: errorField }) });
    }
    return backTo(request, reply, organisation.slug, { fait: 'role', membre: member.user_id });
  });

  app.get<MemberParams>('/espace/organisations/:org/membres/:user/retirer', async (request, reply) => {
    const session = requireSession(request);
    const { organisation, member } = await memberOf(request);
    const element = <RemoveMemberConfirmation site={siteOf(request)} csrf={session.csrf} organisation={{ slug: organisation.slug, name: organisation.name }} member={memberView(member)} />;
    return privatePage(reply).send(renderPage(element));
  });

  app.post<MemberParams>('/espace/organisations/:org/membres/:user/retirer', async (request, reply) => {
    const { organisation, member } = await memberOf(request);
    try {
      await removeMember(db, by(request), organisation.slug, member.user_id);
    } catch (error) {
      // The last administrator cannot leave: said above the list, where the roles can be changed.
      return page(request, reply, { errors: errorsOf(error, siteOf(request).lang, 'members') });
    }
    return backTo(request, reply, organisation.slug, { fait: 'retire', membre: member.user_id });
  });

  app.post<OrgParams>('/espace/organisations/:org/invitations', async (request, reply) => {
    requireSession(request);
    const body = formBody(request.body);
    const sentRole = field(body, 'role');
    const invite = { email: field(body, 'email'), role: ROLE_CHOICES.find((r) => r === sentRole) ?? 'editor' };
    let invited;
    try {
      invited = await inviteToOrganisation(db, platform.mailer, by(request), request.params.org, { email: invite.email, role: checkRole(sentRole), baseUrl: mailLinkBase(platform, request) });
    } catch (error) {
      return page(request, reply, { invite, errors: errorsOf(error, siteOf(request).lang, 'email') });
    }
    return backTo(request, reply, invited.organisation.slug, { fait: 'invite', a: invited.email });
  });
}
