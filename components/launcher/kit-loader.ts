export type FormKit = typeof import('./form-kit.js');

let loaded: FormKit | undefined;
let loading: Promise<FormKit> | undefined;

/** The form kit, once loaded. */
export function formKit(): FormKit | undefined {
  return loaded;
}

/** Loads the form kit (once per page). */
export function loadFormKit(): Promise<FormKit> {
  loading ??= import('./form-kit.js').then(
    (kit) => (loaded = kit),
    (error: unknown) => {
      loading = undefined; // a later form tries again
      throw error;
    },
  );
  return loading;
}
