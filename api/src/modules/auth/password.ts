import bcrypt from 'bcryptjs';
import { passwordProblems } from '@tongban/contracts';
import { AppError } from '../../errors.js';

const COST = 10;

export const hashPassword = (plain: string): Promise<string> => bcrypt.hash(plain, COST);
export const verifyPassword = (plain: string, hash: string): Promise<boolean> => bcrypt.compare(plain, hash);

/** A hash of a random string, compared against when the user does not exist (same timing). */
export const DUMMY_HASH = bcrypt.hashSync('not-a-real-password-Tongban', COST);

/** Throws PASSWORD_POLICY (422) naming every rule the password breaks (DOMAIN.md §7). */
export function assertPasswordPolicy(password: string, username?: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length > 0)
    throw new AppError('PASSWORD_POLICY', '密码不符合安全策略', { password: problems.join('; ') });
}
