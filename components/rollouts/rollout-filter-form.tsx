import Form from "next/form";
import { FilterActions, NumberField, SelectField } from "@/components/ui/form-fields";
import { FAILURE_KINDS, STRUCTURAL_STATES } from "@/lib/domain/classifier/types";
import { SPLITS } from "@/lib/domain/ingest/schemas";
import type { RolloutBrowserParams } from "@/lib/domain/query/page-queries";

/** GET form over `?step=&split=&state=&failure=`; submitting starts again at the first page. */
export function RolloutFilterForm({ basePath, values }: { basePath: string; values: RolloutBrowserParams }) {
  return (
    <Form action={basePath} className="flex flex-wrap items-end gap-4" aria-label="Filter rollouts">
      <NumberField label="Step" name="step" value={values.step} placeholder="any" />
      <div className="w-28">
        <SelectField label="Split" name="split" value={values.split} options={SPLITS} />
      </div>
      <div className="w-44">
        <SelectField label="State (any turn)" name="state" value={values.state} options={STRUCTURAL_STATES} />
      </div>
      <div className="w-52">
        <SelectField label="Failure kind" name="failure" value={values.failure} options={FAILURE_KINDS} />
      </div>
      <FilterActions resetHref={basePath} />
    </Form>
  );
}
