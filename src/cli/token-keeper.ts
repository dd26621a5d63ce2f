import { main } from './main';

// The `token-keeper` command (README, "The terminal").
process.exitCode = await main(process.argv.slice(2));
