/**
 * Our classification rules: Media Topic qcodes (IPTC's codes) with trigger terms that WE
 * wrote from reading wire releases and briefings. No label or definition text owned by the
 * IPTC is kept here: labels come from the vocabulary loaded at run time.
 *
 * A term is a fragment of a regular expression matched case-insensitively on word
 * boundaries against the headline, the body and the source section (see `classify.ts`).
 * Terms are written in lower case and match any case; a term that starts with `=` is
 * matched case-sensitively (`=ICE`, the agency, not ice).
 * Keep terms specific: a term that fires on routine boilerplate ("thank you", "today")
 * costs precision everywhere.
 */

/** One rule: a Media Topic and the words that point to it. */
export interface TopicRule {
  /** `medtop:NNNNNNNN` (level 2 or 3 preferred: the level-1 topic follows from the vocabulary). */
  qcode: string;
  /** Regular-expression fragments (no capture groups), matched on word boundaries, case-insensitive. */
  terms: string[];
  /** Multiplier for this rule's score (default 1); below 1 for topics whose words are common in passing. */
  weight?: number;
}

/** Version of the rule set, stored with each assignment (`rules:<version>`). Bump when rules change. */
export const RULES_VERSION = "2026-11-29.2";

export const TOPIC_RULES: TopicRule[] = [
  // Government, foreign relations, rights, elections, migration (under medtop:11000000).
  {
    qcode: "medtop:20000639", // meetings, calls and travel of foreign ministers and leaders
    terms: [
      "foreign ministers?", "foreign minister's", "minister of foreign affairs", "secretary of state", "secretary blinken", "deputy secretary",
      "bilateral", "diplomac(?:y|ies)", "diplomatic", "ambassadors?", "embass(?:y|ies)", "counterparts?", "joint press availability",
      "strategic dialogue", "bilateral consultations", "summit", "state visit", "foreign affairs", "allies and partners", "national day",
      "travel to", "will travel", "traveled to", "prime minister", "joint statement", "alliance", "g7", "g20", "nato",
      "foreign policy", "allies", "partnerships?", "visits?", "trip", "talks", "heads? of state", "leaders",
    ],
  },
  { qcode: "medtop:20000644", terms: ["united nations", "u\\.n\\.", "un security council", "general assembly", "iaea", "european union", "european commission", "nato", "asean", "organization of american states", "world health organization", "g7", "g20"], weight: 0.6 },
  { qcode: "medtop:20000642", terms: ["sanctions?", "sanctioned", "export controls?", "asset freezes?", "designations?", "national emergency"] },
  { qcode: "medtop:20000643", terms: ["humanitarian", "humanitarian assistance", "humanitarian aid", "relief", "foreign assistance", "usaid", "development assistance", "millennium challenge", "food security", "aid to"] },
  { qcode: "medtop:20000645", terms: ["refugees?", "internally displaced", "asylum", "resettlement", "evacuat(?:e|ed|ion|ions)", "special immigrant visas?", "operation allies"] },
  { qcode: "medtop:20000574", terms: ["elections?", "electoral", "voters?", "voting", "ballots?", "polls", "campaign trail", "referendum"] },
  { qcode: "medtop:20000592", terms: ["human rights", "lgbtqi\\+?", "lgbt", "genocide", "atrocit(?:y|ies)", "trafficking in persons", "forced labor", "political prisoners?", "unjustly detained", "wrongfully detained", "detained", "hostages?", "repression", "persecution", "international roma day", "roma people"] },
  { qcode: "medtop:20000591", terms: ["freedom of the press", "press freedom", "journalists? (?:detained|killed|jailed)"] },
  { qcode: "medtop:20000598", terms: ["defen[cs]e", "military", "troops", "pentagon", "nuclear weapons?", "weapons", "missiles?", "arms control", "landmines?", "deterrence", "national security", "security assistance", "munitions", "denucleari[sz]ation"] },
  { qcode: "medtop:20000635", terms: ["nuclear program(?:me)?", "enrichment", "enriched uranium", "p5\\+1", "jcpoa", "non-?proliferation", "denucleari[sz]ation", "nuclear deal", "iaea", "npt", "nuclear weapons?", "nuclear tests?"] },
  { qcode: "medtop:20000615", terms: ["congress", "congressional", "senate", "house of representatives", "the speaker", "legislation", "bills?", "lawmakers", "bipartisan", "nominations?", "confirmed by the senate"] },
  { qcode: "medtop:20000607", terms: ["government funding", "appropriations?", "budget", "supplemental (?:request|funding)", "shutdown", "debt ceiling", "debt limit", "funding bills?"] },
  { qcode: "medtop:20000610", terms: ["executive orders?", "the president signed", "presidential message", "proclamation"], weight: 0.7 },
  { qcode: "medtop:20000606", terms: ["nominees?", "nominations? sent to the senate", "cabinet", "administration officials?", "press secretary", "white house"], weight: 0.4 },
  { qcode: "medtop:20000771", terms: ["immigration", "immigrants?", "migrants?", "migration", "border security", "southern border", "illegal aliens?", "criminal aliens?", "sanctuary (?:cities|jurisdictions)", "deportations?", "=ICE", "visas?", "northern triangle", "root causes", "special immigrant visas?", "evacuees", "humanitarian parole", "resettle(?:d|ment)?"] },

  // Wars, attacks, peace efforts, unrest (under medtop:16000000).
  { qcode: "medtop:20000062", terms: ["war", "wars", "invasion", "invaded", "invade", "aggression", "military buildup", "russia's forces", "ceasefire", "cease-fire", "shelling", "missile strikes?", "airstrikes?", "hostilities", "front lines?", "occupied"] },
  { qcode: "medtop:20000053", terms: ["terrorist attacks?", "terrorism", "terrorists?", "isis", "al[- ]qa(?:e|i)da", "hamas", "hezbollah", "counterterrorism", "extremists?"] },
  { qcode: "medtop:20000073", terms: ["peace process", "peace talks", "peace agreement", "negotiated settlement", "two-state solution", "truce", "normalization", "de-?escalation", "hostage deal"] },
  { qcode: "medtop:20000065", terms: ["protests?", "protesters", "demonstrat(?:ors|ions)", "unrest", "crackdown", "riots?"] },
  { qcode: "medtop:20000070", terms: ["coup", "military junta", "junta"] },

  // Offences, prosecutors and courts, police, statutes (under medtop:02000000).
  { qcode: "medtop:20000082", terms: ["crimes?", "criminal", "gangs?", "violent crime", "homicides?", "murders?", "shootings?", "felon(?:y|ies)", "offenders?", "victims?", "trafficking", "drug cases?", "fentanyl", "cartels?", "marijuana", "hemp"] },
  { qcode: "medtop:20000106", terms: ["courts?", "judges?", "judicial", "prosecut(?:ors?|ion|e|ed)", "district attorney", "state's attorney", "grand jury", "indictments?", "trial", "attorneys?", "public defender", "expunction", "sentenc(?:e|ed|ing)", "convictions?", "law school", "bar association", "circuit", "supreme court"] },
  { qcode: "medtop:20000129", terms: ["law enforcement", "police", "policing", "arrests?", "investigat(?:ors|ions)", "officers?", "sheriff", "fbi", "task force"], weight: 0.8 },
  { qcode: "medtop:20000121", terms: ["laws?", "legal", "statutes?", "national emergencies act", "legislation", "rule of law", "gun safety", "executive order"], weight: 0.6 },

  // Disease, health care, hospitals (under medtop:07000000).
  { qcode: "medtop:20000448", terms: ["covid(?:-19)?", "coronavirus", "virus", "pandemic", "vaccines?", "vaccinat(?:ed|ion|ions)", "booster", "omicron", "delta variant", "infections?", "outbreak", "epidemic", "testing", "tests", "ebola", "mpox", "monkeypox"] },
  { qcode: "medtop:20000479", terms: ["health care", "healthcare", "affordable care act", "medicare", "medicaid", "public health", "fda", "cdc", "hhs", "prescription drugs?", "insurance coverage", "infant formula"] },
  { qcode: "medtop:20000461", terms: ["hospitals?", "ventilators?", "masks", "n95", "personal protective equipment", "ppe", "icu", "medical supplies", "clinics?"] },
  { qcode: "medtop:20000457", terms: ["men's health", "mental health", "life expectancy", "suicide", "chronic disease", "obesity"] },

  // The economy, trade and industries (under medtop:04000000).
  { qcode: "medtop:20000346", terms: ["econom(?:y|ic|ies)", "inflation", "gdp", "recession", "growth", "jobs report", "interest rates?", "federal reserve", "consumer prices", "cost of living", "prices"], weight: 0.7 },
  { qcode: "medtop:20000345", terms: ["economic dialogue", "trade", "tariffs?", "supply chains?", "investments?", "infrastructure", "inflation reduction act", "build back better", "stimulus", "paycheck protection", "small business(?:es)?", "manufacturing", "industrial policy"] },
  { qcode: "medtop:20000256", terms: ["energy", "oil", "gas prices", "gasoline", "natural gas", "lng", "nuclear power", "nuclear energy", "reactors?", "electricity", "power plants?", "clean energy", "batteries", "battery"] },
  { qcode: "medtop:20000337", terms: ["transport(?:ation)?", "amtrak", "rail", "transit", "airlines?", "airports?", "highways?", "ports", "shipping", "electric vehicles?", "auto industry"] },
  { qcode: "medtop:20000225", terms: ["data flows", "data privacy", "digital", "cyber(?:security)?", "semiconductors?", "chips", "artificial intelligence", "broadband", "internet", "telecommunications", "5g"] },
  { qcode: "medtop:20000210", terms: ["agricultur(?:e|al)", "farmers?", "food prices", "grain", "wheat", "fertili[sz]er", "crops?"] },

  // Climate, conservation, pollution (under medtop:06000000).
  { qcode: "medtop:20000418", terms: ["climate", "climate change", "climate crisis", "emissions", "greenhouse gas", "net zero", "carbon", "paris agreement", "cop2\\d", "clean energy", "global warming"] },
  { qcode: "medtop:20000420", terms: ["conservation", "biodiversity", "marine corridor", "protected areas?", "oceans?", "ecosystems?", "earth day", "public lands", "wildlife", "national monuments?"] },
  { qcode: "medtop:20000424", terms: ["pollution", "air quality", "smoke", "toxic", "contaminat(?:ed|ion)", "lead pipes"] },

  // Fires, natural hazards, emergency response (under medtop:03000000).
  { qcode: "medtop:20000150", terms: ["wildfires?", "fires?", "firefighters?", "blaze"] },
  { qcode: "medtop:20000151", terms: ["hurricanes?", "earthquakes?", "floods?", "flooding", "tornado(?:es)?", "storms?", "natural disasters?", "tsunami", "typhoons?", "fema", "disaster"] },
  { qcode: "medtop:20000168", terms: ["emergency response", "first responders", "disaster relief", "recovery efforts", "search and rescue"] },

  // Research and technology (under medtop:13000000).
  { qcode: "medtop:20000735", terms: ["research", "scientists?", "scientific", "innovation", "r&d", "laborator(?:y|ies)"] },
  { qcode: "medtop:20000710", terms: ["biotechnology", "biomanufacturing", "bioeconomy", "genomics", "life sciences"] },
  { qcode: "medtop:20000756", terms: ["quantum", "technolog(?:y|ies)", "engineering", "space", "nasa", "satellites?"] },

  // Schools and universities (medtop:05000000).
  { qcode: "medtop:05000000", terms: ["education", "educational", "schools?", "students?", "universit(?:y|ies)", "scholars?", "scholarships?", "exchange programs?", "teachers?", "colleges?", "student loans?", "fellowships?"], weight: 0.7 },

  // Jobs, unions, unemployment (under medtop:09000000).
  { qcode: "medtop:20000509", terms: ["workers?", "workforce", "jobs", "employment", "apprenticeships?", "job training", "hiring", "wages?", "employers"] },
  { qcode: "medtop:20000536", terms: ["unions?", "union workers", "collective bargaining", "strikes?", "seiu", "labor unions?"] },
  { qcode: "medtop:20000533", terms: ["unemployment", "unemployed", "layoffs?", "jobless"] },

  // Equality, families, poverty, communities (under medtop:14000000).
  { qcode: "medtop:20000775", terms: ["discrimination", "lgbtqi\\+?", "lgbt", "transgender", "equality", "racism", "racial", "equity", "equitable", "inclusion", "hate crimes?", "antisemitism", "homophobia", "transphobia", "marginali[sz]ed"] },
  { qcode: "medtop:20000780", terms: ["families", "family", "children", "child care", "childcare", "parents", "infant"] , weight: 0.5 },
  { qcode: "medtop:20000801", terms: ["poverty", "hunger", "food insecurity", "homelessness", "homeless"] },
  { qcode: "medtop:20000768", terms: ["communities", "community", "civic", "volunteers?"], weight: 0.3 },

  // Awards and ceremonies (under medtop:08000000).
  { qcode: "medtop:20000497", terms: ["awards?", "honored", "honou?rs?", "recogni[sz]ed", "congratulat(?:e|es|ions)", "achievements?"] },
  { qcode: "medtop:20000501", terms: ["ceremony", "ceremonies", "swearing-in", "sworn in", "swear(?:s|-)? ?in", "celebrat(?:e|es|ion|ions)", "commemorat(?:e|es|ion)", "independence day", "national day"] },

  // Faith and religious holidays (medtop:12000000).
  { qcode: "medtop:12000000", terms: ["religio(?:n|us)", "faith", "church(?:es)?", "mosques?", "synagogues?", "easter", "passover", "ramadan", "christmas", "pope", "good friday"] },

  // Culture, the arts, the news media (under medtop:01000000).
  { qcode: "medtop:20000038", terms: ["culture", "cultural", "heritage", "language", "arts?", "museums?", "exchange initiative"], weight: 0.6 },
  { qcode: "medtop:20000045", terms: ["journalists?", "media", "press corps", "reporters", "news outlets?", "broadcasts?"], weight: 0.3 },

  // Sport (medtop:15000000).
  { qcode: "medtop:15000000", terms: ["olympics?", "olympic", "world cup", "athletes?", "championships?", "tournament", "super bowl", "nba", "nfl"] },

  // Weather (medtop:17000000).
  { qcode: "medtop:17000000", terms: ["weather", "heat wave", "heatwave", "extreme heat", "forecast", "drought"] },
];
