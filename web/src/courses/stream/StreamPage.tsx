import { useInfiniteQuery } from "@tanstack/react-query";
import { announcementsQuery } from "../../api/stream";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { Empty, Loading, PageHeading } from "../../ui/Page";
import { useCourse, useCourseId } from "../CourseLayout";
import { AnnouncementCard } from "./AnnouncementCard";
import { flatten } from "./model";
import { useMemberNames } from "../../api/members";
import { PostForm } from "./PostForm";

/** A course's Stream: its announcements, newest first, older ones a page at a time. */
export default function StreamPage() {
  const courseId = useCourseId();
  const { course, teacher } = useCourse();
  const { nameOf } = useMemberNames(courseId);
  const list = useInfiniteQuery(announcementsQuery(courseId));
  const writable = course.state === "ACTIVE";
  const items = flatten(list.data);

  return (
    <section className="stream">
      <PageHeading title={`${course.name}: Stream`}>Stream</PageHeading>
      {writable ? <PostForm courseId={courseId} /> : null}
      {list.isPending ? (
        <Loading what="announcements" />
      ) : list.isError && !list.data ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Empty>No announcements yet.</Empty>
      ) : (
        <ul className="plain-list" aria-label="Announcements">
          {items.map((item) => (
            <li key={item.id}>
              <AnnouncementCard
                announcement={item}
                nameOf={nameOf}
                teacher={teacher}
                writable={writable}
                level={2}
                commentsOpen={false}
              />
            </li>
          ))}
        </ul>
      )}
      {list.isFetchNextPageError ? <ErrorNotice error={list.error} onRetry={() => void list.fetchNextPage()} /> : null}
      {list.hasNextPage ? (
        <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? "Loading older announcements…" : "Show older"}
        </button>
      ) : null}
    </section>
  );
}
