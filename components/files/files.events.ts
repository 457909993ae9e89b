/**
 * Fired when the user downloads a file. Cancelable: by default the element follows the
 * short-lived link, which S3 answers as an attachment.
 */
export class AtelierFileDownloadEvent extends CustomEvent<{ path: string; url: string }> {
  static readonly type = 'atelier-file-download';
  constructor(path: string, url: string) {
    super(AtelierFileDownloadEvent.type, { detail: { path, url }, bubbles: true, composed: true, cancelable: true });
  }
}

/** Fired when a file is uploaded (its path is relative to the user's space). */
export class AtelierFileUploadEvent extends CustomEvent<{ path: string; size: number }> {
  static readonly type = 'atelier-file-upload';
  constructor(path: string, size: number) {
    super(AtelierFileUploadEvent.type, { detail: { path, size }, bubbles: true, composed: true });
  }
}

/** Fired when the user made a share link. */
export class AtelierFileShareEvent extends CustomEvent<{ path: string; url: string; expiresAt: string }> {
  static readonly type = 'atelier-file-share';
  constructor(path: string, url: string, expiresAt: string) {
    super(AtelierFileShareEvent.type, { detail: { path, url, expiresAt }, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'atelier-file-download': AtelierFileDownloadEvent;
    'atelier-file-upload': AtelierFileUploadEvent;
    'atelier-file-share': AtelierFileShareEvent;
  }
}
