/**
 * Loads the service card's panels and the quota gauges (components/service-card/service-panels.ts),
 * once per page: a module of its own in the bundle (scripts/build.mjs LAZY).
 */
export const loadPanels = () => import('./service-panels.js');
