// The address that links sent by mail (invitations, password resets) start with. The Host header
// is the visitor's to choose: taken as is, anyone could ask a reset for someone else's account
// with `Host: their-site.example` and receive the victim's token when the victim clicks. So: the
// operator's TERRITOIRES_PUBLIC_URL, else the request's host only when a portal claims it (or it
// is this machine).
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { Platform } from '../platform.js';

export function mailLinkBase(platform: Platform, request: FastifyRequest): string {
  if (platform.config.publicUrl) return `${platform.config.publicUrl.replace(/\/+$/, '')}${request.portalPrefix}`;
  const hostname = request.hostname.toLowerCase();
  const local = hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '127.0.0.1' || hostname === '[::1]' || hostname === '::1';
  if (!local && !request.portal?.hostnames.includes(hostname)) throw new AppError('PUBLIC_URL_REQUIRED', { host: hostname });
  return `${request.protocol}://${request.host}${request.portalPrefix}`;
}
