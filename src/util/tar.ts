/** One regular file of a tar archive. */
export interface TarFile {
  /** Relative path, `/`-separated, under 100 bytes. */
  name: string;
  mode: number;
  data: Buffer;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

/**
 * A ustar archive of regular files, built in memory (owner 0, mtime 0), so files reach another
 * machine's `tar -x` with the modes given here and no temporary copy on this one.
 */
export function tarArchive(files: TarFile[]): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    if (Buffer.byteLength(file.name) >= 100 || file.name.startsWith('/') || file.name.split('/').includes('..')) {
      throw new Error(`tar entry name ${file.name} is not a short relative path`);
    }
    const header = Buffer.alloc(BLOCK, 0);
    header.write(file.name, 0, 'utf8');
    header.write(octal(file.mode & 0o7777, 8), 100, 'ascii');
    header.write(octal(0, 8), 108, 'ascii');
    header.write(octal(0, 8), 116, 'ascii');
    header.write(octal(file.data.length, 12), 124, 'ascii');
    header.write(octal(0, 12), 136, 'ascii');
    header.write(' '.repeat(8), 148, 'ascii');
    header.write('0', 156, 'ascii');
    header.write('ustar\0', 257, 'ascii');
    header.write('00', 263, 'ascii');
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(octal(sum, 7) + ' ', 148, 'ascii');
    parts.push(header, file.data, Buffer.alloc((BLOCK - (file.data.length % BLOCK)) % BLOCK, 0));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  return Buffer.concat(parts);
}
