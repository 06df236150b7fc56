// What the UI needs to know about each vendor to ask only for the fields it uses: generated
// from cachedesk_core::Vendor::info into the bindings, never copied here by hand.
import { VENDORS as CATALOG, type Action, type Vendor, type VendorInfo } from "./bindings";

export const VENDORS: Record<Vendor, VendorInfo> = CATALOG;

export const VENDOR_IDS = Object.keys(VENDORS) as Vendor[];
export const ACTIONS: Action[] = ["purge-files", "purge-directories", "prefetch"];

export function canSchedule(vendor: Vendor, action: Action): boolean {
  return action === "prefetch" && VENDORS[vendor].scheduled_prefetch;
}
