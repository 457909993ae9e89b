// <atelier-files> fires no event of its own yet: the S3 explorer (browse, upload,
// download) and its events arrive with S3 support.
export {};
