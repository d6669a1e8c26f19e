// typescript-eslint with type information, so that no-floating-promises can see promises.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'media/**', '*.js', '*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      curly: 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // The extension logs through its LogOutputChannel (src/util/log.ts), never the console.
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // The API core and the pure renderers run in plain Node (unit tests, benchmarks): no VS Code API.
    files: [
      'src/atlas/**/*.ts',
      'src/**/render*.ts',
      'src/configFiles/**/*.ts',
      'src/**/pure/**/*.ts',
      'src/util/redact.ts',
      'src/util/html.ts',
      'src/util/markdown.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'src/atlas and the pure renderers must not import vscode.' }] },
      ],
    },
  },
);
