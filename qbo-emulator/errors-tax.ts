// Faults of the non-US ("global") sales-tax model, as a Canadian company answers them. Codes and
// wording as observed where a source had them (README "Canadian companies" lists the sources and
// what is UNCONFIRMED); the rest are chosen from the closest documented validation fault.
import { faults, one } from './errors';

export const taxFaults = {
  /**
   * No sales line carries a TaxCodeRef. Observed (activepieces#8539, 2025): 400, code 6000, element
   * "", Detail "Business Validation Error: Make sure all your transactions have a GST/HST rate
   * before you save." (UK companies say "VAT rate" instead).
   */
  noLineTaxCodes: () =>
    faults.business('Make sure all your transactions have a GST/HST rate before you save.'),
  /**
   * Some sales lines carry a TaxCodeRef and some do not. Observed (quickbooks-ruby#322, 2016) on a
   * Canadian invoice with uncoded lines; when QBO uses which of the two wordings is UNCONFIRMED.
   */
  someLinesWithoutTaxCode: () =>
    faults.business(
      'One or more transaction lines do not have a tax code associated with it. Please assign a tax code for those lines',
    ),
  /**
   * A line's tax code cannot be calculated on a sale (no sales rates). Wording observed on a
   * Canadian SalesReceipt (quickbooks-ruby#369); using it for this case is UNCONFIRMED.
   */
  taxCalculation: () =>
    faults.business(
      "We're sorry, QuickBooks encountered an error while calculating tax. Try reselecting the tax rate or reentering the product/service item and saving the form again.",
      'Line.SalesItemLineDetail.TaxCodeRef',
    ),
  /** 6170 Invalid TxnTaxDetail: tax detail on a NotApplicable transaction [DOC error codes; Detail chosen]. */
  txnTaxDetailNotApplicable: () =>
    one(
      '6170',
      'Invalid TxnTaxDetail',
      'Invalid TxnTaxDetail : TxnTaxDetail cannot be supplied when GlobalTaxCalculation is NotApplicable.',
      'TxnTaxDetail',
    ),
};
