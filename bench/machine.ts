import { cpus, freemem, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
	cores: number;
	cpuModel: string;
	memoryGiB: number;
	node: string;
	date: string;
}

export function machineInfo(): MachineInfo {
	return {
		cores: cpus().length,
		cpuModel: cpus()[0]?.model ?? 'unknown',
		memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
		node: process.version,
		date: new Date().toISOString(),
	};
}

/** 1-minute load average and free memory: other work on the machine skews every figure. */
export function loadNow(): string {
	return `load ${loadavg()[0].toFixed(2)}, free ${(freemem() / 2 ** 30).toFixed(1)} GiB`;
}
