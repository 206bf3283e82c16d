/** Options of the `bench` executor, as written in project.json or on the nx command line. */
export interface BenchExecutorOptions {
  /** Regular expression selecting benchmarks, as `go test -bench`. Default `.`. */
  bench?: string | number;
  /** Go duration or `Nx` iteration count, as `go test -benchtime`. Default `1s`. */
  benchtime?: string;
  /** Wall time one benchmark may take, setup included (Go duration, `0` for none). Default: 3 × a duration benchtime, 1s at least. */
  maxTime?: string | number;
  /** Runs of each benchmark, as `go test -count`. Default 1. */
  count?: number;
  /** GOMAXPROCS values, as `go test -cpu`: a list, one number or "1,2,4". */
  cpu?: number[] | number | string;
  /** Build tags, as `go test -tags`: a list or "a,b". */
  tags?: string[] | string;
  /** Test binary time limit, as `go test -timeout`. Default `10m`. */
  timeout?: string | number;
  /** Report allocations, as `go test -benchmem`. */
  benchmem?: boolean;
  /** Set testing.Short(), as `go test -short`. */
  short?: boolean;
  /** Stop at the first failure, as `go test -failfast`. */
  failfast?: boolean;
  /** Only `^$` is accepted: tests never run. */
  run?: string;
  /** Package patterns relative to the project root. Default `["./..."]`. */
  packages?: string[] | string;
  /** Measurement mode. Default: CODSPEED_RUNNER_MODE, else `walltime`. */
  mode?: 'walltime' | 'simulation' | 'instrumentation' | 'memory';
  /** Folder for results/<pid>.json and benchfmt/<pid>.txt, relative to the workspace root. Default: CODSPEED_PROFILE_FOLDER, else `dist/go-bench`. */
  profileFolder?: string;
  /** How many earlier runs `<profileFolder>/history/` keeps. Default 20; 0 keeps none. */
  historyLimit?: number;
  /** Hermetic cache folder. Default: NX_GO_BENCH_CACHE_DIR, else the user cache folder. */
  cacheDir?: string;
  /** Extra environment variables for go and the benchmarks. */
  env?: Record<string, string | number | boolean>;
  /** Extra go test flags: a list, or one string split as a shell splits words. */
  args?: string[] | string;
  /** Results to compare the run with when it ends: a results file, a profile folder or Go benchmark text, relative to the workspace root. */
  baseline?: string;
  /** A regression is a slowdown by more than this many percent. Default 5 for walltime, 1 for simulation and memory. */
  threshold?: number | string;
  /** Fail the task when a benchmark regressed against the baseline. */
  failOnRegression?: boolean;
}
