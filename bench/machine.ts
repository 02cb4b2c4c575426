/** A description of the machine the benchmark ran on, for the results table. */
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import os from 'node:os';

/** What the results depend on. */
export type Machine = {
	cpu: string;
	cores: number;
	memory: string;
	node: string;
	os: string;
	/** Load average over the last minute when the run started. */
	load: string;
};

function readOrEmpty(read: () => string): string {
	try {
		return read();
	} catch {
		return '';
	}
}

function osName(): string {
	const release = readOrEmpty(() => readFileSync('/etc/os-release', 'utf8'));
	const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(release)?.[1] ?? os.type();
	return `${pretty}, kernel ${os.release()} (${os.arch()})`;
}

function cpuModel(): string {
	const lscpu = readOrEmpty(() =>
		execFileSync('lscpu', {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}),
	);
	const field = (name: string) =>
		new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(lscpu)?.[1]?.trim() ?? '';
	const model = field('Model name') || (os.cpus()[0]?.model.trim() ?? 'unknown CPU');
	// Virtual machines often report a bare family name ("AMD EPYC"): the family and model
	// numbers and the hypervisor say which generation it really is.
	const details = [
		field('CPU family') === '' ? '' : `family ${field('CPU family')} model ${field('Model')}`,
		field('Hypervisor vendor') === '' ? '' : `${field('Hypervisor vendor')} guest`,
	].filter((detail) => detail !== '');
	return details.length === 0 ? model : `${model} (${details.join(', ')})`;
}

/** Reads the CPU model, core count, memory, Node version and OS of this machine. */
export function describeMachine(): Machine {
	return {
		cpu: cpuModel(),
		cores: os.availableParallelism(),
		memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
		node: process.version,
		os: osName(),
		load: (os.loadavg()[0] ?? 0).toFixed(2),
	};
}
