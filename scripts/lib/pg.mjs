// Creates and drops a throw-away PostgreSQL database for a test run (needs the `pg` package).
import pgLib from 'pg';

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function createTestDatabase(baseUrl) {
  const admin = new URL(baseUrl || DEFAULT_ADMIN_URL);
  const name = `tongban_test_${process.pid}_${Date.now().toString(36)}`;
  const adminUrl = new URL(admin);
  adminUrl.pathname = '/postgres';
  const client = new pgLib.Client({ connectionString: adminUrl.toString() });
  try {
    await client.connect();
  } catch (err) {
    throw Object.assign(
      new Error(`PostgreSQL is not reachable at ${adminUrl.host}: ${err.message}. Start it, or set TEST_DATABASE_URL.`),
      { name: 'StartError' },
    );
  }
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = new pgLib.Client({ connectionString: adminUrl.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export default { createTestDatabase };
