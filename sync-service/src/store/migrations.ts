/**
 * Schema versions shared by both stores: each dialect keeps its own list of migrations (SQL text
 * by version, 1…N), and both lists must reach the same N — the same contract, two spellings. A new
 * table is one more entry in each list. A newer service upgrades an older database when it opens
 * it; an older service refuses a newer database instead of writing rows it does not understand.
 */

export type Migrations = Readonly<Record<number, string>>;

/** The newest version a list of migrations reaches; the versions must be 1…N without gaps. */
export function latestVersion(migrations: Migrations): number {
  const versions = Object.keys(migrations)
    .map(Number)
    .sort((a, b) => a - b);
  versions.forEach((v, i) => {
    if (v !== i + 1) throw new Error(`migrations must be numbered 1…N, found ${versions.join(', ')}`);
  });
  return versions.length;
}

/** The versions to apply to a database at `current`, in order; throws (Russian) on a newer database. */
export function pendingVersions(current: number, migrations: Migrations, where: string): number[] {
  const latest = latestVersion(migrations);
  if (current > latest) {
    throw new Error(
      `${where}: база ${current}-й версии создана более новой версией сервиса (эта знает до ${latest}-й). Обновите сервис или откройте другую базу.`,
    );
  }
  return Array.from({ length: latest - current }, (_, i) => current + i + 1);
}
