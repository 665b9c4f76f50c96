import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/** A path the walker could not read, with the reason. */
export interface WalkProblem {
  path: string;
  reason: string;
}

/** Options of {@link walkPaths}. */
export interface WalkOptions {
  /** Checked before each folder is read; when it returns true the walk stops early. */
  shouldStop?: () => boolean;
}

/**
 * List the regular files under each of `paths` (files as given, folders recursively,
 * sorted by name so a rerun visits files in the same order). Hidden entries (`.name`)
 * inside folders are skipped. Symbolic links are followed, but each folder and each file
 * is visited once (by device and inode), so a link loop or a path given twice cannot
 * make the walk endless or import a file twice. Never throws: unreadable paths are
 * returned as problems.
 */
export async function walkPaths(paths: string[], opts: WalkOptions = {}): Promise<{ files: string[]; problems: WalkProblem[] }> {
  const files: string[] = [];
  const problems: WalkProblem[] = [];
  const seen = new Set<string>();
  const visit = async (p: string, depth: number): Promise<void> => {
    if (opts.shouldStop?.()) return;
    let st;
    try {
      st = await stat(p);
    } catch (e) {
      problems.push({ path: p, reason: describeFsError(e) });
      return;
    }
    const key = `${st.dev}:${st.ino}`;
    if (seen.has(key)) return; // a link back to a folder already walked, or a file listed twice
    seen.add(key);
    if (st.isFile()) {
      files.push(p);
      return;
    }
    if (!st.isDirectory()) {
      problems.push({ path: p, reason: "not a regular file or folder" });
      return;
    }
    if (depth > 64) {
      problems.push({ path: p, reason: "folder nesting deeper than 64 levels" });
      return;
    }
    let names: string[];
    try {
      names = (await readdir(p)).sort();
    } catch (e) {
      problems.push({ path: p, reason: describeFsError(e) });
      return;
    }
    for (const n of names) if (!n.startsWith(".")) await visit(join(p, n), depth + 1);
  };
  for (const p of paths) await visit(p, 0);
  return { files, problems };
}

/** A one-line reason for a file-system error (ENOENT → "no such file or folder", ...). */
export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case "ENOENT": return "no such file or folder";
    case "EACCES": case "EPERM": return "permission denied";
    case "EISDIR": return "is a folder";
    case "ELOOP": return "too many symbolic links";
    default: return e instanceof Error ? e.message : String(e);
  }
}
