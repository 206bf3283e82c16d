import { directives, parseGoMod, parseGoWork } from './go-mod';

describe('go.mod and go.work parsing', () => {
  it('reads module, requires and local replaces, in blocks and single lines', () => {
    const mod = parseGoMod(`// leading comment
module example.com/svc // trailing comment

go 1.24

require example.com/lib v0.0.0
require (
	github.com/google/uuid v1.6.0
	example.com/shared v1.2.3 // indirect
)

replace example.com/lib => ../lib
replace (
	example.com/shared v1.2.3 => "../shared libs/shared"
	github.com/google/uuid => github.com/fork/uuid v1.6.1
)
`);
    expect(mod).toEqual({
      module: 'example.com/svc',
      requires: ['example.com/lib', 'github.com/google/uuid', 'example.com/shared'],
      localReplaces: [
        { path: 'example.com/lib', dir: '../lib' },
        { path: 'example.com/shared', dir: '../shared libs/shared' },
      ],
    });
  });

  it('reads go.work use directives', () => {
    expect(parseGoWork('go 1.24\n\nuse ./a\nuse (\n\t./b\n\t"./c d" // quoted\n)\n')).toEqual({ uses: ['./a', './b', './c d'] });
  });

  it('keeps raw strings and drops comments', () => {
    expect(directives('module `ex.com/m` // c\n')).toEqual([['module', ['ex.com/m']]]);
  });
});
