// Installs the fake backend for a component test and records every command it receives.
import { inject } from "vitest";
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import { createFakeBackend, type FakeOptions } from "../../src/testing/fakeBackend";
import { api } from "../../src/lib/api";
import { app } from "../../src/lib/app.svelte";
import type { ErrorBody } from "../../src/lib/bindings";

declare module "vitest" {
  export interface ProvidedContext {
    /** the real Rust intake the fake asks (global-setup.mjs) */
    previewUrl: string;
  }
}

export type Call = { cmd: string; args: Record<string, unknown> };

export async function installFake(options: FakeOptions = {}, failures: Record<string, ErrorBody> = {}) {
  const backend = createFakeBackend({ tickMs: 5, intakeUrl: inject("previewUrl"), ...options });
  const calls: Call[] = [];
  mockWindows("main");
  mockIPC(
    (cmd, args) => {
      calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
      if (failures[cmd]) throw failures[cmd];
      return backend.handle(cmd, args);
    },
    { shouldMockEvents: true },
  );
  app.profiles = await api.listProfiles().catch(() => []);
  const called = (cmd: string) => calls.filter((c) => c.cmd === cmd);
  return { backend, calls, called };
}
