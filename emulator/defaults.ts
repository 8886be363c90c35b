/** Where the emulator answers and with which key, when nobody says otherwise: written once here. */
export const DEFAULT_SECRET_KEY = 'sk_test_emulator_0123456789abcdef';
export const DEFAULT_HOST = '127.0.0.1';
/** The CLI's port when none is given; in-process and child-process starts pick a free port. */
export const DEFAULT_CLI_PORT = 4010;
export const API_PREFIX = '/v1';
export const ADMIN_PREFIX = '/__emulator';
export const TICKET_ACCEPT_PATH = `${API_PREFIX}/tickets/accept`;

/** `http://127.0.0.1:4010` -> `http://127.0.0.1:4010/v1`, the Backend API URL a credential takes. */
export function apiUrlOf(url: string): string {
	return `${url}${API_PREFIX}`;
}
