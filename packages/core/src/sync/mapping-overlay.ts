/**
 * Settings over a CRM mapping (a workspace's over the org-wide one): a value given replaces the
 * base's, except under `mergedKeys` (extra fields, renames), where the settings' entries are added to
 * the base's key by key.
 */
export function overlayMapping<M extends object>(
  base: M,
  settings: Partial<M> | undefined,
  mergedKeys: readonly (keyof M)[],
): M {
  if (!settings) return base;
  const out: M = { ...base, ...settings };
  for (const key of mergedKeys) {
    const fromBase = base[key] as object | undefined;
    const fromSettings = settings[key] as object | undefined;
    if (fromBase || fromSettings) out[key] = { ...fromBase, ...fromSettings } as M[keyof M];
  }
  return out;
}
