// The rules the code follows, checked by `npm run lint` (part of `npm test`). docs/architecture.md says why
// each exists; the band rules below are the ones that keep the core runnable under plain mocha.
import tseslint from 'typescript-eslint';

const FACES = ['**/providers/**', '**/webviews/**', '**/cli/**'];
const vscodeAsTypeOnly = { name: 'vscode', allowTypeImports: true, message: 'The core imports vscode only as a type (import type): it runs under plain mocha and in benchmarks.' };

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.tools/**', '.build/**', 'test-results/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports', disallowTypeAnnotations: false }],
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true, named: true, defaultFrom: true, namedFrom: true, namespaceFrom: true } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Explicit return types on what a module exports: the contract reads without the body.
    files: ['src/**/*.ts'],
    rules: { '@typescript-eslint/explicit-module-boundary-types': 'error' },
  },
  {
    // Cores and catalog: no vscode at runtime, never a face.
    files: ['src/registries/**/*.ts', 'src/images/**/*.ts', 'src/containers/**/*.ts', 'src/store/**/*.ts', 'src/entities/**/*.ts', 'src/migrations/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [vscodeAsTypeOnly],
        patterns: [{ group: FACES, message: 'Cores and the catalog never import a face (providers, webviews, cli).' }],
      }],
    },
  },
  {
    // The catalog never imports a capability's core either: entities, store and migrations sit at the bottom.
    files: ['src/store/**/*.ts', 'src/entities/**/*.ts', 'src/migrations/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [vscodeAsTypeOnly],
        patterns: [{ group: [...FACES, '**/registries/**', '**/images/**', '**/containers/**'], message: 'The catalog (store, entities, migrations) imports no capability and no face.' }],
      }],
    },
  },
  {
    // Shared contracts: imported by every band, so they import no band.
    files: ['src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/shared runs everywhere, the page bundle included.' }],
        patterns: [{ group: [...FACES, '**/registries/**', '**/images/**', '**/containers/**', '**/store/**', '**/entities/**', '**/migrations/**'], message: 'src/shared imports no band.' }],
      }],
    },
  },
  {
    // What the user reads in VS Code's own UI goes through vscode.l10n.t, so `npm run l10n` finds it for
    // translators. A literal in a message, a prompt or a title is a string nobody can translate.
    // (Panels render their own text; the CLI and errors thrown from the core stay English, as VS Code's own do.)
    files: ['src/providers/**/*.ts', 'src/webviews/*.ts', 'src/webviews/*/*.ts', 'src/extension.ts'],
    ignores: ['src/webviews/app/**'],
    rules: {
      'no-restricted-syntax': ['error', ...[
        'CallExpression[callee.property.name=/^show(Information|Warning|Error)Message$/] > Literal',
        'CallExpression[callee.property.name=/^show(Information|Warning|Error)Message$/] > TemplateLiteral',
        'CallExpression[callee.property.name=/^show(Information|Warning|Error)Message$/] > ConditionalExpression > Literal',
        'CallExpression[callee.property.name=/^show(Information|Warning|Error)Message$/] > ConditionalExpression > TemplateLiteral',
        'Property[key.name=/^(placeHolder|prompt|title|detail)$/] > Literal[value=/[A-Za-z]{2}/]',
        'Property[key.name=/^(placeHolder|prompt|title|detail)$/] > TemplateLiteral',
        'Property[key.name=/^(placeHolder|prompt|title|detail)$/] > ConditionalExpression > Literal[value=/[A-Za-z]{2}/]',
        'Property[key.name=/^(placeHolder|prompt|title|detail)$/] > ConditionalExpression > TemplateLiteral',
        'Property[key.name="validateInput"] ConditionalExpression > Literal[value=/[A-Za-z]{2}/]',
        'Property[key.name="validateInput"] ConditionalExpression > TemplateLiteral',
        'Property[key.name="validateInput"] ReturnStatement > Literal[value=/[A-Za-z]{2}/]',
      ].map((selector) => ({ selector, message: 'A user-visible string: wrap it in vscode.l10n.t(…) and run `npm run l10n`.' }))],
    },
  },
);
