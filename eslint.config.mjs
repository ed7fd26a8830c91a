// ESLint flat config: type-aware typescript-eslint for the server, its tests, the clients and the scripts.
// Style is Prettier's job (eslint-config-prettier turns off every rule that would argue with it); these rules are
// about behaviour: a promise nobody awaits, a promise where a callback expects a plain value, code nothing uses.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    // Emitted or generated: their own tools write them (as in .prettierignore).
    ignores: [
      "node_modules/",
      "dist/",
      "dist-bench/",
      "coverage/",
      ".test-runs/",
      ".clients-build/",
      ".clients-package/",
      "clients/*/generated/",
    ],
  },
  {
    files: [
      "src/**/*.ts",
      "test/**/*.ts",
      "clients/**/*.ts",
      "scripts/**/*.ts",
      "bench/**/*.ts",
      "gateway/**/*.ts",
      "dashboard/**/*.ts",
    ],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      // Each file is checked with the tsconfig.json nearest to it: the server's for src/, test/ and scripts/, the benchmark's
      // (bench/tsconfig.json) for bench/, each
      // client's own (stricter) one for clients/.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/only-throw-error": "error",
      "@typescript-eslint/prefer-promise-reject-errors": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        // A leading underscore marks a parameter or binding kept on purpose (a signature, a rest omit).
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
      "@typescript-eslint/no-unused-expressions": "error",
    },
  },
  {
    // The end-to-end tests read JSON responses whose shape the test's own expectations check; typing every response
    // would restate the schema in each file without checking anything more. The server, clients and scripts keep
    // the rule.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  prettier,
);
