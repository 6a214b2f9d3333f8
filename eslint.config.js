// The import direction of the architecture map is enforced here (docs/architecture.md, "Layers"):
//   domain  ← ports ← adapters, workers
//   domain, ports ← app ← features;  lib ← features, app
// domain/ is the floor: pure logic and the shared vocabulary (records, chat messages, AppError),
// importing nothing above it. Screens may import pure domain helpers and types, and ports as
// types only; never adapters or workers. A wrong arrow is a lint error, so `npm run lint`
// (part of `npm test`) fails on it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const HEAVY = ['@mlc-ai/web-llm', '@huggingface/transformers', 'pdfjs-dist', 'pdfjs-dist/*', 'mammoth'];
const layer = (names, message) => names.map((name) => ({ group: [`**/${name}/**`, `**/${name}`], message }));

const restrict = (patterns, paths = []) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns,
      paths: paths.map((name) => ({
        name,
        message: 'Heavy library: import it only inside a worker or an adapter behind dynamic import().',
      })),
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-*/**',
      'node_modules/**',
      'test/.generated/**',
      'coverage/**',
      'test-results/**',
      'test-results-*/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node }, parserOptions: { extraFileExtensions: ['.svelte'] } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Untrusted text is never rendered as raw HTML; the one sanctioned place is lib/ui/Markdown.svelte.
      'svelte/no-at-html-tags': 'error',
      'svelte/require-each-key': 'off',
      'svelte/prefer-svelte-reactivity': 'off',
      'svelte/no-navigation-without-resolve': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, svelteConfig: undefined } },
  },
  {
    files: ['src/domain/**'],
    rules: restrict(
      layer(
        ['adapters', 'app', 'features', 'lib', 'workers', 'ports'],
        'domain/ is the floor: pure logic and the shared vocabulary; it imports only domain/.',
      ),
      [...HEAVY, 'idb', 'svelte', 'dompurify', 'marked'],
    ),
  },
  {
    files: ['src/ports/**'],
    rules: restrict(
      layer(['adapters', 'app', 'features', 'lib', 'workers'], 'ports/ are interfaces: they import only domain/ and ports/.'),
      HEAVY,
    ),
  },
  {
    files: ['src/features/**', 'src/App.svelte', 'src/main.ts'],
    rules: restrict(
      [
        ...layer(['adapters', 'workers'], 'Screens talk to app/ services; only app/container.ts names adapters.'),
        // Ports are the app's business: a screen may name their types, never call them itself.
        { group: ['**/ports/**', '**/ports'], allowTypeImports: true, message: 'Screens may import ports as types only (import type).' },
      ],
      HEAVY,
    ),
  },
  {
    files: ['src/lib/**'],
    rules: restrict(
      layer(
        ['adapters', 'workers', 'app', 'features'],
        'lib/ is presentational: it imports only lib/, domain/ and port types; app-aware parts live in features/shared/.',
      ),
      HEAVY,
    ),
  },
  {
    files: ['src/app/**'],
    ignores: ['src/app/container.ts', 'src/app/composition/**'],
    rules: restrict(
      layer(
        ['adapters', 'features'],
        'Only the composition root (app/container.ts, app/composition/) names adapters; app/ never imports screens.',
      ),
      HEAVY,
    ),
  },
  {
    files: ['src/adapters/**'],
    rules: restrict(layer(['app', 'features'], 'Adapters implement ports; they never import app/ or features/.')),
  },
  {
    // A committed `.only` (test.only, it.only, describe.only, test.describe.only) would silently skip
    // the rest of the suite; Vitest (allowOnly) and Playwright (forbidOnly) refuse it too.
    files: ['test/**/*.ts', 'test/**/*.js'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='only']",
          message: 'Remove .only before committing: it skips every other test.',
        },
      ],
    },
  },
);
