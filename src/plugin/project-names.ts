/**
 * Names projects after their Go module paths: the last path element
 * (`example.com/acme/billing` is `billing`), with a major version suffix
 * kept (`example.com/acme/sdk/v2` is `sdk-v2`). Modules whose names would
 * collide take more trailing elements (`acme-billing`, `legacy-billing`);
 * a module without a module line is named after its folder.
 */
export function projectNames(modules: { root: string; modulePath: string }[]): Map<string, string> {
  const elements = modules.map((m) => {
    const parts = (m.modulePath || m.root).split('/').filter((p) => p !== '' && p !== '.');
    const last = parts[parts.length - 1] ?? 'go';
    if (/^v\d+$/.test(last) && parts.length > 1) {
      return [...parts.slice(0, -2), `${parts[parts.length - 2]}-${last}`];
    }
    return parts;
  });
  const depth = modules.map(() => 1);
  const nameOf = (i: number) => elements[i].slice(-depth[i]).join('-').replace(/[^\w.-]+/g, '-');
  for (let round = 0; round < 64; round++) {
    const byName = new Map<string, number[]>();
    modules.forEach((_, i) => byName.set(nameOf(i), [...(byName.get(nameOf(i)) ?? []), i]));
    const clashes = [...byName.values()].filter((group) => group.length > 1);
    let grew = false;
    for (const group of clashes) {
      for (const i of group) {
        if (depth[i] < elements[i].length) {
          depth[i]++;
          grew = true;
        }
      }
    }
    if (!grew) break;
  }
  return new Map(modules.map((m, i) => [m.root, nameOf(i)]));
}
