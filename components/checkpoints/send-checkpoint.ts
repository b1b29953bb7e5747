export type ApiError = { status: number; code: string; message: string; issues?: { path: string; message: string }[] };
export type UploadResult = { ok: true; checkpointId: string; jobId: string } | { ok: false; error: ApiError };
export type UploadRequest = {
  runId: string;
  token: string;
  step: number;
  parts: readonly { part: string; file: Blob }[];
  onProgress: (sent: number, total: number) => void;
};

/**
 * Posts a checkpoint as multipart/form-data with XMLHttpRequest, which (unlike fetch) reports bytes
 * sent. Every outcome resolves: the API's JSON error, a network failure or a cancel become `ApiError`.
 */
export function sendCheckpoint(request: UploadRequest): { result: Promise<UploadResult>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const form = new FormData();
  form.append("step", String(request.step));
  for (const { part, file } of request.parts) form.append(part, file, part);

  const result = new Promise<UploadResult>((resolve) => {
    xhr.upload.onprogress = (e) => request.onProgress(e.loaded, e.lengthComputable ? e.total : e.loaded);
    xhr.onload = () => resolve(readResponse(xhr));
    xhr.onerror = () =>
      resolve({
        ok: false,
        error: {
          status: 0,
          code: "NETWORK",
          message: "The upload broke off: the network failed or the server closed the connection.",
        },
      });
    xhr.onabort = () => resolve({ ok: false, error: { status: 0, code: "CANCELLED", message: "Upload cancelled." } });
  });
  xhr.open("POST", `/api/runs/${encodeURIComponent(request.runId)}/checkpoints`);
  if (request.token.trim() !== "") xhr.setRequestHeader("Authorization", `Bearer ${request.token.trim()}`);
  xhr.setRequestHeader("Accept", "application/json");
  xhr.send(form);
  return { result, abort: () => xhr.abort() };
}

function readResponse(xhr: XMLHttpRequest): UploadResult {
  let body: unknown = null;
  try {
    body = JSON.parse(xhr.responseText);
  } catch {
    // not JSON (e.g. a proxy's error page): reported below by status
  }
  if (xhr.status === 202 && body && typeof body === "object" && "checkpointId" in body) {
    const { checkpointId, jobId } = body as { checkpointId: string; jobId: string };
    return { ok: true, checkpointId, jobId };
  }
  const error = (body as { error?: Partial<ApiError> } | null)?.error;
  return {
    ok: false,
    error: {
      status: xhr.status,
      code: error?.code ?? `HTTP_${xhr.status}`,
      message: error?.message ?? `The server answered ${xhr.status} ${xhr.statusText || ""}`.trim(),
      ...(Array.isArray(error?.issues) ? { issues: error.issues } : {}),
    },
  };
}
