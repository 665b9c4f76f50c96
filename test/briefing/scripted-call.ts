/**
 * A briefing call written by us for the tests (names, outlets and words are invented):
 * a moderator, an operator, two officials on background, three journalists; one drops off
 * the line while waiting and rejoins within the grace period; the moderator takes one last
 * question. The stenographer types an official's real name once.
 */
import type { BriefingSetup, Command, CommandBody, Actor } from "../../src/briefing/index.js";
import type { LogEntry } from "../../src/briefing/index.js";

export const T0 = Date.parse("2026-05-04T14:00:00Z");
const S = 1000;

export const SETUP: BriefingSetup = {
  title: "Background Briefing on the Harbor Accord Talks",
  section: "Office of the Spokesperson",
  scheduledStart: T0,
  groundRules: { basis: "on_background", attribute_to: "Senior State Department Official", embargo: "end_of_call" },
  officials: [
    { id: "off1", realName: "Marta Quillfeather", label: "SENIOR STATE DEPARTMENT OFFICIAL ONE" },
    { id: "off2", realName: "Tobias Wrenley", label: "SENIOR STATE DEPARTMENT OFFICIAL TWO" },
  ],
  moderatorId: "mod",
  operatorId: "op",
  stenographerId: "steno",
  graceMs: 60 * S,
  dateline: "WASHINGTON",
};

export const MOD: Actor = { id: "mod", role: "moderator" };
export const OP: Actor = { id: "op", role: "operator" };
export const STENO: Actor = { id: "steno", role: "stenographer" };
export const J = (id: string): Actor => ({ id, role: "journalist" });

let n = 0;
const at = (sec: number, actor: Actor, body: CommandBody): LogEntry => ({ now: T0 + sec * S, command: { commandId: `c${++n}`, actor, ...body } as Command });
const say = (sec: number, speaker: string, text: string) => at(sec, STENO, { type: "add_turn", speaker, text });

/** The command log of the call, with the time each command was applied. */
export const LOG: LogEntry[] = [
  at(0, MOD, { type: "open" }),
  at(5, J("j1"), { type: "join", name: "Ada Pemberton", outlet: "Harbor Daily Ledger" }),
  at(6, J("j2"), { type: "join", name: "Bram Okafor", outlet: "Northwind Radio" }),
  at(7, J("j3"), { type: "join", name: "Celia Voss", outlet: "The Meridian Post" }),
  say(20, "mod", "Thank you, and thank you all for joining. This call is on background: our briefers are Senior State Department Official One and Senior State Department Official Two, and it is embargoed until the end of the call."),
  say(60, "off1", "Thanks, everyone. Let me start with where the talks stand."),
  at(70, J("j1"), { type: "raise_hand" }),
  at(71, J("j2"), { type: "raise_hand" }),
  at(72, J("j3"), { type: "raise_hand" }),
  at(80, { id: "bridge", role: "system" }, { type: "drop", participant: "j2" }),
  at(90, OP, { type: "open_line" }),
  say(95, "j1", "Thank you. Can you say whether the accord covers the northern ports?"),
  say(110, "off1", "It does. As Marta Quillfeather told our partners last week, the ports are the core of it."),
  say(115, "j1", "And the timeline?"),
  say(125, "off2", "We expect signatures within (inaudible) weeks."),
  at(130, J("j2"), { type: "rejoin" }),
  at(135, OP, { type: "open_line" }),
  say(140, "j2", "Hi, thanks. On the funding: who pays for the dredging?"),
  say(150, "off2", "The costs are shared, and nobody is happy about it."),
  say(151, "mod", "(Laughter.)"),
  at(160, MOD, { type: "last_question" }),
  at(161, J("j1"), { type: "raise_hand" }),
  say(165, "mod", "We have time for one last question."),
  at(170, OP, { type: "open_line" }),
  say(175, "j3", "Will the signing take place in the capital?"),
  say(185, "off1", "That is still being worked out."),
  say(190, "mod", "Thank you all. The embargo is now lifted."),
  at(195, MOD, { type: "close" }),
];
