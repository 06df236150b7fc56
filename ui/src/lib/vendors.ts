// What the UI needs to know about each vendor to ask only for the fields it uses.
// Mirrors cachedesk_core::VendorLimits (per-request limits, scheduled prefetch).
import type { Action, Vendor } from "./bindings";

export type VendorInfo = {
  credentials: "access_keys" | "token";
  needs_site: boolean;
  default_endpoint: string;
  max_batch: number;
  scheduled_prefetch: boolean;
};

export const VENDORS: Record<Vendor, VendorInfo> = {
  "baidu-cdn": {
    credentials: "access_keys",
    needs_site: false,
    default_endpoint: "https://cdn.baidubce.com",
    max_batch: 100,
    scheduled_prefetch: true,
  },
  "baidu-geo": {
    credentials: "access_keys",
    needs_site: true,
    default_endpoint: "https://geo.baidubce.com",
    max_batch: 1000,
    scheduled_prefetch: false,
  },
  baishan: {
    credentials: "token",
    needs_site: false,
    default_endpoint: "https://cdn.api.baishan.com",
    max_batch: 500,
    scheduled_prefetch: false,
  },
};

export const VENDOR_IDS = Object.keys(VENDORS) as Vendor[];
export const ACTIONS: Action[] = ["purge-files", "purge-directories", "prefetch"];

export function canSchedule(vendor: Vendor, action: Action): boolean {
  return action === "prefetch" && VENDORS[vendor].scheduled_prefetch;
}
