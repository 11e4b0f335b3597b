// The mails of accounts, French then English in one message: the platform does not know the
// language of someone it has not met yet.
import type { Role } from '../catalog/index.js';

const ROLE_NAMES: Record<Role, { fr: string; en: string }> = {
  admin: { fr: 'administrateur ou administratrice', en: 'administrator' },
  editor: { fr: 'éditeur ou éditrice (publier et modifier les jeux de données)', en: 'editor (publishes and edits datasets)' },
  viewer: { fr: 'lecteur ou lectrice (consulter les données non publiques)', en: 'viewer (reads non-public data)' },
};

const SEPARATOR = '\n\n— English below —\n\n';

export const accountMails = {
  invitation(input: { organisation: string; role: Role; inviter: string | null; hasAccount: boolean; url: string; days: number }): { subject: string; text: string } {
    const role = ROLE_NAMES[input.role];
    const fr = [
      'Bonjour,',
      `${input.inviter ? `${input.inviter} vous invite` : 'Vous êtes invité·e'} à rejoindre ${input.organisation} en tant que ${role.fr}.`,
      input.hasAccount ? 'Vous avez déjà un compte : ouvrez ce lien pour accepter l’invitation.' : 'Ouvrez ce lien pour créer votre compte (votre nom et un mot de passe) :',
      input.url,
      `Ce lien sert une seule fois et expire dans ${input.days} jours. Si vous n’attendiez pas cette invitation, ignorez ce message.`,
    ].join('\n\n');
    const en = [
      'Hello,',
      `${input.inviter ? `${input.inviter} invites you` : 'You are invited'} to join ${input.organisation} as ${role.en}.`,
      input.hasAccount ? 'You already have an account: open this link to accept the invitation.' : 'Open this link to create your account (your name and a password):',
      input.url,
      `This link works once and expires in ${input.days} days. If you did not expect this invitation, ignore this message.`,
    ].join('\n\n');
    return { subject: `Invitation à rejoindre ${input.organisation} / Invitation to join ${input.organisation}`, text: fr + SEPARATOR + en };
  },

  reset(input: { name: string; url: string; hours: number }): { subject: string; text: string } {
    const fr = [
      `Bonjour ${input.name},`,
      'Pour choisir un nouveau mot de passe, ouvrez ce lien :',
      input.url,
      `Ce lien sert une seule fois et expire dans ${input.hours} heure. Si vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.`,
    ].join('\n\n');
    const en = [
      `Hello ${input.name},`,
      'To choose a new password, open this link:',
      input.url,
      `This link works once and expires in ${input.hours} hour. If you did not ask for it, ignore this message: your password stays the same.`,
    ].join('\n\n');
    return { subject: 'Réinitialisation de votre mot de passe / Resetting your password', text: fr + SEPARATOR + en };
  },
};
