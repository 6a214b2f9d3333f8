/** The app's version from package.json, put in by Vite at build time (backups record it). */
declare const __APP_VERSION__: string;
