import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import './base.css';

/** Renders an extension page's root component into its `#root`, with the shared base styles. */
export function mount(page: ReactNode): void {
  const root = document.getElementById('root');
  if (root) createRoot(root).render(<StrictMode>{page}</StrictMode>);
}
