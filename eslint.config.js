import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: ["build/**", "node_modules/**", "test-results/**", "playwright-report/**", "db/migrations/**", "data/**"],
  },
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
    // THE GATE (ARCHITECTURE.md rule 1): routes call services; they never reach the database or drizzle. Nor do
    // the live layer, components, domain rules and instruments (issue 18): what they need comes through a service.
    files: ["app/routes/**", "app/realtime/**", "app/components/**", "app/domain/**", "app/instruments/**"],
    // Tests may open a real SQLite database (a domain rule checked against SQLite's own parser, say).
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/db/**", "**/db", "~/db.server", "drizzle-orm", "drizzle-orm/**", "better-sqlite3"],
              message:
                "Only services (and the gate) touch the database: call a service in app/services, which goes through app/access.",
            },
          ],
        },
      ],
    },
  },
  {
    // One writer at a time across processes (decision 0022): a better-sqlite3 transaction called directly begins
    // DEFERRED, and one that reads and then writes fails when another worker wrote in between. Say how it begins.
    files: ["app/**", "server/**", "db/client.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.type='CallExpression'][callee.callee.property.name='transaction']",
          message:
            "Say how the transaction begins: .immediate() if it writes (decision 0022), .deferred() for a read-only snapshot.",
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
