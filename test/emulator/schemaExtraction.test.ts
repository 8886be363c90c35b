import { parse } from 'yaml';
import { extractDefinitions } from '../../emulator/schemas/openapiToJsonSchema';
import schemas from '../../emulator/schemas/schemas.json';
import { violations } from './support/contract';

// OpenAPI-only keywords (format, example, x-*) beside nullable, a $ref under allOf and strictness.
const SPEC_EXCERPT = `
components:
  schemas:
    Thing:
      type: object
      additionalProperties: false
      required: [object]
      properties:
        object: { type: string, enum: [thing] }
        label: { type: string, nullable: true, x-speakeasy-name-override: Label }
        size: { type: integer, format: int64, example: 3 }
        part: { nullable: true, allOf: [{ $ref: '#/components/schemas/Part' }] }
        tags: { type: array, minItems: 0 }
    Part: { type: object, properties: { name: { type: string } } }
`;

describe('schema extraction from the OpenAPI spec', () => {
	it('converts nullable to null types, follows $refs and drops OpenAPI-only keywords', () => {
		const doc = parse(SPEC_EXCERPT) as { components: { schemas: Record<string, never> } };
		const defs = extractDefinitions(doc.components.schemas, ['Thing']);
		expect(Object.keys(defs)).toEqual(['Part', 'Thing']);
		const props = defs.Thing.properties as Record<string, Record<string, unknown>>;
		expect(defs.Thing.additionalProperties).toBe(false);
		expect(props.label).toEqual({ type: ['string', 'null'] });
		expect(props.size).toEqual({ type: 'integer' });
		expect(props.tags).toEqual({ type: 'array', minItems: 0 });
		expect(props.part).toEqual({
			anyOf: [{ type: 'null' }, { allOf: [{ $ref: '#/definitions/Part' }] }],
		});
	});

	it('schemas.json keeps the spec’s strictness where the spec has it', () => {
		expect(schemas.definitions.SignInToken.additionalProperties).toBe(false);
		expect(schemas.definitions.User.additionalProperties).toBe(false);
		expect(schemas.definitions.SignInToken.required).toEqual([
			'object',
			'id',
			'user_id',
			'status',
			'created_at',
			'updated_at',
		]);
	});

	it('the contract check rejects objects that break the spec', () => {
		const token = {
			object: 'sign_in_token',
			id: 'sit_1',
			status: 'pending',
			user_id: 'user_1',
			created_at: 1,
			updated_at: 1,
		};
		expect(violations('SignInToken', token)).toEqual([]);
		expect(violations('SignInToken', { ...token, extra: 1 })).not.toEqual([]);
		expect(violations('SignInToken', { ...token, status: 'expired' })).not.toEqual([]);
		expect(violations('SignInToken', { ...token, created_at: '1' })).not.toEqual([]);
		expect(violations('ClerkErrors', { errors: [{ message: 'm', code: 'c' }] })).not.toEqual([]);
		expect(violations('User', { id: 'user_1', object: 'user' })).not.toEqual([]);
	});
});
