// Name pools for the generator, awkward on purpose: apostrophes, colons (QuickBooks' hierarchy
// separator), ampersands, accents, 120-character names, names differing only in case or spacing,
// leading/trailing spaces and tabs. Everything is a constant; the generator picks with its PRNG.

/** Exactly 120 characters. */
export const LONG_COMPANY_NAME =
  'Greater Springfield Tent, Table & Chair Rental Company for Weddings, Corporate Events, Graduations, and Backyard Parties';
/** Exactly 120 characters. */
export const LONG_PRODUCT_NAME =
  'Deluxe 40 x 80 Frame Tent with Sidewalls, Cathedral Window Panels, Perimeter Lighting, Ballast Weights & Setup Included.';

export type AwkwardCustomer =
  | { kind: 'company'; companyName: string; firstName?: string; lastName?: string }
  | { kind: 'person'; firstName: string; lastName: string };

/** Customers every dataset with enough customers contains (spread among the random ones). */
export const AWKWARD_CUSTOMERS: readonly AwkwardCustomer[] = [
  { kind: 'company', companyName: "O'Brien's Tent & Party Co.", firstName: 'Seán', lastName: "O'Brien" },
  { kind: 'company', companyName: 'Smith: Main St' },
  { kind: 'company', companyName: 'Jones & Sons' },
  { kind: 'person', firstName: 'Zoë', lastName: 'Müller' },
  { kind: 'company', companyName: 'Crème Brûlée Rentals' },
  { kind: 'company', companyName: LONG_COMPANY_NAME },
  { kind: 'company', companyName: 'Acme Rentals' },
  { kind: 'company', companyName: 'ACME Rentals' },
  { kind: 'company', companyName: 'Acme  Rentals' },
  { kind: 'company', companyName: '  Lakeside Events' },
  { kind: 'company', companyName: 'Hilltop Catering ' },
  { kind: 'person', firstName: 'José', lastName: 'García-Núñez' },
  { kind: 'person', firstName: "D'Arcy", lastName: "O'Neil" },
  { kind: 'company', companyName: 'Bride & Groom: Events, Inc.' },
];

export type AwkwardProduct = {
  name: string;
  kind: 'rental' | 'retail' | 'service';
  description?: string;
};

/** Products every dataset with enough products contains. */
export const AWKWARD_PRODUCTS: readonly AwkwardProduct[] = [
  { name: "8' x 10' Frame Tent", kind: 'rental', description: "8' x 10' frame tent, white vinyl top" },
  { name: 'Chair: Folding, White', kind: 'rental', description: 'Folding chair\twhite resin' },
  { name: 'Tables & Linens Package', kind: 'rental', description: '6 ft table, linen & skirt' },
  { name: 'Crème Brûlée Torch', kind: 'retail', description: 'Butane torch — café grade' },
  { name: LONG_PRODUCT_NAME, kind: 'rental' },
  { name: 'Bounce House', kind: 'rental' },
  { name: 'bounce house', kind: 'rental' },
  { name: 'Bounce  House', kind: 'rental' },
  { name: ' Setup Fee', kind: 'service', description: 'Setup\tper crew hour' },
  { name: 'Delivery Fee ', kind: 'service' },
];

export const FIRST_NAMES = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Carlos',
  'Karen',
  'Zoë',
  'José',
  'François',
  'Siobhán',
  'Renée',
  'Søren',
  'Chloé',
  'Björn',
  'Ana',
  'Nguyen',
  'Priya',
  'Wei',
  'Fatima',
  'Mohammed',
  "D'Angelo",
  'Mary-Kate',
  'Jean-Luc',
  'Ng',
  'Olamide',
  'Kenji',
] as const;

export const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  "O'Brien",
  "O'Connor",
  "D'Souza",
  'Müller',
  'Núñez',
  'Lefèvre',
  'Østergaard',
  'Smith-Jones',
  'McDonald',
  'MacLeod',
  'van der Berg',
  'De La Cruz',
  'Nguyen',
  'Kim',
  'Patel',
  'Okafor',
  'Kowalski',
  'Żukowski',
] as const;

export const COMPANY_ROOTS = [
  'Acme',
  'Summit',
  'Blue Sky',
  'Riverside',
  'Golden Gate',
  'Pinecrest',
  'Harbor',
  'Maple Leaf',
  'Evergreen',
  'Sunset',
  'Northstar',
  'Cedar Creek',
  'Silver Lake',
  "Grandma's",
  "Mike's",
  "Kelly's",
  'Café du Parc',
  'Château',
  'Señor Fiesta',
  'Lone Star',
  'Prairie',
  'Bluebird',
  'Oak & Ivy',
  'Red Barn',
  'Twin Pines',
] as const;

export const COMPANY_SUFFIXES = [
  'Events',
  'Party Rentals',
  'Catering',
  'Weddings',
  'Church',
  'Elementary School',
  'Country Club',
  '& Sons',
  '& Co.',
  'LLC',
  'Inc.',
  'Event Planning',
  'Productions',
  'Hotel',
  'Brewery',
  'Construction',
  'Landscaping',
  'PTA',
  'Rotary Club',
  'Winery',
] as const;

export const JOB_NAMES = [
  'Wedding',
  'Graduation Party',
  'Company Picnic',
  'Birthday Party',
  'Fall Festival',
  'Fundraiser Gala',
  'Job Site',
  'Warehouse Move',
  'Summer Camp',
  'Block Party',
  "Founder's Day",
  'Quinceañera',
  'Holiday Party',
  'Trade Show: Booth 12',
  'Reunion',
  'Tent & Stage',
] as const;

export const STREETS = [
  'Main St',
  'Oak Ave',
  'Maple Dr',
  'Cedar Ln',
  'Elm St',
  'Washington Blvd',
  'Lake Shore Rd',
  "King's Rd",
  'Rue Saint-Denis',
  'Church St',
  'Park Ave',
  'Mill Rd',
  'High St',
  'Avenida Juárez',
] as const;

export const CITIES: readonly (readonly [
  city: string,
  region: string,
  postalPrefix: string,
  country: string,
])[] = [
  ['Springfield', 'IL', '627', 'US'],
  ['Austin', 'TX', '787', 'US'],
  ['Portland', 'OR', '972', 'US'],
  ['Coeur d’Alene', 'ID', '838', 'US'],
  ['Denver', 'CO', '802', 'US'],
  ['Columbus', 'OH', '432', 'US'],
  ['Raleigh', 'NC', '276', 'US'],
  ['Sacramento', 'CA', '958', 'US'],
  ['Boise', 'ID', '837', 'US'],
  ['Montréal', 'QC', 'H2X', 'CA'],
  ['Saint-Jérôme', 'QC', 'J7Z', 'CA'],
  ['Tampa', 'FL', '336', 'US'],
];

export const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example'] as const;

/** Drops accents and anything not [a-z0-9] (for e-mail local parts). */
export function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}
