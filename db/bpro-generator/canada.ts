// A Canadian BPro tenant (`country: 'CA'`): its tax groups and the cities its customers live in.
// The groups are the ones a rental business in Canada sets up: GST 5 %, HST 13 % (Ontario),
// GST 5 % + PST 7 % (British Columbia), named with the rate names a new QuickBooks Canada company
// has (so the sync matches its codes), one named the BPro user's own way (so the sync creates its
// code, a new "PST" rate beside the company's GST), and BC's former HST, no longer used.
import type { TaxGroup } from './reference-data';

export const CA_TAX_GROUPS: readonly TaxGroup[] = [
  { name: 'GST', active: true, rates: [['GST', '5.0000']] },
  { name: 'HST ON', active: true, rates: [['HST ON', '13.0000']] },
  {
    name: 'GST/PST BC',
    active: true,
    rates: [
      ['GST', '5.0000'],
      ['PST BC', '7.0000'],
    ],
  },
  {
    name: 'GST + PST (rentals)',
    active: true,
    rates: [
      ['GST', '5.0000'],
      ['PST', '7.0000'],
    ],
  },
  { name: 'HST BC (2010–2013)', active: false, rates: [['HST BC', '12.0000']] },
];

/** [city, province, postal prefix, country] as the customers generator takes them. */
export const CA_CITIES: readonly (readonly [string, string, string, string])[] = [
  ['Toronto', 'ON', 'M5V', 'CA'],
  ['Ottawa', 'ON', 'K1P', 'CA'],
  ['Mississauga', 'ON', 'L5B', 'CA'],
  ['Vancouver', 'BC', 'V6B', 'CA'],
  ['Kelowna', 'BC', 'V1Y', 'CA'],
  ['Victoria', 'BC', 'V8W', 'CA'],
  ['Calgary', 'AB', 'T2P', 'CA'],
  ['Montréal', 'QC', 'H2X', 'CA'],
  ['Saint-Jérôme', 'QC', 'J7Z', 'CA'],
  ['Halifax', 'NS', 'B3H', 'CA'],
];
