import { loadConfig } from '../config.js';
import { createDb } from '../db/knex.js';
import { migrateLatest } from '../db/migrate.js';
import { assertPasswordPolicy, hashPassword } from '../modules/auth/index.js';

/**
 * `npm run admin:create -- <username> "<name>" [roles]`: the first administrator of an installation
 * without demo data (PostgreSQL, production). The password comes from TONGBAN_ADMIN_PASSWORD, never
 * from the command line. Roles default to sysadmin,secadmin; with the embedded database stop the
 * API first (one process per data folder).
 */
const [username, name, roles = 'sysadmin,secadmin'] = process.argv.slice(2);
const password = loadConfig().adminPassword;
if (!username || !name || !/^[A-Za-z0-9_.-]{3,64}$/.test(username)) {
  console.error('usage: TONGBAN_ADMIN_PASSWORD=… npm run admin:create -- <username> "<name>" [sysadmin,secadmin]');
  process.exit(2);
}
if (!password) {
  console.error('set TONGBAN_ADMIN_PASSWORD to the new administrator’s password');
  process.exit(2);
}
const wanted = roles.split(',').map((r) => r.trim());
const allowed = ['sysadmin', 'secadmin', 'auditadmin'];
if (wanted.some((r) => !allowed.includes(r))) {
  console.error(`roles must be among ${allowed.join(', ')}`);
  process.exit(2);
}
try {
  assertPasswordPolicy(password, username);
} catch (err) {
  console.error(`password refused: ${JSON.stringify((err as { details?: unknown }).details)}`);
  process.exit(2);
}

const db = createDb(loadConfig().db);
try {
  await migrateLatest(db);
  if (await db('users').where({ username }).first('id')) {
    console.error(`user ${username} exists already`);
    process.exitCode = 1;
  } else {
    const passwordHash = await hashPassword(password);
    await db.transaction(async (trx) => {
      const [row] = await trx('users')
        .insert({ username, name, kind: 'staff', password_hash: passwordHash })
        .returning('id');
      await trx('user_roles').insert(wanted.map((role_code) => ({ user_id: (row as { id: string }).id, role_code })));
    });
    console.log(`created ${username} with roles ${wanted.join(', ')}`);
  }
} finally {
  await db.destroy();
}
