/** The demo data set's size limit, apart from the data so that settings can check it cheaply. */

/** The largest number of workspaces the demo data set can hold (sort keys pack positions in 21 bits). */
export const MAX_DEMO_COUNT = 2_000_000;
