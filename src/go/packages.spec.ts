import { packageProblems, parseGoList } from './packages';

const listed = `{
	"ImportPath": "./nomatch/...",
	"Error": {
		"ImportStack": [],
		"Pos": "",
		"Err": "pattern ./nomatch/...: lstat ./nomatch/: no such file or directory"
	}
}
{
	"Dir": "/ws/svc/hash",
	"ImportPath": "example.com/svc/hash"
}
{
	"Dir": "/ws/svc/broken",
	"ImportPath": "example.com/svc/broken",
	"Error": { "Err": "expected ';', found x" }
}
`;

describe('go list output', () => {
  it('splits the stream of objects', () => {
    expect(parseGoList(listed).map((p) => p.ImportPath)).toEqual([
      './nomatch/...',
      'example.com/svc/hash',
      'example.com/svc/broken',
    ]);
    expect(parseGoList('')).toEqual([]);
  });

  it('reports patterns that match nothing, and leaves errors inside packages to go test', () => {
    const stderr = 'go: warning: "./empty/..." matched no packages\n';
    expect(packageProblems(['./nomatch/...', './empty/...', './...'], parseGoList(listed), stderr)).toEqual([
      './nomatch/...: pattern ./nomatch/...: lstat ./nomatch/: no such file or directory',
      './empty/...: matched no packages',
    ]);
  });
});
