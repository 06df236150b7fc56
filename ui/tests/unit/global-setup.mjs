// The real Rust intake on loopback for the fake backend (scripts/dev-preview.mjs): built once
// for the whole run, its URL handed to the tests as "previewUrl" (see fake.ts).
import { servePreview } from "../../scripts/dev-preview.mjs";

/** @param {{ provide: (key: "previewUrl", url: string) => void }} project vitest's TestProject */
export default async function setup(project) {
  const server = await servePreview();
  project.provide("previewUrl", server.url);
  return server.close;
}
