"""Make the replication table (README.md) and results.json from the raw run_all.py output in raw/.

usage: /usr/bin/python3 bench/results/engine-vs-brian2-replication/make-table.py [MAIN OTHER...]
Per (N, dt): median run_s of 3 per engine (the peers' `run_s`: loop only, no build / warm-up),
the single-thread floor of ../shared/peers/floor.py (cache-resident: N*steps/U + events/S with
U, S from membw.json), and the ratios. Main table: the first run named; the others only
as ratios, to show the run-to-run spread on this shared machine.
MAIN, OTHER: file names in raw/ (default run-C.jsonl run-B.jsonl run-A.jsonl)
"""
import json
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RAW = os.path.join(HERE, 'raw')
m = json.load(open(os.path.join(RAW, 'membw.json')))
U = m['c_neuron_updates_per_s_N10000']
S = m['c_scatter_events_per_s_N10000']
ENG = {'lsm-ser-cpu-f64': 'f64', 'lsm-ser-cpu-f32': 'f32', 'brian2-cpp_standalone': 'cpp', 'brian2-cython': 'cython'}


def load(name):
    g = {}
    for line in open(os.path.join(RAW, name)):
        r = json.loads(line)
        g.setdefault((r['N'], float(r['dt'])), {}).setdefault(ENG[r['engine']], []).append(r)
    out = {}
    for key, engines in g.items():
        N, dt = key
        sim_s = engines['cpp'][0]['steps'] * dt / 1000.0
        cpp = engines['cpp'][0]
        ev = cpp['rec_events'] + cpp['in_events']
        nu = N * cpp['steps']
        floor = (nu / U + ev / S) / sim_s
        row = {'N': N, 'dt_ms': dt, 'steps': cpp['steps'], 'spikes_brian2': cpp['spikes'], 'events': ev, 'floor_s_per_sim_s': floor}
        for e, rs in engines.items():
            row[e + '_s_per_sim_s'] = statistics.median(r['run_s'] for r in rs) / sim_s
            row[e + '_runs'] = [r['run_s'] for r in rs]
            row[e + '_spikes'] = rs[0]['spikes']
        for e in ('f64', 'f32'):
            row[e + '_vs_cpp'] = row[e + '_s_per_sim_s'] / row['cpp_s_per_sim_s']
            row[e + '_vs_cython'] = row[e + '_s_per_sim_s'] / row['cython_s_per_sim_s']
            row[e + '_vs_floor'] = row[e + '_s_per_sim_s'] / floor
        out[key] = row
    return [out[k] for k in sorted(out, key=lambda k: (-k[1], k[0]))]


names = sys.argv[1:] or ['run-C.jsonl', 'run-B.jsonl', 'run-A.jsonl']
runs = {n: load(n) for n in names}
B = runs[names[0]]
json.dump({'machine': 'Intel(R) Xeon(R) Processor (lscpu model name), 2 cores, shared', 'membw': m, 'main': names[0], 'runs': runs},
          open(os.path.join(HERE, 'results.json'), 'w'), indent=1)
f = lambda x: '%.3g' % x
lines = ['| N | dt (ms) | lsm-ser f64 | lsm-ser f32 | Brian2 cpp_standalone | Brian2 cython | floor | f64 / cpp_standalone | f32 / cpp_standalone | f64 / cython | f64 / floor | f32 / floor | spikes lsm-ser f64 / f32 / Brian2 |',
         '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|']
for r in B:
    lines.append('| %d | %g | %s | %s | %s | %s | %s | %.2f | %.2f | %.2f | %.1f | %.1f | %d / %d / %d |' % (
        r['N'], r['dt_ms'], f(r['f64_s_per_sim_s']), f(r['f32_s_per_sim_s']), f(r['cpp_s_per_sim_s']), f(r['cython_s_per_sim_s']),
        f(r['floor_s_per_sim_s']), r['f64_vs_cpp'], r['f32_vs_cpp'], r['f64_vs_cython'], r['f64_vs_floor'], r['f32_vs_floor'],
        r['f64_spikes'], r['f32_spikes'], r['cpp_spikes']))
for name in names[1:]:
    lines += ['', 'Earlier run %s (see the notes), ratios only:' % name, '',
              '| N | dt (ms) | lsm-ser f64 | Brian2 cpp_standalone | f64 / cpp_standalone | f32 / cpp_standalone | f64 / floor |', '|---:|---:|---:|---:|---:|---:|---:|']
    for r in runs[name]:
        lines.append('| %d | %g | %s | %s | %.2f | %.2f | %.1f |' % (r['N'], r['dt_ms'], f(r['f64_s_per_sim_s']), f(r['cpp_s_per_sim_s']), r['f64_vs_cpp'], r['f32_vs_cpp'], r['f64_vs_floor']))
print('\n'.join(lines))
