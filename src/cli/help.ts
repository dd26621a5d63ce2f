/** `token-keeper --help` and each command's `--help`. */
const CODES = `Exit codes: 0 done · 2 usage · 3 the browser or Token Keeper does not answer ·
4 sign-in needed (or no valid token now; the words say which) · 5 terminal access not allowed for
this provider · 6 no such provider or identity · 1 anything else.
`;

export const HELP: Record<string, string> = {
  'token-keeper': `token-keeper: a current access token from Token Keeper, in your browser, for the terminal.

  token-keeper token <provider>[/<identity>] [--min-valid SECONDS]
  token-keeper header <provider>[/<identity>] [--min-valid SECONDS]
  token-keeper exec <provider>[/<identity>] [--min-valid SECONDS] -- <command…>
  token-keeper status [--json]
  token-keeper install [--browser chromium|chrome|firefox]… [--system] [--user-data-dir DIR]
  token-keeper uninstall [--browser …]… [--system] [--user-data-dir DIR]

Run install once, then turn the terminal on in Token Keeper's options (Terminal) and allow it
each provider. Tokens come from the browser, which signs in and refreshes; nothing is kept on disk.
${CODES}`,
  token: `token-keeper token <provider>[/<identity>] [--min-valid SECONDS]

Prints the access token and nothing else, so that $(token-keeper token kc) works. Refreshes it
first when it has less than --min-valid seconds left (default 30; at most half its lifetime).
<identity> is the name the popup shows; without it, the provider's active identity.
${CODES}`,
  header: `token-keeper header <provider>[/<identity>] [--min-valid SECONDS]

Prints "Authorization: Bearer …" (the scheme the provider named), for curl -H or an HTTP file.
${CODES}`,
  exec: `token-keeper exec <provider>[/<identity>] [--min-valid SECONDS] -- <command…>

Runs the command with TOKEN_KEEPER_TOKEN (the access token) and AUTHORIZATION ("Bearer …") in its
environment: never on its command line, where ps would show it. Exits with the command's code.
  token-keeper exec kc -- sh -c 'curl -H "Authorization: $AUTHORIZATION" https://api.example/me'
${CODES}`,
  status: `token-keeper status [--json]

Lists every provider and identity: state, how long the access and refresh tokens last, whether
the terminal may get its tokens. No token values.
${CODES}`,
  install: `token-keeper install [--browser chromium|chrome|firefox]… [--system] [--user-data-dir DIR] [--extension-id ID]

Registers the host the browser starts for the terminal: the program in ~/.local/share/token-keeper
(--system: /usr/local/lib/token-keeper) and a manifest per browser (all three unless --browser):
  Chromium  ~/.config/chromium/NativeMessagingHosts      (--system: /etc/chromium/native-messaging-hosts)
  Chrome    ~/.config/google-chrome/NativeMessagingHosts (--system: /etc/opt/chrome/native-messaging-hosts)
  Firefox   ~/.mozilla/native-messaging-hosts            (--system: /usr/lib/mozilla/native-messaging-hosts)
macOS: the same under ~/Library/Application Support (or /Library). Windows: prints the registry
entries to add. --user-data-dir: for a Chromium started with that flag. --extension-id: the id of
a Token Keeper build other than this one's (a store install, say).
${CODES}`,
  uninstall: `token-keeper uninstall [--browser …]… [--system] [--user-data-dir DIR]

Removes what install wrote (a manifest of that name that is not Token Keeper's stays).
${CODES}`,
};
