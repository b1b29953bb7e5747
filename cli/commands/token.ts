import { createApiToken } from "@/lib/server/auth/tokens";
import type { CliContext } from "../context";
import { note } from "../output";
import type { CliCommand } from "../command";

/** Creates an API token and prints it once; only its hash is stored. */
export async function createToken(ctx: CliContext, name: string): Promise<void> {
  const { token, id } = await createApiToken(ctx.db, name);
  process.stdout.write(`${token}\n`);
  note(`token "${name}" (${id}) created; it is shown only now. Send it as: Authorization: Bearer <token>`);
}

export const tokenCreateCommand: CliCommand = {
  words: ["token", "create"],
  arguments: "",
  positionals: { min: 0, max: 0 },
  summary: "print a new API token for the write endpoints (shown once)",
  options: { name: { type: "string", value: "NAME", description: 'a label for the token (default "cli")' } },
  examples: ["npx spikewatch token create --name trainer-box-1"],
  run: async ({ values }, openContext) =>
    createToken(await openContext(), typeof values.name === "string" ? values.name : "cli"),
};
