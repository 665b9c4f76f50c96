/**
 * Size limits of what an editor submits, in a module of their own: routes check them without
 * loading the validator (`validate.ts`), which brings an HTML parser and the transcript analyser.
 */

/** Largest body (plain text or HTML) an editor may submit, in characters (1 MiB). */
export const MAX_BODY_CHARS = 1_048_576;
/** Longest headline, in characters. */
export const MAX_HEADLINE_CHARS = 500;
/** Longest note / reason, in characters. */
export const MAX_NOTE_CHARS = 2000;
