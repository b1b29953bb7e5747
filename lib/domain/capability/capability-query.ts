import { z } from "zod";

/** `GET /api/checkpoints/:id/capability?probe=NAME&token=TEXT_OR_ID` */
export const CapabilityQuerySchema = z.object({
  probe: z.string().min(1).max(100),
  /** a tracked token's text (`<|im_end|>`) or id (`151645`); default: the checkpoint's spike token for the probe */
  token: z.string().min(1).max(100).optional(),
});
export type CapabilityQuery = z.infer<typeof CapabilityQuerySchema>;
