export { Card } from './Card';
export { Choice } from './Choice';
export { ClientProvider, useClient } from './ClientContext';
export { type Column, DataTable } from './DataTable';
export { LoadState } from './LoadState';
export { MiniChart } from './MiniChart';
export { formatMoney, sumMoney } from './money';
export { classify, type Load, NotAvailableYet, useLoad } from './useLoad';
