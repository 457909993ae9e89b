import { html, nothing } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { Service } from '../api/types.js';
import type { Messages } from '../internal/localize.js';
import { LAUNCH_STEPS, launchStep } from './service-facts.js';

/**
 * A starting service's launch: the steps (scheduling, pulling, starting, health check,
 * ready) with the current one marked, the driver's message and a progress bar.
 */
export function renderLaunchProgress(service: Service, t: Messages) {
  const progress = service.progress;
  const current = LAUNCH_STEPS.indexOf(launchStep(progress));
  const percent = Math.max(0, Math.min(100, Math.round(progress?.percent ?? 0)));
  const message = progress?.message ?? '';
  return html`<div class="progress-block" part="progress">
    <ol class="steps" part="steps" aria-label=${t.launchSteps(service.name)}>
      ${LAUNCH_STEPS.map(
        (step, index) => html`<li class=${index < current ? 'done' : index === current ? 'current' : 'todo'} aria-current=${index === current ? 'step' : nothing}>
          ${t.launchPhases[step]}
        </li>`,
      )}
    </ol>
    <span part="phase-message">${message}</span>
    <div class="progress" role="progressbar" aria-label=${t.progressLabel(service.name)} aria-valuemin="0" aria-valuemax="100"
      aria-valuenow=${percent} aria-valuetext=${`${percent}% ${t.launchPhases[LAUNCH_STEPS[current]!]} ${message}`.trim()}>
      <div style=${styleMap({ width: `${percent}%` })}></div>
    </div>
  </div>`;
}
