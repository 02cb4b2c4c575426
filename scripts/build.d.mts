import type {Metafile} from 'esbuild';

/** The stages of the bundle, by name (dist/stages/NAME.js): a file by its path, a package by its name. */
export declare const stages: Record<string, string>;
/** Builds dist/ (nothing with `write: false`) and gives the metafile of each file it makes. */
export declare function buildCommand(options?: {write?: boolean}): Promise<{
	main: Metafile;
	stages: Record<string, Metafile>;
	cli: Metafile;
}>;
