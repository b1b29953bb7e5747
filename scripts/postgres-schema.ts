/**
 * The PostgreSQL schema is the SQLite one with another datasource provider and client output, so
 * both databases share one model definition. Pure text transform, unit-tested.
 */
export function postgresSchemaFrom(sqliteSchema: string): string {
  const header = "// GENERATED from prisma/schema.prisma by `npm run db:generate`. Do not edit.\n";
  const body = sqliteSchema
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(
      'output     = "../node_modules/@spikewatch/prisma-sqlite"',
      'output     = "../../node_modules/@spikewatch/prisma-postgres"',
    );
  if (body === sqliteSchema) throw new Error("prisma/schema.prisma no longer has the expected datasource/output lines");
  return header + body;
}
