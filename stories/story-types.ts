import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { StageParameters } from './stage.js';

/** A story's own parameters: `atelier` is the fake datalab behind it (stories/stage.ts). */
export interface AtelierParameters {
  atelier?: StageParameters;
}

/** A story of an Atelier element: its state is all in `parameters.atelier` (and `args` for attributes). */
export type AtelierStory<Args = Record<string, unknown>> = StoryObj<Args> & { parameters?: AtelierParameters };
export type AtelierMeta<Args = Record<string, unknown>> = Meta<Args> & { render: NonNullable<Meta<Args>['render']> };

type Updating = HTMLElement & { updateComplete?: Promise<unknown> };

/**
 * Clicks what a user would, from a `play` function: `path` is a chain of selectors, the
 * first in the canvas, each next one in the previous match's shadow root, e.g.
 * `['atelier-launcher', '[part~="submit"]']`. Waits for each element on the way to render.
 */
export async function clickThrough(canvas: HTMLElement, ...path: string[]): Promise<void> {
  let scope: ParentNode = canvas;
  let target: Updating | null = null;
  const rendered: Updating[] = [];
  for (const selector of path) {
    await new Promise((resolve) => setTimeout(resolve, 50)); // data the previous element loads
    target = scope.querySelector<Updating>(selector);
    if (!target) throw new Error(`nothing matches ${selector}`);
    await target.updateComplete;
    rendered.push(target);
    scope = target.shadowRoot ?? target;
  }
  target?.click();
  await new Promise((resolve) => setTimeout(resolve, 50));
  for (const element of rendered) await element.updateComplete;
}
