/**
 * How the demo server reads a list request's query (limit/offset paging, `sort`, `search`) and
 * builds the paging envelope, the same for every list endpoint and with DRF's error messages.
 */

/** A sort field with its direction. */
export type SortOf<Field extends string> = {field: Field; direction: 'asc' | 'desc'};

/** A list request's query, validated. `limit` is undefined only where it may be left out. */
export type ListQuery<Field extends string> = {
	limit: number | undefined;
	offset: number;
	sort: SortOf<Field> | undefined;
	/** Lower-case search terms; a record matches when every term is in its searched text. */
	terms: string[];
};

/** A DRF field-error map: `{"limit": ["This field is required."]}`. */
export type FieldErrors = Record<string, string[]>;

/** The last value of a repeated parameter, as Django's QueryDict reads it. */
export function lastParameter(parameters: URLSearchParams, name: string): string | undefined {
	return parameters.getAll(name).at(-1);
}

/** An integer parameter of at least `minimum`, or DRF's message for it. */
export function parseInteger(raw: string, minimum: number): {value: number} | {error: string} {
	if (!/^[+-]?\d+$/.test(raw)) {
		return {error: 'A valid integer is required.'};
	}

	const value = Number(raw);
	if (value < minimum) {
		return {error: `Ensure this value is greater than or equal to ${minimum}.`};
	}

	return {value};
}

/** `field`, `field:asc`, `field:desc` or `-field` for one of `fields`; undefined otherwise. */
export function parseSort<Field extends string>(
	raw: string,
	fields: readonly Field[],
): SortOf<Field> | undefined {
	const match = /^(-?)([a-z_\d]+)(?::(asc|desc))?$/.exec(raw);
	if (match === null) {
		return undefined;
	}

	const [, minus, field, direction] = match;
	if (minus === '-' && direction !== undefined) {
		return undefined;
	}

	const known = fields.find((candidate) => candidate === field);
	if (known === undefined) {
		return undefined;
	}

	return {field: known, direction: minus === '-' || direction === 'desc' ? 'desc' : 'asc'};
}

/** Search terms as DRF's SearchFilter splits them: NULs dropped, commas and whitespace separate. */
export function searchTerms(raw: string | undefined): string[] {
	if (raw === undefined) {
		return [];
	}

	return raw
		.replaceAll('\u0000', '')
		.replaceAll(',', ' ')
		.split(/\s+/)
		.filter((term) => term !== '')
		.map((term) => term.toLowerCase());
}

/**
 * Reads limit, offset, sort and search. With `requireLimit` a missing `limit` is a field error;
 * without it a missing `limit` means "no paging" and `offset` is ignored, as DRF does.
 */
export function parseListQuery<Field extends string>(
	parameters: URLSearchParams,
	options: {sortFields: readonly Field[]; requireLimit: boolean},
): {query: ListQuery<Field>} | {errors: FieldErrors} {
	const errors: FieldErrors = {};
	const limitRaw = lastParameter(parameters, 'limit');
	const offsetRaw = lastParameter(parameters, 'offset');
	const sortRaw = lastParameter(parameters, 'sort') ?? '';

	let limit: number | undefined;
	if (limitRaw === undefined) {
		if (options.requireLimit) {
			errors['limit'] = ['This field is required.'];
		}
	} else {
		const parsed = parseInteger(limitRaw, 1);
		if ('error' in parsed) {
			errors['limit'] = [parsed.error];
		} else {
			limit = parsed.value;
		}
	}

	let offset = 0;
	if (offsetRaw !== undefined && (limitRaw !== undefined || options.requireLimit)) {
		const parsed = parseInteger(offsetRaw, 0);
		if ('error' in parsed) {
			errors['offset'] = [parsed.error];
		} else {
			offset = parsed.value;
		}
	}

	const sort = sortRaw === '' ? undefined : parseSort(sortRaw, options.sortFields);
	if (sortRaw !== '' && sort === undefined) {
		errors['sort'] = [`"${sortRaw}" is not a valid choice.`];
	}

	if (Object.keys(errors).length > 0) {
		return {errors};
	}

	return {query: {limit, offset, sort, terms: searchTerms(lastParameter(parameters, 'search'))}};
}

/** A page of a list as the API answers it: `{count, next, previous, results}`. */
export type PageBody = {
	count: number;
	next: string | null;
	previous: string | null;
	results: unknown[];
};

/**
 * The envelope of a page that starts at `offset` and holds at most `pageLimit` records, with
 * next/previous links built like DRF's LimitOffsetPagination (other parameters kept).
 */
export function pageBody(
	request: {url: URL; origin: string},
	offset: number,
	pageLimit: number,
	count: number,
	results: unknown[],
): PageBody {
	const {url, origin} = request;
	const link = (linkOffset: number | undefined): string => {
		const linkParameters = new URLSearchParams(url.searchParams);
		linkParameters.set('limit', String(pageLimit));
		if (linkOffset === undefined) {
			linkParameters.delete('offset');
		} else {
			linkParameters.set('offset', String(linkOffset));
		}

		return `${origin}${url.pathname}?${linkParameters.toString()}`;
	};

	const next = offset + pageLimit >= count ? null : link(offset + pageLimit);
	const previous =
		offset <= 0 ? null : offset - pageLimit <= 0 ? link(undefined) : link(offset - pageLimit);
	return {count, next, previous, results};
}

/** Sorts records by a value (strings in code-unit order), stable: ties keep their order. */
export function sortedBy<T>(
	records: readonly T[],
	value: (record: T) => string | number,
	direction: 'asc' | 'desc',
): T[] {
	const keyed = records.map((record) => ({record, key: value(record)}));
	const sign = direction === 'asc' ? 1 : -1;
	keyed.sort((first, second) =>
		first.key === second.key ? 0 : first.key < second.key ? -sign : sign,
	);
	return keyed.map((entry) => entry.record);
}
