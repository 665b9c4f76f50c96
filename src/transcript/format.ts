import type { Structure, Participant } from "../core/transcript-types.js";

/** The name a reader sees for a speaker: label, else name, else role. */
export function speakerName(p: Participant | undefined): string {
  if (!p) return "UNKNOWN";
  if (p.role === "questioner" && p.name) return p.affiliation ? `${p.name} (${p.affiliation})` : p.name;
  return p.label ?? p.name ?? p.role.toUpperCase();
}

/**
 * A clean readable transcript: headline, metadata lines, then each turn as
 * `SPEAKER: text`, paragraphs separated by blank lines. Questioners are shown by
 * name and outlet where known.
 */
export function formatText(s: Structure): string {
  const byId = new Map(s.participants.map((p) => [p.id, p]));
  const head: string[] = [s.headline];
  const meta = [s.section, s.dateline, s.published].filter((x): x is string => !!x);
  if (meta.length) head.push(meta.join(" | "));
  if (s.ground_rules.basis || s.ground_rules.attribute_to) {
    const basis = s.ground_rules.basis ? s.ground_rules.basis.replace(/_/g, " ") : "ground rules";
    head.push(`[${basis}${s.ground_rules.attribute_to ? `: attribute to ${s.ground_rules.attribute_to}` : ""}]`);
  }
  const body = s.turns.map((t) => `${speakerName(byId.get(t.speaker))}: ${t.text}`);
  return [head.join("\n"), ...body].join("\n\n") + "\n";
}

/** Escape text for a WebVTT cue payload (`&`, `<`, `>`). */
function vttEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * WebVTT with one `<v Speaker>` cue per turn. Transcripts carry no timings, so cue
 * times are a running index of one second per turn (WebVTT requires a timing line;
 * see W3C WebVTT §4.1). Cue identifiers are `turn-N`.
 */
export function formatWebVtt(s: Structure): string {
  const byId = new Map(s.participants.map((p) => [p.id, p]));
  const ts = (sec: number) => {
    const h = Math.floor(sec / 3600), m = Math.floor((sec % 3600) / 60), x = sec % 60;
    return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(x).padStart(2, "0")}.000`;
  };
  const cues = s.turns.map((t) => {
    const who = speakerName(byId.get(t.speaker)).replace(/[<>&]/g, "");
    const text = t.text.split(/\n\n+/).map(vttEscape).join("\n");
    return `turn-${t.index}\n${ts(t.index)} --> ${ts(t.index + 1)}\n<v ${who}>${text.replace(/-->/g, "--&gt;")}`;
  });
  return ["WEBVTT", ...cues].join("\n\n") + "\n";
}
