/**
 * CUSTOMERS (inline JSON) or CUSTOMERS_FILE (a path to the same JSON): the customer tenants an MSP's bot serves
 * (issue 19, docs/msp.md section 4). Shape:
 *   { "customers": [ { "name": "contoso", "tenantId": "<guid>", "displayName": "Contoso Ltd",
 *       "technicians": ["<partner-tenant group id>"], "readers": ["<group id>"] } ],
 *     "groups": { "eu": ["contoso", "fabrikam"] } }
 * Neither set: no customers (the bot serves its own tenant only). Each problem is named for the one startup error.
 */
import { GUID, type Reader } from './config-reader';
import { NO_CUSTOMERS, type Customer, type CustomerDirectory } from './core/customers';

/** What users type after `@`: lower case, digits and dashes, 1 to 40 characters. */
export const CUSTOMER_NAME = /^[a-z0-9-]{1,40}$/;

export function readCustomers(r: Reader): CustomerDirectory {
  const inline = r.str('CUSTOMERS');
  const file = r.str('CUSTOMERS_FILE');
  if (inline && file) {
    r.problems.push('CUSTOMERS and CUSTOMERS_FILE are both set: set one of them');
    return NO_CUSTOMERS;
  }
  const source = inline ? 'CUSTOMERS' : 'CUSTOMERS_FILE';
  const text = inline || r.file('CUSTOMERS_FILE');
  if (!text) return NO_CUSTOMERS;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    r.problems.push(`${source} is not valid JSON (${(e as Error).message.slice(0, 100)})`);
    return NO_CUSTOMERS;
  }
  const problems: string[] = [];
  const directory = parseCustomers(json, problems);
  r.problems.push(...problems.map((p) => `${source}: ${p}`));
  return problems.length ? NO_CUSTOMERS : directory;
}

/** The JSON -> a CustomerDirectory; every problem is pushed to `problems` (the directory is then not to be used). */
export function parseCustomers(json: unknown, problems: string[]): CustomerDirectory {
  if (!isObject(json) || !Array.isArray(json.customers)) {
    problems.push('must be an object with a "customers" array');
    return NO_CUSTOMERS;
  }
  const customers = json.customers.map((c, i) => parseCustomer(c, i, problems)).filter((c): c is Customer => !!c);
  const names = new Set<string>();
  for (const c of customers) {
    if (names.has(c.name)) problems.push(`customer name "${c.name}" is used twice`);
    names.add(c.name);
  }
  const groups = parseGroups(json.groups, names, problems);
  return { customers, groups };
}

function parseCustomer(raw: unknown, i: number, problems: string[]): Customer | undefined {
  const at = `customers[${i}]`;
  if (!isObject(raw)) {
    problems.push(`${at} must be an object`);
    return undefined;
  }
  const name = typeof raw.name === 'string' ? raw.name : '';
  const before = problems.length;
  if (!CUSTOMER_NAME.test(name)) {
    problems.push(`${at}.name must be lower-case letters, digits or dashes, 1 to 40 (got ${shown(raw.name)})`);
  } else if (name === 'all') problems.push(`${at}.name must not be "all" (@all names every customer)`);
  const tenantId = typeof raw.tenantId === 'string' ? raw.tenantId : '';
  if (!GUID.test(tenantId))
    problems.push(`${at}.tenantId must be the customer's tenant GUID (got ${shown(raw.tenantId)})`);
  const technicianGroupIds = groupIds(raw.technicians, `${at}.technicians`, problems);
  const readerGroupIds = groupIds(raw.readers, `${at}.readers`, problems);
  if (raw.displayName !== undefined && typeof raw.displayName !== 'string') {
    problems.push(`${at}.displayName must be a string`);
  }
  if (problems.length > before) return undefined;
  const displayName = typeof raw.displayName === 'string' && raw.displayName.trim() ? raw.displayName.trim() : name;
  return { name, tenantId: tenantId.toLowerCase(), displayName, technicianGroupIds, readerGroupIds };
}

function groupIds(raw: unknown, at: string, problems: string[]): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.some((g) => typeof g !== 'string' || !GUID.test(g))) {
    problems.push(`${at} must be a list of partner-tenant group ids (GUIDs)`);
    return [];
  }
  return (raw as string[]).map((g) => g.toLowerCase());
}

function parseGroups(raw: unknown, names: Set<string>, problems: string[]): Record<string, string[]> {
  if (raw === undefined) return {};
  if (!isObject(raw)) {
    problems.push('"groups" must be an object: group name -> customer names');
    return {};
  }
  const groups: Record<string, string[]> = {};
  for (const [group, members] of Object.entries(raw)) {
    if (!CUSTOMER_NAME.test(group) || group === 'all') {
      problems.push(`group name ${shown(group)} must be lower-case letters, digits or dashes, 1 to 40, not "all"`);
    } else if (names.has(group)) problems.push(`group "${group}" has the name of a customer`);
    if (!Array.isArray(members) || members.some((m) => typeof m !== 'string')) {
      problems.push(`group "${group}" must be a list of customer names`);
      continue;
    }
    const unknown = (members as string[]).filter((m) => !names.has(m));
    if (unknown.length) problems.push(`group "${group}" names unknown customers: ${unknown.join(', ')}`);
    groups[group] = members as string[];
  }
  return groups;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function shown(v: unknown): string {
  return JSON.stringify(v ?? null).slice(0, 60);
}
