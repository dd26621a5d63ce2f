import { pagePort } from '../browser/page-port';
import { createOptions } from './store';

/** The options page's one store, over the browser. */
export const {
  useOptions,
  say,
  choosePreset,
  setBase,
  follow,
  dropKeptAside,
  addProvider,
  editProvider,
  closeEditor,
  deleteProvider,
  exportAll,
  previewImport,
  cancelImport,
  applyImport,
  reloadAccess,
  reloadTerminal,
  turnTerminalOn,
  turnTerminalOff,
  setTerminalAccess,
  addSite,
  removeSite,
  revokeGrant,
  editorProblems,
  saveEdited,
  connectProvider,
  discoverEndpoints,
  testRefresh,
} = createOptions(pagePort);
