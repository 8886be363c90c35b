import Ajv from 'ajv';
import schemas from '../../../emulator/schemas/schemas.json';

export type SchemaName = 'SignInToken' | 'ClerkErrors' | 'ClerkError' | 'User';

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
ajv.addSchema(schemas);

/** Schema violations as readable lines; empty when the value conforms to Clerk's spec. */
export function violations(name: SchemaName, value: unknown): string[] {
	// Ajv compiles each definition on first use and keeps it.
	const validate = ajv.getSchema(`${schemas.$id}#/definitions/${name}`);
	if (!validate) throw new Error(`schema ${name} missing from emulator/schemas/schemas.json`);
	if (validate(value)) return [];
	return (validate.errors ?? []).map(
		(e) => `${name}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
	);
}
