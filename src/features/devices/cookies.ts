import { createHmac } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import { isHttps } from '../../http/request-meta.js';
import { newToken, safeEqual } from '../../lib/tokens.js';

/**
 * The device cookie: a random identifier (256 bits) and its HMAC with the server key, so a
 * value nobody was given — guessed, edited, or copied from another installation — is
 * recognized as such and the browser counts as a new device. One cookie for the whole site
 * (the account pages and the console sign in the same browser), kept for a year.
 */
export const DEVICE_COOKIE = 'lk_device';
const MAX_AGE_SECONDS = 365 * 24 * 60 * 60;
const ID = /^[A-Za-z0-9_-]{43}$/;

const mac = (ctx: Context, id: string) => createHmac('sha256', ctx.secret).update(`device:${id}`).digest('base64url');

/** The device identifier a signed cookie value carries, or undefined when it is not one of ours. */
export function verifyDeviceCookie(ctx: Context, value: string | undefined): string | undefined {
  const [id, sig, extra] = (value ?? '').split('.');
  if (extra !== undefined || !id || !sig || !ID.test(id)) return undefined;
  return safeEqual(sig, mac(ctx, id)) ? id : undefined;
}

/** A new device identifier with its signed cookie value. */
export function newDeviceCookie(ctx: Context): { id: string; value: string } {
  const id = newToken();
  return { id, value: `${id}.${mac(ctx, id)}` };
}

// The identifier a sign-in was given, until it succeeds and the cookie is set.
const issued = new WeakMap<FastifyRequest, { id: string; value: string }>();

/**
 * The device identifier of the browser signing in: its cookie's, or a new one, so the session
 * that opens is tied to it. Nothing is set yet: a refused sign-in must answer exactly as a
 * wrong password does, so the cookie is set only by `rememberDevice` once signed in.
 */
export function deviceKey(ctx: Context, req: FastifyRequest): string {
  const sent = req.cookies[DEVICE_COOKIE];
  const known = verifyDeviceCookie(ctx, sent);
  const device = known ? { id: known, value: sent! } : (issued.get(req) ?? newDeviceCookie(ctx));
  issued.set(req, device);
  return device.id;
}

/** Signed in: the browser keeps (or refreshes) the device cookie the sign-in used. */
export function rememberDevice(req: FastifyRequest, reply: FastifyReply): void {
  const device = issued.get(req);
  if (device) reply.setCookie(DEVICE_COOKIE, device.value, { path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(req), maxAge: MAX_AGE_SECONDS });
}

/** The device identifier the browser presents, without issuing one (to mark "this device" in lists). */
export const presentedDevice = (ctx: Context, req: FastifyRequest) => verifyDeviceCookie(ctx, req.cookies[DEVICE_COOKIE]);
