import { ApiError, type FieldError } from "../api/http";

/** A form's errors: one message per input it has, and the rest for the form itself. */
export interface FormErrors {
  fields: Record<string, string>;
  others: FieldError[];
}

/**
 * Puts each 422 field error next to its input. A service names a field by its
 * path in the request ("materials[1].url"); an input is known by that path or
 * by a prefix of it ("materials[1]", "materials"), so an error about a part of
 * a list lands on the input that edits it. Errors that match no input are
 * shown with the form, never dropped.
 */
export function mapFieldErrors(error: unknown, inputs: readonly string[]): FormErrors {
  const result: FormErrors = { fields: {}, others: [] };
  if (!(error instanceof ApiError)) {
    return result;
  }
  for (const item of error.fieldErrors) {
    const input = closestInput(item.field, inputs);
    if (input === null) {
      result.others.push(item);
    } else if (result.fields[input] === undefined) {
      result.fields[input] = item.message;
    } else {
      result.fields[input] += `; ${item.message}`;
    }
  }
  return result;
}

function closestInput(field: string, inputs: readonly string[]): string | null {
  let path = field.replace(/^\//, "").replace(/\//g, ".");
  for (;;) {
    if (inputs.includes(path)) {
      return path;
    }
    const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
    if (cut <= 0) {
      return null;
    }
    path = path.slice(0, cut);
  }
}
