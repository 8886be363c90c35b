/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// Type-checking is tsc's job (npm run build / lint); ts-jest only transpiles, which keeps runs fast.
	transform: { '^.+\\.ts$': ['ts-jest', { transpilation: true }] },
	setupFilesAfterEnv: ['<rootDir>/test/setup-env.ts'],
	reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
	testTimeout: 30000,
};
