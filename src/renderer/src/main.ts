import { mount } from 'svelte';
import App from './App.svelte';
import { webInstancePlatform } from './platform/instance';
import { requestPersistentStorage } from './platform/storage';
import { InstanceState } from './state/instance.svelte';
import './app.css';
import './fonts/cjk.css';

// Ask the browser not to evict the collection under storage pressure; the answer is kept for the Settings screen and
// never holds up the start.
void requestPersistentStorage();

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
// One tab at a time owns the collection (state/instance.svelte.ts).
mount(App, { target, props: { instance: new InstanceState(webInstancePlatform()) } });
