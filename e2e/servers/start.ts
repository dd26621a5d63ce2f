// `npm run servers`: every test server on 127.0.0.1, until Ctrl-C.
import { SERVER_NAMES, startServers, stopServers } from './all';

const servers = await startServers({
  koppeltaal: 7100,
  uitid: 7101,
  fosoauth: 7102,
  camelcase: 7103,
  keycloak: 7104,
  oidc: 7105,
});
for (const name of SERVER_NAMES) console.log(`${name.padEnd(11)} ${servers[name].url}`);
process.on('SIGINT', () => void stopServers(servers).then(() => process.exit(0)));
