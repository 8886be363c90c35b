// Prints every simulated case as one Markdown table (a few seconds, virtual time):
//   npx ts-node --transpile-only bench/simulation/table.ts
import { nPacersRows, singleProcessRows, table } from './cases';

async function main(): Promise<void> {
	console.log(table([...(await singleProcessRows()), ...(await nPacersRows())]));
}

void main();
