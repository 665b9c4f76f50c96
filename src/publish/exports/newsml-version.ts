/**
 * What the NewsML-G2 export declares, apart from the writer (`newsml.ts`, which the server
 * loads only when an export is first asked for: its XML libraries are not needed by a web
 * process that serves none).
 */

/** The NewsML-G2 version written (IPTC NewsML-G2 2.29). */
export const NEWSML_VERSION = "2.29";
/** IANA media type of a NewsML-G2 news item. */
export const NEWSML_MEDIA_TYPE = "application/vnd.iptc.g2.newsitem+xml";
