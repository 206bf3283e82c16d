import { projectNames } from './project-names';

describe('projectNames', () => {
  it.each<[{ root: string; modulePath: string }[], string[]]>([
    [[{ root: 'services/billing', modulePath: 'example.com/acme/billing' }], ['billing']],
    [[{ root: 'sdk', modulePath: 'example.com/acme/sdk/v2' }], ['sdk-v2']],
    [[{ root: 'tool', modulePath: 'tool' }], ['tool']],
    [[{ root: 'x/y', modulePath: '' }], ['y']],
    [
      [
        { root: 'a', modulePath: 'example.com/acme/billing' },
        { root: 'b', modulePath: 'example.com/legacy/billing' },
        { root: 'c', modulePath: 'example.com/acme/api' },
      ],
      ['acme-billing', 'legacy-billing', 'api'],
    ],
    [
      [
        { root: 'a', modulePath: 'example.com/billing' },
        { root: 'b', modulePath: 'billing' },
      ],
      ['example.com-billing', 'billing'],
    ],
  ])('%j', (modules, expected) => {
    const names = projectNames(modules);
    expect(modules.map((m) => names.get(m.root))).toEqual(expected);
  });
});
