// ESLint flat config: the dependency rules of ARCHITECTURE.md as lint errors, so an editor shows a
// forbidden import while it is typed (test/architecture/boundaries.test.ts checks the same rules in CI).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

const SOURCE = ["**/*.{ts,tsx,mjs}"];
const TESTS = ["**/*.test.{ts,tsx}", "test/**", "e2e/**"];

/** Generated Prisma clients: only lib/server/db.ts may import them (types are fine anywhere). */
const ONE_PRISMA_MODULE = {
  group: ["@prisma/client", "@prisma/client/*", "@spikewatch/*"],
  allowTypeImports: true,
  message: "Only lib/server/db.ts imports the Prisma clients.",
};
const NO_ONNXRUNTIME = {
  group: ["onnxruntime-node", "onnxruntime-*"],
  message: "Only worker/inference/session.ts imports onnxruntime-node.",
};
/** lib/domain is pure: no framework, database, runtime or Node imports. */
const PURE = [
  {
    group: ["next", "next/*", "react", "react/*", "react-dom", "react-dom/*"],
    message: "lib/domain is pure: no Next.js or React.",
  },
  { group: ["@prisma/*", "@spikewatch/*"], message: "lib/domain is pure: no Prisma." },
  { group: ["node:*", "fs", "path", "os", "crypto"], message: "lib/domain is pure: no Node modules." },
  NO_ONNXRUNTIME,
];
/** Components draw what they are given: types from the server are fine, values are not. */
const PROPS_ONLY = [
  {
    group: ["@/lib/server/*", "@prisma/*", "@spikewatch/*"],
    allowTypeImports: true,
    message: "Components get data through props.",
  },
  NO_ONNXRUNTIME,
];

/** One zone per layer rule: `target` may not import from `from` (relative or `@/` paths alike). */
const zone = (target, from, message) => ({ target, from, message });
const LAYER_ZONES = [
  zone(
    "./lib/domain",
    ["./lib/server", "./lib/jobs", "./worker", "./app", "./components", "./cli", "./scripts"],
    "lib/domain is pure.",
  ),
  zone(
    "./lib/utils",
    ["./lib/domain", "./lib/server", "./lib/jobs", "./worker", "./app", "./components", "./cli", "./scripts"],
    "lib/utils imports nothing.",
  ),
  zone(
    "./lib/jobs",
    ["./lib/server", "./worker", "./app", "./components", "./cli", "./scripts"],
    "lib/jobs depends only on lib/domain.",
  ),
  zone(
    "./lib/server",
    ["./app", "./components", "./worker", "./cli", "./scripts"],
    "lib/server never reaches into the app, components or worker.",
  ),
  zone("./components", ["./app", "./worker", "./cli", "./scripts"], "components draw what pages give them."),
  zone("./app", ["./worker", "./cli", "./scripts"], "the web app does not run worker code."),
  zone("./worker", ["./app", "./components", "./cli"], "the worker has no web code."),
];

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "data/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "clients/python/**",
      "prisma/generated/**",
      "**/generated/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: SOURCE,
    plugins: { "import-x": importX },
    settings: { "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })] },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-restricted-paths": ["error", { zones: LAYER_ZONES }],
      "no-restricted-imports": ["error", { patterns: [ONE_PRISMA_MODULE, NO_ONNXRUNTIME] }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      // Transcripts are untrusted text: the parsers match control characters on purpose.
      "no-control-regex": "off",
    },
  },
  { files: ["lib/domain/**"], rules: { "no-restricted-imports": ["error", { patterns: PURE }] } },
  { files: ["components/**"], rules: { "no-restricted-imports": ["error", { patterns: PROPS_ONLY }] } },
  { files: ["lib/server/db.ts"], rules: { "no-restricted-imports": ["error", { patterns: [NO_ONNXRUNTIME] }] } },
  {
    files: ["worker/inference/session.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [ONE_PRISMA_MODULE] }] },
  },
  // Node scripts outside TypeScript see Node's globals.
  { files: ["**/*.mjs"], languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } } },
  // Tests may reach across layers to set up real services (as test/architecture/boundaries.test.ts allows).
  {
    files: TESTS,
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "no-restricted-imports": "off",
      "import-x/no-restricted-paths": "off",
    },
  },
);
