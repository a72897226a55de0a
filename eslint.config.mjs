// ESLint: typescript-eslint's recommended rules for the TypeScript of lib/, apps/, test/ and bench/. Formatting is
// Prettier's (npm run format); the layering of lib/ is dependency-cruiser's (npm run lint:deps).
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
      'build/**',
      'dist/**',
      'node_modules/**',
      'lib/imports/**',
      'test/fixtures/**',
      'coverage/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // Unused names are the compiler's job (noUnusedLocals); `_`-prefixed parameters are meant.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // require() is how the CLI loads modules on demand and how tests and benchmarks load fresh copies.
      '@typescript-eslint/no-require-imports': 'off',
      // The YAML writer's and the importer's patterns match control characters on purpose.
      'no-control-regex': 'off',
    },
  },
);
