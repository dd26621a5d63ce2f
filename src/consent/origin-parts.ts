/**
 * An origin cut into what a person must read to know who is asking: the scheme, the host with its
 * last two labels (roughly the site that owns it) apart from any labels before them, and the port,
 * said even when it is the scheme's default. Hosts come as the URL parser gives them, in ASCII: an
 * internationalised name shows as `xn--…`, and is flagged, so that letters from another alphabet
 * cannot pass for a familiar name.
 */
export interface OriginParts {
  readonly scheme: string;
  /** Labels before the site's, with their trailing dot: `api.` of `api.example.com`. */
  readonly sub: string;
  /** The last two labels of a name, or a whole IP address. */
  readonly site: string;
  /** As written in the origin (`:8080`), empty for the default port. */
  readonly portText: string;
  readonly port: number;
  readonly defaultPort: boolean;
  readonly encrypted: boolean;
  /** Some label is an internationalised (punycode) name. */
  readonly idn: boolean;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };
const IP = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

export function originParts(origin: string): OriginParts | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return undefined;
  }
  const { protocol, hostname, port } = url;
  const labels = hostname.split('.');
  const siteLabels = IP.test(hostname) || labels.length <= 2 ? labels : labels.slice(-2);
  const site = siteLabels.join('.');
  return {
    scheme: `${protocol}//`,
    sub: hostname.slice(0, hostname.length - site.length),
    site,
    portText: port === '' ? '' : `:${port}`,
    port: port === '' ? (DEFAULT_PORTS[protocol] ?? 0) : Number(port),
    defaultPort: port === '',
    encrypted: protocol === 'https:',
    idn: labels.some((l) => l.startsWith('xn--')),
  };
}
