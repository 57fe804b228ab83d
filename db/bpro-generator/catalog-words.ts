// Words for the generator's catalogue and documents: category names by depth, product words per
// business kind, order memos, line notes and refund reasons. Constants; the generator picks with
// its PRNG (the people, companies and places are in names.ts).

/** Category names by depth (0 = top level). */
export const CATEGORY_NAMES: readonly (readonly string[])[] = [
  [
    'Tents & Canopies',
    'Tables',
    'Chairs',
    'Linens',
    'Décor',
    'Inflatables',
    'Services',
    'Retail Supplies',
    'Lighting',
    'Dance Floors & Staging',
    'Concessions',
    "Kids' Games",
    'Heating: Outdoor',
    'Audio/Visual',
  ],
  [
    'Frame Tents',
    'Pole Tents',
    'Round',
    'Rectangular',
    'Folding',
    'Chiavari',
    'Premium',
    'Standard',
    'Accessories',
    'Water Slides',
    'Combos',
    'Delivery',
    'Setup',
    'Consumables',
    'String Lights',
    'Uplighting',
  ],
  [
    'White',
    'Black',
    'Ivory',
    'Gold',
    'Kids',
    'Sidewalls',
    'Weights',
    'Stakes',
    'Linens: Premium',
    'Spandex',
    "60''",
    "90''",
    'Cleaning',
    'After Hours',
  ],
  ['Small', 'Medium', 'Large', 'Extra Large', 'Clearance'],
];

export const PRODUCT_WORDS: Record<'rental' | 'retail' | 'service', readonly (readonly string[])[]> = {
  rental: [
    ['20 x 20', '20 x 40', '30 x 60', '10 x 10', "6'", "8'", '60"', 'Round', 'Banquet', 'Cocktail', 'Kids'],
    [
      'Frame Tent',
      'Pole Tent',
      'Table',
      'Chiavari Chair',
      'Folding Chair',
      'Tablecloth',
      'Dance Floor Panel',
      'Patio Heater',
      'Popcorn Machine',
      'Cotton Candy Machine',
      'Bounce Castle',
      'Water Slide',
      'Stage Deck',
      'String Light Set',
      'Uplight',
      'Chafing Dish',
      'Arch',
      'Lounge Sofa',
      'Generator',
      'Fan',
    ],
    ['', '', '', ' – White', ' – Black', ' – Gold', ' (Premium)', ' w/ Sidewalls', ' & Cover'],
  ],
  retail: [
    ['Propane', 'Popcorn', 'Cotton Candy', 'Sno-Cone', 'Table', 'Tent', 'Sterno', 'Napkin', 'Balloon'],
    ['Tank Refill', 'Kit', 'Floss Sugar', 'Syrup', 'Cover', 'Stakes', 'Fuel Can', 'Pack', 'Bundle', 'Roll'],
    ['', '', ' (50 ct)', ' – Blue Raspberry', ' – Cherry', ' 12 oz', ' 1 gal', ' per ft'],
  ],
  service: [
    ['Delivery', 'Setup', 'Teardown', 'Cleaning', 'Attendant', 'After-Hours', 'Weekend', 'Travel', 'Permit'],
    ['Fee', 'Labor', 'Surcharge', 'Service', 'Charge'],
    ['', '', ' – Zone 1', ' – Zone 2', ' (per hour)', ': Stairs', ' & Disposal'],
  ],
};

export const ORDER_MEMOS = [
  "Deliver to back gate — don't block the driveway",
  'Setup: 8am; teardown: 6pm',
  'Customer will pick up & return',
  'Call on arrival: 555-0100',
  'Rain plan: move under pavilion',
  'Café entrance, 2nd floor',
  'Linens washed & pressed',
  'Gate code 4412#',
  'Needs invoice copy for P.O. #A-17',
  'Tent stakes OK? Check for sprinkler lines',
] as const;

export const LINE_NOTES = [
  'Custom setup\tafter hours',
  'Damage waiver',
  'Special request: extra "heavy-duty" stakes',
  'Rush fee',
  'Late return (2 days)',
] as const;

export const REFUND_REASONS = [
  'Order cancelled',
  'Damaged item',
  'Overcharged: wrong rental period',
  "Goodwill credit — customer's tent leaked",
  'Deposit returned',
  'Duplicate charge',
] as const;
