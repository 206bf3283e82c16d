import { dirname } from 'node:path';

/** Why a file could not be written, in words, from its error: `the disk is full`, say. */
export function writeFailure(path: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOENT':
      return `the folder ${dirname(path)} does not exist`;
    case 'ENOTDIR':
      return `a file stands in the path ${dirname(path)}`;
    case 'EACCES':
    case 'EPERM':
      return 'this user cannot write there';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
  }
  return error.message;
}

