// Shared by `npm start`, `npm test` and the benchmarks: prerequisites, builds and child processes.
// Plain JavaScript on purpose: it runs before `npm install` has brought TypeScript tooling.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ENGINE_JAR = path.join(ROOT, 'engine-config/target/tongban-engine.jar');

export class StartError extends Error {}

export function log(msg) {
  process.stdout.write(`[tongban] ${msg}\n`);
}

function commandWorks(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.status === 0;
}

/** Newest modification time of any file under the given paths. */
export function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p))
        if (e !== 'node_modules' && e !== 'dist' && e !== 'target') visit(path.join(p, e));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

const mtime = (p) => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0);

export function ensureNodeModules() {
  const marker = path.join(ROOT, 'node_modules/.package-lock.json');
  if (fs.existsSync(marker) && mtime(marker) >= mtime(path.join(ROOT, 'package-lock.json'))) return;
  log('installing npm dependencies (npm ci) …');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new StartError('npm ci failed; see the output above.');
}

export function ensureJava() {
  if (!commandWorks('java', ['-version'])) {
    throw new StartError(
      'Java was not found. Install a JDK 17 (e.g. `apt-get install openjdk-17-jdk`) and make sure `java` is on the PATH.',
    );
  }
}

export function ensureEngineJar() {
  const sources = newestMtime([path.join(ROOT, 'engine-config/src'), path.join(ROOT, 'engine-config/pom.xml')]);
  if (fs.existsSync(ENGINE_JAR) && mtime(ENGINE_JAR) >= sources) return;
  if (!commandWorks('mvn', ['-v'])) {
    throw new StartError(
      'Maven was not found. Install Maven 3.8+ (e.g. `apt-get install maven`) so the engine can be built.',
    );
  }
  log('building the engine (Camunda 7.24 on Spring Boot) with Maven; the first build downloads dependencies …');
  const r = spawnSync('mvn', ['-q', '-B', '-f', path.join(ROOT, 'engine-config/pom.xml'), 'package', '-DskipTests'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new StartError('the engine build failed; see the Maven output above.');
  fs.utimesSync(ENGINE_JAR, new Date(), new Date());
}

export function ensureWebBuild() {
  const index = path.join(ROOT, 'web/dist/index.html');
  const sources = newestMtime([path.join(ROOT, 'web'), path.join(ROOT, 'contracts/src')]);
  if (fs.existsSync(index) && mtime(index) >= sources) return;
  log('building the console (vite) …');
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) throw new StartError('the console build failed; see the output above.');
}

/** The worker token shared by API and workers; generated once per data folder, never committed. */
export function workerToken(dataDir) {
  const file = path.join(dataDir, 'worker-token');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(24).toString('base64url'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

export function portFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

export async function ensurePortFree(port, what, variable) {
  if (!(await portFree(port))) {
    throw new StartError(
      `port ${port} (${what}) is already in use. Stop what uses it, or choose another port with ${variable}=<port>.`,
    );
  }
}

export async function waitFor(check, { timeoutMs, what, child }) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child && child.exitCode !== null)
      throw new StartError(`${what} exited (code ${child.exitCode}) before it was ready; see its log.`);
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new StartError(`${what} did not become ready within ${Math.round(timeoutMs / 1000)} s.`);
}

export function engineUp(engineUrl, user, password) {
  return fetch(`${engineUrl}/version`, {
    headers: { Authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64') },
    signal: AbortSignal.timeout(2000),
  }).then((r) => r.ok);
}

/**
 * Starts a child whose output goes to a log file (and, prefixed, to the console when `echo`).
 * Returns the ChildProcess.
 */
export function startChild(name, cmd, args, { env, logFile, echo = false, cwd = ROOT }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.createWriteStream(logFile, { flags: 'a' });
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
  });
  const relay = (chunk) => {
    out.write(chunk);
    if (echo)
      for (const line of chunk.toString().split('\n')) if (line.trim()) process.stdout.write(`[${name}] ${line}\n`);
  };
  child.stdout.on('data', relay);
  child.stderr.on('data', relay);
  child.on('exit', () => out.end());
  return child;
}

export function stopChild(child, timeoutMs = 20000) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode) return resolve();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The JVM options of the engine: heap capped, UTF-8. */
export function engineJavaArgs(heap = process.env.ENGINE_HEAP || '512m') {
  return [`-Xmx${heap}`, '-XX:+UseSerialGC', '-Dfile.encoding=UTF-8', '-jar', ENGINE_JAR];
}
