// How a profile is named in pickers: demo profiles are always marked, whatever their name,
// so nobody sends a real list to the simulator by mistake.
import type { Profile } from "./bindings";

type Translate = (key: string, options: { values: Record<string, string> }) => string;

export function profileLabel(p: Pick<Profile, "name" | "demo">, t: Translate): string {
  return p.demo ? t("profiles.demo_mark", { values: { name: p.name } }) : p.name;
}
