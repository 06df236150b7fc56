// The one door from the UI to the Tauri shell: commands, events, dialogs and drag-drop.
// Screens call these functions; failures arrive as `AppError` carrying the shell's
// `{code, message, details}` body.

import { getCurrentWebview } from "@tauri-apps/api/webview";
import type { UnlistenFn } from "@tauri-apps/api/event";
import { commands, events, type ErrorBody, type ErrorCode, type JobProgress } from "./bindings";

/** What every generated command resolves to (tauri-specta's result mode). */
type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorBody["details"];

  constructor(body: ErrorBody) {
    super(body.message);
    this.name = "AppError";
    this.code = body.code;
    this.details = body.details;
  }
}

async function unwrap<T>(pending: Promise<Result<T, ErrorBody>>): Promise<T> {
  let result: Result<T, ErrorBody>;
  try {
    result = await pending;
  } catch (e) {
    // A thrown Error means the IPC itself broke (no shell, a bug): report it as internal.
    throw new AppError({ code: "internal", message: e instanceof Error ? e.message : String(e), details: null });
  }
  if (result.status === "error") throw new AppError(result.error);
  return result.data;
}

type Commands = typeof commands;
type Unwrapped = {
  [K in keyof Commands]: (
    ...args: Parameters<Commands[K]>
  ) => Promise<Awaited<ReturnType<Commands[K]>> extends Result<infer T, ErrorBody> ? T : never>;
};

/** Every command of `bindings.ts`, resolving to its data or rejecting with an `AppError`. */
export const api = new Proxy({} as Unwrapped, {
  get: (_, name: string) =>
    (...args: unknown[]) =>
      unwrap((commands[name as keyof Commands] as (...a: unknown[]) => Promise<Result<unknown, ErrorBody>>)(...args)),
});

export function onJobProgress(cb: (p: JobProgress) => void): Promise<UnlistenFn> {
  return events.jobProgress.listen((e) => cb(e.payload));
}

export type DropState = { type: "hover" } | { type: "leave" } | { type: "drop"; paths: string[] };

/** Files dragged onto the window (the webview hands us their paths, never their bytes). */
export function onFileDrop(cb: (state: DropState) => void): Promise<UnlistenFn> {
  return getCurrentWebview().onDragDropEvent((e) => {
    const p = e.payload;
    if (p.type === "drop") cb({ type: "drop", paths: p.paths });
    else if (p.type === "leave") cb({ type: "leave" });
    else cb({ type: "hover" });
  });
}

/**
 * The file dialogs are opened by the backend, which remembers what the person chose: the
 * commands that read or write a file refuse any other path (the webview is not trusted).
 */
export async function pickUrlFiles(title: string, filterName: string): Promise<string[]> {
  return api.pickUrlFiles(title, filterName);
}

export async function pickCsvDestination(title: string, defaultPath: string): Promise<string | null> {
  return api.pickCsvDestination(title, defaultPath);
}
