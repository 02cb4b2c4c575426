/**
 * The services the screens use, built once in the entry (cli.tsx → start.tsx) and handed down
 * through one context: components never construct clients, read the environment or touch disk.
 */
import type {ResumePlace} from './resume.js';
import type {CheckHost} from '../api/host-check.js';
import {createContext, useContext, type ReactNode} from 'react';
import type {JsonObject, ListQuery, Page, RequestOptions} from '../api/types.js';
import type {VerifyResult} from '../config/index.js';
import type {Profile} from '../config/profiles.js';
import type {Target} from '../config/settings.js';
import type {CopyResult} from './clipboard.js';
import type {ParentIds, RecordId, ResourceName} from './resources.js';
import type {SetupInitial} from './setup-state.js';

/**
 * The VIKTOR API of one connection, over the resources of `resources.ts`: every list and record
 * the browser shows comes through these two functions.
 */
export type ResourceApi = {
	/** One page of `resource` under `parent` (the ids its path needs). */
	list: (
		resource: ResourceName,
		parent: ParentIds,
		query: ListQuery,
		options: RequestOptions,
	) => Promise<Page<JsonObject>>;
	/** One record of `resource` in full. */
	get: (
		resource: ResourceName,
		parent: ParentIds,
		id: RecordId,
		options: RequestOptions,
	) => Promise<JsonObject>;
};

/** The saved profiles as an operation leaves them. */
export type ProfilesSnapshot = {profiles: readonly Profile[]; defaultProfile?: string};

/** The outcome of a profile operation (a config StoreResult fits). */
export type ProfileOperationResult =
	{ok: true; snapshot: ProfilesSnapshot} | {ok: false; message: string};

/** What the profiles screen may do to the saved profiles (a config ProfileStore fits). */
export type ProfileOperations = {
	saveProfile: (
		profile: Profile,
		options: {previousName?: string; replace?: boolean},
	) => Promise<ProfileOperationResult>;
	removeProfile: (name: string) => Promise<ProfileOperationResult>;
	setDefaultProfile: (name: string) => Promise<ProfileOperationResult>;
};

/** An environment the app is talking to, with a token already bound into its API. */
export type Connection = {
	/** Unique per connection: the browser starts afresh when it changes. */
	id: number;
	target: Target;
	/** The profile this connection came from, if any. */
	profileName?: string;
	api: ResourceApi;
	/** The profile's page size and sort, if it has them. */
	limit?: number;
	sort?: string;
	/** The first page of the root list, when it was fetched before the screen was drawn. */
	initialPage?: {query: ListQuery; page: Page<JsonObject>};
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
	/** Copies text to the terminal's clipboard (OSC 52), or says why it did not. */
	copy?: (text: string) => CopyResult;
	/** Saves where the browser was under `key` (a profile or host); without it nothing is kept. */
	savePlace?: (key: string, place: ResumePlace) => void;
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
