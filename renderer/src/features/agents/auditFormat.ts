/**
 * An agent's tool grants as the audit log stores them ([{ tool_name, scopes }]), in the words the timeline
 * shows: "zendesk (tickets:read, tickets:write); slack (chat:write)". Null when the value is not that shape.
 */
export function describeToolGrants(v: unknown): string | null {
  if (!Array.isArray(v)) return null;
  const parts: string[] = [];
  for (const t of v as unknown[]) {
    if (typeof t !== 'object' || t === null) return null;
    const { tool_name: name, scopes } = t as { tool_name?: unknown; scopes?: unknown };
    if (typeof name !== 'string') return null;
    const list = Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [];
    parts.push(list.length ? `${name} (${list.join(', ')})` : `${name} (no scopes)`);
  }
  return parts.length ? parts.join('; ') : 'none';
}
