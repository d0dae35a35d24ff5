import { render } from 'preact';
import { WebAuth } from './core/auth';
import { App } from './ui/App';
import './styles.css';

const wsUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/v1/ws`;
const root = document.getElementById('app');
if (root) render(<App auth={new WebAuth()} wsUrl={wsUrl} />, root);
