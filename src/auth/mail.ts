// Sending mail: through an SMTP server when one is set (TERRITOIRES_SMTP_URL), otherwise each
// message is written as a .eml file in a mailbox folder, which any mail client opens: a platform
// without a mail server still works, and its operator reads the links there.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';
import { AppError, describeError } from '../errors.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export function mailerFromConfig(config: Pick<Config, 'smtpUrl' | 'mailboxDir' | 'mailFrom'>): Mailer {
  return config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : mailboxMailer(config.mailboxDir, config.mailFrom);
}

function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      try {
        await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
      } catch (error) {
        throw new AppError('MAIL_FAILED', { to: message.to, reason: describeError(error) });
      }
    },
  };
}

export function mailboxMailer(dir: string, from: string): Mailer {
  return {
    async send(message) {
      await fs.mkdir(dir, { recursive: true });
      const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`;
      await fs.writeFile(path.join(dir, `${id}.eml`), eml(id, from, message), { mode: 0o600 });
    },
  };
}

/** RFC 5322 with a UTF-8 body sent as is (8bit), so that the file reads as plain text too. */
function eml(id: string, from: string, message: MailMessage): string {
  const headers = [
    `From: ${from}`,
    `To: ${message.to}`,
    // RFC 2047: a subject with accents is encoded.
    `Subject: =?UTF-8?B?${Buffer.from(message.subject).toString('base64')}?=`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${id}@territoires>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${message.text.replace(/\r?\n/g, '\r\n')}\r\n`;
}
