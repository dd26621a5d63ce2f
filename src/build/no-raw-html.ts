import type { Plugin } from 'vite';

const REACT_DOM = /react-dom-client\.production\.js$/;
const RAW_HTML = '(domElement.innerHTML = key);';
const REFUSAL =
  '(() => { throw new Error("Token Keeper renders no raw HTML (dangerouslySetInnerHTML)."); })();';

/**
 * Takes `dangerouslySetInnerHTML` out of React DOM: our pages never render raw HTML, and with the
 * only `innerHTML` write of a dynamic value gone, `web-ext lint` has nothing to warn about.
 * The build fails if React DOM changes so that the write is no longer where we expect it.
 */
export function noRawHtml(): Plugin {
  return {
    name: 'token-keeper:no-raw-html',
    enforce: 'pre',
    transform(code, id) {
      if (!REACT_DOM.test(id)) return null;
      const parts = code.split(RAW_HTML);
      if (parts.length !== 3) {
        this.error(
          `react-dom: expected 2 dangerouslySetInnerHTML writes, found ${parts.length - 1}`,
        );
      }
      return { code: parts.join(REFUSAL), map: null };
    },
  };
}
