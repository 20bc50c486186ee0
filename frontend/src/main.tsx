import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/config/env';
import '@/lib/i18n';
import '@/styles/global.css';
import { App } from '@/app';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
