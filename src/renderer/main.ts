// Renderer entry: mounts the Vue app and connects it to the backend (the Electron preload bridge, or
// `loupe serve` over HTTP). The page runs sandboxed with no Node; the backend is reached only
// through ./api/client.ts.
import { createApp } from 'vue';
import App from './App.vue';
import { connect } from './api/client.js';
import { startApp, toastError } from './state/app.js';
import './style.css';

const vueApp = createApp(App);
vueApp.config.errorHandler = (error) => toastError(error);
vueApp.mount('#app');
window.addEventListener('unhandledrejection', (event) => toastError(event.reason));
void startApp(() => connect());
