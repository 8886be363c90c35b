/** @type {import('jest').Config} */
module.exports = {
	// tsconfig.json is the product's (what `npm run build` compiles); tests, the emulator, scripts
	// and benchmarks are type-checked with tsconfig.test.json, which extends it.
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// ts-jest type-checks each test file and what it imports: a type error fails that file.
	setupFilesAfterEnv: ['<rootDir>/test/setupEnv.ts'],
	reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
	testTimeout: 30000,
};
