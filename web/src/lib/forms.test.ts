import { describe, expect, it } from "vitest";
import { ApiError } from "../api/http";
import { mapFieldErrors } from "./forms";

function unprocessable(errors: { field: string; message: string }[]) {
  return new ApiError(422, { type: "/problems/invalid-fields", title: "Invalid fields", status: 422, errors }, null);
}

describe("mapFieldErrors", () => {
  it("puts each error next to the input of the same name", () => {
    const result = mapFieldErrors(
      unprocessable([
        { field: "email", message: "is not an e-mail address" },
        { field: "password", message: "must have at least 8 characters" },
      ]),
      ["email", "password", "displayName"],
    );
    expect(result.fields).toEqual({
      email: "is not an e-mail address",
      password: "must have at least 8 characters",
    });
    expect(result.others).toEqual([]);
  });

  it("puts an error about a part of a list on the input that edits it", () => {
    const result = mapFieldErrors(unprocessable([{ field: "materials[1].url", message: "is not a URL" }]), [
      "title",
      "materials",
    ]);
    expect(result.fields).toEqual({ materials: "is not a URL" });
  });

  it("prefers the most precise input", () => {
    const result = mapFieldErrors(unprocessable([{ field: "materials[1].url", message: "is not a URL" }]), [
      "materials",
      "materials[1].url",
    ]);
    expect(result.fields).toEqual({ "materials[1].url": "is not a URL" });
  });

  it("keeps errors that match no input for the form", () => {
    const result = mapFieldErrors(unprocessable([{ field: "scheduledAt", message: "must be in the future" }]), [
      "title",
    ]);
    expect(result.fields).toEqual({});
    expect(result.others).toEqual([{ field: "scheduledAt", message: "must be in the future" }]);
  });

  it("joins two errors of one input", () => {
    const result = mapFieldErrors(
      unprocessable([
        { field: "name", message: "is required" },
        { field: "name", message: "has a control character" },
      ]),
      ["name"],
    );
    expect(result.fields.name).toBe("is required; has a control character");
  });

  it("reads JSON-pointer field names too", () => {
    const result = mapFieldErrors(unprocessable([{ field: "/sections/0/title", message: "is empty" }]), [
      "sections[0]",
      "sections",
    ]);
    expect(result.fields).toEqual({ sections: "is empty" });
  });

  it("gives nothing for errors that are not a service's answer", () => {
    expect(mapFieldErrors(new Error("boom"), ["email"])).toEqual({ fields: {}, others: [] });
  });
});
