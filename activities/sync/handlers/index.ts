import type { SyncEntity } from '../../../workflows/contracts';
import type { EntityHandler } from '../engine';
import { customerHandler } from './customer';
import { categoryHandler, paymentMethodHandler, productHandler, taxHandler, termHandler } from './reference';
import { invoiceHandler, paymentHandler, refundHandler } from './transactions';

export const handlers: Record<SyncEntity, EntityHandler> = {
  paymentMethod: paymentMethodHandler,
  term: termHandler,
  tax: taxHandler,
  productCategory: categoryHandler,
  product: productHandler,
  customer: customerHandler,
  invoice: invoiceHandler,
  payment: paymentHandler,
  refund: refundHandler,
};
