import { useMutation } from "@tanstack/react-query";
import { grades } from "../../api/grades";
import { fileNameFor, saveFile } from "../../lib/download";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { useCourse, useCourseId } from "../CourseLayout";

/** The gradebook as a CSV file, named after the course, for a spreadsheet. */
export function DownloadCsv() {
  const courseId = useCourseId();
  const { course } = useCourse();
  const download = useMutation({
    mutationFn: async () => {
      const answer = await grades.csv(courseId);
      const name = fileNameFor(course.name, "grades", "csv");
      saveFile(answer.data, name, "text/csv;charset=utf-8");
      return name;
    },
  });
  return (
    <div className="gradebook-tools">
      <button type="button" onClick={() => download.mutate()} disabled={download.isPending}>
        Download CSV
      </button>
      <p role="status" className="muted">
        {download.isPending ? "Preparing the file…" : download.isSuccess ? `Downloaded ${download.data}.` : ""}
      </p>
      {download.isError ? <ErrorNotice error={download.error} onRetry={() => download.mutate()} /> : null}
    </div>
  );
}
