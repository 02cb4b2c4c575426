/**
 * The demo data set's size limit, shared by the settings (which check VIKTOR_DEMO_WORKSPACES)
 * and the demo server, outside both layers so that neither imports the other.
 */

/** The largest number of workspaces the demo data set can hold (sort keys pack positions in 21 bits). */
export const MAX_DEMO_COUNT = 2_000_000;
