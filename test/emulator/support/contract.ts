import Ajv, { type ValidateFunction } from 'ajv';
import schemas from '../../../emulator/schemas/schemas.json';

export type SchemaName = 'SignInToken' | 'ClerkErrors' | 'ClerkError' | 'User';

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
ajv.addSchema(schemas);

const validators = new Map<SchemaName, ValidateFunction>();

function validator(name: SchemaName): ValidateFunction {
	let validate = validators.get(name);
	if (!validate) {
		const found = ajv.getSchema(`${schemas.$id}#/definitions/${name}`);
		if (!found) throw new Error(`schema ${name} missing from emulator/schemas/schemas.json`);
		validate = found;
		validators.set(name, validate);
	}
	return validate;
}

/** Schema violations as readable lines; empty when the value conforms to Clerk's spec. */
export function violations(name: SchemaName, value: unknown): string[] {
	const validate = validator(name);
	if (validate(value)) return [];
	return (validate.errors ?? []).map(
		(e) => `${name}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
	);
}
