import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";
import { boot } from "./lib/boot";

async function start(): Promise<void> {
  // Only the browser-test build (vite --mode browser-test) carries the in-page fake backend;
  // in the real build this branch and its module are dropped.
  if (import.meta.env.MODE === "browser-test") {
    const { installFakeBackend } = await import("./testing/fakeBackend");
    installFakeBackend();
  }
  await boot(() => {
    const target = document.getElementById("app");
    if (target) mount(App, { target });
  });
}

void start();
