/**
 * Files from a drop or a file input, with their paths inside the dropped
 * folder (so a study's runs/<id>/ structure is kept).
 */
export interface PickedFile {
  path: string;
  file: File;
}

/* Directory entries of the File and Directory Entries API (Chrome, Firefox, Safari). */
interface Entry {
  isFile: boolean;
  isDirectory: boolean;
  fullPath: string;
  file?(ok: (f: File) => void, fail: (e: unknown) => void): void;
  createReader?(): { readEntries(ok: (entries: Entry[]) => void, fail: (e: unknown) => void): void };
}

async function walk(entry: Entry, out: PickedFile[]): Promise<void> {
  if (entry.isFile && entry.file) {
    const file = await new Promise<File>((ok, fail) => entry.file!(ok, fail));
    out.push({ path: entry.fullPath.replace(/^\//, ''), file });
  } else if (entry.isDirectory && entry.createReader) {
    const reader = entry.createReader();
    // readEntries returns at most 100 entries per call; call until empty.
    for (;;) {
      const batch = await new Promise<Entry[]>((ok, fail) => reader.readEntries(ok, fail));
      if (batch.length === 0) break;
      for (const e of batch) await walk(e, out);
    }
  }
}

export async function filesFromDrop(transfer: DataTransfer): Promise<PickedFile[]> {
  const out: PickedFile[] = [];
  const entries = [...transfer.items]
    .map((item) => (item.webkitGetAsEntry?.() ?? null) as unknown as Entry | null)
    .filter((e): e is Entry => e !== null);
  if (entries.length) {
    for (const e of entries) await walk(e, out);
    return out;
  }
  return [...transfer.files].map((file) => ({ path: file.name, file }));
}

export function filesFromInput(input: HTMLInputElement): PickedFile[] {
  return [...(input.files ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}
