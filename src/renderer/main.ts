// Renderer entry: mounts the Vue app. The page runs sandboxed with no Node; the backend is reached
// only through ./api/client.ts.
import { createApp } from 'vue';
import App from './App.vue';
import './style.css';

createApp(App).mount('#app');
