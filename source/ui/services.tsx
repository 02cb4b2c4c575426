/**
 * The services the screens use, built once in the entry (cli.tsx → start.tsx) and handed down
 * through one context: components never construct clients, read the environment or touch disk.
 */
import type {CheckHost} from '../api/host-check.js';
import {createContext, useContext, type ReactNode} from 'react';
import type {ListQuery, Page, PageFetcher, RequestOptions, Workspace} from '../api/types.js';
import type {VerifyResult} from '../config/index.js';
import type {Profile} from '../config/profiles.js';
import type {Target} from '../config/settings.js';
import type {ProfileOperations, ProfilesSnapshot} from './screens/profiles.js';
import type {SetupInitial} from './setup-state.js';

/** Fetches one workspace in full. */
export type WorkspaceFetcher = (id: number | string, options: RequestOptions) => Promise<Workspace>;

/** An environment the app is talking to, with a token already bound into its fetchers. */
export type Connection = {
	/** Unique per connection: the browser starts afresh when it changes. */
	id: number;
	target: Target;
	/** The profile this connection came from, if any. */
	profileName?: string;
	fetchPage: PageFetcher<Workspace>;
	fetchRecord: WorkspaceFetcher;
	/** The profile's page size and sort, if it has them. */
	limit?: number;
	sort?: string;
	/** The first page, when it was fetched before the screen was drawn. */
	initialPage?: {query: ListQuery; page: Page<Workspace>};
};

/** The outcome of opening a saved profile: a connection, or setup with the reason. */
export type OpenProfileResult =
	{ok: true; connection: Connection} | {ok: false; reason: string; initial: SetupInitial};

/** Everything the screens may do to the outside world. */
export type Services = {
	/** Binds a token to a target. */
	connect: (target: Target, token: string, profile?: Profile) => Connection;
	/** Resolves a profile's token source and connects. */
	openProfile: (profile: Profile) => Promise<OpenProfileResult>;
	/** One check of a token against a target, for the setup screen. */
	verify: (target: Target, token: string, signal: AbortSignal) => Promise<VerifyResult>;
	/** The saved profiles. */
	profiles: ProfileOperations & {
		read: () => ProfilesSnapshot & {warnings: string[]};
	};
	/** Asks DNS whether a host exists, before setup asks for a token; no check without it. */
	checkHost?: CheckHost;
	/** Opens a URL in the user's browser; resolves false where that is not possible. */
	openUrl?: (url: string) => Promise<boolean>;
};

const ServicesContext = createContext<Services | undefined>(undefined);

/** Props of {@link ServicesProvider}. */
export type ServicesProviderProps = {services: Services; children?: ReactNode};

/** Makes the services available to the screens below. */
export function ServicesProvider({services, children}: ServicesProviderProps) {
	return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

/** The services; throws outside a ServicesProvider. */
export function useServices(): Services {
	const services = useContext(ServicesContext);
	if (services === undefined) throw new Error('useServices must be used inside a ServicesProvider');
	return services;
}
