import { render } from 'preact';
import { WebAuth } from './core/auth';
import { App } from './ui/App';
import './styles.css';

const wsUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/v1/ws`;
const root = document.getElementById('app');
if (root) render(<App auth={new WebAuth()} wsUrl={wsUrl} />, root);

// The app shell is kept for opening without a network (public/sw.js); the console works without it.
if ('serviceWorker' in navigator && location.protocol === 'https:') {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  });
}
