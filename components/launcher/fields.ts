import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Messages } from '../internal/localize.js';
import { deepEqual, getValue, type Field, type Problem } from './schema-form.js';

/** A problem found in the browser, or a message the BFF sent for that field (400 `errors[]`). */
export type FieldMessage = Problem | { kind: 'server'; message: string };

export interface FieldsContext {
  values: Record<string, unknown>;
  messages: ReadonlyMap<string, FieldMessage>;
  t: Messages;
  disabled: boolean;
  onInput(field: Field, raw: string | boolean): void;
  onChange(field: Field): void;
}

export function describeProblem(problem: FieldMessage, t: Messages): string {
  switch (problem.kind) {
    case 'server':
      return problem.message;
    case 'required':
      return t.fieldRequired;
    case 'pattern':
      return t.fieldPattern;
    case 'integer':
      return t.fieldInteger;
    case 'number':
    case 'type':
      return t.fieldNumber;
    case 'enum':
      return t.fieldEnum;
    case 'minLength':
      return t.fieldMinLength(problem.limit);
    case 'maxLength':
      return t.fieldMaxLength(problem.limit);
    case 'minimum':
      return t.fieldMinimum(problem.limit);
    case 'maximum':
      return t.fieldMaximum(problem.limit);
  }
}

/** The id of a field's input inside the launcher's shadow root. */
export const inputId = (key: string) => `field-${key}`;

/** Renders the field model as native, labelled form controls (in the caller's shadow root). */
export function renderFields(fields: readonly Field[], context: FieldsContext): TemplateResult {
  return html`${fields.map((field) => renderField(field, context))}`;
}

function renderField(field: Field, context: FieldsContext): TemplateResult | typeof nothing {
  if (field.hidden) return nothing;
  const id = inputId(field.key);
  const descriptionId = `${id}-description`;
  const errorId = `${id}-error`;
  const message = context.messages.get(field.key);
  const description = field.description ? html`<p class="quiet description" id=${descriptionId} part="description">${field.description}</p>` : nothing;
  const error = html`<p class="field-error" id=${errorId} part="field-error" ?hidden=${!message}>${message ? describeProblem(message, context.t) : ''}</p>`;
  const describedBy = [field.description ? descriptionId : '', message ? errorId : ''].filter(Boolean).join(' ') || nothing;
  const value = getValue(context.values, field.path);
  const disabled = context.disabled || field.readOnly;

  switch (field.kind) {
    case 'group':
      return html`<fieldset part="group" data-key=${field.key}>
        <legend part="legend">${field.title}</legend>
        ${description} ${renderFields(field.fields, context)}
      </fieldset>`;
    case 'boolean':
      return html`<div class="field checkbox" part="field" data-key=${field.key}>
        <input type="checkbox" id=${id} part="input" .checked=${live(value === true)} ?disabled=${disabled}
          aria-describedby=${describedBy} aria-invalid=${message ? 'true' : 'false'}
          @change=${(event: Event) => {
            context.onInput(field, (event.target as HTMLInputElement).checked);
            context.onChange(field);
          }} />
        <label for=${id} part="label">${field.title}</label>
        ${description} ${error}
      </div>`;
    case 'enum': {
      const selected = field.options.findIndex((option) => deepEqual(option.value, value));
      return html`<div class="field" part="field" data-key=${field.key}>
        <label for=${id} part="label">${field.title}${field.required ? html`<span aria-hidden="true"> *</span>` : nothing}</label>
        ${description}
        <select id=${id} part="input" ?disabled=${disabled} ?required=${field.required}
          aria-describedby=${describedBy} aria-invalid=${message ? 'true' : 'false'}
          @change=${(event: Event) => {
            const index = Number((event.target as HTMLSelectElement).value);
            context.onInput(field, String(index));
            context.onChange(field);
          }}>
          ${selected === -1 ? html`<option value="-1" ?selected=${true}></option>` : nothing}
          ${field.options.map((option, index) => html`<option value=${index} ?selected=${index === selected}>${option.label}</option>`)}
        </select>
        ${error}
      </div>`;
    }
    case 'unsupported':
      return html`<div class="field" part="field" data-key=${field.key}>
        <span part="label" class="label">${field.title}</span>
        ${description}
        <p class="quiet">${context.t.fieldUnsupported}</p>
        ${error}
      </div>`;
    default: {
      const isNumber = field.kind === 'integer' || field.kind === 'number';
      const text = value === undefined || value === null ? '' : String(value);
      const onInput = (event: Event) => context.onInput(field, (event.target as HTMLInputElement).value);
      const common = {
        id,
        describedBy,
        invalid: message ? 'true' : 'false',
      };
      const control =
        field.kind === 'string' && field.multiline
          ? html`<textarea id=${common.id} part="input" .value=${live(text)} ?readonly=${field.readOnly} ?disabled=${context.disabled}
              ?required=${field.required} aria-describedby=${common.describedBy} aria-invalid=${common.invalid}
              @input=${onInput} @change=${() => context.onChange(field)}></textarea>`
          : html`<input id=${common.id} part="input"
              type=${isNumber ? 'number' : field.kind === 'string' && field.secret ? 'password' : 'text'}
              inputmode=${isNumber ? (field.kind === 'integer' ? 'numeric' : 'decimal') : nothing}
              step=${isNumber ? (field.kind === 'integer' ? (field.multipleOf ?? 1) : (field.multipleOf ?? 'any')) : nothing}
              min=${isNumber ? (field.minimum ?? nothing) : nothing}
              max=${isNumber ? (field.maximum ?? nothing) : nothing}
              maxlength=${field.kind === 'string' ? (field.maxLength ?? nothing) : nothing}
              .value=${live(text)} ?readonly=${field.readOnly} ?disabled=${context.disabled} ?required=${field.required}
              aria-describedby=${common.describedBy} aria-invalid=${common.invalid}
              @input=${onInput} @change=${() => context.onChange(field)} />`;
      return html`<div class="field" part="field" data-key=${field.key}>
        <label for=${id} part="label">${field.title}${field.required ? html`<span aria-hidden="true"> *</span>` : nothing}</label>
        ${description} ${control} ${error}
      </div>`;
    }
  }
}
