import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import compat from 'eslint-plugin-compat';

const rawReduxHooks = {
  name: 'react-redux',
  importNames: ['useSelector', 'useDispatch', 'useStore'],
  message: 'Use the typed hooks from src/components/hooks/storeHooks.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'demo-dist',
      'coverage',
      // The TypeScript consumer fixtures are type-checked by their own tsconfig against the
      // packed package, in a temp install (npm run consumers); this project has no types for it.
      '__tests__/consumers/**/*.ts',
      '__tests__/consumers/**/*.tsx',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/consistent-type-imports': 'error',
      // The slice's id indexes are records; deleting a key is how a link is removed.
      '@typescript-eslint/no-dynamic-delete': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'no-restricted-imports': ['error', { paths: [rawReduxHooks] }],
    },
  },
  // Imports flow one way: demo -> components -> payments. The core never imports React.
  {
    files: ['src/payments/**', 'src/index.ts', 'src/protocol.ts', 'src/conformance/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['react', 'react-dom', 'react-redux'].map((name) => ({
            name,
            message: 'The headless core has no React: components live in src/components.',
          })),
          patterns: [
            {
              group: ['**/components/**', '**/react.js'],
              message: 'payments never imports components.',
            },
            { group: ['**/demo/**'], message: 'Nothing imports the demo.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [rawReduxHooks],
          patterns: [{ group: ['**/demo/**'], message: 'Nothing imports the demo.' }],
        },
      ],
    },
  },
  {
    files: ['src/demo/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [rawReduxHooks],
          patterns: [
            {
              group: ['../payments/**', '../components/**', '../conformance/**'],
              message: 'The demo uses the public face only: ../index.js and ../react.js.',
            },
          ],
        },
      ],
    },
  },
  {
    // typed-redux-saga's effects are generators: in a race, redux-saga runs each as a task of
    // its own (a `call` there was two). A race's entries are redux-saga's own effects, imported
    // from redux-saga/effects under a name that says so (callEffect, takeEffect, delayEffect).
    files: ['src/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.name='race'] > ObjectExpression > Property > CallExpression[callee.name=/^(call|take|takeMaybe|delay|fork|put|select|join|all|race)$/]",
          message:
            "A race entry is one of redux-saga's own effects (callEffect, takeEffect, delayEffect from redux-saga/effects), not typed-redux-saga's generator.",
        },
      ],
    },
  },
  {
    // The typed hooks are built from the raw ones here, and only here.
    files: ['src/components/hooks/storeHooks.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // What runs in the page holds to the browsers the README's Install names (the ES2022 build).
    // It checks syntax such as a regex lookbehind and the web APIs it has data for; it cannot
    // see feature checks, so a guarded use (navigator.locks) is not flagged.
    files: ['src/payments/**', 'src/components/**', 'src/demo/**', 'src/*.ts'],
    ...compat.configs['flat/recommended'],
    settings: {
      browsers: [
        'chrome >= 93',
        'edge >= 93',
        'firefox >= 92',
        'safari >= 15.4',
        'ios_saf >= 15.4',
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['__tests__/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  prettier,
);
