/** A file to upload and where it goes, relative to the folder it is dropped in. */
export interface Picked {
  file: File;
  path: string;
}

/** The part of the File and Directory Entries API a drop gives (Chromium, Firefox, Safari). */
export interface DroppedEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  file?(success: (file: File) => void, failure: (error: unknown) => void): void;
  createReader?(): { readEntries(success: (entries: DroppedEntry[]) => void, failure: (error: unknown) => void): void };
}

/**
 * The files of a drop, folders walked with their relative paths. The entries must be taken
 * during the drop event (`entriesOf`); walking them may take longer.
 */
export function entriesOf(data: DataTransfer): DroppedEntry[] | File[] {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.() as DroppedEntry | null).filter((entry): entry is DroppedEntry => Boolean(entry));
  return entries.length > 0 ? entries : [...data.files];
}

export async function pickedFiles(dropped: DroppedEntry[] | File[]): Promise<Picked[]> {
  const picked: Picked[] = [];
  for (const item of dropped) {
    if (item instanceof File) picked.push({ file: item, path: item.name });
    else await walk(item, '', picked);
  }
  return picked;
}

/** Files from an `<input type=file>`, a folder's keeping their relative path. */
export function inputFiles(files: FileList | File[]): Picked[] {
  return [...files].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}

async function walk(entry: DroppedEntry, base: string, picked: Picked[]): Promise<void> {
  if (entry.isFile && entry.file) {
    picked.push({ file: await new Promise<File>((resolve, reject) => entry.file!(resolve, reject)), path: base + entry.name });
  } else if (entry.isDirectory && entry.createReader) {
    const reader = entry.createReader();
    // readEntries answers in batches (of 100 in Chromium) until an empty one.
    for (;;) {
      const batch = await new Promise<DroppedEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, `${base}${entry.name}/`, picked);
    }
  }
}
