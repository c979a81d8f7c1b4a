/**
 * The builtin catalog shipped inside the extension: a JSON list in the same shape as the optional
 * builtin-catalog URL (see builtinCatalog.ts). Digests are not pinned here: they are read from the
 * publisher's checksum file (DigestUrl) when the image is downloaded, so this list never goes stale
 * with a wrong digest. Refreshing it needs no network.
 */
export const BUILTIN_IMAGES: readonly unknown[] = [
  {
    Name: 'Alpine 3.20 minirootfs (x86_64)',
    Distribution: 'alpine',
    Release: '3.20',
    Tags: '3.20,x86_64',
    Url: 'https://dl-cdn.alpinelinux.org/alpine/v3.20/releases/x86_64/alpine-minirootfs-3.20.3-x86_64.tar.gz',
    DigestSource: 'single',
    DigestAlgorithm: 'SHA256',
    DigestUrl: 'https://dl-cdn.alpinelinux.org/alpine/v3.20/releases/x86_64/alpine-minirootfs-3.20.3-x86_64.tar.gz.sha256',
    Arch: 'amd64',
  },
  {
    Name: 'Ubuntu Base 24.04 (amd64)',
    Distribution: 'ubuntu',
    Release: '24.04',
    Tags: '24.04,amd64',
    Url: 'https://cdimage.ubuntu.com/ubuntu-base/releases/24.04/release/ubuntu-base-24.04.1-base-amd64.tar.gz',
    DigestSource: 'sums',
    DigestAlgorithm: 'SHA256',
    DigestUrl: 'https://cdimage.ubuntu.com/ubuntu-base/releases/24.04/release/SHA256SUMS',
    Arch: 'amd64',
  },
];
