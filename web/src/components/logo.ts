// The word mark as an inline SVG data URI: no image request, no third-party host.
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="28" viewBox="0 0 120 28"><text x="0" y="21" fill="#fff" font-family="-apple-system, 'Segoe UI', Roboto, sans-serif" font-size="20" font-weight="650">Rapport</text></svg>`;

export const logo = {
  topBarSource: `data:image/svg+xml,${encodeURIComponent(svg)}`,
  width: 120,
  url: '/customers',
  accessibilityLabel: 'Rapport',
};
