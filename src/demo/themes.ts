/** The two looks the demo shows, both built only from the stylesheet's custom properties. */
export const DEMO_THEMES = {
  harbour: 'Harbour (light)',
  midnight: 'Midnight (dark)',
} as const;

export type DemoTheme = keyof typeof DEMO_THEMES;

export function isDemoTheme(value: string | null): value is DemoTheme {
  return value !== null && Object.hasOwn(DEMO_THEMES, value);
}

/** `?theme=midnight` opens the page in that theme (the screenshots use it). */
export function initialTheme(): DemoTheme {
  const asked = new URLSearchParams(window.location.search).get('theme');
  return isDemoTheme(asked) ? asked : 'harbour';
}

/** On <html>, so the modal (portalled to <body>) takes the theme too. */
export function applyTheme(theme: DemoTheme): void {
  document.documentElement.dataset.theme = theme;
}
