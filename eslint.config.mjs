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
    // Pure folders (the same list as .dependency-cruiser.cjs, which also keeps them off glue that
    // imports vscode): src/atlas, src/configFiles, src/util and every pure/ sub-folder run in plain Node;
    // webview/ sub-folders run in the webview.
    files: [
      'src/atlas/**/*.ts',
      'src/configFiles/**/*.ts',
      'src/util/**/*.ts',
      'src/*/pure/**/*.ts',
      'src/*/webview/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message: 'Pure folders (src/atlas, src/configFiles, src/util, */pure) must not import vscode.',
            },
          ],
        },
      ],
    },
  },
);
