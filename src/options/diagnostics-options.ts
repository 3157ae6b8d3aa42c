/** When a run writes a diagnostics bundle: only when it failed (the default), every time, or never. */
export const DIAGNOSTICS_WHEN = ['on-failure', 'always', 'never'] as const;
export type DiagnosticsWhen = (typeof DIAGNOSTICS_WHEN)[number];

/** How much of each member's log the bundle keeps: its end. */
export const LOG_TAIL_LINES = 500;
