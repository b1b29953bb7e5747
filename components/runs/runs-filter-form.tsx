import Form from "next/form";
import { FilterActions, SelectField } from "@/components/ui/form-fields";
import type { RunFilterOptions } from "@/lib/server/runs/list-run-summaries";

export type RunsFilterValues = { regime?: string; model?: string; status?: string };

/** GET form over `/?regime=&model=&status=`, so the URL holds the filter and links can share it. */
export function RunsFilterForm({ options, values }: { options: RunFilterOptions; values: RunsFilterValues }) {
  return (
    <Form action="/" className="flex flex-wrap items-end gap-4" aria-label="Filter runs">
      <div className="w-44">
        <SelectField label="Regime" name="regime" value={values.regime} options={options.regimes} />
      </div>
      <div className="w-64">
        <SelectField label="Model" name="model" value={values.model} options={options.models} />
      </div>
      <div className="w-36">
        <SelectField label="Status" name="status" value={values.status} options={options.statuses} />
      </div>
      <FilterActions resetHref="/" />
    </Form>
  );
}
