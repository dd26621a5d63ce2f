import { restrictStorageToExtension } from '../browser/storage';

// Every start, not only on install: the setting is per session in some Chromium versions.
void restrictStorageToExtension();
