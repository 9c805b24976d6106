import { vitePlugin as remix } from "@remix-run/dev";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  build: { sourcemap: false, target: "es2022" },
  css: {
    preprocessorOptions: {
      // GOV.UK and MOJ Frontend are imported by path from node_modules; their own deprecation notices are not ours to fix.
      scss: { api: "modern-compiler", loadPaths: ["."], quietDeps: true, silenceDeprecations: ["import"] },
    },
  },
  server: { hmr: process.env.NODE_ENV === "development" },
  plugins: [
    remix({
      ignoredRouteFiles: ["**/*.test.*", "**/*.css"],
      serverModuleFormat: "esm",
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
});
