/**
 * The attribution the IPTC's licence (CC BY 4.0) asks for wherever Media Topics labels are
 * shown: pages, feeds and API responses. Built from what the loaded vocabulary states
 * (copyright holder, licence link), with the IPTC's own as the fallback.
 */
import type { VocabularyInfo } from "../../store/topics.js";

/** Attribution of the Media Topics vocabulary, for JSON responses and page footers. */
export interface TopicsAttribution {
  /** One line: "Media Topics by IPTC (https://iptc.org), CC BY 4.0". */
  text: string;
  /** Copyright holder as the vocabulary states it. */
  holder: string;
  /** The holder's site. */
  holderUrl: string;
  licence: string;
  licenceUrl: string;
  /** The scheme URI (cv.iptc.org) and its release date, when loaded. */
  scheme: string;
  released: string | null;
}

const CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/";

/** The attribution for the loaded vocabulary (or the IPTC defaults when none is loaded). */
export function topicsAttribution(v: VocabularyInfo | null): TopicsAttribution {
  const licenceUrl = v?.licence && /^https?:\/\//.test(v.licence) ? v.licence : CC_BY_4;
  const licence = /creativecommons\.org\/licenses\/by\/4\.0/.test(licenceUrl) ? "CC BY 4.0" : licenceUrl;
  return {
    text: `Media Topics by IPTC (https://iptc.org), ${licence}`,
    holder: v?.copyrightHolder ?? "IPTC, International Press Telecommunications Council",
    holderUrl: "https://iptc.org",
    licence,
    licenceUrl,
    scheme: v?.uri ?? "http://cv.iptc.org/newscodes/mediatopic/",
    released: v?.released ?? null,
  };
}
