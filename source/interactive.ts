/**
 * The code the interactive start runs before Ink, behind one dynamic import, each module under its
 * name: the config's keys, access and theme settings, the layout (the first page's size), the URL
 * opener and clipboard, and the saved places (the first list). start.tsx loads it while the
 * settings are read, so it is there for the first request, which never waits for Ink
 * (ui-stage.tsx). The build makes it one file, dist/stages/interactive.js (scripts/build.mjs), so
 * neither `--json` nor `--help` loads it, nor the built-ins it imports (node:child_process, and
 * node:process, which builds Node's stdio streams).
 */
export * as keySettings from './key-settings.js';
export * as accessSettings from './config/access-settings.js';
export * as themeSetting from './config/theme-setting.js';
export * as layout from './ui/layout.js';
export * as openUrl from './open-url.js';
export * as clipboard from './ui/clipboard.js';
export * as resumeState from './config/resume-state.js';
export * as resume from './ui/resume.js';
