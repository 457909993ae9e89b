import type { Request } from 'express';
import type { AbortRequest, CompleteRequest, MoveRequest, PartsRequest, UploadRequest } from '../../components/api/file-types.js';
import type { User } from '../../components/api/types.js';
import { ApiError } from '../http/errors.js';
import {
  abortRequestSchema,
  completeRequestSchema,
  deleteRequestSchema,
  deleteResultSchema,
  fileEntrySchema,
  fileListingSchema,
  fileSpaceSchema,
  moveRequestSchema,
  partsRequestSchema,
  pathRequestSchema,
  previewSchema,
  shareRequestSchema,
  signedLinkSchema,
  signedPartsSchema,
  uploadPlanSchema,
  uploadRequestSchema,
} from '../http/file-schemas.js';
import type { Route } from '../http/route.js';
import { errorSchema } from '../http/schemas.js';
import type { FileSpaces } from '../s3/file-spaces.js';

export interface FileRoutesDeps {
  files: FileSpaces;
}

const unauthenticated = { description: 'Not signed in', schema: errorSchema };
const invalid = { description: 'A path or value is not valid; `errors` says which', schema: errorSchema };
const missing = { description: 'No such file in your space', schema: errorSchema };
const storage = { description: 'The storage refused or could not be reached', schema: errorSchema };

/**
 * The user's files in S3 (`<atelier-files>`): every path is relative to the caller's own
 * space, so no route can reach another user's files. Uploads and downloads go straight
 * between the browser and S3 through the URLs these routes sign.
 */
export function fileRoutes({ files }: FileRoutesDeps): Route[] {
  const username = (req: { user?: User }): string => {
    if (!req.user) throw new ApiError(401, 'unauthenticated', 'Sign in to do this.');
    return req.user.username;
  };
  return [
    {
      method: 'get',
      path: '/api/files/space',
      summary: "Where the caller's files are: bucket, prefix, s3:// URI, endpoint and region (no secret)",
      access: 'user',
      responses: { 200: { description: 'The space', schema: fileSpaceSchema }, 401: unauthenticated },
      handler: async (req, res) => {
        const name = username(req);
        await files.ensure(name);
        res.json(files.info(name));
      },
    },
    {
      method: 'get',
      path: '/api/files',
      summary: 'One page of a folder of the caller: its folders and files, in name order',
      access: 'user',
      query: {
        path: { type: 'string', description: "The folder: '' (the root) or ending with /" },
        cursor: { type: 'string', description: 'From the previous page' },
        limit: { type: 'integer', minimum: 1, maximum: 1000, default: 1000 },
      },
      responses: { 200: { description: 'The page', schema: fileListingSchema }, 400: invalid, 401: unauthenticated, 502: storage },
      handler: async (req, res) => {
        const limit = Number.parseInt(queryText(req, 'limit') ?? '1000', 10);
        if (!(limit >= 1 && limit <= 1000)) throw invalidQuery('limit', 'must be a whole number from 1 to 1000');
        const cursor = queryText(req, 'cursor') || null;
        if (cursor && cursor.length > 2048) throw invalidQuery('cursor', 'is too long');
        res.json(await files.list(username(req), queryText(req, 'path') ?? '', cursor, limit));
      },
    },
    {
      method: 'post',
      path: '/api/files/uploads',
      summary: 'Starts an upload: a presigned PUT, or a multipart upload for a large file',
      access: 'user',
      body: uploadRequestSchema,
      responses: {
        200: { description: 'How to send the bytes straight to S3', schema: uploadPlanSchema },
        400: invalid,
        401: unauthenticated,
        409: { description: 'The file exists and `overwrite` was not set', schema: errorSchema },
      },
      handler: async (req, res) => {
        res.json(await files.startUpload(username(req), req.body as UploadRequest));
      },
    },
    {
      method: 'post',
      path: '/api/files/uploads/parts',
      summary: 'Presigned URLs for parts of a multipart upload (up to 100 at a time)',
      access: 'user',
      body: partsRequestSchema,
      responses: { 200: { description: 'A URL per part number', schema: signedPartsSchema }, 400: invalid, 401: unauthenticated },
      handler: async (req, res) => {
        res.json(await files.signParts(username(req), req.body as PartsRequest));
      },
    },
    {
      method: 'post',
      path: '/api/files/uploads/complete',
      summary: 'Completes a multipart upload from its parts and their ETags',
      access: 'user',
      body: completeRequestSchema,
      responses: { 200: { description: 'The file', schema: fileEntrySchema }, 400: invalid, 401: unauthenticated, 404: missing },
      handler: async (req, res) => {
        res.json(await files.completeUpload(username(req), req.body as CompleteRequest));
      },
    },
    {
      method: 'post',
      path: '/api/files/uploads/abort',
      summary: 'Aborts a multipart upload: its parts are deleted, no object is made',
      access: 'user',
      body: abortRequestSchema,
      responses: { 204: { description: 'Aborted (or already gone)' }, 400: invalid, 401: unauthenticated },
      handler: async (req, res) => {
        await files.abortUpload(username(req), req.body as AbortRequest);
        res.status(204).end();
      },
    },
    {
      method: 'post',
      path: '/api/files/folders',
      summary: 'Creates a folder (an empty `<path>` object, path ending with /)',
      access: 'user',
      body: pathRequestSchema,
      responses: { 204: { description: 'Created' }, 400: invalid, 401: unauthenticated },
      handler: async (req, res) => {
        await files.createFolder(username(req), (req.body as { path: string }).path);
        res.status(204).end();
      },
    },
    {
      method: 'post',
      path: '/api/files/delete',
      summary: 'Deletes files, and folders (paths ending with /) with everything in them',
      access: 'user',
      body: deleteRequestSchema,
      responses: { 200: { description: 'How many objects were deleted', schema: deleteResultSchema }, 400: invalid, 401: unauthenticated },
      handler: async (req, res) => {
        res.json({ deleted: await files.delete(username(req), (req.body as { paths: string[] }).paths) });
      },
    },
    {
      method: 'post',
      path: '/api/files/move',
      summary: 'Renames or moves a file, or a folder with everything in it',
      access: 'user',
      body: moveRequestSchema,
      responses: {
        204: { description: 'Moved' },
        400: invalid,
        401: unauthenticated,
        404: missing,
        409: { description: 'The destination exists and `overwrite` was not set', schema: errorSchema },
      },
      handler: async (req, res) => {
        await files.move(username(req), req.body as MoveRequest);
        res.status(204).end();
      },
    },
    {
      method: 'post',
      path: '/api/files/download',
      summary: 'A link that downloads the file, valid for 5 minutes',
      access: 'user',
      body: pathRequestSchema,
      responses: { 200: { description: 'The link', schema: signedLinkSchema }, 400: invalid, 401: unauthenticated, 404: missing },
      handler: async (req, res) => {
        res.json(await files.downloadLink(username(req), (req.body as { path: string }).path));
      },
    },
    {
      method: 'post',
      path: '/api/files/share',
      summary: 'A link anyone can open without signing in, valid 1 hour, 1 day or 1 week',
      access: 'user',
      body: shareRequestSchema,
      responses: { 200: { description: 'The link', schema: signedLinkSchema }, 400: invalid, 401: unauthenticated, 404: missing },
      handler: async (req, res) => {
        const { path, expiresIn } = req.body as { path: string; expiresIn: number };
        res.json(await files.shareLink(username(req), path, expiresIn));
      },
    },
    {
      method: 'get',
      path: '/api/files/preview',
      summary: 'A preview: the first 64 KiB of a text or CSV file, a short-lived link to an image, else only its size and type',
      access: 'user',
      query: { path: { type: 'string' } },
      responses: { 200: { description: 'The preview', schema: previewSchema }, 400: invalid, 401: unauthenticated, 404: missing },
      handler: async (req, res) => {
        res.json(await files.preview(username(req), queryText(req, 'path') ?? ''));
      },
    },
  ];
}

function queryText(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidQuery(name, 'must be given once, as text');
  return value;
}

function invalidQuery(name: string, problem: string): ApiError {
  const message = `${name} ${problem}`;
  return new ApiError(400, 'invalid_request', `The request is not valid: ${message}.`, [{ path: name, message }]);
}
