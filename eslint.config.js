import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", "test-results/**", "playwright-report/**", "db/migrations/**", "data/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "error",
    },
  },
  {
    // THE GATE (ARCHITECTURE.md rule 1): routes call services; they never reach the database or drizzle.
    files: ["app/routes/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/db/**", "**/db", "~/db.server", "drizzle-orm", "drizzle-orm/**", "better-sqlite3"], message: "Routes must not touch the database: call a service in app/services, which goes through app/access." },
          ],
        },
      ],
    },
  },
  {
    // Scripts and tests may print.
    files: ["scripts/**", "tests/**", "**/*.test.ts"],
    rules: { "no-console": "off" },
  },
);
