import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Messages } from '../internal/localize.js';
import type { ArrayField, Field, RangeField, SliderField, YamlField } from '../schema/form-model.js';
import type { FieldMessage, LaunchForm } from './launch-form.js';

export interface FieldsContext {
  form: LaunchForm;
  t: Messages;
  disabled: boolean;
  /** Keys of password fields shown in clear. */
  revealed: ReadonlySet<string>;
  /** Something changed: the element re-renders. */
  changed(): void;
  toggleReveal(key: string): void;
}

export function describeMessage(message: FieldMessage, t: Messages): string {
  switch (message.kind) {
    case 'server':
      return message.message;
    case 'yaml':
      return t.yamlError(message.line, t.yamlReasons[message.problem] ?? message.problem);
    case 'yaml-type':
      return t.yamlExpected(message.expected);
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
    case 'quantity':
      return t.fieldQuantity;
    case 'range-order':
      return t.fieldRangeOrder;
    case 'minLength':
      return t.fieldMinLength(message.limit);
    case 'maxLength':
      return t.fieldMaxLength(message.limit);
    case 'minimum':
      return t.fieldMinimum(message.limit);
    case 'maximum':
      return t.fieldMaximum(message.limit);
  }
}

/** The id of a field's control inside the launcher's shadow root. */
export const inputId = (key: string) => `field-${key}`;

/** Renders the field model as native, labelled form controls (in the caller's shadow root). */
export function renderFields(fields: readonly Field[], context: FieldsContext): TemplateResult {
  return html`${fields.map((field) => renderField(field, context))}`;
}

function renderField(field: Field, context: FieldsContext): TemplateResult {
  const { form, t } = context;
  const id = inputId(field.key);
  const message = form.messages.get(field.key);
  const descriptionId = `${id}-description`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const description = field.description ? html`<p class="quiet description" id=${descriptionId} part="description">${field.description}</p>` : nothing;
  const error = html`<p class="field-error" id=${errorId} part="field-error" ?hidden=${!message}>${message ? describeMessage(message, t) : ''}</p>`;
  const describedBy = (...extra: string[]) => [field.description ? descriptionId : '', ...extra, message ? errorId : ''].filter(Boolean).join(' ') || nothing;
  const invalid = message ? 'true' : 'false';
  const disabled = context.disabled || field.readOnly;
  const value = form.value(field.path);
  const label = html`<label for=${id} part="label">${field.title}${field.required ? html`<span aria-hidden="true"> *</span>` : nothing}</label>`;
  const update = (raw: string | boolean) => {
    form.input(field, raw);
    context.changed();
  };
  const check = () => {
    form.check(field);
    context.changed();
  };
  const wrap = (control: unknown, kind = '') =>
    html`<div class="field ${kind}" part="field" data-key=${field.key}>${label} ${description} ${control} ${error}</div>`;

  switch (field.kind) {
    case 'group':
      return html`<fieldset part="group" data-key=${field.key}>
        <legend part="legend">${field.title}</legend>
        ${description} ${renderFields(field.fields, context)}
      </fieldset>`;
    case 'array':
      return renderArray(field, context, description);
    case 'range':
      return renderRange(field, context, description, error, describedBy);
    case 'boolean':
      return html`<div class="field checkbox" part="field" data-key=${field.key}>
        <input type="checkbox" id=${id} part="input" .checked=${live(value === true)} ?disabled=${disabled}
          aria-describedby=${describedBy()} aria-invalid=${invalid}
          @change=${(event: Event) => update((event.target as HTMLInputElement).checked)} />
        ${label} ${description} ${error}
      </div>`;
    case 'enum': {
      const selected = field.options.findIndex((option) => form.isChosen(option.value, value));
      return wrap(html`<select id=${id} part="input" ?disabled=${disabled} ?required=${field.required}
          aria-describedby=${describedBy()} aria-invalid=${invalid}
          @change=${(event: Event) => {
            update((event.target as HTMLSelectElement).value);
            check();
          }}>
          ${selected === -1 ? html`<option value="-1" selected></option>` : nothing}
          ${field.options.map((option, index) => html`<option value=${index} ?selected=${index === selected}>${option.label}</option>`)}
        </select>`);
    }
    case 'slider':
      return wrap(sliderControl(form, field, id, value, disabled, describedBy(), invalid, (next) => {
        form.set(field.path, next, field.key);
        context.changed();
      }), 'slider');
    case 'yaml':
      return wrap(html`<p class="quiet description" id=${hintId}>${t.yamlHint}</p>
        <textarea id=${id} part="input" class="code" spellcheck="false" rows="4" .value=${live(form.yamlText(field as YamlField))}
          ?readonly=${field.readOnly} ?disabled=${context.disabled} aria-describedby=${describedBy(hintId)} aria-invalid=${invalid}
          @input=${(event: Event) => {
            form.yaml(field as YamlField, (event.target as HTMLTextAreaElement).value);
            context.changed();
          }}></textarea>`);
    case 'string': {
      const text = value === undefined || value === null ? '' : String(value);
      const onInput = (event: Event) => update((event.target as HTMLInputElement).value);
      if (field.multiline) {
        return wrap(html`<textarea id=${id} part="input" .value=${live(text)} ?readonly=${field.readOnly} ?disabled=${context.disabled}
          ?required=${field.required} aria-describedby=${describedBy()} aria-invalid=${invalid} @input=${onInput} @change=${check}></textarea>`);
      }
      const revealed = context.revealed.has(field.key);
      const input = html`<input id=${id} part="input" type=${field.secret && !revealed ? 'password' : 'text'} autocomplete=${field.secret ? 'off' : nothing}
        maxlength=${field.maxLength ?? nothing} .value=${live(text)} ?readonly=${field.readOnly} ?disabled=${context.disabled}
        ?required=${field.required} aria-describedby=${describedBy()} aria-invalid=${invalid} @input=${onInput} @change=${check} />`;
      if (!field.secret) return wrap(input);
      return wrap(html`<div class="with-button">
        ${input}
        <button type="button" class="button" part="reveal" aria-controls=${id} aria-pressed=${revealed ? 'true' : 'false'}
          aria-label=${t.showNamed(field.title)} @click=${() => context.toggleReveal(field.key)}>${revealed ? t.hide : t.show}</button>
      </div>`);
    }
    case 'integer':
    case 'number': {
      const text = value === undefined || value === null ? '' : String(value);
      return wrap(html`<input id=${id} part="input" type="number" inputmode=${field.kind === 'integer' ? 'numeric' : 'decimal'}
        step=${field.kind === 'integer' ? (field.multipleOf ?? 1) : (field.multipleOf ?? 'any')}
        min=${field.minimum ?? nothing} max=${field.maximum ?? nothing} .value=${live(text)}
        ?readonly=${field.readOnly} ?disabled=${context.disabled} ?required=${field.required}
        aria-describedby=${describedBy()} aria-invalid=${invalid}
        @input=${(event: Event) => update((event.target as HTMLInputElement).value)} @change=${check} />`);
    }
  }
}

function sliderControl(
  form: LaunchForm,
  scale: SliderField | RangeField,
  id: string,
  value: unknown,
  disabled: boolean,
  describedBy: string | typeof nothing,
  invalid: string,
  set: (value: string | number) => void,
  bounds: { min?: number; max?: number } = {},
) {
  const number = form.sliderNumber(value, scale.unit);
  const shown = value === undefined || value === null ? '' : typeof value === 'number' ? `${value}${scale.unit ? ` ${scale.unit}` : ''}` : String(value);
  return html`<div class="slider-row">
    <input type="range" id=${id} part="input slider" min=${scale.min} max=${scale.max} step=${scale.step}
      .value=${live(String(Number.isNaN(number) ? scale.min : number))} ?disabled=${disabled}
      aria-valuetext=${shown} aria-describedby=${describedBy} aria-invalid=${invalid}
      @input=${(event: Event) => {
        let next = Number((event.target as HTMLInputElement).value);
        if (bounds.min !== undefined) next = Math.max(next, bounds.min);
        if (bounds.max !== undefined) next = Math.min(next, bounds.max);
        set(form.sliderValue(next, scale.unit, scale.asString));
      }} />
    <output for=${id} part="slider-value">${shown}</output>
  </div>`;
}

function renderRange(field: RangeField, context: FieldsContext, description: unknown, error: unknown, describedBy: () => string | typeof nothing) {
  const { form, t } = context;
  const message = form.messages.get(field.key);
  const disabled = context.disabled || field.readOnly;
  const down = form.value(field.down.path);
  const up = form.value(field.up.path);
  const half = (which: 'down' | 'up') => {
    const part = field[which];
    const id = inputId(part.key);
    const other = form.sliderNumber(which === 'down' ? up : down, field.unit);
    return html`<div class="range-half">
      <label for=${id} part="label">${part.label === field.title ? (which === 'down' ? t.rangeLower : t.rangeUpper) : part.label}</label>
      ${sliderControl(form, field, id, which === 'down' ? down : up, disabled, describedBy(), message ? 'true' : 'false', (next) => {
        form.set(part.path, next, field.key);
        context.changed();
      }, Number.isNaN(other) ? {} : which === 'down' ? { max: other } : { min: other })}
    </div>`;
  };
  return html`<fieldset class="range" part="group range" data-key=${field.key}>
    <legend part="legend">${field.title}</legend>
    ${description} ${half('down')} ${half('up')} ${error}
  </fieldset>`;
}

function renderArray(field: ArrayField, context: FieldsContext, description: unknown) {
  const { form, t } = context;
  const disabled = context.disabled || field.readOnly;
  const list = form.value(field.path);
  const count = Array.isArray(list) ? list.length : 0;
  return html`<fieldset part="group array" data-key=${field.key}>
    <legend part="legend">${field.title}</legend>
    ${description}
    ${count === 0 ? html`<p class="quiet">${t.listEmpty}</p>` : nothing}
    <ol class="items" part="items" ?hidden=${field.items.length === 0}>
      ${field.items.map((item) => {
        const index = item.path[item.path.length - 1] as number;
        return html`<li class="item" part="item">
          ${renderField(item, context)}
          <button type="button" class="button" part="remove" ?disabled=${disabled || !field.canRemove}
            aria-label=${t.removeItemNamed(item.title)}
            @click=${() => {
              form.removeItem(field, index);
              context.changed();
            }}>${t.removeItem}</button>
        </li>`;
      })}
    </ol>
    <div class="actions start">
      <button type="button" class="button" part="add" ?disabled=${disabled || !field.canAdd} aria-label=${t.addItemNamed(field.title)}
        @click=${() => {
          form.addItem(field);
          context.changed();
        }}>${t.addItem}</button>
    </div>
  </fieldset>`;
}
