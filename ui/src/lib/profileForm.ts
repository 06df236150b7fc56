// The profile form's draft, its checks and its conversion to what save_profile takes.
import type { Profile, ProfileInput, Vendor } from "./bindings";
import { toAppError } from "./errors";
import { VENDORS } from "./vendors";

export type Draft = {
  id: string | null;
  name: string;
  vendor: Vendor;
  site: string;
  domains: string;
  /** Any host allowed (saved as the single domain "*"): no wrong-site check. */
  any_host: boolean;
  endpoint: string;
  batch_size: string;
  access_key: string;
  secret_key: string;
  token: string;
};

export type FieldError = { key: string; values?: Record<string, string | number> };
export type Errors = Partial<Record<keyof Draft, FieldError>>;

export function emptyDraft(): Draft {
  return {
    id: null,
    name: "",
    vendor: "baidu-cdn",
    site: "",
    domains: "",
    any_host: false,
    endpoint: "",
    batch_size: "",
    access_key: "",
    secret_key: "",
    token: "",
  };
}

export function draftFrom(p: Profile): Draft {
  return {
    ...emptyDraft(),
    id: p.id,
    name: p.name,
    vendor: p.vendor,
    site: p.site ?? "",
    domains: p.domains.filter((d) => d !== ANY_HOST).join("\n"),
    any_host: p.domains.includes(ANY_HOST),
    endpoint: p.endpoint ?? "",
    batch_size: p.batch_size === null ? "" : String(p.batch_size),
  };
}

/** The lone domain by which a profile takes any host. */
const ANY_HOST = "*";
const DOMAIN = /^(\*\.)?([\p{L}\p{N}-]+\.)+[\p{L}\p{N}-]+$/u;
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/;

export function domainList(text: string): string[] {
  return [...new Set(text.split(/[\s,，;；]+/).map((d) => d.trim().toLowerCase()).filter(Boolean))];
}

/**
 * Whether the saved keys may stay: only on the same vendor and the same endpoint (a saved key
 * or token is never sent to a new host without being entered again).
 */
export function keepsStoredKeys(p: Profile | null, d: Draft): boolean {
  return p !== null && p.has_credentials && p.vendor === d.vendor && (p.endpoint ?? "") === d.endpoint.trim();
}

/** A save the backend refused over one field, told by its error code: shown on that field. */
export function fieldErrorOf(e: unknown, d: Draft): Errors | null {
  if (toAppError(e).code === "already_exists") {
    return { name: { key: "profile_form.err_name_taken", values: { name: d.name.trim() } } };
  }
  return null;
}

/** Checks a draft; `hasStoredKeys` lets an edit keep the keys already in the keyring. */
export function validate(d: Draft, hasStoredKeys: boolean): Errors {
  const errors: Errors = {};
  const info = VENDORS[d.vendor];
  if (!d.name.trim()) errors.name = { key: "profile_form.err_name" };
  const domains = domainList(d.domains);
  const bad = domains.find((x) => !DOMAIN.test(x));
  if (d.any_host) {
    // The person chose any host: the domains field is not used.
  } else if (domains.length === 0) errors.domains = { key: "profile_form.err_domains" };
  else if (bad) errors.domains = { key: "profile_form.err_domain_bad", values: { domain: bad } };
  if (info.needs_site && !d.site.trim()) errors.site = { key: "profile_form.err_site" };
  const newKeys = info.credentials === "access_keys" ? d.access_key.trim() || d.secret_key.trim() : d.token.trim();
  if (!hasStoredKeys || newKeys) {
    if (info.credentials === "access_keys" && (!d.access_key.trim() || !d.secret_key.trim())) {
      errors.access_key = { key: "profile_form.err_keys" };
    }
    if (info.credentials === "token" && !d.token.trim()) errors.token = { key: "profile_form.err_token" };
  }
  const endpoint = d.endpoint.trim();
  if (endpoint && !endpoint.startsWith("https://") && !LOOPBACK.test(endpoint)) {
    errors.endpoint = { key: "profile_form.err_endpoint" };
  }
  if (d.batch_size.trim()) {
    const n = Number(d.batch_size);
    if (!Number.isInteger(n) || n < 1 || n > info.max_batch) {
      errors.batch_size = { key: "profile_form.err_batch", values: { n: info.max_batch } };
    }
  }
  return errors;
}

export function toInput(d: Draft): ProfileInput {
  const info = VENDORS[d.vendor];
  let credentials: ProfileInput["credentials"] = null;
  if (info.credentials === "access_keys" && d.access_key.trim() && d.secret_key.trim()) {
    credentials = { kind: "access_keys", access_key: d.access_key.trim(), secret_key: d.secret_key.trim() };
  } else if (info.credentials === "token" && d.token.trim()) {
    credentials = { kind: "token", token: d.token.trim() };
  }
  return {
    id: d.id,
    name: d.name.trim(),
    vendor: d.vendor,
    endpoint: d.endpoint.trim() || null,
    site: info.needs_site ? d.site.trim() : null,
    domains: d.any_host ? [ANY_HOST] : domainList(d.domains),
    batch_size: d.batch_size.trim() ? Number(d.batch_size) : null,
    credentials,
  };
}
