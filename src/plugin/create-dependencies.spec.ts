import { goModuleEdges, type GoModule } from './create-dependencies';

const mod = (project: string, root: string, module: string, requires: string[] = [], localReplaces: { path: string; dir: string }[] = []): GoModule => ({
  project,
  root,
  mod: { module, requires, localReplaces },
});

describe('goModuleEdges', () => {
  const api = mod('api', 'services/api', 'example.com/api', ['example.com/lib', 'example.com/util'], [{ path: 'example.com/lib', dir: '../../libs/lib' }]);
  const lib = mod('lib', 'libs/lib', 'example.com/lib');
  const util = mod('util', 'libs/util', 'example.com/util');
  const worker = mod('worker', 'services/worker', 'example.com/worker', ['example.com/util', 'github.com/google/uuid']);
  const lone = mod('lone', 'lone', 'example.com/lone', ['example.com/lib']);

  it('follows local replace directives', () => {
    expect(goModuleEdges([api, lib, util, worker, lone], undefined)).toEqual([{ source: 'api', target: 'lib', file: 'services/api/go.mod' }]);
  });

  it('follows requires between modules that go.work uses, and only those', () => {
    const edges = goModuleEdges([api, lib, util, worker, lone], { uses: ['./services/api', './libs/util', 'services/worker/', './libs/lib'] });
    expect(edges).toEqual([
      { source: 'api', target: 'lib', file: 'services/api/go.mod' },
      { source: 'api', target: 'util', file: 'services/api/go.mod' },
      { source: 'worker', target: 'util', file: 'services/worker/go.mod' },
    ]);
  });

  it('ignores replaces that point outside the projects and self-references', () => {
    const odd = mod('odd', 'odd', 'example.com/odd', [], [
      { path: 'x', dir: '../nowhere' },
      { path: 'example.com/odd', dir: '.' },
    ]);
    expect(goModuleEdges([odd], undefined)).toEqual([]);
  });
});
