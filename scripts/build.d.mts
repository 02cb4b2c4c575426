import type {Metafile, Plugin} from 'esbuild';

/** The stages of the bundle, by name (dist/stages/NAME.js): a file by its path, a package by its name. */
export declare const stages: Record<string, string>;
/** Stages that load only after another stage, and take the modules it holds from it. */
export declare const loadsAfter: Record<string, string>;
/** Builds dist/ (nothing with `write: false`) and gives the metafile of each file it makes. */
export declare function buildCommand(options?: {write?: boolean}): Promise<{
	main: Metafile;
	stages: Record<string, Metafile>;
	cli: Metafile;
}>;
/**
 * The esbuild plugin that splits the code into main.js and the stages (`stageByFile`: the stage
 * names by absolute path; `reached` collects the stages imported; `hosts`: the file that holds a
 * module, from the stage built): see scripts/build.mjs.
 */
export declare function bundleParts(options: {
	fromMain?: boolean;
	stageByFile: Map<string, string>;
	reached: Set<string>;
	hosts?: Map<string, string>;
	imported?: Set<string>;
	hosted?: Map<string, {index: number; exports: string[]}>;
}): Plugin;
/** Throws when a module is bundled into more than one of `builds`' files. */
export declare function checkOneInstance(builds: Array<{metafile: Metafile}>): void;
