// The QBO accounts new items get: income, cost of goods sold (or expense) and inventory asset,
// from the tenant's chosen defaults or the company's accounts by type; and the refund item's
// income account.

/** The account fields the choice looks at (a QBO Account as queried). */
export type AccountLike = {
  Id: string;
  Name: string;
  AccountType: string;
  AccountSubType?: string | undefined;
  Active?: boolean | undefined;
};

/** The tenant's chosen accounts (settings); any may be missing. */
export type ItemAccountDefaults = {
  incomeAccountId?: string | null;
  expenseAccountId?: string | null;
  assetAccountId?: string | null;
};

export type ItemAccounts = {
  /** Income account of sold items. */
  income: string | undefined;
  /** Cost of goods sold (or expense) account. */
  expense: string | undefined;
  /** Inventory asset account (Inventory items only). */
  asset: string | undefined;
};

function byId(a: AccountLike, b: AccountLike): number {
  return Number(a.Id) - Number(b.Id) || (a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0);
}

/** The first active account matching one of the rules, tried in order. */
function pick(
  accounts: readonly AccountLike[],
  rules: readonly ((a: AccountLike) => boolean)[],
): string | undefined {
  const active = accounts.filter((a) => a.Active !== false).sort(byId);
  for (const rule of rules) {
    const found = active.find(rule);
    if (found) return found.Id;
  }
  return undefined;
}

const is =
  (type: string, subType?: string) =>
  (a: AccountLike): boolean =>
    a.AccountType === type && (subType === undefined || a.AccountSubType === subType);

/**
 * The accounts new items get: the tenant's defaults where set, else the company's accounts by
 * type (income: Sales of Product Income, else any Income but discounts/refunds, else Other Income;
 * expense: Cost of Goods Sold, else Expense; asset: Other Current Asset / Inventory). Ties go to the
 * lowest Id, so the choice is stable.
 */
export function chooseItemAccounts(
  accounts: readonly AccountLike[],
  defaults: ItemAccountDefaults = {},
): ItemAccounts {
  return {
    income:
      defaults.incomeAccountId ??
      pick(accounts, [
        is('Income', 'SalesOfProductIncome'),
        (a) => is('Income')(a) && a.AccountSubType !== 'DiscountsRefundsGiven',
        is('Other Income'),
      ]),
    expense:
      defaults.expenseAccountId ??
      pick(accounts, [
        is('Cost of Goods Sold', 'SuppliesMaterialsCogs'),
        is('Cost of Goods Sold'),
        is('Expense'),
      ]),
    asset: defaults.assetAccountId ?? pick(accounts, [is('Other Current Asset', 'Inventory')]),
  };
}

/** The income account of the refund item: a refunds/allowances income account, else `fallback`. */
export function chooseRefundIncomeAccount(
  accounts: readonly AccountLike[],
  fallback: string | undefined,
): string | undefined {
  return (
    pick(accounts, [
      (a) => is('Income', 'DiscountsRefundsGiven')(a) && /refund/i.test(a.Name),
      is('Income', 'DiscountsRefundsGiven'),
    ]) ?? fallback
  );
}
