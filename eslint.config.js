// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "coverage/**", "data/**", "test-results/**", "src/generated/**"] },
  js.configs.recommended,
  {
    // CommonJS tool configuration (dependency-cruiser reads .cjs).
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } },
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-empty": ["error", { allowEmptyCatch: false }],
    },
  },
  {
    // The domain core is pure: time comes in as a parameter (see scripts/check-domain-deps.ts for imports).
    files: ["src/domain/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "src/domain is pure: take the current time as a parameter, never new Date().",
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "src/domain is pure: take the current time as a parameter, never Date.now().",
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: "src/domain is pure: randomness comes in as a parameter.",
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "process", message: "src/domain is pure: no process access." },
        { name: "fetch", message: "src/domain is pure: no I/O." },
        { name: "setTimeout", message: "src/domain is pure: no timers; deadlines are data." },
        { name: "setInterval", message: "src/domain is pure: no timers; deadlines are data." },
      ],
    },
  },
);
