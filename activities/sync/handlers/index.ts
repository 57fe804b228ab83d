import type { SyncEntity } from '../../../workflows/contracts';
import type { EntityHandler } from '../types';
import { customerHandler } from './customer';
import { productHandler } from './product';
import { categoryHandler, paymentMethodHandler, taxHandler, termHandler } from './reference';
import { invoiceHandler } from './invoice';
import { paymentHandler } from './payment';
import { refundHandler } from './refund';

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
