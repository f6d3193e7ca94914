/**
 * S3's naming rules for general purpose buckets
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html): 3-63
 * characters of lowercase letters, digits, `.` and `-`, starting and ending with a letter or
 * digit, no `..`, not an IP address, and none of the reserved prefixes and suffixes.
 * Returns the problem, or undefined for a valid name.
 */
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'a bucket name has 3 to 63 characters';
  if (!/^[a-z0-9.-]+$/.test(name)) return 'a bucket name holds only lowercase letters, digits, "." and "-"';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name))
    return 'a bucket name starts and ends with a letter or digit';
  if (name.includes('..')) return 'a bucket name has no two adjacent periods';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'a bucket name is not formatted as an IP address';
  const prefix = RESERVED_PREFIXES.find((reserved) => name.startsWith(reserved));
  if (prefix !== undefined) return `the prefix "${prefix}" is reserved by S3`;
  const suffix = RESERVED_SUFFIXES.find((reserved) => name.endsWith(reserved));
  if (suffix !== undefined) return `the suffix "${suffix}" is reserved by S3`;
  return undefined;
}
