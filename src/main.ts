import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { applyTheme, rememberedTheme } from './app/theme';

// Apply the remembered theme before the first paint to avoid a flash.
applyTheme(rememberedTheme());

const target = document.getElementById('app');
if (!target) throw new Error('Missing #app element');
mount(App, { target });
