/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// The ts-jest preset type-checks each test file and what it imports: a type error fails that file.
	setupFilesAfterEnv: ['<rootDir>/test/setupEnv.ts'],
	reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
	testTimeout: 30000,
};
