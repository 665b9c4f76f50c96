import type { SearchQuery } from "../store/store.js";

/**
 * The fixed list of 50 search requests the benchmark times: names, places, topics,
 * phrases, a few common words, exclusions, OR, and filters. Chosen by us to look like
 * what a reporter types into a wire's search box; keep the list stable so runs compare.
 */
export const BENCH_QUERIES: SearchQuery[] = [
  { q: "Blinken" }, { q: "Psaki" }, { q: "Ned Price" }, { q: "Fauci" }, { q: "Sherman" },
  { q: "Lavrov" }, { q: "Zelenskyy" }, { q: "Kishida" }, { q: "Jaishankar" }, { q: "Sullivan" },
  { q: "Ukraine" }, { q: "Afghanistan" }, { q: "Kabul airport" }, { q: "Iran" }, { q: "China Taiwan" },
  { q: "Venezuela" }, { q: "Ethiopia Tigray" }, { q: "North Korea" }, { q: "Almaty" }, { q: "Jerusalem" },
  { q: "vaccine" }, { q: "sanctions" }, { q: "climate" }, { q: "refugees" }, { q: "ceasefire" },
  { q: "nuclear talks" }, { q: "human rights" }, { q: "supply chain" }, { q: "testing ventilators" }, { q: "gun safety" },
  { q: "\"press availability\"" }, { q: "\"senior State Department official\"" }, { q: "\"Operation Allies Refuge\"" }, { q: "\"Good afternoon\"" }, { q: "\"the President\" vaccine" },
  { q: "the" }, { q: "question" }, { q: "thank you" }, { q: "today" }, { q: "people" },
  { q: "Russia -Ukraine" }, { q: "Iran OR Iraq" }, { q: "vaccine OR vaccines OR vaccination" }, { q: "sanctions -Russia" }, { q: "\"joint statement\" OR readout" },
  { q: "Blinken", kind: "transcript" }, { q: "statement", kind: "statement" }, { q: "COVID", from: Date.parse("2020-03-01T00:00:00Z"), to: Date.parse("2020-05-01T00:00:00Z") },
  { q: "Secretary", section: "Office of the Spokesperson" }, { q: "President", sort: "date" },
];
