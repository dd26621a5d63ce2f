// `npm run servers`: every test server on 127.0.0.1, until Ctrl-C.
import { FIXED_PORTS, SERVER_NAMES, WEBAPP_PORT, startServers, stopServers } from './all';

const servers = await startServers(FIXED_PORTS, WEBAPP_PORT);
for (const name of SERVER_NAMES) console.log(`${name.padEnd(11)} ${servers[name].url}`);
console.log(`${'web app'.padEnd(11)} ${servers.webapps[0].url}`);
process.on('SIGINT', () => void stopServers(servers).then(() => process.exit(0)));
