// <atelier-app> fires no event of its own: its parts' events (`atelier-service-select`,
// `atelier-launch`, `atelier-service-launched`, `atelier-service-open`, …) bubble out of it.
export {};
