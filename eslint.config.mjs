import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	{ ignores: ['dist', 'node_modules', 'coverage'] },
	{
		// Tests, the emulator, benchmarks and scripts run in Node, not inside n8n: they may use
		// timers, process, child processes and their own HTTP clients. What ships (nodes/, credentials/) keeps every rule.
		files: [
			'emulator/**/*.ts',
			'test/**/*.ts',
			'scripts/**/*.ts',
			'bench/**/*.ts',
			'n8nLab/**/*.ts',
			'e2e/**/*.ts',
			'playwright.config.ts',
		],
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'@n8n/community-nodes/missing-paired-item': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
			'no-console': 'off',
		},
	},
];
