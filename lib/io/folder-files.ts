/**
 * The files of a folder a command reads (`berth validate DIR`, `berth import DIR`), with one
 * rule for symbolic links: a link is followed only while its real path stays inside the real
 * path of the folder given. A link out of it (`t.yaml -> /proc/self/environ`, `-> ~/.ssh/id_rsa`)
 * is not read, since the command's report would quote what it read; the caller names it in a
 * note. A file the user names on the command line is read wherever it is: the user chose it.
 */
import * as fs from 'fs';
import * as path from 'path';

/** An entry of the folder that was not read, and why (`it leads to /etc/passwd, outside dist`). */
export interface SkippedEntry {
  readonly path: string;
  readonly why: string;
}

/** What {@link filesInFolder} found. */
export interface FolderFiles {
  /** The files to read, in path order (by name at each level). */
  readonly files: string[];
  /** Entries that would have been read but were not: links out of the folder, broken links, loops, pipes and devices. */
  readonly skipped: SkippedEntry[];
  /** The folders left out by {@link FolderFilesOptions.leaveOut}. */
  readonly leftOut: string[];
}

export interface FolderFilesOptions {
  /** Whether a file of this name is read. */
  readonly wanted: (name: string) => boolean;
  /** Whether subfolders are read too. */
  readonly recursive: boolean;
  /** A folder whose entries make this true is left out whole (a Helm chart, say). */
  readonly leaveOut?: (entries: readonly fs.Dirent[]) => boolean;
}

/** The files of `folder` that `options` want, with symbolic links followed inside it only. @throws the file system's error for `folder` itself */
export function filesInFolder(folder: string, options: FolderFilesOptions): FolderFiles {
  const out: FolderFiles = { files: [], skipped: [], leftOut: [] };
  const realRoot = fs.realpathSync(folder);
  // The real paths of the folders being read, to stop at a link back to one of them.
  const open = new Set<string>();
  const walk = (dir: string, realDir: string): void => {
    const entries = fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (options.leaveOut?.(entries)) {
      out.leftOut.push(dir);
      return;
    }
    open.add(realDir);
    for (const e of entries) {
      const p = path.join(dir, e.name);
      let kind: 'file' | 'folder' | 'other' = e.isFile() ? 'file' : e.isDirectory() ? 'folder' : 'other';
      let real = path.join(realDir, e.name);
      if (e.isSymbolicLink()) {
        try {
          real = fs.realpathSync(p);
          const st = fs.statSync(real);
          kind = st.isFile() ? 'file' : st.isDirectory() ? 'folder' : 'other';
        } catch (err) {
          if (options.wanted(e.name))
            out.skipped.push({
              path: p,
              why: `it is a symbolic link that leads nowhere (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`,
            });
          continue;
        }
        const wouldRead = kind === 'folder' ? options.recursive : options.wanted(e.name);
        if (!isInside(realRoot, real)) {
          if (wouldRead) out.skipped.push({ path: p, why: `it is a symbolic link to ${real}, outside ${folder}` });
          continue;
        }
      }
      if (kind === 'folder') {
        if (!options.recursive) continue;
        if (open.has(real))
          out.skipped.push({ path: p, why: `it is a symbolic link back to ${real}, which is being read (a loop)` });
        else walk(p, real);
      } else if (options.wanted(e.name)) {
        if (kind === 'file') out.files.push(p);
        else out.skipped.push({ path: p, why: 'it is not a regular file (a pipe, socket or device)' });
      }
    }
    open.delete(realDir);
  };
  walk(folder, realRoot);
  return out;
}

/** Whether the real path `p` is `root` or inside it. */
function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}
