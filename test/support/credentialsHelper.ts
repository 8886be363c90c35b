import { ICredentialsHelper } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Stands in for n8n's credential store: hands out the given credential data and authenticates
 * requests with the credential type's own `authenticate`, as n8n does (types without one, such
 * as the webhook signing secret, leave requests as they are).
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	/** How many times a node read (n8n: loaded and decrypted) a credential. */
	decryptions = 0;

	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
		/** Told each time n8n authenticates a request, just before it is sent. */
		private readonly onRequest: () => void = () => {},
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		this.onRequest();
		const { authenticate } = this.types[typeName] ?? {};
		if (authenticate === undefined) return requestOptions;
		if (typeof authenticate !== 'function')
			throw new Error(`${typeName}: only function authenticate is supported here`);
		return await authenticate(credentials, requestOptions);
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these tests');
	}

	async getDecrypted(
		_additionalData: unknown,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		this.decryptions += 1;
		const data = this.data[type];
		if (!data) throw new Error(`no test credentials of type ${type}`);
		// n8n hands each caller its own copy; the node must not be able to change the stored one.
		return { ...data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types[type]?.properties ?? [];
	}
}
