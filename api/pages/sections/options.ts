// Options: the three settings BPro's QuickBooks page has (bpro.md §2.1), saved by a plain form POST.
import type { SettingsView } from '../../schemas';
import { postForm, type PageContext } from '../context';
import { html, type Html } from '../html';

export type CashAccount = { id: string; fullyQualifiedName: string; type: string };

type PaymentMethodView = SettingsView['paymentMethods'][number];

/** The refund account choices: QuickBooks' cash accounts, or only the saved one when it cannot be reached. */
function accountOptions(settings: SettingsView, accounts: CashAccount[] | null): Html | Html[] | '' {
  const selected = settings.refundAccount?.id ?? '';
  if (accounts)
    return accounts.map(
      (a) =>
        html`<option value="${a.id}" ${a.id === selected ? 'selected' : ''}>
          ${a.fullyQualifiedName} (${a.type})
        </option>`,
    );
  return settings.refundAccount
    ? html`<option value="${settings.refundAccount.id}" selected>
        ${settings.refundAccount.name ?? settings.refundAccount.id}
      </option>`
    : '';
}

/** Whether QuickBooks has a payment method of exactly this name, and what to do when it has not. */
const qboMatchNote = (m: PaymentMethodView) =>
  m.qboMatch === true
    ? html`<span class="match ok">QuickBooks has a payment method named “${m.name}”.</span>`
    : m.qboMatch === false
      ? html`<span class="match missing"
          >QuickBooks has no payment method named exactly “${m.name}”: payments with it cannot sync. In
          QuickBooks choose ⚙ → All Lists → Payment Methods → New and name it “${m.name}”, then re-run the
          failed entries in the log below.</span
        >`
      : html`<span class="match">Could not check QuickBooks for this method right now.</span>`;

const methodItem = (m: PaymentMethodView) =>
  html`<li>
    <input type="hidden" name="methods" value="${m.bproId}" />
    <input
      type="checkbox"
      name="enabled"
      value="${m.bproId}"
      id="pm-${m.bproId}"
      ${m.enabled ? 'checked' : ''}
    />
    <label for="pm-${m.bproId}">${m.name}</label
    >${m.active ? '' : html` <span class="hint">(inactive in BPro)</span>`} ${qboMatchNote(m)}
  </li>`;

const startDateField = (settings: SettingsView) =>
  html`<div>
    <label for="startDate">Sync start date</label>
    <p class="hint" id="startDate-hint">
      Only customers, orders and payments created on or after this date are sent. Products, categories,
      payment methods, terms and taxes are always sent. Leave empty to send everything.
    </p>
    <input
      type="date"
      id="startDate"
      name="startDate"
      value="${settings.startDate ?? ''}"
      aria-describedby="startDate-hint"
    />
  </div>`;

const refundAccountField = (settings: SettingsView, accounts: CashAccount[] | null) =>
  html`<div>
    <label for="refundAccountId">Refund account</label>
    <p class="hint" id="refund-hint">
      The QuickBooks account refunds are paid out of. Only cash-based accounts (bank and other current asset
      accounts) are listed. Without one, refunds cannot sync.
    </p>
    <select id="refundAccountId" name="refundAccountId" aria-describedby="refund-hint">
      <option value="">— Choose an account —</option>
      ${accountOptions(settings, accounts)}
    </select>
    ${accounts ? '' : html`<p class="hint">QuickBooks could not be reached to list its accounts.</p>`}
  </div>`;

const paymentMethodsField = (settings: SettingsView) =>
  html`<fieldset>
    <legend>Payment methods to sync</legend>
    <p class="hint">
      Payments made with an unchecked method are not sent to QuickBooks (useful when a card terminal already
      posts them there). A method must exist in QuickBooks with exactly the same name.
    </p>
    ${
      settings.paymentMethods.length
        ? html`<ul class="methods">
            ${settings.paymentMethods.map(methodItem)}
          </ul>`
        : html`<p>This BPro account has no payment methods.</p>`
    }
  </fieldset>`;

export function optionsSection(ctx: PageContext, settings: SettingsView, accounts: CashAccount[] | null) {
  return html`<section aria-labelledby="options-h" id="options">
    <h2 id="options-h">Options</h2>
    ${postForm(
      ctx,
      '/settings',
      html` ${startDateField(settings)} ${refundAccountField(settings, accounts)}
        ${paymentMethodsField(settings)}
        <button type="submit">Save options</button>`,
    )}
  </section>`;
}
