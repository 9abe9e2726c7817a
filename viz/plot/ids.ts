/**
 * Ids that depend on the figure only. The views number their ids from a
 * counter of the page (views/common/svg.ts nextId: unique when a page draws
 * a view several times), so the same figure drawn second gets other numbers.
 * Here every id is renumbered in document order within the figure, and
 * every reference to it (aria-labelledby, aria-describedby, url(#…), href
 * #…) follows: the same data gives the same bytes whatever was drawn before.
 * The browser test applies it to the app's export too.
 */
const REFERENCING = ['aria-labelledby', 'aria-describedby', 'clip-path', 'mask', 'filter', 'fill', 'stroke', 'href', 'xlink:href', 'marker-start', 'marker-mid', 'marker-end'];

export function stableIds(root: Element): void {
  const renamed = new Map<string, string>();
  const withId = [root, ...root.querySelectorAll('[id]')].filter((e) => e.hasAttribute('id'));
  withId.forEach((e, i) => {
    const old = e.getAttribute('id')!;
    const name = `${old.replace(/-\d+$/, '')}-${i + 1}`;
    renamed.set(old, name);
    e.setAttribute('id', name);
  });
  if (renamed.size === 0) return;
  const rename = (id: string) => renamed.get(id) ?? id;
  for (const e of [root, ...root.querySelectorAll('*')]) {
    for (const attr of REFERENCING) {
      const value = e.getAttribute(attr);
      if (value === null) continue;
      let next = value;
      if (attr.startsWith('aria-')) next = value.split(/\s+/).map(rename).join(' ');
      else if (attr.endsWith('href')) next = value.startsWith('#') ? `#${rename(value.slice(1))}` : value;
      else next = value.replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${rename(id)})`);
      if (next !== value) e.setAttribute(attr, next);
    }
  }
}
