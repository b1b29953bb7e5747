import { createApiToken } from "@/lib/server/auth/tokens";
import type { CliContext } from "../context";
import { note } from "../output";

/** Creates an API token and prints it once; only its hash is stored. */
export async function createToken(ctx: CliContext, name: string): Promise<void> {
  const { token, id } = await createApiToken(ctx.db, name);
  process.stdout.write(`${token}\n`);
  note(`token "${name}" (${id}) created; it is shown only now. Send it as: Authorization: Bearer <token>`);
}
