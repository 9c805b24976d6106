import crypto from "node:crypto";
import type { RequestHandler } from "express";

/**
 * Security headers for every response. Scripts run only with this request's nonce; nothing may frame us.
 * In development Vite's client needs inline scripts and styles, so the policy is looser there.
 */
export function securityHeaders({ development, hsts }: { development: boolean; hsts: boolean }): RequestHandler {
  return (_req, res, next) => {
    const nonce = crypto.randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    const scriptSrc = development ? `'self' 'unsafe-inline'` : `'self' 'nonce-${nonce}'`;
    const styleSrc = development ? `'self' 'unsafe-inline'` : `'self'`;
    res.setHeader(
      "Content-Security-Policy",
      [
        `default-src 'self'`,
        `script-src ${scriptSrc}`,
        `style-src ${styleSrc}`,
        `img-src 'self' data:`,
        `font-src 'self'`,
        `connect-src 'self'${development ? " ws: wss:" : ""}`,
        `form-action 'self'`,
        `frame-ancestors 'none'`,
        `base-uri 'none'`,
        `object-src 'none'`,
      ].join("; "),
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
    if (hsts) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
}
